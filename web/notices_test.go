package web

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"postcrm"
)

// TestReassignFromTheWebTellsTheNewAssignee: a manager's reassignment
// through the web writes one notice to the new assignee with the change;
// the same reassignment posted again tells nobody anew.
func TestReassignFromTheWebTellsTheNewAssignee(t *testing.T) {
	f := newFixture(t)
	f.dispatchFixture(t)
	outbox := f.store.(postcrm.NoticeStore)
	reassigned := func() []postcrm.Notice {
		t.Helper()
		ns, err := outbox.Notices(context.Background(), postcrm.NoticeQuery{})
		if err != nil {
			t.Fatal(err)
		}
		var out []postcrm.Notice
		for _, n := range ns {
			if n.Kind == postcrm.NoticeReassigned {
				out = append(out, n)
			}
		}
		return out
	}
	manager := f.session(t, officeUser)
	path := idPath(f, "/api/v1/followup/%d/assign", "CUST-B")
	for range 2 {
		if resp := manager.api("POST", path, `{"staff_id":"`+courierUser+`"}`); resp.StatusCode != http.StatusOK {
			t.Fatalf("reassign: %d %s", resp.StatusCode, body(t, resp))
		}
	}
	ns := reassigned()
	want := fmt.Sprintf("reassigned:%d:1", f.WarningIDs["CUST-B"])
	if len(ns) != 1 || ns[0].EventID != want || ns[0].Recipient != courierUser || ns[0].CustomerCode != "CUST-B" {
		t.Fatalf("notices of the reassignment: %+v, want one %s to %s", ns, want, courierUser)
	}
}
