package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"postcrm"
)

// writeRejects parses a file and writes its rejects to dir/rejects.csv.
func writeRejects(t *testing.T, kind postcrm.ImportKind, path string) (string, parsed) {
	t.Helper()
	tab := openTable(t, path)
	p, err := NewParser(kind, tab, testRef(), testNow)
	must(t, err)
	rejectsPath := filepath.Join(t.TempDir(), "rejects.csv")
	w := NewRejectsWriter(rejectsPath, tab.Header)
	var out parsed
	for _, row := range readRows(t, tab) {
		if reject, rejected := p.Parse(row, &out.batch); rejected {
			out.rejects = append(out.rejects, reject)
			must(t, w.Write(reject, row))
		}
	}
	must(t, w.Close())
	if w.Count() != len(out.rejects) {
		t.Errorf("count %d, want %d", w.Count(), len(out.rejects))
	}
	return rejectsPath, out
}

func TestRejectsFileFromGBKReimports(t *testing.T) {
	source := strings.Join([]string{
		"邮件号,收寄时间,机构代码,揽投员工号,客户代码,寄件人电话,资费(元),付费方式,收寄渠道,备注",
		"E1,2025-03-08 10:00:00,13000101,S1001,,13812345678,12,现结,营业厅,好",
		"E2,2025-03-08 10:00:00,13000101,S1001,,13812345678,\"1,2\",现结,营业厅,\"逗号, 和\n换行\"",
		"E3,2025-03-08 10:00:00,1300010,S1001,,13812345678,12,现结,营业厅,",
	}, "\n") + "\n"
	rejectsPath, _ := writeRejects(t, postcrm.KindWaybills, writeFile(t, "收寄.csv", gbk(t, source)))
	got, err := os.ReadFile(rejectsPath)
	must(t, err)
	want := "\xEF\xBB\xBF" +
		"行号,字段,原因,说明,原值,邮件号,收寄时间,机构代码,揽投员工号,客户代码,寄件人电话,资费(元),付费方式,收寄渠道,备注\n" +
		"3,资费(元),不是数字,\"资费(元)“1,2”不是有效的数字\",\"1,2\",E2,2025-03-08 10:00:00,13000101,S1001,,13812345678,\"1,2\",现结,营业厅,\"逗号, 和\n换行\"\n" +
		"5,机构代码,代码格式不对,机构代码“1300010”格式不对，应为 8 位数字,1300010,E3,2025-03-08 10:00:00,1300010,S1001,,13812345678,12,现结,营业厅,\n"
	if string(got) != want {
		t.Fatalf("rejects file\n%s\nwant\n%s", got, want)
	}

	// Re-imported as is, the extra columns are ignored and the same rows
	// fail for the same reasons, on the rejects file's own lines.
	again := parseFile(t, postcrm.KindWaybills, rejectsPath)
	if len(again.rejects) != 2 || again.rejects[0].Reason != postcrm.ReasonBadNumber || again.rejects[1].Reason != postcrm.ReasonBadCode ||
		again.rejects[0].Line != 2 || again.rejects[1].Line != 4 {
		t.Errorf("re-import rejects %+v", again.rejects)
	}
	// Fixed by the user, both go in.
	fixed := strings.NewReplacer(`"1,2",现结`, `1.2,现结`, ",1300010,S1001", ",13000102,S1001").Replace(string(got))
	out := parseFile(t, postcrm.KindWaybills, writeFile(t, "fixed.csv", []byte(fixed)))
	if len(out.rejects) != 0 || len(out.batch.Waybills) != 2 || out.batch.Waybills[0].PostageFen != 120 {
		t.Errorf("fixed file: rejects %+v, waybills %+v", out.rejects, out.batch.Waybills)
	}
}

func TestRejectsFileOnlyWhenRowsAreRejected(t *testing.T) {
	path := writeFile(t, "m.csv", []byte("手机号,注册日期,机构代码\n13712345678,2025-03-01,13000102\n"))
	rejectsPath, out := writeRejects(t, postcrm.KindMembers, path)
	if len(out.batch.Members) != 1 {
		t.Fatalf("rejects %+v", out.rejects)
	}
	if _, err := os.Stat(rejectsPath); !os.IsNotExist(err) {
		t.Errorf("a rejects file exists without rejected rows: %v", err)
	}
}
