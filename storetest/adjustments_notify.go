package storetest

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"postcrm"
	"postcrm/policy"
	"postcrm/sqlstore"
)

// inForceTold lists the recipients of adjustment id's in-force notices.
func inForceTold(t *testing.T, s *sqlstore.Store, id string) []string {
	t.Helper()
	var told []string
	for _, n := range must[[]postcrm.Notice](t)(s.Notices(context.Background(), postcrm.NoticeQuery{})) {
		if n.Kind == postcrm.NoticeAdjustmentInForce && n.CustomerName == id {
			told = append(told, n.Recipient)
		}
	}
	slices.Sort(told)
	return told
}

// testAdjustmentsInForceNotices: an adjustment approved ahead of its
// first day tells nobody at approval; the daily run on its first day
// tells the office staff in its scope once, a second run adds nothing;
// a lifted or expired one is not told; an approval on the first day
// tells at once and the run does not tell again.
func testAdjustmentsInForceNotices(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	applyFixtures(t, s)
	shijiazhuang := []string{"S1001", "S1002", "S1003"}
	record := func(a postcrm.Adjustment, step postcrm.AdjustmentStatus, at time.Time, prior postcrm.AdjustmentStatus) {
		t.Helper()
		a.Status = step
		if err := s.RecordAdjustment(ctx, a, postcrm.AdjustmentStep{Step: step, Actor: "P0001", At: at}, prior); err != nil {
			t.Fatal(err)
		}
	}
	ahead := postcrm.Adjustment{ID: "TZ24-10", Scope: "石家庄市", Kind: postcrm.AdjustDestination, Provinces: []string{"广东"},
		From: 20240710, To: 20240720, Reason: "寄达地管控"}
	approvedAt := time.Date(2024, 7, 3, 22, 0, 0, 0, postcrm.ChinaTime)
	record(ahead, postcrm.AdjustDrafted, approvedAt.Add(-time.Hour), "")
	record(ahead, postcrm.AdjustSubmitted, approvedAt.Add(-time.Minute), postcrm.AdjustDrafted)
	record(ahead, postcrm.AdjustApproved, approvedAt, postcrm.AdjustSubmitted)
	if got := inForceTold(t, s, "TZ24-10"); len(got) != 0 {
		t.Errorf("approved ahead of its first day, told at approval: %v", got)
	}
	// The day before its first day: nothing yet.
	if n := must[int](t)(policy.NotifyInForce(ctx, s, 20240709)); n != 0 || len(inForceTold(t, s, "TZ24-10")) != 0 {
		t.Errorf("the day before its first day: %d new notices", n)
	}
	n := must[int](t)(policy.NotifyInForce(ctx, s, 20240710))
	if got := inForceTold(t, s, "TZ24-10"); !reflect.DeepEqual(got, shijiazhuang) || n != len(shijiazhuang) {
		t.Errorf("on its first day: %d new, told %v, want %v", n, got, shijiazhuang)
	}
	if n := must[int](t)(policy.NotifyInForce(ctx, s, 20240710)); n != 0 {
		t.Errorf("a second run on the same day added %d notices", n)
	}
	if n := must[int](t)(policy.NotifyInForce(ctx, s, 20240711)); n != 0 {
		t.Errorf("the next day's run added %d notices", n)
	}

	// Approved on its first day: told at approval, once.
	onDay := postcrm.Adjustment{ID: "TZ24-11", Scope: "石家庄市", Kind: postcrm.AdjustProduct, Products: []string{"特快专递"}, From: 20240801}
	at := time.Date(2024, 8, 1, 1, 30, 0, 0, postcrm.ChinaTime)
	record(onDay, postcrm.AdjustDrafted, at.Add(-time.Hour), "")
	record(onDay, postcrm.AdjustSubmitted, at.Add(-time.Minute), postcrm.AdjustDrafted)
	record(onDay, postcrm.AdjustApproved, at, postcrm.AdjustSubmitted)
	if got := inForceTold(t, s, "TZ24-11"); !reflect.DeepEqual(got, shijiazhuang) {
		t.Errorf("approved on its first day, told %v, want %v", got, shijiazhuang)
	}
	if n := must[int](t)(policy.NotifyInForce(ctx, s, 20240801)); n != 0 {
		t.Errorf("the run after an approval on the first day added %d notices", n)
	}

	// Lifted before its first day: never told in force.
	lifted := postcrm.Adjustment{ID: "TZ24-12", Scope: "石家庄市", Kind: postcrm.AdjustSuspend, From: 20240901}
	record(lifted, postcrm.AdjustDrafted, at, "")
	record(lifted, postcrm.AdjustSubmitted, at, postcrm.AdjustDrafted)
	record(lifted, postcrm.AdjustApproved, at, postcrm.AdjustSubmitted)
	lifted.To = 20240831
	record(lifted, postcrm.AdjustLifted, at.Add(time.Hour), postcrm.AdjustApproved)
	if n := must[int](t)(policy.NotifyInForce(ctx, s, 20240901)); n != 0 || len(inForceTold(t, s, "TZ24-12")) != 0 {
		t.Errorf("a lifted adjustment's first day: %d new notices", n)
	}
}
