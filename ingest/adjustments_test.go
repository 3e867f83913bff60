package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"postcrm"
	"postcrm/ingest"
)

const adjustmentsCSV = `编号,范围,类型,寄达省,产品,开始日期,结束日期,原因
TZ25-01,全省,限制寄达,上海、北京,,2025-03-01,2025-03-20,寄达地疫情防控
TZ25-02,唐山市,限制产品,,标准快递,2025-03-05,,航空运力管控
TZ25-03,13000101,暂停收寄,,,2025-06-10,2025-06-12,暴雨
TZ25-04,沧州市,暂停收寄,,,2025-03-01,2025-03-02,
TZ25-05,全省,限制寄达,火星,,2025-03-01,2025-03-02,
TZ25-06,全省,限制产品,,次日达,2025-03-01,2025-03-02,
TZ25-07,全省,限制寄达,上海,,2025-03-10,2025-03-01,
TZ25-08,全省,限制寄达,,,2025-03-10,2025-03-11,
TZ25-09,全省,限制收寄,上海,,2025-03-10,2025-03-11,
,全省,限制寄达,上海,,2025-03-10,2025-03-11,
`

// TestImportAdjustments: the register goes in through the pipeline; rows
// naming an unknown scope, province or product, ending before they
// start, or lacking what their kind needs are rejected with the reason,
// and the rest stored; the same file again changes nothing.
func TestImportAdjustments(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, filepath.Join(dir, "a.db"))
	seedMasterData(t, s, dir)
	wb, _ := writeWaybills(t, dir, "wb.csv", 60)
	mustImport(t, s, postcrm.KindWaybills, wb)

	path := writeText(t, dir, "调整.csv", adjustmentsCSV)
	sum := mustImport(t, s, postcrm.KindAdjustments, path)
	if sum.Read != 10 || sum.Rejected != 7 || sum.Inserted != 3 {
		t.Fatalf("first import: %+v, want 10 read, 7 rejected, 3 inserted", sum)
	}
	rejects, err := os.ReadFile(sum.RejectsPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"范围“沧州市”既不是全省，也不是机构人员数据里的地市或营业部",
		"寄达省“火星”不认识",
		"产品“次日达”在收寄明细里没有",
		"结束日期 2025-03-01 早于开始日期 2025-03-10",
		"限制寄达须列出寄达省",
		"类型“限制收寄”不认识",
		"编号不能为空",
	} {
		if !strings.Contains(string(rejects), want) {
			t.Errorf("rejects lack %q:\n%s", want, rejects)
		}
	}
	ctx := context.Background()
	got, err := s.Adjustments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []postcrm.Adjustment{
		{ID: "TZ25-03", Scope: "13000101", Kind: postcrm.AdjustSuspend, From: 20250610, To: 20250612, Reason: "暴雨", Status: postcrm.AdjustApproved},
		{ID: "TZ25-02", Scope: "唐山市", Kind: postcrm.AdjustProduct, Products: []string{"标准快递"}, From: 20250305, Reason: "航空运力管控", Status: postcrm.AdjustApproved},
		{ID: "TZ25-01", Scope: "全省", Kind: postcrm.AdjustDestination, Provinces: []string{"上海", "北京"}, From: 20250301, To: 20250320, Reason: "寄达地疫情防控", Status: postcrm.AdjustApproved},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("stored\n got %+v\nwant %+v", got, want)
	}
	again := mustImport(t, s, postcrm.KindAdjustments, path)
	if again.Unchanged != 3 || again.Inserted != 0 || again.Updated != 0 {
		t.Errorf("identical re-import: %+v, want 3 unchanged", again)
	}
	if got2, _ := s.Adjustments(ctx); !reflect.DeepEqual(got2, want) {
		t.Errorf("after the re-import: %+v", got2)
	}
	// A file of bad rows only, one of them a stored 编号 ending before it
	// starts: every row refused, nothing stored lost or changed.
	bad := writeText(t, dir, "坏.csv", "编号,范围,类型,寄达省,产品,开始日期,结束日期,原因\n"+
		"TZ25-01,全省,限制寄达,上海,,2025-03-20,2025-03-01,\nTZ25-02,唐山市,限制产品,,次日达,2025-03-05,,\n")
	if sum := mustImport(t, s, postcrm.KindAdjustments, bad); sum.Rejected != 2 || sum.Inserted+sum.Updated != 0 {
		t.Errorf("bad rows only: %+v", sum)
	}
	if got3, _ := s.Adjustments(ctx); !reflect.DeepEqual(got3, want) {
		t.Errorf("after the bad rows: %+v", got3)
	}
}

// TestImportAdjustmentsByCityManager: the register is the province's; a
// city manager's rows are refused, each with the reason.
func TestImportAdjustmentsByCityManager(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, filepath.Join(dir, "a.db"))
	seedMasterData(t, s, dir)
	path := writeText(t, dir, "调整.csv", "编号,范围,类型,寄达省,产品,开始日期,结束日期,原因\nTZ25-01,唐山市,暂停收寄,,,2025-03-01,2025-03-02,暴雨\n")
	by := postcrm.Importer{Actor: postcrm.Actor{User: "C0201"}, Scope: postcrm.Scope{Role: postcrm.RoleCityManager, City: "唐山市"}}
	sum, err := ingest.Import(context.Background(), s, postcrm.KindAdjustments, path, ingest.Options{Now: now, By: by})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rejected != 1 || sum.Inserted != 0 {
		t.Errorf("city manager's import: %+v, want the row rejected", sum)
	}
}
