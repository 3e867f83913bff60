package analysis

import (
	"postcrm"
	"postcrm/calendar"
)

// A day's calendar position, as the model's factors see it.
const (
	numClasses   = 9 // Sunday..Saturday of ordinary weeks, then:
	classMakeup  = 7 // 调休上班: a weekend day worked
	classHoliday = 8 // 放假

	// Spring Festival window: weekly bins by days from 正月初一, bin 0
	// outside the window.
	numSF    = 9
	sfBefore = 28 // first day of the window, before 正月初一
	sfAfter  = 27 // last day of the window, after it

	// Shopping festivals: early run-up, late run-up, peak and dispatch
	// tail for each of 618, 双十一 and 双十二; bin 0 is an ordinary day.
	numFest = 10
)

// cellKey groups the days whose expectation differs only by the slowly
// moving level: same month, day class and window bins. The model is
// fitted on cells rather than days, which makes it a few hundred sums per
// customer instead of seven hundred days.
type cellKey struct {
	month           int // months since the table's first month
	class, sf, fest uint8
}

type cell struct {
	cellKey
	moy   uint8   // month of year 0..11
	years float64 // its month's position in years, 0 for the analysed month
}

// dayTable describes every day of the analysis span, shared by all
// customers.
type dayTable struct {
	first     int // day number of the span's first day
	firstMon  postcrm.Month
	cellOf    []uint16
	cells     []cell
	wMonth    int   // span month index of the judged window's first month
	mStart    int   // day index of the judged window's first day
	end       int   // day index of its last day, the analysed month's last
	monthEnds []int // day index after the last day of each month of the span
}

// newDayTable lays out the days from first to mLast, a day of month
// (its last for the monthly judgement); the judged window is the last
// months months of it.
func newDayTable(cal *calendar.Calendar, first postcrm.Date, month postcrm.Month, months int, mLast postcrm.Date) *dayTable {
	mFirst := month.Add(1 - months).First()
	t := &dayTable{first: dayNumber(first), firstMon: first.YearMonth()}
	n := dayNumber(mLast) - t.first + 1
	t.mStart = dayNumber(mFirst) - t.first
	t.wMonth = mFirst.YearMonth().Since(t.firstMon)
	t.end = n - 1
	t.cellOf = make([]uint16, n)
	index := map[cellKey]int{}
	fest := newFestivalBins()
	for i := range n {
		d := dateOfNumber(t.first + i)
		k := cellKey{
			month: d.YearMonth().Since(t.firstMon),
			class: dayClass(cal, d),
			sf:    springFestivalBin(cal, d),
			fest:  fest.bin(d),
		}
		if k.month >= len(t.monthEnds) {
			t.monthEnds = append(t.monthEnds, 0)
		}
		t.monthEnds[k.month] = i + 1
		c, ok := index[k]
		if !ok {
			c = len(t.cells)
			index[k] = c
			t.cells = append(t.cells, cell{cellKey: k, moy: uint8(d.Month() - 1)})
		}
		t.cellOf[i] = uint16(c)
	}
	for c := range t.cells {
		t.cells[c].years = float64(t.cells[c].month-t.monthOfAnalysis()) / 12
	}
	return t
}

// monthStart returns the day index of the first day of the span's month m.
func (t *dayTable) monthStart(m int) int {
	if m <= 0 {
		return 0
	}
	return t.monthEnds[m-1]
}

// monthOfAnalysis is the span month index of the analysed month.
func (t *dayTable) monthOfAnalysis() int { return len(t.monthEnds) - 1 }

func dayClass(cal *calendar.Calendar, d postcrm.Date) uint8 {
	switch cal.Kind(d) {
	case calendar.Holiday:
		return classHoliday
	case calendar.MakeupWorkday:
		return classMakeup
	}
	return uint8(calendar.Weekday(d))
}

// springFestivalBin is the week of the Spring Festival window d falls in;
// the trough moves by up to a month between years, so it is placed by the
// days from 正月初一, not by the calendar month.
func springFestivalBin(cal *calendar.Calendar, d postcrm.Date) uint8 {
	n := dayNumber(d)
	for y := d.Year(); y <= d.Year()+1; y++ {
		sf := cal.SpringFestival(y)
		if sf == 0 {
			continue
		}
		if off := n - dayNumber(sf); off >= -sfBefore && off <= sfAfter {
			return uint8(1 + (off+sfBefore)/7)
		}
	}
	return 0
}

// festivalBins places days in the shopping festivals' bins, caching each
// year's festivals.
type festivalBins map[int][]calendar.ShoppingFestival

func newFestivalBins() festivalBins { return festivalBins{} }

func (f festivalBins) bin(d postcrm.Date) uint8 {
	fs, ok := f[d.Year()]
	if !ok {
		fs = calendar.ShoppingFestivals(d.Year())
		f[d.Year()] = fs
	}
	for i, sf := range fs {
		if i >= 3 || d < sf.RunUp || d > sf.End {
			continue
		}
		base := uint8(1 + 3*i)
		switch {
		case d >= sf.Peak:
			return base + 2
		case dayNumber(d)-dayNumber(sf.RunUp) >= (dayNumber(sf.Peak)-dayNumber(sf.RunUp))/2:
			return base + 1
		}
		return base
	}
	return 0
}
