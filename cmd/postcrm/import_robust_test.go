package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"postcrm/ingest/ingesttest"
)

// A workbook of a megabyte that unpacks to a gigabyte, in its sheet, its
// shared strings or a part no import reads, is refused naming the file,
// and refusing it costs next to no memory.
func TestImportRefusesWorkbookBombs(t *testing.T) {
	dir := t.TempDir()
	importOrg(t, dir)
	for name, write := range map[string]func(string, int64) error{
		"收寄-sheet.xlsx": ingesttest.SheetBomb, "收寄-strings.xlsx": ingesttest.SharedStringsBomb, "收寄-part.xlsx": ingesttest.PartBomb,
	} {
		path := filepath.Join(dir, name)
		if err := write(path, 1_000_000_000); err != nil {
			t.Fatal(err)
		}
		var out string
		var err error
		if n := ingesttest.Allocated(func() { out, err = runCLI(t, dir, "import", "waybills", path) }); n > 64<<20 {
			t.Errorf("%s: the import allocated %d MB", name, n>>20)
		}
		if err == nil || !strings.Contains(err.Error(), "文件“"+name+"”") || !strings.Contains(err.Error(), "压缩比达") ||
			!strings.Contains(err.Error(), "已拒绝导入") {
			t.Errorf("%s: %v\n%s", name, err, out)
		}
	}
}

// A customer name with quotes that do not pair, as real exports have,
// rejects its own line with the reason and nothing else: the good rows
// after it go in, also after a quote that is never closed.
func TestImportStrayQuoteRejectsItsLineAlone(t *testing.T) {
	dir := t.TempDir()
	importOrg(t, dir)
	path := filepath.Join(dir, "客户.csv")
	content := "客户代码,客户名称,机构代码,管户人工号,状态\n" +
		"Q1,\"老王\"快递店,05300001,H001,正常\n" +
		"Q2,张记商行,05300001,H001,正常\n" +
		"Q3,\"李四, 王五合伙\",05300001,H001,正常\n" +
		"Q4,\"周九快递店,05300001,H001,正常\n" +
		"Q5,赵六超市,05300001,H001,正常\n" +
		"Q6,孙八批发部,05300001,H001,正常\n"
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := runCLI(t, dir, "import", "customers", path)
	if err != nil || !strings.Contains(out, "读取 6 行，新增 4，更新 0，重复跳过 0，退回 2") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	rejects, err := os.ReadFile(path + ".rejects.csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(string(rejects), "\uFEFF")), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[1], "2,整行,引号不成对,") || !strings.HasPrefix(lines[2], "5,整行,引号不成对,") {
		t.Errorf("rejects file:\n%s", rejects)
	}
}

// A header that names a column twice refuses the file, naming the column;
// nothing is stored.
func TestImportRefusesDuplicateHeaderColumns(t *testing.T) {
	dir := t.TempDir()
	importOrg(t, dir)
	for _, c := range []struct{ kind, name, content, want string }{
		{"customers", "客户-重复.csv", "客户代码,客户名称,机构代码,机构代码,管户人工号,状态\nQ1,张记商行,05300001,05300001,H001,正常\n",
			"“机构代码”出现了两次（第 3 列和第 4 列）"},
		{"waybills", "收寄-重复.csv", "邮件号,收寄时间,机构代码,揽投员工号,客户代码,寄件人电话,资费(元),付费方式,收寄渠道,资费（元）\n" +
			"E1,2026-03-08 10:00:00,05300001,H001,,13812345678,12,现结,营业厅,99\n",
			"“资费(元)”和“资费（元）”是同一列（第 7 列和第 10 列）"},
	} {
		path := filepath.Join(dir, c.name)
		if err := os.WriteFile(path, []byte(c.content), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := runCLI(t, dir, "import", c.kind, path)
		if err == nil || !strings.Contains(err.Error(), "文件“"+c.name+"”的表头里") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v\n%s", c.name, err, out)
		}
	}
	out, err := runCLI(t, dir, "stats")
	if err != nil || strings.Contains(out, "Q1") {
		t.Fatalf("stats: %v\n%s", err, out)
	}
	if f := strings.Fields(strings.Split(out, "\n")[1]); f[3] != "0" || f[4] != "0" {
		t.Errorf("a refused file stored rows:\n%s", out)
	}
}

// A header of a million columns is refused at once naming the line.
func TestImportRefusesAMillionColumns(t *testing.T) {
	dir := t.TempDir()
	importOrg(t, dir)
	path := filepath.Join(dir, "宽.csv")
	header := "邮件号,收寄时间,机构代码,揽投员工号,客户代码,寄件人电话,资费(元),付费方式,收寄渠道" + strings.Repeat(",备注", 1_000_000)
	if err := os.WriteFile(path, []byte(header+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := runCLI(t, dir, "import", "waybills", path)
	if err == nil || !strings.Contains(err.Error(), "文件“宽.csv”的表头行出错：第 1 行超过 16384 列的上限") {
		t.Errorf("%v\n%s", err, out)
	}
}

// Two daily exports that overlap repeat some waybills; each waybill's
// problem is counted once in the data-quality figures, whichever file
// named it first.
func TestOverlappingFilesCountEachProblemOnce(t *testing.T) {
	dir := t.TempDir()
	importOrg(t, dir)
	header := "邮件号,收寄时间,机构代码,揽投员工号,客户代码,寄件人电话,资费(元),付费方式,收寄渠道\n"
	rows := map[string]string{
		"E1": "E1,2026-03-08 10:00:00,05300001,S999,,13812345678,12,现结,营业厅\n", // unknown courier
		"E2": "E2,2026-03-08 11:00:00,05300001,H001,,,8,现结,营业厅\n",             // walk-in without phone
		"E3": "E3,2026-03-08 12:00:00,05300001,H001,,13812345679,9,现结,营业厅\n",  // fine
		"E4": "E4,2026-03-08 13:00:00,05300001,H001,,13812345670,-1,现结,营业厅\n", // rejected
		"E5": "E5,2026-03-09 09:00:00,05300001,S998,,13812345671,5,现结,营业厅\n",  // unknown courier
	}
	files := map[string][]string{"收寄明细0301-0308.csv": {"E1", "E2", "E3", "E4"}, "收寄明细0308-0309.csv": {"E1", "E2", "E4", "E5"}}
	for _, name := range []string{"收寄明细0301-0308.csv", "收寄明细0308-0309.csv"} {
		content := header
		for _, no := range files[name] {
			content += rows[no]
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := runCLI(t, dir, "import", "waybills", path); err != nil {
			t.Fatalf("%s: %v\n%s", name, err, out)
		}
	}
	out, err := runCLI(t, dir, "stats")
	if err != nil {
		t.Fatal(err)
	}
	// E1, E2, E4 and E5 each have one problem.
	if f := strings.Fields(strings.Split(out, "\n")[1]); f[4] != "4" || f[len(f)-1] != "4" {
		t.Errorf("4 waybills with 4 problems, got:\n%s", out)
	}
}
