package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"postcrm"
	"postcrm/alert"
	"postcrm/auth"
	"postcrm/demo"
	"postcrm/ingest"
	"postcrm/monthly"
	"postcrm/sqlstore"
	"postcrm/textfmt"
	"postcrm/web"
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
		end:    fs.String("end", "", "最后一个月 YYYY-MM（默认：demo 为 2026-11，generate 为上一个完整月）"),
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
		opts.End = month.First()
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
		textfmt.Thousands(int64(rows)), m.First, m.Last, time.Since(start).Round(time.Millisecond))
	return m, nil
}

func runGenerate(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "generate", "[--scale small|city|province] --out DIR")
	df := addDemoFlags(fs)
	out := fs.String("out", "", "输出目录")
	if err := parseFlags(fs, args); err != nil {
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
	fs := newFlags(e, "demo", "[--scale small|city|province] [--dir DIR] [--serve [--addr :8080]]")
	df := addDemoFlags(fs)
	dir := fs.String("dir", "demo-data", "生成文件放在这个目录")
	serveToo := fs.Bool("serve", false, "准备好后直接启动网页应用")
	addr := fs.String("addr", ":8080", "网页应用的监听地址（与 --serve 一起用）")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	opts, err := df.options(*dir)
	if err != nil {
		return err
	}
	if opts.End == 0 {
		opts.End = demoEnd
	}
	m, err := generate(e, opts)
	if err != nil {
		return err
	}
	return withStore(ctx, e, func(s *sqlstore.Store) error {
		var imported importTotals
		for _, f := range m.Files {
			sum, err := importQuietly(ctx, e, s, f.Kind, filepath.Join(*dir, f.Name), ingest.Options{})
			if err != nil {
				return err
			}
			imported.add(sum)
		}
		imported.print(e, *dir)
		if err := demoCampaign(ctx, e, s, opts, m.Last); err != nil {
			return err
		}
		if err := demoPolicySteps(ctx, s, m.Last); err != nil {
			return err
		}
		if err := demoFollowup(ctx, e, s, opts, m.Last); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout)
		if err := printStoreStats(ctx, e, s); err != nil {
			return err
		}
		sum, err := monthly.Run(ctx, s, monthly.Options{Month: m.Last.YearMonth()})
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, "\n"+summaryLine(sum))
		if err := demoDispatch(ctx, e, s, m.Last); err != nil {
			return err
		}
		if err := demoRefunds(ctx, e, s, m.Last.YearMonth()); err != nil {
			return err
		}
		if err := demoContest(ctx, e, s, *dir); err != nil {
			return err
		}
		accounts, err := prepareDemoAccounts(ctx, s, m.Last.YearMonth())
		if err != nil {
			return err
		}
		if err := demoProblems(ctx, e, s, accounts); err != nil {
			return err
		}
		if err := demoAlerts(ctx, e, s, m.Last); err != nil {
			return err
		}
		if err := demoHub(ctx, e, s, accounts, *addr); err != nil {
			return err
		}
		printDemoNext(e, *dir, m.Last.YearMonth(), *addr, *serveToo, accounts)
		if *serveToo {
			// The demo sends no notices: they wait in the outbox (notices list).
			return serve(ctx, e, s, *addr, web.Options{}, 0, nil)
		}
		return nil
	})
}

// demoAlerts runs the early alerts as of the demo's last day and
// dispatches them the day after, after the accounts are chosen (so that
// they stay those the README lists): the couriers' work lists hold them
// beside the month's warnings.
func demoAlerts(ctx context.Context, e *env, s *sqlstore.Store, last postcrm.Date) error {
	res, err := alert.Run(ctx, s, last)
	if err != nil {
		return fmt.Errorf("早期预警: %w", err)
	}
	fmt.Fprintf(e.stdout, "%s 早期预警：新发 %d 条（停发或骤减得不寻常的协议客户）。\n", last, len(res.Raised))
	return demoDispatch(ctx, e, s, last)
}

// demoEnd is the demo's last month unless --end says otherwise: a fixed
// month, so that the demo is the same province, with the same warnings
// and the same accounts (those the README lists), on any day, and stays
// within the built-in holiday table.
const demoEnd = postcrm.Date(20261101)

// printDemoNext says what to do with the prepared demo, and last, where
// nothing can push it off the screen, the address and the accounts a
// newcomer needs.
func printDemoNext(e *env, dir string, month postcrm.Month, addr string, serving bool, accounts []postcrm.User) {
	db, self := redact(e.dsn), selfCommand()
	fmt.Fprintf(e.stdout, "\n模拟省份已导入 %s。接下来可以：\n", db)
	if !serving {
		fmt.Fprintf(e.stdout, "  启动网页应用：            %s --db %s serve --addr %s\n", self, db, addr)
	}
	fmt.Fprintf(e.stdout, "  按地市查看已入库的数据：  %s --db %s stats\n", self, db)
	fmt.Fprintf(e.stdout, "  导出本月预警：            %s --db %s warnings --month %s --format xlsx -o 预警.xlsx\n", self, db, month)
	fmt.Fprintf(e.stdout, "  导入真实的收寄明细：      %s --db %s import waybills 文件.csv\n", self, db)
	fmt.Fprintf(e.stdout, "  生成器的真实情况（用来核对分析）见 %s/truth_*.csv\n", dir)
	rule := strings.Repeat("═", 60)
	fmt.Fprintf(e.stdout, "\n%s\n", rule)
	if serving {
		fmt.Fprintf(e.stdout, "用浏览器打开 http://%s/ （网页应用马上启动）\n", browsableAddr(addr))
	} else {
		fmt.Fprintf(e.stdout, "启动网页应用（见上）后，用浏览器打开 http://%s/\n", browsableAddr(addr))
	}
	fmt.Fprintf(e.stdout, "网页应用的演示账号（密码都是 %s，无须修改；仅供演示，真实数据请用 postcrm user 开通账号）：\n", demoPassword)
	for _, u := range accounts {
		fmt.Fprintf(e.stdout, "  %-8s  %s\n", u.Name, describeUser(u))
	}
	fmt.Fprintln(e.stdout, rule)
}

// browsableAddr is a listen address as a browser on this machine reaches
// it: ":8080" is localhost:8080.
func browsableAddr(addr string) string {
	if strings.HasPrefix(addr, ":") {
		return "localhost" + addr
	}
	return addr
}

// selfCommand is how the user ran this program, for the hints: after
// `go run ./cmd/postcrm` there is no postcrm on the PATH, only a binary
// in Go's build cache, so the hint says to go run it again.
func selfCommand() string {
	exe := os.Args[0]
	if strings.Contains(filepath.ToSlash(exe), "/go-build") {
		return "go run ./cmd/postcrm"
	}
	if filepath.Base(exe) == "postcrm" && !strings.ContainsRune(exe, filepath.Separator) {
		return "postcrm"
	}
	if path, err := exec.LookPath("postcrm"); err == nil && sameFile(path, exe) {
		return "postcrm"
	}
	return exe
}

// sameFile reports whether two paths name the same file.
func sameFile(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

// importTotals sums the demo's imports per kind, so that the two dozen
// files read as four lines.
type importTotals struct {
	kinds []postcrm.ImportKind
	by    map[postcrm.ImportKind]*kindTotal
}

type kindTotal struct {
	files, read, stored, rejected, findings int
}

func (t *importTotals) add(s ingest.Summary) {
	if t.by == nil {
		t.by = map[postcrm.ImportKind]*kindTotal{}
	}
	k := t.by[s.Kind]
	if k == nil {
		k = &kindTotal{}
		t.by[s.Kind] = k
		t.kinds = append(t.kinds, s.Kind)
	}
	k.files++
	k.read += s.Read
	k.stored += s.Inserted + s.Updated
	k.rejected += s.Rejected
	k.findings += s.Findings
}

func (t *importTotals) print(e *env, dir string) {
	n := func(v int) string { return textfmt.Thousands(int64(v)) }
	fmt.Fprintln(e.stdout, "已导入：")
	for _, kind := range t.kinds {
		k := t.by[kind]
		name := kindNames[kind]
		pad := strings.Repeat(" ", max(0, 12-textfmt.DisplayWidth(name)))
		fmt.Fprintf(e.stdout, "  %s%s %3d 个文件，读取 %s 行，入库 %s，退回 %s，数据质量问题 %s\n",
			name, pad, k.files, n(k.read), n(k.stored), n(k.rejected), n(k.findings))
	}
	fmt.Fprintf(e.stdout, "  退回的行（生成器有意放进去的错行）及原因见 %s/*.rejects.csv\n", dir)
}

// demoPassword is every demo account's password. The demo accounts are
// for trying the application on synthetic data only.
const demoPassword = "demo-2026"

// prepareDemoAccounts gives one account per role, with demoPassword and
// no forced change, chosen so that each has something to see in month:
// the courier who owns the most warned customers, their office's
// manager, their city's manager, and a province user. Running the demo
// again resets them.
func prepareDemoAccounts(ctx context.Context, s *sqlstore.Store, month postcrm.Month) ([]postcrm.User, error) {
	staff, err := s.Staff(ctx)
	if err != nil {
		return nil, fmt.Errorf("读取机构人员: %w", err)
	}
	warnings, err := s.Warnings(ctx, month)
	if err != nil {
		return nil, fmt.Errorf("读取预警: %w", err)
	}
	names, err := demoAccountNames(staff, warnings)
	if err != nil {
		return nil, err
	}
	hash, err := auth.HashPassword(demoPassword)
	if err != nil {
		return nil, err
	}
	users := make([]postcrm.User, len(names))
	for i, name := range names {
		if users[i], err = setDemoAccount(ctx, s, name, hash); err != nil {
			return nil, err
		}
	}
	return users, nil
}

// demoAccountNames picks the staff IDs, courier first.
func demoAccountNames(staff []postcrm.Staff, warnings []postcrm.Warning) ([]string, error) {
	byID := make(map[string]postcrm.Staff, len(staff))
	for _, p := range staff {
		byID[p.ID] = p
	}
	owned := map[string]int{}
	for _, w := range warnings {
		if p, ok := byID[w.OwnerStaffID]; ok && p.Role == postcrm.RoleCourier {
			owned[p.ID]++
		}
	}
	courier := ""
	for id, n := range owned {
		if courier == "" || n > owned[courier] || (n == owned[courier] && id < courier) {
			courier = id
		}
	}
	if courier == "" {
		return nil, errors.New("本月没有哪位揽投员名下有预警，无法挑选演示账号")
	}
	c := byID[courier]
	first := func(match func(postcrm.Staff) bool) string {
		id := ""
		for _, p := range staff {
			if match(p) && (id == "" || p.ID < id) {
				id = p.ID
			}
		}
		return id
	}
	names := []string{
		first(func(p postcrm.Staff) bool { return p.Role == postcrm.RoleProvinceAdmin }),
		first(func(p postcrm.Staff) bool { return p.Role == postcrm.RoleCityManager && p.City == c.City }),
		first(func(p postcrm.Staff) bool { return p.Role == postcrm.RoleOfficeManager && p.OfficeCode == c.OfficeCode }),
		courier,
	}
	if slices.Contains(names, "") {
		return nil, fmt.Errorf("机构人员中缺少某个岗位（省市场部、%s的地市管理员或 %s 的营业部经理），无法挑选演示账号", c.City, c.OfficeCode)
	}
	return names, nil
}

// setDemoAccount creates the account or resets it to the demo password,
// unlocked.
func setDemoAccount(ctx context.Context, s auth.AccountStore, name, hash string) (postcrm.User, error) {
	err := s.CreateUser(ctx, postcrm.User{Name: name, PasswordHash: hash})
	switch {
	case errors.Is(err, postcrm.ErrConflict):
		err = accounts(s).SetPasswordHash(ctx, name, hash, false)
	case err == nil:
		err = accounts(s).Audit(ctx, postcrm.AuditUserCreate, name, "demo")
	}
	if err != nil {
		return postcrm.User{}, fmt.Errorf("演示账号 %s: %w", name, err)
	}
	return s.User(ctx, name)
}
