package hub_test

import (
	"bytes"
	"context"
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"postcrm"
	"postcrm/hub"
)

// TestWorkbookReconciles: every hour's row of the daily workbook holds
// the board of that moment cell for cell (counts, open slots,
// attendance and outsourced ratios), and the roster sheet the day's
// roster.
func TestWorkbookReconciles(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	loadPeak(t, s)
	day := postcrm.DateOf(peakMoment)
	var buf bytes.Buffer
	if err := hub.Workbook(ctx, s, "HZ", day, &buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("逐时看板", excelize.Options{RawCellValue: true})
	if err != nil || len(rows) != 25 {
		t.Fatalf("hourly sheet: %d rows, %v", len(rows), err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	num := func(r []string, name string) float64 {
		v, err := strconv.ParseFloat(r[col[name]], 64)
		if err != nil {
			t.Fatalf("%s %q: %v", name, r[col[name]], err)
		}
		return v
	}
	for h, r := range rows[1:] {
		at, err := time.ParseInLocation(hub.TimeLayout, r[0], postcrm.ChinaTime)
		if err != nil {
			t.Fatal(err)
		}
		b, err := hub.Load(ctx, s, "HZ", at)
		if err != nil {
			t.Fatal(err)
		}
		for name, want := range map[string]float64{
			"待卸车辆": float64(b.Waiting), "超过阈值待卸": float64(b.WaitingOver), "待卸件数": float64(b.WaitingPieces),
			"需要": float64(b.Shift.Needed), "报名": float64(b.Shift.Signed), "到岗": float64(b.Shift.Present),
			"缺口": float64(b.Shift.OpenSlots), "到岗率": b.Shift.AttendanceRate(),
			"外包人数": float64(b.Counts.Outsourced), "外包基数": float64(b.Counts.OutsourcedBaseline),
			"外包到岗率": float64(b.Counts.Outsourced) / float64(b.Counts.OutsourcedBaseline),
		} {
			// A workbook keeps 15 significant digits, as Excel does.
			if got := num(r, name); math.Abs(got-want) > 1e-12 {
				t.Errorf("hour %d %s: workbook %v, board %v", h, name, got, want)
			}
		}
	}
	roster, err := s.HubRoster(ctx, "HZ", day, day)
	if err != nil {
		t.Fatal(err)
	}
	sheet, _ := f.GetRows("排班与到岗")
	if len(sheet)-1 != len(roster) {
		t.Errorf("roster sheet %d rows, roster %d", len(sheet)-1, len(roster))
	}
	absent, _ := f.GetRows("缺勤统计")
	if len(absent) < 2 {
		t.Errorf("no no-shows on a day of about 10%% absent")
	}
}
