package storetest

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"

	"postcrm"
	"postcrm/sqlstore"
)

// PlanSize is the shape of a dispatch re-run: the month's dispatches, and
// how many of them the re-run re-attaches (withdrawn earlier, raised
// again under new IDs), withdraws and escalates.
type PlanSize struct{ Dispatches, Reattach, Withdraw, Escalate int }

// planCase is a seeded month and the re-run's plan over it, with what the
// month's dispatches must be after the plan.
type planCase struct {
	month postcrm.Month
	plan  postcrm.DispatchPlan
	want  []postcrm.Dispatch
}

// seedPlan stores n.Dispatches dispatches of month under synthetic
// warning IDs (the dispatches table does not need the warnings), records
// a contact on each one to be re-attached and withdraws those, as an
// earlier re-run would have; then it builds the next re-run's plan. The
// escalations go one in three to the city, the others to the office.
func seedPlan(tb testing.TB, s *sqlstore.Store, month postcrm.Month, n PlanSize) planCase {
	tb.Helper()
	ctx := context.Background()
	on := month.First().AddDays(31)
	base := int64(month) * 1_000_000
	var seed postcrm.DispatchPlan
	for i := range n.Dispatches {
		seed.New = append(seed.New, postcrm.Dispatch{WarningID: base + int64(i), Month: month, Kind: postcrm.WarnDecline,
			CustomerCode: fmt.Sprintf("KB%06d", i), OfficeCode: "13010001", AssignedTo: "S1001",
			DispatchedOn: on, DueOn: on.AddDays(7), Status: postcrm.StatusOpen})
	}
	if err := s.ApplyDispatchPlan(ctx, seed, postcrm.Actor{User: "seed"}); err != nil {
		tb.Fatal(err)
	}
	province := postcrm.Scope{Role: postcrm.RoleProvinceAdmin}
	var earlier postcrm.DispatchPlan
	for i := range n.Reattach {
		id := base + int64(i)
		c := postcrm.Contact{WarningID: id, On: on.AddDays(2), Method: postcrm.MethodPhone, Outcome: postcrm.OutcomeUnreachable, StaffID: "S1001"}
		if _, err := s.AddContact(ctx, province, c, postcrm.Actor{User: "seed"}); err != nil {
			tb.Fatal(err)
		}
		earlier.Withdraw = append(earlier.Withdraw, id)
	}
	if err := s.ApplyDispatchPlan(ctx, earlier, postcrm.Actor{User: "seed"}); err != nil {
		tb.Fatal(err)
	}

	c := planCase{month: month, plan: postcrm.DispatchPlan{Reattach: map[int64]int64{}, Escalate: map[int64]int{}}}
	want := make(map[int64]postcrm.Dispatch, n.Dispatches)
	for _, d := range seed.New {
		d.Withdrawn = d.WarningID < base+int64(n.Reattach)
		if d.Withdrawn {
			d.Status, d.Outcome, d.Contacts = postcrm.StatusInProgress, postcrm.OutcomeUnreachable, 1
		}
		want[d.WarningID] = d
	}
	for i := range n.Reattach {
		old, id := base+int64(i), base+int64(n.Dispatches+i)
		c.plan.Reattach[old] = id
		d := want[old]
		delete(want, old)
		d.WarningID, d.Withdrawn = id, false
		want[id] = d
	}
	for i := n.Reattach; i < n.Reattach+n.Withdraw; i++ {
		id := base + int64(i)
		c.plan.Withdraw = append(c.plan.Withdraw, id)
		d := want[id]
		d.Withdrawn = true
		want[id] = d
	}
	for i := n.Reattach + n.Withdraw; i < n.Reattach+n.Withdraw+n.Escalate; i++ {
		id, lvl := base+int64(i), postcrm.EscalationOffice
		if i%3 == 0 {
			lvl = postcrm.EscalationCity
		}
		c.plan.Escalate[id] = lvl
		d := want[id]
		d.Escalation = lvl
		want[id] = d
	}
	for _, id := range slices.Sorted(maps.Keys(want)) {
		c.want = append(c.want, want[id])
	}
	return c
}

// testDispatchPlanAtScale applies a re-run's plan of a few thousand
// changes, enough for several multi-row statements of each kind: the
// dispatches, their contacts and the audit entries must come out as the
// plan says, one entry per change.
func testDispatchPlanAtScale(t *testing.T, st *sqlstore.Store) {
	ctx := context.Background()
	s := st
	c := seedPlan(t, s, 202405, PlanSize{Dispatches: 4000, Reattach: 1100, Withdraw: 700, Escalate: 1500})
	if err := s.ApplyDispatchPlan(ctx, c.plan, postcrm.Actor{User: "rerun", Addr: "cli"}); err != nil {
		t.Fatal(err)
	}
	got := must[[]postcrm.Dispatch](t)(s.Dispatches(ctx, c.month))
	if !slices.Equal(got, c.want) {
		for i := range min(len(got), len(c.want)) {
			if got[i] != c.want[i] {
				t.Fatalf("%d dispatches, want %d; first difference:\n%+v\nwant\n%+v", len(got), len(c.want), got[i], c.want[i])
			}
		}
		t.Fatalf("%d dispatches, want %d", len(got), len(c.want))
	}

	var moved []int64
	for _, k := range must[[]postcrm.Contact](t)(s.MonthContacts(ctx, c.month)) {
		moved = append(moved, k.WarningID)
	}
	if want := slices.Sorted(maps.Values(c.plan.Reattach)); !slices.Equal(moved, want) {
		t.Fatalf("contacts on warnings %v…, want %v…", moved[:min(5, len(moved))], want[:min(5, len(want))])
	}

	log := must[[]postcrm.AuditEntry](t)(firstOf(s.AuditLog(ctx, postcrm.AuditQuery{User: "rerun", Limit: 100000})))
	got2 := map[string]int{}
	for _, e := range log {
		if e.Action != postcrm.AuditDataChange || e.Addr != "cli" {
			t.Fatalf("audit entry %+v", e)
		}
		got2[e.Target+" "+e.Detail]++
	}
	want2 := map[string]int{}
	for old, id := range c.plan.Reattach {
		want2[fmt.Sprintf("warning:%d re-attached the follow-up of withdrawn warning %d", id, old)]++
	}
	for _, id := range c.plan.Withdraw {
		want2[fmt.Sprintf("warning:%d withdrawn: the analysis no longer raises the warning; follow-up kept", id)]++
	}
	for id, lvl := range c.plan.Escalate {
		want2[fmt.Sprintf("warning:%d escalated to level %d", id, lvl)]++
	}
	if len(log) != len(want2) || !maps.Equal(got2, want2) {
		t.Fatalf("%d audit entries (%d distinct), want %d", len(log), len(got2), len(want2))
	}
}

// BenchApplyDispatchPlan measures ApplyDispatchPlan on a re-run of size n
// over a freshly seeded month per iteration (seeding is not timed).
func BenchApplyDispatchPlan(b *testing.B, st *sqlstore.Store, n PlanSize) {
	ctx := context.Background()
	s := st
	month := postcrm.Month(202001)
	for range b.N {
		b.StopTimer()
		c := seedPlan(b, s, month, n)
		month = month.Next()
		b.StartTimer()
		if err := s.ApplyDispatchPlan(ctx, c.plan, postcrm.Actor{User: "bench"}); err != nil {
			b.Fatal(err)
		}
	}
}

// ProvinceRerun is a province month's dispatch re-run for the benchmarks:
// 10,000 dispatches, 600 of them re-attached after a re-analysis raised
// them again, 600 withdrawn, and the 4,000 untouched after their due date
// escalated.
var ProvinceRerun = PlanSize{Dispatches: 10000, Reattach: 600, Withdraw: 600, Escalate: 4000}

// WithFixtureStaff stores the fixtures' offices and staff in s, so that
// the dispatches seedPlan gives to S1001 have someone to tell: a dispatch
// run's benchmark on it writes a notice per new dispatch and escalation.
func WithFixtureStaff(tb testing.TB, s *sqlstore.Store) *sqlstore.Store {
	tb.Helper()
	if _, err := s.Apply(context.Background(), postcrm.Batch{Kind: postcrm.KindOrg, Offices: fixtureOffices, Staff: fixtureStaff}); err != nil {
		tb.Fatal(err)
	}
	return s
}
