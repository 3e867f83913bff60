package report

import (
	"testing"

	"postcrm"
)

func cd(office, courier string, contract bool, ch postcrm.Channel, items, fen int64) postcrm.CourierDay {
	return postcrm.CourierDay{Day: 20260615, OfficeCode: office, CourierStaffID: courier, Contract: contract,
		Payment: postcrm.PaymentCash, Channel: ch, Items: items, PostageFen: fen}
}

func TestEvening(t *testing.T) {
	in := eveningIn{day: 20260615, office: offA,
		days: []postcrm.CourierDay{
			cd(offA, "S1", true, pickup, 3, 3000),
			cd(offA, "S1", false, counter, 2, 400),
			cd(offA, "S2", false, echan, 1, 500),
			cd(offA, "X9", false, counter, 1, 100), // not on file
			cd(offB, "S3", true, pickup, 5, 5000),  // another office
		},
		members: fxMembers,
		warnings: []postcrm.Warning{
			{Month: 202605, CustomerCode: "K1", OfficeCode: offA, OwnerStaffID: "S1"},
			{Month: 202605, CustomerCode: "K2", OfficeCode: offA, OwnerStaffID: "S1"},
			{Month: 202605, SenderPhone: "13700000001", OfficeCode: offA},
		},
	}
	r := evening(fxOrg(), in)
	tb := table(t, r, "夕会看板")
	// Most items first; S2 and X9 tie at one item and go by ID; the office
	// manager M1 is not a courier and is not listed.
	var ids []any
	for _, rw := range tb.Rows {
		ids = append(ids, rw.Cells[0])
	}
	if want := []any{"S1", "S2", "X9", "营业部合计"}; len(ids) != len(want) || ids[0] != want[0] || ids[1] != want[1] || ids[2] != want[2] || ids[3] != want[3] {
		t.Fatalf("rows %v, want %v", ids, want)
	}
	// S1 recruited one member on the 15th (the one without recruiter
	// counts for nobody).
	expect(t, tb, tb.Rows[0], "name", "张伟", "items", 5, "walkin_items", 2, "revenue", 3400, "new_members", 1, "warnings", 2)
	expect(t, tb, tb.Rows[1], "name", "王芳", "items", 1, "walkin_items", 1, "revenue", 500, "new_members", 0, "warnings", 0)
	expect(t, tb, tb.Rows[2], "name", "X9", "items", 1, "revenue", 100)
	expect(t, tb, tb.Rows[3], "items", 7, "walkin_items", 4, "revenue", 4000, "new_members", 1, "warnings", 2)
	if r.Period != "2026-06-15" || r.Scope != "长安营业部（13010001）" {
		t.Errorf("period %q scope %q", r.Period, r.Scope)
	}
}
