package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"postcrm"
	"postcrm/hub"
	"postcrm/ingest"
	"postcrm/sqlstore"
	"postcrm/textfmt"
)

// runHub is the mail-hub backlog board: registering hubs, importing their
// vehicles, counts, roster and quotas, and the board as of a moment.
func runHub(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("用法: postcrm hub add|import|board|workbook …")
	}
	switch args[0] {
	case "add":
		return hubAdd(ctx, e, args[1:])
	case "import":
		return hubImport(ctx, e, args[1:])
	case "board":
		return hubBoard(ctx, e, args[1:])
	case "workbook":
		return hubWorkbook(ctx, e, args[1:])
	}
	return fmt.Errorf("没有“hub %s”，可选 add、import、board、workbook", args[0])
}

func hubAdd(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "hub add", "CODE --name 名称 [--city 地市]")
	name := fs.String("name", "", "中心名称，例如 杭州邮件处理中心")
	city := fs.String("city", "", "所在地市")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return fmt.Errorf("请指明一个中心代码")
	}
	h := hub.Hub{Code: fs.Arg(0), Name: *name, City: *city}
	return withStore(ctx, e, func(s *sqlstore.Store) error {
		if err := s.SaveHub(ctx, h); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "已登记中心 %s %s\n", h.Code, h.Name)
		return nil
	})
}

func hubImport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "hub import", "vehicles|counts|roster|quotas FILE [--rejects PATH]")
	rejects := fs.String("rejects", "", "退回行写到这个文件（默认 FILE.rejects.csv）")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return fmt.Errorf("请指明导入类型和一个文件")
	}
	kind, path := hub.Kind(fs.Arg(0)), fs.Arg(1)
	return withStore(ctx, e, func(s *sqlstore.Store) error {
		sum, err := hub.Import(ctx, s, kind, path, ingest.Options{RejectsPath: *rejects})
		if err != nil {
			return err
		}
		n := func(v int) string { return textfmt.Thousands(int64(v)) }
		fmt.Fprintf(e.stdout, "中心%s %s：读取 %s 行，新增 %s，更新 %s，重复跳过 %s，退回 %s；用时 %s\n",
			hubKindNames[kind], path, n(sum.Read), n(sum.Inserted), n(sum.Updated), n(sum.Unchanged), n(sum.Rejected),
			sum.Elapsed.Round(time.Millisecond))
		if sum.RejectsPath != "" {
			fmt.Fprintf(e.stdout, "  退回的行及原因见 %s，改正后可直接再导入该文件\n", sum.RejectsPath)
		}
		return nil
	})
}

var hubKindNames = map[hub.Kind]string{
	hub.KindVehicles: "车辆", hub.KindCounts: "计数", hub.KindRoster: "排班", hub.KindQuotas: "名额",
}

func hubBoard(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "hub board", "--hub 中心代码 [--at \"YYYY-MM-DD HH:MM\"] [--json]")
	code := fs.String("hub", "", "中心代码")
	atFlag := fs.String("at", "", "看板时刻，中国时间 YYYY-MM-DD HH:MM（默认现在）")
	asJSON := fs.Bool("json", false, "以 JSON 输出")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *code == "" {
		fs.Usage()
		return fmt.Errorf("请用 --hub 指明中心")
	}
	at := time.Now().In(postcrm.ChinaTime).Truncate(time.Minute)
	if *atFlag != "" {
		t, err := time.ParseInLocation(hub.TimeLayout, strings.TrimSpace(*atFlag), postcrm.ChinaTime)
		if err != nil {
			return fmt.Errorf("--at 应为 YYYY-MM-DD HH:MM，例如 2026-11-12 09:00：%q", *atFlag)
		}
		at = t
	}
	return withStore(ctx, e, func(s *sqlstore.Store) error {
		b, err := hub.Load(ctx, s, *code, at)
		if err != nil {
			return err
		}
		if *asJSON {
			enc := json.NewEncoder(e.stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(b.JSON())
		}
		printBoard(e, b)
		return nil
	})
}

func printBoard(e *env, b hub.Board) {
	j := b.JSON()
	clear := "按当前速度无法消化"
	if j.Projection.ClearAt != nil {
		clear = *j.Projection.ClearAt
	}
	rows := [][]string{
		{"时刻", j.At},
		{"待卸车辆", fmt.Sprint(j.Waiting)},
		{fmt.Sprintf("超过 %g 小时待卸", j.ThresholdHours), fmt.Sprint(j.WaitingOverThreshold)},
		{"最长等待（小时）", fmt.Sprintf("%.1f", j.OldestWaitHours)},
		{"待卸袋数 / 件数", fmt.Sprintf("%d / %d", j.WaitingBags, j.WaitingPieces)},
		{"正在卸车", fmt.Sprint(j.Unloading)},
		{"近一小时卸完（车/袋/件）", fmt.Sprintf("%d / %d / %d", j.UnloadedLastHour.Vehicles, j.UnloadedLastHour.Bags, j.UnloadedLastHour.Pieces)},
		{b.Shift.Name.Label() + " 需要 / 报名 / 到岗", fmt.Sprintf("%d / %d / %d", j.Shift.Needed, j.Shift.Signed, j.Shift.Present)},
		{"缺口", fmt.Sprint(j.Shift.OpenSlots)},
		{"预计消化时间", clear},
	}
	printTable(e.stdout, []string{"项目", "数值"}, rows)
}

// demoHub registers a hub in the demo's city manager's city in a
// Double-11 peak at this moment (so that `demo --serve` shows the board
// alive), its branches the city's offices, the demo office manager's
// first, with a wall-screen link; it prints where to look.
func demoHub(ctx context.Context, e *env, s *sqlstore.Store, accounts []postcrm.User, addr string) error {
	var city, office string
	for _, u := range accounts {
		switch u.Role {
		case postcrm.RoleCityManager:
			city = u.City
		case postcrm.RoleOfficeManager:
			office = u.OfficeCode
		}
	}
	offices, err := s.Offices(ctx)
	if err != nil {
		return err
	}
	branches := []string{}
	if office != "" {
		branches = append(branches, office)
	}
	for _, o := range offices {
		if o.City == city && o.Code != office && len(branches) < 8 {
			branches = append(branches, o.Code)
		}
	}
	h := hub.Hub{Code: "HUB01", Name: city + "邮件处理中心", City: city}
	if err := s.SaveHub(ctx, h); err != nil {
		return err
	}
	d := hub.Peak(h.Code, time.Now().In(postcrm.ChinaTime).Truncate(time.Minute), 11, branches)
	for _, err := range []error{
		second(s.SaveHubVehicles(ctx, d.Vehicles)), second(s.SaveHubCounts(ctx, d.Counts)),
		second(s.SaveHubQuotas(ctx, d.Quotas)), second(s.SaveHubRoster(ctx, d.Roster)),
	} {
		if err != nil {
			return fmt.Errorf("模拟中心高峰: %w", err)
		}
	}
	token := rand.Text()
	sum := sha256.Sum256([]byte(token))
	if err := s.CreateScopedHubLink(ctx, postcrm.Scope{Role: postcrm.RoleProvinceAdmin}, h.Code, hex.EncodeToString(sum[:]), cliActor); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "模拟 %s 双11高峰：%d 辆车（此刻 192 辆待卸超过 24 小时）、%d 名志愿者排班。网页上“中心积压”查看；大屏只读链接 http://%s/wall/%s\n",
		h.Name, len(d.Vehicles), len(d.Roster), browsableAddr(addr), token)
	return nil
}

func second[T any](_ T, err error) error { return err }

// hubWorkbook writes a hub's day as a workbook.
func hubWorkbook(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "hub workbook", "--hub 中心代码 --day YYYY-MM-DD [-o 文件.xlsx]")
	code := fs.String("hub", "", "中心代码")
	dayFlagV := fs.String("day", "", "哪一天 YYYY-MM-DD")
	out := fs.String("o", "", "输出文件（默认 中心-日期.xlsx）")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *code == "" || *dayFlagV == "" {
		fs.Usage()
		return fmt.Errorf("请用 --hub 和 --day 指明中心和日期")
	}
	day, err := dayFlag("--day", *dayFlagV)
	if err != nil {
		return err
	}
	if *out == "" {
		*out = fmt.Sprintf("%s-%s.xlsx", *code, day)
	}
	return withStore(ctx, e, func(s *sqlstore.Store) error {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		if err := hub.Workbook(ctx, s, *code, day, f); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "已写出 %s\n", *out)
		return nil
	})
}
