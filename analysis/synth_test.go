package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"postcrm"
	"postcrm/calendar"
)

// A small synthetic province for the tests, independent of the demo
// generator: customers ship negative-binomial counts around a known daily
// mean, so a test can compare the analysis' expectation with the truth.

type synthKind int

const (
	shop     synthKind = iota // every day, weekly rhythm, Spring Festival trough, 618 and 双十一
	office                    // workdays only (调休 included), a milder Spring Festival dip
	seasonal                  // farm produce: autumn busy, spring all but silent
)

var (
	shopWeek = [7]float64{0.85, 1.15, 1.1, 1.05, 1.0, 0.95, 0.9} // Sunday first
	harvest  = [12]float64{0.05, 0.02, 0.02, 0.03, 0.06, 0.15, 0.4, 1.2, 2.0, 2.0, 1.3, 0.3}
)

// meanOn is a customer's mean items on d before any change.
func meanOn(cal *calendar.Calendar, k synthKind, rate float64, d postcrm.Date) float64 {
	off := springOffset(cal, d)
	switch k {
	case office:
		if !cal.IsWorkday(d) {
			return 0
		}
		if off >= -10 && off <= 15 {
			return rate * 0.8
		}
		return rate
	case seasonal:
		return rate * harvest[d.Month()-1]
	}
	m := rate * shopWeek[calendar.Weekday(d)]
	switch {
	case off >= -12 && off <= 8:
		m *= 0.15
	case cal.IsHoliday(d):
		m *= 0.7
	}
	if f, ok := calendar.ShoppingFestivalOn(d); ok {
		m *= 1.3
		if d >= f.Peak {
			m *= 1.6
		}
	}
	return m
}

func springOffset(cal *calendar.Calendar, d postcrm.Date) int {
	best := 1000
	for y := d.Year() - 1; y <= d.Year()+1; y++ {
		if sf := cal.SpringFestival(y); sf != 0 {
			if off := dayNumber(d) - dayNumber(sf); abs(off) < abs(best) {
				best = off
			}
		}
	}
	return best
}

func abs(x int) int { return max(x, -x) }

// synthCustomer describes one customer to generate.
type synthCustomer struct {
	code   string
	kind   synthKind
	rate   float64 // items on an ordinary day
	shape  float64 // day-to-day NB shape
	fen    int64   // postage per item
	change func(d postcrm.Date) float64
	status postcrm.CustomerStatus
	signed postcrm.Date
	office string
}

// province generates histories from first to the end of month.
type province struct {
	cal   *calendar.Calendar
	src   rand.Source
	rng   *rand.Rand
	first postcrm.Date
	month postcrm.Month
}

func newProvince(month postcrm.Month, seed uint64) *province {
	first := month.Add(-23).First()
	src := rand.NewPCG(seed, 7)
	return &province{cal: calendar.Default(), src: src, rng: rand.New(src), first: first, month: month}
}

func (p *province) history(c synthCustomer) CustomerHistory {
	last := p.month.Last()
	first := p.first
	if c.signed > first {
		first = c.signed
	}
	n := dayNumber(last) - dayNumber(first) + 1
	h := CustomerHistory{
		Customer: postcrm.Customer{Code: c.code, OfficeCode: c.office, OwnerStaffID: "S" + c.code, Status: c.status, ContractDate: c.signed},
		First:    first, Items: make([]int32, n), Fen: make([]int64, n),
	}
	if h.Customer.Status == "" {
		h.Customer.Status = postcrm.StatusActive
	}
	if h.Customer.OfficeCode == "" {
		h.Customer.OfficeCode = "13000101"
	}
	for i := range n {
		d := dateOfNumber(dayNumber(first) + i)
		mu := meanOn(p.cal, c.kind, c.rate, d)
		if c.change != nil {
			mu *= c.change(d)
		}
		h.Items[i] = int32(p.negBinomial(mu, c.shape))
		h.Fen[i] = int64(h.Items[i]) * c.fen
	}
	return h
}

// trueMean is the customer's mean items over month, days from..to of it
// (1-based, inclusive), without any change.
func (p *province) trueMean(c synthCustomer, from, to int) float64 {
	f := p.month.First()
	s := 0.0
	for day := from; day <= to; day++ {
		s += meanOn(p.cal, c.kind, c.rate, dateOfNumber(dayNumber(f)+day-1))
	}
	return s
}

// crowd returns n ordinary customers of a kind with log-normal rates
// around median.
func (p *province) crowd(prefix string, n int, k synthKind, median float64) []synthCustomer {
	cs := make([]synthCustomer, n)
	for i := range cs {
		cs[i] = synthCustomer{
			code: fmt.Sprintf("%s%04d", prefix, i), kind: k,
			rate:  median * math.Exp(0.8*p.rng.NormFloat64()),
			shape: 2 + 6*p.rng.Float64(), fen: 500 + int64(p.rng.IntN(800)),
		}
	}
	return cs
}

// decliners returns n customers of a kind with the given rates, all
// changing alike.
func decliners(prefix string, n int, k synthKind, rate func(i int) float64, change func(postcrm.Date) float64) []synthCustomer {
	cs := make([]synthCustomer, n)
	for i := range cs {
		cs[i] = synthCustomer{code: fmt.Sprintf("%s%02d", prefix, i), kind: k, rate: rate(i), shape: 3, fen: 700, change: change}
	}
	return cs
}

// mixed is a province of shops, offices and farm shippers.
func (p *province) mixed(n int) []synthCustomer {
	cs := p.crowd("SH", n*4/10, shop, 12)
	cs = append(cs, p.crowd("OF", n*4/10, office, 4)...)
	return append(cs, p.crowd("FA", n-len(cs), seasonal, 8)...)
}

func (p *province) histories(cs []synthCustomer) []CustomerHistory {
	hs := make([]CustomerHistory, len(cs))
	for i, c := range cs {
		hs[i] = p.history(c)
	}
	return hs
}

// negBinomial draws a count of mean mu and day shape: Poisson with a
// gamma-distributed mean.
func (p *province) negBinomial(mu, shape float64) int {
	if mu <= 0 {
		return 0
	}
	lambda := distuv.Gamma{Alpha: shape, Beta: shape / mu, Src: p.src}.Rand()
	return int(distuv.Poisson{Lambda: lambda, Src: p.src}.Rand())
}

// from returns a change that multiplies volume by f from d on.
func from(d postcrm.Date, f float64) func(postcrm.Date) float64 {
	return func(x postcrm.Date) float64 {
		if x >= d {
			return f
		}
		return 1
	}
}

func date(y int, m time.Month, d int) postcrm.Date { return postcrm.NewDate(y, m, d) }
