package web

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"postcrm"
	"postcrm/contest"
)

// buzzerRules: one buzzer round; the grace window and its tie rule are
// set per contest by the test.
const buzzerRules = `{"rounds":[{"name":"抢答","kind":"buzzer","points":10,"wrong_cost":10,
"answer_seconds":20,"buzz_seconds":10,"grace_ms":%d,"tie_rule":"%s","early_press":[{"lose_turn":true}]}]}`

// pressResult is what one client saw of its press.
type pressResult struct {
	team       int
	seq        int64
	sent, done time.Time
}

// TestBuzzerRoundsThroughHTTP: 1,000 buzzer rounds, 6 phones each
// pressing after an injected latency of 0–150 ms (0–15 ms under
// -short), through the real handler and the real store. In every round:
// every press answered 200 is in the log once (none dropped); the log's
// presses are in receipt order (seq and server time both rising); a
// press whose answer came back before another was sent is ahead of it
// (none misordered); the turn is the first receipt, or under the lot
// rule the lowest lot within the grace window; a second press is
// refused. Ten contests run side by side, 100 rounds each.
func TestBuzzerRoundsThroughHTTP(t *testing.T) {
	store := openSQLite(t)
	// A press answered 500 says why: the server's error lines go to the
	// test's output, shown when the test fails.
	srv := New(store, Options{Logger: slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelError})), UploadDir: t.TempDir()})
	t.Cleanup(srv.Close)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 128}}
	maxLatency := 150 * time.Millisecond
	if testing.Short() {
		maxLatency = 15 * time.Millisecond
	}
	const contests, rounds, phones = 10, 100, 6
	var wg sync.WaitGroup
	errs := make(chan error, contests)
	for c := range contests {
		wg.Add(1)
		go func() {
			defer wg.Done()
			grace, rule := 0, contest.TieFirstReceipt
			if c%2 == 1 {
				grace, rule = 20, contest.TieLot
			}
			errs <- playBuzzerRounds(srv, ts.URL, client, fmt.Sprintf(buzzerRules, grace, rule), grace, rule, rounds, phones, maxLatency, c)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

func playBuzzerRounds(srv *Server, base string, client *http.Client, rules string, grace int, rule string,
	rounds, phones int, maxLatency time.Duration, seed int) error {
	ctx := context.Background()
	teams := make([]string, phones)
	for i := range teams {
		teams[i] = fmt.Sprintf("第%d队", i+1)
	}
	c, err := srv.contests.Create(ctx, "压测", rules, teams, postcrm.Actor{User: provinceUser})
	if err != nil {
		return err
	}
	m, _, err := srv.contests.Match(ctx, c.Code)
	if err != nil {
		return err
	}
	if _, err := m.Do(ctx, contest.Event{Type: contest.EvRound, Round: 1}); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(uint64(seed), 7))
	press := func(team int) (int, pressResult, error) {
		r := pressResult{team: team, sent: time.Now()}
		req, _ := http.NewRequest("POST", base+"/b/"+c.Code+"/press", strings.NewReader(url.Values{"client_ms": {fmt.Sprint(r.sent.UnixMilli())}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: teamCookie(c.Code), Value: srv.contests.TeamToken(c.Code, team)})
		resp, err := client.Do(req)
		if err != nil {
			return 0, r, err
		}
		defer resp.Body.Close()
		var body struct {
			Seq int64 `json:"seq"`
		}
		_ = json.NewDecoder(resp.Body).Decode(&body)
		r.seq, r.done = body.Seq, time.Now()
		return resp.StatusCode, r, nil
	}
	for round := range rounds {
		for _, ev := range []contest.Event{{Type: contest.EvOpen, Question: fmt.Sprintf("Q%d", round)}, {Type: contest.EvStart}} {
			if _, err := m.Do(ctx, ev); err != nil {
				return err
			}
		}
		results := make([]pressResult, phones)
		var wg sync.WaitGroup
		var failed error
		var mu sync.Mutex
		for i := range phones {
			delay := time.Duration(rng.Int64N(int64(maxLatency) + 1))
			wg.Add(1)
			go func() {
				defer wg.Done()
				time.Sleep(delay)
				status, r, err := press(i + 1)
				mu.Lock()
				defer mu.Unlock()
				if err == nil && status != http.StatusOK {
					err = fmt.Errorf("press of team %d: status %d", i+1, status)
				}
				if err != nil {
					failed = err
				}
				results[i] = r
			}()
		}
		wg.Wait()
		if failed != nil {
			return failed
		}
		if status, _, _ := press(1 + round%phones); status != http.StatusConflict {
			return fmt.Errorf("round %d: a second press answered %d, want 409", round, status)
		}
		st := m.Snapshot()
		if len(st.Presses) != phones {
			return fmt.Errorf("round %d: %d presses logged, %d answered", round, len(st.Presses), phones)
		}
		for i, p := range st.Presses {
			r := results[p.Team-1]
			if r.seq != p.Seq {
				return fmt.Errorf("round %d: team %d answered seq %d, logged %d", round, p.Team, r.seq, p.Seq)
			}
			if i > 0 && (p.Seq <= st.Presses[i-1].Seq || p.AtMS < st.Presses[i-1].AtMS) {
				return fmt.Errorf("round %d: presses out of receipt order: %+v", round, st.Presses)
			}
		}
		for _, a := range results {
			for _, b := range results {
				if a.done.Before(b.sent) && a.seq > b.seq {
					return fmt.Errorf("round %d: team %d's press was answered before team %d's was sent, yet ranks after it", round, a.team, b.team)
				}
			}
		}
		want, wantRule := st.Presses[0].Team, contest.TieFirstReceipt
		if rule == contest.TieLot {
			for _, p := range st.Presses {
				if p.AtMS-st.Presses[0].AtMS <= int64(grace) && st.Lots[p.Team-1] < st.Lots[want-1] {
					want, wantRule = p.Team, contest.TieLot
				}
			}
		}
		if st.Turn != want || st.TurnRule != wantRule {
			return fmt.Errorf("round %d: turn %d by %s, want %d by %s; presses %+v", round, st.Turn, st.TurnRule, want, wantRule, st.Presses)
		}
		if _, err := m.Do(ctx, contest.Event{Type: contest.EvRight, By: provinceUser}); err != nil {
			return err
		}
	}
	// The stored log replays to the live state.
	evs, err := srv.contestStore.ContestEvents(ctx, c.ID)
	if err != nil {
		return err
	}
	re, err := contest.Replay(m.Rules, evs)
	if err != nil {
		return err
	}
	if !slices.Equal(re.Scores, m.Snapshot().Scores) {
		return fmt.Errorf("stored log replays to %v, live %v", re.Scores, m.Snapshot().Scores)
	}
	return nil
}
