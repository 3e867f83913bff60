package web

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// uploadedFiles lists every file and directory under the upload dir.
func uploadedFiles(t *testing.T, f *fixture) []string {
	t.Helper()
	var out []string
	root := f.srv.opts.UploadDir
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path != root {
			rel, _ := filepath.Rel(root, path)
			out = append(out, rel)
		}
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return out
}

// TestUploadNamesAreData: a file named "..", or with a name longer than
// a file system allows, imports like any other; the name is shown as
// sent (shortened to 255 bytes), and nothing is left on disk after a run
// without rejects.
func TestUploadNamesAreData(t *testing.T) {
	f := newFixture(t)
	c := f.session(t, provinceUser)
	long := strings.Repeat("机构人员", 30) + ".csv" // 364 bytes
	const good = "地市,机构代码,机构名称,工号,姓名,岗位,手机\n石家庄市,13000001,中华大街营业部,K010,孙揽投,揽投员,\n"
	for _, name := range []string{"..", long, `C:\Users\王\桌面\org.csv`} {
		resp := c.upload("/import", "org", name, good)
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("upload %q: %d %s", name, resp.StatusCode, body(t, resp))
			continue
		}
		path := resp.Header.Get("Location")
		f.waitImport(t, path)
		st := c.runStatus(path)
		if st.State != "done" || len(st.File) > maxFileNameBytes || st.File == "" {
			t.Errorf("upload %q: run %+v", name, st)
		}
		if name == long && (!strings.HasPrefix(long, st.File) || len(st.File) < maxFileNameBytes-3) {
			t.Errorf("long name shown as %q", st.File)
		}
		if files := uploadedFiles(t, f); len(files) != 0 {
			t.Errorf("upload %q left %v", name, files)
		}
	}
	if st := c.runStatus("/import/3"); st.File != "org.csv" {
		t.Errorf("a Windows path is shown as %q", st.File)
	}
}

// TestUploadsAreRemovedAfterTheRun: the uploaded file goes once imported;
// its rejects file stays downloadable while the run is listed, and goes
// when the server closes.
func TestUploadsAreRemovedAfterTheRun(t *testing.T) {
	f := newFixture(t)
	path := f.startTestImport(cityUser)
	files := uploadedFiles(t, f)
	if len(files) != 2 || !strings.HasSuffix(files[1], ".rejects.csv") {
		t.Fatalf("after a run with rejects the upload dir holds %v, want only the run's rejects file", files)
	}
	resp := f.session(t, cityUser).get(path + "/rejects")
	if b := body(t, resp); resp.StatusCode != http.StatusOK || !strings.Contains(b, "K011") {
		t.Errorf("rejects download: %d", resp.StatusCode)
	}
	f.srv.Close()
	if files := uploadedFiles(t, f); len(files) != 0 {
		t.Errorf("after Close the upload dir holds %v", files)
	}
}

// TestFailedImportOffersNoRejects: an import that fails before reading a
// row shows no rejects link, and the link's address answers a 404 page
// that says why.
func TestFailedImportOffersNoRejects(t *testing.T) {
	onEveryStore(t, func(t *testing.T, f *fixture) {
		c := f.session(t, provinceUser)
		resp := c.upload("/import", "org", "bad.csv", "city,office_code\n石家庄市,13000001\n")
		path := resp.Header.Get("Location")
		f.waitImport(t, path)
		page := body(t, c.get(path))
		if !strings.Contains(page, `id="import-failure"`) || strings.Contains(page, `id="import-rejects"`) {
			t.Error("a failed import without rejects offers the download")
		}
		resp = c.get(path + "/rejects")
		if b := body(t, resp); resp.StatusCode != http.StatusNotFound || !strings.Contains(b, "没有可下载的退回文件") {
			t.Errorf("rejects of a failed import: %d %s", resp.StatusCode, b)
		}
		if st := c.runStatus(path); st.HasRejects || st.RejectsLink != "" {
			t.Errorf("API status of a failed import: %+v", st)
		}
	})
}
