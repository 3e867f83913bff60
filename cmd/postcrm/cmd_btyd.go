package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"

	"postcrm/btyd"
	"postcrm/textfmt"
)

const btydUsage = "fit --model bgnbd|mbgnbd|paretonbd|gammagamma [--input FILE] [--json]"

// runBTYD fits a walk-in model to a customer summary file, so that
// analysts can use the models on their own data.
func runBTYD(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "fit" {
		newFlags(e, "btyd", btydUsage).Usage()
		return fmt.Errorf("请指明子命令：postcrm btyd fit")
	}
	fs := newFlags(e, "btyd", btydUsage)
	model := fs.String("model", "", "模型：bgnbd（BG/NBD）、mbgnbd（MBG/NBD）、paretonbd（Pareto/NBD）或 gammagamma（Gamma-Gamma 消费额）")
	input := fs.String("input", "", "客户汇总 CSV，表头 frequency,recency,T[,monetary_value] 或 x,t_x,T[,zbar]；不给则读标准输入")
	asJSON := fs.Bool("json", false, "以 JSON 输出参数")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("多余的参数：%v", fs.Args())
	}
	customers, hasMonetary, err := readSummaries(*input)
	if err != nil {
		return err
	}
	var result any
	switch *model {
	case "bgnbd", "mbgnbd":
		result, err = fitPurchases(customers, *model)
	case "paretonbd":
		result, err = fitPareto(customers)
	case "gammagamma":
		if !hasMonetary {
			return fmt.Errorf("Gamma-Gamma 模型需要平均消费额：输入文件缺少 monetary_value（或 zbar）列")
		}
		result, err = fitSpend(customers)
	default:
		return fmt.Errorf("没有“%s”这种模型，可选 bgnbd、mbgnbd、paretonbd、gammagamma", *model)
	}
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		return enc.Encode(result)
	}
	fmt.Fprint(e.stdout, result)
	return nil
}

// readSummaries reads the summary CSV at path, or standard input if path
// is empty.
func readSummaries(path string) ([]btyd.Summary, bool, error) {
	name, in := "标准输入", io.Reader(os.Stdin)
	if path != "" {
		f, err := os.Open(path)
		if err != nil {
			return nil, false, fmt.Errorf("无法打开文件“%s”：%w", path, err)
		}
		defer f.Close()
		name, in = path, f
	}
	customers, hasMonetary, err := btyd.ReadSummaryCSV(in)
	if err != nil {
		return nil, false, fmt.Errorf("“%s”%w", name, err)
	}
	return customers, hasMonetary, nil
}

// purchaseFit is a fitted BG/NBD or MBG/NBD model as printed.
type purchaseFit struct {
	Model         string  `json:"model"`
	R             float64 `json:"r"`
	Alpha         float64 `json:"alpha"`
	A             float64 `json:"a"`
	B             float64 `json:"b"`
	LogLikelihood float64 `json:"log_likelihood"`
	Customers     int     `json:"customers"`
}

func fitPurchases(customers []btyd.Summary, model string) (purchaseFit, error) {
	fit := btyd.FitBGNBD
	if model == "mbgnbd" {
		fit = btyd.FitMBGNBD
	}
	m, err := fit(btyd.Aggregate(customers))
	if err != nil {
		return purchaseFit{}, err
	}
	return purchaseFit{Model: model, R: m.R, Alpha: m.Alpha, A: m.A, B: m.B, LogLikelihood: m.LogLik, Customers: m.Customers}, nil
}

func (f purchaseFit) String() string {
	name := map[string]string{"bgnbd": "BG/NBD", "mbgnbd": "MBG/NBD"}[f.Model]
	return fmt.Sprintf("%s 购买模型（%s 位客户，时间单位同输入文件）\n"+
		"  r = %.6f    alpha = %.6f    a = %.6f    b = %.6f\n"+
		"  对数似然 %.4f\n"+
		"  购买频率 λ 平均每单位时间 %.4g 次（r/alpha），每次购买后流失的概率平均 %.4f（a/(a+b)）\n",
		name, textfmt.Thousands(int64(f.Customers)), f.R, f.Alpha, f.A, f.B, f.LogLikelihood, f.R/f.Alpha, f.A/(f.A+f.B))
}

// paretoFit is a fitted Pareto/NBD model as printed.
type paretoFit struct {
	Model         string  `json:"model"`
	R             float64 `json:"r"`
	Alpha         float64 `json:"alpha"`
	S             float64 `json:"s"`
	Beta          float64 `json:"beta"`
	LogLikelihood float64 `json:"log_likelihood"`
	Customers     int     `json:"customers"`
}

func fitPareto(customers []btyd.Summary) (paretoFit, error) {
	m, err := btyd.FitParetoNBD(btyd.Aggregate(customers))
	if err != nil {
		return paretoFit{}, err
	}
	return paretoFit{Model: "paretonbd", R: m.R, Alpha: m.Alpha, S: m.S, Beta: m.Beta, LogLikelihood: m.LogLik, Customers: m.Customers}, nil
}

func (f paretoFit) String() string {
	return fmt.Sprintf("Pareto/NBD 购买模型（%s 位客户，时间单位同输入文件）\n"+
		"  r = %.6f    alpha = %.6f    s = %.6f    beta = %.6f\n"+
		"  对数似然 %.4f\n"+
		"  购买频率 λ 平均每单位时间 %.4g 次（r/alpha），流失率 μ 平均每单位时间 %.4g（s/beta）\n",
		textfmt.Thousands(int64(f.Customers)), f.R, f.Alpha, f.S, f.Beta, f.LogLikelihood, f.R/f.Alpha, f.S/f.Beta)
}

// spendFit is a fitted Gamma-Gamma model as printed.
type spendFit struct {
	Model         string  `json:"model"`
	P             float64 `json:"p"`
	Q             float64 `json:"q"`
	Gamma         float64 `json:"gamma"`
	LogLikelihood float64 `json:"log_likelihood"`
	Customers     int     `json:"customers"`
}

func fitSpend(customers []btyd.Summary) (spendFit, error) {
	g, err := btyd.FitGammaGamma(customers)
	if err != nil {
		return spendFit{}, err
	}
	return spendFit{Model: "gamma_gamma", P: g.P, Q: g.Q, Gamma: g.Gamma, LogLikelihood: g.LogLik, Customers: g.Customers}, nil
}

func (f spendFit) String() string {
	mean := "不存在（q ≤ 1）"
	if m := (btyd.GammaGamma{P: f.P, Q: f.Q, Gamma: f.Gamma}).ExpectedSpend(0, 0); !math.IsInf(m, 0) {
		mean = fmt.Sprintf("%.2f", m)
	}
	return fmt.Sprintf("Gamma-Gamma 消费额模型（%s 位有重复购买的客户）\n"+
		"  p = %.6f    q = %.6f    gamma = %.6f\n"+
		"  对数似然 %.4f\n"+
		"  每次消费额的总体均值 %s（p·gamma/(q−1)）\n",
		textfmt.Thousands(int64(f.Customers)), f.P, f.Q, f.Gamma, f.LogLikelihood, mean)
}
