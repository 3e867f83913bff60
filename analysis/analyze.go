package analysis

import (
	"cmp"
	"fmt"
	"slices"

	"postcrm"
	"postcrm/calendar"
)

// Skip says why a customer was not judged for decline and churn.
type Skip string

const (
	Judged           Skip = ""
	SkipTerminated   Skip = "terminated"    // 解约: nobody to win back
	SkipNew          Skip = "new"           // signed recently: the slow-start list judges it
	SkipNoHistory    Skip = "no_history"    // never shipped before the month
	SkipShortHistory Skip = "short_history" // shipped too briefly to know its normal
)

// Assessment is what the analysis worked out for one customer.
type Assessment struct {
	Code          string
	Skip          Skip
	Group         int     // peer group; -1 when skipped
	ExpectedItems float64 // for the month
	ActualItems   int64
	ExpectedFen   int64
	ActualFen     int64
	YearAgo       bool    // the expectation used the customer's own same month last year
	PLow          float64 // P(this few items or fewer | expectation)
	SilenceDays   int     // days since the last item, as of the month's end
	PSilence      float64 // P(a silence this long | the customer's rate); 1 when not regular
	Warning       postcrm.WarningKind
}

// Result is one month's analysis.
type Result struct {
	Month       postcrm.Month
	Analyzed    int               // customers judged for decline and churn
	Warnings    []postcrm.Warning // decline and churn, most urgent first
	SlowStarts  []postcrm.Warning // new customers well behind their peers, most behind first
	Assessments []Assessment      // one per history, in the histories' order
}

// Analyze judges every contract customer in histories for month,
// each history ending on the month's last day. Days of suspensions are
// no-service days for the customers of the office: left out of both the
// expectation and the actual figures.
func Analyze(month postcrm.Month, histories []CustomerHistory, cal *calendar.Calendar, suspensions []postcrm.Suspension, cfg Config) (Result, error) {
	a, err := expectations(month, 1, month.Last(), histories, cal, suspensions, cfg)
	if err != nil {
		return Result{}, err
	}
	res := Result{Month: month, Assessments: a.out}
	for i := range a.out {
		if a.out[i].Skip == Judged {
			res.Analyzed++
		}
		if w, ok := a.decide(i); ok {
			res.Warnings = append(res.Warnings, w)
		}
	}
	res.SlowStarts = a.slowStarts()
	if cfg.TwoMonthAlpha > 0 {
		if err := res.addTwoMonthDeclines(histories, cal, suspensions, cfg); err != nil {
			return Result{}, err
		}
	}
	sortWarnings(res.Warnings)
	sortWarnings(res.SlowStarts)
	return res, nil
}

// Expect is Analyze without the verdicts, the slow-start list and the
// two-month judgement: the assessments with each judged customer's
// expected and actual figures for the month, their Warning left empty.
// Measuring the follow-up of a month reads no more than these; the
// other two are most of Analyze's CPU.
func Expect(month postcrm.Month, histories []CustomerHistory, cal *calendar.Calendar, suspensions []postcrm.Suspension, cfg Config) ([]Assessment, error) {
	a, err := expectations(month, 1, month.Last(), histories, cal, suspensions, cfg)
	if err != nil {
		return nil, err
	}
	return a.out, nil
}

// expectations classifies the customers, fits the peer groups and works
// out every judged customer's expectation for the window of the last
// window months up to month, as of the end of day last: the month's last
// day for the monthly judgement, an earlier day of it for the day's
// standings (StandingsAt).
func expectations(month postcrm.Month, window int, last postcrm.Date, histories []CustomerHistory, cal *calendar.Calendar, suspensions []postcrm.Suspension, cfg Config) (*analysis, error) {
	a, err := start(month, window, last, histories, cal, suspensions, cfg)
	if err != nil {
		return nil, err
	}
	a.fitGroups()
	a.measure()
	a.calibrate()
	return a, nil
}

// Classify says, per history, whether Analyze judges the customer in
// month and why not, without the analysis itself: what scoring the
// warnings an earlier run stored needs to know.
func Classify(month postcrm.Month, histories []CustomerHistory, cfg Config) ([]Skip, error) {
	a, err := start(month, 1, month.Last(), histories, calendar.Default(), nil, cfg)
	if err != nil {
		return nil, err
	}
	return Result{Assessments: a.out}.Skips(), nil
}

// Skips lists the assessments' Skip, in the histories' order.
func (r Result) Skips() []Skip {
	skips := make([]Skip, len(r.Assessments))
	for i := range r.Assessments {
		skips[i] = r.Assessments[i].Skip
	}
	return skips
}

// start checks the arguments and classifies the customers for the window
// of the last window months up to month, the histories ending on last, a
// day of month.
func start(month postcrm.Month, window int, last postcrm.Date, histories []CustomerHistory, cal *calendar.Calendar, suspensions []postcrm.Suspension, cfg Config) (*analysis, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if !month.Valid() {
		return nil, fmt.Errorf("analyse month %d: not a YYYYMM month", int(month))
	}
	spanFirst := month.Add(1 - cfg.HistoryMonths).First()
	if last.YearMonth() != month {
		return nil, fmt.Errorf("analyse month %s: day %s is not in it", month, last)
	}
	for _, h := range histories {
		if h.First != 0 && (len(h.Items) != len(h.Fen) || dayNumber(h.First)+len(h.Items)-1 != dayNumber(last)) {
			return nil, fmt.Errorf("analyse month %d: history of %s does not end on %s", month, h.Customer.Code, last)
		}
	}
	a := newAnalysis(month, window, last, histories, cal, spanFirst, suspensions, cfg)
	a.classify()
	return a, nil
}

// sortWarnings orders by score, most urgent first, then by customer code.
func sortWarnings(ws []postcrm.Warning) {
	slices.SortFunc(ws, func(a, b postcrm.Warning) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.CustomerCode, b.CustomerCode)
	})
}
