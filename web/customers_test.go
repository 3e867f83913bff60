package web

import (
	"strings"
	"testing"
)

// TestCustomerRecord: the customer's page and API show its master data,
// 24 months ending with the latest analysed, its latest waybills newest
// first and its warnings, as text, with the charts.
func TestCustomerRecord(t *testing.T) {
	f := newFixture(t)
	r := getJSON[customerRecord](t, f, courierUser, "/api/v1/customers/CUST-A")
	if r.Customer.Code != "CUST-A" || r.Customer.Name != "<script>alert(1)</script>" || r.Customer.OwnerStaffID != courierUser ||
		r.Customer.OfficeName != "中华大街营业部" || r.Customer.City != "石家庄市" {
		t.Errorf("customer %+v", r.Customer)
	}
	if len(r.Months) != trendMonths || r.Months[trendMonths-1].Month != "2026-05" || r.Months[trendMonths-1].ContractItems != fixtureItems ||
		r.Months[trendMonths-2].ContractItems != 0 {
		t.Errorf("months: %d, last %+v", len(r.Months), r.Months[len(r.Months)-1])
	}
	if len(r.Waybills) != recentWaybills {
		t.Fatalf("%d waybills, want the latest %d", len(r.Waybills), recentWaybills)
	}
	for i := 1; i < len(r.Waybills); i++ {
		if r.Waybills[i].AcceptedAt.After(r.Waybills[i-1].AcceptedAt) {
			t.Errorf("waybill %d is newer than waybill %d", i, i-1)
		}
	}
	if len(r.Warnings) != 1 || r.Warnings[0].ID != f.WarningIDs["CUST-A"] || r.Warnings[0].Month != "2026-05" {
		t.Errorf("warnings %+v", r.Warnings)
	}

	html := page(t, f, courierUser, "/customers/CUST-A")
	if strings.Contains(html, "<script>alert") || !strings.Contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the customer's name is not shown as text")
	}
	if strings.Count(html, "<svg ") != 2 || strings.Count(html, "<rect ") < 2 || !strings.Contains(html, "<polyline ") {
		t.Error("the page lacks its volume bars and revenue line")
	}
	if got := strings.Count(html, "CUST-A-05"); got != recentWaybills {
		t.Errorf("%d waybill rows, want %d", got, recentWaybills)
	}
	for _, want := range []string{"李揽投", zhMessages["kind.decline"], "发件量比预期少一半", zhMessages["status.active"], zhMessages["channel.pickup"]} {
		if !strings.Contains(html, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	unowned := page(t, f, cityUser, "/customers/CUST-C")
	if !strings.Contains(unowned, zhMessages["warnings.unowned"]) {
		t.Error("an unowned customer is not marked 未管户")
	}
}
