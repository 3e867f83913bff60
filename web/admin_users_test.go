package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"postcrm"
)

var oneTimePasswordRE = regexp.MustCompile(`id="one-time-password" class="secret">([^<]+)<`)

func TestAdminCreateResetLockUnlock(t *testing.T) {
	onEveryStore(t, func(t *testing.T, f *fixture) {
		admin := f.session(t, provinceUser)

		// A staff ID not in the org data is refused (a typo must not make an
		// administrator); one that is gets an account with a one-time password.
		if resp := admin.post("/admin/users", url.Values{"name": {"K999"}}); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("unknown staff ID: %d", resp.StatusCode)
		}
		if _, err := f.store.Apply(t.Context(), postcrm.Batch{Kind: postcrm.KindOrg,
			Offices: []postcrm.Office{{Code: "13000002", Name: "建设路营业部", City: "石家庄市"}},
			Staff:   []postcrm.Staff{{ID: "K020", Name: "吴揽投", Role: postcrm.RoleCourier, City: "石家庄市", OfficeCode: "13000002"}}}); err != nil {
			t.Fatal(err)
		}
		resp := admin.post("/admin/users", url.Values{"name": {"K020"}})
		page := body(t, resp)
		m := oneTimePasswordRE.FindStringSubmatch(page)
		if resp.StatusCode != http.StatusOK || m == nil {
			t.Fatalf("create: %d, one-time password shown: %v", resp.StatusCode, m != nil)
		}
		if resp := admin.post("/admin/users", url.Values{"name": {"K020"}}); resp.StatusCode != http.StatusConflict {
			t.Errorf("creating it twice: %d", resp.StatusCode)
		}
		if u := f.user(t, "K020"); u.Role != postcrm.RoleCourier || !u.MustChangePassword {
			t.Errorf("new account %+v: want a courier who must change the password", u)
		}
		if _, resp := f.signIn(t, "K020", m[1]); resp.Header.Get("Location") != "/password" {
			t.Errorf("first sign-in with the one-time password went to %q", resp.Header.Get("Location"))
		}

		// Lock: signed out at once, and sign-in refused.
		victim := f.session(t, otherCourier)
		if resp := admin.post("/admin/users/"+otherCourier+"/lock", nil); resp.StatusCode != http.StatusOK {
			t.Fatalf("lock: %d", resp.StatusCode)
		}
		if resp := victim.get("/password"); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("locked user's session still works: %d", resp.StatusCode)
		}
		if _, resp := f.signIn(t, otherCourier, testPassword); resp.StatusCode != http.StatusForbidden {
			t.Errorf("locked user signing in: %d", resp.StatusCode)
		}
		if resp := admin.post("/admin/users/"+provinceUser+"/lock", nil); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("locking oneself: %d", resp.StatusCode)
		}
		if resp := admin.post("/admin/users/"+otherCourier+"/unlock", nil); resp.StatusCode != http.StatusOK {
			t.Fatalf("unlock: %d", resp.StatusCode)
		}
		if _, resp := f.signIn(t, otherCourier, testPassword); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("unlocked user signing in: %d", resp.StatusCode)
		}

		// Reset: a new one-time password, the old one gone, a lock-out lifted.
		for range 5 {
			f.signIn(t, officeUser, "wrong-guess")
		}
		resp = admin.post("/admin/users/"+officeUser+"/reset", nil)
		m = oneTimePasswordRE.FindStringSubmatch(body(t, resp))
		if m == nil {
			t.Fatalf("reset: %d, no one-time password", resp.StatusCode)
		}
		if _, resp := f.signIn(t, officeUser, testPassword); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("old password after the reset: %d", resp.StatusCode)
		}
		if _, resp := f.signIn(t, officeUser, m[1]); resp.Header.Get("Location") != "/password" {
			t.Errorf("sign-in after the reset went to %q, want the forced change", resp.Header.Get("Location"))
		}

		var got []string
		entries, _, err := f.store.AuditLog(t.Context(), postcrm.AuditQuery{User: provinceUser})
		if err != nil {
			t.Fatal(err)
		}
		for i := len(entries) - 1; i >= 0; i-- {
			got = append(got, string(entries[i].Action)+" "+entries[i].Target)
		}
		want := []string{"user_create K020", "user_lock K002", "user_unlock K002", "password_reset O001"}
		if strings.Join(got, ", ") != strings.Join(want, ", ") {
			t.Errorf("admin audit entries %v, want %v", got, want)
		}
	})
}

func TestAdminAPI(t *testing.T) {
	f := newFixture(t)
	admin := f.session(t, provinceUser)
	resp := admin.api("POST", "/api/v1/users", `{"name":"root2","admin":true}`)
	var created passwordJSON
	if err := json.NewDecoder(resp.Body).Decode(&created); err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("create admin: %d %v", resp.StatusCode, err)
	}
	if created.User.Role != postcrm.RoleProvinceAdmin || created.Password == "" || !created.User.MustChangePassword {
		t.Errorf("created %+v", created)
	}
	if resp := admin.api("POST", "/api/v1/users", `{"name":"K001","admin":true}`); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a staff ID as administrator: %d", resp.StatusCode)
	}
	if resp := admin.api("POST", "/api/v1/users", `{"name":"x","admin":true,"role":"god"}`); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown JSON field: %d", resp.StatusCode)
	}
	resp = admin.api("POST", "/api/v1/users/"+spareUser+"/lock", "")
	var locked userJSON
	if err := json.NewDecoder(resp.Body).Decode(&locked); err != nil || !locked.Locked {
		t.Errorf("lock: %d %+v %v", resp.StatusCode, locked, err)
	}
	var list struct{ Users []userJSON }
	if err := json.NewDecoder(admin.api("GET", "/api/v1/users", "").Body).Decode(&list); err != nil || len(list.Users) != 8 {
		t.Errorf("users: %d listed (want 8), %v", len(list.Users), err)
	}
	if resp := admin.api("POST", "/api/v1/users/NOBODY/reset-password", ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("reset of a missing user: %d", resp.StatusCode)
	}
}

func TestAuditLogViewerFiltersAndPages(t *testing.T) {
	onEveryStore(t, func(t *testing.T, f *fixture) {
		for i := range 60 {
			f.signIn(t, courierUser, "wrong-"+string(rune('a'+i%26))) // 5 failures lock; the rest are refused while locked
			if i%5 == 4 {
				f.clock.Advance(16 * time.Minute)
			}
		}
		f.clock.Advance(24 * time.Hour)
		f.signIn(t, officeUser, testPassword)
		admin := f.session(t, provinceUser)

		page := body(t, admin.get("/admin/audit?user=K001&action=signin_failed"))
		if !strings.Contains(page, "共 60 条") || strings.Count(page, `data-action="signin_failed"`) != 50 || !strings.Contains(page, `id="audit-pager"`) {
			t.Errorf("filtered first page: want 60 in all, 50 rows and a pager")
		}
		if page := body(t, admin.get("/admin/audit?user=K001&action=signin_failed&page=2")); strings.Count(page, `data-action="signin_failed"`) != 10 {
			t.Errorf("second page: want 10 rows")
		}
		day := f.clock.Now().Format(time.DateOnly)
		if page := body(t, admin.get("/admin/audit?from="+day+"&to="+day)); !strings.Contains(page, "共 1 条") || !strings.Contains(page, `data-action="signin"`) {
			t.Errorf("date range of the last day: want only O001's sign-in")
		}
		if resp := admin.get("/admin/audit?from=yesterday"); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("bad date: %d", resp.StatusCode)
		}
		var api struct {
			Entries []auditEntryJSON
			Total   int
		}
		if err := json.NewDecoder(admin.api("GET", "/api/v1/audit?user=O001", "").Body).Decode(&api); err != nil || api.Total != 1 || api.Entries[0].Action != postcrm.AuditSignIn {
			t.Errorf("API audit: %+v %v", api, err)
		}
	})
}
