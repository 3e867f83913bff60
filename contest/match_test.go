package contest

import (
	"bytes"
	"context"
	"errors"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"postcrm"
)

// memLog is a log in memory that, like the stores, refuses a Seq twice.
type memLog struct {
	mu  sync.Mutex
	evs []Event
}

func (l *memLog) AppendContestEvent(_ context.Context, _ int64, ev Event) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if ev.Seq != int64(len(l.evs))+1 {
		return postcrm.ErrConflict
	}
	l.evs = append(l.evs, ev)
	return nil
}

func (l *memLog) ContestEvents(context.Context, int64) ([]Event, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.evs), nil
}

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }
func (c *clock) tick(ms int)    { c.t = c.t.Add(time.Duration(ms) * time.Millisecond) }
func newClock() *clock          { return &clock{t: time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)} }
func mustRules(t *testing.T) *Rules {
	t.Helper()
	r, err := LoadRules("testdata/rules.json")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// script drives a match and fails the test on any refusal it does not
// expect.
type script struct {
	t   *testing.T
	m   *Match
	clk *clock
}

func (s script) do(ev Event) Event {
	s.t.Helper()
	s.clk.tick(100)
	got, err := s.m.Do(context.Background(), ev)
	if err != nil {
		s.t.Fatalf("%s team %d: %v", ev.Type, ev.Team, err)
	}
	return got
}

func (s script) refused(ev Event, code string) {
	s.t.Helper()
	s.clk.tick(10)
	_, err := s.m.Do(context.Background(), ev)
	var de *postcrm.Error
	if !errors.As(err, &de) || de.Code != code {
		s.t.Fatalf("%s team %d: got %v, want refusal %s", ev.Type, ev.Team, err, code)
	}
}

// playScripted plays the scripted match of three teams under
// testdata/rules.json and returns the match and the seq of B's right
// answer to Q7 (the judgment the arbitration test reverses).
func playScripted(t *testing.T) (*Match, *memLog, int64) {
	clk := newClock()
	log := &memLog{}
	m, err := NewMatch(1, mustRules(t), nil, log, clk.now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	s := script{t, m, clk}
	// Seats 1 甲, 2 乙, 3 丙; lots 甲 2, 乙 3, 丙 1.
	s.do(Event{Type: EvSetup, Teams: []string{"甲队", "乙队", "丙队"}, Lots: []int{2, 3, 1}})

	// Round 1, compulsory, 10 a right answer, nothing for a wrong one.
	s.do(Event{Type: EvRound, Round: 1})
	for _, q := range []struct {
		id   string
		team int
		v    string
	}{{"Q1", 1, EvRight}, {"Q2", 2, EvWrong}, {"Q3", 3, EvRight}} {
		s.do(Event{Type: EvOpen, Question: q.id, Team: q.team})
		s.do(Event{Type: EvStart})
		s.do(Event{Type: q.v, By: "judge"})
	}
	// 甲 10, 乙 0, 丙 10.

	// Round 2, buzzer: right +10, wrong -10, timeout -5; ladder: 1st
	// early press loses the turn, 2nd -20, 3rd barred for the round.
	s.do(Event{Type: EvRound, Round: 2})
	s.refused(Event{Type: EvRound, Round: 1}, CodeEventOrder)
	s.do(Event{Type: EvOpen, Question: "Q4"})
	if ev := s.do(Event{Type: EvPress, Team: 1}); ev.Type != EvFoul { // 甲's 1st foul: loses the turn
		t.Fatalf("early press logged as %s", ev.Type)
	}
	s.do(Event{Type: EvStart})
	s.do(Event{Type: EvPress, Team: 2})                       // 乙 first: the turn
	s.do(Event{Type: EvPress, Team: 3})                       // 丙 second, ranked
	s.refused(Event{Type: EvPress, Team: 1}, CodePressBarred) // 甲 lost this turn
	s.refused(Event{Type: EvPress, Team: 2}, CodePressTwice)
	s.do(Event{Type: EvRight, By: "judge"}) // 乙 10

	s.do(Event{Type: EvOpen, Question: "Q5"})
	s.do(Event{Type: EvPress, Team: 1}) // 甲's 2nd foul: -20 -> -10, may still press
	s.do(Event{Type: EvStart})
	s.do(Event{Type: EvPress, Team: 1})
	s.do(Event{Type: EvWrong, By: "judge"}) // 甲 -10 -10 = -20

	s.do(Event{Type: EvOpen, Question: "Q6"})
	s.do(Event{Type: EvPress, Team: 1}) // 甲's 3rd foul: barred for the round
	s.do(Event{Type: EvStart})
	s.do(Event{Type: EvPress, Team: 3})
	s.do(Event{Type: EvPress, Team: 2})
	s.refused(Event{Type: EvPress, Team: 1}, CodePressBarred)
	s.do(Event{Type: EvTimeout}) // 丙 10 - 5 = 5

	s.do(Event{Type: EvOpen, Question: "Q7"})
	s.refused(Event{Type: EvPress, Team: 1}, CodePressBarred) // barred before 开始 too
	s.do(Event{Type: EvStart})
	s.do(Event{Type: EvPress, Team: 2})
	q7 := s.do(Event{Type: EvRight, By: "judge"}) // 乙 20
	// 甲 -20, 乙 20, 丙 5.

	// Round 3, risk, lowest score chooses first: 甲 (-20), 丙 (5), 乙 (20).
	s.do(Event{Type: EvRound, Round: 3})
	s.refused(Event{Type: EvChoose, Team: 2, Tier: 10}, CodeEventTeam) // not 乙's turn
	s.do(Event{Type: EvChoose, Team: 1, Tier: 30})
	s.do(Event{Type: EvAbstain, Team: 3})
	s.do(Event{Type: EvChoose, Team: 2, Tier: 10})
	s.refused(Event{Type: EvOpen, Question: "Q1", Team: 1}, CodeEventReused)
	s.do(Event{Type: EvOpen, Question: "Q8", Team: 1})
	s.do(Event{Type: EvStart})
	s.do(Event{Type: EvRight, By: "judge"}) // 甲 -20 + 30 = 10
	s.do(Event{Type: EvOpen, Question: "Q9", Team: 2})
	s.do(Event{Type: EvStart})
	s.do(Event{Type: EvWrong, By: "judge"}) // 乙 20 - 10 = 10
	// 甲 10, 乙 10, 丙 5: 甲 and 乙 tied at the top.

	// Round 4, tiebreak among 甲 and 乙 only.
	s.do(Event{Type: EvRound, Round: 4})
	s.do(Event{Type: EvOpen, Question: "Q10"})
	s.do(Event{Type: EvStart})
	s.refused(Event{Type: EvPress, Team: 3}, CodePressBarred)
	s.do(Event{Type: EvPress, Team: 1})
	s.do(Event{Type: EvRight, By: "judge"}) // 甲 20
	return m, log, q7.Seq
}

func TestScriptedMatchUnderPenaltyLadder(t *testing.T) {
	m, log, _ := playScripted(t)
	st := m.Snapshot()
	if want := []int{20, 10, 5}; !slices.Equal(st.Scores, want) {
		t.Fatalf("scores %v, want %v", st.Scores, want)
	}
	if want := []int{1, 3, 2}; !slices.Equal(st.ChooseOrder, want) {
		t.Fatalf("choosing order %v, want %v", st.ChooseOrder, want)
	}
	var fouls []int
	for _, f := range st.Fouls {
		fouls = append(fouls, f.Team*100+f.Penalty.Deduct)
		if f.OffsetMS != 100 { // each early press came 100 ms before 开始
			t.Errorf("foul %d offset %d ms, want 100", f.Seq, f.OffsetMS)
		}
	}
	if want := []int{100, 120, 100}; !slices.Equal(fouls, want) {
		t.Fatalf("fouls %v, want %v", fouls, want)
	}
	// The log written, read back and replayed gives the same state.
	var buf bytes.Buffer
	if err := WriteEvents(&buf, log.evs); err != nil {
		t.Fatal(err)
	}
	evs, err := ReadEvents(&buf)
	if err != nil {
		t.Fatal(err)
	}
	re, err := Replay(mustRules(t), evs)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(re.Scores, st.Scores) || !slices.Equal(re.ChooseOrder, st.ChooseOrder) || len(re.Fouls) != 3 {
		t.Fatalf("replay %v %v, live %v %v", re.Scores, re.ChooseOrder, st.Scores, st.ChooseOrder)
	}
}

func TestReversalRecomputesLaterTotalsAndOrder(t *testing.T) {
	m, _, q7 := playScripted(t)
	if _, err := m.Do(context.Background(), Event{Type: EvReverse, Target: q7}); err == nil {
		t.Fatal("a reversal without who and why was accepted")
	}
	if _, err := m.Do(context.Background(), Event{Type: EvReverse, Target: q7, By: "仲裁组 张三", Reason: "答案漏了一个要点"}); err != nil {
		t.Fatal(err)
	}
	st := m.Snapshot()
	// 乙's Q7 now wrong: 乙 10 - 10 = 0 after the buzzer round, so the
	// risk order becomes 甲 (-20), 乙 (0), 丙 (5); 乙's risk answer
	// (10, wrong) leaves 乙 -10; 甲 20 and 丙 5 are unchanged.
	if want := []int{20, -10, 5}; !slices.Equal(st.Scores, want) {
		t.Fatalf("scores after reversal %v, want %v", st.Scores, want)
	}
	if want := []int{1, 2, 3}; !slices.Equal(st.ChooseOrder, want) {
		t.Fatalf("choosing order after reversal %v, want %v", st.ChooseOrder, want)
	}
	if len(st.Reversals) != 1 || st.Reversals[0].By != "仲裁组 张三" || st.Reversals[0].To != EvWrong {
		t.Fatalf("reversal record %+v", st.Reversals)
	}
	if _, err := m.Do(context.Background(), Event{Type: EvReverse, Target: q7, By: "x", Reason: "y"}); err == nil {
		t.Fatal("a judgment reversed twice")
	}
}

func TestChooseOrderTiesByLot(t *testing.T) {
	evs := []Event{{Seq: 1, Type: EvSetup, Teams: []string{"a", "b", "c", "d"}, Lots: []int{4, 2, 3, 1}},
		{Seq: 2, Type: EvAdjust, Team: 1, Points: 10, By: "j", Reason: "r"},
		{Seq: 3, Type: EvRound, Round: 3}}
	st, err := Replay(mustRules(t), evs)
	if err != nil {
		t.Fatal(err)
	}
	// b, c, d on 0 go by lot (d 1, b 2, c 3), then a on 10.
	if want := []int{4, 2, 3, 1}; !slices.Equal(st.ChooseOrder, want) {
		t.Fatalf("order %v, want %v", st.ChooseOrder, want)
	}
}

func TestGraceWindowTieRule(t *testing.T) {
	r := mustRules(t)
	r.Rounds[1].GraceMS, r.Rounds[1].TieRule = 30, TieLot
	base := []Event{{Seq: 1, Type: EvSetup, Teams: []string{"a", "b", "c"}, Lots: []int{3, 1, 2}},
		{Seq: 2, Type: EvRound, Round: 2}, {Seq: 3, Type: EvOpen, Question: "Q"}, {Seq: 4, Type: EvStart, AtMS: 1000}}
	presses := []Event{{Seq: 5, Type: EvPress, Team: 1, AtMS: 1100}, {Seq: 6, Type: EvPress, Team: 3, AtMS: 1120},
		{Seq: 7, Type: EvPress, Team: 2, AtMS: 1140}}
	st, err := Replay(r, append(base, presses...))
	if err != nil {
		t.Fatal(err)
	}
	// a first; c within 30 ms with a lower lot takes it; b is 40 ms after a.
	if st.Turn != 3 || st.TurnRule != TieLot {
		t.Fatalf("turn %d by %s, want 3 by lot", st.Turn, st.TurnRule)
	}
	if gaps := []int64{st.Presses[0].GapMS, st.Presses[1].GapMS, st.Presses[2].GapMS}; !slices.Equal(gaps, []int64{0, 20, 40}) {
		t.Fatalf("gaps %v", gaps)
	}
}

func TestRulesValidateNamesFields(t *testing.T) {
	_, err := ParseRules([]byte(`{"rounds":[{"kind":"quiz","answer_seconds":-1},{"kind":"risk","points":1,"answer_seconds":5,"choose_order":"x"}]}`))
	var fields []string
	for _, e := range postcrm.Errors(err) {
		fields = append(fields, e.Field)
	}
	for _, want := range []string{"rounds[0].kind", "rounds[0].answer_seconds", "rounds[1].tiers", "rounds[1].choose_order"} {
		if !slices.Contains(fields, want) {
			t.Errorf("no error for %s in %v", want, fields)
		}
	}
	if _, err := ParseRules([]byte(`{"rounds":[],"reuse":true}`)); err == nil {
		t.Error("unknown field accepted")
	}
}

// TestScriptedLogFile: testdata/scripted.jsonl, which the replay
// command's test reads, is the scripted match's log line for line
// (POSTCRM_WRITE_SCRIPTED=1 rewrites it).
func TestScriptedLogFile(t *testing.T) {
	_, log, _ := playScripted(t)
	var buf bytes.Buffer
	if err := WriteEvents(&buf, log.evs); err != nil {
		t.Fatal(err)
	}
	if os.Getenv("POSTCRM_WRITE_SCRIPTED") != "" {
		if err := os.WriteFile("testdata/scripted.jsonl", buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	file, err := os.ReadFile("testdata/scripted.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(file, buf.Bytes()) {
		t.Fatal("testdata/scripted.jsonl is not the scripted match's log")
	}
}

// TestTwoMatchesOneLog: two servers run the same contest on one store
// (an old one still up beside its successor). What one appends, the
// other has not seen; its next event finds the seq taken, reads the log
// again and is judged against the state it missed: a press after the
// other's press ranks second, and a press after the other's timeout is
// refused as a rule, not failed as an error.
func TestTwoMatchesOneLog(t *testing.T) {
	clk := newClock()
	log := &memLog{}
	a, err := NewMatch(1, mustRules(t), nil, log, clk.now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	s := script{t, a, clk}
	s.do(Event{Type: EvSetup, Teams: []string{"甲队", "乙队", "丙队"}, Lots: []int{2, 3, 1}})
	s.do(Event{Type: EvRound, Round: 2})
	s.do(Event{Type: EvOpen, Question: "Q1"})
	s.do(Event{Type: EvStart})
	b, err := NewMatch(1, mustRules(t), log.evs, log, clk.now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	script{t, b, clk}.do(Event{Type: EvPress, Team: 1})
	got := s.do(Event{Type: EvPress, Team: 2})
	st := a.Snapshot()
	if got.Seq != 6 || len(st.Presses) != 2 || st.Presses[0].Team != 1 || st.Presses[1].Team != 2 || st.Turn != 1 {
		t.Fatalf("the second server's press: seq %d, presses %+v, turn %d", got.Seq, st.Presses, st.Turn)
	}
	script{t, b, clk}.do(Event{Type: EvTimeout, By: "clock"})
	s.refused(Event{Type: EvPress, Team: 3}, CodeEventPhase)
	if re, err := Replay(a.Rules, log.evs); err != nil || !slices.Equal(re.Scores, a.Snapshot().Scores) || a.Snapshot().Seq != int64(len(log.evs)) {
		t.Fatalf("the match and its log disagree: %v", err)
	}
}

// takenLog is a store where another server always wrote the next event
// first.
type takenLog struct{ memLog }

func (*takenLog) AppendContestEvent(context.Context, int64, Event) error { return postcrm.ErrConflict }

// TestMatchRefusesWhenStaleOrClosed: an event that finds its seq taken
// again after the match read the log back is refused as stale, and one
// that reaches a closed match (a server shutting down) as closed: both
// are refusals the phone shows, not server errors.
func TestMatchRefusesWhenStaleOrClosed(t *testing.T) {
	clk := newClock()
	stale, err := NewMatch(1, mustRules(t), nil, &takenLog{}, clk.now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stale.Close)
	script{t, stale, clk}.refused(Event{Type: EvSetup, Teams: []string{"甲队", "乙队"}, Lots: []int{1, 2}}, CodeStale)
	closed, err := NewMatch(2, mustRules(t), nil, &memLog{}, clk.now)
	if err != nil {
		t.Fatal(err)
	}
	closed.Close()
	script{t, closed, clk}.refused(Event{Type: EvSetup, Teams: []string{"甲队", "乙队"}, Lots: []int{1, 2}}, CodeClosed)
}
