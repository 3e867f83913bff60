package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"postcrm"
)

// TestReassignFromTheWebTellsTheNewAssignee: a manager's reassignment
// through the web writes one notice to the new assignee with the change;
// the same reassignment posted again tells nobody anew.
func TestReassignFromTheWebTellsTheNewAssignee(t *testing.T) {
	f := newFixture(t)
	f.dispatchFixture(t)
	outbox := f.store
	reassigned := func() []postcrm.Notice {
		t.Helper()
		ns, err := outbox.Notices(context.Background(), postcrm.NoticeQuery{})
		if err != nil {
			t.Fatal(err)
		}
		var out []postcrm.Notice
		for _, n := range ns {
			if n.Kind == postcrm.NoticeReassigned {
				out = append(out, n)
			}
		}
		return out
	}
	manager := f.session(t, officeUser)
	path := idPath(f, "/api/v1/followup/%d/assign", "CUST-B")
	for range 2 {
		if resp := manager.api("POST", path, `{"staff_id":"`+courierUser+`"}`); resp.StatusCode != http.StatusOK {
			t.Fatalf("reassign: %d %s", resp.StatusCode, body(t, resp))
		}
	}
	ns := reassigned()
	want := fmt.Sprintf("reassigned:%d:1", f.WarningIDs["CUST-B"])
	if len(ns) != 1 || ns[0].EventID != want || ns[0].Recipient != courierUser || ns[0].CustomerCode != "CUST-B" {
		t.Fatalf("notices of the reassignment: %+v, want one %s to %s", ns, want, courierUser)
	}
}

// TestNoticesPage: the province sets a city's robot on the page, sees it
// with its key masked, gets a bad URL back in Chinese beside what was
// typed, and deletes it; the latest notices are listed in Chinese.
func TestNoticesPage(t *testing.T) {
	f := newFixture(t)
	f.dispatchFixture(t)
	admin := f.session(t, provinceUser)
	page := body(t, admin.get("/admin/notices"))
	for _, want := range []string{`id="no-robots"`, "新派预警", `value="city:石家庄市"`, `value="office:13000001"`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	resp := admin.post("/admin/notices", url.Values{"place": {"city:石家庄市"}, "url": {"qyapi.weixin.qq.com/send?key=abc"}})
	page = body(t, resp)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, "Webhook 地址要以 https:// 开头") ||
		!strings.Contains(page, `value="qyapi.weixin.qq.com/send?key=abc"`) || !strings.Contains(page, `value="city:石家庄市" selected`) {
		t.Errorf("bad URL: %d\n%s", resp.StatusCode, page)
	}
	const robot = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-secret"
	resp = admin.post("/admin/notices", url.Values{"place": {"city:石家庄市"}, "url": {robot}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/notices?done=saved" {
		t.Fatalf("save: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	page = body(t, admin.get("/admin/notices?done=saved"))
	if !strings.Contains(page, "群机器人已保存") || !strings.Contains(page, `data-place="city:石家庄市"`) || !strings.Contains(page, "key=693a…") || strings.Contains(page, "secret") {
		t.Errorf("after saving:\n%s", page)
	}
	if resp := admin.post("/admin/notices", url.Values{"place": {"city:火星市"}, "url": {robot}}); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body(t, resp), "机构数据里没有这个营业部或地市") {
		t.Errorf("unknown city: %d", resp.StatusCode)
	}
	resp = admin.post("/admin/notices", url.Values{"place": {"city:石家庄市"}, "action": {"delete"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", resp.StatusCode)
	}
	if hooks, err := f.store.NoticeWebhooks(context.Background()); err != nil || len(hooks) != 0 {
		t.Errorf("robots after deleting: %+v %v", hooks, err)
	}
}
