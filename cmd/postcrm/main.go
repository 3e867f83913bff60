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
	"contest":  {"知识竞赛：replay 按规则重放事件日志，输出各队得分、犯规和风险题选题顺序", runContest},
	"notices":  {"派单通知：send 发送待发的，list 查看，webhook 设置营业部或地市的企业微信机器人", runNotices},
}

// env is what every command shares: the chosen database and the outputs.
type env struct {
	dsn    string
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
	defaultDSN := os.Getenv("POSTCRM_DB")
	if defaultDSN == "" {
		defaultDSN = "postcrm.db"
	}
	dsn := fs.String("db", defaultDSN, "数据库：SQLite 文件路径，或 postgres://… （环境变量 POSTCRM_DB）")
	fs.Usage = func() { usage(fs) }
	if err := fs.Parse(args); err != nil {
		return err
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
	return cmd.run(ctx, &env{dsn: *dsn, stdout: stdout, stderr: stderr}, fs.Args()[1:])
}

func usage(fs *flag.FlagSet) {
	w := fs.Output()
	fmt.Fprintln(w, "用法: postcrm [--db DSN] 命令 [参数]")
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
