package ingest

import (
	"reflect"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"postcrm"
)

var suspensionHeader = []string{"机构代码", "开始日期", "结束日期", "原因"}

var validSuspension = map[string]string{"机构代码": "13000101", "开始日期": "2025-07-28", "结束日期": "2025-08-03", "原因": "暴雨"}

func TestParseSuspension(t *testing.T) {
	out := parseLines(t, postcrm.KindSuspensions, suspensionHeader,
		lineWith(suspensionHeader, validSuspension, nil),
		// One day; announced ahead (after testNow), which is allowed.
		lineWith(suspensionHeader, validSuspension, map[string]string{"机构代码": "13020101", "开始日期": "2025/4/1", "结束日期": "", "原因": ""}),
	)
	want := []postcrm.Suspension{
		{OfficeCode: "13000101", From: 20250728, To: 20250803, Reason: "暴雨"},
		{OfficeCode: "13020101", From: 20250401, To: 20250401},
	}
	if !reflect.DeepEqual(out.batch.Suspensions, want) || len(out.batch.Findings) != 0 {
		t.Errorf("suspensions\n got %+v (findings %+v)\nwant %+v", out.batch.Suspensions, out.batch.Findings, want)
	}
}

func TestParseSuspensionGBKWithEnglishHeader(t *testing.T) {
	path := writeFile(t, "暂停.csv", gbk(t, "office_code,from,to,reason\n13000102,2025-01-05,2025-01-09,疫情封控\n"))
	out := parseFile(t, postcrm.KindSuspensions, path)
	want := []postcrm.Suspension{{OfficeCode: "13000102", From: 20250105, To: 20250109, Reason: "疫情封控"}}
	if !reflect.DeepEqual(out.batch.Suspensions, want) {
		t.Errorf("got %+v, rejects %+v; want %+v", out.batch.Suspensions, out.rejects, want)
	}
}

func TestParseSuspensionRejects(t *testing.T) {
	checkRejects(t, postcrm.KindSuspensions, suspensionHeader, validSuspension, nil, []rejectCase{
		{"机构代码", "", postcrm.ReasonMissingField, "机构代码不能为空"},
		{"机构代码", "1300010", postcrm.ReasonBadCode, "机构代码“1300010”格式不对，应为 8 位数字"},
		{"机构代码", "13000199", postcrm.ReasonUnknownOffice, "机构代码“13000199”在机构人员数据里没有，请先导入机构人员，或核对代码"},
		{"开始日期", "", postcrm.ReasonMissingField, "开始日期不能为空"},
		{"开始日期", "2025-02-30", postcrm.ReasonBadDate, "开始日期“2025-02-30”无法识别，应为 2025-03-08 这样的格式"},
		{"结束日期", "8月3日", postcrm.ReasonBadDate, "结束日期“8月3日”无法识别，应为 2025-03-08 这样的格式"},
		{"结束日期", "2025-07-27", postcrm.ReasonBadDate, "结束日期“2025-07-27”早于开始日期 2025-07-28，请核对"},
		{"结束日期", "2026-08-03", postcrm.ReasonAbsurd, "结束日期“2026-08-03”距开始日期 2025-07-28 超过一年，请核对年份"},
	})
}

func TestXLSXSuspensionsWithDateCells(t *testing.T) {
	path := xlsxBook(t, "暂停收寄.xlsx", false, func(f *excelize.File, sheet string) {
		must(t, f.SetSheetRow(sheet, "A1", &[]any{"机构代码", "开始日期", "结束日期", "原因"}))
		must(t, f.SetSheetRow(sheet, "A2", &[]any{13000101, time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 2, 4, 0, 0, 0, 0, time.UTC), "冰冻"}))
		style, err := f.NewStyle(&excelize.Style{NumFmt: 14})
		must(t, err)
		must(t, f.SetCellStyle(sheet, "B2", "C2", style))
	})
	out := parseFile(t, postcrm.KindSuspensions, path)
	want := []postcrm.Suspension{{OfficeCode: "13000101", From: 20250201, To: 20250204, Reason: "冰冻"}}
	if !reflect.DeepEqual(out.batch.Suspensions, want) {
		t.Errorf("got %+v, rejects %+v; want %+v", out.batch.Suspensions, out.rejects, want)
	}
}
