package hub

import (
	"sort"
	"time"

	"postcrm"
)

// Waiting: arrived at or before at and not started unloading by at.
func Waiting(v *Vehicle, at time.Time) bool {
	return !v.ArrivedAt.After(at) && (v.UnloadStarted.IsZero() || v.UnloadStarted.After(at))
}

// OverThreshold: waiting, and for at least the threshold.
func OverThreshold(v *Vehicle, at time.Time, threshold time.Duration) bool {
	return Waiting(v, at) && at.Sub(v.ArrivedAt) >= threshold
}

// Unloading: started and not finished by at.
func Unloading(v *Vehicle, at time.Time) bool {
	return !v.UnloadStarted.IsZero() && !v.UnloadStarted.After(at) &&
		(v.UnloadFinished.IsZero() || v.UnloadFinished.After(at))
}

// FinishedIn: unloading finished in (from, to].
func FinishedIn(v *Vehicle, from, to time.Time) bool {
	return !v.UnloadFinished.IsZero() && v.UnloadFinished.After(from) && !v.UnloadFinished.After(to)
}

// Unloaded sums the vehicles whose unloading finished in a period.
type Unloaded struct {
	Vehicles, Bags, Pieces int
}

func (u *Unloaded) add(v *Vehicle) { u.Vehicles++; u.Bags += v.Bags; u.Pieces += v.Pieces }

// BranchSlots is one branch's part of a shift.
type BranchSlots struct {
	Branch                          string
	Needed, Signed, Present, NoShow int
	OpenSlots                       int // max(0, Needed − Signed)
}

// ShiftBoard is the roster of the shift running at the board's moment.
type ShiftBoard struct {
	Day        postcrm.Date
	Name       Shift
	Start, End time.Time
	// Signed counts every volunteer rostered (报名, 到岗 and 缺勤 alike);
	// Present those recorded 到岗.
	Needed, Signed, Present, NoShow int
	// OpenSlots is Σ over branches of max(0, needed − signed): one
	// branch's surplus never hides another's gap.
	OpenSlots int
	ByBranch  []BranchSlots
}

// AttendanceRate is present ÷ rostered, 0 when nobody is rostered.
func (s ShiftBoard) AttendanceRate() float64 {
	if s.Signed == 0 {
		return 0
	}
	return float64(s.Present) / float64(s.Signed)
}

// Board is a hub as of one moment, from the data known then.
type Board struct {
	Hub      Hub
	At       time.Time
	Settings Settings

	Waiting, WaitingOver       int
	OldestWait                 time.Duration
	WaitingBags, WaitingPieces int
	Unloading                  int
	LastHour, ThisShift        Unloaded
	// Counts is the latest snapshot taken at or before At, nil if none.
	Counts *CountSnapshot
	Shift  ShiftBoard
	// Rate is the measured unloading rate, pieces per hour over the
	// settings' window before At.
	Rate       float64
	Projection Projection
}

// Input is what a board is computed from: the hub's vehicles that had
// arrived by At and had not finished unloading before the rate window
// (more do no harm), its latest count snapshot, and the quotas and
// roster of the days the projection may reach.
type Input struct {
	Hub      Hub
	At       time.Time
	Settings Settings
	Vehicles []Vehicle
	Counts   *CountSnapshot
	Quotas   []Quota
	Roster   []RosterEntry
}

// Compute builds the board. It reads only what was so at in.At: a
// vehicle's later unload times count as not yet.
func Compute(in Input) Board {
	at, set := in.At, in.Settings
	b := Board{Hub: in.Hub, At: at, Settings: set, Counts: in.Counts}
	day, shift, start, end := set.ShiftAt(at)
	var window []*Vehicle
	for i := range in.Vehicles {
		v := &in.Vehicles[i]
		switch {
		case Waiting(v, at):
			b.Waiting++
			b.WaitingBags += v.Bags
			b.WaitingPieces += v.Pieces
			wait := at.Sub(v.ArrivedAt)
			if wait >= set.Threshold {
				b.WaitingOver++
			}
			if wait > b.OldestWait {
				b.OldestWait = wait
			}
		case Unloading(v, at):
			b.Unloading++
		}
		if FinishedIn(v, at.Add(-time.Hour), at) {
			b.LastHour.add(v)
		}
		if FinishedIn(v, start.Add(-time.Nanosecond), at) {
			b.ThisShift.add(v)
		}
		if FinishedIn(v, at.Add(-set.RateWindow), at) {
			window = append(window, v)
		}
	}
	b.Rate = measuredRate(window, set.RateWindow)
	b.Shift = shiftBoard(day, shift, start, end, in.Quotas, in.Roster)
	b.Projection = project(in, b)
	return b
}

// shiftBoard counts one shift's quotas and roster by branch.
func shiftBoard(day postcrm.Date, shift Shift, start, end time.Time, quotas []Quota, roster []RosterEntry) ShiftBoard {
	s := ShiftBoard{Day: day, Name: shift, Start: start, End: end}
	by := map[string]*BranchSlots{}
	branch := func(name string) *BranchSlots {
		if b, ok := by[name]; ok {
			return b
		}
		b := &BranchSlots{Branch: name}
		by[name] = b
		return b
	}
	for _, q := range quotas {
		if q.Day == day && q.Shift == shift {
			branch(q.Branch).Needed += q.Needed
		}
	}
	for _, r := range roster {
		if r.Day != day || r.Shift != shift {
			continue
		}
		b := branch(r.Branch)
		b.Signed++
		switch r.Status {
		case Present:
			b.Present++
		case NoShow:
			b.NoShow++
		}
	}
	for _, b := range by {
		b.OpenSlots = max(0, b.Needed-b.Signed)
		s.Needed += b.Needed
		s.Signed += b.Signed
		s.Present += b.Present
		s.NoShow += b.NoShow
		s.OpenSlots += b.OpenSlots
		s.ByBranch = append(s.ByBranch, *b)
	}
	sort.Slice(s.ByBranch, func(i, j int) bool { return s.ByBranch[i].Branch < s.ByBranch[j].Branch })
	return s
}

// measuredRate is the docks' throughput, pieces an hour, from the
// vehicles finished in the window: the pieces of all but the first
// finished over the time from the first finish to the last. Counting
// from finish to finish leaves out the part of a vehicle unloaded before
// the window or after its last finish, which pieces ÷ window would count
// as whole or as nothing. With fewer than two finishes it is pieces ÷
// window.
func measuredRate(window []*Vehicle, w time.Duration) float64 {
	sort.Slice(window, func(i, j int) bool { return window[i].UnloadFinished.Before(window[j].UnloadFinished) })
	total := 0
	for _, v := range window {
		total += v.Pieces
	}
	if len(window) >= 2 {
		span := window[len(window)-1].UnloadFinished.Sub(window[0].UnloadFinished)
		if span >= w/4 {
			return float64(total-window[0].Pieces) / span.Hours()
		}
	}
	return float64(total) / w.Hours()
}
