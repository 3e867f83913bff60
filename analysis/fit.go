package analysis

import "math"

// cellSums is one customer's history folded onto the day table's cells:
// items shipped and days of service (suspended days left out) per cell.
type cellSums struct {
	items, days []float64
	used        []int // cells with at least one day of service
}

func newCellSums(cells int) *cellSums {
	return &cellSums{items: make([]float64, cells), days: make([]float64, cells)}
}

func (s *cellSums) reset() {
	for _, c := range s.used {
		s.items[c], s.days[c] = 0, 0
	}
	s.used = s.used[:0]
}

func (s *cellSums) add(c int, items float64) {
	if s.days[c] == 0 {
		s.used = append(s.used, c)
	}
	s.days[c]++
	s.items[c] += items
}

// fitIterations rounds of iterative proportional fitting bring most
// customers' fitted cells within a percent of convergence (a few whose
// Spring Festival, festival and season factors overlap take longer);
// more rounds cost time and change hardly a verdict.
const fitIterations = 6

// trendSD is the prior spread of a customer's yearly log growth around its
// group's: growth of ±20% a year is ordinary, ±50% rare.
const trendSD = 0.2

// priorDays is the weight of the prior in days of the customer's own
// shipping. Days vary far more than a Poisson count (a customer's day
// shape k is typically 2–10), so a factor seen on a single day is mostly
// that day's luck however many items it held.
const priorDays = 10

// fitter fits factors to cell sums by iterative proportional fitting of
// the Poisson likelihood, each factor shrunk towards a prior: a gamma
// prior worth priorItems items plus priorDays of the customer's average
// days, so that a factor seen on few items or few days stays near the
// prior and one seen on many follows the data. It copies the customer's
// cells into compact arrays, kept between customers.
type fitter struct {
	cells      []cell
	priorItems float64
	priorDays  float64
	strength   float64 // the current customer's prior weight

	items, mu            []float64
	class, sf, fest, moy []uint8
	seenClass            [numClasses]bool
	seenMonth            [12]bool
	inSF, inFest         []int     // cells in a Spring Festival week, in a festival: the few the windows' updates touch
	month                []uint16  // of the span
	years                []float64 // per month of the span
	growth               []float64 // scratch: a trend step's multiplier per month
}

func newFitter(cells []cell, priorItems, priorDays float64) *fitter {
	ft := &fitter{cells: cells, priorItems: priorItems, priorDays: priorDays}
	for _, c := range cells {
		for len(ft.years) <= c.month {
			ft.years = append(ft.years, 0)
		}
		ft.years[c.month] = c.years
	}
	ft.growth = make([]float64, len(ft.years))
	return ft
}

// load copies the used cells and returns the total items and days.
func (ft *fitter) load(s *cellSums, f *factors) (total, days float64) {
	n := len(s.used)
	ft.items, ft.mu, ft.month = resize(ft.items, n), resize(ft.mu, n), resize(ft.month, n)
	ft.class, ft.sf, ft.fest, ft.moy = resize(ft.class, n), resize(ft.sf, n), resize(ft.fest, n), resize(ft.moy, n)
	ft.seenClass, ft.seenMonth = [numClasses]bool{}, [12]bool{}
	for m := range ft.growth {
		ft.growth[m] = math.Exp(f.trend * ft.years[m])
	}
	ft.inSF, ft.inFest = ft.inSF[:0], ft.inFest[:0]
	for k, c := range s.used {
		cl := &ft.cells[c]
		ft.seenClass[cl.class], ft.seenMonth[cl.moy] = true, true
		if cl.sf != 0 {
			ft.inSF = append(ft.inSF, k)
		}
		if cl.fest != 0 {
			ft.inFest = append(ft.inFest, k)
		}
		ft.items[k] = s.items[c]
		ft.mu[k] = s.days[c] * ft.growth[cl.month] * f.calendar(cl)
		ft.month[k] = uint16(cl.month)
		ft.class[k], ft.sf[k], ft.fest[k], ft.moy[k] = cl.class, cl.sf, cl.fest, cl.moy
		total += s.items[c]
		days += s.days[c]
	}
	return total, days
}

func resize[T any](buf []T, n int) []T {
	if cap(buf) < n {
		return make([]T, n)
	}
	return buf[:n]
}

// fit returns the posterior factors. With fitSeason the season is fitted
// and the trend is not (over two years the two are hard to tell apart, and
// fitting both converges slowly); otherwise the trend is fitted and the
// season is the prior's.
func (ft *fitter) fit(s *cellSums, prior *factors, fitSeason bool) factors {
	f := *prior
	total, days := ft.load(s, &f)
	if total == 0 {
		f.level = 0 // nothing shipped on a served day: nothing to fit
		return f
	}
	ft.strength = ft.priorItems + ft.priorDays*total/days
	f.level = 1
	ft.rescale(&f, total)
	for range fitIterations {
		ft.normalize(&f, fitSeason)
		ft.updateBins(f.class[:], prior.class[:], ft.class)
		ft.updateWindow(f.sf[:], prior.sf[:], ft.sf, ft.inSF)
		ft.updateWindow(f.fest[:], prior.fest[:], ft.fest, ft.inFest)
		if fitSeason {
			ft.updateBins(f.season[:], prior.season[:], ft.moy)
		} else {
			ft.updateTrend(&f, prior.trend)
		}
		ft.rescale(&f, total)
	}
	return f
}

// normalize moves the common scale of the weekday classes, and of the
// seasons seen, into the level: the model only knows their products, and
// left free the scale would wander from iteration to iteration instead of
// converging. Ordinary weekdays average 1, as do the months seen.
func (ft *fitter) normalize(f *factors, season bool) {
	scale := func(bins []float64, seen []bool, from, to int) {
		sum, n := 0.0, 0
		for b := from; b < to; b++ {
			if seen[b] {
				sum += math.Log(bins[b])
				n++
			}
		}
		if n == 0 {
			return
		}
		g := math.Exp(sum / float64(n))
		for b := range bins {
			bins[b] /= g
		}
		f.level *= g
	}
	scale(f.class[:], ft.seenClass[:], 1, 6)
	if season {
		scale(f.season[:], ft.seenMonth[:], 0, 12)
	}
}

// rescale sets the level so that the fitted items add up to the total.
func (ft *fitter) rescale(f *factors, total float64) {
	fitted := 0.0
	for _, mu := range ft.mu {
		fitted += mu
	}
	r := total / fitted
	f.level *= r
	for k := range ft.mu {
		ft.mu[k] *= r
	}
}

// updateBins re-estimates a factor's bins (bin[k] naming cell k's bin):
// observed over fitted items without the factor, shrunk towards the prior.
func (ft *fitter) updateBins(bins, prior []float64, bin []uint8) {
	var num, den, ratio [16]float64
	for k, b := range bin {
		num[b] += ft.items[k]
		den[b] += ft.mu[k]
	}
	for b := range bins {
		ratio[b] = ft.shrink(bins, prior, b, num[b], den[b])
	}
	for k, b := range bin {
		ft.mu[k] *= ratio[b]
	}
}

// updateWindow is updateBins for a window factor, whose bin 0 (an
// ordinary day) stays 1: only the cells inside the windows take part.
func (ft *fitter) updateWindow(bins, prior []float64, bin []uint8, cells []int) {
	var num, den, ratio [16]float64
	for _, k := range cells {
		num[bin[k]] += ft.items[k]
		den[bin[k]] += ft.mu[k]
	}
	for b := 1; b < len(bins); b++ {
		ratio[b] = ft.shrink(bins, prior, b, num[b], den[b])
	}
	for _, k := range cells {
		ft.mu[k] *= ratio[bin[k]]
	}
}

// shrink sets bin b from the items observed in it and those fitted there
// now, and returns the factor by which it moved.
func (ft *fitter) shrink(bins, prior []float64, b int, observed, fitted float64) float64 {
	nb := (observed + ft.strength) / (fitted/bins[b] + ft.strength/prior[b])
	r := nb / bins[b]
	bins[b] = nb
	return r
}

// updateTrend takes one Newton step on the log growth, with a normal prior
// around the group's growth.
func (ft *fitter) updateTrend(f *factors, prior float64) {
	const precision = 1 / (trendSD * trendSD)
	g := -(f.trend - prior) * precision
	h := precision
	for k, m := range ft.month {
		y := ft.years[m]
		g += y * (ft.items[k] - ft.mu[k])
		h += y * y * ft.mu[k]
	}
	step := max(-0.5, min(0.5, g/h))
	f.trend += step
	for m, y := range ft.years {
		ft.growth[m] = math.Exp(step * y)
	}
	for k, m := range ft.month {
		ft.mu[k] *= ft.growth[m]
	}
}
