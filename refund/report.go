package refund

import (
	"context"
	"maps"
	"math"
	"slices"
	"time"

	"postcrm"
	"postcrm/calendar"
)

// The report's steps: 核实 (open or send-back → verify or reject), 审批
// (verify → approve, reject or send-back), 退款 (approve → pay_ok).
const (
	StepVerify  = "verify"
	StepApprove = "approve"
	StepPay     = "pay"
)

// StepNames are the report's steps in order, and their Chinese names.
var StepNames = []string{StepVerify, StepApprove, StepPay}

var StepLabels = map[string]string{StepVerify: "核实", StepApprove: "审批", StepPay: "退款"}

// StepStats is one step's durations ended in the month: how many, their
// median and 90th percentile in hours.
type StepStats struct {
	N           int     `json:"n"`
	MedianHours float64 `json:"median_hours"`
	P90Hours    float64 `json:"p90_hours"`
}

// Steps are the three steps' figures.
type Steps struct {
	Verify  StepStats `json:"verify"`
	Approve StepStats `json:"approve"`
	Pay     StepStats `json:"pay"`
}

// Figures are a month's counts for a scope or an office.
type Figures struct {
	Opened       int     `json:"opened"`
	Closed       int     `json:"closed"`
	Rejected     int     `json:"rejected"`
	OpenAtEnd    int     `json:"open_at_end"`
	Overdue      int     `json:"overdue"`
	Steps        Steps   `json:"steps"`
	RefundedYuan float64 `json:"refunded_yuan"`
}

// OfficeFigures are an office's figures and its bottleneck: the step
// with the longest median (where a typical case waits longest), "" when
// no step ended there in the month.
type OfficeFigures struct {
	OfficeCode string `json:"office_code"`
	Figures
	Bottleneck string `json:"bottleneck"`
}

// Report is the month's refund report for a scope.
type Report struct {
	Month string `json:"month"`
	Figures
	Offices []OfficeFigures `json:"offices"`
	// ByReason counts the cases opened in the month by opening reason;
	// it sums to Opened. The workbook's, not the JSON's.
	ByReason map[string]int `json:"-"`
}

// Percentile is the p-quantile (0 ≤ p ≤ 1) of xs with linear
// interpolation between ranks (Excel's PERCENTILE.INC): rank h =
// (n−1)·p, between x[⌊h⌋] and x[⌈h⌉]. 0 for none.
func Percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	h := float64(len(s)-1) * p
	lo := int(math.Floor(h))
	hi := min(lo+1, len(s)-1)
	return s[lo] + (h-float64(lo))*(s[hi]-s[lo])
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// tally collects one scope's (or office's) durations and counts.
type tally struct {
	Figures
	hours    map[string][]float64
	paidFen  int64
	byReason map[string]int
}

func newTally() *tally {
	return &tally{hours: map[string][]float64{}, byReason: map[string]int{}}
}

func (t *tally) figures() Figures {
	f := t.Figures
	st := func(k string) StepStats {
		h := t.hours[k]
		return StepStats{N: len(h), MedianHours: round2(Percentile(h, 0.5)), P90Hours: round2(Percentile(h, 0.9))}
	}
	f.Steps = Steps{Verify: st(StepVerify), Approve: st(StepApprove), Pay: st(StepPay)}
	f.RefundedYuan = float64(t.paidFen) / 100
	return f
}

// Build computes month from the cases and their whole histories
// (RefundEvents' answer): each step is counted in the month its end falls
// in; open at end and overdue as the cases stood at the month's last
// instant, overdue by the due times of settings.
func Build(month postcrm.Month, cases []postcrm.RefundCase, events []postcrm.RefundEvent, settings postcrm.RefundSettings, cal *calendar.Calendar) Report {
	from := month.First().Time()
	to := month.Next().First().Time()
	in := func(t time.Time) bool { return !t.Before(from) && t.Before(to) }
	byCase := map[string][]postcrm.RefundEvent{}
	for _, e := range events {
		byCase[e.CaseNo] = append(byCase[e.CaseNo], e)
	}
	all := newTally()
	offices := map[string]*tally{}
	for _, c := range cases {
		o := offices[c.OfficeCode]
		if o == nil {
			o = newTally()
			offices[c.OfficeCode] = o
		}
		both := func(fn func(*tally)) { fn(all); fn(o) }
		var step string
		var since time.Time
		state := postcrm.RefundNew
		end := func(e postcrm.RefundEvent) {
			if step != "" && in(e.At) {
				h := e.At.Sub(since).Hours()
				both(func(t *tally) { t.hours[step] = append(t.hours[step], h) })
			}
		}
		start := func(s string, at time.Time) { step, since = s, at }
		var stateAtEnd postcrm.RefundState
		var stepStartAtEnd time.Time
		for _, e := range byCase[c.No] {
			if !e.At.Before(to) {
				break
			}
			switch e.Action {
			case postcrm.RefundOpen:
				if in(e.At) {
					both(func(t *tally) { t.Opened++; t.byReason[c.Reason]++ })
				}
				start(StepVerify, e.At)
			case postcrm.RefundVerified:
				end(e)
				start(StepApprove, e.At)
			case postcrm.RefundApproved:
				end(e)
				start(StepPay, e.At)
			case postcrm.RefundSendBack:
				end(e)
				start(StepVerify, e.At)
			case postcrm.RefundReject:
				end(e)
				start("", time.Time{})
				if in(e.At) {
					both(func(t *tally) { t.Rejected++ })
				}
			case postcrm.RefundPayOK:
				end(e)
				start("", time.Time{})
				if in(e.At) {
					both(func(t *tally) { t.paidFen += e.AmountFen })
				}
			case postcrm.RefundClose:
				if in(e.At) {
					both(func(t *tally) { t.Closed++ })
				}
			}
			if e.To != state || e.Action == postcrm.RefundSendBack {
				stepStartAtEnd = e.At
			}
			state = e.To
			stateAtEnd = state
		}
		if stateAtEnd.Open() {
			both(func(t *tally) { t.OpenAtEnd++ })
			if due := Add(cal, stepStartAtEnd, settings.Steps[stateAtEnd]); due.Before(to) {
				both(func(t *tally) { t.Overdue++ })
			}
		}
	}
	r := Report{Month: month.String(), Figures: all.figures(), ByReason: all.byReason}
	for _, code := range slices.Sorted(maps.Keys(offices)) {
		f := offices[code].figures()
		of := OfficeFigures{OfficeCode: code, Figures: f}
		best := 0.0
		for _, s := range []struct {
			name string
			st   StepStats
		}{{StepVerify, f.Steps.Verify}, {StepApprove, f.Steps.Approve}, {StepPay, f.Steps.Pay}} {
			if s.st.N > 0 && s.st.MedianHours > best {
				best, of.Bottleneck = s.st.MedianHours, s.name
			}
		}
		r.Offices = append(r.Offices, of)
	}
	return r
}

// ReportStore is what the report reads.
type ReportStore interface {
	RefundEvents(ctx context.Context, sc postcrm.Scope, from, to time.Time) ([]postcrm.RefundCase, []postcrm.RefundEvent, error)
	RefundSettings(ctx context.Context) (postcrm.RefundSettings, error)
	calendar.TableReader
}

// MonthReport reads and builds month's report for scope sc.
func MonthReport(ctx context.Context, s ReportStore, sc postcrm.Scope, month postcrm.Month) (Report, error) {
	from := month.First().Time()
	to := month.Next().First().Time()
	cases, events, err := s.RefundEvents(ctx, sc, from, to)
	if err != nil {
		return Report{}, err
	}
	st, err := s.RefundSettings(ctx)
	if err != nil {
		return Report{}, err
	}
	cal, err := calendar.Stored(ctx, s)
	if err != nil {
		return Report{}, err
	}
	return Build(month, cases, events, st, cal), nil
}
