package evaluate

import (
	"context"
	"fmt"
	"slices"

	"postcrm"
	"postcrm/analysis"
	"postcrm/btyd"
	"postcrm/demo"
)

// WalkinReport is how well the walk-in model knows who is still a customer.
type WalkinReport struct {
	Month   postcrm.Month
	Walkins int // walk-ins with a purchase by the month's end, known to the truth
	Alive   int // of which still alive at the month's end
	Fitted  btyd.BGNBD
	True    btyd.BGNBD
	AUC     float64 // of the fitted P(alive) against true alive/dead
	TrueAUC float64 // of P(alive) under the true parameters: the best the model can do
}

func (r WalkinReport) String() string {
	return fmt.Sprintf("%d walk-ins: %d, alive %d; fitted r=%.3f α=%.2f a=%.3f b=%.3f (true %.3f %.2f %.3f %.3f); AUC %.4f, with true parameters %.4f (%.1f%%)",
		r.Month, r.Walkins, r.Alive, r.Fitted.R, r.Fitted.Alpha, r.Fitted.A, r.Fitted.B,
		r.True.R, r.True.Alpha, r.True.A, r.True.B, r.AUC, r.TrueAUC, 100*r.AUC/r.TrueAUC)
}

// Walkins scores the fitted model of month against the demo's walk-ins:
// one is alive at the month's end unless the purchase after which it
// dropped out came by then.
func Walkins(month postcrm.Month, ws []analysis.WalkinHistory, model analysis.WalkinModel, truth demo.Truth) (WalkinReport, error) {
	points := make([]walkinPoint, len(ws))
	for i, w := range ws {
		s := w.Summary(model.End)
		points[i] = walkinPoint{w.Phone, s, model.Purchases.PAlive(s.X, s.Tx, s.T)}
	}
	return walkinReport(month, model.End, model.Purchases, points, truth)
}

// StoredWalkins scores the P(alive) that `postcrm analyze` stored for
// month. The parameters it reports are fitted again on the stored
// (x, t_x, T): the same summaries the analysis fitted, so the same fit.
func StoredWalkins(ctx context.Context, s postcrm.AnalysisStore, month postcrm.Month, truth demo.Truth) (WalkinReport, error) {
	var points []walkinPoint
	err := s.WalkinScores(ctx, month, func(w postcrm.WalkinScore) error {
		sum := btyd.Summary{X: float64(w.Frequency), Tx: float64(w.RecencyDays), T: float64(w.TDays)}
		points = append(points, walkinPoint{w.Phone, sum, w.PAlive})
		return nil
	})
	if err != nil {
		return WalkinReport{}, fmt.Errorf("evaluate walk-ins %d: %w", month, err)
	}
	if len(points) == 0 {
		return WalkinReport{}, ErrNotAnalysed
	}
	summaries := make([]btyd.Summary, len(points))
	for i := range points {
		summaries[i] = points[i].s
	}
	fitted, err := btyd.FitBGNBD(btyd.Aggregate(summaries))
	if err != nil {
		return WalkinReport{}, fmt.Errorf("evaluate walk-ins %d: %w", month, err)
	}
	end := month.Last()
	return walkinReport(month, end, fitted, points, truth)
}

// walkinPoint is one walk-in's summary and the P(alive) it was given.
type walkinPoint struct {
	phone  string
	s      btyd.Summary
	pAlive float64
}

func walkinReport(month postcrm.Month, end postcrm.Date, fitted btyd.BGNBD, points []walkinPoint, truth demo.Truth) (WalkinReport, error) {
	p := truth.Params.Walkins
	r := WalkinReport{Month: month, Fitted: fitted, True: btyd.BGNBD{R: p.R, Alpha: p.Alpha, A: p.A, B: p.B}}
	death := make(map[string]postcrm.Date, len(truth.Walkins))
	for _, w := range truth.Walkins {
		death[w.Phone] = w.Death
	}
	var given, ideal []scored
	for _, w := range points {
		d, known := death[w.phone]
		if !known {
			continue // a walk-in row the truth does not track (e.g. a planted one)
		}
		alive := d == 0 || d > end
		given = append(given, scored{w.pAlive, alive})
		ideal = append(ideal, scored{r.True.PAlive(w.s.X, w.s.Tx, w.s.T), alive})
		if alive {
			r.Alive++
		}
	}
	r.Walkins = len(given)
	if r.Alive == 0 || r.Alive == r.Walkins {
		return r, fmt.Errorf("evaluate walk-ins %d: need both alive and dead walk-ins, have %d alive of %d", month, r.Alive, r.Walkins)
	}
	r.AUC, r.TrueAUC = auc(given), auc(ideal)
	return r, nil
}

type scored struct {
	score float64
	alive bool
}

// auc is the probability that a random alive walk-in scores above a
// random dead one (ties count half): the Mann–Whitney statistic.
func auc(xs []scored) float64 {
	slices.SortFunc(xs, func(a, b scored) int {
		switch {
		case a.score < b.score:
			return -1
		case a.score > b.score:
			return 1
		}
		return 0
	})
	var rankSum float64
	alive := 0
	for i := 0; i < len(xs); {
		j := i
		for j < len(xs) && xs[j].score == xs[i].score {
			j++
		}
		midRank := float64(i+j+1) / 2 // ranks i+1..j share their mean
		for k := i; k < j; k++ {
			if xs[k].alive {
				rankSum += midRank
				alive++
			}
		}
		i = j
	}
	dead := len(xs) - alive
	return (rankSum - float64(alive)*float64(alive+1)/2) / (float64(alive) * float64(dead))
}
