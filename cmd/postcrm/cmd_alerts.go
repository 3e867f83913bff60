package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"postcrm"
	"postcrm/alert"
	"postcrm/export"
	"postcrm/sqlstore"
)

// alertHeader is the CSV of `postcrm alerts`.
var alertHeader = []string{"kind", "customer_code", "office_code", "owner_staff_id", "last_shipped", "silent_days", "expected_items", "score", "reason"}

func runAlerts(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "alerts", "[--day YYYY-MM-DD] [--format csv|json] [-o FILE] [--new] [--no-dispatch] [--today YYYY-MM-DD] [--silent-level P] [--slowdown-level P]")
	dayArg := fs.String("day", "", "截至哪天结束 YYYY-MM-DD（默认：数据中最后一天）；只用这天及以前收寄的邮件")
	format := fs.String("format", "csv", "输出格式：csv 或 json")
	out := fs.String("o", "", "输出文件（默认：标准输出）")
	onlyNew := fs.Bool("new", false, "只列这天新发出的预警（默认：这天结束时所有未解除的）")
	noDispatch := fs.Bool("no-dispatch", false, "不派发新预警")
	todayArg := fs.String("today", "", "派发日期 YYYY-MM-DD（默认：今天）")
	silent := fs.Float64("silent-level", 0, "停发预警的概率水平，设置后保存为全省设置")
	slowdown := fs.Float64("slowdown-level", 0, "骤减预警的概率水平，设置后保存为全省设置")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *format != "csv" && *format != "json" {
		return fmt.Errorf("--format 应为 csv 或 json，不是 %q", *format)
	}
	today, err := todayFlag(*todayArg)
	if err != nil {
		return err
	}
	return withStore(ctx, e, func(s *sqlstore.Store) error {
		if err := saveAlertLevels(ctx, s, *silent, *slowdown); err != nil {
			return err
		}
		day, err := alertDay(ctx, s, *dayArg)
		if err != nil {
			return err
		}
		res, line, err := alertDayAndDispatch(ctx, s, day, today, !*noDispatch)
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stderr, line)
		list := res.Open
		if *onlyNew {
			list = res.Raised
		}
		return writeAlerts(e, *out, *format, list)
	})
}

// alertDay is --day, or the last day with data.
func alertDay(ctx context.Context, s *sqlstore.Store, arg string) (postcrm.Date, error) {
	if arg != "" {
		return dayFlag("--day", arg)
	}
	day, err := s.LastDataDay(ctx)
	if err == nil && day == 0 {
		err = fmt.Errorf("库里还没有收寄数据")
	}
	return day, err
}

// saveAlertLevels stores the levels given (0 keeps the stored one).
func saveAlertLevels(ctx context.Context, s *sqlstore.Store, silent, slowdown float64) error {
	if silent == 0 && slowdown == 0 {
		return nil
	}
	set, err := s.AlertSettings(ctx)
	if err != nil {
		return err
	}
	if silent != 0 {
		set.SilentLevel = silent
	}
	if slowdown != 0 {
		set.SlowdownLevel = slowdown
	}
	if err := set.Validate(); err != nil {
		return err
	}
	return s.SaveAlertSettings(ctx, set, cliActor)
}

// alertJSON is one alert of `alerts --format json`.
type alertJSON struct {
	Kind          string  `json:"kind"`
	CustomerCode  string  `json:"customer_code"`
	OfficeCode    string  `json:"office_code"`
	OwnerStaffID  string  `json:"owner_staff_id"`
	RaisedOn      string  `json:"raised_on"`
	LastShipped   string  `json:"last_shipped"`
	SilentDays    int     `json:"silent_days"`
	ExpectedItems float64 `json:"expected_items"`
	ActualItems   int64   `json:"actual_items"`
	P             float64 `json:"p"`
	Score         float64 `json:"score"`
	Reason        string  `json:"reason"`
	WarningID     int64   `json:"warning_id,omitempty"`
}

func dayText(d postcrm.Date) string {
	if d == 0 {
		return ""
	}
	return d.String()
}

func writeAlerts(e *env, path, format string, list []postcrm.Alert) error {
	if format == "json" {
		w, closeOut, err := output(e, path)
		if err != nil {
			return err
		}
		rows := make([]alertJSON, len(list))
		for i, a := range list {
			rows[i] = alertJSON{Kind: string(a.Kind), CustomerCode: a.CustomerCode, OfficeCode: a.OfficeCode, OwnerStaffID: a.OwnerStaffID,
				RaisedOn: dayText(a.RaisedOn), LastShipped: dayText(a.LastShipped), SilentDays: a.SilentDays, ExpectedItems: a.ExpectedItems,
				ActualItems: a.ActualItems, P: a.P, Score: a.Score, Reason: a.Reason, WarningID: a.WarningID}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		err = enc.Encode(rows)
		if cerr := closeOut(); err == nil {
			err = cerr
		}
		return err
	}
	return writeCSVTo(e, path, alertHeader, func(emit func([]string) error) error {
		for _, a := range list {
			err := emit([]string{string(a.Kind), a.CustomerCode, a.OfficeCode, a.OwnerStaffID, dayText(a.LastShipped),
				strconv.Itoa(a.SilentDays), export.Decimal(a.ExpectedItems, 1), export.Decimal(a.Score, 2), a.Reason})
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// alertDayAndDispatch runs day's early alerts and, when dispatch is set
// and the run was stored, dispatches the new ones dated today: the
// command and the scheduled job share it. line says what happened.
func alertDayAndDispatch(ctx context.Context, s *sqlstore.Store, day, today postcrm.Date, dispatch bool) (alert.Result, string, error) {
	res, err := alert.Run(ctx, s, day)
	if err != nil {
		return res, "", err
	}
	line := fmt.Sprintf("%s 早期预警：新发 %d 条，解除 %d 条，未解除 %d 条%s。", day, len(res.Raised), len(res.Cleared), len(res.Open),
		map[bool]string{true: "", false: "（早于已保存的最后一天，只重算，不保存）"}[res.Stored])
	if !res.Stored || !dispatch || len(res.Raised) == 0 {
		return res, line, nil
	}
	sum, err := dispatchMonth(ctx, s, day.YearMonth(), today)
	return res, line + "\n" + sum.line(), err
}
