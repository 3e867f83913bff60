package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"postcrm"
)

// hugePages are page numbers beyond any list's end: past the last page,
// where the offset would overflow, and beyond int64.
var hugePages = []string{"9223372036854775807", "184467440737095517", "99999999999999999999", "1000"}

// TestPageBeyondTheEndShowsTheLast: every paged list, page and API,
// answers a page number beyond its end, however large, with its last
// page; a page that is not a positive number is a 400.
func TestPageBeyondTheEndShowsTheLast(t *testing.T) {
	f := newFixture(t)
	addWalkinWarnings(t, f, 60) // 124 warnings: 3 pages for the province, 24 on the last
	f.dispatchFixture(t)
	ctx := context.Background()
	for i := range 120 {
		e := postcrm.AuditEntry{At: f.clock.Now().Add(time.Duration(i) * time.Second), User: provinceUser, Action: postcrm.AuditDataChange, Target: fmt.Sprint(i)}
		if err := f.store.Audit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	type list struct {
		listPosition
		Warnings []warningJSON    `json:"warnings"`
		Walkins  []walkinJSON     `json:"walkins"`
		Items    []dispatchJSON   `json:"items"`
		Entries  []auditEntryJSON `json:"entries"`
	}
	rows := func(l list) int { return len(l.Warnings) + len(l.Walkins) + len(l.Items) + len(l.Entries) }
	for _, c := range []struct{ api, page string }{
		{"/api/v1/warnings?x=1", "/warnings?x=1"},
		{"/api/v1/walkins?x=1", "/walkins?x=1"},
		{"/api/v1/followup?month=2026-05", "/followup?month=2026-05"},
		{"/api/v1/audit?x=1", "/admin/audit?x=1"},
	} {
		first := getJSON[list](t, f, provinceUser, c.api)
		pages := max(first.Pages, (first.Total+pageSize-1)/pageSize) // the audit API answers no page count
		last := getJSON[list](t, f, provinceUser, fmt.Sprintf("%s&page=%d", c.api, pages))
		if pages < 1 || last.Page != pages || rows(last) != first.Total-(pages-1)*pageSize {
			t.Fatalf("%s: the last page %d: %+v with %d rows", c.api, pages, last.listPosition, rows(last))
		}
		for _, p := range hugePages {
			got := getJSON[list](t, f, provinceUser, c.api+"&page="+p)
			if got.Page != pages || rows(got) != rows(last) || !slices.Equal(idsOf(got.Warnings), idsOf(last.Warnings)) {
				t.Errorf("%s&page=%s: page %d with %d rows, want the last page %d with %d", c.api, p, got.Page, rows(got), pages, rows(last))
			}
			html := body(t, f.session(t, provinceUser).get(c.page+"&page="+p))
			if want := fmt.Sprintf(zhMessages["pager.page"], pages, pages); pages > 1 && !strings.Contains(html, want) {
				t.Errorf("%s&page=%s: the page does not say %q", c.page, p, want)
			}
		}
		for _, p := range []string{"0", "-1", "-9223372036854775808", "-99999999999999999999", "x"} {
			if resp := f.session(t, provinceUser).api("GET", c.api+"&page="+p, ""); resp.StatusCode != http.StatusBadRequest {
				t.Errorf("%s&page=%s: %d, want 400", c.api, p, resp.StatusCode)
			}
		}
	}
}

func idsOf(ws []warningJSON) []int64 {
	ids := make([]int64, len(ws))
	for i, w := range ws {
		ids[i] = w.ID
	}
	return ids
}
