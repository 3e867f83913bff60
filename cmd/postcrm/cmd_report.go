package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"postcrm"
	"postcrm/followup"
	"postcrm/report"
	"postcrm/sqlstore"
	"postcrm/xlsxreport"
)

// reportArgs are the report command's flags and arguments.
type reportArgs struct {
	list                  bool
	name, month, day      string
	scopeLevel, scopeCode string
	out, format           string
}

// parseReportArgs reads `NAME [flags]` with the flags before or after the
// name, and --scope LEVEL CODE with the code as the next word (or
// --scope LEVEL:CODE).
func parseReportArgs(e *env, args []string) (reportArgs, error) {
	var a reportArgs
	fs := newFlags(e, "report", "NAME [--month YYYY-MM] [--day YYYY-MM-DD] [--scope city|office CODE] [-o FILE.xlsx] [--format xlsx|json] | --list")
	fs.BoolVar(&a.list, "list", false, "列出报表名称，每行一个")
	fs.StringVar(&a.month, "month", "", "哪个月 YYYY-MM（默认：数据中最后一个完整月）")
	fs.StringVar(&a.day, "day", "", "夕会看板的日期 YYYY-MM-DD（默认：数据中最后一天）")
	fs.StringVar(&a.scopeLevel, "scope", "", "范围：city 地市名称，或 office 机构代码（默认：全省）")
	fs.StringVar(&a.out, "o", "", "写到这个 xlsx 文件（默认：NAME-期间.xlsx）")
	fs.StringVar(&a.format, "format", "xlsx", "格式：xlsx，或 json（输出到标准输出）")
	if err := parseFlags(fs, args); err != nil {
		return a, err
	}
	words := fs.Args()
	if level, code, ok := strings.Cut(a.scopeLevel, ":"); ok {
		a.scopeLevel, a.scopeCode = level, code
	}
	if len(words) > 0 {
		a.name, words = words[0], words[1:]
	}
	if a.scopeLevel != "" && a.scopeCode == "" && len(words) > 0 {
		a.scopeCode, words = words[0], words[1:]
	}
	switch {
	case a.list:
		return a, nil
	case a.name == "":
		fs.Usage()
		return a, errors.New("请给出报表名称（postcrm report --list 列出全部）")
	case len(words) > 0:
		return a, fmt.Errorf("多余的参数：%s", strings.Join(words, " "))
	case a.scopeLevel != "" && a.scopeCode == "":
		return a, fmt.Errorf("--scope %s 后面要跟地市名称或机构代码", a.scopeLevel)
	case a.format != "xlsx" && a.format != "json":
		return a, fmt.Errorf("--format 应为 xlsx 或 json，不是 %q", a.format)
	}
	return a, nil
}

func runReport(ctx context.Context, e *env, args []string) error {
	a, err := parseReportArgs(e, args)
	if err != nil {
		return err
	}
	if a.list {
		for _, n := range report.Names() {
			fmt.Fprintln(e.stdout, n)
		}
		return nil
	}
	if report.Title(a.name) == "" {
		return fmt.Errorf("没有“%s”这张报表，可用的有：%s", a.name, strings.Join(report.Names(), "、"))
	}
	return withFacts(ctx, e, func(_ *sqlstore.Store, src factStore) error {
		req, err := reportRequest(ctx, src, a)
		if err != nil {
			return err
		}
		build := report.Build
		if a.name == "evening" && req.Scope.Level != report.ScopeOffice {
			build = everyOfficesEvening
		}
		r, err := build(ctx, src, a.name, req)
		if err != nil {
			return err
		}
		if a.format == "json" {
			enc := json.NewEncoder(e.stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(r)
		}
		path := a.out
		if path == "" {
			path = a.name + "-" + r.Period + ".xlsx"
		}
		if err := writeWorkbook(path, r); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s（%s，%s）已写到 %s\n", r.Title, r.Period, r.Scope, path)
		return nil
	})
}

// everyOfficesEvening is the evening board of every office in the
// request's scope (the province, or a city), one sheet per office: the
// board is an office's, and without --scope the command writes them all.
func everyOfficesEvening(ctx context.Context, src report.Source, name string, req report.Request) (postcrm.Report, error) {
	offices, err := src.Offices(ctx)
	if err != nil {
		return postcrm.Report{}, err
	}
	slices.SortFunc(offices, func(a, b postcrm.Office) int {
		return cmp.Or(postcrm.CompareCities(a.City, b.City), cmp.Compare(a.Code, b.Code))
	})
	var all postcrm.Report
	for _, o := range offices {
		if req.Scope.Level == report.ScopeCity && o.City != req.Scope.Code {
			continue
		}
		one := req
		one.Scope = report.Scope{Level: report.ScopeOffice, Code: o.Code}
		r, err := report.Build(ctx, src, name, one)
		if err != nil {
			return all, fmt.Errorf("%s（%s）: %w", o.Name, o.Code, err)
		}
		for _, t := range r.Tables {
			t.Name, t.Title = o.Name+o.Code, o.City+o.Name+"（"+o.Code+"）"+t.Title
			all.Tables = append(all.Tables, t)
		}
		if all.Title == "" {
			all.Name, all.Title, all.Period, all.Notes = r.Name, r.Title, r.Period, r.Notes
		}
	}
	if len(all.Tables) == 0 {
		return all, fmt.Errorf("范围内没有营业部：%s", req.Scope.Code)
	}
	all.Scope = "全省"
	if req.Scope.Level == report.ScopeCity {
		all.Scope = req.Scope.Code
	}
	return all, nil
}

// reportRequest resolves the month, day and scope, with the defaults
// taken from the data; the reports of one run share a measurement cache.
func reportRequest(ctx context.Context, src report.Source, a reportArgs) (report.Request, error) {
	req := report.Request{Scope: report.Scope{Level: report.ScopeLevel(a.scopeLevel), Code: a.scopeCode}, Measurements: &followup.Cache{}}
	switch req.Scope.Level {
	case report.ScopeProvince, report.ScopeCity, report.ScopeOffice:
	default:
		return req, fmt.Errorf("--scope 应为 city 或 office，不是 %q", a.scopeLevel)
	}
	var err error
	switch {
	case a.day != "":
		t, perr := time.ParseInLocation("2006-01-02", a.day, postcrm.ChinaTime)
		if perr != nil {
			return req, fmt.Errorf("--day 应为 YYYY-MM-DD，例如 2026-06-15：%q", a.day)
		}
		req.Day = postcrm.DateOf(t)
	case a.name == "evening":
		if req.Day, err = src.LastDataDay(ctx); err != nil {
			return req, err
		}
	}
	switch {
	case a.month != "":
		req.Month, err = parseMonth("--month", a.month)
	case req.Day != 0:
		req.Month = req.Day.YearMonth()
	default:
		req.Month, err = report.DefaultMonth(ctx, src)
	}
	return req, err
}

// writeWorkbook writes the workbook next to path and renames it into
// place, so that a failure leaves no half-written file.
func writeWorkbook(path string, r postcrm.Report) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".report-*.xlsx")
	if err != nil {
		return fmt.Errorf("创建 %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := xlsxreport.Write(tmp, r); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("写 %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("写 %s: %w", path, err)
	}
	return nil
}
