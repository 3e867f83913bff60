package web

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

var customerLink = regexp.MustCompile(`href="(/customers/[^"/]+)"`)

// TestReassignedWarningOpensItsCustomer: a warning handed to a courier
// who does not own its customer shows in their lists with a customer
// link, and that link opens the customer, with the warning on it. A
// courier with no warning of the customer still gets a 404.
func TestReassignedWarningOpensItsCustomer(t *testing.T) {
	onEveryStore(t, func(t *testing.T, f *fixture) {
		f.dispatchFixture(t)
		courier := f.session(t, courierUser)
		if resp := courier.get("/customers/CUST-B"); resp.StatusCode != http.StatusNotFound {
			t.Fatalf("another courier's customer before any reassignment: %d, want 404", resp.StatusCode)
		}
		manager := f.session(t, officeUser)
		if resp := manager.api("POST", idPath(f, "/api/v1/followup/%d/assign", "CUST-B"), `{"staff_id":"`+courierUser+`"}`); resp.StatusCode != http.StatusOK {
			t.Fatalf("reassign: %d %s", resp.StatusCode, body(t, resp))
		}

		links := map[string]bool{}
		for _, page := range []string{"/warnings", "/followup?month=2026-05", idPath(f, "/followup/%d", "CUST-B")} {
			for _, m := range customerLink.FindAllStringSubmatch(body(t, courier.get(page)), -1) {
				links[m[1]] = true
			}
		}
		if !links["/customers/CUST-B"] {
			t.Fatalf("the courier's pages link %v, not the reassigned warning's customer", links)
		}
		for link := range links {
			if resp := courier.get(link); resp.StatusCode != http.StatusOK {
				t.Errorf("the courier's link %s answers %d", link, resp.StatusCode)
			}
		}
		rec := getJSON[customerRecord](t, f, courierUser, "/api/v1/customers/CUST-B")
		if len(rec.Warnings) != 1 || rec.Warnings[0].ID != f.WarningIDs["CUST-B"] {
			t.Errorf("the customer's warnings for the assignee: %+v", rec.Warnings)
		}
		if page := body(t, courier.get("/customers/CUST-B")); !strings.Contains(page, `data-warning="`+itoa(f.WarningIDs["CUST-B"])+`"`) {
			t.Error("the customer page does not list the reassigned warning")
		}

		// The owner still reads their customer; a courier elsewhere does not.
		if resp := f.session(t, otherCourier).get("/customers/CUST-B"); resp.StatusCode != http.StatusOK {
			t.Errorf("the owner: %d", resp.StatusCode)
		}
		if resp := f.session(t, spareUser).api("GET", "/api/v1/customers/CUST-B", ""); resp.StatusCode != http.StatusNotFound {
			t.Errorf("a courier of another city: %d, want 404", resp.StatusCode)
		}
	})
}
