package sqlite_test

import (
	"path/filepath"
	"testing"

	"postcrm/storetest"
)

func BenchmarkApplyDispatchPlan(b *testing.B) {
	storetest.BenchApplyDispatchPlan(b, open(b, filepath.Join(b.TempDir(), "bench.db")), storetest.ProvinceRerun)
}
