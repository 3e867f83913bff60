package web

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"postcrm"
	"postcrm/contest"
)

// BenchmarkPressToScreen: 18 screens (the big screen's stream, as the
// phones also hold one) listen on loopback; each iteration one phone
// presses, and the figure is the time from sending the press to each
// screen receiving a state that holds it: p50 and p99 over all screens
// and iterations (press_p50_ms, press_p99_ms).
func BenchmarkPressToScreen(b *testing.B) {
	store := openSQLite(b)
	srv := New(store, Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), UploadDir: b.TempDir()})
	b.Cleanup(srv.Close)
	ts := httptest.NewServer(srv.Handler())
	b.Cleanup(ts.Close)
	ctx := context.Background()
	teams := []string{"1", "2", "3", "4", "5", "6"}
	c, err := srv.contests.Create(ctx, "bench", fmt.Sprintf(buzzerRules, 0, contest.TieFirstReceipt), teams, postcrm.Actor{User: provinceUser})
	if err != nil {
		b.Fatal(err)
	}
	m, _, err := srv.contests.Match(ctx, c.Code)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := m.Do(ctx, contest.Event{Type: contest.EvRound, Round: 1}); err != nil {
		b.Fatal(err)
	}
	const screens = 18
	var mu sync.Mutex
	seen := map[int64][]time.Time{} // press seq -> when each screen saw it
	arrived := sync.NewCond(&mu)
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	for range screens {
		req, _ := http.NewRequestWithContext(sctx, "GET", ts.URL+"/contest/"+c.Code+"/stream", nil)
		req.Header.Set("Accept", "text/event-stream")
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		go func() {
			defer resp.Body.Close()
			had := map[int64]bool{}
			sc := bufio.NewScanner(resp.Body)
			sc.Buffer(make([]byte, 1<<20), 1<<20)
			for sc.Scan() {
				line, ok := strings.CutPrefix(sc.Text(), "data: ")
				if !ok {
					continue
				}
				var v struct {
					State struct {
						Presses []contest.Press `json:"presses"`
					} `json:"state"`
				}
				if json.Unmarshal([]byte(line), &v) != nil {
					continue
				}
				now := time.Now()
				mu.Lock()
				for _, p := range v.State.Presses {
					if !had[p.Seq] {
						had[p.Seq] = true
						seen[p.Seq] = append(seen[p.Seq], now)
					}
				}
				arrived.Broadcast()
				mu.Unlock()
			}
		}()
	}
	var lat []float64
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		for _, ev := range []contest.Event{{Type: contest.EvOpen, Question: fmt.Sprintf("B%d", i)}, {Type: contest.EvStart}} {
			if _, err := m.Do(ctx, ev); err != nil {
				b.Fatal(err)
			}
		}
		team := i%6 + 1
		req, _ := http.NewRequest("POST", ts.URL+"/b/"+c.Code+"/press", strings.NewReader("client_ms=0"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: teamCookie(c.Code), Value: srv.contests.TeamToken(c.Code, team)})
		sent := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		var body struct {
			Seq int64 `json:"seq"`
		}
		_ = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		mu.Lock()
		for len(seen[body.Seq]) < screens {
			arrived.Wait()
		}
		for _, at := range seen[body.Seq] {
			lat = append(lat, float64(at.Sub(sent).Microseconds())/1000)
		}
		mu.Unlock()
		if _, err := m.Do(ctx, contest.Event{Type: contest.EvRight, By: provinceUser}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(lat[len(lat)/2], "press_p50_ms")
	b.ReportMetric(lat[len(lat)*99/100], "press_p99_ms")
}

// BenchmarkContestBankImport: a 1,000-question XLSX bank read, checked
// and stored (SQLite): what the host's import does after the upload.
func BenchmarkContestBankImport(b *testing.B) {
	store := openSQLite(b)
	ctx := context.Background()
	a := postcrm.Actor{User: provinceUser}
	c, err := contest.NewHub(store, nil).Create(ctx, "bank", contestTestRules, []string{"甲", "乙"}, a)
	if err != nil {
		b.Fatal(err)
	}
	x := excelize.NewFile()
	_ = x.SetSheetRow("Sheet1", "A1", &[]any{"编号", "类别", "题型", "分值", "题目", "答案", "选项"})
	for i := range 1000 {
		_ = x.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+2), &[]any{fmt.Sprintf("Q%04d", i+1), "业务知识", "单选", 10,
			fmt.Sprintf("第 %d 题：协议客户的月结账单在什么时候结算？", i+1), "A", "A. 次月约定日 B. 当月月底"})
	}
	path := filepath.Join(b.TempDir(), "题库.xlsx")
	if err := x.SaveAs(path); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		qs, bad, err := contest.ReadBank(path)
		if err != nil || len(bad) > 0 || len(qs) != 1000 {
			b.Fatal(err, bad, len(qs))
		}
		if err := store.SaveContestQuestions(ctx, c.ID, qs, a); err != nil {
			b.Fatal(err)
		}
	}
}
