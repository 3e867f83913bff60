package refund_test

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"postcrm"
	"postcrm/refund"
)

// TestImport applies a file of events in time order (the file is not),
// refuses what the rules refuse into the rejects file naming the rule,
// leaves the refused event's case as it was, and changes nothing when
// imported again.
func TestImport(t *testing.T) {
	s := seeded(t, 10)
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "events.csv")
	body := "案件号,时间,动作,操作人工号,运单号,金额,原因\n" +
		"X1,2026-03-02 11:00:00,verify,M0A,,,\n" +
		"X1,2026-03-02 10:00:00,open,M0A,9800000000;9800000003,,收件人拒收\n" +
		"X1,2026-03-02 12:00:00,approve,M0A,,5,\n" + // the opener: maker-checker
		"X1,2026-03-02 13:00:00,approve,M0B,,99.00,\n" + // above the postage (8.00 + 8.00)
		"X1,2026-03-02 14:00:00,审批通过,M0B,,16.00,\n" +
		"X1,2026-03-03 09:00:00,pay_fail,M0A,,,账户名不符\n" +
		"X1,2026-03-03 10:00:00,pay_ok,M0A,,16,\n" +
		"X1,2026-03-03 11:00:00,close,M0A,,,\n" +
		"X2,2026-03-02 10:00:00,open,M0A,NOSUCH,,地址错误\n" + // unknown waybill
		"X3,2026-03-02 10:00:00,open,M1A,9800000001,,地址错误\n" +
		"X3,2026-03-02 11:00:00,close,M1A,,,\n" + // illegal in 待核实
		"X3,2026-03-02 12:00:00,verify,M0A,,,\n" + // another office's case
		"X4,昨天,open,M0A,9800000006,,其他\n"
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	rejects := filepath.Join(dir, "rejects.csv")
	res, err := refund.Import(ctx, s, path, rejects)
	if err != nil {
		t.Fatal(err)
	}
	if res.Applied != 7 || res.Rejected != 6 || res.Skipped != 0 {
		t.Errorf("first import %+v, want 7 applied, 6 rejected", res)
	}
	prov := postcrm.Scope{Role: postcrm.RoleProvinceAdmin}
	c, hist, err := s.RefundCase(ctx, prov, "X1")
	if err != nil || c.State != postcrm.RefundClosed || c.PaidFen != 1600 || len(hist) != 6 {
		t.Errorf("X1: %+v, %d events, %v", c, len(hist), err)
	}
	if c, _, _ := s.RefundCase(ctx, prov, "X3"); c.State != postcrm.RefundVerify {
		t.Errorf("X3 moved by refused events: %s", c.State)
	}
	f, err := os.Open(rejects)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	var why []string
	for _, r := range rows[1:] {
		why = append(why, r[0]+" "+r[2])
	}
	want := []string{"4 refund.maker_checker", "5 refund.amount_too_high", "10 refund.unknown_waybill", "12 refund.illegal",
		"13 refund.not_found", "14 " + postcrm.ReasonBadTime.Label()}
	slices.Sort(why)
	slices.Sort(want)
	if !slices.Equal(why, want) {
		t.Errorf("rejects (line, rule) %q, want %q", why, want)
	}
	again, err := refund.Import(ctx, s, path, filepath.Join(dir, "rejects2.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if again.Applied != 0 || again.Skipped != 7 {
		t.Errorf("re-import %+v, want all 7 skipped", again)
	}
	if _, hist2, _ := s.RefundCase(ctx, prov, "X1"); len(hist2) != len(hist) {
		t.Errorf("re-import changed X1's history: %d events", len(hist2))
	}
}

// TestImportXLSX reads an events workbook with Chinese headers and the
// times as Excel date cells.
func TestImportXLSX(t *testing.T) {
	s := seeded(t, 10)
	f := excelize.NewFile()
	rows := [][]any{
		{"案件号", "时间", "动作", "操作人工号", "运单号", "金额（元）", "原因"},
		{"Y1", time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC), "受理", "M0A", "9800000000", nil, "地址错误"},
		{"Y1", time.Date(2026, 3, 2, 11, 30, 0, 0, time.UTC), "核实通过", "M0A", nil, nil, nil},
		{"Y1", time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC), "审批通过", "M0B", nil, 8, nil},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "events.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	res, err := refund.Import(context.Background(), s, path, path+".rejects.csv")
	if err != nil || res.Applied != 3 || res.Rejected != 0 {
		t.Fatalf("import %+v, %v", res, err)
	}
	c, hist, err := s.RefundCase(context.Background(), postcrm.Scope{Role: postcrm.RoleProvinceAdmin}, "Y1")
	if err != nil || c.State != postcrm.RefundPay || c.AmountFen != 800 {
		t.Fatalf("Y1: %+v, %v", c, err)
	}
	if want := time.Date(2026, 3, 2, 11, 30, 0, 0, postcrm.ChinaTime); !hist[1].At.Equal(want) {
		t.Errorf("the verify's time %v, want %v (the cell's wall time, China time)", hist[1].At, want)
	}
}
