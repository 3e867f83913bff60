package calendar

import (
	"os"
	"path/filepath"
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
	text := "\ufeff日期,安排,节日\n# 自定义\n2030-02-02,放假,春节\n2030-02-03,正月初一,春节\n2030-02-09,上班,春节\n"
	days, err := ReadDays(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(days)
	if err != nil {
		t.Fatal(err)
	}
	if c.Kind(20300202) != Holiday || c.Kind(20300203) != Holiday || c.Kind(20300209) != MakeupWorkday || c.Kind(20300210) != Weekend {
		t.Errorf("table not applied: %s %s %s %s", c.Kind(20300202), c.Kind(20300203), c.Kind(20300209), c.Kind(20300210))
	}
	if !c.Covers(2030) || c.SpringFestival(2030) != 20300203 {
		t.Error("table year not covered")
	}
}

// A notice for one year replaces that year's built-in estimate and
// leaves the other years alone.
func TestOverrideReplacesTheTablesSpanOnly(t *testing.T) {
	notice := []Day{ // a made-up 2027 notice: 元旦 on the 1st only, 春节 moved a day
		{Date: 20270101, Kind: Holiday, Name: "元旦"},
		{Date: 20270207, Kind: Holiday, Name: "春节", NewYear: true},
		{Date: 20270208, Kind: Holiday, Name: "春节"},
		{Date: 20271001, Kind: Holiday, Name: "国庆节"},
	}
	base := Default()
	c, err := base.Override(notice)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []postcrm.Date{20270101, 20270207, 20270208, 20271001} {
		if !c.IsHoliday(d) {
			t.Errorf("%s: the notice's holiday is %s", d, c.Kind(d))
		}
	}
	// Built-in 2027 days inside the notice's span that it does not list are
	// ordinary days now: 2027-02-09 (a Tuesday) was a built-in holiday.
	if !base.IsHoliday(20270209) || c.Kind(20270209) != Workday {
		t.Errorf("2027-02-09: built-in %s, overridden %s; want 放假 then 工作日", base.Kind(20270209), c.Kind(20270209))
	}
	if c.SpringFestival(2027) != 20270207 {
		t.Errorf("Spring Festival 2027 = %s, want the notice's 2027-02-07", c.SpringFestival(2027))
	}
	// Outside the span: the built-in table. 2027-10-02..07 lie after the
	// notice's last day.
	for _, d := range []postcrm.Date{20261001, 20260217, 20280126, 20271004} {
		if c.Kind(d) != base.Kind(d) || c.Name(d) != base.Name(d) {
			t.Errorf("%s outside the notice: %s, built-in %s", d, c.Kind(d), base.Kind(d))
		}
	}
	for year := 2023; year <= 2028; year++ {
		if year != 2027 && c.SpringFestival(year) != base.SpringFestival(year) {
			t.Errorf("Spring Festival %d moved to %s", year, c.SpringFestival(year))
		}
	}
}

// A table that lists a year's days without marking 正月初一 keeps the
// built-in date of the festival.
func TestOverrideKeepsKnownSpringFestival(t *testing.T) {
	c, err := Default().Override([]Day{{Date: 20260101, Kind: Holiday}, {Date: 20261231, Kind: Holiday}})
	if err != nil {
		t.Fatal(err)
	}
	if c.SpringFestival(2026) != 20260217 || c.IsHoliday(20260217) {
		t.Errorf("2026: festival %s, 2026-02-17 %s; want the built-in date, a workday as the table says", c.SpringFestival(2026), c.Kind(20260217))
	}
}

func TestLoadExtendsTheCalendar(t *testing.T) {
	path := filepath.Join(t.TempDir(), "holidays-2029.csv")
	text := "日期,安排,节日\n2028-12-30,放假,元旦\n2028-12-31,放假,元旦\n2029-01-01,放假,元旦\n2029-02-13,正月初一,春节\n2029-02-14,放假,春节\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	c, _, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Covers(2029) || c.SpringFestival(2029) != 20290213 || !c.IsHoliday(20281230) {
		t.Errorf("2029 not loaded: covers %v, festival %s", c.Covers(2029), c.SpringFestival(2029))
	}
	if c.SpringFestival(2028) != 20280126 || !c.IsHoliday(20281002) {
		t.Error("2028 lost its built-in days")
	}
	if _, _, err := Load(filepath.Join(t.TempDir(), "missing.csv")); err == nil {
		t.Error("a missing file loaded")
	}
	bad := filepath.Join(t.TempDir(), "bad.csv")
	if err := os.WriteFile(bad, []byte("日期,安排,节日\n2029-02-13,正月初一,春节\n2029-02-20,正月初一,春节\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Load(bad); err == nil || !strings.Contains(err.Error(), "两个正月初一") || !strings.Contains(err.Error(), "bad.csv") {
		t.Errorf("two 正月初一 in 2029: %v", err)
	}
}

func TestNewRejectsInconsistentDays(t *testing.T) {
	cases := map[string][]Day{
		"duplicate":          {{Date: 20250101, Kind: Holiday}, {Date: 20250101, Kind: Holiday}},
		"make-up on weekday": {{Date: 20250102, Kind: MakeupWorkday}},
		"invalid date":       {{Date: 20250230, Kind: Holiday}},
		"ordinary kind":      {{Date: 20250104, Kind: Weekend}},
		"初一 made up":         {{Date: 20250104, Kind: MakeupWorkday, NewYear: true}},
	}
	for name, days := range cases {
		if _, err := New(days); err == nil {
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
