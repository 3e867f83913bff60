package postcrm

import (
	"fmt"
	"strconv"
	"time"
)

// Month is a calendar month stored as the integer YYYYMM, as Date is a day
// stored as YYYYMMDD: sortable, readable in SQL, and a Date's month is
// Date/100 in either SQL dialect. The stores, the JSON and the CSV files
// carry it as that integer; people read it as String, "YYYY-MM".
type Month int

// NewMonth builds a Month from its parts; an out-of-range month of the year
// is normalised the way time.Date does (month 13 is January of the next
// year, month 0 December of the year before).
func NewMonth(year int, month time.Month) Month {
	k := year*12 + int(month) - 1
	y := floorDiv(k, 12)
	return Month(y*100 + k - y*12 + 1)
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// ParseMonth reads "YYYY-MM" (as an <input type="month"> sends it and the
// command line takes it).
func ParseMonth(s string) (Month, error) {
	if len(s) == 7 && s[4] == '-' {
		y, yerr := strconv.Atoi(s[:4])
		m, merr := strconv.Atoi(s[5:])
		if yerr == nil && merr == nil && y >= 1 && m >= 1 && m <= 12 && s[0] != '+' && s[0] != '-' && s[5] != '+' && s[5] != '-' {
			return Month(y*100 + m), nil
		}
	}
	return 0, fmt.Errorf("月份应为 YYYY-MM，例如 2026-10：%q", s)
}

// Year and Month split the month.
func (m Month) Year() int         { return int(m) / 100 }
func (m Month) Month() time.Month { return time.Month(int(m) % 100) }

// Valid reports whether m is a real month (of a year from 1900 on).
func (m Month) Valid() bool {
	return m >= 190001 && m.Month() >= 1 && m.Month() <= 12
}

// String is "YYYY-MM"; the zero Month is "".
func (m Month) String() string {
	if m == 0 {
		return ""
	}
	return fmt.Sprintf("%04d-%02d", m.Year(), int(m.Month()))
}

// Add moves m by n months (n may be negative).
func (m Month) Add(n int) Month { return NewMonth(m.Year(), m.Month()+time.Month(n)) }

// Next and Prev are the months after and before m.
func (m Month) Next() Month { return m.Add(1) }
func (m Month) Prev() Month { return m.Add(-1) }

// Since returns m − a in months.
func (m Month) Since(a Month) int {
	return (m.Year()-a.Year())*12 + int(m.Month()) - int(a.Month())
}

// First and Last are the first and last days of m.
func (m Month) First() Date { return Date(int(m)*100 + 1) }
func (m Month) Last() Date  { return Date(int(m)*100 + m.Days()) }

// Days is how many days m has.
func (m Month) Days() int {
	switch m.Month() {
	case time.February:
		if y := m.Year(); y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}
