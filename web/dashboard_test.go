package web

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// fixtureItems is how many items each fixture customer sent in May 2026
// (one a day on 20 days), at 12 yuan each.
const fixtureItems = 20

// TestDashboardPerRole: each role's figures and warning counts cover
// exactly its scope, and the page shows them with the trend charts.
func TestDashboardPerRole(t *testing.T) {
	f := newFixture(t)
	// Customers in each walker's scope (visibleCustomers inverted).
	inScope := map[string]int{}
	for _, who := range visibleCustomers {
		for _, name := range who {
			inScope[name]++
		}
	}
	for _, name := range walkers {
		t.Run(name, func(t *testing.T) {
			d := getJSON[dashboard](t, f, name, "/api/v1/dashboard")
			if d.Month != "2026-05" {
				t.Errorf("default month %s, want the latest analysed 2026-05", d.Month)
			}
			n := int64(inScope[name])
			if d.Current.ContractItems != n*fixtureItems || d.Current.ContractFen != n*fixtureItems*1200 || d.Current.WalkinItems != 0 {
				t.Errorf("current %+v, want %d customers' items", d.Current, n)
			}
			if d.PreviousMonth.Month != "2026-04" || d.SameMonthLastY.Month != "2025-05" || d.PreviousMonth.Items() != 0 {
				t.Errorf("comparisons %+v %+v", d.PreviousMonth, d.SameMonthLastY)
			}
			if len(d.Trend) != trendMonths || d.Trend[0].Month != "2024-06" || d.Trend[trendMonths-1] != d.Current {
				t.Errorf("trend %d months from %s", len(d.Trend), d.Trend[0].Month)
			}
			for _, k := range d.Warnings {
				want := 0
				if k.Kind == "decline" {
					want = inScope[name]
				}
				if k.Count != want {
					t.Errorf("%s warnings: %d, want %d", k.Kind, k.Count, want)
				}
			}

			html := page(t, f, name, "/")
			count := regexp.MustCompile(`data-kind="decline"><a href="[^"]*">[^<]*</a> <strong class="count">(\d+)</strong>`).FindStringSubmatch(html)
			if count == nil || count[1] != strconv.Itoa(inScope[name]) {
				t.Errorf("decline count on the page: %v, want %d", count, inScope[name])
			}
			courier := name == courierUser
			figures := 6
			if courier {
				figures = 2
			}
			if strings.Count(html, `class="chart" viewBox`) != 2 || strings.Count(html, `class="sparkline"`) != figures || !strings.Contains(html, `role="img"`) {
				t.Errorf("the page lacks its two charts or a sparkline per figure")
			}
			if strings.Contains(html, zhMessages["dashboard.walkin_items"]) == courier || strings.Contains(html, `data-kind="walkin_churn"`) == courier {
				t.Errorf("walk-in figures shown to %s: %v", name, !courier)
			}
		})
	}
}

func TestDashboardMonthAndLanguage(t *testing.T) {
	f := newFixture(t)
	d := getJSON[dashboard](t, f, provinceUser, "/api/v1/dashboard?month=2026-06")
	if d.Month != "2026-06" || d.PreviousMonth.ContractItems != 4*fixtureItems || d.Current.Items() != 0 {
		t.Errorf("June: %+v against %+v", d.Current, d.PreviousMonth)
	}
	html := page(t, f, provinceUser, "/?month=2026-06&lang=en")
	for _, want := range []string{enMessages["dashboard.title"], enMessages["dashboard.vs_prev"], `value="2026-06"`, "-100.0%"} {
		if !strings.Contains(html, want) {
			t.Errorf("English June dashboard lacks %q", want)
		}
	}
}
