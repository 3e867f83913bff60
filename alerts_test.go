package postcrm

import (
	"errors"
	"testing"
)

// The default alert settings pass; each setting out of range is refused
// with its code and field.
func TestAlertSettingsValidate(t *testing.T) {
	if err := DefaultAlertSettings().Validate(); err != nil {
		t.Fatalf("defaults refused: %v", err)
	}
	for _, c := range []struct {
		change      func(*AlertSettings)
		code, field string
	}{
		{func(s *AlertSettings) { s.SilentLevel = 0 }, CodeAlertLevel, "silent_level"},
		{func(s *AlertSettings) { s.SlowdownLevel = 0.5 }, CodeAlertLevel, "slowdown_level"},
		{func(s *AlertSettings) { s.RecentDays = 6 }, CodeAlertRecentDays, "recent_days"},
		{func(s *AlertSettings) { s.MinDrop = 1 }, CodeAlertMinDrop, "min_drop"},
	} {
		s := DefaultAlertSettings()
		c.change(&s)
		var e *Error
		if err := s.Validate(); !errors.As(err, &e) || e.Code != c.code || e.Field != c.field || !errors.Is(err, ErrInvalid) {
			t.Errorf("%+v: %v, want %s on %s", s, err, c.code, c.field)
		}
	}
}
