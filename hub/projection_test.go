package hub_test

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"postcrm"
	"postcrm/hub"
)

// simulated is a queue run through docks of a known rate in arrival
// order, with what a board at at would know of it.
type simulated struct {
	known []hub.Vehicle
	clear time.Time // when the last vehicle that waits the threshold starts
}

// simulate: vehicles arrive every 4 to 10 minutes from t0 until at with
// 1,500 to 4,000 pieces; the docks take them in order at rate pieces an
// hour, a vehicle starting when the pieces ahead of it are done. Nothing
// arrives after at. Unload times after at are unknown at at.
func simulate(t0, at time.Time, rate float64, threshold time.Duration, seed uint64) simulated {
	rng := rand.New(rand.NewPCG(seed, 2))
	var sim simulated
	free := t0 // when the docks finish the pieces before the next vehicle
	sim.clear = at
	for arrived := t0; !arrived.After(at); arrived = arrived.Add(time.Duration(4+rng.IntN(7)) * time.Minute) {
		n := 1500 + rng.IntN(2500)
		start := free
		if arrived.After(start) {
			start = arrived
		}
		finish := start.Add(time.Duration(float64(n) / rate * float64(time.Hour)))
		free = finish
		v := hub.Vehicle{Hub: "SIM", Vehicle: arrived.Format("0102150405"), ArrivedAt: arrived, Pieces: n, Bags: n / 25}
		if !start.After(at) {
			v.UnloadStarted = start
		}
		if !finish.After(at) {
			v.UnloadFinished = finish
		}
		if start.After(at) && start.Sub(arrived) >= threshold {
			sim.clear = start
		}
		sim.known = append(sim.known, v)
	}
	return sim
}

func simSettings() hub.Settings {
	set := hub.DefaultSettings("SIM")
	set.RateWindow = 3 * time.Hour
	return set
}

// TestProjectionWithinFivePercent: on queues built at a known rate the
// projected clearing time is within 5% of the simulated one, counted
// from the board's moment.
func TestProjectionWithinFivePercent(t *testing.T) {
	t0 := time.Date(2026, 11, 10, 6, 0, 0, 0, postcrm.ChinaTime)
	at := t0.Add(84 * time.Hour)
	for seed := uint64(1); seed <= 5; seed++ {
		rate := 14000 + float64(seed)*500 // below the ~23,500 an hour arriving: the queue grows
		sim := simulate(t0, at, rate, 24*time.Hour, seed)
		b := hub.Compute(hub.Input{Hub: hub.Hub{Code: "SIM"}, At: at, Settings: simSettings(), Vehicles: sim.known})
		if b.WaitingOver == 0 || b.Projection.Never {
			t.Fatalf("seed %d: %d over the threshold (%d waiting, oldest %s), never %v; the simulation should build a queue", seed, b.WaitingOver, b.Waiting, b.OldestWait, b.Projection.Never)
		}
		want := sim.clear.Sub(at).Hours()
		got := b.Projection.ClearAt.Sub(at).Hours()
		t.Logf("seed %d: projected %.2f h, simulated %.2f h (%+.1f%%)", seed, got, want, 100*(got-want)/want)
		if math.Abs(got-want) > 0.05*want {
			t.Errorf("seed %d (rate %.0f, measured %.0f): projected %.2f h, simulated %.2f h", seed, rate, b.Rate, got, want)
		}
	}
}

// TestShiftOfTwentyMovesProjection: with every queued vehicle over the
// threshold, 20 more volunteers on the running shift move the clearing
// time earlier by 20 × the standard × the shift's remaining hours ÷ the
// docks' rate, or to L ÷ (rate + 20 × standard) if it clears within it.
func TestShiftOfTwentyMovesProjection(t *testing.T) {
	set := simSettings()
	at := time.Date(2026, 11, 12, 9, 0, 0, 0, postcrm.ChinaTime)
	_, _, _, end := set.ShiftAt(at)
	var vs []hub.Vehicle
	// Three hours of history at 10,000 pieces an hour.
	for i := range 30 {
		fin := at.Add(-time.Duration(i)*6*time.Minute - time.Minute)
		vs = append(vs, hub.Vehicle{Hub: "SIM", Vehicle: "done" + fin.Format("1504"), ArrivedAt: fin.Add(-30 * time.Hour),
			UnloadStarted: fin.Add(-30 * time.Minute), UnloadFinished: fin, Pieces: 1000})
	}
	for _, queue := range []int{60, 300} { // clears within the shift; clears after it
		q := append([]hub.Vehicle(nil), vs...)
		for i := range queue {
			q = append(q, hub.Vehicle{Hub: "SIM", Vehicle: "q" + time.Duration(i).String(), ArrivedAt: at.Add(-48*time.Hour + time.Duration(i)*time.Minute), Pieces: 2000})
		}
		in := hub.Input{Hub: hub.Hub{Code: "SIM"}, At: at, Settings: set, Vehicles: q}
		base := hub.Compute(in)
		day, shift, _, _ := set.ShiftAt(at)
		for k := range 20 {
			in.Roster = append(in.Roster, hub.RosterEntry{Hub: "SIM", Day: day, Shift: shift, Branch: "支援队", Person: time.Duration(k).String(), Status: hub.Signed})
		}
		more := hub.Compute(in)
		rate := base.Rate
		extra := 20 * float64(set.PiecesPerVolunteerHour)
		load := float64(2000 * (queue - 1)) // the last vehicle's start
		var want time.Time
		if h := load / (rate + extra); at.Add(time.Duration(h * float64(time.Hour))).Before(end) {
			want = at.Add(time.Duration(h * float64(time.Hour)))
		} else {
			want = base.Projection.ClearAt.Add(-time.Duration(extra * end.Sub(at).Hours() / rate * float64(time.Hour)))
		}
		if rate != 10000 {
			t.Fatalf("measured rate %.0f, want 10000", rate)
		}
		if d := more.Projection.ClearAt.Sub(want); d < -time.Minute || d > time.Minute {
			t.Errorf("queue %d: with 20 more %s, want %s (without %s)", queue,
				more.Projection.ClearAt.Format(hub.TimeLayout), want.Format(hub.TimeLayout), base.Projection.ClearAt.Format(hub.TimeLayout))
		}
	}
}

// TestExtraVolunteersMeetTarget: the extra volunteers the projection asks
// for bring the clearing time to the target, and one fewer does not.
func TestExtraVolunteersMeetTarget(t *testing.T) {
	t0 := time.Date(2026, 11, 10, 6, 0, 0, 0, postcrm.ChinaTime)
	at := t0.Add(84 * time.Hour)
	sim := simulate(t0, at, 15000, 24*time.Hour, 9)
	set := simSettings()
	in := hub.Input{Hub: hub.Hub{Code: "SIM"}, At: at, Settings: set, Vehicles: sim.known}
	free := hub.Compute(in)
	set.Target = at.Add(free.Projection.ClearAt.Sub(at) / 2)
	in.Settings = set
	b := hub.Compute(in)
	p := b.Projection
	if !p.Reachable || p.ExtraPerShift == 0 || len(p.ExtraShifts) == 0 {
		t.Fatalf("projection %+v: want a number of volunteers", p)
	}
	with := func(n int) time.Time {
		x := in
		x.Roster = nil
		for _, ref := range p.ExtraShifts {
			for k := range n {
				x.Roster = append(x.Roster, hub.RosterEntry{Hub: "SIM", Day: ref.Day, Shift: ref.Shift, Branch: "支援队", Person: time.Duration(k).String(), Status: hub.Signed})
			}
		}
		return hub.Compute(x).Projection.ClearAt
	}
	if got := with(p.ExtraPerShift); got.After(set.Target) {
		t.Errorf("%d more a shift clear at %s, after the target %s", p.ExtraPerShift, got, set.Target)
	}
	if got := with(p.ExtraPerShift - 1); !got.After(set.Target) {
		t.Errorf("%d more a shift already clear at %s, by the target %s", p.ExtraPerShift-1, got, set.Target)
	}
}
