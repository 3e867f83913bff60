package demo

import (
	"math"
	"time"

	"postcrm"
	"postcrm/calendar"
)

// patterns[k][i] is kind k's volume multiplier on day index i: 1 is an
// ordinary weekday. Computed once per window so that the per-customer loop
// only multiplies.
type patterns [numKinds][]float64

func newPatterns(w window, cal *calendar.Calendar) *patterns {
	var p patterns
	for k := range p {
		p[k] = make([]float64, w.Days())
	}
	for i := range w.Days() {
		d := w.Day(i)
		day := dayFacts{
			kind:     cal.Kind(d),
			weekday:  calendar.Weekday(d),
			sf:       springFestivalOffset(cal, d),
			shopping: shoppingFactor(d),
			month:    d.Month(),
		}
		p[KindEcommerce][i] = day.ecommerce()
		p[KindNew][i] = day.ecommerce()
		p[KindEnterprise][i] = day.office(0.8)
		p[KindGovernment][i] = day.office(0.9) * day.yearEnd()
		p[KindSparse][i] = day.sparse()
		p[KindSeasonal][i] = day.seasonal(d)
	}
	return &p
}

type dayFacts struct {
	kind     calendar.Kind
	weekday  time.Weekday
	sf       int // days from the nearest 正月初一
	shopping float64
	month    time.Month
}

// Online shops ship most on Mondays (weekend orders) and least on Sundays.
var shopWeekday = [7]float64{0.86, 1.12, 1.08, 1.04, 1.0, 0.98, 0.92}

func (d dayFacts) ecommerce() float64 {
	f := shopWeekday[d.weekday] * d.shopping * springTrough(d.sf, 0.08)
	if d.kind == calendar.Holiday && abs(d.sf) > 25 {
		f *= 0.75 // other public holidays: couriers and warehouses thin out
	}
	return f
}

// office is the pattern of enterprises and public bodies: they send on
// workdays (make-up weekends included) and never otherwise; before the
// Spring Festival they wind down to preHoliday.
func (d dayFacts) office(preHoliday float64) float64 {
	if d.kind != calendar.Workday && d.kind != calendar.MakeupWorkday {
		return 0
	}
	if d.sf >= -10 && d.sf <= 15 {
		return preHoliday
	}
	return 1
}

// yearEnd: public bodies send more year-end reports in December and January.
func (d dayFacts) yearEnd() float64 {
	if d.month == time.December || d.month == time.January {
		return 1.2
	}
	return 1
}

func (d dayFacts) sparse() float64 {
	f := 1.15
	switch {
	case d.kind == calendar.Holiday:
		f = 0.3
	case d.weekday == time.Saturday:
		f = 0.6
	case d.weekday == time.Sunday:
		f = 0.4
	}
	return f * springTrough(d.sf, 0.3)
}

// Farm produce by month (15th of each month; linear in between): harvest
// from August to November, near silence in spring.
var harvest = [12]float64{0.08, 0.03, 0.02, 0.02, 0.03, 0.06, 0.25, 0.9, 1.8, 2.0, 1.3, 0.35}

func (d dayFacts) seasonal(date postcrm.Date) float64 {
	// Position in months since mid-January, wrapping round the year.
	pos := float64(date.Month()-1) + float64(date.Day()-15)/30
	lo := int(math.Floor(pos))
	frac := pos - float64(lo)
	season := harvest[(lo+12)%12]*(1-frac) + harvest[(lo+13)%12]*frac
	f := season * math.Sqrt(d.shopping) // they sell online too, less eagerly
	if d.kind == calendar.Holiday {
		f *= 0.8
	}
	return f
}

// springFestivalOffset returns d minus the nearest Spring Festival in days.
func springFestivalOffset(cal *calendar.Calendar, d postcrm.Date) int {
	best := math.MaxInt32
	for y := d.Year() - 1; y <= d.Year()+1; y++ {
		if sf := cal.SpringFestival(y); sf != 0 {
			if off := postcrm.DaysBetween(sf, d); abs(off) < abs(best) {
				best = off
			}
		}
	}
	return best
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// springTrough is the Spring Festival dip: shops stop dispatching from
// about 腊月二十 as couriers go home, stay near floor for the first week of
// the new year and recover by the Lantern Festival.
func springTrough(off int, floor float64) float64 {
	switch {
	case off < -25 || off > 20:
		return 1
	case off < -15:
		return lerp(1, 0.6, float64(off+25)/10)
	case off < -9:
		return lerp(0.6, floor*2, float64(off+15)/6)
	case off <= 6:
		return floor
	default:
		return lerp(floor, 1, float64(off-6)/14)
	}
}

func lerp(a, b, t float64) float64 { return a + (b-a)*t }

// festivalPeaks are the parcel multipliers on the festival days.
var festivalPeaks = map[string]float64{"618": 2.2, "双十一": 3.0, "双十二": 1.5}

// shoppingFactor is the online shopping festivals' lift: pre-sales ship
// through the run-up, the peak comes in the days after the festival.
func shoppingFactor(d postcrm.Date) float64 {
	f, ok := calendar.ShoppingFestivalOn(d)
	if !ok {
		return 1
	}
	peak := festivalPeaks[f.Name]
	if d < f.Peak {
		t := float64(postcrm.DaysBetween(f.RunUp, d)) / float64(postcrm.DaysBetween(f.RunUp, f.Peak))
		return lerp(1.2, 1+(peak-1)*0.5, t)
	}
	t := float64(postcrm.DaysBetween(f.Peak, d)) / float64(postcrm.DaysBetween(f.Peak, f.End)+1)
	return lerp(peak, 1.3, t)
}

// Hours of the day (0–23) at which items are accepted.
var (
	pickupHours  = newPicker(0, 0, 0, 0, 0, 0, 0, 0, 0.5, 3, 5, 6, 4, 4, 7, 9, 11, 12, 8, 3, 1, 0, 0, 0)
	officeHours  = newPicker(0, 0, 0, 0, 0, 0, 0, 0, 1, 8, 11, 9, 3, 3, 8, 10, 9, 5, 1, 0, 0, 0, 0, 0)
	counterHours = newPicker(0, 0, 0, 0, 0, 0, 0, 0, 4, 9, 11, 10, 6, 5, 8, 10, 9, 7, 3, 0, 0, 0, 0, 0)
	onlineHours  = newPicker(0, 0, 0, 0, 0, 0, 0, 0, 1, 6, 9, 9, 6, 6, 8, 9, 9, 8, 6, 3, 1, 0, 0, 0)
)

var (
	defaultDest = destPicker(1)
	localDest   = destPicker(3) // public bodies write mostly within the province and to Beijing
)

func destPicker(local float64) picker {
	w := make([]float64, len(destinations))
	for i, d := range destinations {
		w[i] = d.Weight
		if d.Name == "河北" || d.Name == "北京" {
			w[i] *= local
		}
	}
	return newPicker(w...)
}
