package hub

import (
	"errors"
	"time"

	"postcrm"
)

// Settings are a hub's own rules; the board reads them on every
// computation, so a change shows at the next refresh. No threshold of the
// board is written anywhere else.
type Settings struct {
	Hub string
	// Threshold: a vehicle waiting at least this long is over it
	// (超过阈值待卸).
	Threshold time.Duration
	// Colour bands of the over-threshold tile: amber from AmberAt
	// vehicles, red from RedAt.
	AmberAt, RedAt int
	// Shift times as minutes after midnight: the early shift runs from
	// EarlyStart to LateStart, the late shift from LateStart to the next
	// day's EarlyStart.
	EarlyStart, LateStart int
	// Unloading standards, pieces per hour: a dock crew, a volunteer.
	PiecesPerCrewHour      int
	PiecesPerVolunteerHour int
	// RateWindow is how far back the measured unloading rate looks.
	RateWindow time.Duration
	// Target is when the manager wants the over-threshold queue gone;
	// zero: no target.
	Target time.Time
}

// DefaultSettings are a new hub's settings until its manager changes
// them: the 24 hours a vehicle may wait, shifts at 08:00 and 20:00.
func DefaultSettings(hub string) Settings {
	return Settings{
		Hub: hub, Threshold: 24 * time.Hour, AmberAt: 1, RedAt: 50,
		EarlyStart: 8 * 60, LateStart: 20 * 60,
		PiecesPerCrewHour: 3000, PiecesPerVolunteerHour: 300,
		RateWindow: 3 * time.Hour,
	}
}

// Validate checks settings a manager saves.
func (s Settings) Validate() error {
	var errs []error
	if s.Threshold < time.Hour || s.Threshold > 14*24*time.Hour {
		errs = append(errs, bad("settings.threshold", "threshold_hours", "阈值应在 1 到 336 小时之间"))
	}
	if s.AmberAt < 0 || s.RedAt < s.AmberAt {
		errs = append(errs, bad("settings.bands", "red_at", "红色起点不能小于黄色起点"))
	}
	if s.EarlyStart < 0 || s.EarlyStart >= s.LateStart || s.LateStart >= 24*60 {
		errs = append(errs, bad("settings.shifts", "late_start", "晚班开始应晚于早班开始，且都在当天之内"))
	}
	if s.PiecesPerCrewHour < 0 || s.PiecesPerVolunteerHour <= 0 {
		errs = append(errs, bad("settings.standards", "pieces_per_volunteer_hour", "卸车标准应为正数"))
	}
	if s.RateWindow < 15*time.Minute || s.RateWindow > 24*time.Hour {
		errs = append(errs, bad("settings.window", "rate_window_hours", "实测速度的时段应在 0.25 到 24 小时之间"))
	}
	return errors.Join(errs...)
}

// Band is the colour of a count by the settings' bands.
func (s Settings) Band(n int) string {
	switch {
	case n >= s.RedAt && s.RedAt > 0:
		return "red"
	case n >= s.AmberAt && s.AmberAt > 0:
		return "amber"
	}
	return "green"
}

// ShiftAt is the shift running at t, the day it belongs to (a late shift
// after midnight is the previous day's) and its start and end.
func (s Settings) ShiftAt(t time.Time) (day postcrm.Date, shift Shift, start, end time.Time) {
	t = t.In(postcrm.ChinaTime)
	midnight := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, postcrm.ChinaTime)
	m := t.Hour()*60 + t.Minute()
	at := func(base time.Time, minutes int) time.Time { return base.Add(time.Duration(minutes) * time.Minute) }
	switch {
	case m >= s.EarlyStart && m < s.LateStart:
		return postcrm.DateOf(midnight), Early, at(midnight, s.EarlyStart), at(midnight, s.LateStart)
	case m >= s.LateStart:
		return postcrm.DateOf(midnight), Late, at(midnight, s.LateStart), at(midnight.AddDate(0, 0, 1), s.EarlyStart)
	}
	prev := midnight.AddDate(0, 0, -1)
	return postcrm.DateOf(prev), Late, at(prev, s.LateStart), at(midnight, s.EarlyStart)
}
