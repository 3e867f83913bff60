package analysis

import "postcrm"

// dayNumber returns the days from 1970-01-01 to d. The analysis walks
// millions of days; postcrm.DaysBetween goes through time.Time and is too
// slow for that, so this is the civil-calendar arithmetic of
// H. Hinnant's days_from_civil.
func dayNumber(d postcrm.Date) int {
	y, m, day := d.Year(), int(d.Month()), d.Day()
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// dateOfNumber is the inverse of dayNumber.
func dateOfNumber(n int) postcrm.Date {
	z := n + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	y := yoe + era*400
	if m <= 2 {
		y++
	}
	return postcrm.Date(y*10000 + m*100 + d)
}
