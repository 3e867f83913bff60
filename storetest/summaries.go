package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"postcrm"
	"postcrm/sqlstore"
)

// testDataVersions: each kind of write moves its own data version and no
// other, a refused write moves none, and reads move nothing: a kept
// summary is stale exactly when something it may be computed from has
// changed.
func testDataVersions(t *testing.T, st *sqlstore.Store) {
	ctx := context.Background()
	s, ids := dispatchedApril(t, st)
	last := must[postcrm.DataVersions](t)(s.DataVersions(ctx))
	step := func(what string, moved func(before, after postcrm.DataVersions) bool, change func() error) {
		t.Helper()
		err := change()
		now := must[postcrm.DataVersions](t)(s.DataVersions(ctx))
		if err != nil && moved != nil {
			t.Fatalf("%s: %v", what, err)
		}
		switch {
		case moved == nil && now != last:
			t.Errorf("%s (refused: %v) moved the versions %s -> %s", what, err, last, now)
		case moved != nil && !moved(last, now):
			t.Errorf("%s moved the versions %s -> %s", what, last, now)
		}
		last = now
	}
	imports := func(b, a postcrm.DataVersions) bool {
		return a.Imports > b.Imports && a.Analysis == b.Analysis && a.Followup == b.Followup
	}
	analysis := func(b, a postcrm.DataVersions) bool {
		return a.Analysis > b.Analysis && a.Imports == b.Imports && a.Followup == b.Followup
	}
	followup := func(b, a postcrm.DataVersions) bool {
		return a.Followup > b.Followup && a.Imports == b.Imports && a.Analysis == b.Analysis
	}
	step("reads", nil, func() error {
		_, _, err := s.ScopedDispatches(ctx, postcrm.Scope{Role: postcrm.RoleProvinceAdmin}, postcrm.DispatchQuery{Month: april})
		return err
	})
	step("a waybill import", imports, func() error {
		_, err := s.Apply(ctx, postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: NewWaybillGen(7).Batch(3)})
		return err
	})
	step("a suspension", imports, func() error {
		return s.SaveSuspension(ctx, postcrm.Suspension{OfficeCode: "13010001", From: 20240510, To: 20240512, Reason: "暴雨"})
	})
	step("an analysis", analysis, func() error {
		ws := must[[]postcrm.Warning](t)(s.Warnings(ctx, april))
		return s.SaveWarnings(ctx, april, []postcrm.WarningKind{postcrm.WarnDecline, postcrm.WarnChurn, postcrm.WarnSlowStart, postcrm.WarnWalkinChurn}, ws)
	})
	step("walk-in scores", analysis, func() error { return s.SaveWalkinScores(ctx, april, nil) })
	// Refund warnings: a change moves the analysis's version, the same
	// warnings again (an hourly sweep finding nothing new) move none.
	refundWarns := []postcrm.RefundWarning{{Month: april, Kind: postcrm.RefundWarnOpen, CustomerCode: "KH0001", CustomerName: "客户1",
		OfficeCode: "13010001", CaseNo: "TF20240401-0001", Since: time.Date(2024, 4, 1, 10, 0, 0, 0, postcrm.ChinaTime), Reason: "退费未办结"}}
	step("a refund warning", analysis, func() error { return s.SaveRefundWarnings(ctx, april, refundWarns) })
	step("the same refund warnings", nil, func() error { return s.SaveRefundWarnings(ctx, april, refundWarns) })
	step("a refund warning's reason", analysis, func() error {
		again := slices.Clone(refundWarns)
		again[0].Reason = "退费未办结（又一天）"
		return s.SaveRefundWarnings(ctx, april, again)
	})
	step("no refund warnings", analysis, func() error { return s.SaveRefundWarnings(ctx, april, nil) })
	step("still none", nil, func() error { return s.SaveRefundWarnings(ctx, april, nil) })
	step("a holiday table", analysis, func() error { return s.SaveHolidayTable(ctx, holidayTable) })
	step("a contact", followup, func() error {
		_, err := s.AddContact(ctx, scopeOf(t, s, "S1001"), contact(ids["KH0001"], postcrm.OutcomeUnreachable, ""), postcrm.Actor{User: "S1001"})
		return err
	})
	step("a refused contact", nil, func() error {
		_, err := s.AddContact(ctx, scopeOf(t, s, "S1001"), contact(ids["KH0001"], "no-such-outcome", ""), postcrm.Actor{User: "S1001"})
		if err == nil {
			t.Error("a contact with an unknown outcome was stored")
		}
		return err
	})
	step("a reassignment", followup, func() error {
		return s.Reassign(ctx, scopeOf(t, s, "S1002"), ids["KH0001"], "S1002", postcrm.Actor{User: "S1002"})
	})
	step("an owner from the pool", followup, func() error {
		return s.AssignOwner(ctx, scopeOf(t, s, "S1002"), "KH0001", "S1001", postcrm.Actor{User: "S1002"})
	})
	step("a dispatch run", followup, func() error {
		return s.ApplyDispatchPlan(ctx, postcrm.DispatchPlan{}, postcrm.Actor{User: "cli"})
	})
	step("follow-up settings", followup, func() error {
		return s.SaveFollowupSettings(ctx, postcrm.DefaultFollowupSettings(), postcrm.Actor{User: "P001"})
	})
}

// testSummaries: a summary is found under its whole key only, and saving
// one again replaces it.
func testSummaries(t *testing.T, st *sqlstore.Store) {
	ctx := context.Background()
	s := st
	key := postcrm.SummaryKey{Scope: "city:石家庄市", Name: "dashboard", Month: 202605}
	if _, found, err := s.Summary(ctx, key); err != nil || found {
		t.Fatalf("empty store: found %v, %v", found, err)
	}
	for _, sum := range []postcrm.Summary{
		{SummaryKey: key, Version: "1/0/0@2026-06-10", Body: []byte(`{"month":"2026-05"}`)},
		{SummaryKey: key, Version: "2/0/0@2026-06-10", Body: []byte(`{"month":"2026-05","n":"城"}`)},
	} {
		if err := s.SaveSummary(ctx, sum); err != nil {
			t.Fatal(err)
		}
		got, found, err := s.Summary(ctx, key)
		if err != nil || !found || got.Version != sum.Version || string(got.Body) != string(sum.Body) {
			t.Fatalf("saved %s %s, read %v %s %s (%v)", sum.Version, sum.Body, found, got.Version, got.Body, err)
		}
	}
	for _, other := range []postcrm.SummaryKey{
		{Scope: "city:唐山市", Name: key.Name, Month: key.Month},
		{Scope: key.Scope, Name: "measurement-lag1", Month: key.Month},
		{Scope: key.Scope, Name: key.Name, Month: 202604},
	} {
		if _, found, err := s.Summary(ctx, other); err != nil || found {
			t.Errorf("%+v: found %v, %v", other, found, err)
		}
	}
}

// expectWalkinParts: the count and the page the walk-in page reads apart
// give what TopWalkins gives: phones, in order.
func expectWalkinParts(t *testing.T, s *sqlstore.Store, sc postcrm.Scope, phones []string) {
	t.Helper()
	ctx := context.Background()
	if n, err := s.WalkinCount(ctx, sc, april); err != nil || n != len(phones) {
		t.Errorf("WalkinCount: %d, %v; want %d", n, err, len(phones))
	}
	rows := must[[]postcrm.WalkinRow](t)(s.WalkinsPage(ctx, sc, april, 0, 0))
	var got []string
	for _, r := range rows {
		got = append(got, r.Phone)
	}
	if !slices.Equal(got, phones) {
		t.Errorf("WalkinsPage: %v, want %v", got, phones)
	}
}
