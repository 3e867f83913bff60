// Package calendar knows China's working calendar: public holidays and the
// weekend days worked in exchange (调休上班) as the State Council announces
// them, the Spring Festival dates, and the online shopping festivals that
// drive parcel volume.
//
// The holiday table is data (holidays.csv, embedded) rather than rules,
// because the announced schedule follows no formula and 正月初一 follows
// the lunar calendar; ReadDays parses the same format, and Override and
// Load lay a newer table over the built-in one.
package calendar

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
	"time"

	"postcrm"
)

// Kind classifies a day for working purposes.
type Kind uint8

const (
	Workday       Kind = iota // ordinary Monday–Friday
	Weekend                   // ordinary Saturday or Sunday
	Holiday                   // 放假: a day of a public holiday break, weekends inside it included
	MakeupWorkday             // 调休上班: a weekend day worked in exchange for a holiday
)

func (k Kind) String() string {
	switch k {
	case Workday:
		return "工作日"
	case Weekend:
		return "周末"
	case Holiday:
		return "放假"
	case MakeupWorkday:
		return "调休上班"
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// Day is one entry of the holiday table: a holiday or a make-up workday.
type Day struct {
	Date    postcrm.Date
	Kind    Kind   // Holiday or MakeupWorkday
	Name    string // the festival, e.g. 春节
	NewYear bool   // 正月初一 (a Holiday): places the Spring Festival of its year
}

// Calendar answers questions about days. It is immutable and safe for
// concurrent use.
type Calendar struct {
	days           map[postcrm.Date]Day
	springFestival map[int]postcrm.Date
}

//go:embed holidays.csv
var holidaysCSV string

// Default returns the built-in calendar for 2023–2028.
func Default() *Calendar { return builtIn() }

var builtIn = sync.OnceValue(func() *Calendar {
	days, err := ReadDays(strings.NewReader(holidaysCSV))
	if err != nil {
		panic(fmt.Sprintf("calendar: built-in holidays.csv: %v", err))
	}
	c, err := New(days)
	if err != nil {
		panic(fmt.Sprintf("calendar: built-in table: %v", err))
	}
	return c
})

// New builds a calendar from a holiday table; the days marked NewYear give
// the Spring Festival dates.
func New(days []Day) (*Calendar, error) {
	c := &Calendar{
		days:           make(map[postcrm.Date]Day, len(days)),
		springFestival: make(map[int]postcrm.Date),
	}
	for _, d := range days {
		if err := validDay(d); err != nil {
			return nil, err
		}
		if _, dup := c.days[d.Date]; dup {
			return nil, fmt.Errorf("%s 重复出现", d.Date)
		}
		c.days[d.Date] = d
		if d.NewYear {
			if sf, dup := c.springFestival[d.Date.Year()]; dup {
				return nil, fmt.Errorf("%d 年有两个正月初一：%s 和 %s", d.Date.Year(), sf, d.Date)
			}
			c.springFestival[d.Date.Year()] = d.Date
		}
	}
	return c, nil
}

func validDay(d Day) error {
	if !d.Date.Valid() {
		return fmt.Errorf("%d 不是有效日期", int32(d.Date))
	}
	switch d.Kind {
	case Holiday:
	case MakeupWorkday:
		if d.NewYear {
			return fmt.Errorf("%s 是正月初一，不能是调休上班", d.Date)
		}
		if !isWeekend(d.Date) {
			return fmt.Errorf("%s 是周一至周五，不需要调休上班", d.Date)
		}
	default:
		return fmt.Errorf("%s 的安排只能是放假或上班", d.Date)
	}
	return nil
}

// Weekday returns the day of the week of d.
func Weekday(d postcrm.Date) time.Weekday { return d.Time().Weekday() }

func isWeekend(d postcrm.Date) bool {
	wd := Weekday(d)
	return wd == time.Saturday || wd == time.Sunday
}

// Kind classifies d; days outside the table are ordinary workdays or
// weekends.
func (c *Calendar) Kind(d postcrm.Date) Kind {
	if day, ok := c.days[d]; ok {
		return day.Kind
	}
	if isWeekend(d) {
		return Weekend
	}
	return Workday
}

// IsWorkday reports whether offices and enterprises work on d (make-up
// weekend days included).
func (c *Calendar) IsWorkday(d postcrm.Date) bool {
	k := c.Kind(d)
	return k == Workday || k == MakeupWorkday
}

// IsHoliday reports whether d is part of a public holiday break.
func (c *Calendar) IsHoliday(d postcrm.Date) bool { return c.Kind(d) == Holiday }

// Name returns the festival d belongs to (for holidays and make-up
// workdays), or "".
func (c *Calendar) Name(d postcrm.Date) string { return c.days[d].Name }

// SpringFestival returns 正月初一 of year, or 0 when the calendar does not
// know it.
func (c *Calendar) SpringFestival(year int) postcrm.Date { return c.springFestival[year] }

// Covers reports whether the calendar knows year's holidays, i.e. whether
// its answers for that year are more than a weekend rule.
func (c *Calendar) Covers(year int) bool {
	if c.springFestival[year] == 0 {
		return false
	}
	for d := range c.days {
		if d.Year() == year {
			return true
		}
	}
	return false
}
