package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"postcrm"
)

func TestImportUploadProgressSummaryRejects(t *testing.T) {
	onEveryStore(t, func(t *testing.T, f *fixture) {
		path := f.startTestImport(cityUser)
		c := f.session(t, cityUser)

		page := body(t, c.get(path))
		for _, want := range []string{`id="import-state">已完成`, `id="import-inserted">1<`, `id="import-rejected">1<`, `id="import-rejects"`} {
			if !strings.Contains(page, want) {
				t.Errorf("run page lacks %s", want)
			}
		}
		if strings.Contains(page, "data-import-status") {
			t.Error("a finished run still polls")
		}
		resp := c.get(path + "/rejects")
		rejects := body(t, resp)
		if resp.StatusCode != http.StatusOK || !strings.Contains(rejects, "K011") || !strings.Contains(resp.Header.Get("Content-Disposition"), "org.csv.rejects.csv") {
			t.Errorf("rejects download: %d %q", resp.StatusCode, resp.Header.Get("Content-Disposition"))
		}
		if _, err := f.store.User(t.Context(), "K010"); !errors.Is(err, postcrm.ErrNotFound) {
			t.Errorf("imported staff should have no account until one is created: %v", err)
		}
		staff, err := f.store.Staff(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if !containsStaff(staff, "K010") {
			t.Error("the imported staff member is not in the store")
		}

		var st importStatus
		if err := json.NewDecoder(c.api("GET", "/api/v1/imports/"+strings.TrimPrefix(path, "/import/"), "").Body).Decode(&st); err != nil {
			t.Fatal(err)
		}
		if st.State != "done" || st.RowsRead != 2 || st.Inserted != 1 || st.Rejected != 1 || st.RejectsLink != path+"/rejects" {
			t.Errorf("API status %+v", st)
		}
		// The province sees the city's run; another city does not.
		if resp := f.session(t, provinceUser).get(path); resp.StatusCode != http.StatusOK {
			t.Errorf("province on the city's run: %d", resp.StatusCode)
		}
		if resp := f.session(t, otherCity).get(path); resp.StatusCode != http.StatusNotFound {
			t.Errorf("another city on the run: %d", resp.StatusCode)
		}
		if list := body(t, f.session(t, otherCity).get("/import")); strings.Contains(list, "org.csv") {
			t.Error("another city's import list shows the run")
		}
		entries, _, err := f.store.AuditLog(t.Context(), postcrm.AuditQuery{User: cityUser, Action: postcrm.AuditImport})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 2 || entries[1].Detail != "started" || !strings.Contains(entries[0].Detail, "rejected 1") {
			t.Errorf("import audit entries %+v", entries)
		}
	})
}

func containsStaff(staff []postcrm.Staff, id string) bool {
	for _, s := range staff {
		if s.ID == id {
			return true
		}
	}
	return false
}

func TestImportUploadErrors(t *testing.T) {
	f := newFixture(t)
	c := f.session(t, provinceUser)
	if resp := c.upload("/import", "parcels", "x.csv", "a,b\n"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown kind: %d", resp.StatusCode)
	}
	if resp := c.post("/import", nil); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("no file: %d", resp.StatusCode)
	}
	// A file missing a required column fails as a whole, with the reason.
	resp := c.upload("/import", "org", "bad.csv", "city,office_code\n石家庄市,13000001\n")
	path := resp.Header.Get("Location")
	f.waitImport(t, path)
	page := body(t, c.get(path))
	if !strings.Contains(page, `id="import-failure"`) || !strings.Contains(page, "失败") {
		t.Error("a failed import does not say so")
	}
}

// TestImportUploadByAPI: a program uploads with its bearer token and no
// CSRF token.
func TestImportUploadByAPI(t *testing.T) {
	f := newFixture(t)
	c := f.session(t, provinceUser)
	resp := c.apiUpload("org", "org.csv", testOrgCSV)
	var st importStatus
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil || resp.StatusCode != http.StatusAccepted {
		t.Fatalf("API upload: %d %v", resp.StatusCode, err)
	}
	f.waitImport(t, "/import/"+itoa(st.ID))
}
