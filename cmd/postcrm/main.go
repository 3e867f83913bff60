// Command postcrm imports a provincial postal express business's exports,
// analyses its customers and serves the results. See README.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

// command is one subcommand: it parses its own flags from args.
type command struct {
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

var commands = map[string]command{
	"import":   {"导入机构人员、协议客户、收寄明细或电子渠道会员文件", runImport},
	"demo":     {"生成一个模拟省份并导入，演示用", runDemo},
	"generate": {"只生成模拟省份的导出文件，不导入", runGenerate},
	"migrate":  {"创建或升级数据库结构", runMigrate},
	"stats":    {"按地市统计已入库的数据", runStats},
	"analyze":  {"按月分析协议客户和散户，生成预警", runAnalyze},
	"warnings": {"导出某月的预警（csv 或 xlsx）", runWarnings},
	"walkins":  {"导出某月每个散户的评分（csv）", runWalkins},
	"suspend":  {"登记营业部暂停收寄的日期（add、delete、list），分析时不算作下滑", runSuspend},
	"holidays": {"节假日表：show 查看，import 导入覆盖内置表的节假日安排，clear 恢复内置表；分析和跟进成效都用它", runHolidays},
	"eval":     {"在模拟省份上用真实情况评估预警的准确性", runEval},
	"btyd":     {"拟合散户购买模型（BG/NBD、MBG/NBD、Gamma-Gamma）", runBTYD},
	"serve":    {"启动网页应用（--addr :8080）", runServe},
	"user":     {"管理网页账号：add、reset-password、lock、unlock、list", runUser},
	"dispatch": {"派发某月预警：管户人或营业部经理，留对照组，到期和升级", runDispatch},
	"effect":   {"衡量某月预警跟进的效果：恢复率、提升和 95% 置信区间", runEffect},
	"report":   {"生成月度报表（xlsx 或 json），--list 列出报表", runReport},
	"problems": {"领题破题：remind 写入逾期提醒（每周一次），list 列出未销号的问题", runProblems},
	"refund":   {"退件邮费退还：sweep 每日催办和升级，import 导入案件事件，report 月报（--month YYYY-MM [--json] [-o FILE.xlsx]）", runRefund},
	"campaign": {"营销活动：list 列出，effect 衡量效果（双重差分和 95% 区间），export 导出工作簿，import 导入礼品登记表", runCampaign},
	"alerts":   {"早期预警：某天结束时哪些协议客户停发或骤减得不寻常（csv 或 json），并派发", runAlerts},
	"hub":      {"中心积压看板：登记中心（add）、导入车辆、计数、排班和名额（import）、查看看板（board）、每日工作簿（workbook）", runHub},
	"contest":  {"知识竞赛：replay 按规则重放事件日志，输出各队得分、犯规和风险题选题顺序", runContest},
	"notices":  {"派单通知：send 发送待发的，list 查看，webhook 设置营业部或地市的企业微信机器人", runNotices},
	"backup":   {"在线备份数据库（SQLite 压缩副本加清单；PostgreSQL 调用 pg_dump）", runBackup},
	"restore":  {"从备份恢复数据库，先核对清单，拒绝更新版本的备份", runRestore},
	"prune":    {"按保留月数删除过旧的收寄明细（汇总、预警和跟进保留）", runPrune},
	"policy":   {"收寄政策调整：notify 给当天开始生效的调整写入通知（--today YYYY-MM-DD）", runPolicy},
	"config":   {"配置文件：check 检查 postcrm.toml 和环境变量", runConfig},
}

// env is what every command shares: the chosen database, the
// configuration and the outputs.
type env struct {
	dsn    string
	facts  string // the fact store's DSN, "" to keep the waybills in the SQL store
	cfg    config
	cfgErr error // the configuration's problems, for config check
	stdout io.Writer
	stderr io.Writer
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "postcrm:", err)
		}
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("postcrm", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dsn := fs.String("db", "", "数据库：SQLite 文件路径，或 postgres://… （默认取环境变量 POSTCRM_DB、配置文件的 db，再不然 postcrm.db）")
	facts := fs.String("facts", "", "事实库：clickhouse://主机:9000/库名?cluster=集群名，运单及其日汇总放在 ClickHouse 集群上，其余仍在 --db（默认取环境变量 POSTCRM_FACTS、配置文件的 facts；目前只有 import、analyze 和 report 使用）")
	cfgPath := fs.String("config", os.Getenv("POSTCRM_CONFIG"), "配置文件（默认：当前目录有 postcrm.toml 就读它；环境变量 POSTCRM_CONFIG）")
	fs.Usage = func() { usage(fs) }
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, cfgErr := loadConfig(*cfgPath, os.Getenv)
	if *dsn == "" {
		*dsn = cfg.DB
	}
	if *facts == "" {
		*facts = cfg.Facts
	}
	if fs.NArg() == 0 {
		usage(fs)
		return flag.ErrHelp
	}
	name := fs.Arg(0)
	cmd, ok := commands[name]
	if !ok {
		usage(fs)
		return fmt.Errorf("没有“%s”这个命令", name)
	}
	// A bad configuration stops every command but the one that reports it.
	if cfgErr != nil && name != "config" {
		return fmt.Errorf("配置有误（postcrm config check 逐条列出）：%w", cfgErr)
	}
	if *facts != "" && !factsCommands[name] {
		return fmt.Errorf("“%s”还不能用事实库（--facts / POSTCRM_FACTS）：目前只有 import、analyze 和 report 读写 ClickHouse 上的运单", name)
	}
	e := &env{dsn: *dsn, facts: *facts, cfg: cfg, stdout: stdout, stderr: stderr}
	if name == "config" {
		e.cfgErr = cfgErr
	}
	return cmd.run(ctx, e, fs.Args()[1:])
}

func usage(fs *flag.FlagSet) {
	w := fs.Output()
	fmt.Fprintln(w, "用法: postcrm [--db DSN] [--config FILE] 命令 [参数]")
	fmt.Fprintln(w, "\n命令:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-9s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\n全局参数:")
	fs.PrintDefaults()
}

// parseFlags parses a subcommand's args with its flags anywhere among
// the arguments (`import waybills big.csv --rejects r.csv` as well as
// `import --rejects r.csv waybills big.csv`); after "--" everything is an
// argument. fs.Args() are then the arguments in their order.
func parseFlags(fs *flag.FlagSet, args []string) error {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		rest := fs.Args()
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			positional = append(positional, rest...)
			break
		}
		if len(rest) == 0 {
			break
		}
		positional, args = append(positional, rest[0]), rest[1:]
	}
	return fs.Parse(append([]string{"--"}, positional...))
}

// newFlags makes a subcommand's flag set with a usage line.
func newFlags(e *env, name, argsUsage string) *flag.FlagSet {
	fs := flag.NewFlagSet("postcrm "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "用法: postcrm %s %s\n", name, strings.TrimSpace(argsUsage))
		fs.PrintDefaults()
	}
	return fs
}
