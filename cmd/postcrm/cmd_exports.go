package main

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/xuri/excelize/v2"

	"postcrm"
)

var warningColumns = []string{"kind", "customer_code", "sender_phone", "office_code", "owner_staff_id",
	"expected_items", "actual_items", "expected_revenue", "actual_revenue", "revenue_at_risk", "score", "reason"}

var walkinColumns = []string{"sender_phone", "frequency", "recency_days", "t_days", "p_alive",
	"expected_items_90d", "avg_postage", "clv_12m"}

func fenText(fen int64) string { return strconv.FormatFloat(float64(fen)/100, 'f', 2, 64) }

func floatText(x float64, digits int) string { return strconv.FormatFloat(x, 'f', digits, 64) }

func warningRow(w postcrm.Warning) []string {
	return []string{string(w.Kind), w.CustomerCode, w.SenderPhone, w.OfficeCode, w.OwnerStaffID,
		floatText(w.ExpectedItems, 1), strconv.FormatInt(w.ActualItems, 10), fenText(w.ExpectedFen),
		fenText(w.ActualFen), fenText(w.RevenueAtRiskFen), floatText(w.Score, 2), w.Reason}
}

// exportFlags are the flags every export takes.
func exportFlags(e *env, name string, formats string) (fs *flag.FlagSet, month, format, out *string) {
	f := newFlags(e, name, "--month YYYY-MM [--format "+formats+"] [-o FILE]")
	month = f.String("month", "", "哪个月 YYYY-MM（默认：上一个完整月）")
	format = f.String("format", "csv", "格式："+formats)
	out = f.String("o", "", "写到这个文件（默认：标准输出；xlsx 必须指定文件）")
	return f, month, format, out
}

// output opens the export's destination.
func output(e *env, path string) (io.Writer, func() error, error) {
	if path == "" {
		return e.stdout, func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, fmt.Errorf("创建 %s: %w", path, err)
	}
	return f, f.Close, nil
}

func runWarnings(ctx context.Context, e *env, args []string) error {
	fs, monthArg, format, out := exportFlags(e, "warnings", "csv|xlsx")
	if err := fs.Parse(args); err != nil {
		return err
	}
	month, err := monthFlag(*monthArg)
	if err != nil {
		return err
	}
	if *format != "csv" && *format != "xlsx" {
		return fmt.Errorf("--format 只能是 csv 或 xlsx：%q", *format)
	}
	if *format == "xlsx" && *out == "" {
		return fmt.Errorf("导出 xlsx 请用 -o 指定文件名")
	}
	return withStore(ctx, e, func(s postcrm.Store) error {
		ws, err := s.Warnings(ctx, month)
		if err != nil {
			return fmt.Errorf("读取预警: %w", err)
		}
		rows := make([][]string, len(ws))
		for i, w := range ws {
			rows[i] = warningRow(w)
		}
		if *format == "xlsx" {
			return writeXLSX(*out, monthText(month)+" 预警", warningColumns, warningNumeric, rows)
		}
		return writeCSVTo(e, *out, warningColumns, func(emit func([]string) error) error {
			for _, r := range rows {
				if err := emit(r); err != nil {
					return err
				}
			}
			return nil
		})
	})
}

func runWalkins(ctx context.Context, e *env, args []string) error {
	fs, monthArg, format, out := exportFlags(e, "walkins", "csv")
	if err := fs.Parse(args); err != nil {
		return err
	}
	month, err := monthFlag(*monthArg)
	if err != nil {
		return err
	}
	if *format != "csv" {
		return fmt.Errorf("--format 只能是 csv：%q", *format)
	}
	return withStore(ctx, e, func(s postcrm.Store) error {
		return writeCSVTo(e, *out, walkinColumns, func(emit func([]string) error) error {
			return s.WalkinScores(ctx, month, func(w postcrm.WalkinScore) error {
				return emit([]string{w.Phone, strconv.Itoa(w.Frequency), strconv.Itoa(w.RecencyDays), strconv.Itoa(w.TDays),
					floatText(w.PAlive, 6), floatText(w.ExpectedItems90d, 4), fenText(w.AvgPostageFen), fenText(w.CLV12mFen)})
			})
		})
	})
}

// writeCSVTo writes a header and the rows fill emits, streaming.
func writeCSVTo(e *env, path string, header []string, fill func(emit func([]string) error) error) error {
	w, closeOut, err := output(e, path)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	err = cw.Write(header)
	if err == nil {
		err = fill(cw.Write)
	}
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	if cerr := closeOut(); err == nil {
		err = cerr
	}
	return err
}

// warningNumeric marks the figures among warningColumns; codes, phones and
// staff IDs stay text so that leading zeros survive.
var warningNumeric = []bool{5: true, 6: true, 7: true, 8: true, 9: true, 10: true, 11: false}

// writeXLSX writes one sheet with a frozen header row; numeric columns are
// stored as numbers so that Excel can sum them.
func writeXLSX(path, sheet string, header []string, numeric []bool, rows [][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	cells := make([]any, len(header))
	for i, h := range header {
		cells[i] = h
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return err
	}
	for r, row := range rows {
		for i, v := range row {
			cells[i] = v
			if x, err := strconv.ParseFloat(v, 64); err == nil && numeric[i] {
				cells[i] = x
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	if err := f.SaveAs(path); err != nil {
		return fmt.Errorf("保存 %s: %w", path, err)
	}
	return nil
}
