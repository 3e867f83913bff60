package main

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"postcrm"
	"postcrm/sqlite"
)

// TestRejectsFileDoesNotRunFormulas: a rejects file quotes a cell that a
// spreadsheet would run as a formula and leaves a negative number alone;
// fixed and imported again, the quote is gone from the stored name.
func TestRejectsFileDoesNotRunFormulas(t *testing.T) {
	dir := t.TempDir()
	if _, err := runCLI(t, dir, "migrate"); err != nil {
		t.Fatal(err)
	}
	const evil = `=cmd|' /C calc'!A0`
	org := filepath.Join(dir, "org.csv")
	content := "city,office_code,office_name,staff_id,staff_name,role,phone\n" +
		"衡水市,05300001,人民路营业部,H001,周涛,office_manager,13900000001\n" +
		"衡水市,05300001,人民路营业部,H002," + evil + ",boss,-12.5\n"
	if err := os.WriteFile(org, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := runCLI(t, dir, "import", "org", org); err != nil {
		t.Fatalf("import: %v %s", err, out)
	}
	raw, err := os.ReadFile(org + ".rejects.csv")
	if err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(raw), "\uFEFF"))).ReadAll()
	if err != nil || len(records) != 2 {
		t.Fatalf("rejects file %q: %v", raw, err)
	}
	header, row := records[0], records[1]
	if name := row[slices.Index(header, "staff_name")]; name != "'"+evil {
		t.Errorf("staff_name in the rejects file %q, want %q", name, "'"+evil)
	}
	if phone := row[slices.Index(header, "phone")]; phone != "-12.5" {
		t.Errorf("phone in the rejects file %q, want the number -12.5 as it was", phone)
	}

	fixed := filepath.Join(dir, "fixed.csv")
	if err := os.WriteFile(fixed, []byte(strings.Replace(string(raw), ",boss,-12.5", ",courier,13900000002", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := runCLI(t, dir, "import", "org", fixed); err != nil || !strings.Contains(out, "退回 0") {
		t.Fatalf("re-import: %v %s", err, out)
	}
	s, err := sqlite.Open(context.Background(), filepath.Join(dir, "crm.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	staff, err := s.Staff(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(staff, func(st postcrm.Staff) bool { return st.ID == "H002" })
	if i < 0 || staff[i].Name != evil {
		t.Errorf("re-imported staff %+v, want H002 named %q", staff, evil)
	}
}
