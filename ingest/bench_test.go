package ingest

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"postcrm"
)

// benchRef is a province-sized store: 2,000 offices, 20,000 staff and
// 100,000 contract customers, so that lookups miss the CPU caches as they
// will in production.
func benchRef() postcrm.RefData {
	ref := postcrm.RefData{Offices: map[string]string{}, Staff: map[string]string{}, Customers: map[string]string{}}
	for i := range 2000 {
		ref.Offices[fmt.Sprintf("1300%04d", i)] = "石家庄市"
	}
	for i := range 20000 {
		ref.Staff[fmt.Sprintf("S%05d", i)] = fmt.Sprintf("1300%04d", i%2000)
	}
	for i := range 100000 {
		ref.Customers[fmt.Sprintf("KH%06d", i)] = fmt.Sprintf("1300%04d", i%2000)
	}
	return ref
}

// benchWaybillFields is row i of a realistic export: half walk-ins, a few
// unknown couriers and walk-ins without phone, no rejects.
func benchWaybillFields(i int) []string {
	customer, phone, payment, channel := "", fmt.Sprintf("13%09d", 300000000+i%700000), "现结", "营业厅"
	if i%2 == 0 {
		customer, phone, payment, channel = fmt.Sprintf("KH%06d", i*7%100000), "", "月结", "上门揽收"
	}
	if i%50 == 1 {
		phone = ""
	}
	at := time.Date(2025, 3, 1, 8, 0, 0, 0, postcrm.ChinaTime).Add(time.Duration(i) * 7 * time.Second)
	return []string{fmt.Sprintf("11%011d", i), at.Format(time.DateTime), fmt.Sprintf("1300%04d", i%2000),
		fmt.Sprintf("S%05d", i*13%20100), customer, phone, "标准快递", fmt.Sprintf("%d.%d", 100+i%3000, i%10),
		fmt.Sprintf("%d.%02d", 5+i%40, i%100), payment, channel, "广东省"}
}

// BenchmarkParseWaybills measures Parse alone on rows already in memory.
func BenchmarkParseWaybills(b *testing.B) {
	rows := make([]Row, 8192)
	for i := range rows {
		rows[i] = Row{Line: i + 2, Fields: benchWaybillFields(i)}
	}
	p, err := NewParser(postcrm.KindWaybills, &Table{Header: waybillHeader, Source: "bench.csv"}, benchRef(), testNow)
	if err != nil {
		b.Fatal(err)
	}
	var batch postcrm.Batch
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, rejected := p.Parse(rows[i%len(rows)], &batch); rejected {
			b.Fatalf("row %d rejected", i%len(rows))
		}
		if len(batch.Waybills) == 10000 {
			batch.Waybills, batch.Findings = batch.Waybills[:0], batch.Findings[:0]
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// benchExport writes n waybill rows as CSV in the given encoding.
func benchExport(b *testing.B, n int, encode func(testing.TB, string) []byte) string {
	var sb strings.Builder
	sb.WriteString(strings.Join(waybillHeader, ",") + "\n")
	for i := range n {
		sb.WriteString(strings.Join(benchWaybillFields(i), ",") + "\n")
	}
	path := filepath.Join(b.TempDir(), "waybills.csv")
	if err := os.WriteFile(path, encode(b, sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkReadCSV measures the table reader, and reading plus parsing:
// the part of an import that is not the store.
func BenchmarkReadCSV(b *testing.B) {
	const n = 200_000
	ref := benchRef()
	encodings := []struct {
		name   string
		encode func(testing.TB, string) []byte
	}{
		{"utf8", func(_ testing.TB, s string) []byte { return []byte(s) }},
		{"gb18030", gb18030},
	}
	for _, enc := range encodings {
		path := benchExport(b, n, enc.encode)
		for _, parse := range []bool{false, true} {
			b.Run(fmt.Sprintf("%s/parse=%v", enc.name, parse), func(b *testing.B) {
				info, _ := os.Stat(path)
				b.SetBytes(info.Size())
				for i := 0; i < b.N; i++ {
					readExport(b, path, parse, ref)
				}
				b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
			})
		}
	}
}

func readExport(b *testing.B, path string, parse bool, ref postcrm.RefData) {
	tab, err := OpenTable(path)
	if err != nil {
		b.Fatal(err)
	}
	defer tab.Close()
	// Later than every generated row, none of which may be rejected.
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, postcrm.ChinaTime)
	p, err := NewParser(postcrm.KindWaybills, tab, ref, now)
	if err != nil {
		b.Fatal(err)
	}
	var batch postcrm.Batch
	for {
		row, err := tab.Next()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			b.Fatal(err)
		}
		if parse {
			if reject, rejected := p.Parse(row, &batch); rejected {
				b.Fatalf("rejected: %+v", reject)
			}
			if len(batch.Waybills) == 10000 {
				batch.Waybills, batch.Findings = batch.Waybills[:0], batch.Findings[:0]
			}
		}
	}
}
