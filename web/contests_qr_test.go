package web

import (
	"bytes"
	"context"
	"image/png"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	qr "github.com/piglig/go-qr"

	"postcrm"
	"postcrm/contest"
)

// TestContestJoinQR: the big screen and the host console show a QR code
// whose text is the join address (this server, the contest's code), and
// the served image is a PNG that decodes to it; where zbarimg is
// installed, an independent decoder reads the same address.
func TestContestJoinQR(t *testing.T) {
	f := newFixture(t)
	c, err := f.srv.contests.Create(context.Background(), "扫码", contestTestRules, []string{"甲", "乙"}, postcrm.Actor{User: provinceUser})
	if err != nil {
		t.Fatal(err)
	}
	want := f.http.URL + "/b/" + c.Code
	for page, as := range map[string]*client{"screen": f.anonymous(t), "host": f.session(t, officeUser)} {
		b := body(t, as.get("/contest/"+c.Code+"/"+page))
		if !strings.Contains(b, `src="/contest/`+c.Code+`/qr.png"`) || !strings.Contains(b, want) {
			t.Errorf("the %s page shows no QR code of %s", page, want)
		}
	}
	resp := f.anonymous(t).get("/contest/" + c.Code + "/qr.png")
	raw := []byte(body(t, resp))
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("qr.png: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("qr.png is not a PNG: %v", err)
	}
	if got, err := qr.Decode(img); err != nil || got != want {
		t.Errorf("qr.png decodes to %q (%v), want %q", got, err, want)
	}
	if zbar, err := exec.LookPath("zbarimg"); err == nil {
		file := filepath.Join(t.TempDir(), "qr.png")
		if err := os.WriteFile(file, raw, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(zbar, "--raw", "-q", file).Output()
		if got := strings.TrimSpace(string(out)); err != nil || got != want {
			t.Errorf("zbarimg reads qr.png as %q (%v), want %q", got, err, want)
		}
	}
	if r := f.anonymous(t).get("/contest/NOSUCH/qr.png"); r.StatusCode != http.StatusNotFound {
		t.Errorf("the QR code of no contest: %d, want 404", r.StatusCode)
	}
}

// TestContestRiskTiersFromRules: the risk round's tiers are the rule
// sheet's: the host's view lists them (the console draws its buttons
// from it), a team may choose one of them, and a value not on the sheet
// is refused; abstaining is offered and taken only in a round whose
// sheet allows it.
func TestContestRiskTiersFromRules(t *testing.T) {
	f := newFixture(t)
	const rules = `{"rounds":[{"name":"风险","kind":"risk","tiers":[5,15,50],"allow_abstain":false,"choose_order":"seat","answer_seconds":30},
{"name":"风险二","kind":"risk","tiers":[10,30],"allow_abstain":true,"choose_order":"seat","answer_seconds":30}]}`
	c, err := f.srv.contests.Create(context.Background(), "风险", rules, []string{"甲", "乙"}, postcrm.Actor{User: provinceUser})
	if err != nil {
		t.Fatal(err)
	}
	host := f.session(t, officeUser)
	event := func(js string) (int, string) {
		r := contestEvent(host, c.Code, js)
		return r.StatusCode, body(t, r)
	}
	if st, b := event(`{"type":"round","round":1}`); st != http.StatusOK || !strings.Contains(b, `"tiers":[5,15,50]`) || strings.Contains(b, `"allow_abstain":true`) {
		t.Fatalf("the risk round's view: %d %s", st, b)
	}
	// Refused by the sheet (contest.event_field), not as out of turn.
	if st, b := event(`{"type":"choose","team":1,"tier":20}`); st != http.StatusConflict || !strings.Contains(b, `"code":"`+contest.CodeEventField+`"`) {
		t.Errorf("a tier not on the sheet: %d %s, want 409", st, b)
	}
	if st, b := event(`{"type":"choose","team":1,"tier":50}`); st != http.StatusOK || !strings.Contains(b, `"tier":50`) {
		t.Errorf("a tier on the sheet: %d %s", st, b)
	}
	if st, b := event(`{"type":"abstain","team":2}`); st != http.StatusConflict || !strings.Contains(b, `"code":"`+contest.CodeEventField+`"`) {
		t.Errorf("abstaining where the sheet allows none: %d %s, want 409", st, b)
	}
	if st, b := event(`{"type":"round","round":2}`); st != http.StatusOK || !strings.Contains(b, `"tiers":[10,30]`) || !strings.Contains(b, `"allow_abstain":true`) {
		t.Fatalf("the second risk round's view: %d %s", st, b)
	}
	if st, b := event(`{"type":"abstain","team":1}`); st != http.StatusOK {
		t.Errorf("abstaining where the sheet allows it: %d %s", st, b)
	}
}

// TestContestStreamEndsOnShutdown: a graceful shutdown ends the
// screens' event streams (they reconnect to the next server); an open
// big screen must not hold the shutdown until its timeout.
func TestContestStreamEndsOnShutdown(t *testing.T) {
	f := newFixture(t)
	c, err := f.srv.contests.Create(context.Background(), "重启", contestTestRules, []string{"甲", "乙"}, postcrm.Actor{User: provinceUser})
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", f.http.URL+"/contest/"+c.Code+"/stream", nil)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	first := make([]byte, 5)
	if _, err := io.ReadFull(resp.Body, first); err != nil || string(first) != "data:" {
		t.Fatalf("the stream's first message: %q %v", first, err)
	}
	f.srv.EndStreams()
	ended := make(chan error, 1)
	go func() { _, err := io.Copy(io.Discard, resp.Body); ended <- err }()
	select {
	case err := <-ended:
		if err != nil {
			t.Fatalf("the stream ended with %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the stream is still open 5 s after EndStreams")
	}
}
