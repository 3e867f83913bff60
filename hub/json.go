package hub

import (
	"math"
	"time"

	"postcrm"
)

// TimeLayout is how the board's moments are written and read: China time
// to the minute, as the command line's --at takes them.
const TimeLayout = "2006-01-02 15:04"

// BoardJSON is the board as `postcrm hub board --json` and the JSON API
// write it.
type BoardJSON struct {
	At                   string         `json:"at"`
	ThresholdHours       float64        `json:"threshold_hours"`
	Waiting              int            `json:"waiting"`
	WaitingOverThreshold int            `json:"waiting_over_threshold"`
	OldestWaitHours      float64        `json:"oldest_wait_hours"`
	WaitingBags          int            `json:"waiting_bags"`
	WaitingPieces        int            `json:"waiting_pieces"`
	Unloading            int            `json:"unloading"`
	UnloadedLastHour     UnloadedJSON   `json:"unloaded_last_hour"`
	Shift                ShiftJSON      `json:"shift"`
	Projection           ProjectionJSON `json:"projection"`
}

// UnloadedJSON is a period's unloaded vehicles.
type UnloadedJSON struct {
	Vehicles int `json:"vehicles"`
	Bags     int `json:"bags"`
	Pieces   int `json:"pieces"`
}

// ShiftJSON is the running shift's roster.
type ShiftJSON struct {
	Name           Shift        `json:"name"`
	Needed         int          `json:"needed"`
	Signed         int          `json:"signed"`
	Present        int          `json:"present"`
	AttendanceRate float64      `json:"attendance_rate"`
	OpenSlots      int          `json:"open_slots"`
	ByBranch       []BranchJSON `json:"by_branch"`
}

// BranchJSON is one branch's part of the shift.
type BranchJSON struct {
	Branch    string `json:"branch"`
	Needed    int    `json:"needed"`
	Signed    int    `json:"signed"`
	Present   int    `json:"present"`
	NoShow    int    `json:"no_show"`
	OpenSlots int    `json:"open_slots"`
}

// ProjectionJSON: clear_at is null when the queue does not clear at this
// pace; extra_volunteers_needed is per shift up to the target, 0 without
// a target or when it is met, null when no number of volunteers meets it.
type ProjectionJSON struct {
	ClearAt               *string `json:"clear_at"`
	ExtraVolunteersNeeded *int    `json:"extra_volunteers_needed"`
}

func round(x float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(x*p) / p
}

// FormatTime writes a moment in TimeLayout, China time.
func FormatTime(t time.Time) string { return t.In(postcrm.ChinaTime).Format(TimeLayout) }

// JSON is the board in the shape of BoardJSON.
func (b Board) JSON() BoardJSON {
	j := BoardJSON{
		At: FormatTime(b.At), ThresholdHours: round(b.Settings.Threshold.Hours(), 2),
		Waiting: b.Waiting, WaitingOverThreshold: b.WaitingOver, OldestWaitHours: round(b.OldestWait.Hours(), 2),
		WaitingBags: b.WaitingBags, WaitingPieces: b.WaitingPieces, Unloading: b.Unloading,
		UnloadedLastHour: UnloadedJSON(b.LastHour),
		Shift: ShiftJSON{Name: b.Shift.Name, Needed: b.Shift.Needed, Signed: b.Shift.Signed, Present: b.Shift.Present,
			AttendanceRate: round(b.Shift.AttendanceRate(), 4), OpenSlots: b.Shift.OpenSlots, ByBranch: []BranchJSON{}},
	}
	for _, br := range b.Shift.ByBranch {
		j.Shift.ByBranch = append(j.Shift.ByBranch, BranchJSON(br))
	}
	if p := b.Projection; !p.Never {
		s := FormatTime(p.ClearAt)
		j.Projection.ClearAt = &s
	}
	if p := b.Projection; p.Reachable {
		n := p.ExtraPerShift
		j.Projection.ExtraVolunteersNeeded = &n
	}
	return j
}
