package analysis

import (
	"testing"

	"postcrm"
)

// The fast day arithmetic must agree with the time-based one in postcrm
// on every day of the years the analysis can meet.
func TestDayNumberAgreesWithPostcrm(t *testing.T) {
	origin := postcrm.Date(19700101)
	for d := postcrm.Date(20000101); d < 20400101; d = d.AddDays(1) {
		n := dayNumber(d)
		if want := postcrm.DaysBetween(origin, d); n != want {
			t.Fatalf("dayNumber(%s) = %d, want %d", d, n, want)
		}
		if back := dateOfNumber(n); back != d {
			t.Fatalf("dateOfNumber(%d) = %s, want %s", n, back, d)
		}
	}
}
