package web

import (
	"context"
	"net/http"
	"regexp"
	"testing"

	"postcrm"
	"postcrm/followup"
)

// TestSummarizeFollowup sums hand-made counts as of 2026-06-20: 11
// dispatched, 5 with a contact, 4 closed; open by days since dispatch
// 7 (0–7), 8 and 14 (8–14), 15 (over 14).
func TestSummarizeFollowup(t *testing.T) {
	d := func(day int) postcrm.Date { return postcrm.NewDate(2026, 6, day) }
	counts := []postcrm.DispatchCount{
		{Kind: postcrm.WarnDecline, Status: postcrm.StatusOpen, DispatchedOn: d(13), N: 2},
		{Kind: postcrm.WarnDecline, Status: postcrm.StatusInProgress, DispatchedOn: d(12), Contacted: true, N: 1},
		{Kind: postcrm.WarnChurn, Status: postcrm.StatusOpen, DispatchedOn: d(6), N: 3},
		{Kind: postcrm.WarnChurn, Status: postcrm.StatusClosed, DispatchedOn: d(1), Contacted: true, N: 4},
		{Kind: postcrm.WarnWalkinChurn, Status: postcrm.StatusOpen, DispatchedOn: d(5), N: 1},
	}
	f := summarizeFollowup(counts, d(20))
	if f.Dispatched != 11 || f.Contacted != 5 || f.Closed != 4 || *f.ContactedRate != 5.0/11 || *f.ClosedRate != 4.0/11 {
		t.Errorf("figures %+v", f)
	}
	want := []openByAge{{Kind: postcrm.WarnDecline, Ages: [3]int{2, 1, 0}}, {Kind: postcrm.WarnChurn, Ages: [3]int{0, 3, 0}},
		{Kind: postcrm.WarnWalkinChurn, Ages: [3]int{0, 0, 1}}}
	if len(f.Open) != len(want) || f.Open[0] != want[0] || f.Open[1] != want[1] || f.Open[2] != want[2] {
		t.Errorf("open by age %+v, want %+v", f.Open, want)
	}
	if none := summarizeFollowup(nil, d(20)); none.ContactedRate != nil || none.ClosedRate != nil || percentText(none.ClosedRate) != "—" {
		t.Errorf("no dispatches: %+v", none)
	}
}

// TestDashboardFollowupPerRole: the fixture's May warnings dispatched on
// 2026-06-01 (due the 8th), K001 tried CUST-A on the 5th without reaching
// anyone, and a run on the 12th escalated the untouched ones (B, C, D) to
// their office managers. On the 10th every one is overdue and nine days
// old; each role counts its scope's.
func TestDashboardFollowupPerRole(t *testing.T) {
	onEveryStore(t, func(t *testing.T, f *fixture) {
		f.dispatchFixture(t)
		resp := f.session(t, courierUser).api("POST", idPath(f, "/api/v1/followup/%d/contacts", "CUST-A"),
			`{"on": "2026-06-05", "method": "phone", "outcome": "unreachable"}`)
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("contact: %d %s", resp.StatusCode, body(t, resp))
		}
		if _, _, err := followup.Run(context.Background(), f.store, testMonth, postcrm.NewDate(2026, 6, 12), -1, postcrm.Actor{User: "test"}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			user                                 string
			dispatched, overdue, escalated, aged int
		}{
			{courierUser, 1, 1, 0, 1},
			{officeUser, 2, 2, 1, 2},
			{cityUser, 3, 3, 2, 3},
			{provinceUser, 4, 4, 3, 4},
		} {
			fu := getJSON[dashboard](t, f, c.user, "/api/v1/dashboard").Followup
			if fu.Dispatched != c.dispatched || fu.Contacted != 1 || fu.Closed != 0 || fu.Overdue != c.overdue || fu.Escalated != c.escalated ||
				len(fu.Open) != 1 || fu.Open[0].Kind != postcrm.WarnDecline || fu.Open[0].Ages != [3]int{0, c.aged, 0} {
				t.Errorf("%s: %+v, want %+v", c.user, fu, c)
			}
		}
		html := page(t, f, officeUser, "/")
		overdue := regexp.MustCompile(`<li id="fu-overdue"><a href="/followup\?view=overdue">[^<]*</a> <strong class="count">(\d+)</strong>`).FindStringSubmatch(html)
		escalated := regexp.MustCompile(`<li id="fu-escalated"><a href="/followup\?view=escalated">[^<]*</a> <strong class="count">(\d+)</strong>`).FindStringSubmatch(html)
		if overdue == nil || overdue[1] != "2" || escalated == nil || escalated[1] != "1" {
			t.Errorf("office manager's page: overdue %v, escalated %v", overdue, escalated)
		}
		if ages := regexp.MustCompile(`<tr data-kind="decline">.*?</tr>`).FindString(html); !regexp.MustCompile(`>0</td><td[^>]*>2</td><td[^>]*>0</td>`).MatchString(ages) {
			t.Errorf("open warnings by age on the page: %q", ages)
		}
	})
}
