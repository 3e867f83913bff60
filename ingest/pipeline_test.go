package ingest_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"postcrm"
	"postcrm/ingest"
	"postcrm/sqlite"
	"postcrm/sqlstore"
)

// now is after every generated waybill, so none is "in the future".
var now = func() time.Time { return time.Date(2025, 6, 1, 0, 0, 0, 0, postcrm.ChinaTime) }

const (
	orgCSV = `地市,机构代码,机构名称,工号,姓名,岗位,手机
石家庄市,13000101,北站营业部,S1001,王建国,营业部经理,13912345678
石家庄市,13000101,北站营业部,S1002,李娜,揽投员,13812345678
唐山市,13020101,富强营业部,S2001,张伟,揽投员,13712345678
唐山市,,,C0201,赵敏,地市管理员,13612345678
`
	customersCSV = `客户代码,客户名称,机构代码,管户人工号,签约日期,行业,联系人,联系电话,状态
KH0001,石家庄恒达商贸有限公司,13000101,S1002,2024-01-05,电商,刘强,13512345678,正常
KH0002,唐山市第一中学,13020101,,2023-09-01,教育,孙丽,0315-2345678,正常
`
	waybillHeader = "邮件号,收寄时间,机构代码,揽投员工号,客户代码,寄件人电话,产品,重量(克),资费(元),付费方式,收寄渠道,寄达省\n"
)

// waybillRow is row i of the synthetic export: offices, customers and
// walk-in phones rotate so that every rollup gets several keys.
func waybillRow(i int, postageFen int64) string {
	at := time.Date(2025, 3, 1, 8, 0, 0, 0, postcrm.ChinaTime).Add(time.Duration(i) * 37 * time.Second)
	office, courier := "13000101", "S1002"
	if i%3 == 0 {
		office, courier = "13020101", "S2001"
	}
	customer, phone, pay, channel := "", fmt.Sprintf("139%08d", i%500), "现结", "营业厅"
	if i%2 == 0 {
		customer, phone, pay, channel = "KH0001", "", "月结", "上门揽收"
	}
	return fmt.Sprintf("11%011d,%s,%s,%s,%s,%s,标准快递,%d,%d.%02d,%s,%s,北京\n",
		i, at.Format("2006-01-02 15:04:05"), office, courier, customer, phone, 200+i%900,
		postageFen/100, postageFen%100, pay, channel)
}

func postageOf(i int) int64 { return 800 + int64(i%37)*50 }

// bad rows and the reason each must be rejected for.
var badRows = map[string]postcrm.Reason{
	"1100000999001,2025-03-02 10:00:00,13000101,S1002,KH9999,,标准快递,500,12.00,月结,上门揽收,北京\n":     postcrm.ReasonUnknownCustomer,
	"1100000999002,2025-03-02 10:00:00,13000101,S1002,,13912345678,标准快递,500,-3.00,现结,营业厅,北京\n": postcrm.ReasonNegative,
	"1100000999003,2025-13-45 10:00:00,13000101,S1002,,13912345678,标准快递,500,12.00,现结,营业厅,北京\n": postcrm.ReasonBadTime,
}

// writeWaybills writes n good rows with the bad rows spread among them and
// returns the path and the independently computed postage total.
func writeWaybills(t *testing.T, dir, name string, n int) (string, int64) {
	t.Helper()
	var b strings.Builder
	b.WriteString(waybillHeader)
	var total int64
	bad := make([]string, 0, len(badRows))
	for row := range badRows {
		bad = append(bad, row)
	}
	for i := range n {
		if len(bad) > 0 && i%(n/len(badRows)+1) == 1 {
			b.WriteString(bad[0])
			bad = bad[1:]
		}
		b.WriteString(waybillRow(i, postageOf(i)))
		total += postageOf(i)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, total
}

func writeText(t testing.TB, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func openStore(t *testing.T, path string) *sqlstore.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func mustImport(t testing.TB, s ingest.Store, kind postcrm.ImportKind, path string) ingest.Summary {
	t.Helper()
	sum, err := ingest.Import(context.Background(), s, kind, path, ingest.Options{BatchSize: 1000, Now: now})
	if err != nil {
		t.Fatalf("import %s: %v", path, err)
	}
	return sum
}

// seedMasterData imports the org and customers files.
func seedMasterData(t testing.TB, s ingest.Store, dir string) {
	t.Helper()
	mustImport(t, s, postcrm.KindOrg, writeText(t, dir, "org.csv", orgCSV))
	mustImport(t, s, postcrm.KindCustomers, writeText(t, dir, "customers.csv", customersCSV))
}

// totals sums the courier rollup: items and postage of everything stored.
func totals(t *testing.T, s *sqlstore.Store) (items, fen int64) {
	t.Helper()
	err := s.CourierDays(context.Background(), postcrm.DayRange{}, func(d postcrm.CourierDay) error {
		items += d.Items
		fen += d.PostageFen
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return items, fen
}

func TestImportStoresGoodRowsRejectsBadOnesAndIsIdempotent(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, filepath.Join(dir, "crm.db"))
	seedMasterData(t, s, dir)
	const n = 2500
	path, wantFen := writeWaybills(t, dir, "waybills.csv", n)

	sum := mustImport(t, s, postcrm.KindWaybills, path)
	if sum.Read != n+len(badRows) || sum.Inserted != n || sum.Rejected != len(badRows) || sum.Updated != 0 || sum.Unchanged != 0 {
		t.Fatalf("first import: %+v", sum)
	}
	if items, fen := totals(t, s); items != n || fen != wantFen {
		t.Fatalf("stored %d items, %d fen; want %d, %d", items, fen, n, wantFen)
	}

	rejects, err := os.ReadFile(sum.RejectsPath)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(rejects)), "\n")
	if len(lines) != 1+len(badRows) {
		t.Fatalf("rejects file has %d lines, want header + %d:\n%s", len(lines), len(badRows), rejects)
	}
	for row, reason := range badRows {
		no := row[:13]
		found := false
		for _, l := range lines[1:] {
			if strings.Contains(l, no) {
				found = true
			}
		}
		if !found {
			t.Errorf("rejects file lacks %s (%s)", no, reason)
		}
	}
	findings, err := s.Findings(context.Background(), "waybills.csv")
	if err != nil {
		t.Fatal(err)
	}
	rejected := map[postcrm.Reason]int{}
	for _, f := range findings {
		if f.Rejected {
			rejected[f.Reason]++
		}
	}
	for _, reason := range badRows {
		if rejected[reason] != 1 {
			t.Errorf("stored findings: %d rejections for %s, want 1", rejected[reason], reason)
		}
	}

	again := mustImport(t, s, postcrm.KindWaybills, path)
	if again.Inserted != 0 || again.Updated != 0 || again.Unchanged != n || again.Rejected != len(badRows) {
		t.Fatalf("re-import changed something: %+v", again)
	}
	if items, fen := totals(t, s); items != n || fen != wantFen {
		t.Fatalf("after re-import %d items, %d fen; want %d, %d", items, fen, n, wantFen)
	}
	findingsAgain, err := s.Findings(context.Background(), "waybills.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(findingsAgain) != len(findings) {
		t.Errorf("re-import stored findings twice: %d then %d", len(findings), len(findingsAgain))
	}
	runs, err := s.ImportRuns(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if last := runs[len(runs)-1]; last.Read != again.Read || last.Unchanged != n || last.Source != "waybills.csv" {
		t.Errorf("import log: %+v", last)
	}
}

// A waybill re-sent with different postage is an update and the rollups
// follow it.
func TestImportCountsChangedWaybillAsUpdate(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, filepath.Join(dir, "crm.db"))
	seedMasterData(t, s, dir)
	path, wantFen := writeWaybills(t, dir, "march.csv", 100)
	mustImport(t, s, postcrm.KindWaybills, path)

	resent := writeText(t, dir, "resent.csv", waybillHeader+waybillRow(7, postageOf(7)+1234)+waybillRow(8, postageOf(8)))
	sum := mustImport(t, s, postcrm.KindWaybills, resent)
	if sum.Updated != 1 || sum.Unchanged != 1 || sum.Inserted != 0 {
		t.Fatalf("re-sent file: %+v", sum)
	}
	if _, fen := totals(t, s); fen != wantFen+1234 {
		t.Errorf("postage after update %d, want %d", fen, wantFen+1234)
	}
}

func TestImportOfUnreadableFileStoresNothing(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, filepath.Join(dir, "crm.db"))
	seedMasterData(t, s, dir)
	noPostage := strings.Replace(waybillHeader, ",资费(元)", "", 1) + "1100000000001,2025-03-01 08:00:00,13000101,S1002,KH0001,,标准快递,200,月结,上门揽收,北京\n"
	_, err := ingest.Import(context.Background(), s, postcrm.KindWaybills, writeText(t, dir, "bad.csv", noPostage), ingest.Options{Now: now})
	if err == nil || !strings.Contains(err.Error(), "资费") || !strings.Contains(err.Error(), "bad.csv") {
		t.Fatalf("want an error naming the missing column and the file, got %v", err)
	}
	if items, _ := totals(t, s); items != 0 {
		t.Errorf("%d items stored from an unreadable file", items)
	}
	if _, err := os.Stat(filepath.Join(dir, "bad.csv.rejects.csv")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a rejects file was written for an unreadable file: %v", err)
	}
}

// Once the rows of a rejects file are fixed and go in, the stale rejects
// file goes away.
func TestImportWithoutRejectsRemovesStaleRejectsFile(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, filepath.Join(dir, "crm.db"))
	mustImport(t, s, postcrm.KindOrg, writeText(t, dir, "org.csv", orgCSV))
	path := writeText(t, dir, "w.csv", waybillHeader+waybillRow(0, 1000))
	if sum := mustImport(t, s, postcrm.KindWaybills, path); sum.Rejected != 1 || sum.RejectsPath == "" {
		t.Fatalf("want one reject before the customers exist: %+v", sum)
	}
	mustImport(t, s, postcrm.KindCustomers, writeText(t, dir, "customers.csv", customersCSV))
	if sum := mustImport(t, s, postcrm.KindWaybills, path); sum.Rejected != 0 || sum.RejectsPath != "" {
		t.Fatalf("want no rejects once the customers exist: %+v", sum)
	}
	if _, err := os.Stat(path + ".rejects.csv"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale rejects file still there: %v", err)
	}
}

// Waybills for customers not imported yet are rejected with that reason,
// and go in once the customers are there.
func TestImportInReferentialOrder(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, filepath.Join(dir, "crm.db"))
	mustImport(t, s, postcrm.KindOrg, writeText(t, dir, "org.csv", orgCSV))
	path := writeText(t, dir, "w.csv", waybillHeader+waybillRow(0, 1000)+waybillRow(1, 1000))

	early := mustImport(t, s, postcrm.KindWaybills, path)
	if early.Inserted != 1 || early.Rejected != 1 {
		t.Fatalf("before the customers file: %+v", early)
	}
	findings, err := s.Findings(context.Background(), "w.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(findings) != 1 || findings[0].Reason != postcrm.ReasonUnknownCustomer || findings[0].Line != 2 {
		t.Fatalf("findings: %+v", findings)
	}
	mustImport(t, s, postcrm.KindCustomers, writeText(t, dir, "customers.csv", customersCSV))
	late := mustImport(t, s, postcrm.KindWaybills, path)
	if late.Inserted != 1 || late.Unchanged != 1 || late.Rejected != 0 {
		t.Fatalf("after the customers file: %+v", late)
	}
}

// Exports often start with a title and an export-time line above the
// header; the header is found below them.
func TestImportFindsHeaderBelowTitleRows(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, filepath.Join(dir, "crm.db"))
	seedMasterData(t, s, dir)
	titled := "2025年3月收寄明细,,,\n导出时间：2025-04-01 08:00,,,\n\n" + waybillHeader + waybillRow(0, 1000) + waybillRow(1, 1200)
	sum := mustImport(t, s, postcrm.KindWaybills, writeText(t, dir, "titled.csv", titled))
	if sum.Inserted != 2 || sum.Rejected != 0 {
		t.Fatalf("titled export: %+v", sum)
	}
	if _, fen := totals(t, s); fen != 2200 {
		t.Errorf("stored %d fen, want 2200", fen)
	}

	noHeader := strings.Repeat("标题,,,\n", 7) + waybillHeader + waybillRow(2, 1000)
	_, err := ingest.Import(context.Background(), s, postcrm.KindWaybills, writeText(t, dir, "deep.csv", noHeader), ingest.Options{Now: now})
	if err == nil || !strings.Contains(err.Error(), "缺少必需的列") {
		t.Fatalf("a header deeper than the title allowance must fail with the missing columns, got %v", err)
	}
}

// The suspension register goes through the same pipeline: bad rows to the
// rejects file and the findings, good ones saved as suspensions, and a
// second import of the same register changes nothing.
func TestImportSuspensions(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, filepath.Join(dir, "crm.db"))
	seedMasterData(t, s, dir)
	register := "收寄暂停登记\n机构代码,开始日期,结束日期,原因\n" +
		"13000101,2025-03-03,2025-03-05,暴雨\n" +
		"13099999,2025-03-03,2025-03-05,暴雨\n" + // unknown office
		"13020101,2025-03-10,2025-03-09,疫情封控\n" + // ends before it starts
		"13020101,2025-04-01,,盘点\n"
	path := writeText(t, dir, "暂停.csv", register)
	sum := mustImport(t, s, postcrm.KindSuspensions, path)
	if sum.Read != 4 || sum.Inserted != 2 || sum.Rejected != 2 {
		t.Fatalf("first import: %+v", sum)
	}
	want := []postcrm.Suspension{
		{OfficeCode: "13000101", From: 20250303, To: 20250305, Reason: "暴雨"},
		{OfficeCode: "13020101", From: 20250401, To: 20250401, Reason: "盘点"},
	}
	checkSuspensions(t, s, want)

	rejects, err := os.ReadFile(sum.RejectsPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"4,机构代码,机构不存在,", "5,结束日期,日期无法识别,"} {
		if !strings.Contains(string(rejects), line) {
			t.Errorf("rejects file lacks %q:\n%s", line, rejects)
		}
	}
	findings, err := s.Findings(context.Background(), "暂停.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(findings) != 2 || findings[0].Kind != postcrm.KindSuspensions || findings[0].Reason != postcrm.ReasonUnknownOffice ||
		findings[1].Line != 5 || findings[1].Field != "结束日期" {
		t.Errorf("findings: %+v", findings)
	}

	again := mustImport(t, s, postcrm.KindSuspensions, path)
	if again.Inserted != 0 || again.Updated != 0 || again.Unchanged != 2 || again.Rejected != 2 {
		t.Fatalf("re-import changed something: %+v", again)
	}
	if f, _ := s.Findings(context.Background(), "暂停.csv"); len(f) != len(findings) {
		t.Errorf("re-import stored findings twice: %d then %d", len(findings), len(f))
	}
	checkSuspensions(t, s, want)

	longer := writeText(t, dir, "暂停.csv", "机构代码,开始日期,结束日期,原因\n13000101,2025-03-03,2025-03-07,暴雨\n")
	if sum := mustImport(t, s, postcrm.KindSuspensions, longer); sum.Updated != 1 || sum.Inserted != 0 {
		t.Fatalf("extended suspension: %+v", sum)
	}
	want[0].To = 20250307
	checkSuspensions(t, s, want)
}

func checkSuspensions(t *testing.T, s *sqlstore.Store, want []postcrm.Suspension) {
	t.Helper()
	got, err := s.Suspensions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("stored suspensions\n got %+v\nwant %+v", got, want)
	}
}
