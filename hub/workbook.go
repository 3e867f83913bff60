package hub

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"postcrm"
)

// HourlyHeader is the header of the daily workbook's first sheet: the
// board as of each hour of the day, the figures `hub board` gives.
var HourlyHeader = []string{"时刻", "待卸车辆", "超过阈值待卸", "阈值（小时）", "最长等待（小时）", "待卸袋数", "待卸件数", "正在卸车",
	"近一小时卸完车数", "近一小时卸完袋数", "近一小时卸完件数", "班次", "需要", "报名", "到岗", "到岗率", "缺口",
	"外包人数", "外包基数", "外包到岗率", "超时12小时内", "超时12至24小时", "超时24小时以上", "预计消化时间"}

// Workbook writes the hub's day as an XLSX workbook: the board at every
// hour (逐时看板), the day's roster with attendance (排班与到岗) and the
// no-shows counted per person up to that day (缺勤统计). Ratios are
// stored as numbers with a percentage format, so that they reconcile
// with the board cell for cell.
func Workbook(ctx context.Context, s Reader, code string, day postcrm.Date, w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	pct, _ := f.NewStyle(&excelize.Style{NumFmt: 10})
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	const hourly = "逐时看板"
	if err := f.SetSheetName("Sheet1", hourly); err != nil {
		return err
	}
	put := func(sheet string, row int, vals []any) error {
		cell, _ := excelize.CoordinatesToCellName(1, row)
		return f.SetSheetRow(sheet, cell, &vals)
	}
	head := func(sheet string, cols []string) error {
		vals := make([]any, len(cols))
		for i, c := range cols {
			vals[i] = c
		}
		if err := put(sheet, 1, vals); err != nil {
			return err
		}
		last, _ := excelize.CoordinatesToCellName(len(cols), 1)
		if err := f.SetCellStyle(sheet, "A1", last, bold); err != nil {
			return err
		}
		return f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	}
	if err := head(hourly, HourlyHeader); err != nil {
		return err
	}
	for h := 0; h < 24; h++ {
		at := day.Time().Add(time.Duration(h+1)*time.Hour - time.Minute) // the last minute of each hour
		if h == 23 {
			at = day.Time().Add(24*time.Hour - time.Minute)
		}
		b, err := Load(ctx, s, code, at)
		if err != nil {
			return err
		}
		j := b.JSON()
		clear := "无法消化"
		if j.Projection.ClearAt != nil {
			clear = *j.Projection.ClearAt
		}
		var out, base, le12, h12, gt24 any = "", "", "", "", ""
		var outRatio any = ""
		if c := b.Counts; c != nil {
			out, base, le12, h12, gt24 = c.Outsourced, c.OutsourcedBaseline, c.OverdueLE12h, c.Overdue12to24h, c.OverdueGT24h
			if c.OutsourcedBaseline > 0 {
				outRatio = float64(c.Outsourced) / float64(c.OutsourcedBaseline)
			}
		}
		row := []any{j.At, j.Waiting, j.WaitingOverThreshold, j.ThresholdHours, j.OldestWaitHours, j.WaitingBags, j.WaitingPieces, j.Unloading,
			j.UnloadedLastHour.Vehicles, j.UnloadedLastHour.Bags, j.UnloadedLastHour.Pieces, b.Shift.Name.Label(),
			j.Shift.Needed, j.Shift.Signed, j.Shift.Present, b.Shift.AttendanceRate(), j.Shift.OpenSlots, out, base, outRatio, le12, h12, gt24, clear}
		if err := put(hourly, h+2, row); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(hourly, "P2", "P25", pct); err != nil {
		return err
	}
	if err := f.SetCellStyle(hourly, "T2", "T25", pct); err != nil {
		return err
	}
	_ = f.SetColWidth(hourly, "A", "A", 18)
	_ = f.SetColWidth(hourly, "B", "W", 15)
	_ = f.SetColWidth(hourly, "X", "X", 18)

	const roster = "排班与到岗"
	if _, err := f.NewSheet(roster); err != nil {
		return err
	}
	if err := head(roster, []string{"日期", "班次", "单位", "姓名", "手机", "状态"}); err != nil {
		return err
	}
	rs, err := s.HubRoster(ctx, code, day, day)
	if err != nil {
		return err
	}
	for i, r := range rs {
		if err := put(roster, i+2, []any{r.Day.String(), r.Shift.Label(), r.Branch, r.Person, r.Phone, r.Status.Label()}); err != nil {
			return err
		}
	}
	_ = f.SetColWidth(roster, "A", "F", 14)

	const noShows = "缺勤统计"
	if _, err := f.NewSheet(noShows); err != nil {
		return err
	}
	if err := head(noShows, []string{"单位", "姓名", "手机", "缺勤次数", "排班次数"}); err != nil {
		return err
	}
	all, err := s.HubRoster(ctx, code, postcrm.DateOf(day.Time().AddDate(0, 0, -NoShowDays)), day)
	if err != nil {
		return err
	}
	for i, t := range NoShows(all) {
		if err := put(noShows, i+2, []any{t.Branch, t.Person, t.Phone, t.NoShows, t.Rostered}); err != nil {
			return err
		}
	}
	_ = f.SetColWidth(noShows, "A", "E", 14)
	if err := f.Write(w); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	return nil
}
