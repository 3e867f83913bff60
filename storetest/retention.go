package storetest

import (
	"context"
	"testing"
	"time"

	"postcrm"
	"postcrm/sqlstore"
)

// testPruneWaybills: pruning deletes the raw waybills before the day and
// nothing else; the rollups stay; a re-import of the pruned waybills
// counts them as unchanged and leaves the rollups as they were.
func testPruneWaybills(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	ws := NewWaybillGen(11).Batch(900)
	for i := range ws { // 300 a month: January, February, March 2026
		ws[i].AcceptedAt = time.Date(2026, time.Month(1+i/300), 1+i%28, 9, 0, i%60, 0, postcrm.ChinaTime)
	}
	apply(t, s, postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: ws})
	sums := func() [3]int64 {
		t.Helper()
		var out [3]int64
		for i, q := range []string{"SELECT COUNT(*) FROM waybills", "SELECT COALESCE(SUM(items), 0) FROM courier_daily",
			"SELECT COALESCE(SUM(items), 0) FROM customer_daily"} {
			if err := s.DB().QueryRowContext(ctx, q).Scan(&out[i]); err != nil {
				t.Fatal(err)
			}
		}
		return out
	}
	before := sums()
	if before[0] != 900 || before[1] != 900 {
		t.Fatalf("before pruning %v", before)
	}
	if d := must[postcrm.Date](t)(s.PrunedBefore(ctx)); d != 0 {
		t.Errorf("pruned day of a new store %v", d)
	}
	march := postcrm.NewDate(2026, 3, 1)
	if n := must[int64](t)(s.PruneWaybills(ctx, march)); n != 600 {
		t.Errorf("pruned %d waybills, want 600", n)
	}
	after := sums()
	if after[0] != 300 || after[1] != before[1] || after[2] != before[2] {
		t.Errorf("after pruning %v, want 300 waybills and the rollups %v", after, before[1:])
	}
	if _, err := s.Waybill(ctx, ws[0].No); err == nil {
		t.Error("a pruned waybill is still there")
	}
	if got := must[postcrm.Waybill](t)(s.Waybill(ctx, ws[899].No)); got.No != ws[899].No {
		t.Errorf("a kept waybill: %+v", got)
	}
	if d := must[postcrm.Date](t)(s.PrunedBefore(ctx)); d != march {
		t.Errorf("pruned day %v, want %v", d, march)
	}
	res := apply(t, s, postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: ws})
	expectResult(t, "re-importing after pruning", res, postcrm.WriteResult{Unchanged: 900})
	if again := sums(); again != after {
		t.Errorf("after re-importing %v, want %v", again, after)
	}
	// An earlier day moves nothing back.
	if n := must[int64](t)(s.PruneWaybills(ctx, postcrm.NewDate(2026, 2, 1))); n != 0 {
		t.Errorf("pruning to an earlier day deleted %d", n)
	}
	if d := must[postcrm.Date](t)(s.PrunedBefore(ctx)); d != march {
		t.Errorf("pruned day %v after an earlier prune, want %v", d, march)
	}
}
