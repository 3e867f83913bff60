package analysis

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"postcrm"
	"postcrm/calendar"
)

func analyze(t *testing.T, month postcrm.Month, hs []CustomerHistory, susp []postcrm.Suspension) Result {
	t.Helper()
	res, err := Analyze(month, hs, calendar.Default(), susp, DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func warningFor(res Result, code string) (postcrm.Warning, bool) {
	for _, w := range append(slices.Clone(res.Warnings), res.SlowStarts...) {
		if w.CustomerCode == code {
			return w, true
		}
	}
	return postcrm.Warning{}, false
}

func assessmentOf(res Result, code string) Assessment {
	for _, a := range res.Assessments {
		if a.Code == code {
			return a
		}
	}
	return Assessment{}
}

// Ordinary customers in ordinary, festive and Spring Festival months: the
// expectations follow the truth and hardly anybody is warned.
func TestOrdinaryMonthsRaiseFewWarnings(t *testing.T) {
	for _, month := range []postcrm.Month{202511, 202602, 202606} {
		p := newProvince(month, uint64(month))
		cs := p.mixed(300)
		res := analyze(t, month, p.histories(cs), nil)
		if n := len(res.Warnings); n > 3 {
			t.Errorf("%d: %d of 300 ordinary customers warned: %v", month, n, res.Warnings)
		}
		last := month.Last()
		var expected, truth float64
		for i, c := range cs {
			if a := res.Assessments[i]; a.Skip == Judged {
				expected += a.ExpectedItems
				truth += p.trueMean(c, 1, last.Day())
			}
		}
		if math.Abs(expected/truth-1) > 0.1 {
			t.Errorf("%d: the province expects %.0f items, the truth is %.0f", month, expected, truth)
		}
	}
}

// A shop losing 60% from the first of the month is warned, with figures
// that agree with each other and an expectation near the truth.
func TestDeclineIsWarnedWithItsFigures(t *testing.T) {
	month := postcrm.Month(202606)
	p := newProvince(month, 1)
	cs := p.mixed(200)
	loser := synthCustomer{code: "LOSER", kind: shop, rate: 40, shape: 5, fen: 620, change: from(date(2026, 6, 1), 0.4)}
	res := analyze(t, month, p.histories(append(cs, loser)), nil)
	w, ok := warningFor(res, "LOSER")
	if !ok || w.Kind != postcrm.WarnDecline {
		t.Fatalf("the declining shop got %+v", w)
	}
	if truth := p.trueMean(loser, 1, 30); math.Abs(w.ExpectedItems/truth-1) > 0.15 {
		t.Errorf("expected %.0f items, the truth without the decline is %.0f", w.ExpectedItems, truth)
	}
	if w.RevenueAtRiskFen != w.ExpectedFen-w.ActualFen || w.ActualFen != w.ActualItems*620 {
		t.Errorf("revenue figures disagree: %+v", w)
	}
	drop := math.Round(100 * (1 - float64(w.ActualItems)/w.ExpectedItems))
	for _, part := range []string{fmt.Sprintf("本月发件 %d 件", w.ActualItems), fmt.Sprintf("下降 %.0f%%", drop), yuan(w.RevenueAtRiskFen) + " 元", "往年同期"} {
		if !strings.Contains(w.Reason, part) {
			t.Errorf("reason %q lacks %q", w.Reason, part)
		}
	}
	if w.OfficeCode != "13000101" || w.OwnerStaffID != "SLOSER" || w.Month != month {
		t.Errorf("warning not addressed to the customer's office and owner: %+v", w)
	}
}

// A customer that stops shipping is a churn, not a decline, and the reason
// says since when.
func TestSilenceIsChurn(t *testing.T) {
	month := postcrm.Month(202511)
	p := newProvince(month, 2)
	gone := synthCustomer{code: "GONE", kind: office, rate: 6, shape: 4, fen: 900, change: from(date(2025, 10, 21), 0)}
	hs := p.histories(append(p.mixed(200), gone))
	res := analyze(t, month, hs, nil)
	w, ok := warningFor(res, "GONE")
	if !ok || w.Kind != postcrm.WarnChurn {
		t.Fatalf("the silent customer got %+v", w)
	}
	h := hs[len(hs)-1]
	last := len(h.Items) - 1
	for h.Items[last] == 0 {
		last--
	}
	lastDay := h.First.AddDays(last)
	want := fmt.Sprintf("已连续 %d 天未发件", len(h.Items)-1-last)
	if !strings.Contains(w.Reason, want) || !strings.Contains(w.Reason, fmt.Sprintf("%d 月 %d 日", int(lastDay.Month()), lastDay.Day())) {
		t.Errorf("reason %q should say %q and the last day %s", w.Reason, want, lastDay)
	}
	if a := assessmentOf(res, "GONE"); a.Warning != postcrm.WarnChurn || a.PSilence > DefaultConfig().ChurnAlpha {
		t.Errorf("assessment %+v", a)
	}
}

// Going from 3 items to 1 is noise: small customers are never warned for
// their small swings.
func TestSmallCountsAreNoise(t *testing.T) {
	month := postcrm.Month(202606)
	p := newProvince(month, 3)
	cs := append(p.mixed(150), decliners("TINY", 60, office, func(int) float64 { return 0.15 }, from(date(2026, 6, 1), 0.3))...)
	res := analyze(t, month, p.histories(cs), nil)
	for _, w := range res.Warnings {
		if strings.HasPrefix(w.CustomerCode, "TINY") {
			t.Errorf("a customer shipping a few items a month was warned: %+v", w)
		}
	}
}

// Farm shippers go quiet every spring; that is their season, not a loss.
func TestSeasonalShippersAreNotWarnedOffSeason(t *testing.T) {
	for _, month := range []postcrm.Month{202602, 202604, 202606} {
		p := newProvince(month, uint64(month)+4)
		cs := append(p.mixed(150), p.crowd("FARM", 60, seasonal, 15)...)
		res := analyze(t, month, p.histories(cs), nil)
		for _, w := range res.Warnings {
			if strings.HasPrefix(w.CustomerCode, "FA") {
				t.Errorf("%d: seasonal shipper warned: %+v", month, w)
			}
		}
	}
}

// Days the office could not accept items are no-service days: a customer
// silent through its office's suspension is not warned, and the same
// silence without the suspension is.
func TestSuspensionDaysAreNoService(t *testing.T) {
	month := postcrm.Month(202606)
	p := newProvince(month, 5)
	hit := synthCustomer{code: "HIT", kind: shop, rate: 30, shape: 5, fen: 700, office: "13999901", change: from(date(2026, 6, 5), 0)}
	hs := p.histories(append(p.mixed(150), hit))
	susp := []postcrm.Suspension{{OfficeCode: "13999901", From: date(2026, 6, 5), To: date(2026, 7, 10), Reason: "汛期道路中断"}}
	res := analyze(t, month, hs, susp)
	if w, ok := warningFor(res, "HIT"); ok {
		t.Errorf("customer of a suspended office warned: %+v", w)
	}
	if a, truth := assessmentOf(res, "HIT"), p.trueMean(hit, 1, 4); math.Abs(a.ExpectedItems/truth-1) > 0.3 {
		t.Errorf("expected %.0f items over the 4 days served, truth %.0f", a.ExpectedItems, truth)
	}
	res = analyze(t, month, hs, nil)
	if w, ok := warningFor(res, "HIT"); !ok || w.Kind != postcrm.WarnChurn {
		t.Errorf("26 silent days without a suspension got %+v: the test above proves nothing", w)
	}
}

// Terminated contracts are nobody's to win back; a customer signed this
// quarter is judged against its peers' start, not its own history.
func TestTerminatedAndNewCustomers(t *testing.T) {
	month := postcrm.Month(202606)
	p := newProvince(month, 6)
	cs := p.mixed(150)
	for i := range 20 { // earlier new customers: what a start looks like
		signed := date(2025, time.Month(3+i%12), 1+i)
		cs = append(cs, synthCustomer{code: fmt.Sprintf("NEW%02d", i), kind: shop, rate: 10, shape: 5, fen: 600, signed: signed})
	}
	slow := synthCustomer{code: "SLOW", kind: shop, rate: 10, shape: 5, fen: 600, signed: date(2026, 5, 2), change: from(date(2026, 5, 2), 0.05)}
	fine := synthCustomer{code: "FINE", kind: shop, rate: 10, shape: 5, fen: 600, signed: date(2026, 5, 2)}
	ended := synthCustomer{code: "ENDED", kind: shop, rate: 20, shape: 5, fen: 600, status: postcrm.StatusTerminated, change: from(date(2026, 5, 25), 0)}
	res := analyze(t, month, p.histories(append(cs, slow, fine, ended)), nil)
	if w, ok := warningFor(res, "SLOW"); !ok || w.Kind != postcrm.WarnSlowStart || !strings.Contains(w.Reason, "签约") {
		t.Errorf("slow new customer got %+v", w)
	}
	if w, ok := warningFor(res, "FINE"); ok {
		t.Errorf("new customer shipping like its peers warned: %+v", w)
	}
	if a := assessmentOf(res, "ENDED"); a.Skip != SkipTerminated || a.Warning != "" {
		t.Errorf("terminated customer: %+v", a)
	}
	for _, w := range res.SlowStarts {
		if a := assessmentOf(res, w.CustomerCode); a.Skip != SkipNew {
			t.Errorf("slow-start warning for a customer that is not new: %+v", a)
		}
	}
}

// Classify judges customers as Analyze does, without the analysis.
func TestClassifyAgreesWithAnalyze(t *testing.T) {
	month := postcrm.Month(202606)
	p := newProvince(month, 7)
	cs := append(p.mixed(100),
		synthCustomer{code: "NEW", kind: shop, rate: 10, shape: 5, fen: 600, signed: date(2026, 5, 2)},
		synthCustomer{code: "ENDED", kind: shop, rate: 20, shape: 5, fen: 600, status: postcrm.StatusTerminated},
		synthCustomer{code: "SHORT", kind: shop, rate: 10, shape: 5, fen: 600, signed: date(2026, 3, 15)})
	hs := append(p.histories(cs), CustomerHistory{Customer: postcrm.Customer{Code: "NOTHING"}})
	skips, err := Classify(month, hs, DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	res := analyze(t, month, hs, nil)
	kinds := map[Skip]int{}
	for i, s := range res.Skips() {
		if skips[i] != s {
			t.Errorf("%s: Classify says %q, Analyze %q", hs[i].Customer.Code, skips[i], s)
		}
		kinds[s]++
	}
	for _, s := range []Skip{Judged, SkipNew, SkipTerminated, SkipNoHistory, SkipShortHistory} {
		if kinds[s] == 0 {
			t.Errorf("no customer classified %q: the comparison does not cover it (%v)", s, kinds)
		}
	}
}

// A customer whose dip is over by the month's end is not warned; one whose
// volume stays down is.
func TestRecoveredDipIsNotWarned(t *testing.T) {
	month := postcrm.Month(202606)
	p := newProvince(month, 7)
	dip := func(after float64) func(postcrm.Date) float64 {
		return func(d postcrm.Date) float64 {
			switch {
			case d < date(2026, 6, 1):
				return 1
			case d <= date(2026, 6, 16):
				return 0.1
			}
			return after
		}
	}
	back := synthCustomer{code: "BACK", kind: shop, rate: 40, shape: 6, fen: 700, change: dip(1)}
	down := synthCustomer{code: "DOWN", kind: shop, rate: 40, shape: 6, fen: 700, change: dip(0.3)}
	res := analyze(t, month, p.histories(append(p.mixed(150), back, down)), nil)
	if w, ok := warningFor(res, "BACK"); ok {
		t.Errorf("recovered customer warned: %+v", w)
	}
	if w, ok := warningFor(res, "DOWN"); !ok || w.Kind != postcrm.WarnDecline {
		t.Errorf("customer still down got %+v", w)
	}
}

// The same input gives the same output, ranked by score and then code.
func TestOutputIsDeterministicAndRanked(t *testing.T) {
	month := postcrm.Month(202602)
	p := newProvince(month, 8)
	rate := func(i int) float64 { return 5 + 5*float64(i) }
	hs := p.histories(append(p.mixed(200), decliners("DROP", 12, shop, rate, from(date(2026, 1, 10), 0.2))...))
	a, b := analyze(t, month, hs, nil), analyze(t, month, hs, nil)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two runs on the same histories differ")
	}
	if len(a.Warnings) < 6 {
		t.Fatalf("only %d warnings: too few to check the order", len(a.Warnings))
	}
	ranked := slices.IsSortedFunc(a.Warnings, func(x, y postcrm.Warning) int {
		if x.Score != y.Score {
			return map[bool]int{true: -1, false: 1}[x.Score > y.Score]
		}
		return strings.Compare(x.CustomerCode, y.CustomerCode)
	})
	if !ranked {
		t.Error("warnings are not ranked by score, then code")
	}
}

// Nothing to judge is not an error; nor is a new customer the data knows
// nothing about (it has shipped nothing).
func TestEmptyAndUnknownHistories(t *testing.T) {
	res := analyze(t, 202606, nil, nil)
	if res.Analyzed != 0 || len(res.Warnings)+len(res.SlowStarts)+len(res.Assessments) != 0 {
		t.Errorf("empty input gave %+v", res)
	}
	p := newProvince(202606, 10)
	hs := p.histories(p.mixed(60))
	hs = append(hs, CustomerHistory{Customer: postcrm.Customer{Code: "BLANK", ContractDate: 20260505, Status: postcrm.StatusActive}})
	res = analyze(t, 202606, hs, nil)
	if a := assessmentOf(res, "BLANK"); a.Skip != SkipNew {
		t.Errorf("a customer signed in May without data: %+v", a)
	}
}

func TestBadInputIsRefused(t *testing.T) {
	p := newProvince(202606, 9)
	hs := p.histories(p.mixed(10))
	if _, err := Analyze(202613, hs, calendar.Default(), nil, DefaultConfig()); err == nil {
		t.Error("month 13 accepted")
	}
	if _, err := Analyze(202605, hs, calendar.Default(), nil, DefaultConfig()); err == nil {
		t.Error("histories ending in June accepted for May")
	}
	cfg := DefaultConfig()
	cfg.MinDrop = 1.2
	if _, err := Analyze(202606, hs, calendar.Default(), nil, cfg); err == nil {
		t.Error("a drop of 120% accepted")
	}
}
