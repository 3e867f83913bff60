package postcrm

import (
	"strings"
	"testing"
	"time"
)

func TestMonthAdd(t *testing.T) {
	for _, c := range []struct {
		m    Month
		n    int
		want Month
	}{{202611, 1, 202612}, {202612, 1, 202701}, {202612, 2, 202702}, {202601, -1, 202512},
		{202605, 0, 202605}, {202602, -14, 202412}, {202406, 24, 202606}, {200001, -1, 199912}, {202601, -25, 202312}} {
		if got := c.m.Add(c.n); got != c.want {
			t.Errorf("%d.Add(%d) = %d, want %d", c.m, c.n, got, c.want)
		}
		if c.n == 1 && c.m.Next() != c.want || c.n == -1 && c.m.Prev() != c.want {
			t.Errorf("%d: Next %d, Prev %d", c.m, c.m.Next(), c.m.Prev())
		}
		if got := c.want.Since(c.m); got != c.n {
			t.Errorf("%d.Since(%d) = %d, want %d", c.want, c.m, got, c.n)
		}
	}
	// Every month of four centuries, against the calendar of package time.
	for m := Month(190001); m < 230001; m = m.Next() {
		first := time.Date(m.Year(), m.Month(), 1, 12, 0, 0, 0, ChinaTime)
		next := first.AddDate(0, 1, 0)
		if m.First() != DateOf(first) || m.Last() != DateOf(next.AddDate(0, 0, -1)) {
			t.Fatalf("%s: %s..%s, want %s..%s", m, m.First(), m.Last(), DateOf(first), DateOf(next.AddDate(0, 0, -1)))
		}
		if !m.Valid() || NewMonth(first.Year(), first.Month()) != m || DateOf(first).YearMonth() != m || m.Next() != DateOf(next).YearMonth() {
			t.Fatalf("%d: valid %v, NewMonth %d, Next %d", m, m.Valid(), NewMonth(first.Year(), first.Month()), m.Next())
		}
	}
}

func TestNewMonthNormalises(t *testing.T) {
	for _, c := range []struct {
		y    int
		m    time.Month
		want Month
	}{{2026, 13, 202701}, {2026, 0, 202512}, {2026, -11, 202501}, {2026, -12, 202412}, {2026, 25, 202801}} {
		if got := NewMonth(c.y, c.m); got != c.want {
			t.Errorf("NewMonth(%d, %d) = %d, want %d", c.y, c.m, got, c.want)
		}
	}
}

func TestMonthText(t *testing.T) {
	for _, c := range []struct {
		m    Month
		text string
	}{{202603, "2026-03"}, {202612, "2026-12"}, {190001, "1900-01"}, {0, ""}} {
		if got := c.m.String(); got != c.text {
			t.Errorf("%d.String() = %q, want %q", c.m, got, c.text)
		}
		if c.m == 0 {
			continue
		}
		if back, err := ParseMonth(c.text); err != nil || back != c.m {
			t.Errorf("ParseMonth(%q) = %d, %v", c.text, back, err)
		}
	}
	for _, bad := range []string{"", "2026", "2026-13", "2026-00", "2026-3", "202603", "2026/03", "2026-03-01", "-026-03", "2026--3", "2026-+3", "abcd-ef", "0000-01"} {
		m, err := ParseMonth(bad)
		if err == nil {
			t.Errorf("ParseMonth(%q) = %d, want an error", bad, m)
		} else if !strings.Contains(err.Error(), "YYYY-MM") || !strings.Contains(err.Error(), bad) {
			t.Errorf("ParseMonth(%q): error %q does not say what was wanted and what came", bad, err)
		}
	}
}

func TestMonthValid(t *testing.T) {
	for m, want := range map[Month]bool{202601: true, 202612: true, 190001: true, 202600: false, 202613: false, 189912: false, 0: false, -202601: false} {
		if m.Valid() != want {
			t.Errorf("%d.Valid() = %v", m, !want)
		}
	}
}

func TestMonthDays(t *testing.T) {
	for m, want := range map[Month]int{202402: 29, 202302: 28, 190002: 28, 200002: 29, 202604: 30, 202612: 31} {
		if got := m.Days(); got != want {
			t.Errorf("%d.Days() = %d, want %d", m, got, want)
		}
	}
}
