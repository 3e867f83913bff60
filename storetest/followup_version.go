package storetest

import (
	"context"
	"testing"
	"time"

	"postcrm"
	"postcrm/sqlstore"
)

// testFollowupVersion: the month's follow-up version stays put while
// nothing the later months' analyses read changes, and moves with each
// thing they read: an import, a suspension, the month's warnings, the
// stored holiday table (each save, even of the same table). What
// the cases are built from afresh leaves it alone: a contact, a
// reassignment, an owner given from the pool, another month's dispatch.
func testFollowupVersion(t *testing.T, st *sqlstore.Store) {
	ctx := context.Background()
	s, ids := dispatchedApril(t, st)
	version := func() string { return must[string](t)(s.FollowupVersion(ctx, april)) }
	last := version()
	if again := version(); again != last {
		t.Fatalf("version moved without a change: %q, then %q", last, again)
	}
	step := func(what string, change func() error) {
		t.Helper()
		if err := change(); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		v := version()
		if v == last {
			t.Errorf("version %q did not move with %s", v, what)
		}
		last = v
	}
	same := func(what string, change func() error) {
		t.Helper()
		if err := change(); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if v := version(); v != last {
			t.Errorf("%s moved the version: %q, then %q", what, last, v)
		}
	}
	same("a contact", func() error {
		_, err := s.AddContact(ctx, scopeOf(t, s, "S1001"), contact(ids["KH0001"], postcrm.OutcomeUnreachable, ""), postcrm.Actor{User: "S1001"})
		return err
	})
	same("a reassignment", func() error {
		return s.Reassign(ctx, scopeOf(t, s, "S1002"), ids["KH0001"], "S1002", postcrm.Actor{User: "S1002"})
	})
	same("an owner from the pool", func() error {
		return s.AssignOwner(ctx, scopeOf(t, s, "S1002"), "KH0001", "S1001", postcrm.Actor{User: "S1002"})
	})
	step("an import", func() error {
		_, err := s.RecordImportRun(ctx, postcrm.ImportRun{Kind: postcrm.KindWaybills, Source: "waybills-2024-05.csv",
			StartedAt: time.Unix(1, 0), FinishedAt: time.Unix(2, 0)})
		return err
	})
	step("a suspension", func() error {
		return s.SaveSuspension(ctx, postcrm.Suspension{OfficeCode: "13010001", From: 20240510, To: 20240512, Reason: "暴雨"})
	})
	step("a longer suspension", func() error {
		return s.SaveSuspension(ctx, postcrm.Suspension{OfficeCode: "13010001", From: 20240510, To: 20240515, Reason: "暴雨"})
	})
	step("one warning fewer", func() error {
		ws := must[[]postcrm.Warning](t)(s.Warnings(ctx, april))
		return s.SaveWarnings(ctx, april, []postcrm.WarningKind{postcrm.WarnDecline, postcrm.WarnChurn, postcrm.WarnSlowStart, postcrm.WarnWalkinChurn}, ws[1:])
	})
	step("a holiday table", func() error { return s.SaveHolidayTable(ctx, holidayTable) })
	step("the same holiday table again", func() error { return s.SaveHolidayTable(ctx, holidayTable) })
	may := postcrm.Dispatch{WarningID: 999999, Month: 202405, Kind: postcrm.WarnDecline, CustomerCode: "KH0001", OfficeCode: "13010001",
		AssignedTo: "S1001", DispatchedOn: 20240602, DueOn: 20240609, Status: postcrm.StatusOpen}
	same("May's dispatch", func() error {
		return s.ApplyDispatchPlan(ctx, postcrm.DispatchPlan{New: []postcrm.Dispatch{may}}, postcrm.Actor{User: "cli"})
	})
}
