package ingest_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"postcrm"
	"postcrm/ingest"
	"postcrm/sqlite"
)

// BenchmarkImportWaybillsAs imports 50,000 waybills of one 石家庄 office
// into a fresh SQLite store as the province and as 石家庄's city manager,
// whose rows are each checked against the stored waybill of the same
// number: what a city manager's upload costs over the province's.
func BenchmarkImportWaybillsAs(b *testing.B) {
	const n = 50_000
	dir := b.TempDir()
	var sb strings.Builder
	sb.WriteString(waybillHeader)
	for i := range n {
		at := time.Date(2025, 3, 1, 8, 0, 0, 0, postcrm.ChinaTime).Add(time.Duration(i) * 37 * time.Second)
		fmt.Fprintf(&sb, "11%011d,%s,13000101,S1002,KH0001,,标准快递,500,12.00,月结,上门揽收,北京\n", i, at.Format(time.DateTime))
	}
	file := writeText(b, dir, "waybills.csv", sb.String())
	importers := map[string]postcrm.Importer{
		"province": {},
		"city":     {Actor: postcrm.Actor{User: "C0101"}, Scope: postcrm.Scope{Role: postcrm.RoleCityManager, City: "石家庄市"}},
	}
	for _, who := range []string{"province", "city"} {
		b.Run(who, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				ctx := context.Background()
				s, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "crm.db"))
				if err != nil {
					b.Fatal(err)
				}
				seedMasterData(b, s, b.TempDir())
				b.StartTimer()
				sum, err := ingest.Import(ctx, s, postcrm.KindWaybills, file, ingest.Options{Now: now, By: importers[who]})
				b.StopTimer()
				if err != nil || sum.Inserted != n {
					b.Fatalf("%+v %v", sum, err)
				}
				s.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
