package backup

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"postcrm/sqlite"
	"postcrm/storetest"
)

// BenchmarkBackupSQLite backs up a store of 200,000 waybills with their
// rollups (VACUUM INTO, counting, checksum, gzip) and reports the
// database's and the backup's size.
func BenchmarkBackupSQLite(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	s, err := sqlite.Open(ctx, filepath.Join(dir, "live.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	storetest.Prefill(b, s, storetest.NewWaybillGen(3), 200000)
	var m Manifest
	dst := filepath.Join(dir, "b"+Suffix)
	b.ResetTimer()
	for b.Loop() {
		if m, err = SQLite(ctx, s.DB(), dst); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	st, err := os.Stat(dst)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(m.Bytes)/(1<<20), "db-MB")
	b.ReportMetric(float64(st.Size())/(1<<20), "backup-MB")
}
