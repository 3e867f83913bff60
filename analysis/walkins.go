package analysis

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"postcrm"
	"postcrm/btyd"
)

// WalkinSource is the part of postcrm.Store walk-in histories are read from.
type WalkinSource interface {
	WalkinDays(ctx context.Context, r postcrm.DayRange, fn func(postcrm.WalkinDay) error) error
}

// WalkinHistory is one walk-in's purchases up to the end of a month, in
// days: what BG/NBD and Gamma-Gamma need, plus the month's own figures.
type WalkinHistory struct {
	Phone      string
	OfficeCode string // the office of its latest purchase: where it can be won back
	First      postcrm.Date
	Last       postcrm.Date
	Days       int   // distinct purchase days
	TotalFen   int64 // spend over all its purchases
	RepeatFen  int64 // spend on the days after the first (Gamma-Gamma leaves out the first)
	MonthItems int64 // items in the analysed month
	MonthFen   int64
}

// Summary is the history as the models see it, as of end.
func (h WalkinHistory) Summary(end postcrm.Date) btyd.Summary {
	s := btyd.Summary{
		X:  float64(h.Days - 1),
		Tx: float64(postcrm.DaysBetween(h.First, h.Last)),
		T:  float64(postcrm.DaysBetween(h.First, end)),
	}
	if h.Days > 1 {
		s.Monetary = float64(h.RepeatFen) / 100 / s.X
	}
	return s
}

// ReadWalkins builds every walk-in's history up to the end of month
// from the walk-in rollups, which arrive grouped by phone, so
// only the summaries are held.
func ReadWalkins(ctx context.Context, src WalkinSource, month postcrm.Month) ([]WalkinHistory, error) {
	monthFirst, end := month.First(), month.Last()
	var (
		out []WalkinHistory
		cur WalkinHistory
	)
	flush := func() {
		if cur.Phone != "" {
			out = append(out, cur)
		}
	}
	err := src.WalkinDays(ctx, postcrm.DayRange{To: end}, func(d postcrm.WalkinDay) error {
		if d.Phone != cur.Phone {
			flush()
			cur = WalkinHistory{Phone: d.Phone, First: d.Day}
		}
		if d.Day != cur.Last { // rows come by day, then office: one purchase day per date
			cur.Days++
			cur.Last = d.Day
		}
		cur.OfficeCode = d.OfficeCode
		cur.TotalFen += d.PostageFen
		if d.Day != cur.First {
			cur.RepeatFen += d.PostageFen
		}
		if d.Day >= monthFirst {
			cur.MonthItems += d.Items
			cur.MonthFen += d.PostageFen
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read walk-in days up to %s: %w", end, err)
	}
	flush()
	return out, nil
}

// WalkinModel is the pair of models fitted on all walk-ins at a month's end.
type WalkinModel struct {
	Purchases btyd.BGNBD      // purchase days, time unit day
	Spend     btyd.GammaGamma // spend per purchase day, in yuan
	End       postcrm.Date
}

// FitWalkins fits BG/NBD on every walk-in and Gamma-Gamma on the repeat
// buyers, as of the end of month.
func FitWalkins(ws []WalkinHistory, month postcrm.Month) (WalkinModel, error) {
	end := month.Last()
	summaries := make([]btyd.Summary, len(ws))
	for i, w := range ws {
		summaries[i] = w.Summary(end)
	}
	purchases, err := btyd.FitBGNBD(btyd.Aggregate(summaries))
	if err != nil {
		return WalkinModel{}, fmt.Errorf("fit BG/NBD on %d walk-ins: %w", len(ws), err)
	}
	spend, err := btyd.FitGammaGamma(summaries)
	if err != nil {
		return WalkinModel{}, fmt.Errorf("fit Gamma-Gamma on the repeat walk-ins: %w", err)
	}
	return WalkinModel{Purchases: purchases, Spend: spend, End: end}, nil
}

// Score is what the models make of one walk-in.
func (m WalkinModel) Score(month postcrm.Month, w WalkinHistory) postcrm.WalkinScore {
	s := w.Summary(m.End)
	return postcrm.WalkinScore{
		Month:            month,
		Phone:            w.Phone,
		OfficeCode:       w.OfficeCode,
		Frequency:        int(s.X),
		RecencyDays:      int(s.Tx),
		TDays:            int(s.T),
		PAlive:           m.Purchases.PAlive(s.X, s.Tx, s.T),
		ExpectedItems90d: m.Purchases.ExpectedPurchases(90, s.X, s.Tx, s.T),
		AvgPostageFen:    int64(math.Round(100 * m.Spend.ExpectedSpend(s.Monetary, s.X))),
		CLV12mFen:        int64(math.Round(100 * btyd.CLV(m.Purchases, m.Spend, s, btyd.CLVOptions{}))),
	}
}

// WalkinConfig says which walk-ins are worth winning back.
type WalkinConfig struct {
	MinPurchases int     // purchase days that make a walk-in a regular
	TopShare     float64 // or: this top share of walk-ins by spend so far
	PAliveBelow  float64 // warned when the chance it still sends with us is below this
	PerOffice    int     // at most this many warnings per office, the most valuable first
}

// DefaultWalkinConfig is the product's rule: regulars (4+ purchases) or the
// top tenth by spend, more likely gone than not, 30 per office — what the
// counter staff of one office can call in a month.
func DefaultWalkinConfig() WalkinConfig {
	return WalkinConfig{MinPurchases: 4, TopShare: 0.1, PAliveBelow: 0.5, PerOffice: 30}
}

// WalkinWarnings picks the valuable walk-ins the models think have left.
// ws and scores are parallel. What is at risk is the walk-in's usual
// monthly spend, from its own history.
func WalkinWarnings(month postcrm.Month, ws []WalkinHistory, scores []postcrm.WalkinScore, cfg WalkinConfig) []postcrm.Warning {
	spends := make([]int64, len(ws))
	for i, w := range ws {
		spends[i] = w.TotalFen
	}
	slices.Sort(spends)
	topSpend := int64(math.MaxInt64)
	if n := int(float64(len(spends)) * cfg.TopShare); n > 0 {
		topSpend = spends[len(spends)-n]
	}
	var out []postcrm.Warning
	for i, w := range ws {
		sc := scores[i]
		if w.Days < cfg.MinPurchases && w.TotalFen < topSpend || sc.PAlive >= cfg.PAliveBelow {
			continue
		}
		span := max(float64(sc.TDays), 30)
		monthly := float64(w.Days) * 30 / span
		expectedFen := int64(math.Round(float64(w.TotalFen) * 30 / span))
		atRisk := max(0, expectedFen-w.MonthFen)
		out = append(out, postcrm.Warning{
			Month: month, Kind: postcrm.WarnWalkinChurn, SenderPhone: w.Phone, OfficeCode: w.OfficeCode,
			ExpectedItems: monthly, ActualItems: w.MonthItems, ExpectedFen: expectedFen, ActualFen: w.MonthFen,
			RevenueAtRiskFen: atRisk,
			Score:            float64(atRisk) / 100 * (1 - sc.PAlive),
			Reason:           walkinReason(w, sc, month),
		})
	}
	slices.SortFunc(out, func(a, b postcrm.Warning) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.SenderPhone, b.SenderPhone))
	})
	perOffice := map[string]int{}
	kept := out[:0]
	for _, w := range out {
		if perOffice[w.OfficeCode] < cfg.PerOffice {
			perOffice[w.OfficeCode]++
			kept = append(kept, w)
		}
	}
	return kept
}

func walkinReason(w WalkinHistory, sc postcrm.WalkinScore, month postcrm.Month) string {
	end := month.Last()
	return fmt.Sprintf("以前来寄过 %d 次（累计 %s 元），最近一次在 %s，已 %d 天没来寄，估计还在我们这寄的可能只有 %.0f%%，可通过邮惠中心联系挽回",
		w.Days, yuan(w.TotalFen), monthDay(w.Last, month.Year()), postcrm.DaysBetween(w.Last, end), 100*sc.PAlive)
}

// ModelWalkins reads the walk-ins' histories up to the end of month and
// fits the models on them.
func ModelWalkins(ctx context.Context, src WalkinSource, month postcrm.Month) ([]WalkinHistory, WalkinModel, error) {
	ws, err := ReadWalkins(ctx, src, month)
	if err != nil {
		return nil, WalkinModel{}, err
	}
	model, err := FitWalkins(ws, month)
	return ws, model, err
}
