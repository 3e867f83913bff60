package evaluate

import (
	"testing"

	"postcrm"
	"postcrm/analysis"
	"postcrm/demo"
)

func TestDueMonth(t *testing.T) {
	for _, c := range []struct {
		day  postcrm.Date
		want postcrm.Month
	}{
		{20260101, 202601}, {20260111, 202601}, {20260112, 202602}, // 31 days: in effect 21 of them is two thirds
		{20260210, 202602}, {20260211, 202603}, // 28 days
		{20251220, 202601},
	} {
		if got := DueMonth(c.day); got != c.want {
			t.Errorf("a change on %s is due in %d, want %d", c.day, got, c.want)
		}
	}
}

func TestStatusAsOf(t *testing.T) {
	hs := []analysis.CustomerHistory{
		{Customer: postcrm.Customer{Code: "A", Status: postcrm.StatusTerminated}},
		{Customer: postcrm.Customer{Code: "B", Status: postcrm.StatusTerminated}},
	}
	truth := []demo.TruthCustomer{{Code: "A", Change: "churn", ChangeDate: 20251105}, {Code: "B", Change: "none"}}
	StatusAsOf(hs, truth, 202511)
	if hs[0].Customer.Status != postcrm.StatusActive || hs[1].Customer.Status != postcrm.StatusTerminated {
		t.Errorf("in the month of the churn: %s, %s", hs[0].Customer.Status, hs[1].Customer.Status)
	}
	hs[0].Customer.Status = postcrm.StatusTerminated
	StatusAsOf(hs, truth, 202602) // two months after the churn, the contract was ended
	if hs[0].Customer.Status != postcrm.StatusTerminated {
		t.Errorf("three months after the churn: %s", hs[0].Customer.Status)
	}
}

// flat is a history from 2025-01-01 to the end of 2026-06 shipping perDay
// items at 500 fen each, times factor(day).
func flat(code string, perDay int32, factor func(postcrm.Date) float64) analysis.CustomerHistory {
	first, last := postcrm.Date(20250101), postcrm.Date(20260630)
	n := postcrm.DaysBetween(first, last) + 1
	h := analysis.CustomerHistory{Customer: postcrm.Customer{Code: code}, First: first, Items: make([]int32, n), Fen: make([]int64, n)}
	for i := range n {
		h.Items[i] = int32(float64(perDay) * factor(first.AddDays(i)))
		h.Fen[i] = int64(h.Items[i]) * 500
	}
	return h
}

func always(postcrm.Date) float64 { return 1 }

func times(from postcrm.Date, f float64) func(postcrm.Date) float64 {
	return func(d postcrm.Date) float64 {
		if d >= from {
			return f
		}
		return 1
	}
}

// Every kind of verdict once, counted by hand.
func TestScoreCountsByTheDefinitions(t *testing.T) {
	const month postcrm.Month = 202606
	offSeason := func(d postcrm.Date) float64 { // busy in the autumn, quiet in June
		if m := d.Month(); m >= 8 && m <= 11 {
			return 1
		}
		return 0.1
	}
	hs := []analysis.CustomerHistory{
		flat("NORMAL", 4, always),
		flat("FALSE", 4, always),
		flat("DECLINE", 10, times(20260603, 0.4)),
		flat("SMALLDROP", 3, times(20260601, 0.5)), // 3 items a day at 5 yuan: 225 yuan lost in the month
		flat("CHURN", 2, times(20260526, 0)),
		flat("LATE", 4, times(20260620, 0)), // due in July
		flat("OLD", 4, times(20251201, 0.5)),
		flat("FARM", 10, offSeason),
		flat("FARM2", 10, offSeason),
		flat("NOTJUDGED", 4, times(20260601, 0)),
	}
	truth := []demo.TruthCustomer{
		{Code: "NORMAL", Kind: "enterprise", Change: "none"},
		{Code: "FALSE", Kind: "enterprise", Change: "none"},
		{Code: "DECLINE", Kind: "enterprise", Change: "decline", ChangeDate: 20260603, Factor: 0.4},
		{Code: "SMALLDROP", Kind: "enterprise", Change: "decline", ChangeDate: 20260601, Factor: 0.5},
		{Code: "CHURN", Kind: "enterprise", Change: "churn", ChangeDate: 20260526},
		{Code: "LATE", Kind: "enterprise", Change: "churn", ChangeDate: 20260620},
		{Code: "OLD", Kind: "enterprise", Change: "decline", ChangeDate: 20251201, Factor: 0.5},
		{Code: "FARM", Kind: "seasonal", Change: "none"},
		{Code: "FARM2", Kind: "seasonal", Change: "none"},
		{Code: "NOTJUDGED", Kind: "enterprise", Change: "churn", ChangeDate: 20260601},
	}
	skips := make([]analysis.Skip, len(hs))
	skips[len(hs)-1] = analysis.SkipTerminated
	cfg := analysis.DefaultConfig()
	c, err := NewCase(month, hs, skips, truth, cfg)
	if err != nil {
		t.Fatal(err)
	}
	warn := func(codes ...string) []postcrm.Warning {
		var ws []postcrm.Warning
		for _, code := range codes {
			ws = append(ws, postcrm.Warning{Month: month, Kind: postcrm.WarnDecline, CustomerCode: code})
		}
		return ws
	}
	s := c.Score("test", warn("FALSE", "DECLINE", "SMALLDROP", "LATE", "OLD", "FARM", "NOTJUDGED"))
	want := Score{
		Method: "test", Month: month, OffSeason: true,
		Warnings: 6, Correct: 3, Stale: 1, FalsePositives: 2, OffSeasonFlags: 1,
		Normal:  4,              // NORMAL, FALSE, FARM, FARM2
		Targets: 3, Detected: 2, // DECLINE, SMALLDROP, CHURN
		MaterialTargets: 2, MaterialDetected: 1, // DECLINE, CHURN; not SMALLDROP
		KindAgrees: 2,
	}
	if s != want {
		t.Errorf("score\n%+v\nwant\n%+v", s, want)
	}
	if p, r, f := s.Precision(), s.Recall(), s.FalsePositiveRate(); p != 0.5 || r != 2.0/3 || f != 0.5 {
		t.Errorf("precision %g recall %g FPR %g", p, r, f)
	}
}

func TestNaiveRule(t *testing.T) {
	hs := []analysis.CustomerHistory{
		flat("FELL", 1, times(20260601, 0)),   // 30 items in May, none in June
		flat("STEADY", 1, always),             // 31 then 30
		flat("TINY", 0, always),               // nothing at all
		flat("THIRTY", 1, times(20260616, 0)), // 31 then 15: fell 52%
	}
	var got []string
	for _, w := range NaiveWarnings(202606, hs) {
		got = append(got, w.CustomerCode)
	}
	if len(got) != 2 || got[0] != "FELL" || got[1] != "THIRTY" {
		t.Errorf("naive rule warned %v, want FELL and THIRTY", got)
	}
}
