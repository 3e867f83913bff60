package storetest

import (
	"context"
	"errors"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"postcrm"
	"postcrm/sqlstore"
)

var (
	adjShanghai = postcrm.Adjustment{ID: "TZ24-01", Scope: postcrm.ScopeProvince, Kind: postcrm.AdjustDestination,
		Provinces: []string{"上海", "北京"}, From: 20240601, To: 20240620, Reason: "寄达地疫情防控", Status: postcrm.AdjustApproved}
	adjEMS = postcrm.Adjustment{ID: "TZ24-02", Scope: "唐山市", Kind: postcrm.AdjustProduct,
		Products: []string{"特快专递"}, From: 20240605, Reason: "航空运力管控", Status: postcrm.AdjustApproved}
)

func adjustments(t *testing.T, s *sqlstore.Store) []postcrm.Adjustment {
	t.Helper()
	return must[[]postcrm.Adjustment](t)(s.Adjustments(context.Background()))
}

// testAdjustments: the register goes through Apply, keyed by its 编号,
// counted like the other kinds; an office's suspension is an adjustment
// too; a workflow step is written with the adjustment, in order, and in
// the audit log.
func testAdjustments(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	applyFixtures(t, s)
	res := apply(t, s, postcrm.Batch{Kind: postcrm.KindAdjustments, Adjustments: []postcrm.Adjustment{adjShanghai, adjEMS}})
	if res != (postcrm.WriteResult{Inserted: 2}) {
		t.Errorf("first batch: %+v", res)
	}
	if got := adjustments(t, s); !reflect.DeepEqual(got, []postcrm.Adjustment{adjEMS, adjShanghai}) {
		t.Errorf("stored %+v", got)
	}
	longer := adjShanghai
	longer.To = 20240625
	res = apply(t, s, postcrm.Batch{Kind: postcrm.KindAdjustments, Adjustments: []postcrm.Adjustment{adjEMS, longer}})
	if res != (postcrm.WriteResult{Unchanged: 1, Updated: 1}) {
		t.Errorf("second batch: %+v, want 1 unchanged, 1 updated", res)
	}

	// A suspension is an adjustment of kind suspend scoped to its office.
	flood := postcrm.Suspension{OfficeCode: "13020001", From: 20240728, To: 20240805, Reason: "暴雨内涝"}
	if err := s.SaveSuspension(ctx, flood); err != nil {
		t.Fatal(err)
	}
	got := adjustments(t, s)
	if len(got) != 3 || !reflect.DeepEqual(got[0], postcrm.SuspensionAdjustment(flood)) {
		t.Errorf("the suspension as an adjustment: %+v", got)
	}
	expectSuspensions(t, "beside the adjustments", s, []postcrm.Suspension{flood})

	// The workflow: a city's draft, then the province's approval.
	draft := postcrm.Adjustment{ID: "TZ24-03", Scope: "石家庄市", Kind: postcrm.AdjustDestination, Provinces: []string{"广东"},
		From: 20240701, Reason: "寄达地管控", Status: postcrm.AdjustDrafted,
		NoticeAt: time.Date(2024, 6, 30, 23, 10, 0, 0, postcrm.ChinaTime)}
	at := time.Date(2024, 6, 30, 23, 40, 0, 0, postcrm.ChinaTime)
	if err := s.RecordAdjustment(ctx, draft, postcrm.AdjustmentStep{Step: postcrm.AdjustDrafted, Actor: "C0101", ActorName: "石家庄地市管理员", At: at}, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordAdjustment(ctx, draft, postcrm.AdjustmentStep{Step: postcrm.AdjustDrafted, Actor: "C0101", At: at}, ""); !errors.Is(err, postcrm.ErrConflict) {
		t.Errorf("a second draft under the same 编号: %v, want ErrConflict", err)
	}
	approved := draft
	approved.Status = postcrm.AdjustApproved
	if err := s.RecordAdjustment(ctx, approved, postcrm.AdjustmentStep{Step: postcrm.AdjustApproved, Actor: "P0001", At: at.Add(3 * time.Hour), Note: "集团批复"}, postcrm.AdjustDrafted); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordAdjustment(ctx, approved, postcrm.AdjustmentStep{Step: postcrm.AdjustApproved, Actor: "P0001", At: at}, postcrm.AdjustDrafted); !errors.Is(err, postcrm.ErrConflict) {
		t.Errorf("a step from a status it is no longer in: %v, want ErrConflict", err)
	}
	// The approval told the office managers and couriers of 石家庄市.
	ns := must[[]postcrm.Notice](t)(s.Notices(ctx, postcrm.NoticeQuery{}))
	var told []string
	for _, n := range ns {
		if n.Kind == postcrm.NoticeAdjustmentInForce && n.CustomerName == "TZ24-03" {
			told = append(told, n.Recipient)
		}
	}
	slices.Sort(told)
	if !reflect.DeepEqual(told, []string{"S1001", "S1002", "S1003"}) {
		t.Errorf("notices of the approval went to %v, want the 石家庄市 office staff S1001, S1002, S1003", told)
	}
	a, steps := must2[postcrm.Adjustment, []postcrm.AdjustmentStep](t)(s.Adjustment(ctx, "TZ24-03"))
	if !reflect.DeepEqual(a, approved) {
		t.Errorf("read back %+v, want %+v", a, approved)
	}
	wantSteps := []postcrm.AdjustmentStep{{Step: postcrm.AdjustDrafted, Actor: "C0101", ActorName: "石家庄地市管理员", At: at},
		{Step: postcrm.AdjustApproved, Actor: "P0001", At: at.Add(3 * time.Hour), Note: "集团批复"}}
	if !reflect.DeepEqual(steps, wantSteps) {
		t.Errorf("steps %+v, want %+v", steps, wantSteps)
	}
	log, _ := must2[[]postcrm.AuditEntry, int](t)(s.AuditLog(ctx, postcrm.AuditQuery{User: "P0001"}))
	if len(log) != 1 || log[0].Target != "adjustment TZ24-03" {
		t.Errorf("audit of the approval: %+v", log)
	}
	if _, _, err := s.Adjustment(ctx, "TZ99-99"); err == nil {
		t.Error("a missing adjustment was found")
	}

	// Scoped: 唐山's city manager and a courier of 唐山路南 see the
	// province's and their city's, not 石家庄's; the province sees all;
	// office staff see no draft.
	pending := postcrm.Adjustment{ID: "TZ24-04", Scope: postcrm.ScopeProvince, Kind: postcrm.AdjustSuspend, From: 20240101, Status: postcrm.AdjustDrafted}
	if err := s.RecordAdjustment(ctx, pending, postcrm.AdjustmentStep{Step: postcrm.AdjustDrafted, Actor: "P0001", At: at}, ""); err != nil {
		t.Fatal(err)
	}
	ids := func(sc postcrm.Scope) []string {
		var out []string
		for _, r := range must[[]postcrm.AdjustmentRecord](t)(s.ScopedAdjustments(ctx, sc, 2024)) {
			out = append(out, r.ID)
		}
		return out
	}
	tangshan := postcrm.Scope{Role: postcrm.RoleCityManager, City: "唐山市"}
	courier := postcrm.Scope{Role: postcrm.RoleCourier, City: "唐山市", OfficeCode: "13020001", StaffID: "S2001"}
	other := postcrm.Scope{Role: postcrm.RoleCourier, City: "唐山市", OfficeCode: "13020002", StaffID: "S2002"}
	for _, c := range []struct {
		name string
		sc   postcrm.Scope
		want []string
	}{
		{"province", postcrm.Scope{Role: postcrm.RoleProvinceAdmin}, []string{"暂停-13020001-20240728", "TZ24-03", "TZ24-02", "TZ24-01", "TZ24-04"}},
		{"唐山 city manager", tangshan, []string{"暂停-13020001-20240728", "TZ24-02", "TZ24-01", "TZ24-04"}},
		{"courier of the suspended office", courier, []string{"暂停-13020001-20240728", "TZ24-02", "TZ24-01"}},
		{"courier of another 唐山 office", other, []string{"TZ24-02", "TZ24-01"}},
	} {
		if got := ids(c.sc); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s sees %v, want %v", c.name, got, c.want)
		}
	}
	if _, err := s.ScopedAdjustment(ctx, courier, "TZ24-04"); !errors.Is(err, postcrm.ErrNotFound) {
		t.Errorf("a courier reading a draft: %v, want ErrNotFound", err)
	}
	if _, err := s.ScopedAdjustment(ctx, tangshan, "TZ24-03"); !errors.Is(err, postcrm.ErrNotFound) {
		t.Errorf("唐山 reading 石家庄's adjustment: %v, want ErrNotFound", err)
	}
	rec, err := s.ScopedAdjustment(ctx, postcrm.Scope{Role: postcrm.RoleCityManager, City: "石家庄市"}, "TZ24-03")
	if err != nil || len(rec.Steps) != 2 {
		t.Errorf("石家庄 reading its adjustment: %+v, %v", rec, err)
	}
	k := must[postcrm.AdjustmentKnown](t)(s.AdjustmentNamesIn(ctx, tangshan))
	if !k.Cities["唐山市"] || k.Cities["石家庄市"] || !k.Offices["13020002"] || k.Offices["13010001"] || !k.Provinces["上海"] {
		t.Errorf("names 唐山 may use: %+v", k)
	}
}

// mixWaybills are scenario waybills with destinations and products
// spread, so that the customer mix has several values per customer.
func mixWaybills(seed int) []postcrm.Waybill {
	rng := rand.New(rand.NewPCG(uint64(seed), 7))
	ws := scenarioWaybills(seed)
	for i := range ws {
		ws[i].DestProvince = pick(rng, []string{"上海", "北京", "广东", ""})
		ws[i].Product = pick(rng, []string{"标准快递", "特快专递", "快递包裹"})
	}
	return ws
}

// recountMix is the customer mix counted from the final waybills.
func recountMix(ws map[string]postcrm.Waybill) map[postcrm.MixRow]bool {
	counts := map[postcrm.MixRow]int64{}
	for _, w := range ws {
		if w.Walkin() {
			continue
		}
		m := w.Day().YearMonth()
		if w.DestProvince != "" {
			counts[postcrm.MixRow{CustomerCode: w.CustomerCode, Month: m, Dim: "d", Value: w.DestProvince}]++
		}
		if w.Product != "" {
			counts[postcrm.MixRow{CustomerCode: w.CustomerCode, Month: m, Dim: "p", Value: w.Product}]++
		}
		if w.DestProvince != "" && w.Product != "" {
			counts[postcrm.MixRow{CustomerCode: w.CustomerCode, Month: m, Dim: postcrm.MixJoint, Value: postcrm.JointValue(w.DestProvince, w.Product)}]++
		}
	}
	out := map[postcrm.MixRow]bool{}
	for r, n := range counts {
		r.Items = n
		out[r] = true
	}
	return out
}

func storedMix(t *testing.T, s *sqlstore.Store) map[postcrm.MixRow]bool {
	t.Helper()
	out := map[postcrm.MixRow]bool{}
	err := s.CustomerMix(context.Background(), 190001, 299912, func(r postcrm.MixRow) error {
		out[r] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// testCustomerMix: the import keeps each contract customer's items by
// month, destination and product, through corrections that move an item
// to another customer, destination or product, by destination and
// product apart and together; the values are listed; the migrations that
// add the rollup fill it from the stored waybills, and move the old
// suspension register into the adjustments.
func testCustomerMix(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	applyFixtures(t, s)
	final := map[string]postcrm.Waybill{}
	first := mixWaybills(71)
	apply(t, s, postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: first})
	for _, w := range first {
		final[w.No] = w
	}
	rng := rand.New(rand.NewPCG(72, 72))
	var again []postcrm.Waybill
	for _, w := range first[:60] {
		w = resend(rng, w)
		w.DestProvince = pick(rng, []string{"上海", "天津", ""})
		again = append(again, w)
		final[w.No] = w
	}
	apply(t, s, postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: again})
	want := recountMix(final)
	if got := storedMix(t, s); !maps.Equal(got, want) {
		t.Errorf("customer mix after corrections:\n got %v\nwant %v", got, want)
	}
	if got := must[[]string](t)(s.MixValues(ctx, "p")); !reflect.DeepEqual(got, []string{"快递包裹", "标准快递", "特快专递"}) {
		t.Errorf("products: %v", got)
	}

	// Back to the schema before the adjustments, with a suspension in the
	// old register.
	for _, q := range []string{
		"DROP TABLE customer_mix", "DROP TABLE adjustment_steps", "DROP TABLE adjustments",
		"CREATE TABLE suspensions (office_code TEXT NOT NULL, from_day INTEGER NOT NULL, to_day INTEGER NOT NULL, reason TEXT NOT NULL, PRIMARY KEY (office_code, from_day))",
		"INSERT INTO suspensions VALUES ('13020001', 20240728, 20240805, '暴雨内涝')",
		"DELETE FROM schema_migrations WHERE name IN ('0023_adjustments.sql', '0030_customer_mix_joint.sql')",
	} {
		if _, err := s.DB().ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if got := storedMix(t, s); !maps.Equal(got, want) {
		t.Errorf("customer mix filled by the migration:\n got %v\nwant %v", got, want)
	}
	expectSuspensions(t, "migrated", s, []postcrm.Suspension{{OfficeCode: "13020001", From: 20240728, To: 20240805, Reason: "暴雨内涝"}})
	if got := adjustments(t, s); len(got) != 1 || got[0].Kind != postcrm.AdjustSuspend || got[0].Scope != "13020001" || got[0].Status != postcrm.AdjustApproved {
		t.Errorf("the migrated suspension as an adjustment: %+v", got)
	}
}
