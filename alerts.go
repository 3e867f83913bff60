package postcrm

import "fmt"

// Early alerts: a contract customer who has gone quiet for longer than
// its own rhythm explains (silent), or shipped far less than it should
// over the last weeks (slowdown), flagged within days instead of at the
// month's end. An alert is an episode: raised once, cleared when the
// customer ships again (silent) or is back within its rhythm (slowdown).
// Each raised alert is also a warning of its kind in the month it was
// raised, so that the follow-up loop dispatches it like the monthly ones.
const (
	WarnSilent   WarningKind = "silent"   // 突然停发
	WarnSlowdown WarningKind = "slowdown" // 近期发件骤减
)

// IsAlert reports whether warnings of kind are early alerts.
func (k WarningKind) IsAlert() bool { return k == WarnSilent || k == WarnSlowdown }

// Alert is one episode of an early alert.
type Alert struct {
	ID            int64
	Kind          WarningKind // WarnSilent or WarnSlowdown
	CustomerCode  string
	OfficeCode    string
	OwnerStaffID  string
	RaisedOn      Date // the day as of whose end it was raised
	LastShipped   Date // the customer's last day with an item then; 0 when none
	SilentDays    int
	ExpectedItems float64 // items expected over the silence, or the recent days
	ActualItems   int64   // items shipped in them (0 for a silence)
	P             float64 // probability of so few items under the customer's rhythm
	ExpectedFen   int64   // revenue of ExpectedItems and ActualItems at the customer's recent postage per item
	ActualFen     int64   // (kept on the alert's warning, not in the alerts table)
	Score         float64
	Reason        string
	ClearedOn     Date   // 0 while open
	ClearedWhy    string // 恢复发件 / 发件恢复正常
	WarningID     int64  // the follow-up case: the warning it raised or attached to
}

// Open reports whether the alert was still open at the end of day.
func (a Alert) Open(day Date) bool {
	return a.RaisedOn <= day && (a.ClearedOn == 0 || a.ClearedOn > day)
}

// AlertSettings are the province's levels for the early alerts.
type AlertSettings struct {
	SilentLevel   float64 // a silence is alerted when its probability is at most this
	SlowdownLevel float64 // a shortfall over the recent days likewise
	RecentDays    int     // the trailing days judged for a slowdown
	MinDrop       float64 // and a slowdown is at least this share below the expectation
}

// DefaultAlertSettings are what a new store reports until the province
// changes them; migration 0022 writes the same row.
func DefaultAlertSettings() AlertSettings {
	return AlertSettings{SilentLevel: 0.001, SlowdownLevel: 0.001, RecentDays: 14, MinDrop: 0.5}
}

// Codes of the alert settings' refusals.
const (
	CodeAlertLevel      = "alert_level"
	CodeAlertRecentDays = "alert_recent_days"
	CodeAlertMinDrop    = "alert_min_drop"
)

// Validate checks the levels: probabilities strictly between 0 and 0.5,
// one to eight weeks of recent days, a drop strictly between 0 and 1.
func (s AlertSettings) Validate() error {
	switch {
	case !(s.SilentLevel > 0 && s.SilentLevel < 0.5):
		return invalid(CodeAlertLevel, "silent_level", fmt.Sprintf("停发预警的概率水平应在 0 到 0.5 之间，现在是 %v", s.SilentLevel))
	case !(s.SlowdownLevel > 0 && s.SlowdownLevel < 0.5):
		return invalid(CodeAlertLevel, "slowdown_level", fmt.Sprintf("骤减预警的概率水平应在 0 到 0.5 之间，现在是 %v", s.SlowdownLevel))
	case s.RecentDays < 7 || s.RecentDays > 56:
		return invalid(CodeAlertRecentDays, "recent_days", fmt.Sprintf("近期天数应在 7 到 56 天之间，现在是 %d 天", s.RecentDays))
	case !(s.MinDrop > 0 && s.MinDrop < 1):
		return invalid(CodeAlertMinDrop, "min_drop", fmt.Sprintf("最小降幅应在 0 到 1 之间，现在是 %v", s.MinDrop))
	}
	return nil
}
