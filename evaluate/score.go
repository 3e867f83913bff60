package evaluate

import (
	"fmt"

	"postcrm"
)

// Score is how one method's warnings of a month fare against the truth.
type Score struct {
	Method           string
	Month            postcrm.Month
	Warnings         int // decline and churn warnings on judged customers
	Correct          int
	Stale            int
	FalsePositives   int
	Normal           int
	Targets          int
	Detected         int
	MaterialTargets  int
	MaterialDetected int
	KindAgrees       int  // detected targets warned with the kind of their change
	OffSeason        bool // the month is the seasonal customers' off-season
	OffSeasonFlags   int  // normal seasonal customers warned in it
}

// Score scores a method's warnings; slow-start and walk-in warnings are
// not its business and are ignored, as are warnings on customers the
// analysis did not judge.
func (c *Case) Score(method string, ws []postcrm.Warning) Score {
	return c.ScoreAmong(method, ws, nil)
}

// ScoreAmong is Score counting only the customers among keeps (all when
// nil): the customers an adjustment hit, say.
func (c *Case) ScoreAmong(method string, ws []postcrm.Warning, among func(code string) bool) Score {
	s := Score{Method: method, Month: c.Month, OffSeason: c.OffSeason}
	warned := map[string]postcrm.WarningKind{}
	for _, w := range ws {
		if f, ok := c.facts[w.CustomerCode]; ok && f.judged && (w.Kind == postcrm.WarnDecline || w.Kind == postcrm.WarnChurn) {
			warned[w.CustomerCode] = w.Kind
		}
	}
	for code, f := range c.facts {
		if !f.judged || among != nil && !among(code) {
			continue
		}
		kind, ok := warned[code]
		switch {
		case !f.changed:
			s.Normal++
		case f.target:
			s.Targets++
			if f.material {
				s.MaterialTargets++
			}
		}
		if !ok {
			continue
		}
		s.Warnings++
		switch {
		case !f.changed:
			s.FalsePositives++
			if f.seasonal && c.OffSeason {
				s.OffSeasonFlags++
			}
		case f.credited:
			s.Correct++
		default:
			s.Stale++
		}
		if f.target {
			s.Detected++
			if f.material {
				s.MaterialDetected++
			}
			if string(kind) == f.change {
				s.KindAgrees++
			}
		}
	}
	return s
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Precision is the share of warnings that are correct (1 without warnings).
func (s Score) Precision() float64 {
	if s.Warnings == 0 {
		return 1
	}
	return ratio(s.Correct, s.Warnings)
}

// Recall is the share of detectable targets warned.
func (s Score) Recall() float64 { return ratio(s.Detected, s.Targets) }

// MaterialRecall is the share of material targets warned.
func (s Score) MaterialRecall() float64 { return ratio(s.MaterialDetected, s.MaterialTargets) }

// FalsePositiveRate is the share of normal customers warned.
func (s Score) FalsePositiveRate() float64 { return ratio(s.FalsePositives, s.Normal) }

func (s Score) String() string {
	month := "all months"
	if s.Month != 0 {
		month = fmt.Sprint(int(s.Month))
	}
	off := ""
	if s.OffSeason {
		off = fmt.Sprintf(", off-season flags %d", s.OffSeasonFlags)
	}
	return fmt.Sprintf("%s %-6s warnings %4d: precision %.3f (correct %d, stale %d, false %d), recall %.3f (%d/%d), material recall %.3f (%d/%d), FPR %.4f of %d normal%s",
		month, s.Method, s.Warnings, s.Precision(), s.Correct, s.Stale, s.FalsePositives,
		s.Recall(), s.Detected, s.Targets, s.MaterialRecall(), s.MaterialDetected, s.MaterialTargets,
		s.FalsePositiveRate(), s.Normal, off)
}

// add accumulates another month's counts.
func (s *Score) add(o Score) {
	s.Method = o.Method
	s.Month = 0
	s.Warnings += o.Warnings
	s.Correct += o.Correct
	s.Stale += o.Stale
	s.FalsePositives += o.FalsePositives
	s.Normal += o.Normal
	s.Targets += o.Targets
	s.Detected += o.Detected
	s.MaterialTargets += o.MaterialTargets
	s.MaterialDetected += o.MaterialDetected
	s.KindAgrees += o.KindAgrees
	s.OffSeasonFlags += o.OffSeasonFlags
}
