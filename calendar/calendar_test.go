package calendar

import (
	"strings"
	"testing"
	"time"

	"postcrm"
)

func TestKnownDays(t *testing.T) {
	c := Default()
	cases := []struct {
		day  postcrm.Date
		kind Kind
	}{
		{20250126, MakeupWorkday}, // Sunday before the 2025 Spring Festival
		{20250208, MakeupWorkday}, // Saturday after it
		{20250127, Workday},
		{20250128, Holiday}, // 除夕
		{20250204, Holiday},
		{20250205, Workday},
		{20250930, Workday},
		{20251001, Holiday},
		{20251008, Holiday},
		{20251009, Workday},
		{20251011, MakeupWorkday},
		{20250308, Weekend},
		{20250309, Weekend},
		{20250310, Workday},
		{20260214, MakeupWorkday},
		{20260215, Holiday},
		{20260223, Holiday},
		{20260228, MakeupWorkday},
		{20231007, MakeupWorkday},
		{20240210, Holiday},
	}
	for _, tc := range cases {
		if got := c.Kind(tc.day); got != tc.kind {
			t.Errorf("Kind(%s) = %s, want %s", tc.day, got, tc.kind)
		}
		wantWork := tc.kind == Workday || tc.kind == MakeupWorkday
		if got := c.IsWorkday(tc.day); got != wantWork {
			t.Errorf("IsWorkday(%s) = %v, want %v", tc.day, got, wantWork)
		}
		if got := c.IsHoliday(tc.day); got != (tc.kind == Holiday) {
			t.Errorf("IsHoliday(%s) = %v", tc.day, got)
		}
	}
	if got := c.Name(20251003); !strings.Contains(got, "国庆节") {
		t.Errorf("Name(2025-10-03) = %q", got)
	}
	if got := c.Name(20250310); got != "" {
		t.Errorf("Name of an ordinary day = %q", got)
	}
}

// The State Council grants 11 statutory holidays a year, 13 from 2025 on;
// every other day off is a weekend or is paid back by a make-up workday, so
// a year's workdays follow from its length and weekends alone.
func TestWorkdaysPerYearMatchStatutoryHolidays(t *testing.T) {
	c := Default()
	for year := 2023; year <= 2028; year++ {
		statutory := 11
		if year >= 2025 {
			statutory = 13
		}
		days, weekends, workdays := 0, 0, 0
		for d := postcrm.NewDate(year, time.January, 1); d.Year() == year; d = d.AddDays(1) {
			days++
			if wd := d.Time().Weekday(); wd == time.Saturday || wd == time.Sunday {
				weekends++
			}
			if c.IsWorkday(d) {
				workdays++
			}
		}
		if want := days - weekends - statutory; workdays != want {
			t.Errorf("%d: %d workdays, want %d", year, workdays, want)
		}
	}
}

func TestSpringFestival(t *testing.T) {
	c := Default()
	want := map[int]postcrm.Date{2023: 20230122, 2024: 20240210, 2025: 20250129, 2026: 20260217, 2027: 20270206, 2028: 20280126}
	for year, sf := range want {
		if got := c.SpringFestival(year); got != sf {
			t.Errorf("SpringFestival(%d) = %s, want %s", year, got, sf)
		}
		for i := 0; i < 3; i++ { // 初一 to 初三 are statutory (除夕 only from 2025)
			if !c.IsHoliday(sf.AddDays(i)) {
				t.Errorf("%d: %s must be a holiday", year, sf.AddDays(i))
			}
		}
		if !c.Covers(year) {
			t.Errorf("Covers(%d) = false", year)
		}
	}
	if c.SpringFestival(2030) != 0 || c.Covers(2030) || c.Covers(2022) {
		t.Error("the calendar must not claim years it does not know")
	}
}

func TestReadDaysRejectsBadTables(t *testing.T) {
	cases := map[string]string{
		"bad header": "date,kind,name\n2025-01-01,放假,元旦\n",
		"bad date":   "日期,安排,节日\n2025-02-30,放假,春节\n",
		"bad kind":   "日期,安排,节日\n2025-01-01,休息,元旦\n",
		"too short":  "日期,安排,节日\n2025-01-01,放假\n",
	}
	for name, text := range cases {
		if _, err := ReadDays(strings.NewReader(text)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestReadDaysOverride(t *testing.T) {
	text := "\ufeff日期,安排,节日\n# 自定义\n2030-02-02,放假,春节\n2030-02-09,上班,春节\n"
	days, err := ReadDays(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(days, []postcrm.Date{20300203})
	if err != nil {
		t.Fatal(err)
	}
	if c.Kind(20300202) != Holiday || c.Kind(20300209) != MakeupWorkday || c.Kind(20300210) != Weekend {
		t.Errorf("override not applied: %s %s %s", c.Kind(20300202), c.Kind(20300209), c.Kind(20300210))
	}
	if !c.Covers(2030) || c.SpringFestival(2030) != 20300203 {
		t.Error("override year not covered")
	}
}

func TestNewRejectsInconsistentDays(t *testing.T) {
	cases := map[string][]Day{
		"duplicate":          {{Date: 20250101, Kind: Holiday}, {Date: 20250101, Kind: Holiday}},
		"make-up on weekday": {{Date: 20250102, Kind: MakeupWorkday}},
		"invalid date":       {{Date: 20250230, Kind: Holiday}},
		"ordinary kind":      {{Date: 20250104, Kind: Weekend}},
	}
	for name, days := range cases {
		if _, err := New(days, nil); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestShoppingFestivals(t *testing.T) {
	cases := []struct {
		day  postcrm.Date
		name string
	}{
		{20250531, ""},
		{20250601, "618"},
		{20250618, "618"},
		{20250621, ""},
		{20251019, ""},
		{20251020, "双十一"},
		{20251111, "双十一"},
		{20251115, "双十一"},
		{20251212, "双十二"},
	}
	for _, tc := range cases {
		f, ok := ShoppingFestivalOn(tc.day)
		if ok != (tc.name != "") || f.Name != tc.name {
			t.Errorf("ShoppingFestivalOn(%s) = %q, %v; want %q", tc.day, f.Name, ok, tc.name)
		}
	}
	for _, f := range ShoppingFestivals(2026) {
		if !(f.RunUp < f.Peak && f.Peak < f.End) {
			t.Errorf("%s: run-up %s, peak %s, end %s out of order", f.Name, f.RunUp, f.Peak, f.End)
		}
	}
}
