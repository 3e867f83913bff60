package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"postcrm"
)

// TestPoolIsTheOwnershipReportsUnowned: an office manager's pool lists
// every unowned customer of the office, warned or not, as many as the
// ownership report's 未管户 line counts; no courier is chosen for them;
// after an assignment the page says who has the customer now.
func TestPoolIsTheOwnershipReportsUnowned(t *testing.T) {
	onEveryStore(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		quiet := postcrm.Customer{Code: "CUST-Q", Name: "安静客户", OfficeCode: "13000001", Status: postcrm.StatusActive}
		if _, err := f.store.Apply(ctx, postcrm.Batch{Kind: postcrm.KindCustomers, Customers: []postcrm.Customer{quiet}}); err != nil {
			t.Fatal(err)
		}
		manager := f.session(t, officeUser)
		pool := body(t, manager.get("/followup/pool"))
		listed := regexp.MustCompile(`data-customer="([^"]+)"`).FindAllStringSubmatch(pool, -1)
		if !strings.Contains(pool, `data-customer="CUST-Q"`) {
			t.Fatalf("the pool lacks the unowned customer without warnings:\n%s", pool)
		}
		report := body(t, manager.get("/reports/ownership?month=2026-05"))
		unowned := regexp.MustCompile(`<td>未管户</td><td class="num">(\d+)</td>`).FindStringSubmatch(report)
		if unowned == nil || unowned[1] != itoa(int64(len(listed))) {
			t.Errorf("the pool lists %d customers, the ownership report's unowned line %v", len(listed), unowned)
		}
		form := pool[strings.Index(pool, `data-customer="CUST-Q"`):]
		if row := form[:strings.Index(form, "</tr>")]; strings.Contains(row, "0000-00") || !strings.Contains(row, `<td data-label="最近一次">—</td>`) {
			t.Errorf("a customer never warned shows its last warning as %s", row)
		}
		form = form[:strings.Index(form, "</select>")]
		if strings.Contains(form, " selected") || !strings.Contains(form, `<option value="">`) {
			t.Errorf("the assignment form chooses a courier beforehand: %s", form)
		}
		resp := manager.post("/customers/CUST-Q/owner", url.Values{"staff": {courierUser}})
		body(t, resp)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/followup/pool?assigned=CUST-Q" {
			t.Fatalf("assigning: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		done := body(t, manager.get(resp.Header.Get("Location")))
		name := f.user(t, courierUser).DisplayName
		if !strings.Contains(done, `id="pool-done"`) || !strings.Contains(done, "已把 安静客户 交给 "+name) {
			t.Errorf("no confirmation after assigning")
		}
		if strings.Contains(done, `data-customer="CUST-Q"`) {
			t.Error("the assigned customer stays in the pool")
		}
	})
}

// TestPoolComesAPageAtATime: a pool longer than a page is listed a page
// at a time; the pages together hold every unowned customer once.
func TestPoolComesAPageAtATime(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	var many []postcrm.Customer
	for i := range pageSize + 10 {
		many = append(many, postcrm.Customer{Code: "CUST-P" + itoa(int64(100+i)), Name: "未管客户", OfficeCode: "13000001", Status: postcrm.StatusActive})
	}
	if _, err := f.store.Apply(ctx, postcrm.Batch{Kind: postcrm.KindCustomers, Customers: many}); err != nil {
		t.Fatal(err)
	}
	manager := f.session(t, officeUser)
	row := regexp.MustCompile(`data-customer="([^"]+)"`)
	seen := map[string]int{}
	first := body(t, manager.get("/followup/pool"))
	second := body(t, manager.get("/followup/pool?page=2"))
	for _, page := range []string{first, second} {
		for _, m := range row.FindAllStringSubmatch(page, -1) {
			seen[m[1]]++
		}
	}
	if n := len(row.FindAllString(first, -1)); n != pageSize || !strings.Contains(first, `id="pool-pager"`) {
		t.Errorf("the first page lists %d customers (want %d) or has no pager", n, pageSize)
	}
	for _, c := range many {
		if seen[c.Code] != 1 {
			t.Errorf("%s listed %d times over the two pages", c.Code, seen[c.Code])
		}
	}
	var api struct {
		Total, Page, Pages int
		Customers          []struct{}
	}
	if err := json.Unmarshal([]byte(body(t, manager.get("/api/v1/followup/pool?page=2"))), &api); err != nil {
		t.Fatal(err)
	}
	if api.Total != len(seen) || api.Page != 2 || api.Pages != 2 || len(api.Customers) != api.Total-pageSize {
		t.Errorf("the API's second page: total %d, page %d of %d, %d customers; the pages listed %d", api.Total, api.Page, api.Pages, len(api.Customers), len(seen))
	}
}
