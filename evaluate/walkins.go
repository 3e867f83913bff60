package evaluate

import (
	"fmt"
	"slices"

	"postcrm"
	"postcrm/analysis"
	"postcrm/btyd"
	"postcrm/demo"
)

// WalkinReport is how well the walk-in model knows who is still a customer.
type WalkinReport struct {
	Month   int
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
func Walkins(month int, ws []analysis.WalkinHistory, model analysis.WalkinModel, truth demo.Truth) (WalkinReport, error) {
	p := truth.Params.Walkins
	r := WalkinReport{Month: month, Fitted: model.Purchases, True: btyd.BGNBD{R: p.R, Alpha: p.Alpha, A: p.A, B: p.B}}
	death := make(map[string]postcrm.Date, len(truth.Walkins))
	for _, w := range truth.Walkins {
		death[w.Phone] = w.Death
	}
	var fitted, ideal []scored
	for _, w := range ws {
		d, known := death[w.Phone]
		if !known {
			continue // a walk-in row the truth does not track (e.g. a planted one)
		}
		alive := d == 0 || d > model.End
		s := w.Summary(model.End)
		fitted = append(fitted, scored{model.Purchases.PAlive(s.X, s.Tx, s.T), alive})
		ideal = append(ideal, scored{r.True.PAlive(s.X, s.Tx, s.T), alive})
		if alive {
			r.Alive++
		}
	}
	r.Walkins = len(fitted)
	if r.Alive == 0 || r.Alive == r.Walkins {
		return r, fmt.Errorf("evaluate walk-ins %d: need both alive and dead walk-ins, have %d alive of %d", month, r.Alive, r.Walkins)
	}
	r.AUC, r.TrueAUC = auc(fitted), auc(ideal)
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
