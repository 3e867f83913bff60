package demo

import (
	"errors"
	"fmt"
	"time"

	"postcrm"
	"postcrm/calendar"
)

// Scale sizes the synthetic province.
type Scale struct {
	Name              string
	Offices           int     // business offices in all, at least 2 per city
	CouriersPerOffice int     // on average; big offices have more
	Customers         int     // contract customers
	Walkins           int     // walk-in customers over the whole period
	Volume            float64 // multiplies every contract customer's daily rate
	MembersXLSX       bool    // write the members export as .xlsx
}

// The predefined scales.
var (
	Small    = Scale{Name: "small", Offices: 22, CouriersPerOffice: 4, Customers: 300, Walkins: 5000, Volume: 0.3, MembersXLSX: true}
	City     = Scale{Name: "city", Offices: 220, CouriersPerOffice: 6, Customers: 3000, Walkins: 50000, Volume: 0.3}
	Province = Scale{Name: "province", Offices: 550, CouriersPerOffice: 8, Customers: 20000, Walkins: 1000000, Volume: 0.72}
)

// ParseScale returns the predefined scale called name.
func ParseScale(name string) (Scale, error) {
	for _, s := range []Scale{Small, City, Province} {
		if s.Name == name {
			return s, nil
		}
	}
	return Scale{}, fmt.Errorf("没有“%s”这个规模，可选 small、city 或 province", name)
}

// Options control Generate.
type Options struct {
	Dir    string // created if missing
	Scale  Scale  // zero value: Small
	Seed   int64
	End    postcrm.Date // any day of the last month generated; 0: the last complete month before today
	Months int          // months generated, ending with End's month; 0: 22
}

// DefaultMonths is the length of the generated history.
const DefaultMonths = 22

// minMonths leaves a year of history plus the changes to detect after it.
const minMonths = 18

// window is the generated period: whole months, first to last day.
type window struct {
	First, Last postcrm.Date
	Months      int
}

func (o Options) withDefaults(now time.Time) (Options, error) {
	if o.Dir == "" {
		return o, errors.New("没有指定模拟数据的输出目录")
	}
	if o.Scale.Name == "" {
		o.Scale = Small
	}
	if o.Scale.Offices < 2*len(cities) || o.Scale.CouriersPerOffice < 1 || o.Scale.Customers < 1 || o.Scale.Walkins < 1 || o.Scale.Volume <= 0 {
		return o, fmt.Errorf("规模“%s”太小：每个地市至少 2 个营业部，还要有揽投员、协议客户和散户", o.Scale.Name)
	}
	if o.Months == 0 {
		o.Months = DefaultMonths
	}
	if o.Months < minMonths {
		return o, fmt.Errorf("模拟数据至少要生成 %d 个月，现在只要了 %d 个月", minMonths, o.Months)
	}
	if o.End == 0 {
		today := postcrm.DateOf(now)
		o.End = postcrm.NewDate(today.Year(), today.Month(), 0) // last day of the previous month
	}
	if !o.End.Valid() {
		return o, fmt.Errorf("截止日期 %d 不是有效日期", int32(o.End))
	}
	return o, nil
}

func (o Options) window() window {
	last := postcrm.NewDate(o.End.Year(), o.End.Month()+1, 0)
	first := postcrm.NewDate(o.End.Year(), o.End.Month()-time.Month(o.Months-1), 1)
	return window{First: first, Last: last, Months: o.Months}
}

// checkCalendar makes sure every generated year has real holidays: a year
// the calendar does not know would silently lose its Spring Festival.
func (w window) checkCalendar(c *calendar.Calendar) error {
	for y := w.First.Year(); y <= w.Last.Year(); y++ {
		if !c.Covers(y) {
			return fmt.Errorf("节假日表（calendar）里没有 %d 年的放假安排，无法生成这一年的数据", y)
		}
	}
	return nil
}

// Days returns the number of days in the window.
func (w window) Days() int { return postcrm.DaysBetween(w.First, w.Last) + 1 }

// Day returns the date of day index i.
func (w window) Day(i int) postcrm.Date { return w.First.AddDays(i) }

// Index returns the day index of d.
func (w window) Index(d postcrm.Date) int { return postcrm.DaysBetween(w.First, d) }

// Month returns the first and last day index of month m (0-based).
func (w window) Month(m int) (first, last int) {
	start := postcrm.NewDate(w.First.Year(), w.First.Month()+time.Month(m), 1)
	end := postcrm.NewDate(start.Year(), start.Month()+1, 0)
	return w.Index(start), w.Index(end)
}
