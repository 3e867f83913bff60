package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"postcrm"
	"postcrm/sqlite"
)

// TestHubCommands: register a hub, import its files (a row of an
// unregistered hub rejected naming it, a later row of the same vehicle
// updating it), and print the board as JSON with the keys.
func TestHubCommands(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	if _, err := runCLI(t, dir, "hub", "add", "HZ01", "--name", "杭州邮件处理中心", "--city", "杭州"); err != nil {
		t.Fatal(err)
	}
	vehicles := write("v.csv", "hub,vehicle,route,arrived_at,unload_started_at,unload_finished_at,bags,pieces\n"+
		"HZ01,浙A1,沪杭干线,2026-11-11 08:00,,,120,3000\n"+
		"HZ01,浙A2,沪杭干线,2026-11-11 20:00,,,100,2500\n"+
		"HZ01,浙A2,沪杭干线,2026-11-11 20:00,2026-11-12 08:30,,100,2500\n"+
		"NB02,浙B1,甬杭干线,2026-11-11 09:00,,,1,1\n")
	out, err := runCLI(t, dir, "hub", "import", "vehicles", vehicles)
	if err != nil || !strings.Contains(out, "新增 2，更新 1") || !strings.Contains(out, "退回 1") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	rejects, err := os.ReadFile(vehicles + ".rejects.csv")
	if err != nil || !strings.Contains(string(rejects), "5,hub,中心未登记,中心“NB02”没有登记") {
		t.Errorf("rejects file %v:\n%s", err, rejects)
	}
	roster := write("r.csv", "hub,day,shift,branch,person,phone,status\n"+
		"HZ01,2026-11-12,早班,上城区分公司,王伟,13900000001,到岗\n"+
		"HZ01,2026-11-12,早班,上城区分公司,李娜,13900000002,缺勤\n"+
		"HZ01,2026-11-12,early,拱墅区分公司,张敏,13900000003,signed\n")
	quotas := write("q.csv", "hub,day,shift,branch,needed\nHZ01,2026-11-12,早班,上城区分公司,5\nHZ01,2026-11-12,早班,拱墅区分公司,1\n")
	for kind, path := range map[string]string{"roster": roster, "quotas": quotas} {
		if out, err := runCLI(t, dir, "hub", "import", kind, path); err != nil || !strings.Contains(out, "退回 0") {
			t.Fatalf("import %s: %v\n%s", kind, err, out)
		}
	}
	out, err = runCLI(t, dir, "hub", "board", "--hub", "HZ01", "--at", "2026-11-12 09:00", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	keys := func(m map[string]any) []string {
		var k []string
		for key := range m {
			k = append(k, key)
		}
		sort.Strings(k)
		return k
	}
	want := []string{"at", "oldest_wait_hours", "projection", "shift", "threshold_hours", "unloaded_last_hour", "unloading",
		"waiting", "waiting_bags", "waiting_over_threshold", "waiting_pieces"}
	if !reflect.DeepEqual(keys(got), want) {
		t.Errorf("keys %v, want %v", keys(got), want)
	}
	shift := got["shift"].(map[string]any)
	if k := keys(shift); !reflect.DeepEqual(k, []string{"attendance_rate", "by_branch", "name", "needed", "open_slots", "present", "signed"}) {
		t.Errorf("shift keys %v", k)
	}
	if k := keys(got["projection"].(map[string]any)); !reflect.DeepEqual(k, []string{"clear_at", "extra_volunteers_needed"}) {
		t.Errorf("projection keys %v", k)
	}
	if k := keys(got["unloaded_last_hour"].(map[string]any)); !reflect.DeepEqual(k, []string{"bags", "pieces", "vehicles"}) {
		t.Errorf("unloaded_last_hour keys %v", k)
	}
	// 浙A1 waits 25 h (over 24), 浙A2 is unloading; 3 signed of 6 needed,
	// open slots 5−2 = 3 and 1−1 = 0; one present.
	for k, v := range map[string]float64{"waiting": 1, "waiting_over_threshold": 1, "oldest_wait_hours": 25, "unloading": 1, "waiting_pieces": 3000} {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	for k, v := range map[string]any{"name": "early", "needed": 6.0, "signed": 3.0, "present": 1.0, "open_slots": 3.0} {
		if shift[k] != v {
			t.Errorf("shift.%s = %v, want %v", k, shift[k], v)
		}
	}
}

// TestHubImportGoesThroughThePipeline: a hub file's import is logged
// like every import (kind, file, counts, the file's SHA-256), its
// rejected rows are in the rejects file and kept as findings, and the
// same file imported again stores nothing new: the same rows, findings
// and rejects file, a second log entry counting every row unchanged.
func TestHubImportGoesThroughThePipeline(t *testing.T) {
	dir := t.TempDir()
	if _, err := runCLI(t, dir, "hub", "add", "HZ01", "--name", "杭州邮件处理中心", "--city", "杭州"); err != nil {
		t.Fatal(err)
	}
	body := "中心,统计时间,超时12小时内,超时12至24小时,超时24小时以上,分拣件数,外包人数,外包基数\n" +
		"HZ01,2026-11-12 08:00,10,5,2,3000,40,50\n" +
		"HZ01,2026-11-12 09:00,8,5,3,3500,42,50\n" +
		"NB02,2026-11-12 09:00,1,1,1,1,1,1\n" +
		"HZ01,2026-11-12 10:00,7,-4,3,3600,42,50\n"
	path := filepath.Join(dir, "计数1112.csv")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(body))
	type state struct {
		runs     []postcrm.ImportRun
		findings []postcrm.Finding
		rows     int
		rejects  string
	}
	read := func() state {
		t.Helper()
		ctx := context.Background()
		s, err := sqlite.Open(ctx, filepath.Join(dir, "crm.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		var st state
		if st.runs, err = s.ImportRuns(ctx); err != nil {
			t.Fatal(err)
		}
		if st.findings, err = s.Findings(ctx, "计数1112.csv"); err != nil {
			t.Fatal(err)
		}
		for _, at := range []string{"08:00", "09:00", "10:00"} {
			when, _ := time.ParseInLocation("2006-01-02 15:04", "2026-11-12 "+at, postcrm.ChinaTime)
			if c, err := s.HubCountsAt(ctx, "HZ01", when); err == nil && c.At.Equal(when) {
				st.rows++
			}
		}
		rejects, err := os.ReadFile(path + ".rejects.csv")
		if err != nil {
			t.Fatal(err)
		}
		st.rejects = string(rejects)
		return st
	}
	out, err := runCLI(t, dir, "hub", "import", "counts", path)
	if err != nil || !strings.Contains(out, "新增 2") || !strings.Contains(out, "退回 2") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	first := read()
	if len(first.runs) != 1 {
		t.Fatalf("import log %+v, want one run", first.runs)
	}
	r := first.runs[0]
	if r.Kind != postcrm.KindHubCounts || r.Source != "计数1112.csv" || r.Read != 4 || r.Rejected != 2 || r.Inserted != 2 ||
		r.ContentSHA256 != hex.EncodeToString(sum[:]) || r.Size != int64(len(body)) {
		t.Errorf("logged %+v", r)
	}
	reasons := map[int]postcrm.Reason{}
	for _, f := range first.findings {
		if f.Kind != postcrm.KindHubCounts || !f.Rejected {
			t.Errorf("finding %+v", f)
		}
		reasons[f.Line] = f.Reason
	}
	if len(first.findings) != 2 || reasons[4] != postcrm.ReasonUnknownHub || reasons[5] != postcrm.ReasonNegative {
		t.Errorf("findings %+v, want line 4 unknown hub and line 5 negative", first.findings)
	}
	if first.rows != 2 || !strings.Contains(first.rejects, "中心未登记") {
		t.Errorf("%d rows stored, rejects file:\n%s", first.rows, first.rejects)
	}

	out, err = runCLI(t, dir, "hub", "import", "counts", path)
	if err != nil || !strings.Contains(out, "新增 0，更新 0，重复跳过 2") {
		t.Fatalf("import again: %v\n%s", err, out)
	}
	again := read()
	if again.rows != first.rows || again.rejects != first.rejects || !reflect.DeepEqual(again.findings, first.findings) {
		t.Errorf("the same file again changed the store: %+v, was %+v", again, first)
	}
	if len(again.runs) != 2 || again.runs[1].ContentSHA256 != r.ContentSHA256 || again.runs[1].Unchanged != 2 ||
		again.runs[1].Inserted+again.runs[1].Updated != 0 {
		t.Errorf("import log after the same file again %+v", again.runs)
	}
}
