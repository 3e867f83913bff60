package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"postcrm"
	"postcrm/contest"
)

// TestContestHostAndPhone: an office manager sets a contest up through
// the form (a bad rule sheet comes back naming its field), hosts a
// buzzer question through the API; a phone joins as 乙, is still 乙
// after three reloads, may press once, and its second press is refused;
// a reversal without a reason is refused, with one it recomputes the
// score and is in the audit log.
func TestContestHostAndPhone(t *testing.T) {
	f := newFixture(t)
	host := f.session(t, officeUser)
	bad := host.post("/contest", url.Values{"name": {"测试"}, "teams": {"甲\n乙"}, "rules": {`{"rounds":[{"kind":"quiz","answer_seconds":5,"points":1}]}`}})
	if b := body(t, bad); bad.StatusCode != http.StatusBadRequest || !strings.Contains(b, "rounds[0].kind") {
		t.Fatalf("bad rules: %d\n%s", bad.StatusCode, b)
	}
	resp := host.post("/contest", url.Values{"name": {"测试"}, "teams": {"甲\n乙\n丙"}, "rules": {contestTestRules}})
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasSuffix(loc, "/host") {
		t.Fatalf("create: %d %s", resp.StatusCode, loc)
	}
	code := strings.Split(loc, "/")[2]
	event := func(js string) (int, map[string]any) {
		r := contestEvent(host, code, js)
		var v map[string]any
		_ = json.NewDecoder(r.Body).Decode(&v)
		return r.StatusCode, v
	}
	for _, js := range []string{`{"type":"round","round":2}`, `{"type":"open","question":"Q1"}`, `{"type":"start"}`} {
		if st, v := event(js); st != http.StatusOK {
			t.Fatalf("%s: %d %v", js, st, v)
		}
	}

	phone := f.anonymous(t)
	join := phone.post("/b/"+code+"/join", url.Values{"team": {"2"}})
	if join.StatusCode != http.StatusOK {
		t.Fatalf("join: %d", join.StatusCode)
	}
	for range 3 {
		if b := body(t, phone.get("/b/"+code)); !strings.Contains(b, "本机：乙") {
			t.Fatalf("after a reload the phone is not 乙:\n%s", b)
		}
	}
	// A restarted server (a new hub on the same store) still knows the phone.
	u, _ := url.Parse(f.http.URL)
	var token string
	for _, ck := range phone.hc.Jar.Cookies(u) {
		if ck.Name == teamCookie(code) {
			token = ck.Value
		}
	}
	// It runs on the server's clock: on the real one the question's
	// clock (set by the fixture's, months back) had long run out, and
	// the second hub logged a timeout of its own before it was closed
	// whenever its timer won that race, so the press below was refused.
	restarted := contest.NewHub(f.store, f.clock.Now)
	if _, _, err := restarted.Match(t.Context(), code); err != nil {
		t.Fatal(err)
	}
	if seat := restarted.TeamOf(code, token); seat != 2 {
		t.Fatalf("after a restart the phone's cookie names seat %d, want 2", seat)
	}
	restarted.Close()
	if r := phone.post("/b/"+code+"/press", url.Values{"client_ms": {"123"}}); r.StatusCode != http.StatusOK {
		t.Fatalf("press: %d %s", r.StatusCode, body(t, r))
	}
	if r := phone.post("/b/"+code+"/press", nil); r.StatusCode != http.StatusConflict {
		t.Fatalf("second press: %d, want 409", r.StatusCode)
	}
	if r := f.anonymous(t).post("/b/"+code+"/press", nil); r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("press without joining: %d, want 401", r.StatusCode)
	}
	st, v := event(`{"type":"right"}`)
	if st != http.StatusOK {
		t.Fatalf("judge: %d %v", st, v)
	}
	judged := v["state"].(map[string]any)["judged"].([]any)[0].(map[string]any)["seq"].(float64)
	if st, _ := event(`{"type":"reverse","target":` + jsonNum(judged) + `}`); st != http.StatusConflict {
		t.Fatalf("reversal without a reason: %d, want 409", st)
	}
	st, v = event(`{"type":"reverse","target":` + jsonNum(judged) + `,"reason":"答案不完整"}`)
	if st != http.StatusOK {
		t.Fatalf("reversal: %d %v", st, v)
	}
	scores := v["state"].(map[string]any)["scores"].([]any)
	if scores[1].(float64) != -10 {
		t.Fatalf("乙 after the reversal: %v, want -10", scores)
	}
	entries, _, err := f.store.AuditLog(t.Context(), postcrm.AuditQuery{User: officeUser, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range entries {
		found = found || strings.Contains(e.Detail, `"type":"`+contest.EvReverse+`"`) && strings.Contains(e.Detail, "答案不完整")
	}
	if !found {
		t.Fatal("the reversal is not in the audit log")
	}
	// The result sheet's totals are the screen's.
	if b := body(t, host.get("/contest/"+code+"/result")); !strings.Contains(b, "答案不完整") || !strings.Contains(b, "仲裁组签字") {
		t.Fatalf("result page:\n%s", b)
	}
	x := host.get("/contest/" + code + "/result?format=xlsx")
	wb, err := excelize.OpenReader(x.Body)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := wb.GetRows("成绩单")
	if err != nil {
		t.Fatal(err)
	}
	screen := map[string]string{}
	for i, name := range v["state"].(map[string]any)["teams"].([]any) {
		screen[name.(string)] = jsonNum(scores[i].(float64))
	}
	for _, row := range rows[1:] {
		if screen[row[2]] != row[4] {
			t.Errorf("result sheet: %s %s, screen %s", row[2], row[4], screen[row[2]])
		}
	}
	if len(rows) != 4 {
		t.Fatalf("result sheet rows %v", rows)
	}
}

// contestEvent sends one host event as the console does: JSON, with the
// session's CSRF token.
func contestEvent(host *client, code, js string) *http.Response {
	req := host.request("POST", "/api/v1/contests/"+code+"/events", strings.NewReader(js))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(csrfHeader, host.csrf)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return host.do(req)
}

func jsonNum(f float64) string { b, _ := json.Marshal(int64(f)); return string(b) }
