package storetest

import (
	"context"
	"fmt"
	"testing"

	"postcrm"
	"postcrm/sqlstore"
)

// testAlerts: the alert levels start at the defaults and save with an
// audit entry; a run stores its raised alerts, each with a warning of its
// kind in the day's month, or attached to the month's warning already
// there; a second run of the day adds nothing twice; clearing records the
// day and why; AlertsSince and OpenAlertCases see what they should; a
// monthly re-save that no longer raises a warning an alert attached to
// keeps it.
func testAlerts(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	if got := must[postcrm.AlertSettings](t)(s.AlertSettings(ctx)); got != postcrm.DefaultAlertSettings() {
		t.Errorf("a new store's alert settings %+v, want the defaults %+v", got, postcrm.DefaultAlertSettings())
	}
	set := postcrm.AlertSettings{SilentLevel: 0.0005, SlowdownLevel: 0.002, RecentDays: 21, MinDrop: 0.6}
	if err := s.SaveAlertSettings(ctx, set, postcrm.Actor{User: "admin"}); err != nil {
		t.Fatal(err)
	}
	if got := must[postcrm.AlertSettings](t)(s.AlertSettings(ctx)); got != set {
		t.Errorf("saved %+v, read %+v", set, got)
	}
	if got := must[postcrm.Date](t)(s.LastAlertRun(ctx)); got != 0 {
		t.Errorf("a new store's last alert run %s", got)
	}
	const month = 202606
	monthly := postcrm.Warning{Month: month, Kind: postcrm.WarnDecline, CustomerCode: "KH0002", OfficeCode: "13010001",
		OwnerStaffID: "S1001", ExpectedItems: 100, ActualItems: 40, Score: 12, Reason: "发件量下滑"}
	if err := s.SaveWarnings(ctx, month, []postcrm.WarningKind{postcrm.WarnDecline}, []postcrm.Warning{monthly}); err != nil {
		t.Fatal(err)
	}
	monthlyID := must[[]postcrm.Warning](t)(s.Warnings(ctx, month))[0].ID
	day := postcrm.Date(20260612)
	raised := []postcrm.Alert{
		{Kind: postcrm.WarnSilent, CustomerCode: "KH0001", OfficeCode: "13010001", OwnerStaffID: "S1001", RaisedOn: day,
			LastShipped: 20260609, SilentDays: 3, ExpectedItems: 18.5, ExpectedFen: 22200, P: 1e-5, Score: 300, Reason: "已连续 3 天未发件（平时约每天 6 件），最后一次发件在 6 月 9 日"},
		{Kind: postcrm.WarnSlowdown, CustomerCode: "KH0002", OfficeCode: "13010001", OwnerStaffID: "S1001", RaisedOn: day,
			LastShipped: 20260612, ExpectedItems: 80, ActualItems: 10, P: 1e-4, Score: 200, Reason: "近 14 天只发 10 件"},
	}
	for range 2 { // the second run of the day adds nothing
		saved := must[[]postcrm.Alert](t)(s.SaveAlertRun(ctx, day, raised, nil))
		if len(saved) != 2 || saved[0].ID == 0 || saved[1].WarningID != monthlyID {
			t.Fatalf("saved %+v: want IDs, the second attached to warning %d", saved, monthlyID)
		}
	}
	ws := must[[]postcrm.Warning](t)(s.Warnings(ctx, month))
	if len(ws) != 2 {
		t.Fatalf("warnings of the month after the run: %+v, want the monthly one and the silent alert's", ws)
	}
	for _, w := range ws {
		if w.CustomerCode == "KH0001" && (w.Kind != postcrm.WarnSilent || w.Reason != raised[0].Reason || w.OwnerStaffID != "S1001" ||
			w.ExpectedFen != 22200 || w.RevenueAtRiskFen != 22200) {
			t.Errorf("the silent alert's warning: %+v", w)
		}
		if w.CustomerCode == "KH0002" && w.Kind != postcrm.WarnDecline {
			t.Errorf("the monthly warning an alert attached to changed: %+v", w)
		}
	}
	since := must[[]postcrm.Alert](t)(s.AlertsSince(ctx, day))
	if len(since) != 2 || since[0].CustomerCode != "KH0001" || since[0].ExpectedItems != 18.5 || since[0].LastShipped != 20260609 || since[0].ClearedOn != 0 {
		t.Fatalf("alerts since %s: %+v", day, since)
	}
	cases := must[map[string]int64](t)(s.OpenAlertCases(ctx))
	if len(cases) != 2 || cases["KH0002"] != monthlyID {
		t.Errorf("open cases %v", cases)
	}
	cleared := since[0]
	cleared.ClearedOn, cleared.ClearedWhy = 20260615, "恢复发件"
	must[[]postcrm.Alert](t)(s.SaveAlertRun(ctx, 20260615, nil, []postcrm.Alert{cleared}))
	if got := must[postcrm.Date](t)(s.LastAlertRun(ctx)); got != 20260615 {
		t.Errorf("last alert run %s, want 2026-06-15", got)
	}
	after := must[[]postcrm.Alert](t)(s.AlertsSince(ctx, 20260615))
	if len(after) != 2 || after[0].ClearedOn != 20260615 || after[0].ClearedWhy != "恢复发件" {
		t.Errorf("after clearing: %+v", after)
	}
	if got := must[[]postcrm.Alert](t)(s.AlertsSince(ctx, 20260616)); len(got) != 1 || got[0].CustomerCode != "KH0002" {
		t.Errorf("alerts open or cleared since 6-16: %+v, want KH0002's alone", got)
	}
	if cases := must[map[string]int64](t)(s.OpenAlertCases(ctx)); len(cases) != 1 {
		t.Errorf("open cases after clearing: %v", cases)
	}
	// The histories kept for a month: none, then as saved, replaced, and
	// another month's drop the first's.
	if v, body, err := s.AlertHistoryCache(ctx, month); err != nil || body != nil || v != "" {
		t.Errorf("a new store's kept histories: %q %v %v", v, body, err)
	}
	for _, body := range [][]byte{{0, 1, 2, 255}, {9, 8}} {
		if err := s.SaveAlertHistoryCache(ctx, month, "7/70/700", body); err != nil {
			t.Fatal(err)
		}
		if v, got, err := s.AlertHistoryCache(ctx, month); err != nil || v != "7/70/700" || string(got) != string(body) {
			t.Errorf("kept %v with 7/70/700, read %v with %q (%v)", body, got, v, err)
		}
	}
	if err := s.SaveAlertHistoryCache(ctx, month+1, "8/80/800", []byte{1}); err != nil {
		t.Fatal(err)
	}
	if _, body, err := s.AlertHistoryCache(ctx, month); err != nil || body != nil {
		t.Errorf("June's kept histories after July's were kept: %v %v", body, err)
	}
	// The digest of the rollups sums what CustomerDays streams.
	if got := must[string](t)(s.CustomerDaysDigest(ctx, postcrm.DayRange{From: 1, To: 99991231})); got != "0/0/0" {
		t.Errorf("an empty store's digest %q", got)
	}
	m := model{}
	m.apply(t, s, scenarioWaybills(1)[:100])
	all := postcrm.DayRange{From: 1, To: 99991231}
	var n, items, fen int64
	err := s.CustomerDays(ctx, all, func(d postcrm.CustomerDay) error {
		n, items, fen = n+1, items+d.Items, fen+d.PostageFen
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := must[string](t)(s.CustomerDaysDigest(ctx, all)), fmt.Sprintf("%d/%d/%d", n, items, fen); got != want || n == 0 {
		t.Errorf("digest %q, the rollups sum to %q", got, want)
	}
	// The month re-analysed no longer raises KH0002: its warning is the
	// alert's case and stays.
	if err := s.SaveWarnings(ctx, month, []postcrm.WarningKind{postcrm.WarnDecline}, nil); err != nil {
		t.Fatal(err)
	}
	if ws := must[[]postcrm.Warning](t)(s.Warnings(ctx, month)); len(ws) != 2 {
		t.Errorf("after a re-save without it: %+v, want the alert's case kept", ws)
	}
}
