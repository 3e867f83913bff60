package web

import (
	"mime"
	"net/http"
	"strings"
	"testing"
)

// TestDownloadsHaveNamesInTheUsersLanguage: a workbook or export saved
// from the browser is named in Chinese (filename*), with the ASCII name
// for old clients.
func TestDownloadsHaveNamesInTheUsersLanguage(t *testing.T) {
	f := newFixture(t)
	for path, want := range map[string]string{
		"/reports/bulletin.xlsx":                     "协议客户发展情况通报-全省-",
		"/warnings/export?format=csv&month=2026-05":  "预警清单-2026-05.csv",
		"/warnings/export?format=xlsx&month=2026-05": "预警清单-2026-05.xlsx",
	} {
		resp := f.session(t, provinceUser).get(path)
		body(t, resp)
		_, params, err := mime.ParseMediaType(resp.Header.Get("Content-Disposition"))
		if resp.StatusCode != http.StatusOK || err != nil {
			t.Fatalf("%s: %d %q %v", path, resp.StatusCode, resp.Header.Get("Content-Disposition"), err)
		}
		if !strings.HasPrefix(params["filename"], strings.TrimSuffix(want, "-")) {
			t.Errorf("%s is saved as %q, want %q…", path, params["filename"], want)
		}
	}
}
