package web

import (
	"strings"
	"testing"
)

// TestWalkinsScope: managers see their scope's walk-ins by value, the
// province all of them; couriers own none and may not open the list.
func TestWalkinsScope(t *testing.T) {
	f := newFixture(t)
	for _, c := range []struct {
		name   string
		phones []string
	}{
		{officeUser, []string{"13900000001"}},
		{cityUser, []string{"13900000001"}},
		{provinceUser, []string{"13900000002", "13900000001"}}, // 120 yuan of value before 90
	} {
		l := getJSON[walkinsList](t, f, c.name, "/api/v1/walkins")
		var phones []string
		for _, w := range l.Walkins {
			phones = append(phones, w.Phone)
		}
		if l.Month != "2026-05" || l.Total != len(c.phones) || strings.Join(phones, ",") != strings.Join(c.phones, ",") {
			t.Errorf("%s: %s %d %v, want %v", c.name, l.Month, l.Total, phones, c.phones)
		}
		html := page(t, f, c.name, "/walkins")
		for _, p := range []string{"13900000001", "13900000002"} {
			if strings.Contains(html, p) != strings.Contains(strings.Join(c.phones, ","), p) {
				t.Errorf("%s's page shows %s: %v", c.name, p, strings.Contains(html, p))
			}
		}
	}
	w := getJSON[walkinsList](t, f, provinceUser, "/api/v1/walkins").Walkins[1]
	if w.PAlive != 0.4 || w.CLV12mFen != 9000 || w.OfficeName != "中华大街营业部" || w.PAlivePercent() != "40%" {
		t.Errorf("walk-in %+v", w)
	}
	if html := page(t, f, provinceUser, "/walkins"); !strings.Contains(html, "40%") || !strings.Contains(html, "90.00") {
		t.Error("the page lacks P(alive) 40% or the value 90.00")
	}
	if resp := f.session(t, courierUser).get("/walkins"); resp.StatusCode != 403 {
		t.Errorf("courier: %d, want 403", resp.StatusCode)
	}
	empty := getJSON[walkinsList](t, f, provinceUser, "/api/v1/walkins?month=2026-04")
	if empty.Total != 0 || len(empty.Walkins) != 0 || empty.Pages != 1 {
		t.Errorf("a month without scores: %+v", empty)
	}
}
