package ingest

import (
	"reflect"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"postcrm"
)

// The register in GBK with the English header, and as a workbook with
// date cells, reads as in UTF-8.
func TestParseAdjustmentsGBKAndXLSX(t *testing.T) {
	want := []postcrm.Adjustment{{ID: "TZ25-01", Scope: "石家庄市", Kind: postcrm.AdjustDestination, Provinces: []string{"上海", "北京"},
		From: 20250601, To: 20250620, Reason: "寄达地疫情防控"}}
	path := writeFile(t, "调整.csv", gbk(t, "id,scope,kind,provinces,products,from,to,reason\nTZ25-01,石家庄市,限制寄达,上海、北京,,2025-06-01,2025-06-20,寄达地疫情防控\n"))
	if out := parseFile(t, postcrm.KindAdjustments, path); !reflect.DeepEqual(out.batch.Adjustments, want) {
		t.Errorf("GBK: %+v, rejects %+v", out.batch.Adjustments, out.rejects)
	}
	book := xlsxBook(t, "调整.xlsx", false, func(f *excelize.File, sheet string) {
		must(t, f.SetSheetRow(sheet, "A1", &[]any{"编号", "范围", "类型", "寄达省", "产品", "开始日期", "结束日期", "原因"}))
		must(t, f.SetSheetRow(sheet, "A2", &[]any{"TZ25-01", "石家庄市", "限制寄达", "上海,北京", "",
			time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 6, 20, 0, 0, 0, 0, time.UTC), "寄达地疫情防控"}))
		style, err := f.NewStyle(&excelize.Style{NumFmt: 14})
		must(t, err)
		must(t, f.SetCellStyle(sheet, "F2", "G2", style))
	})
	if out := parseFile(t, postcrm.KindAdjustments, book); !reflect.DeepEqual(out.batch.Adjustments, want) {
		t.Errorf("XLSX: %+v, rejects %+v", out.batch.Adjustments, out.rejects)
	}
}
