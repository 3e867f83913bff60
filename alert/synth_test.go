package alert

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"postcrm"
	"postcrm/analysis"
	"postcrm/calendar"
)

// The tests' province: contract customers whose days follow the working
// calendar as the real ones do — little on weekends, next to nothing on
// holidays, a trough around the Spring Festival — with gamma-Poisson
// noise, from the data's first day to the last day a test judges.
var (
	dataFirst = day(2024, 11, 1)
	cal       = calendar.Default()
)

func day(y int, m time.Month, d int) postcrm.Date { return postcrm.NewDate(y, m, d) }

// shape is how a kind of customer ships on an ordinary day of each
// weekday (Sunday first), relative to its rate.
type shape [7]float64

var (
	office5 = shape{0.1, 1, 1, 1, 1, 1, 0.3} // Monday to Friday, some Saturdays
	daily6  = shape{0.8, 1, 1, 1, 1, 1, 1}   // every day
	monday  = shape{0, 1, 0, 0, 0, 0, 0}     // once a week
)

// synth is one customer: rate items on an ordinary day of full weight,
// its weekly shape, an optional season (months it ships in), a stop and
// a restart, or a reduction to factor from a day.
type synth struct {
	code, office string
	rate         float64
	week         shape
	months       []time.Month // nil: all year
	stop, resume postcrm.Date // no items from stop to the day before resume
	stopAgain    postcrm.Date // and none from this day on
	slowFrom     postcrm.Date
	slowFactor   float64
}

// mean is c's expected items on d.
func (c synth) mean(d postcrm.Date) float64 {
	if c.stop != 0 && d >= c.stop && (c.resume == 0 || d < c.resume) || c.stopAgain != 0 && d >= c.stopAgain {
		return 0
	}
	if c.months != nil && !contains(c.months, d.Month()) {
		return 0
	}
	mu := c.rate * c.week[d.Time().Weekday()]
	switch cal.Kind(d) {
	case calendar.Holiday:
		mu = c.rate * 0.03
	case calendar.MakeupWorkday:
		mu = c.rate * 0.9
	}
	if sf := cal.SpringFestival(d.Year()); sf != 0 {
		if off := d.Time().Sub(sf.Time()).Hours() / 24; off >= -10 && off <= 12 {
			mu *= 0.15
		}
	}
	if c.slowFrom != 0 && d >= c.slowFrom {
		mu *= c.slowFactor
	}
	return mu
}

func contains(ms []time.Month, m time.Month) bool {
	for _, x := range ms {
		if x == m {
			return true
		}
	}
	return false
}

// histories draws the customers' days from dataFirst to last, with day
// shape 5; suspended (office, from, to) days are zeros.
func histories(cs []synth, last postcrm.Date, seed uint64, susp []postcrm.Suspension) []analysis.CustomerHistory {
	r := rand.New(rand.NewPCG(seed, 7))
	n := int(last.Time().Sub(dataFirst.Time()).Hours()/24+0.5) + 1
	hs := make([]analysis.CustomerHistory, len(cs))
	for i, c := range cs {
		h := &hs[i]
		h.Customer = postcrm.Customer{Code: c.code, Name: c.code, OfficeCode: c.office, OwnerStaffID: "K" + c.office,
			Status: postcrm.StatusActive, ContractDate: day(2024, 1, 1)}
		h.First, h.Items, h.Fen = dataFirst, make([]int32, n), make([]int64, n)
		for j := range n {
			d := dataFirst.AddDays(j)
			if suspended(susp, c.office, d) {
				continue
			}
			h.Items[j] = int32(gammaPoisson(r, c.mean(d), 5))
			h.Fen[j] = int64(h.Items[j]) * 1200
		}
	}
	return hs
}

func suspended(susp []postcrm.Suspension, office string, d postcrm.Date) bool {
	for _, s := range susp {
		if s.OfficeCode == office && d >= s.From && d <= s.To {
			return true
		}
	}
	return false
}

// gammaPoisson draws a count of mean mu and shape k.
func gammaPoisson(r *rand.Rand, mu, k float64) int {
	if mu <= 0 {
		return 0
	}
	lambda := gamma(r, k) * mu / k
	// Knuth's method in steps, for the small and middling means here.
	n := 0
	for lambda > 0 {
		step := min(lambda, 30)
		lambda -= step
		l, p := math.Exp(-step), 1.0
		for {
			p *= r.Float64()
			if p <= l {
				break
			}
			n++
		}
	}
	return n
}

// gamma draws Gamma(k, 1) by Marsaglia and Tsang (k ≥ 1).
func gamma(r *rand.Rand, k float64) float64 {
	d := k - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		if u := r.Float64(); math.Log(u) < 0.5*x*x+d-d*v+d*math.Log(v) {
			return d * v
		}
	}
}

// province is a mix of ordinary customers in two offices, none changing:
// office shippers, daily shippers, weekly shippers, small and large,
// enough of each for the peer groups to form.
func province() []synth {
	var cs []synth
	rates := []float64{1.5, 3, 6, 12, 25}
	for i := range 200 {
		week := office5
		switch i % 4 {
		case 1:
			week = daily6
		case 3:
			week = monday
		}
		rate := rates[i%len(rates)]
		if week == monday {
			rate *= 4
		}
		office := "13000001"
		if i%2 == 1 {
			office = "13000002"
		}
		cs = append(cs, synth{code: code("N", i), office: office, rate: rate, week: week})
	}
	return cs
}

func code(prefix string, i int) string {
	return fmt.Sprintf("%s%03d", prefix, i)
}

// sweepOf runs the alerts over from..to on the customers' histories drawn
// up to to, at the default levels.
func sweepOf(t *testing.T, cs []synth, from, to postcrm.Date, susp []postcrm.Suspension) []Day {
	t.Helper()
	return sweepWith(t, histories(cs, to, 1, susp), cal, susp, from, to, postcrm.DefaultAlertSettings())
}

// sweepWith runs the alerts over from..to on histories with a calendar,
// the suspensions the store records and the settings.
func sweepWith(t *testing.T, hs []analysis.CustomerHistory, c *calendar.Calendar, susp []postcrm.Suspension, from, to postcrm.Date, set postcrm.AlertSettings) []Day {
	t.Helper()
	customers := make([]postcrm.Customer, len(hs))
	for i := range hs {
		customers[i] = hs[i].Customer
	}
	days, err := sweep(inputs{customers: customers, histories: hs, cal: c, suspensions: susp}, from, to, set, nil)
	if err != nil {
		t.Fatal(err)
	}
	return days
}

// strict is a level at which a customer shipping as usual is practically
// never alerted by chance, while a model blind to the calendar alerts
// many on a holiday: what a test of the calendar needs.
func strict() postcrm.AlertSettings {
	set := postcrm.DefaultAlertSettings()
	set.SilentLevel, set.SlowdownLevel = 1e-6, 1e-6
	return set
}

// raisedOn lists the alerts raised in days by customer.
func raisedOn(days []Day) map[string][]postcrm.Alert {
	out := map[string][]postcrm.Alert{}
	for _, d := range days {
		for _, a := range d.Raised {
			out[a.CustomerCode] = append(out[a.CustomerCode], a)
		}
	}
	return out
}
