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

func TestMonthArithmetic(t *testing.T) {
	for _, c := range []struct {
		month, n, want int
	}{{202601, -1, 202512}, {202512, 1, 202601}, {202602, -14, 202412}, {202406, 24, 202606}} {
		if got := addMonths(c.month, c.n); got != c.want {
			t.Errorf("addMonths(%d, %d) = %d, want %d", c.month, c.n, got, c.want)
		}
	}
	first, last := monthBounds(202402)
	if first != 20240201 || last != 20240229 {
		t.Errorf("monthBounds(202402) = %s..%s", first, last)
	}
	if _, last := monthBounds(202512); last != 20251231 {
		t.Errorf("monthBounds(202512) ends %s", last)
	}
}
