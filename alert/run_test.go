package alert_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"postcrm"
	"postcrm/alert"
	"postcrm/analysis"
	"postcrm/calendar"
	"postcrm/followup"
	"postcrm/sqlite"
	"postcrm/sqlstore"
)

const (
	office  = "13000001"
	courier = "K001"
	manager = "M001"
)

// customer is one contract customer of the stores' tests: items a day on
// working days (a few on weekends, none on holidays), stopping on stop
// and shipping again from resume.
type customer struct {
	code         string
	perDay       int
	stop, resume postcrm.Date
}

func date(y int, m time.Month, d int) postcrm.Date { return postcrm.NewDate(y, m, d) }

// storeWith imports the customers' waybills from 2025-06-01 to last into
// a new SQLite store, with their office, its courier (their owner) and
// manager.
func storeWith(t *testing.T, cs []customer, last postcrm.Date) *sqlstore.Store {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "postcrm.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	org := postcrm.Batch{Kind: postcrm.KindOrg, Offices: []postcrm.Office{{Code: office, Name: "中华大街营业部", City: "石家庄市"}},
		Staff: []postcrm.Staff{
			{ID: courier, Name: "赵揽投", Role: postcrm.RoleCourier, City: "石家庄市", OfficeCode: office},
			{ID: manager, Name: "钱经理", Role: postcrm.RoleOfficeManager, City: "石家庄市", OfficeCode: office}}}
	customers := postcrm.Batch{Kind: postcrm.KindCustomers}
	waybills := postcrm.Batch{Kind: postcrm.KindWaybills}
	cal := calendar.Default()
	for k, c := range cs {
		r := rand.New(rand.NewPCG(3, uint64(k))) // the same days whatever last is
		customers.Customers = append(customers.Customers, postcrm.Customer{Code: c.code, Name: "客户" + c.code, OfficeCode: office,
			OwnerStaffID: courier, Status: postcrm.StatusActive, ContractDate: date(2025, 1, 1)})
		for d := date(2025, 6, 1); d <= last; d = d.AddDays(1) {
			if d >= c.stop && c.stop != 0 && (c.resume == 0 || d < c.resume) {
				continue
			}
			n := c.perDay + r.IntN(3) - 1
			switch {
			case cal.Kind(d) == calendar.Holiday:
				n = 0
			case !cal.IsWorkday(d):
				n /= 4
			}
			for i := range n {
				waybills.Waybills = append(waybills.Waybills, postcrm.Waybill{No: fmt.Sprintf("%s%s%02d", c.code, d, i),
					AcceptedAt: d.Time().Add(10 * time.Hour), OfficeCode: office, CourierStaffID: courier, CustomerCode: c.code,
					SenderPhone: "13700000001", PostageFen: 1200, Payment: postcrm.PaymentMonthly, Channel: postcrm.ChannelPickup})
			}
		}
	}
	for _, b := range []postcrm.Batch{org, customers, waybills} {
		if _, err := s.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// customers: twenty steady ones, one stopping on 6-8 for good, one
// pausing from 6-10 to 6-15.
func customers() []customer {
	var cs []customer
	for i := range 20 {
		cs = append(cs, customer{code: fmt.Sprintf("KH%03d", i), perDay: 2 + i%5})
	}
	return append(cs, customer{code: "GONE", perDay: 6, stop: date(2026, 6, 8)},
		customer{code: "PAUSE", perDay: 6, stop: date(2026, 6, 10), resume: date(2026, 6, 16)})
}

// A run as of a day reads nothing accepted later: on a store holding
// the rest of June it finds what it finds on a store that ends on the
// day — the pause that later ended is still a silence — and a run for a
// day before the last one stored is recomputed without storing.
func TestRunReadsNothingLater(t *testing.T) {
	ctx := context.Background()
	day := date(2026, 6, 14)
	full := storeWith(t, customers(), date(2026, 6, 30))
	cut := storeWith(t, customers(), day)
	got, err := alert.Run(ctx, full, day)
	if err != nil {
		t.Fatal(err)
	}
	want, err := alert.Run(ctx, cut, day)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Open, want.Open) || len(got.Open) == 0 {
		t.Fatalf("as of %s with later data stored:\n%+v\nwithout it:\n%+v", day, got.Open, want.Open)
	}
	codes := map[string]postcrm.Alert{}
	for _, a := range got.Raised {
		codes[a.CustomerCode] = a
	}
	if a, ok := codes["PAUSE"]; !ok || a.LastShipped >= date(2026, 6, 10) || a.WarningID == 0 {
		t.Errorf("the pause from 6-10 (it ended on 6-16, after the day): %+v, want a stored silent alert", a)
	}
	if _, ok := codes["GONE"]; !ok {
		t.Errorf("the stop on 6-8 not alerted by %s: %+v", day, got.Raised)
	}
	// The next days: nothing raised twice; the pause clears on the day
	// the run sees its items.
	for d := day.AddDays(1); d <= date(2026, 6, 17); d = d.AddDays(1) {
		res, err := alert.Run(ctx, full, d)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range res.Raised {
			if a.CustomerCode == "PAUSE" || a.CustomerCode == "GONE" {
				t.Errorf("%s alerted again on %s", a.CustomerCode, d)
			}
		}
		for _, a := range res.Cleared {
			if a.CustomerCode != "PAUSE" || d != date(2026, 6, 16) || a.ClearedWhy != "恢复发件" {
				t.Errorf("cleared on %s: %+v", d, a)
			}
		}
	}
	since, err := full.AlertsSince(ctx, date(2026, 6, 1))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range since {
		if a.CustomerCode == "PAUSE" && a.ClearedOn != date(2026, 6, 16) {
			t.Errorf("the pause's clearing is not recorded: %+v", a)
		}
	}
	back, err := alert.Run(ctx, full, day)
	if err != nil {
		t.Fatal(err)
	}
	if back.Stored || !reflect.DeepEqual(back.Open, got.Open) {
		t.Errorf("a run for %s after later runs: stored %v, open %+v, want the same alerts, not stored", day, back.Stored, back.Open)
	}
}

// The alerts feed the follow-up loop: the month's dispatch run gives each
// new alert's case to the customer's owner (or holds it out), it is on
// the courier's work list as its own kind, and the next month's warning
// for a customer whose alert is still open joins the alert's case
// instead of opening a second one.
func TestAlertsFeedDispatch(t *testing.T) {
	ctx := context.Background()
	s := storeWith(t, customers(), date(2026, 6, 30))
	day := date(2026, 6, 14)
	res, err := alert.Run(ctx, s, day)
	if err != nil {
		t.Fatal(err)
	}
	plan, _, err := followup.Run(ctx, s, 202606, day.AddDays(1), 0, postcrm.Actor{User: "cli"})
	if err != nil {
		t.Fatal(err)
	}
	cases := map[int64]postcrm.Dispatch{}
	for _, d := range plan.New {
		cases[d.WarningID] = d
	}
	var gone postcrm.Alert
	for _, a := range res.Raised {
		d, ok := cases[a.WarningID]
		if !ok || d.Kind != a.Kind || d.AssignedTo != courier || d.Status != postcrm.StatusOpen {
			t.Errorf("alert %+v: dispatch %+v, want it open with the owner %s", a, d, courier)
		}
		if a.CustomerCode == "GONE" {
			gone = a
		}
	}
	rows, _, err := s.ScopedDispatches(ctx, postcrm.Scope{Role: postcrm.RoleCourier, OfficeCode: office, StaffID: courier},
		postcrm.DispatchQuery{Todo: true})
	if err != nil {
		t.Fatal(err)
	}
	listed := false
	for _, r := range rows {
		listed = listed || r.WarningID == gone.WarningID && r.Kind == postcrm.WarnSilent
	}
	if gone.WarningID == 0 || !listed {
		t.Fatalf("the courier's work list %+v lacks GONE's silent alert %+v", rows, gone)
	}
	churn := postcrm.Warning{Month: 202607, Kind: postcrm.WarnChurn, CustomerCode: "GONE", OfficeCode: office, OwnerStaffID: courier,
		ExpectedItems: 130, Score: 1500, Reason: "已连续 53 天未发件"}
	if err := s.SaveWarnings(ctx, 202607, []postcrm.WarningKind{postcrm.WarnChurn}, []postcrm.Warning{churn}); err != nil {
		t.Fatal(err)
	}
	plan, _, err = followup.Run(ctx, s, 202607, date(2026, 8, 3), 0, postcrm.Actor{User: "cli"})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.New) != 0 || len(plan.Attached) != 1 {
		t.Fatalf("July's churn warning on GONE with its alert open: new %+v, attached %v; want it attached", plan.New, plan.Attached)
	}
	for _, c := range plan.Attached {
		if c != gone.WarningID {
			t.Errorf("attached to case %d, want the alert's %d", c, gone.WarningID)
		}
	}
}

// The month's kept histories give exactly what reading two years of
// rollups gives, on the day they are kept and on later days of the
// month; an import of the month's items keeps them, one of older items
// makes the next run read everything again.
func TestHistoryCache(t *testing.T) {
	ctx := context.Background()
	s := storeWith(t, customers(), date(2026, 6, 30))
	cs, err := s.Customers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	check := func(day postcrm.Date, what string) {
		t.Helper()
		got, err := alert.CachedHistories(ctx, s, cs, day)
		if err != nil {
			t.Fatal(err)
		}
		want, err := analysis.ReadHistoriesTo(ctx, s, cs, day, analysis.DefaultConfig().HistoryMonths)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s (%s): the kept histories differ from the rollups'", what, day)
		}
	}
	check(date(2026, 6, 14), "kept")
	if _, body, err := s.AlertHistoryCache(ctx, 202606); err != nil || body == nil {
		t.Fatalf("nothing kept for June: %v", err)
	}
	check(date(2026, 6, 14), "read back the same day")
	check(date(2026, 6, 28), "read back later in the month")
	check(date(2026, 6, 1), "read back on the month's first day")
	item := func(no string, on postcrm.Date) postcrm.Batch {
		return postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: []postcrm.Waybill{{No: no, AcceptedAt: on.Time().Add(10 * time.Hour),
			OfficeCode: office, CourierStaffID: courier, CustomerCode: "GONE", SenderPhone: "13700000001", PostageFen: 1500,
			Payment: postcrm.PaymentMonthly, Channel: postcrm.ChannelPickup}}}
	}
	keptDigest := func() string {
		d, _, err := s.AlertHistoryCache(ctx, 202606)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	before := keptDigest()
	if _, err := s.Apply(ctx, item("JUNE0001", date(2026, 6, 18))); err != nil {
		t.Fatal(err)
	}
	check(date(2026, 6, 20), "after an import of June's items")
	if keptDigest() != before {
		t.Errorf("an import of the month's own items replaced the kept histories")
	}
	if _, err := s.Apply(ctx, item("LATE0001", date(2026, 5, 20))); err != nil {
		t.Fatal(err)
	}
	check(date(2026, 6, 20), "after an import of May's items")
}

// A run judges at the levels the store holds (what the province sets on
// the effect page): a stop alerted at the default level is not at a
// stricter one stored.
func TestRunUsesStoredLevels(t *testing.T) {
	ctx := context.Background()
	day := date(2026, 6, 11)
	gone := func(s *sqlstore.Store) []postcrm.Alert {
		res, err := alert.Run(ctx, s, day)
		if err != nil {
			t.Fatal(err)
		}
		var out []postcrm.Alert
		for _, a := range res.Raised {
			if a.CustomerCode == "GONE" {
				out = append(out, a)
			}
		}
		return out
	}
	at := gone(storeWith(t, customers(), day))
	if len(at) != 1 {
		t.Fatalf("stopped on 6-8, at the default level: %+v, want one alert", at)
	}
	strict := postcrm.DefaultAlertSettings()
	strict.SilentLevel, strict.SlowdownLevel = at[0].P/10, at[0].P/10
	s := storeWith(t, customers(), day)
	if err := s.SaveAlertSettings(ctx, strict, postcrm.Actor{User: "P001"}); err != nil {
		t.Fatal(err)
	}
	if a := gone(s); len(a) != 0 {
		t.Errorf("at a stored level of %g, below its P %g: %+v, want none", strict.SilentLevel, at[0].P, a)
	}
}

// policyReads is a store that counts the acceptance-policy reads.
type policyReads struct {
	*sqlstore.Store
	adjustments, offices, mix int
}

func (s *policyReads) Adjustments(ctx context.Context) ([]postcrm.Adjustment, error) {
	s.adjustments++
	return s.Store.Adjustments(ctx)
}

func (s *policyReads) Offices(ctx context.Context) ([]postcrm.Office, error) {
	s.offices++
	return s.Store.Offices(ctx)
}

func (s *policyReads) CustomerMix(ctx context.Context, from, to postcrm.Month, fn func(postcrm.MixRow) error) error {
	s.mix++
	return s.Store.CustomerMix(ctx, from, to, fn)
}

// A sweep over three months reads the adjustments and the offices once,
// and the customers' usual shares once a month (each month's are
// measured over the months before it).
func TestSweepReadsAdjustmentsOnce(t *testing.T) {
	ctx := context.Background()
	last := date(2026, 6, 11)
	st := storeWith(t, customers(), last)
	adj := postcrm.Adjustment{ID: "TZ1", Scope: postcrm.ScopeProvince, Kind: postcrm.AdjustDestination, Provinces: []string{"上海"},
		From: date(2026, 5, 20), To: date(2026, 5, 31), Reason: "寄达地管控", Status: postcrm.AdjustApproved}
	if _, err := st.Apply(ctx, postcrm.Batch{Kind: postcrm.KindAdjustments, Adjustments: []postcrm.Adjustment{adj}}); err != nil {
		t.Fatal(err)
	}
	s := &policyReads{Store: st}
	if _, err := alert.Sweep(ctx, s, date(2026, 4, 25), last, postcrm.DefaultAlertSettings()); err != nil {
		t.Fatal(err)
	}
	if s.adjustments != 1 || s.offices != 1 || s.mix != 3 {
		t.Errorf("a sweep over April to June read the adjustments %d times, the offices %d, the shares %d; want 1, 1, 3",
			s.adjustments, s.offices, s.mix)
	}
}
