package storetest

import (
	"context"
	"testing"

	"postcrm"
	"postcrm/sqlstore"
)

// A problem of one record is stored once, whichever files repeat the
// record (overlapping daily exports do): the first file's finding stays.
// Findings without a record are their file's and line's own.
func testFindingsByRecord(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	first := postcrm.Finding{Kind: postcrm.KindWaybills, Source: "收寄明细0301-0307.csv", Line: 9, Field: "揽投员工号",
		Reason: postcrm.ReasonUnknownStaff, Message: "揽投员工号不存在", Value: "S9999", OfficeCode: "13010001", Record: "1190000000009"}
	again := first
	again.Source, again.Line = "收寄明细0305-0311.csv", 2
	otherReason := again
	otherReason.Field, otherReason.Reason, otherReason.Value = "寄件人电话", postcrm.ReasonNoPhone, ""
	otherKind := first
	otherKind.Kind = postcrm.KindMembers
	noRecord := postcrm.Finding{Kind: postcrm.KindWaybills, Source: "收寄明细0301-0307.csv", Line: 12, Field: "邮件号",
		Reason: postcrm.ReasonMissingField, Message: "邮件号不能为空", OfficeCode: "13010001", Rejected: true}
	noRecordElsewhere := noRecord
	noRecordElsewhere.Source = "收寄明细0305-0311.csv"

	apply(t, s, postcrm.Batch{Kind: postcrm.KindWaybills, Findings: []postcrm.Finding{first, noRecord}})
	apply(t, s, postcrm.Batch{Kind: postcrm.KindWaybills, Findings: []postcrm.Finding{again, otherReason, noRecordElsewhere, again}})
	apply(t, s, postcrm.Batch{Kind: postcrm.KindMembers, Findings: []postcrm.Finding{otherKind}})

	want := []postcrm.Finding{first, otherKind, noRecord, otherReason, noRecordElsewhere}
	if got := must[[]postcrm.Finding](t)(s.Findings(ctx, "")); !sameFindings(got, want) {
		t.Errorf("findings:\n got %+v\nwant %+v", got, want)
	}
}
