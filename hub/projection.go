package hub

import (
	"sort"
	"time"

	"postcrm"
)

// Projection is when, at the measured pace and with the rostered
// volunteers, no vehicle waits over the threshold any more (预计消化时间),
// and how many volunteers more per shift would bring that before the
// manager's target. The method is in docs/hub.md and on the board page.
type Projection struct {
	// ClearAt is the projected time; zero with Never.
	ClearAt time.Time
	// Never: at this pace the queue does not clear within the horizon
	// (no measured rate and no volunteers).
	Never bool
	// BaseRate is the docks' own rate, pieces per hour: the measured
	// rate less what the volunteers present now unload by the standard.
	BaseRate float64
	// Target is the settings' target, zero if none. With one set and a
	// ClearAt after it, ExtraPerShift volunteers more on each of
	// ExtraShifts bring ClearAt to or before it; Reachable is false if
	// no number up to maxExtra does.
	Target        time.Time
	ExtraPerShift int
	ExtraShifts   []ShiftRef
	Reachable     bool
}

// ShiftRef names one shift of one day.
type ShiftRef struct {
	Day   postcrm.Date
	Shift Shift
	Start time.Time
}

// horizon bounds the projection: a queue not clear in 30 days is "never".
const horizon = 30 * 24 * time.Hour

// maxExtra bounds the volunteers the search for the extra ones adds per shift.
const maxExtra = 5000

type queued struct {
	arrived time.Time
	pieces  float64
}

// plan is one projection run's inputs.
type plan struct {
	at        time.Time
	set       Settings
	queue     []queued
	base      float64
	crew      map[ShiftRef]int // volunteers expected on a shift
	extra     map[ShiftRef]int
	threshold time.Duration
}

func project(in Input, b Board) Projection {
	set, at := in.Settings, in.At
	p := plan{at: at, set: set, threshold: set.Threshold, crew: map[ShiftRef]int{}}
	// The queue in the order the docks take it: vehicles being unloaded
	// (whole, as their part done is unknown), then the waiting ones by
	// arrival.
	var unloading, waiting []Vehicle
	for i := range in.Vehicles {
		v := &in.Vehicles[i]
		switch {
		case Unloading(v, at):
			unloading = append(unloading, *v)
		case Waiting(v, at):
			waiting = append(waiting, *v)
		}
	}
	sort.Slice(unloading, func(i, j int) bool { return unloading[i].UnloadStarted.Before(unloading[j].UnloadStarted) })
	sort.Slice(waiting, func(i, j int) bool { return waiting[i].ArrivedAt.Before(waiting[j].ArrivedAt) })
	for _, v := range unloading {
		// Already at a dock: it can no longer wait over the threshold.
		p.queue = append(p.queue, queued{arrived: at.Add(horizon), pieces: float64(v.Pieces)})
	}
	for _, v := range waiting {
		p.queue = append(p.queue, queued{arrived: v.ArrivedAt, pieces: float64(v.Pieces)})
	}
	// Volunteers expected per shift: everyone rostered but recorded absent.
	for _, r := range in.Roster {
		if r.Status != NoShow {
			p.crew[refOf(set, r.Day, r.Shift)]++
		}
	}
	cur := refOf(set, b.Shift.Day, b.Shift.Name)
	p.base = max(0, b.Rate-float64(b.Shift.Present)*float64(set.PiecesPerVolunteerHour))
	pr := Projection{BaseRate: p.base, Target: set.Target, Reachable: true}
	pr.ClearAt, pr.Never = p.clearAt()
	if set.Target.IsZero() || (!pr.Never && !pr.ClearAt.After(set.Target)) {
		return pr
	}
	// Which shifts can take more: the current one and those starting
	// before the target.
	for ref := cur; ref.Start.Before(set.Target); ref = nextShift(set, ref) {
		pr.ExtraShifts = append(pr.ExtraShifts, ref)
	}
	ok := func(n int) bool {
		p.extra = map[ShiftRef]int{}
		for _, ref := range pr.ExtraShifts {
			p.extra[ref] = n
		}
		t, never := p.clearAt()
		return !never && !t.After(set.Target)
	}
	if len(pr.ExtraShifts) == 0 || !ok(maxExtra) {
		pr.Reachable = false
		return pr
	}
	pr.ExtraPerShift = sort.Search(maxExtra, ok)
	return pr
}

// refOf is a day's shift with its start time.
func refOf(set Settings, day postcrm.Date, s Shift) ShiftRef {
	start := set.EarlyStart
	if s == Late {
		start = set.LateStart
	}
	return ShiftRef{Day: day, Shift: s, Start: day.Time().Add(time.Duration(start) * time.Minute)}
}

func nextShift(set Settings, r ShiftRef) ShiftRef {
	if r.Shift == Early {
		return refOf(set, r.Day, Late)
	}
	return refOf(set, postcrm.DateOf(r.Day.Time().AddDate(0, 0, 1)), Early)
}

// clearAt runs the queue through the docks shift by shift at the base
// rate plus the shift's volunteers by the standard, as one stream of
// pieces in the queue's order: a vehicle starts unloading when the pieces
// ahead of it are done, and stops waiting then. The over-threshold queue
// is clear at the start of the last vehicle that would by then have
// waited the threshold or more; if none would, it is clear now.
func (p *plan) clearAt() (time.Time, bool) {
	d, s, _, _ := p.set.ShiftAt(p.at)
	ref := refOf(p.set, d, s)
	t, clear := p.at, p.at
	i, left := 0, 0.0
	begin := func() { // vehicle i starts at t
		if t.Sub(p.queue[i].arrived) >= p.threshold {
			clear = t
		}
		left = p.queue[i].pieces
	}
	if len(p.queue) > 0 {
		begin()
	}
	for i < len(p.queue) {
		next := nextShift(p.set, ref)
		end := next.Start
		rate := p.base + float64(p.crew[ref]+p.extra[ref])*float64(p.set.PiecesPerVolunteerHour)
		for i < len(p.queue) && rate > 0 {
			need := time.Duration(left / rate * float64(time.Hour))
			if t.Add(need).After(end) {
				left -= rate * end.Sub(t).Hours()
				break
			}
			t = t.Add(need)
			if i++; i < len(p.queue) {
				begin()
			}
		}
		if i == len(p.queue) {
			break
		}
		t, ref = end, next
		if t.Sub(p.at) > horizon {
			return time.Time{}, true
		}
	}
	return clear, false
}
