package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"postcrm"
	"postcrm/contest"
	"postcrm/sqlstore"
)

// testContests: a contest reads back by code, its log in order and
// append-only (a seq written twice is refused as a conflict), its bank replaced
// whole; judgments and reversals are audited.
func testContests(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	a := postcrm.Actor{User: "P001", Addr: "127.0.0.1"}
	c := must[contest.Contest](t)(s.CreateContest(ctx, contest.Contest{Code: "K7Q2", Name: "业务知识竞赛", Rules: "{}", Secret: "s3cret"}, a))
	got := must[contest.Contest](t)(s.ContestByCode(ctx, "K7Q2"))
	if got.ID != c.ID || got.Name != "业务知识竞赛" || got.CreatedBy != "P001" || got.Secret != "s3cret" {
		t.Fatalf("read back %+v, created %+v", got, c)
	}
	if _, err := s.ContestByCode(ctx, "NONE"); !errors.Is(err, postcrm.ErrNotFound) {
		t.Fatalf("missing contest: %v", err)
	}
	evs := []contest.Event{
		{Seq: 1, Type: contest.EvSetup, AtMS: 1, Teams: []string{"甲", "乙"}, Lots: []int{2, 1}},
		{Seq: 2, Type: contest.EvPress, AtMS: 5, ClientMS: 3, Team: 2},
		{Seq: 3, Type: contest.EvReverse, AtMS: 9, Target: 2, By: "仲裁 李四", Reason: "误判"},
	}
	for _, ev := range evs {
		if err := s.AppendContestEvent(ctx, c.ID, ev); err != nil {
			t.Fatal(err)
		}
	}
	for _, typ := range []string{contest.EvPress, contest.EvRight} { // without and with the audit's transaction
		if err := s.AppendContestEvent(ctx, c.ID, contest.Event{Seq: 2, Type: typ, Team: 1, By: "P001"}); !errors.Is(err, postcrm.ErrConflict) {
			t.Fatalf("seq 2 written twice (%s): %v, want ErrConflict", typ, err)
		}
	}
	back := must[[]contest.Event](t)(s.ContestEvents(ctx, c.ID))
	if len(back) != 3 || back[1].ClientMS != 3 || back[2].Reason != "误判" || !slices.Equal(back[0].Lots, []int{2, 1}) {
		t.Fatalf("log read back %+v", back)
	}
	if list := must[[]contest.Contest](t)(s.Contests(ctx)); len(list) != 1 || list[0].Code != "K7Q2" {
		t.Fatalf("contests %+v", list)
	}
	entries, _ := must2[[]postcrm.AuditEntry, int](t)(s.AuditLog(ctx, postcrm.AuditQuery{Limit: 50}))
	if !slices.ContainsFunc(entries, func(e postcrm.AuditEntry) bool { return e.User == "仲裁 李四" }) {
		t.Error("the reversal is not in the audit log")
	}
	qs := []contest.Question{{ID: "A1", Category: "规章制度", Type: "单选", Value: 10, Text: "问", Answer: "B", Options: "A. x B. y"},
		{ID: "A2", Category: "党史", Type: "判断", Value: 20, Text: "问2", Answer: "对"}}
	if err := s.SaveContestQuestions(ctx, c.ID, qs, a); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveContestQuestions(ctx, c.ID, qs[1:], a); err != nil {
		t.Fatal(err)
	}
	if got := must[[]contest.Question](t)(s.ContestQuestions(ctx, c.ID)); !slices.Equal(got, qs[1:]) {
		t.Fatalf("bank %+v", got)
	}
}

// testContestResume: a match stopped mid-question and resumed from the
// store shows the right time left, since the clock is stored as its end.
func testContestResume(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	rules, err := contest.ParseRules([]byte(`{"rounds":[{"kind":"compulsory","points":10,"answer_seconds":30}]}`))
	if err != nil {
		t.Fatal(err)
	}
	c := must[contest.Contest](t)(s.CreateContest(ctx, contest.Contest{Code: "R1", Name: "r", Rules: "{}"}, postcrm.Actor{User: "P001"}))
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	m, err := contest.NewMatch(c.ID, rules, nil, s, clock)
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range []contest.Event{{Type: contest.EvSetup, Teams: []string{"甲"}, Lots: []int{1}},
		{Type: contest.EvRound, Round: 1}, {Type: contest.EvOpen, Question: "Q1", Team: 1}, {Type: contest.EvStart}} {
		if _, err := m.Do(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	m.Close() // the server stops
	now = now.Add(12345 * time.Millisecond)
	evs := must[[]contest.Event](t)(s.ContestEvents(ctx, c.ID))
	m2, err := contest.NewMatch(c.ID, rules, evs, s, clock)
	if err != nil {
		t.Fatal(err)
	}
	defer m2.Close()
	st := m2.Snapshot()
	if left := st.DeadlineMS - now.UnixMilli(); st.Phase != contest.PhaseAnswering || left != 30000-12345 {
		t.Fatalf("after restart: phase %s, %d ms left, want answering and %d", st.Phase, left, 30000-12345)
	}
	if _, err := m2.Do(ctx, contest.Event{Type: contest.EvRight, By: "judge"}); err != nil {
		t.Fatal(err)
	}
	if st := m2.Snapshot(); st.Scores[0] != 10 {
		t.Fatalf("score after resume %v", st.Scores)
	}
}
