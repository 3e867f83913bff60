package storetest

import (
	"cmp"
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"postcrm"
	"postcrm/sqlstore"
)

// The scoping data: the fixtures' offices in two cities, plus a customer
// in office 13010001 owned by 李娜 (S1003), a courier of the other office
// 13010002, so that a courier's scope is what they own, not their office.
var scopedCustomer = postcrm.Customer{Code: "KH0004", Name: "石家庄长安超市", OfficeCode: "13010001", OwnerStaffID: "S1003",
	ContractDate: 20230901, Industry: "零售", ContactName: "吴店长", ContactPhone: "13900000004", Status: postcrm.StatusActive}

var scopedCodes = []string{"KH0001", "KH0002", "KH0003", "KH0004"}

// scopedSenders send in March and April 2024: sender i sends i+1 items a
// month, each for 100·(i+1) yuan plus the month's number in fen, so that
// every sum tells which items it counted.
var scopedSenders = []struct{ customer, phone, office, courier string }{
	{"KH0001", "", "13010001", "S1001"},
	{"KH0002", "", "13010002", "S1003"},
	{"KH0003", "", "13020001", "S2001"},
	{"KH0004", "", "13010001", "S1001"}, // accepted by another courier than its owner
	{"", "13700000001", "13010001", "S1001"},
	{"", "13700000002", "13020002", "S2002"},
}

const april = 202404

func scopedWaybills() []postcrm.Waybill {
	var ws []postcrm.Waybill
	for m, month := range []int{3, 4} {
		for i, snd := range scopedSenders {
			for k := range i + 1 {
				ws = append(ws, postcrm.Waybill{
					No:         waybillNo(len(ws)),
					AcceptedAt: day0.AddDate(0, m, 2*k+i).Add(9*time.Hour + time.Duration(i)*time.Minute),
					OfficeCode: snd.office, CourierStaffID: snd.courier, CustomerCode: snd.customer, SenderPhone: snd.phone,
					Product: "标准快递", WeightG: 500, PostageFen: int64(10000*(i+1) + month),
					Payment: postcrm.PaymentMonthly, Channel: postcrm.ChannelPickup,
				})
			}
		}
	}
	return ws
}

// scopedWarnings are April's, by revenue at risk, then two of March: one
// of KH0004 raised when 张伟 (S1001) still owned it.
var scopedWarnings = []postcrm.Warning{
	{Month: april, Kind: postcrm.WarnChurn, CustomerCode: "KH0002", OfficeCode: "13010002", RevenueAtRiskFen: 80000, Reason: "疑似流失"},
	{Month: april, Kind: postcrm.WarnDecline, CustomerCode: "KH0001", OfficeCode: "13010001", OwnerStaffID: "S1001", RevenueAtRiskFen: 50000, Reason: "发件量下滑"},
	{Month: april, Kind: postcrm.WarnDecline, CustomerCode: "KH0003", OfficeCode: "13020001", OwnerStaffID: "S2001", RevenueAtRiskFen: 30000, Reason: "发件量下滑"},
	{Month: april, Kind: postcrm.WarnDecline, CustomerCode: "KH0004", OfficeCode: "13010001", OwnerStaffID: "S1003", RevenueAtRiskFen: 20000, Reason: "发件量下滑"},
	{Month: april, Kind: postcrm.WarnWalkinChurn, SenderPhone: "13700000001", OfficeCode: "13010001", RevenueAtRiskFen: 10000, Reason: "高价值散户疑似流失"},
	{Month: april, Kind: postcrm.WarnWalkinChurn, SenderPhone: "13700000002", OfficeCode: "13020002", RevenueAtRiskFen: 5000, Reason: "高价值散户疑似流失"},
	{Month: 202403, Kind: postcrm.WarnDecline, CustomerCode: "KH0001", OfficeCode: "13010001", OwnerStaffID: "S1001", RevenueAtRiskFen: 40000, Reason: "三月下滑"},
	{Month: 202403, Kind: postcrm.WarnDecline, CustomerCode: "KH0004", OfficeCode: "13010001", OwnerStaffID: "S1001", RevenueAtRiskFen: 15000, Reason: "三月下滑，原管户人"},
}

// scopedWalkins are April's scores; by value: …01, …02, …03.
var scopedWalkins = []postcrm.WalkinScore{
	{Month: april, Phone: "13700000001", OfficeCode: "13010001", Frequency: 5, RecencyDays: 40, TDays: 45, PAlive: 0.25, CLV12mFen: 9000},
	{Month: april, Phone: "13700000002", OfficeCode: "13020002", Frequency: 3, RecencyDays: 30, TDays: 45, PAlive: 0.5, CLV12mFen: 8000},
	{Month: april, Phone: "13700000003", OfficeCode: "13010002", Frequency: 2, RecencyDays: 20, TDays: 45, PAlive: 0.75, CLV12mFen: 7000},
}

// applyScoped stores the scoping data and an account for each user
// name, and returns the waybills it stored.
func applyScoped(t *testing.T, s *sqlstore.Store, users ...string) []postcrm.Waybill {
	t.Helper()
	ctx := context.Background()
	applyFixtures(t, s)
	apply(t, s, postcrm.Batch{Kind: postcrm.KindCustomers, Customers: []postcrm.Customer{scopedCustomer}})
	ws := scopedWaybills()
	apply(t, s, postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: ws})
	for _, month := range []postcrm.Month{april, 202403} {
		var of []postcrm.Warning
		for _, w := range scopedWarnings {
			if w.Month == month {
				of = append(of, w)
			}
		}
		if err := s.SaveWarnings(ctx, month, analysisKinds, of); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SaveWalkinScores(ctx, april, scopedWalkins); err != nil {
		t.Fatal(err)
	}
	for _, name := range users {
		if err := s.CreateUser(ctx, postcrm.User{Name: name, PasswordHash: "h"}); err != nil {
			t.Fatal(err)
		}
	}
	return ws
}

// warningKey is a warning's customer code or walk-in phone.
func warningKey(w postcrm.Warning) string { return w.CustomerCode + w.SenderPhone }

// scopeCase is what one user sees.
type scopeCase struct {
	user      string
	warnings  []string // April's, by revenue at risk
	march     []string // March's warnings it may open
	customers []string
	walkins   []string // April's, by value
	offices   []string
	counted   func(postcrm.Waybill) bool // the items MonthTotals sums
}

// opens reports whether the user may open warning w.
func (c scopeCase) opens(w postcrm.Warning) bool {
	if w.Month == april {
		return slices.Contains(c.warnings, warningKey(w))
	}
	return slices.Contains(c.march, warningKey(w))
}

func officeIn(codes ...string) func(postcrm.Waybill) bool {
	return func(w postcrm.Waybill) bool { return slices.Contains(codes, w.OfficeCode) }
}

func customerIn(codes ...string) func(postcrm.Waybill) bool {
	return func(w postcrm.Waybill) bool { return slices.Contains(codes, w.CustomerCode) }
}

var scopeCases = []scopeCase{
	{user: "P0001", // province marketing
		warnings:  []string{"KH0002", "KH0001", "KH0003", "KH0004", "13700000001", "13700000002"},
		march:     []string{"KH0001", "KH0004"},
		customers: scopedCodes,
		walkins:   []string{"13700000001", "13700000002", "13700000003"},
		offices:   []string{"13010001", "13010002", "13020001", "13020002"},
		counted:   func(postcrm.Waybill) bool { return true }},
	{user: "C0101", // 石家庄 city manager
		warnings:  []string{"KH0002", "KH0001", "KH0004", "13700000001"},
		march:     []string{"KH0001", "KH0004"},
		customers: []string{"KH0001", "KH0002", "KH0004"},
		walkins:   []string{"13700000001", "13700000003"},
		offices:   []string{"13010001", "13010002"},
		counted:   officeIn("13010001", "13010002")},
	{user: "S1002", // office manager of 13010001
		warnings:  []string{"KH0001", "KH0004", "13700000001"},
		march:     []string{"KH0001", "KH0004"},
		customers: []string{"KH0001", "KH0004"},
		walkins:   []string{"13700000001"},
		offices:   []string{"13010001"},
		counted:   officeIn("13010001")},
	{user: "S1001", // courier of 13010001 owning KH0001, formerly KH0004
		warnings:  []string{"KH0001"},
		march:     []string{"KH0001", "KH0004"},
		customers: []string{"KH0001"},
		offices:   []string{"13010001"},
		counted:   customerIn("KH0001")},
	{user: "S1003", // courier of 13010002 owning KH0004 in 13010001
		warnings:  []string{"KH0004"},
		customers: []string{"KH0004"},
		offices:   []string{"13010001"},
		counted:   customerIn("KH0004")},
	{user: "S2002", // courier owning nothing; a walk-in sends at their office
		counted: customerIn()},
}

// monthTotals sums the waybills counted per month and segment, in the
// order MonthTotals returns them.
func monthTotals(ws []postcrm.Waybill, counted func(postcrm.Waybill) bool) []postcrm.MonthTotal {
	var out []postcrm.MonthTotal
	for _, w := range ws {
		if counted(w) {
			out = addMonthTotal(out, postcrm.MonthTotal{Month: w.Day().YearMonth(), Contract: !w.Walkin(), Items: 1, PostageFen: w.PostageFen})
		}
	}
	sortMonthTotals(out)
	return out
}

// addMonthTotal adds t to the total of its month and segment in ts.
func addMonthTotal(ts []postcrm.MonthTotal, t postcrm.MonthTotal) []postcrm.MonthTotal {
	i := slices.IndexFunc(ts, func(u postcrm.MonthTotal) bool { return u.Month == t.Month && u.Contract == t.Contract })
	if i < 0 {
		return append(ts, t)
	}
	ts[i].Items += t.Items
	ts[i].PostageFen += t.PostageFen
	return ts
}

// sortMonthTotals puts totals in MonthTotals' order: by month, contract
// customers before walk-ins.
func sortMonthTotals(ts []postcrm.MonthTotal) {
	slices.SortFunc(ts, func(a, b postcrm.MonthTotal) int {
		return cmp.Or(cmp.Compare(a.Month, b.Month), -cmp.Compare(btoi(a.Contract), btoi(b.Contract)))
	})
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// scopeUsers are the users of the scope cases.
func scopeUsers() []string {
	var users []string
	for _, c := range scopeCases {
		users = append(users, c.user)
	}
	return users
}

// testScoping walks every ScopedReader method as each role: what the
// user's scope holds is listed, everything else is absent or ErrNotFound.
func testScoping(t *testing.T, st *sqlstore.Store) {
	ctx := context.Background()
	s := st
	waybills := applyScoped(t, s, scopeUsers()...)
	province := postcrm.Scope{Role: postcrm.RoleProvinceAdmin}
	all := must[[]postcrm.WarningRow](t)(firstOf(s.ScopedWarnings(ctx, province, postcrm.WarningQuery{})))
	ids := make(map[int64]postcrm.Warning)
	for _, r := range all {
		ids[r.ID] = r.Warning
	}
	if len(ids) != len(scopedWarnings) {
		t.Fatalf("province sees %d warnings, want %d", len(ids), len(scopedWarnings))
	}
	for _, c := range scopeCases {
		t.Run(c.user, func(t *testing.T) {
			sc := postcrm.ScopeOf(must[postcrm.User](t)(s.User(ctx, c.user)))

			rows, total, err := s.ScopedWarnings(ctx, sc, postcrm.WarningQuery{Month: april})
			var keys []string
			for _, r := range rows {
				keys = append(keys, warningKey(r.Warning))
			}
			if err != nil || total != len(c.warnings) || !slices.Equal(keys, c.warnings) {
				t.Errorf("ScopedWarnings: %v (total %d), %v; want %v", keys, total, err, c.warnings)
			}
			for id, w := range ids {
				_, err := s.ScopedWarning(ctx, sc, id)
				visible := c.opens(w)
				if visible && err != nil || !visible && !errors.Is(err, postcrm.ErrNotFound) {
					t.Errorf("ScopedWarning %d (%s %d): visible %v, got %v", id, warningKey(w), w.Month, visible, err)
				}
			}

			got := must[[]postcrm.MonthTotal](t)(s.MonthTotals(ctx, sc, 202401, 202412))
			if want := monthTotals(waybills, c.counted); !slices.Equal(got, want) {
				t.Errorf("MonthTotals:\n got %+v\nwant %+v", got, want)
			}

			for _, code := range scopedCodes {
				expectCustomerReads(t, s, sc, code, slices.Contains(c.customers, code), c.opens, waybills)
			}

			walkins, total, err := s.TopWalkins(ctx, sc, april, 0, 0)
			var phones []string
			for _, w := range walkins {
				phones = append(phones, w.Phone)
			}
			if err != nil || total != len(c.walkins) || !slices.Equal(phones, c.walkins) {
				t.Errorf("TopWalkins: %v (total %d), %v; want %v", phones, total, err, c.walkins)
			}
			expectWalkinParts(t, s, sc, c.walkins)

			offices := must[[]postcrm.Office](t)(s.ScopedOffices(ctx, sc))
			var codes []string
			for _, o := range offices {
				codes = append(codes, o.Code)
			}
			if !slices.Equal(codes, c.offices) {
				t.Errorf("ScopedOffices: %v, want %v", codes, c.offices)
			}
		})
	}
}

// firstOf drops the total of a paged read.
func firstOf[T any](v T, _ int, err error) (T, error) { return v, err }

// expectCustomerReads checks the four reads of one customer's page: all
// succeed when the customer is in scope, and all are ErrNotFound when not.
func expectCustomerReads(t *testing.T, s *sqlstore.Store, sc postcrm.Scope, code string, visible bool,
	opens func(postcrm.Warning) bool, waybills []postcrm.Waybill) {
	t.Helper()
	ctx := context.Background()
	v, err := s.ScopedCustomer(ctx, sc, code)
	months, mErr := s.CustomerMonths(ctx, sc, code, 202401, 202412)
	ws, wErr := s.CustomerWaybills(ctx, sc, code, 0)
	warns, nErr := s.CustomerWarnings(ctx, sc, code)
	if !visible {
		for what, err := range map[string]error{"ScopedCustomer": err, "CustomerMonths": mErr, "CustomerWaybills": wErr, "CustomerWarnings": nErr} {
			if !errors.Is(err, postcrm.ErrNotFound) {
				t.Errorf("%s %s out of scope: got %v, want ErrNotFound", what, code, err)
			}
		}
		if len(months)+len(ws)+len(warns) > 0 || v.Code != "" {
			t.Errorf("%s out of scope returned data", code)
		}
		return
	}
	for what, err := range map[string]error{"ScopedCustomer": err, "CustomerMonths": mErr, "CustomerWaybills": wErr, "CustomerWarnings": nErr} {
		if err != nil {
			t.Fatalf("%s %s: %v", what, code, err)
		}
	}
	if v.Code != code {
		t.Errorf("ScopedCustomer %s: got %+v", code, v)
	}
	if want := monthTotals(waybills, customerIn(code)); !slices.Equal(months, want) {
		t.Errorf("CustomerMonths %s:\n got %+v\nwant %+v", code, months, want)
	}
	var want []string
	for _, w := range waybills {
		if w.CustomerCode == code {
			want = append(want, w.No)
		}
	}
	slices.Reverse(want) // generated oldest first
	var got []string
	for _, w := range ws {
		got = append(got, w.No)
	}
	if !slices.Equal(got, want) {
		t.Errorf("CustomerWaybills %s: %v, want newest first %v", code, got, want)
	}
	var wantWarns []postcrm.Month
	for _, w := range scopedWarnings {
		if w.CustomerCode == code && opens(w) {
			wantWarns = append(wantWarns, w.Month)
		}
	}
	var gotWarns []postcrm.Month
	for _, w := range warns {
		gotWarns = append(gotWarns, w.Month)
	}
	if !slices.Equal(gotWarns, wantWarns) {
		t.Errorf("CustomerWarnings %s: months %v, want %v", code, gotWarns, wantWarns)
	}
}

// testScopedLists checks the filters, paging and names of the lists and
// that a malformed scope is an error, never everything.
func testScopedLists(t *testing.T, st *sqlstore.Store) {
	ctx := context.Background()
	s := st
	waybills := applyScoped(t, s)
	province := postcrm.Scope{Role: postcrm.RoleProvinceAdmin}
	for _, c := range []struct {
		what  string
		q     postcrm.WarningQuery
		want  []string
		total int
	}{
		{"every month", postcrm.WarningQuery{}, []string{"KH0002", "KH0001", "KH0001", "KH0003", "KH0004", "KH0004", "13700000001", "13700000002"}, 8},
		{"city", postcrm.WarningQuery{Month: april, City: "唐山市"}, []string{"KH0003", "13700000002"}, 2},
		{"office", postcrm.WarningQuery{Month: april, OfficeCode: "13010001"}, []string{"KH0001", "KH0004", "13700000001"}, 3},
		{"owner", postcrm.WarningQuery{Owner: "S1001"}, []string{"KH0001", "KH0001", "KH0004"}, 3},
		{"kind", postcrm.WarningQuery{Month: april, Kind: postcrm.WarnWalkinChurn}, []string{"13700000001", "13700000002"}, 2},
		{"second page", postcrm.WarningQuery{Month: april, Offset: 2, Limit: 2}, []string{"KH0003", "KH0004"}, 6},
		{"past the end", postcrm.WarningQuery{Month: april, Offset: 6, Limit: 2}, nil, 6},
		{"no such month", postcrm.WarningQuery{Month: 202405}, nil, 0},
	} {
		rows, total, err := s.ScopedWarnings(ctx, province, c.q)
		var keys []string
		for _, r := range rows {
			keys = append(keys, warningKey(r.Warning))
		}
		if err != nil || total != c.total || !slices.Equal(keys, c.want) {
			t.Errorf("%s: %v (total %d), %v; want %v (total %d)", c.what, keys, total, err, c.want, c.total)
		}
	}
	// A filter cannot widen a scope.
	office := postcrm.Scope{Role: postcrm.RoleOfficeManager, City: "石家庄市", OfficeCode: "13010001"}
	if rows, total, err := s.ScopedWarnings(ctx, office, postcrm.WarningQuery{OfficeCode: "13020001"}); err != nil || total != 0 || len(rows) != 0 {
		t.Errorf("office manager filtering on another office: %d rows (total %d), %v", len(rows), total, err)
	}

	rows := must[[]postcrm.WarningRow](t)(firstOf(s.ScopedWarnings(ctx, province, postcrm.WarningQuery{Month: april, Limit: 2})))
	named := postcrm.WarningRow{Warning: rows[1].Warning, CustomerName: "河北华药电商有限公司", OfficeName: "石家庄长安营业部", City: "石家庄市", OwnerName: "张伟"}
	unowned := postcrm.WarningRow{Warning: rows[0].Warning, CustomerName: "石家庄常山纺织", OfficeName: "石家庄桥西营业部", City: "石家庄市"}
	if !reflect.DeepEqual(rows, []postcrm.WarningRow{unowned, named}) {
		t.Errorf("warning rows with names:\n got %+v\nwant %+v", rows, []postcrm.WarningRow{unowned, named})
	}
	if w := rows[1].Warning; w.ID == 0 || w.Month != april || w.OwnerStaffID != "S1001" || w.RevenueAtRiskFen != 50000 {
		t.Errorf("warning row: %+v", w)
	}
	one := must[postcrm.WarningRow](t)(s.ScopedWarning(ctx, province, rows[1].ID))
	if !reflect.DeepEqual(one, named) {
		t.Errorf("ScopedWarning: got %+v, want %+v", one, named)
	}

	v := must[postcrm.CustomerView](t)(s.ScopedCustomer(ctx, province, "KH0004"))
	if want := (postcrm.CustomerView{Customer: scopedCustomer, OfficeName: "石家庄长安营业部", City: "石家庄市", OwnerName: "李娜"}); v != want {
		t.Errorf("customer view:\n got %+v\nwant %+v", v, want)
	}
	var last postcrm.Waybill // generated oldest first
	for _, w := range waybills {
		if w.CustomerCode == "KH0004" {
			last = w
		}
	}
	ws := must[[]postcrm.Waybill](t)(s.CustomerWaybills(ctx, province, "KH0004", 2))
	if len(ws) != 2 || ws[0].No != last.No || !ws[0].AcceptedAt.Equal(last.AcceptedAt) || !ws[0].AcceptedAt.After(ws[1].AcceptedAt) {
		t.Errorf("KH0004's latest 2 waybills: %+v, want %+v first", ws, last)
	}
	march := must[[]postcrm.MonthTotal](t)(s.CustomerMonths(ctx, province, "KH0004", 202403, 202403))
	if len(march) != 1 || march[0] != (postcrm.MonthTotal{Month: 202403, Contract: true, Items: 4, PostageFen: 4 * 40003}) {
		t.Errorf("KH0004 in March: %+v", march)
	}

	walkins, total, err := s.TopWalkins(ctx, province, april, 1, 1)
	if want := (postcrm.WalkinRow{WalkinScore: scopedWalkins[1], OfficeName: "唐山路北营业部", City: "唐山市"}); err != nil || total != 3 ||
		len(walkins) != 1 || walkins[0] != want {
		t.Errorf("second walk-in by value: %+v (total %d), %v; want %+v", walkins, total, err, want)
	}

	for _, sc := range malformedScopes {
		if rows, _, err := s.ScopedWarnings(ctx, sc, postcrm.WarningQuery{}); err == nil || errors.Is(err, postcrm.ErrNotFound) || len(rows) > 0 {
			t.Errorf("warnings in malformed scope %+v: %d rows, %v; want an error", sc, len(rows), err)
		}
		if _, err := s.ScopedCustomer(ctx, sc, "KH0001"); err == nil || errors.Is(err, postcrm.ErrNotFound) {
			t.Errorf("customer in malformed scope %+v: %v; want an error", sc, err)
		}
		if got, err := s.MonthTotals(ctx, sc, 202401, 202412); err == nil || len(got) > 0 {
			t.Errorf("month totals in malformed scope %+v: %v, %v; want an error", sc, got, err)
		}
		if got, err := s.ScopedOffices(ctx, sc); err == nil || len(got) > 0 {
			t.Errorf("offices in malformed scope %+v: %v, %v; want an error", sc, got, err)
		}
	}
}

// malformedScopes lack what their role needs: every scoped read refuses
// them with an error, never reading everything.
var malformedScopes = []postcrm.Scope{
	{},
	{Role: "visitor"},
	{Role: postcrm.RoleCityManager},
	{Role: postcrm.RoleOfficeManager, City: "石家庄市"},
	{Role: postcrm.RoleCourier, OfficeCode: "13010001"},
}
