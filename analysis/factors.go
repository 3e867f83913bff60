package analysis

import "math"

// factors is a customer's multiplicative day model:
//
//	μ(day) = level · e^(trend·years) · class · sf · fest · season
//
// where class is the day's kind (weekday, 调休 workday, holiday), sf the
// week of the Spring Festival window, fest the shopping-festival phase and
// season the month of the year. Bin 0 of sf and fest is an ordinary day
// and stays 1.
type factors struct {
	level  float64
	trend  float64 // log growth per year
	class  [numClasses]float64
	sf     [numSF]float64
	fest   [numFest]float64
	season [12]float64
}

// neutralFactors is the flat profile: every day alike.
func neutralFactors() factors {
	var f factors
	f.level = 1
	for i := range f.class {
		f.class[i] = 1
	}
	for i := range f.sf {
		f.sf[i] = 1
	}
	for i := range f.fest {
		f.fest[i] = 1
	}
	for i := range f.season {
		f.season[i] = 1
	}
	return f
}

// calendar is the cell's multiplier without level and trend.
func (f *factors) calendar(c *cell) float64 {
	return f.class[c.class] * f.sf[c.sf] * f.fest[c.fest] * f.season[c.moy]
}

// shapes evaluates f on every cell into buf (reallocated when short);
// growth is scratch, one entry per month of the span.
func (f *factors) shapes(cells []cell, buf, growth []float64) []float64 {
	buf = resize(buf, len(cells))
	for m := range growth {
		growth[m] = -1
	}
	for c := range cells {
		cl := &cells[c]
		g := growth[cl.month]
		if g < 0 {
			g = math.Exp(f.trend * cl.years)
			growth[cl.month] = g
		}
		buf[c] = g * f.calendar(cl)
	}
	return buf
}
