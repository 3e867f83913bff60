package sqlite_test

import (
	"path/filepath"
	"testing"

	"postcrm/storetest"
)

func BenchmarkApplyDispatchPlan(b *testing.B) {
	storetest.BenchApplyDispatchPlan(b, open(b, filepath.Join(b.TempDir(), "bench.db")), storetest.ProvinceRerun)
}

// BenchmarkApplyDispatchPlanTold is the same re-run with its assignee on
// the staff: each of its 4,000 escalations writes a notice.
func BenchmarkApplyDispatchPlanTold(b *testing.B) {
	storetest.BenchApplyDispatchPlan(b, storetest.WithFixtureStaff(b, open(b, filepath.Join(b.TempDir(), "bench.db"))), storetest.ProvinceRerun)
}
