package demo

import (
	"math"
	"slices"
	"testing"
	"time"

	"postcrm"
	"postcrm/calendar"
)

// expectedRepeats is E[X(t)] of the BG/NBD model, the mean number of repeat
// purchases in a period of t days after the first, computed by integrating
// over p ~ Beta(a, b) the λ-averaged E[X(t) | λ, p] = (1 - E[e^(-λpt)]) / p
// with E[e^(-λpt)] = (α / (α + pt))^r.
func expectedRepeats(p Params, t float64) float64 {
	// p = u^(1/a) turns the Beta density's p^(a-1) singularity into a constant.
	const steps = 2000
	lbeta := lgamma(p.A) + lgamma(p.B) - lgamma(p.A+p.B)
	f := func(u float64) float64 {
		q := math.Pow(u, 1/p.A)
		if q == 0 {
			return p.R * t / p.Alpha // the limit of (1 - (α/(α+qt))^r) / q
		}
		return (1 - math.Pow(p.Alpha/(p.Alpha+q*t), p.R)) / q * math.Pow(1-q, p.B-1)
	}
	h := 1.0 / steps
	sum := f(0) + f(1)
	for i := 1; i < steps; i++ {
		sum += f(float64(i)*h) * float64(2+2*(i%2)) // Simpson: 4, 2, 4, …
	}
	return sum * h / 3 / p.A / math.Exp(lbeta)
}

func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}

func TestWalkinsFollowTheirModel(t *testing.T) {
	c := loadCorpus(t)
	tp := c.truth.Params.Walkins
	if tp != TrueParams {
		t.Fatalf("truth_params.json has %+v", tp)
	}
	n := float64(len(c.truth.Walkins))
	var lambda, p, nu, repeats, expected, spend, items float64
	for _, w := range c.truth.Walkins {
		lambda += w.Lambda / n
		p += w.P / n
		nu += w.Nu / n
		bought := c.walkins[w.Phone]
		first := postcrm.DaysBetween(c.first, w.FirstPurchase)
		if len(bought) == 0 || bought[0].day != first {
			t.Fatalf("walk-in %s: first purchase on day %v, truth says %d", w.Phone, bought, first)
		}
		if w.Death != 0 {
			if last := bought[len(bought)-1].day; last != postcrm.DaysBetween(c.first, w.Death) {
				t.Fatalf("walk-in %s bought on day %d, after dropping out on %s", w.Phone, last, w.Death)
			}
		}
		repeats += float64(len(bought) - 1)
		expected += expectedRepeats(tp, float64(c.days-first)-0.5)
		for _, b := range bought {
			spend += float64(b.fen) / 100
			items++
		}
	}
	within(t, "mean λ", lambda, tp.R/tp.Alpha, 0.08)
	within(t, "mean p", p, tp.A/(tp.A+tp.B), 0.05)
	within(t, "mean ν", nu, tp.SpendQ/tp.SpendGamma, 0.03)
	within(t, "repeat purchases per walk-in", repeats/n, expected/n, 0.1)
	within(t, "spend per item", spend/items, tp.SpendP*tp.SpendGamma/(tp.SpendQ-1), 0.04)
}

// kindDays sums the stored items of customers of a kind (unchanged ones
// only, if asked) per day index.
func (c *corpus) kindDays(kind string, unchangedOnly bool) []int {
	total := make([]int, c.days)
	for _, tc := range c.truth.Customers {
		if tc.Kind != kind || (unchangedOnly && tc.Change != "none") {
			continue
		}
		for i, n := range c.custDays[tc.Code] {
			total[i] += n
		}
	}
	return total
}

// sum adds up days[i] for the days from..to (inclusive) in the window.
func (c *corpus) sum(days []int, from, to postcrm.Date) int {
	total := 0
	for d := max(from, c.first); d <= to; d = d.AddDays(1) {
		if i := postcrm.DaysBetween(c.first, d); i < len(days) {
			total += days[i]
		}
	}
	return total
}

func TestOnlineShopsPeakForDoubleEleven(t *testing.T) {
	c := loadCorpus(t)
	shops := c.kindDays("ecommerce", true)
	for year := c.first.Year(); year <= c.manifest.Last.Year(); year++ {
		sep := c.sum(shops, postcrm.NewDate(year, time.September, 1), postcrm.NewDate(year, time.September, 30))
		nov := c.sum(shops, postcrm.NewDate(year, time.November, 1), postcrm.NewDate(year, time.November, 30))
		if sep > 0 && nov > 0 && float64(nov) < 1.3*float64(sep) {
			t.Errorf("%d: online shops sent %d items in November, %d in September", year, nov, sep)
		}
		june := c.sum(shops, postcrm.NewDate(year, time.June, 15), postcrm.NewDate(year, time.June, 20))
		may := c.sum(shops, postcrm.NewDate(year, time.May, 15), postcrm.NewDate(year, time.May, 20))
		if float64(june) < 1.3*float64(may) {
			t.Errorf("%d: no 618 peak (%d items 15–20 June, %d 15–20 May)", year, june, may)
		}
	}
}

func TestOfficesSendOnWorkdaysOnly(t *testing.T) {
	c := loadCorpus(t)
	cal := calendar.Default()
	for _, kind := range []string{"government", "enterprise"} {
		days := c.kindDays(kind, false)
		makeup := 0
		for i, n := range days {
			d := c.first.AddDays(i)
			if !cal.IsWorkday(d) && n > 0 {
				t.Errorf("%s: %d items on %s, a %s", kind, n, d, cal.Kind(d))
			}
			if cal.Kind(d) == calendar.MakeupWorkday {
				makeup += n
			}
		}
		if makeup == 0 {
			t.Errorf("%s: nothing sent on make-up workdays", kind)
		}
	}
}

func TestSeasonalShippersAreQuietInSpring(t *testing.T) {
	c := loadCorpus(t)
	farms := c.kindDays("seasonal", false)
	spring := c.sum(farms, 20250301, 20250531) + c.sum(farms, 20260301, 20260531)
	autumn := c.sum(farms, 20250901, 20251031)
	if autumn == 0 || float64(spring) > 0.1*float64(autumn) {
		t.Errorf("seasonal shippers: %d items in spring, %d in September–October", spring, autumn)
	}
}

func TestSpringFestivalTrough(t *testing.T) {
	c := loadCorpus(t)
	all := make([]int, c.days)
	for _, kind := range kindNames {
		for i, n := range c.kindDays(kind, false) {
			all[i] += n
		}
	}
	cal := calendar.Default()
	for year := c.first.Year(); year <= c.manifest.Last.Year(); year++ {
		sf := cal.SpringFestival(year)
		trough := float64(c.sum(all, sf.AddDays(-2), sf.AddDays(4))) / 7
		normal := float64(c.sum(all, sf.AddDays(35), sf.AddDays(62))) / 28
		if trough > 0.3*normal {
			t.Errorf("Spring Festival %s: %.0f items a day, %.0f a day a month later", sf, trough, normal)
		}
	}
}

// Daily counts vary more than a Poisson process would (variance > mean).
func TestDailyCountsAreOverDispersed(t *testing.T) {
	c := loadCorpus(t)
	cal := calendar.Default()
	var ratios []float64
	for _, tc := range c.truth.Customers {
		if tc.Kind != "ecommerce" || tc.Change != "none" || tc.BaseRate < 5 {
			continue
		}
		var counts []float64
		for d := postcrm.Date(20260301); d <= 20260531; d = d.AddDays(1) {
			if wd := calendar.Weekday(d); wd >= time.Tuesday && wd <= time.Thursday && cal.Kind(d) == calendar.Workday {
				counts = append(counts, float64(c.custDays[tc.Code][postcrm.DaysBetween(c.first, d)]))
			}
		}
		m, v := meanVar(counts)
		ratios = append(ratios, v/m)
	}
	if len(ratios) < 5 {
		t.Fatalf("only %d busy online shops", len(ratios))
	}
	slices.Sort(ratios)
	if median := ratios[len(ratios)/2]; median < 1.5 {
		t.Errorf("median variance/mean of busy shops' daily counts is %.2f", median)
	}
}

func meanVar(xs []float64) (mean, variance float64) {
	for _, x := range xs {
		mean += x / float64(len(xs))
	}
	for _, x := range xs {
		variance += (x - mean) * (x - mean) / float64(len(xs)-1)
	}
	return mean, variance
}

func TestChangesHappenAsTruthSays(t *testing.T) {
	c := loadCorpus(t)
	months := map[postcrm.Month]bool{}
	var changed, declined, dropped, juneShop, festivalChurn int
	cal := calendar.Default()
	for _, tc := range c.truth.Customers {
		days := c.custDays[tc.Code]
		if tc.Change == "none" {
			continue
		}
		changed++
		months[tc.ChangeDate.YearMonth()] = true
		at := postcrm.DaysBetween(c.first, tc.ChangeDate)
		if days == nil {
			continue
		}
		switch tc.Change {
		case "churn":
			if after := c.sum(days, tc.ChangeDate, c.manifest.Last); after > 0 {
				t.Errorf("%s churned on %s but sent %d items after", tc.Code, tc.ChangeDate, after)
			}
			if sf := cal.SpringFestival(tc.ChangeDate.Year()); sf.YearMonth() == tc.ChangeDate.YearMonth() {
				festivalChurn++
			}
		case "decline":
			if tc.ChangeDate.Month() == time.June && tc.ChangeDate.Day() <= 10 && tc.Kind == "ecommerce" {
				juneShop++
			}
			if tc.Kind == "seasonal" || at < 56 || at+56 > c.days {
				continue
			}
			before := c.sum(days, tc.ChangeDate.AddDays(-56), tc.ChangeDate.AddDays(-1))
			after := c.sum(days, tc.ChangeDate, tc.ChangeDate.AddDays(55))
			if before >= 100 {
				dropped++
				if float64(after) < 0.8*float64(before) {
					declined++
				}
			}
		}
	}
	if share := float64(changed) / float64(len(c.truth.Customers)); share < 0.2 || share > 0.6 {
		t.Errorf("%.0f%% of customers changed", share*100)
	}
	if len(months) < 10 {
		t.Errorf("changes in %d months only", len(months))
	}
	if dropped == 0 || float64(declined) < 0.8*float64(dropped) {
		t.Errorf("%d of %d busy decliners sent visibly less", declined, dropped)
	}
	if juneShop == 0 || festivalChurn == 0 {
		t.Errorf("hard cases missing: %d shops declining under 618, %d churners in a Spring Festival month", juneShop, festivalChurn)
	}
}

func TestNewCustomersRampUp(t *testing.T) {
	c := loadCorpus(t)
	var early, settled float64
	for _, tc := range c.truth.Customers {
		if tc.Kind != "new" {
			continue
		}
		days := c.custDays[tc.Code]
		if before := c.sum(days, c.first, tc.SignedOn.AddDays(-1)); before > 0 {
			t.Errorf("%s sent %d items before signing on %s", tc.Code, before, tc.SignedOn)
		}
		if tc.SignedOn.AddDays(120) > c.manifest.Last || (tc.Change != "none" && tc.ChangeDate < tc.SignedOn.AddDays(120)) {
			continue
		}
		early += float64(c.sum(days, tc.SignedOn, tc.SignedOn.AddDays(13))) / 14
		settled += float64(c.sum(days, tc.SignedOn.AddDays(90), tc.SignedOn.AddDays(119))) / 30
	}
	if settled == 0 || early > 0.6*settled {
		t.Errorf("new customers sent %.1f items a day in their first two weeks, %.1f after three months", early, settled)
	}
}
