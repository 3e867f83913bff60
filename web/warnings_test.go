package web

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"postcrm"
)

// addWalkinWarnings adds n walk-in win-back warnings in each of two
// offices of different cities, with distinct revenue at risk, so that
// the province's list runs over several pages.
func addWalkinWarnings(t *testing.T, f *fixture, n int) {
	t.Helper()
	var ws []postcrm.Warning
	for i := range n {
		for j, office := range []string{"13000001", "13100001"} {
			ws = append(ws, postcrm.Warning{Month: testMonth, Kind: postcrm.WarnWalkinChurn, SenderPhone: fmt.Sprintf("1370%03d%04d", j, i),
				OfficeCode: office, ExpectedItems: 2, RevenueAtRiskFen: int64(1000 + 7*i + j), Score: 1, Reason: "x"})
		}
	}
	if err := f.store.SaveWarnings(context.Background(), testMonth, []postcrm.WarningKind{postcrm.WarnWalkinChurn}, ws); err != nil {
		t.Fatal(err)
	}
}

// allWarnings pages through the API's list with the filters and returns
// every row in order, checking the paging on the way.
func allWarnings(t *testing.T, f *fixture, name, filters string) []warningJSON {
	t.Helper()
	var all []warningJSON
	for p := 1; ; p++ {
		l := getJSON[warningsList](t, f, name, fmt.Sprintf("/api/v1/warnings?%s&page=%d", filters, p))
		if l.Page != p || l.PageSize != pageSize || len(l.Warnings) > pageSize || (p < l.Pages && len(l.Warnings) != pageSize) {
			t.Fatalf("page %d: %+v with %d rows", p, l.listPosition, len(l.Warnings))
		}
		all = append(all, l.Warnings...)
		if p >= l.Pages {
			if len(all) != l.Total {
				t.Fatalf("%d rows over %d pages, total %d", len(all), l.Pages, l.Total)
			}
			return all
		}
	}
}

// TestWarningsScope: each role's list holds the warnings of its scope
// and no others, on the page and in the API, with names escaped.
func TestWarningsScope(t *testing.T) {
	f := newFixture(t)
	names := map[string]string{"CUST-A": "&lt;script&gt;alert(1)&lt;/script&gt;", "CUST-B": "华北商贸", "CUST-C": "建设路药房", "CUST-D": "唐山陶瓷"}
	for _, name := range walkers {
		t.Run(name, func(t *testing.T) {
			var want []string
			for code, who := range visibleCustomers {
				if slices.Contains(who, name) {
					want = append(want, code)
				}
			}
			rows := allWarnings(t, f, name, "")
			if len(rows) != len(want) {
				t.Errorf("%d warnings, want %d (%v)", len(rows), len(want), want)
			}
			for i, w := range rows {
				if !slices.Contains(want, w.CustomerCode) {
					t.Errorf("sees %s's warning", w.CustomerCode)
				}
				if i > 0 && w.RevenueAtRiskFen > rows[i-1].RevenueAtRiskFen {
					t.Errorf("row %d has more revenue at risk than row %d", i, i-1)
				}
			}
			html := page(t, f, name, "/warnings")
			if strings.Contains(html, "<script>alert") {
				t.Error("a customer's name is not escaped")
			}
			for code, n := range names {
				if strings.Contains(html, n) != slices.Contains(want, code) {
					t.Errorf("%s's name shown: %v, in scope: %v", code, strings.Contains(html, n), slices.Contains(want, code))
				}
			}
			if strings.Contains(html, `id="f-owner"`) == (name == courierUser) {
				t.Errorf("owner filter shown to %s: %v", name, name != courierUser)
			}
		})
	}
}

// TestWarningsFiltersAndPaging: every filter narrows the province's list
// to what it names, pages hold 50 rows, and the page shows the same rows
// as the API.
func TestWarningsFiltersAndPaging(t *testing.T) {
	f := newFixture(t)
	addWalkinWarnings(t, f, 60)
	all := allWarnings(t, f, provinceUser, "")
	if len(all) != 124 {
		t.Fatalf("%d warnings, want 4 contract + 120 walk-in", len(all))
	}
	for _, c := range []struct {
		filters string
		want    func(warningJSON) bool
	}{
		{"office=13100001", func(w warningJSON) bool { return w.OfficeCode == "13100001" }},
		{"city=" + url.QueryEscape("唐山市"), func(w warningJSON) bool { return w.City == "唐山市" }},
		{"owner=K001", func(w warningJSON) bool { return w.OwnerStaffID == "K001" }},
		{"kind=decline", func(w warningJSON) bool { return w.Kind == postcrm.WarnDecline }},
		{"kind=walkin_churn&office=13000001", func(w warningJSON) bool {
			return w.Kind == postcrm.WarnWalkinChurn && w.OfficeCode == "13000001"
		}},
		{"month=2026-04", func(warningJSON) bool { return false }},
	} {
		got := allWarnings(t, f, provinceUser, c.filters)
		var want []warningJSON
		for _, w := range all {
			if c.want(w) {
				want = append(want, w)
			}
		}
		if len(got) != len(want) {
			t.Errorf("%s: %d rows, want %d", c.filters, len(got), len(want))
			continue
		}
		for i := range got {
			if got[i].ID != want[i].ID {
				t.Errorf("%s: row %d is warning %d, want %d", c.filters, i, got[i].ID, want[i].ID)
				break
			}
		}
	}
	// Page 2 of the page shows rows 51-100 of the list, and links back.
	html := page(t, f, provinceUser, "/warnings?kind=walkin_churn&page=2")
	walkins := allWarnings(t, f, provinceUser, "kind=walkin_churn")
	if got := strings.Count(html, "<tr data-warning="); got != pageSize {
		t.Errorf("page 2 shows %d rows", got)
	}
	for _, w := range []warningJSON{walkins[50], walkins[99]} {
		if !strings.Contains(html, fmt.Sprintf(`data-warning="%d"`, w.ID)) {
			t.Errorf("page 2 lacks warning %d", w.ID)
		}
	}
	if strings.Contains(html, fmt.Sprintf(`data-warning="%d"`, walkins[49].ID)) {
		t.Errorf("page 2 shows page 1's last row")
	}
	for _, link := range []string{`href="/warnings?kind=walkin_churn&amp;page=1"`, `href="/warnings?kind=walkin_churn&amp;page=3"`} {
		if !strings.Contains(html, link) {
			t.Errorf("page 2 lacks the pager link %s", link)
		}
	}
	// A courier filtering on another's customers gets nothing, not theirs.
	if rows := allWarnings(t, f, courierUser, "owner=K002"); len(rows) != 0 {
		t.Errorf("the courier filtered to K002 sees %d warnings", len(rows))
	}
}
