package main

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"time"

	"postcrm"
	"postcrm/calendar"
	"postcrm/demo"
	"postcrm/ingest"
	"postcrm/progress"
)

// demoFlags are the generator options both demo and generate take.
type demoFlags struct {
	scale  *string
	seed   *int64
	end    *string
	months *int
}

func addDemoFlags(fs *flag.FlagSet) demoFlags {
	return demoFlags{
		scale:  fs.String("scale", "small", "规模：small（几百个协议客户）、city（一个地市的量）或 province（全省：约 2 万协议客户、100 万散户）"),
		seed:   fs.Int64("seed", 1, "随机种子：同一种子生成完全相同的数据"),
		end:    fs.String("end", "", "最后一个月 YYYY-MM（默认：上一个完整月）"),
		months: fs.Int("months", demo.DefaultMonths, "生成几个月的数据（至少 18 个月）"),
	}
}

func (f demoFlags) options(dir string) (demo.Options, error) {
	scale, err := demo.ParseScale(*f.scale)
	if err != nil {
		return demo.Options{}, err
	}
	opts := demo.Options{Dir: dir, Scale: scale, Seed: *f.seed, Months: *f.months}
	if *f.end != "" {
		month, err := parseMonth("--end", *f.end)
		if err != nil {
			return opts, err
		}
		opts.End = postcrm.Date(month*100 + 1)
	}
	return opts, nil
}

func generate(e *env, opts demo.Options) (demo.Manifest, error) {
	fmt.Fprintf(e.stderr, "正在生成模拟省份（%s）到 %s …\n", opts.Scale.Name, opts.Dir)
	start := time.Now()
	m, err := demo.Generate(opts)
	if err != nil {
		return m, fmt.Errorf("生成模拟数据: %w", err)
	}
	rows := 0
	for _, f := range m.Files {
		rows += f.Rows
	}
	fmt.Fprintf(e.stderr, "已生成 %d 个文件、%s 行（%s 至 %s），用时 %s\n", len(m.Files),
		progress.Thousands(int64(rows)), m.First, m.Last, time.Since(start).Round(time.Millisecond))
	return m, nil
}

func runGenerate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "generate", "[--scale small|city|province] --out DIR")
	df := addDemoFlags(fs)
	out := fs.String("out", "", "输出目录")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		fs.Usage()
		return fmt.Errorf("请用 --out 指定输出目录")
	}
	opts, err := df.options(*out)
	if err != nil {
		return err
	}
	m, err := generate(e, opts)
	if err != nil {
		return err
	}
	for _, f := range m.Files {
		fmt.Fprintln(e.stdout, filepath.Join(*out, f.Name))
	}
	return nil
}

func runDemo(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "demo", "[--scale small|city|province] [--dir DIR]")
	df := addDemoFlags(fs)
	dir := fs.String("dir", "demo-data", "生成文件放在这个目录")
	if err := fs.Parse(args); err != nil {
		return err
	}
	opts, err := df.options(*dir)
	if err != nil {
		return err
	}
	m, err := generate(e, opts)
	if err != nil {
		return err
	}
	err = withStore(ctx, e, func(s postcrm.Store) error {
		for _, f := range m.Files {
			if _, err := importFile(ctx, e, s, f.Kind, filepath.Join(*dir, f.Name), ingest.Options{}); err != nil {
				return err
			}
		}
		fmt.Fprintln(e.stdout)
		if err := printStoreStats(ctx, e, s); err != nil {
			return err
		}
		sum, err := analyzeMonth(ctx, s, m.Last.YearMonth(), calendar.Default())
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, "\n"+sum.line())
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "\n模拟省份已导入 %s。接下来可以：\n", redact(e.dsn))
	db := redact(e.dsn)
	fmt.Fprintf(e.stdout, "  按地市查看已入库的数据：  postcrm --db %s stats\n", db)
	fmt.Fprintf(e.stdout, "  导出本月预警：            postcrm --db %s warnings --month %s --format xlsx -o 预警.xlsx\n", db, monthText(m.Last.YearMonth()))
	fmt.Fprintf(e.stdout, "  导入真实的收寄明细：      postcrm --db %s import waybills 文件.csv\n", db)
	fmt.Fprintf(e.stdout, "  退回的行在 %s/*.rejects.csv，真实情况见 %s/truth_*.csv\n", *dir, *dir)
	return nil
}
