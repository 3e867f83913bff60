package demo

import (
	"strings"
	"testing"
	"time"

	"postcrm"
)

func TestOptionsDefaults(t *testing.T) {
	now := time.Date(2026, time.November, 29, 10, 0, 0, 0, postcrm.ChinaTime)
	o, err := Options{Dir: "x"}.withDefaults(now)
	if err != nil {
		t.Fatal(err)
	}
	w := o.window()
	if o.Scale.Name != "small" || w.Months != 22 || w.First != 20250101 || w.Last != 20261031 {
		t.Errorf("defaults: scale %s, %d months %s…%s; want small, 22 months 2025-01-01…2026-10-31", o.Scale.Name, w.Months, w.First, w.Last)
	}
	o, _ = Options{Dir: "x", End: 20240215, Months: 18}.withDefaults(now)
	w = o.window()
	if w.First != 20220901 || w.Last != 20240229 || w.Days() != 547 {
		t.Errorf("18 months to February 2024: %s…%s, %d days", w.First, w.Last, w.Days())
	}
	if first, last := w.Month(17); w.Day(first) != 20240201 || w.Day(last) != 20240229 {
		t.Errorf("last month: %s…%s", w.Day(first), w.Day(last))
	}
}

func TestOptionsRejected(t *testing.T) {
	now := time.Now()
	cases := map[string]Options{
		"no directory":  {},
		"short history": {Dir: "x", Months: 12},
		"bad end":       {Dir: "x", End: 20251340},
		"tiny scale":    {Dir: "x", Scale: Scale{Name: "tiny", Offices: 5, CouriersPerOffice: 1, Customers: 1, Walkins: 1, Volume: 1}},
	}
	for name, o := range cases {
		if _, err := o.withDefaults(now); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := Generate(Options{Dir: t.TempDir(), End: 20320601}); err == nil || !strings.Contains(err.Error(), "节假日表") {
		t.Errorf("a period the holiday calendar does not know: %v", err)
	}
	if _, err := ParseScale("county"); err == nil {
		t.Error("unknown scale accepted")
	}
	if s, err := ParseScale("province"); err != nil || s != Province {
		t.Errorf("ParseScale(province) = %v, %v", s, err)
	}
}

// The province scale's org must fit the office names available.
func TestProvinceOrg(t *testing.T) {
	p := &province{seed: 1, scale: Province}
	r := newRNG(1, streamOrg, 1)
	p.phones = newPhoneBook(&r, 0)
	if err := p.buildOrg(); err != nil {
		t.Fatal(err)
	}
	couriers := 0
	for _, s := range p.staff {
		if s.Role == postcrm.RoleCourier {
			couriers++
		}
	}
	if len(p.offices) != Province.Offices || couriers < 4000 || couriers > 6500 {
		t.Errorf("province: %d offices, %d couriers; want %d offices and about 5,000 couriers", len(p.offices), couriers, Province.Offices)
	}
}

func TestNames(t *testing.T) {
	u := uniqueNamer{}
	same := func() string { return "冀华商贸有限公司" }
	got := []string{u.name(same), u.name(same), u.name(same)}
	want := []string{"冀华商贸有限公司", "冀华商贸有限公司第二分部", "冀华商贸有限公司第三分部"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("name %d = %s, want %s", i, got[i], want[i])
		}
	}
	if branchName(12) != "第十二分部" || branchName(20) != "第二十分部" || branchName(10) != "第十分部" {
		t.Errorf("branch names: %s %s %s", branchName(12), branchName(20), branchName(10))
	}
	for full, short := range map[string]string{"正定县": "正定", "赵县": "赵县", "辛集市": "辛集", "围场满族蒙古族自治县": "围场", "藁城区": "藁城"} {
		if got := shortPlace(full); got != short {
			t.Errorf("shortPlace(%s) = %s, want %s", full, got, short)
		}
	}
}
