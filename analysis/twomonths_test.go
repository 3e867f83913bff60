package analysis

import (
	"strings"
	"testing"

	"postcrm"
	"postcrm/calendar"
)

// Office customers of about 20 items a month that halve their volume from
// the first of last month are mostly within the noise of this month
// alone; judged over both months together more of them are warned, with
// this month's figures.
func TestTwoMonthsFindDeclinesThatBeganLastMonth(t *testing.T) {
	month := postcrm.Month(202606)
	p := newProvince(month, 11)
	half := decliners("HALF", 40, office, func(int) float64 { return 1 }, from(date(2026, 5, 1), 0.5))
	for i := range half {
		half[i].fen = 5000 // at 50 yuan an item the loss clears the 300-yuan minimum
	}
	hs := p.histories(append(p.mixed(800), half...))
	oneMonth := DefaultConfig()
	oneMonth.TwoMonthAlpha = 0
	alone, err := Analyze(month, hs, calendar.Default(), nil, oneMonth)
	if err != nil {
		t.Fatal(err)
	}
	both := analyze(t, month, hs, nil)
	warned := func(r Result) (n int) {
		for _, w := range r.Warnings {
			if strings.HasPrefix(w.CustomerCode, "HALF") {
				n++
			}
		}
		return n
	}
	if a, b := warned(alone), warned(both); b <= a {
		t.Fatalf("two-month judgement warned %d of the 40, the month alone %d", b, a)
	} else {
		t.Logf("the month alone warned %d of the 40 decliners, with both months %d", a, b)
	}
	seen := 0
	for _, w := range both.Warnings {
		if !strings.HasPrefix(w.Reason, "近两个月") {
			continue
		}
		seen++
		a := assessmentOf(both, w.CustomerCode)
		if w.Kind != postcrm.WarnDecline || w.ActualItems != a.ActualItems || w.ActualFen != a.ActualFen ||
			w.RevenueAtRiskFen != w.ExpectedFen-w.ActualFen || a.Warning != postcrm.WarnDecline {
			t.Errorf("two-month warning does not carry the month's figures: %+v, assessment %+v", w, a)
		}
		if float64(w.ActualItems) > 0.7*w.ExpectedItems {
			t.Errorf("two-month warning on a month less than 30%% down: %+v", w)
		}
	}
	if seen == 0 {
		t.Error("no warning came from the two-month judgement")
	}
}
