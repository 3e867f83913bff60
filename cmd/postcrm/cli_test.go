package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs postcrm with args against a SQLite file in dir.
func runCLI(t *testing.T, dir string, args ...string) (stdout string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(context.Background(), append([]string{"--db", filepath.Join(dir, "crm.db")}, args...), &out, &errOut)
	return out.String() + errOut.String(), err
}

func TestCommandLineErrorsAreClearChinese(t *testing.T) {
	dir := t.TempDir()
	badTable := filepath.Join(dir, "bad-holidays.csv")
	if err := os.WriteFile(badTable, []byte("日期,安排,节日\n2027-10-01,放假,国庆节\n2027-10-02,休息,国庆节\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"frobnicate"}, "没有“frobnicate”这个命令"},
		{[]string{"import", "parcels", "x.csv"}, "没有“parcels”这种导入"},
		{[]string{"import", "waybills"}, "请指明导入类型和至少一个文件"},
		{[]string{"import", "--rejects", "r.csv", "waybills", "a.csv", "b.csv"}, "--rejects 只能在导入一个文件时使用"},
		{[]string{"import", "waybills", filepath.Join(dir, "missing.csv")}, "missing.csv"},
		{[]string{"generate"}, "--out"},
		{[]string{"demo", "--scale", "galaxy"}, "galaxy"},
		{[]string{"analyze", "--month", "2026-10", "--holidays", filepath.Join(dir, "no-such-table.csv")}, "打开节假日表"},
		{[]string{"holidays"}, "用法: postcrm holidays"},
		{[]string{"holidays", "frob"}, "没有“holidays frob”"},
		{[]string{"holidays", "import"}, "用法: postcrm holidays"},
		{[]string{"holidays", "import", badTable}, "bad-holidays.csv: 节假日表第 3 行: 安排“休息”无法识别"},
	} {
		_, err := runCLI(t, dir, c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("postcrm %s: want an error containing %q, got %v", strings.Join(c.args, " "), c.want, err)
		}
	}
}

func TestMigrateImportAndStats(t *testing.T) {
	dir := t.TempDir()
	if out, err := runCLI(t, dir, "migrate"); err != nil || !strings.Contains(out, "最新") {
		t.Fatalf("migrate: %v %s", err, out)
	}
	org := filepath.Join(dir, "org.csv")
	content := "city,office_code,office_name,staff_id,staff_name,role,phone\n" +
		"衡水市,05300001,人民路营业部,H001,周涛,office_manager,13900000001\n" +
		"衡水市,05300001,人民路营业部,H002,吴静,courier,13900000002\n" +
		"衡水市,05300001,人民路营业部,H003,郑凯,postman,13900000003\n"
	if err := os.WriteFile(org, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := runCLI(t, dir, "import", "org", org)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "读取 3 行，新增 2，更新 0，重复跳过 0，退回 1") {
		t.Errorf("import summary: %s", out)
	}
	if _, err := os.Stat(org + ".rejects.csv"); err != nil {
		t.Errorf("rejects file: %v", err)
	}
	out, err = runCLI(t, dir, "stats")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[1], "衡水市") || !strings.HasPrefix(lines[2], "全省合计") {
		t.Fatalf("stats output:\n%s", out)
	}
	// 营业部 1, 人员 2; the rejected row (unknown role) is one finding.
	if f := strings.Fields(lines[1]); f[1] != "1" || f[2] != "2" || f[len(f)-1] != "1" {
		t.Errorf("stats line %q", lines[1])
	}
}

func TestSuspendAddListDelete(t *testing.T) {
	dir := t.TempDir()
	if _, err := runCLI(t, dir, "suspend", "add", "--office", "05300001", "--from", "2026-03-08"); err == nil || !strings.Contains(err.Error(), "05300001") {
		t.Fatalf("a suspension of an office the org data lacks: %v", err)
	}
	importOrg(t, dir)
	if out, err := runCLI(t, dir, "suspend", "add", "--office", "05300001", "--from", "2026-03-08", "--to", "2026-03-12", "--reason", "暴雨"); err != nil || !strings.Contains(out, "2026-03-08 至 2026-03-12") {
		t.Fatalf("add: %v %s", err, out)
	}
	if _, err := runCLI(t, dir, "suspend", "add", "--office", "05300001", "--from", "2026-02-30"); err == nil {
		t.Error("30 February accepted")
	}
	// The register import's checks of the days: a wrong year, a last day
	// before the first.
	for _, to := range []string{"2027-06-01", "2026-03-01"} {
		_, err := runCLI(t, dir, "suspend", "add", "--office", "05300001", "--from", "2026-04-08", "--to", to)
		if err == nil || !strings.Contains(err.Error(), "--to "+to) || !strings.Contains(err.Error(), "开始日期 2026-04-08") {
			t.Errorf("--from 2026-04-08 --to %s: %v", to, err)
		}
	}
	out, err := runCLI(t, dir, "suspend", "list")
	if err != nil || !strings.Contains(out, "05300001") || !strings.Contains(out, "暴雨") {
		t.Fatalf("list: %v\n%s", err, out)
	}
	if _, err := runCLI(t, dir, "suspend", "delete", "--office", "05300001", "--from", "2026-03-08"); err != nil {
		t.Fatal(err)
	}
	if out, _ := runCLI(t, dir, "suspend", "list"); strings.Contains(out, "05300001") {
		t.Errorf("deleted suspension still listed:\n%s", out)
	}
}

// The suspension register imports like the exports, and what it holds is
// what `suspend list` shows.
func TestImportSuspensionRegister(t *testing.T) {
	dir := t.TempDir()
	importOrg(t, dir)
	register := filepath.Join(dir, "暂停.csv")
	content := "机构代码,开始日期,结束日期,原因\n05300001,2026-03-08,2026-03-12,暴雨\n05399999,2026-03-08,2026-03-12,暴雨\n"
	if err := os.WriteFile(register, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := runCLI(t, dir, "import", "suspensions", register)
	if err != nil || !strings.Contains(out, "收寄暂停登记") || !strings.Contains(out, "读取 2 行，新增 1，更新 0，重复跳过 0，退回 1") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	if out, err = runCLI(t, dir, "import", "suspensions", register); err != nil || !strings.Contains(out, "新增 0，更新 0，重复跳过 1，退回 1") {
		t.Fatalf("re-import: %v\n%s", err, out)
	}
	out, err = runCLI(t, dir, "suspend", "list")
	if err != nil || !strings.Contains(out, "05300001") || !strings.Contains(out, "2026-03-12") || strings.Contains(out, "05399999") {
		t.Fatalf("list: %v\n%s", err, out)
	}
}

// importOrg imports one office, 05300001, with its manager.
func importOrg(t *testing.T, dir string) {
	t.Helper()
	org := filepath.Join(dir, "org.csv")
	if err := os.WriteFile(org, []byte("地市,机构代码,机构名称,工号,姓名,岗位\n衡水市,05300001,人民路营业部,H001,周涛,营业部经理\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := runCLI(t, dir, "import", "org", org); err != nil {
		t.Fatal(err)
	}
}

// TestHolidaysImportShowClear: an imported holiday table is kept as
// given and shown; clear goes back to the built-in calendar.
func TestHolidaysImportShowClear(t *testing.T) {
	dir := t.TempDir()
	table := "日期,安排,节日\n# 2029 年通知\n2029-01-01,放假,元旦\n"
	file := filepath.Join(dir, "holidays-2029.csv")
	if err := os.WriteFile(file, []byte(table), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := runCLI(t, dir, "holidays", "import", file); err != nil || !strings.Contains(out, "已导入节假日表") {
		t.Fatalf("holidays import: %v\n%s", err, out)
	}
	if out, err := runCLI(t, dir, "holidays", "show"); err != nil || out != table {
		t.Errorf("holidays show after import: %v\n%q, want %q", err, out, table)
	}
	if out, err := runCLI(t, dir, "holidays", "clear"); err != nil || !strings.Contains(out, "恢复内置") {
		t.Fatalf("holidays clear: %v\n%s", err, out)
	}
	if out, err := runCLI(t, dir, "holidays", "show"); err != nil || !strings.Contains(out, "没有导入节假日表") {
		t.Errorf("holidays show after clear: %v\n%s", err, out)
	}
}
