package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"

	"postcrm"
	"postcrm/export"
	"postcrm/refund"
	"postcrm/sqlstore"
)

var walkinColumns = []string{"sender_phone", "frequency", "recency_days", "t_days", "p_alive",
	"expected_items_90d", "avg_postage", "clv_12m"}

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
	if err := parseFlags(fs, args); err != nil {
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
	return withStore(ctx, e, func(s *sqlstore.Store) error {
		// The province's whole list, as the web's export has it: the
		// refund warnings first, then the analysis's by revenue at risk.
		rows, _, err := refund.MonthWarnings(ctx, s, postcrm.Scope{Role: postcrm.RoleProvinceAdmin}, postcrm.WarningQuery{Month: month})
		if err != nil {
			return fmt.Errorf("读取预警: %w", err)
		}
		table := export.Warnings(rows, export.WarningOptions{})
		w, closeOut, err := output(e, *out)
		if err != nil {
			return err
		}
		if *format == "xlsx" {
			err = table.WriteXLSX(w, month.String()+" 预警")
		} else {
			err = table.WriteCSV(w, false)
		}
		if cerr := closeOut(); err == nil {
			err = cerr
		}
		return err
	})
}

func runWalkins(ctx context.Context, e *env, args []string) error {
	fs, monthArg, format, out := exportFlags(e, "walkins", "csv")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	month, err := monthFlag(*monthArg)
	if err != nil {
		return err
	}
	if *format != "csv" {
		return fmt.Errorf("--format 只能是 csv：%q", *format)
	}
	return withStore(ctx, e, func(s *sqlstore.Store) error {
		return writeCSVTo(e, *out, walkinColumns, func(emit func([]string) error) error {
			return s.WalkinScores(ctx, month, func(w postcrm.WalkinScore) error {
				return emit([]string{w.Phone, strconv.Itoa(w.Frequency), strconv.Itoa(w.RecencyDays), strconv.Itoa(w.TDays),
					export.Decimal(w.PAlive, 6), export.Decimal(w.ExpectedItems90d, 4), export.YuanText(w.AvgPostageFen), export.YuanText(w.CLV12mFen)})
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
	err = writeCSV(export.NewCSVWriter(w), header, fill)
	if cerr := closeOut(); err == nil {
		err = cerr
	}
	return err
}

// writeCSV writes the header and the rows fill emits; what was written
// before an error is flushed too.
func writeCSV(cw *export.CSVWriter, header []string, fill func(emit func([]string) error) error) error {
	defer cw.Flush()
	if err := cw.Write(header); err != nil {
		return err
	}
	if err := fill(cw.Write); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
