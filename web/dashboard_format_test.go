package web

import (
	"strings"
	"testing"
)

// TestDashboardFiguresRead: money cards read in 万 beyond 100,000 yuan;
// the follow-up block says which counts are of every month and that the
// age table leaves the control group out.
func TestDashboardFiguresRead(t *testing.T) {
	for fen, want := range map[int64]string{17739196: "17.74万", 2230864: "22,308.64", 9999999: "99,999.99", -17739196: "-17.74万"} {
		if got := figureYuan(fen); got != want {
			t.Errorf("figureYuan(%d) = %q, want %q", fen, got, want)
		}
	}
	f := newFixture(t)
	page := page(t, f, provinceUser, "/?month=2026-05")
	for _, want := range []string{"逾期未办（各月）", "已升级（各月）"} {
		if !strings.Contains(page, want) {
			t.Errorf("the dashboard lacks %s", want)
		}
	}
}
