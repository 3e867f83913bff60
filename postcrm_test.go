package postcrm

import (
	"testing"
	"time"
)

func TestDateArithmetic(t *testing.T) {
	d := NewDate(2024, time.February, 28)
	if got := d.AddDays(1); got != 20240229 {
		t.Errorf("leap day: got %v", got)
	}
	if got := d.AddDays(2); got != 20240301 {
		t.Errorf("month roll-over: got %v", got)
	}
	if got := NewDate(2026, time.January, 1).AddDays(-1); got != 20251231 {
		t.Errorf("year roll-back: got %v", got)
	}
	if n := DaysBetween(20250101, 20260101); n != 365 {
		t.Errorf("DaysBetween a year = %d", n)
	}
	if n := DaysBetween(20250301, 20250227); n != -2 {
		t.Errorf("DaysBetween backwards = %d", n)
	}
	if d.String() != "2024-02-28" || d.YearMonth() != 202402 || Date(0).String() != "" {
		t.Errorf("formatting: %q %d", d.String(), d.YearMonth())
	}
	for _, bad := range []Date{0, 20250230, 20251301, 20250000} {
		if bad.Valid() {
			t.Errorf("%d reported valid", bad)
		}
	}
}

// A waybill accepted at 23:30 China time on the last day of a month
// belongs to that day, whatever the machine's time zone.
func TestDateOfUsesChinaTime(t *testing.T) {
	utc := time.Date(2025, 3, 31, 15, 30, 0, 0, time.UTC) // 23:30 in Beijing
	if got := DateOf(utc); got != 20250331 {
		t.Errorf("DateOf = %v, want 2025-03-31", got)
	}
	if got := DateOf(utc.Add(time.Hour)); got != 20250401 {
		t.Errorf("DateOf an hour later = %v, want 2025-04-01", got)
	}
	if w := (Waybill{AcceptedAt: utc}); !w.Walkin() || w.Day() != 20250331 {
		t.Errorf("waybill day %v walk-in %v", w.Day(), w.Walkin())
	}
}

func TestRoleLabel(t *testing.T) {
	for r, want := range map[Role]string{RoleCourier: "揽投员", RoleOfficeManager: "营业部经理",
		RoleCityManager: "地市管理员", RoleProvinceAdmin: "省市场部", Role("auditor"): "auditor"} {
		if got := r.Label(); got != want {
			t.Errorf("%q.Label() = %q, want %q", r, got, want)
		}
	}
}
