package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"postcrm"
	"postcrm/sqlstore"
)

// testImportRights: the offices of stored waybills and members come back
// by key, missing keys absent; a batch's audit entries are written with
// it, and not when the batch fails.
func testImportRights(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	applyFixtures(t, s)
	at := time.Date(2025, 3, 2, 10, 0, 0, 0, postcrm.ChinaTime)
	apply(t, s, postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: []postcrm.Waybill{
		{No: "1100000000001", AcceptedAt: at, OfficeCode: "13010001", CourierStaffID: "S1001", SenderPhone: "13900000001", PostageFen: 1200, Payment: postcrm.PaymentCash, Channel: postcrm.ChannelCounter},
		{No: "1100000000002", AcceptedAt: at, OfficeCode: "13020001", CourierStaffID: "S2001", SenderPhone: "13900000002", PostageFen: 800, Payment: postcrm.PaymentCash, Channel: postcrm.ChannelCounter},
	}})
	ro := s
	got := must[map[string]string](t)(ro.RecordOffices(ctx, postcrm.KindWaybills, []string{"1100000000001", "1100000000002", "1100000000099"}))
	if want := map[string]string{"1100000000001": "13010001", "1100000000002": "13020001"}; !reflect.DeepEqual(got, want) {
		t.Errorf("waybill offices: got %v, want %v", got, want)
	}
	got = must[map[string]string](t)(ro.RecordOffices(ctx, postcrm.KindMembers, []string{"13600000002", "13699999999"}))
	if want := map[string]string{"13600000002": "13020002"}; !reflect.DeepEqual(got, want) {
		t.Errorf("member offices: got %v, want %v", got, want)
	}

	accounts := s
	moved := fixtureStaff[2]
	moved.Role = postcrm.RoleOfficeManager
	entry := postcrm.AuditEntry{User: "C0101", Action: postcrm.AuditStaffChange, Target: "张伟（工号 S1001）", Detail: "岗位 揽投员 → 营业部经理", Addr: "10.0.0.1"}
	apply(t, s, postcrm.Batch{Kind: postcrm.KindOrg, Staff: []postcrm.Staff{moved}, Audit: []postcrm.AuditEntry{entry}})
	// A batch that fails writes no entry.
	if _, err := s.Apply(ctx, postcrm.Batch{Kind: "parcels", Audit: []postcrm.AuditEntry{entry}}); err == nil {
		t.Fatal("a batch of an unknown kind was applied")
	}
	log, _, err := accounts.AuditLog(ctx, postcrm.AuditQuery{Action: postcrm.AuditStaffChange})
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 1 || log[0].At.IsZero() {
		t.Fatalf("audit entries %+v", log)
	}
	log[0].ID, log[0].At = 0, time.Time{}
	if log[0] != entry {
		t.Errorf("audit entry %+v, want %+v", log[0], entry)
	}
}
