package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"postcrm"
	"postcrm/sqlstore"
)

// TestImportFlagsAfterArguments: the README's order, flags after the
// kind and file, imports the file and writes the rejects where asked;
// so does the order with the flags first.
func TestImportFlagsAfterArguments(t *testing.T) {
	dir := t.TempDir()
	org := filepath.Join(dir, "org.csv")
	content := "city,office_code,office_name,staff_id,staff_name,role,phone\n" +
		"衡水市,05300001,人民路营业部,H001,周涛,office_manager,13900000001\n" +
		"衡水市,05300001,人民路营业部,H003,郑凯,postman,13900000003\n"
	if err := os.WriteFile(org, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"import", "org", org, "--rejects", filepath.Join(dir, "after.csv"), "--batch", "1"},
		{"import", "--rejects", filepath.Join(dir, "before.csv"), "org", org},
		{"import", "org", "--rejects=" + filepath.Join(dir, "between.csv"), org},
	} {
		out, err := runCLI(t, dir, args...)
		if err != nil || !strings.Contains(out, "退回 1") {
			t.Errorf("postcrm %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	for _, name := range []string{"after.csv", "before.csv", "between.csv"} {
		if b, err := os.ReadFile(filepath.Join(dir, name)); err != nil || !strings.Contains(string(b), "H003") {
			t.Errorf("rejects file %s: %v", name, err)
		}
	}
	if _, err := os.Stat(org + ".rejects.csv"); !os.IsNotExist(err) {
		t.Errorf("the default rejects file was written too: %v", err)
	}
}

// TestImportFromTheCommandLineAuditsMovedPeople: the operator imports
// province-wide, and the people an org file moves are in the audit log
// under the command line's name.
func TestImportFromTheCommandLineAuditsMovedPeople(t *testing.T) {
	dir := t.TempDir()
	org := filepath.Join(dir, "org.csv")
	const header = "地市,机构代码,机构名称,工号,姓名,岗位,手机\n"
	write := func(rows string) {
		if err := os.WriteFile(org, []byte(header+rows), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("衡水市,05300001,人民路营业部,H001,周涛,揽投员,\n衡水市,05300002,红旗大街营业部,H002,吴静,揽投员,\n")
	if out, err := runCLI(t, dir, "import", "org", org); err != nil {
		t.Fatal(err, out)
	}
	write("衡水市,05300002,红旗大街营业部,H001,周涛,营业部经理,\n衡水市,05300002,红旗大街营业部,H002,吴静,揽投员,\n")
	if out, err := runCLI(t, dir, "import", "org", org); err != nil || !strings.Contains(out, "更新 1") {
		t.Fatal(err, out)
	}
	withTestStore(t, dir, func(s *sqlstore.Store) {
		entries, _, err := s.AuditLog(t.Context(), postcrm.AuditQuery{Action: postcrm.AuditStaffChange})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 1 || entries[0].User != cliUser || entries[0].Target != "周涛（工号 H001）" ||
			entries[0].Detail != "岗位 揽投员 → 营业部经理；营业部 人民路营业部（05300001） → 红旗大街营业部（05300002）" {
			t.Errorf("audit entries %+v", entries)
		}
	})
}
