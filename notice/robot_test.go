package notice_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// robot is a 企业微信 group robot on a local server: it checks that what
// arrives is the documented markdown message and keeps the contents it
// accepted; reply decides its answer to each try (an HTTP status and the
// body), nil accepting every one.
type robot struct {
	t     *testing.T
	srv   *httptest.Server
	mu    sync.Mutex
	tries int
	got   []string
	reply func() (int, string)
}

const okReply = `{"errcode":0,"errmsg":"ok"}`

func newRobot(t *testing.T) *robot {
	r := &robot{t: t}
	r.srv = httptest.NewServer(r)
	t.Cleanup(r.srv.Close)
	return r
}

// url is the robot's webhook, with its key as 企业微信 gives it.
func (r *robot) url() string { return r.srv.URL + "/cgi-bin/webhook/send?key=SECRET-KEY" }

func (r *robot) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		r.t.Error(err)
	}
	if req.Method != http.MethodPost || req.URL.Path != "/cgi-bin/webhook/send" || req.URL.Query().Get("key") != "SECRET-KEY" ||
		!strings.HasPrefix(req.Header.Get("Content-Type"), "application/json") {
		r.t.Errorf("robot got %s %s (%s)", req.Method, req.URL, req.Header.Get("Content-Type"))
	}
	// Exactly the documented body: {"msgtype":"markdown","markdown":{"content":"…"}}.
	var msg map[string]json.RawMessage
	var md map[string]string
	if err := json.Unmarshal(body, &msg); err != nil || len(msg) != 2 || string(msg["msgtype"]) != `"markdown"` {
		r.t.Errorf("robot got body %s", body)
	} else if err := json.Unmarshal(msg["markdown"], &md); err != nil || len(md) != 1 || md["content"] == "" || len(md["content"]) > 4096 {
		r.t.Errorf("robot got markdown %s", msg["markdown"])
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.tries++
	status, reply := http.StatusOK, okReply
	if r.reply != nil {
		status, reply = r.reply()
	}
	if status == http.StatusOK && reply == okReply {
		r.got = append(r.got, md["content"])
	}
	w.WriteHeader(status)
	io.WriteString(w, reply)
}

// received is what the robot accepted, and how many tries it answered.
func (r *robot) received() ([]string, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.got...), r.tries
}
