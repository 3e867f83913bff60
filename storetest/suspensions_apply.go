package storetest

import (
	"context"
	"testing"

	"postcrm"
	"postcrm/sqlstore"
)

// testSuspensionsApply: a register batch goes through Apply like the
// other kinds, keyed by office and first day, counted the same way, with
// its findings, and refused whole when a row has days the analysis could
// not count.
func testSuspensionsApply(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	flood := postcrm.Suspension{OfficeCode: "13020001", From: 20240728, To: 20240805, Reason: "暴雨内涝"}
	snow := postcrm.Suspension{OfficeCode: "13010002", From: 20240220, To: 20240220, Reason: "暴雪封路"}
	// Same first day, another office: another key.
	snowNext := postcrm.Suspension{OfficeCode: "13010001", From: 20240220, To: 20240221, Reason: "暴雪封路"}
	finding := postcrm.Finding{Kind: postcrm.KindSuspensions, Source: "暂停.csv", Line: 5, Field: "机构代码",
		Reason: postcrm.ReasonUnknownOffice, Value: "13099999", Rejected: true}
	res := apply(t, s, postcrm.Batch{Kind: postcrm.KindSuspensions, Suspensions: []postcrm.Suspension{flood, snow, snowNext},
		Findings: []postcrm.Finding{finding}})
	if res != (postcrm.WriteResult{Inserted: 3}) {
		t.Errorf("first batch: %+v, want 3 inserted", res)
	}
	expectSuspensions(t, "after the first batch", s, []postcrm.Suspension{snowNext, snow, flood})
	if fs := must[[]postcrm.Finding](t)(s.Findings(ctx, "暂停.csv")); len(fs) != 1 || fs[0].Line != 5 {
		t.Errorf("findings of the batch: %+v", fs)
	}

	// The register again, with the flood extended and a row repeated.
	longer := flood
	longer.To, longer.Reason = 20240810, "暴雨内涝，延长"
	res = apply(t, s, postcrm.Batch{Kind: postcrm.KindSuspensions, Suspensions: []postcrm.Suspension{snow, flood, longer, snowNext, snowNext}})
	if res != (postcrm.WriteResult{Unchanged: 4, Updated: 1}) {
		t.Errorf("second batch: %+v, want 4 unchanged (snow, flood, snowNext twice) and 1 updated (flood extended)", res)
	}
	expectSuspensions(t, "after the second batch", s, []postcrm.Suspension{snowNext, snow, longer})

	backwards := postcrm.Suspension{OfficeCode: "13020002", From: 20240301, To: 20240228}
	if _, err := s.Apply(ctx, postcrm.Batch{Kind: postcrm.KindSuspensions, Suspensions: []postcrm.Suspension{
		{OfficeCode: "13020002", From: 20240101, To: 20240102}, backwards}}); err == nil {
		t.Error("a batch with a suspension ending before it starts was applied")
	}
	expectSuspensions(t, "after the refused batch", s, []postcrm.Suspension{snowNext, snow, longer})
}
