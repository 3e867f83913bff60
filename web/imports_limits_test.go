package web

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"postcrm/ingest/ingesttest"
)

// An uploaded workbook that unpacks to a gigabyte fails the run with a
// message naming the file, and the server never unpacks it.
func TestImportUploadRefusesWorkbookBomb(t *testing.T) {
	f := newFixture(t)
	c := f.session(t, provinceUser)
	path := filepath.Join(t.TempDir(), "收寄明细.xlsx")
	if err := ingesttest.SharedStringsBomb(path, 1_000_000_000); err != nil {
		t.Fatal(err)
	}
	content, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	run := c.upload("/import", "waybills", "收寄明细.xlsx", string(content)).Header.Get("Location")
	f.waitImport(t, run)
	var st importStatus
	if err := json.NewDecoder(c.api("GET", "/api/v1/imports/"+strings.TrimPrefix(run, "/import/"), "").Body).Decode(&st); err != nil {
		t.Fatal(err)
	}
	if st.State != "failed" || !strings.Contains(st.Error, "“收寄明细.xlsx”") || !strings.Contains(st.Error, "xl/sharedStrings.xml 压缩比达") {
		t.Errorf("run %+v", st)
	}
}
