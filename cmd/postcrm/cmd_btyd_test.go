package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var cdnowDir = filepath.Join("..", "..", "testdata", "cdnow")

// btydFit runs postcrm btyd fit with args and returns its standard output.
func btydFit(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := runBTYD(context.Background(), &env{stdout: &out, stderr: &errOut}, append([]string{"fit"}, args...))
	return out.String(), err
}

// The JSON of both kinds of fit on the CDNOW sample carries the published
// estimates (Fader, Hardie & Lee 2005; Fader & Hardie 2013) in exactly the
// documented fields.
func TestBTYDFitJSON(t *testing.T) {
	cases := []struct {
		model, file string
		fields      []string
		want        map[string]float64
	}{
		{"bgnbd", "cdnow_customers_summary.csv",
			[]string{"model", "r", "alpha", "a", "b", "log_likelihood", "customers"},
			map[string]float64{"r": 0.2426, "alpha": 4.4135, "a": 0.7929, "b": 2.4258, "log_likelihood": -9582.43, "customers": 2357}},
		{"gammagamma", "cdnow_customers_summary_with_transactions.csv",
			[]string{"model", "p", "q", "gamma", "log_likelihood", "customers"},
			map[string]float64{"p": 6.2488, "q": 3.7446, "gamma": 15.4478, "customers": 946}},
		{"paretonbd", "cdnow_customers_summary.csv", // Fader & Hardie (2005), to the published three decimals
			[]string{"model", "r", "alpha", "s", "beta", "log_likelihood", "customers"},
			map[string]float64{"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669, "log_likelihood": -9594.98, "customers": 2357}},
	}
	// Pareto/NBD's α and β are published to three decimals of values near 11.
	tolerance := map[string]float64{"log_likelihood": 0.01, "paretonbd alpha": 0.01, "paretonbd beta": 0.01}
	for _, c := range cases {
		out, err := btydFit(t, "--model", c.model, "--input", filepath.Join(cdnowDir, c.file), "--json")
		if err != nil {
			t.Fatalf("%s: %v", c.model, err)
		}
		var got map[string]any
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("%s: output is not JSON: %v\n%s", c.model, err, out)
		}
		if len(got) != len(c.fields) {
			t.Errorf("%s: fields %v, want %v", c.model, got, c.fields)
		}
		for _, k := range c.fields {
			if _, ok := got[k]; !ok {
				t.Errorf("%s: no %q in %s", c.model, k, out)
			}
		}
		if wantModel := map[string]string{"bgnbd": "bgnbd", "gammagamma": "gamma_gamma", "paretonbd": "paretonbd"}[c.model]; got["model"] != wantModel {
			t.Errorf("model %v, want %s", got["model"], wantModel)
		}
		for k, want := range c.want {
			tol := cmp.Or(tolerance[k], tolerance[c.model+" "+k], 1.5e-3)
			if v, ok := got[k].(float64); !ok || math.Abs(v-want) > tol {
				t.Errorf("%s: %s = %v, want %g ± %g", c.model, k, got[k], want, tol)
			}
		}
	}
}

// Without --input the summary comes from standard input; without --json
// the parameters come as a short text.
func TestBTYDFitReadsStandardInputAndPrintsText(t *testing.T) {
	f, err := os.Open(filepath.Join(cdnowDir, "cdnow_customers_summary.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	stdin := os.Stdin
	os.Stdin = f
	defer func() { os.Stdin = stdin }()
	out, err := btydFit(t, "--model", "mbgnbd")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"MBG/NBD 购买模型（2,357 位客户", "r = 0.5248", "alpha = 6.18", "对数似然 -9582.1"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestBTYDFitErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "walkins.csv")
	if err := os.WriteFile(bad, []byte("frequency,recency,T\n1,2,30\n2,40,30\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	noSpend := filepath.Join(cdnowDir, "cdnow_customers_summary.csv")
	cases := []struct {
		args []string
		says string
	}{
		{[]string{"--model", "bgnbd", "--input", bad}, "“" + bad + "”第 3 行：最近购买时间 t_x=40 应在 0 与 T=30 之间"},
		{[]string{"--model", "gammagamma", "--input", noSpend}, "缺少 monetary_value"},
		{[]string{"--model", "pareto", "--input", noSpend}, "没有“pareto”这种模型"},
		{[]string{"--model", "bgnbd", "--input", filepath.Join(dir, "none.csv")}, "无法打开文件"},
		{[]string{"--model", "bgnbd", "--input", noSpend, "extra"}, "多余的参数"},
	}
	for _, c := range cases {
		if _, err := btydFit(t, c.args...); err == nil || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%v: error %v, want one saying %q", c.args, err, c.says)
		}
	}
	var out, errOut bytes.Buffer
	if err := runBTYD(context.Background(), &env{stdout: &out, stderr: &errOut}, []string{"--model", "bgnbd"}); err == nil || !strings.Contains(errOut.String(), "用法: postcrm btyd fit") {
		t.Errorf("without the fit subcommand: %v, usage %q", err, errOut.String())
	}
}
