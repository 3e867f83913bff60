package web

import (
	"encoding/json"
	"net/http"
	"testing"

	"postcrm"
)

// TestOwnershipReportFollowup: on each store, the ownership report's
// follow-up columns come from the dispatches and contacts. The fixture's
// May warnings are dispatched on 1 June, due on the 8th: K001 reached
// CUST-A on the 5th (on time), K002 and K003 did nothing, CUST-C went to
// nobody (the unowned line of 13000002). April had no dispatches, so
// nothing is recovered.
func TestOwnershipReportFollowup(t *testing.T) {
	onEveryStore(t, func(t *testing.T, f *fixture) {
		f.dispatchFixture(t)
		resp := f.session(t, courierUser).api("POST", idPath(f, "/api/v1/followup/%d/contacts", "CUST-A"),
			`{"on": "2026-06-05", "method": "visit", "outcome": "lost", "reason": "price"}`)
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("contact: %d %s", resp.StatusCode, body(t, resp))
		}
		var r postcrm.Report
		if err := json.Unmarshal([]byte(body(t, f.session(t, provinceUser).api("GET", "/api/v1/reports/ownership?month=2026-05", ""))), &r); err != nil {
			t.Fatal(err)
		}
		tb := r.Tables[0]
		col := map[string]int{}
		for i, c := range tb.Columns {
			col[c.Key] = i
		}
		got := map[string][3]float64{} // owner or office's unowned line: received, on time, recovered
		for _, row := range tb.Rows {
			if row.Level != postcrm.RowDetail {
				continue
			}
			key := row.Cells[col["owner_staff_id"]].(string)
			if key == "—" {
				key += row.Cells[col["office"]].(string)
			}
			got[key] = [3]float64{row.Cells[col["warnings_received"]].(float64), row.Cells[col["followed_up_on_time"]].(float64),
				row.Cells[col["recovered_last_month"]].(float64)}
		}
		want := map[string][3]float64{"K001": {1, 1, 0}, "K002": {1, 0, 0}, "K003": {1, 0, 0}}
		for k, w := range want {
			if got[k] != w {
				t.Errorf("%s: received, on time, recovered %v, want %v (all: %v)", k, got[k], w, got)
			}
		}
		received := 0.0
		for _, v := range got {
			received += v[0]
		}
		if received != 4 {
			t.Errorf("received in all %v, want the 4 dispatched (CUST-C on an unowned line): %v", received, got)
		}
	})
}
