package storetest

import (
	"context"
	"slices"
	"testing"

	"postcrm"
	"postcrm/sqlstore"
)

// testFollowupTodo: the work list holds the open and in-progress
// dispatches, most urgent first (earliest due, so the overdue lead, then
// revenue at risk), each with its customer's contact; and one
// customer's dispatches can be read alone.
func testFollowupTodo(t *testing.T, st *sqlstore.Store) {
	ctx := context.Background()
	s := st
	applyScoped(t, s, followupUsers...)
	// April dispatched as dispatchApril does, but KH0003's due first.
	ids := aprilIDs(t, s)
	plan := aprilPlan(t, s)
	for i, d := range plan.New {
		if d.CustomerCode == "KH0003" {
			plan.New[i].DueOn = aprilDue.AddDays(-3)
		}
	}
	if err := s.ApplyDispatchPlan(ctx, plan, postcrm.Actor{User: "cli"}); err != nil {
		t.Fatal(err)
	}
	province := scopeOf(t, s, "P0001")
	// KH0002 is closed by a contact.
	must[postcrm.Contact](t)(s.AddContact(ctx, province, contact(ids["KH0002"], postcrm.OutcomeLost, "price"), postcrm.Actor{User: "P0001"}))

	all := must[[]postcrm.DispatchRow](t)(firstOf(s.ScopedDispatches(ctx, province, postcrm.DispatchQuery{})))
	rows, total, err := s.ScopedDispatches(ctx, province, postcrm.DispatchQuery{Todo: true})
	if err != nil {
		t.Fatal(err)
	}
	var want []postcrm.DispatchRow
	for _, r := range all {
		if r.Status != postcrm.StatusClosed && r.Warning.CustomerCode != "KH0003" {
			want = append(want, r)
		}
	}
	// The plain list is by revenue at risk; the others are due the same
	// day, so the work list keeps that order after the early one.
	if len(rows) == 0 || total != len(rows) || rows[0].WarningID != ids["KH0003"] {
		t.Fatalf("work list: %v (total %d), want the early one first", dispatchKeys(rows), total)
	}
	if got := dispatchKeys(rows[1:]); !slices.Equal(got, dispatchKeys(want)) {
		t.Errorf("work list after the early one: %v, want %v", got, dispatchKeys(want))
	}
	for _, r := range rows {
		if r.WarningID == ids["KH0002"] {
			t.Errorf("the closed KH0002 is on the work list")
		}
		if r.Warning.CustomerCode == "KH0001" && (r.ContactName != "赵经理" || r.ContactPhone != "0311-88880001") {
			t.Errorf("KH0001's contact: %q %q", r.ContactName, r.ContactPhone)
		}
	}
	kh3 := must[[]postcrm.DispatchRow](t)(firstOf(s.ScopedDispatches(ctx, province, postcrm.DispatchQuery{CustomerCode: "KH0003"})))
	if keys := dispatchKeys(kh3); len(keys) != 1 || keys[0] != "KH0003" {
		t.Errorf("KH0003's dispatches: %v", keys)
	}
	// A courier's work list is theirs only.
	mine := must[[]postcrm.DispatchRow](t)(firstOf(s.ScopedDispatches(ctx, scopeOf(t, s, "S2001"), postcrm.DispatchQuery{Todo: true})))
	if len(mine) != 1 || mine[0].WarningID != ids["KH0003"] {
		t.Errorf("S2001's work list: %v", dispatchKeys(mine))
	}
}
