// Package policy is the acceptance-policy adjustments (收寄政策调整)
// acting on the analysis: what share of each customer's usual items the
// adjustments in force refused on each day, set on its history so that
// the per-day expectation of every analysis (the month's, the follow-up
// measurement's, the early alerts') is reduced by it, and the sentence a
// warning raised under an adjustment says so with.
package policy

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"postcrm"
	"postcrm/analysis"
)

// Source is what Apply reads.
type Source interface {
	Adjustments(ctx context.Context) ([]postcrm.Adjustment, error)
	Offices(ctx context.Context) ([]postcrm.Office, error)
	CustomerMix(ctx context.Context, from, to postcrm.Month, fn func(postcrm.MixRow) error) error
}

// BaselineMonths is how many months before an adjustment its customers'
// usual shares by destination and product are taken over.
const BaselineMonths = 6

// Apply reads the adjustments, the offices and the customers' usual
// shares and sets each history's Open (see Reduce) for the analysis of
// month (YYYYMM); the Effects explain the warnings it raises.
func Apply(ctx context.Context, src Source, hs []analysis.CustomerHistory, month postcrm.Month) (*Effects, error) {
	a, err := ReadActing(ctx, src)
	if err != nil {
		return nil, err
	}
	return a.Apply(ctx, src, hs, month)
}

// Acting are the adjustments that act and the offices they may cover:
// read once where months are analysed one after another (the alerts'
// sweep), only the usual shares read again for each.
type Acting struct {
	adjs    []postcrm.Adjustment
	offices []postcrm.Office
}

// ReadActing reads the adjustments that act and, when there are any,
// the offices.
func ReadActing(ctx context.Context, src Source) (Acting, error) {
	adjs, err := src.Adjustments(ctx)
	if err != nil {
		return Acting{}, fmt.Errorf("读取收寄政策调整: %w", err)
	}
	acting := adjs[:0]
	for _, a := range adjs {
		if a.Acts() {
			acting = append(acting, a)
		}
	}
	if len(acting) == 0 {
		return Acting{}, nil
	}
	offices, err := src.Offices(ctx)
	if err != nil {
		return Acting{}, fmt.Errorf("读取营业部: %w", err)
	}
	return Acting{adjs: acting, offices: offices}, nil
}

// Apply reads the customers' usual shares for month and sets each
// history's Open (see Reduce) for the analysis of month, as Apply does.
func (a Acting) Apply(ctx context.Context, src Source, hs []analysis.CustomerHistory, month postcrm.Month) (*Effects, error) {
	if len(a.adjs) == 0 {
		return &Effects{}, nil
	}
	from, to := baselineSpan(a.adjs, month)
	mix := Mix{}
	err := src.CustomerMix(ctx, from, to, func(r postcrm.MixRow) error {
		mix.Add(r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("读取客户寄达省和产品构成: %w", err)
	}
	return Reduce(hs, a.adjs, a.offices, mix, month), nil
}

// baselineSpan is the months the usual shares are read over: the
// BaselineMonths before the first month of an adjustment in force in
// month (or before month itself), so that an adjustment running for
// weeks does not lower the share it is measured by.
func baselineSpan(adjs []postcrm.Adjustment, month postcrm.Month) (from, to postcrm.Month) {
	first, last := month.First(), month.Last()
	m0 := month
	for _, a := range adjs {
		if a.From <= last && (a.To == 0 || a.To >= first) {
			m0 = min(m0, a.From.YearMonth())
		}
	}
	return m0.Add(-BaselineMonths), m0.Prev()
}

// Mix is each customer's items by destination province and by product
// over the baseline months.
type Mix map[string]*Shares

// Shares are one customer's items by destination province (Dest), by
// product (Product) and by both (Joint, keyed by jointKey).
type Shares struct {
	Dest, Product                       map[string]int64
	Joint                               map[jointKey]int64
	DestTotal, ProductTotal, JointTotal int64
}

type jointKey struct{ province, product string }

func newShares() *Shares {
	return &Shares{Dest: map[string]int64{}, Product: map[string]int64{}, Joint: map[jointKey]int64{}}
}

// Add counts a customer_mix row.
func (m Mix) Add(r postcrm.MixRow) {
	s := m[r.CustomerCode]
	if s == nil {
		s = newShares()
		m[r.CustomerCode] = s
	}
	switch r.Dim {
	case postcrm.MixDest:
		s.Dest[r.Value] += r.Items
		s.DestTotal += r.Items
	case postcrm.MixProduct:
		s.Product[r.Value] += r.Items
		s.ProductTotal += r.Items
	case postcrm.MixJoint:
		d, p := postcrm.SplitJoint(r.Value)
		s.Joint[jointKey{d, p}] += r.Items
		s.JointTotal += r.Items
	}
}

// share is the part of the customer's items among values of one
// dimension.
func share(counts map[string]int64, total int64, values []string) float64 {
	if total == 0 {
		return 0
	}
	var n int64
	for _, v := range values {
		n += counts[v]
	}
	return float64(n) / float64(total)
}

// Refused is the share of the customer's usual items the adjustments in
// force together refuse, each item once: all under a suspension;
// otherwise its share of items to the refused provinces or of the
// refused products. Where both a province and a product are refused,
// its items of a refused product to a refused province are refused
// twice over but lost once: the share is counted on its joint mix,
// P(province refused or product refused), not as if its products were
// independent of where it sends them (a shop sending its 特快专递 to 北京
// and its 标准快递 elsewhere loses under both refusals what it sends to
// 北京). Without a joint mix (a store filled before it was kept) the two
// are combined as independent.
func (s *Shares) Refused(in []*postcrm.Adjustment) float64 {
	var provinces, products []string
	for _, a := range in {
		switch a.Kind {
		case postcrm.AdjustSuspend:
			return 1
		case postcrm.AdjustDestination:
			provinces = append(provinces, a.Provinces...)
		case postcrm.AdjustProduct:
			products = append(products, a.Products...)
		}
	}
	provinces, products = dedupe(provinces), dedupe(products)
	d := share(s.Dest, s.DestTotal, provinces)
	p := share(s.Product, s.ProductTotal, products)
	if d == 0 || p == 0 || s.JointTotal == 0 {
		return 1 - (1-d)*(1-p)
	}
	var n int64
	for k, items := range s.Joint {
		if slices.Contains(provinces, k.province) || slices.Contains(products, k.product) {
			n += items
		}
	}
	return float64(n) / float64(s.JointTotal)
}

func dedupe(vs []string) []string {
	seen := make(map[string]bool, len(vs))
	out := vs[:0]
	for _, v := range vs {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// Effects are, per customer, the sentences saying which adjustments in
// force in the analysed month took what out of its expectation.
type Effects struct {
	clauses map[string][]string
}

// Explain appends to the reason of each warning whose customer the
// month's adjustments touched what they took out of its expectation.
func (e *Effects) Explain(ws []postcrm.Warning) {
	for i := range ws {
		if c := e.clauses[ws[i].CustomerCode]; len(c) > 0 {
			ws[i].Reason += "；" + strings.Join(c, "；")
		}
	}
}

// Touched reports whether the month's adjustments took anything out of
// the customer's expectation.
func (e *Effects) Touched(code string) bool { return len(e.clauses[code]) > 0 }

// Reduce sets each history's Open: per day, one less the share of the
// customer's usual items (its Shares in mix; the average customer's
// where it has none) the adjustments in force in its office's scope
// refused; nil where none was. It returns what the adjustments in force
// in month took out, per customer.
func Reduce(hs []analysis.CustomerHistory, adjs []postcrm.Adjustment, offices []postcrm.Office, mix Mix, month postcrm.Month) *Effects {
	city := make(map[string]string, len(offices))
	names := make(map[string]string, len(offices))
	for _, o := range offices {
		city[o.Code], names[o.Code] = o.City, o.Name
	}
	avg := average(mix)
	mFirst, mLast := month.First(), month.Last()
	eff := &Effects{clauses: map[string][]string{}}
	var mine, in []*postcrm.Adjustment
	var span [][2]int
	for i := range hs {
		h := &hs[i]
		h.Open = nil
		if h.First == 0 {
			continue
		}
		last := h.First.AddDays(len(h.Items) - 1)
		office := h.Customer.OfficeCode
		mine = mine[:0]
		for k := range adjs {
			a := &adjs[k]
			if a.Acts() && a.Covers(office, city[office]) && a.From <= last && (a.To == 0 || a.To >= h.First) {
				mine = append(mine, a)
			}
		}
		if len(mine) == 0 {
			continue
		}
		sh := mix[h.Customer.Code]
		if sh == nil || sh.DestTotal+sh.ProductTotal == 0 {
			sh = avg
		}
		// Each adjustment's days as indices of the history: comparing
		// integers per day, not dates.
		span = span[:0]
		for _, a := range mine {
			lo, hi := postcrm.DaysBetween(h.First, a.From), len(h.Items)-1
			if a.To != 0 {
				hi = min(hi, postcrm.DaysBetween(h.First, a.To))
			}
			span = append(span, [2]int{lo, hi})
		}
		open := make([]float32, len(h.Items))
		partial := false
		prev, prevOpen := uint64(0), float32(1)
		for j := range open {
			var set uint64
			for k := range mine {
				if j >= span[k][0] && j <= span[k][1] {
					set |= 1 << (k % 64)
				}
			}
			if set != prev || len(mine) > 64 { // the set names the first 64 only
				in = in[:0]
				for k, a := range mine {
					if j >= span[k][0] && j <= span[k][1] {
						in = append(in, a)
					}
				}
				prev, prevOpen = set, 1
				if len(in) > 0 {
					prevOpen = float32(max(0, 1-sh.Refused(in)))
				}
			}
			open[j] = prevOpen
			partial = partial || prevOpen < 1
		}
		if partial {
			h.Open = open
		}
		for _, a := range mine {
			if a.From <= mLast && (a.To == 0 || a.To >= mFirst) {
				if c := clause(a, sh, names); c != "" {
					eff.clauses[h.Customer.Code] = append(eff.clauses[h.Customer.Code], c)
				}
			}
		}
	}
	return eff
}

// average is the mix of all customers together, for a customer without
// its own.
func average(mix Mix) *Shares {
	avg := newShares()
	for _, s := range mix {
		for v, n := range s.Dest {
			avg.Dest[v] += n
		}
		for v, n := range s.Product {
			avg.Product[v] += n
		}
		for k, n := range s.Joint {
			avg.Joint[k] += n
		}
		avg.DestTotal += s.DestTotal
		avg.ProductTotal += s.ProductTotal
		avg.JointTotal += s.JointTotal
	}
	return avg
}

// clause is the sentence saying what a adjustment took out of the
// customer's expectation: 6 月 1–20 日全省暂停收寄寄往上海、北京的邮件，已按该客户
// 平时约七成邮件寄往上海扣除. "" when the customer sends nothing it refuses.
func clause(a *postcrm.Adjustment, sh *Shares, names map[string]string) string {
	scope := a.Scope
	if n, ok := names[a.Scope]; ok {
		scope = n
	}
	head := a.Period() + scope + a.What()
	switch a.Kind {
	case postcrm.AdjustSuspend:
		return head + "，这些天未计入应寄量"
	case postcrm.AdjustDestination:
		return withShare(head, "寄往", sh.Dest, sh.DestTotal, a.Provinces)
	case postcrm.AdjustProduct:
		return withShare(head, "为", sh.Product, sh.ProductTotal, a.Products)
	}
	return ""
}

func withShare(head, verb string, counts map[string]int64, total int64, values []string) string {
	s := share(counts, total, values)
	if s < 0.005 {
		return ""
	}
	var main []string
	for _, v := range values {
		if total > 0 && float64(counts[v]) >= 0.05*float64(total) {
			main = append(main, v)
		}
	}
	if len(main) == 0 {
		main = values
	}
	return fmt.Sprintf("%s，已按该客户平时%s邮件%s%s扣除", head, portion(s), verb, strings.Join(main, "、"))
}

// portion says a share as a Chinese reader rounds it: 约七成, 约一半, 不到一成.
func portion(s float64) string {
	tenths := int(s*10 + 0.5)
	switch {
	case s < 0.095:
		return fmt.Sprintf("约 %d%% 的", max(1, int(s*100+0.5)))
	case tenths >= 10:
		return "几乎全部"
	case tenths == 5:
		return "约一半"
	}
	return "约" + []string{"", "一", "两", "三", "四", "五", "六", "七", "八", "九"}[tenths] + "成"
}
