package hub

import (
	"fmt"
	"math/rand/v2"
	"time"

	"postcrm"
)

// PeakData is a hub in a Double-11 peak as the demo and the tests load
// it: its vehicles, hourly counts, quotas and roster.
type PeakData struct {
	Vehicles []Vehicle
	Counts   []CountSnapshot
	Quotas   []Quota
	Roster   []RosterEntry
}

// peakBranches are the branches that send volunteers when the caller
// names none.
var peakBranches = []string{"上城区分公司", "拱墅区分公司", "西湖区分公司", "滨江区分公司", "萧山区分公司", "余杭区分公司", "临平区分公司", "富阳区分公司"}

// Peak builds a hub's peak around the moment p (whole minutes): by p,
// 192 vehicles have waited 24 hours or more, 150 more wait less, the
// docks unload about 16,000 pieces an hour in arrival order, and 132
// volunteers a day are rostered from eight branches (or from those
// given: the demo and the web tests name offices, whose managers
// coordinate them). The vehicles after p carry the unload times the simulation gives them, so a board at a
// later moment replays the queue going down; rows dated after a board's
// moment count as not yet, as the board reads them.
func Peak(code string, p time.Time, seed uint64, branches []string) PeakData {
	if len(branches) == 0 {
		branches = peakBranches
	}
	rng := rand.New(rand.NewPCG(seed, 11))
	var d PeakData
	pieces := func() int { return 1500 + rng.IntN(2500) }
	add := func(arrived, started time.Time, n int, i int) {
		v := Vehicle{Hub: code, Vehicle: fmt.Sprintf("浙A%05d", 10000+i), Route: peakRoutes[i%len(peakRoutes)],
			ArrivedAt: arrived, Pieces: n, Bags: n / 25}
		if !started.IsZero() {
			v.UnloadStarted = started
			v.UnloadFinished = started.Add(40 * time.Minute)
		}
		d.Vehicles = append(d.Vehicles, v)
	}
	minute := func(t time.Time) time.Time { return t.Truncate(time.Minute) }
	// Before the peak moment: 400 vehicles, all started by p, the queue
	// growing from 2 hours to 40.
	for i := range 400 {
		arrived := minute(p.Add(-72*time.Hour + time.Duration(i)*32*time.Hour/400))
		started := minute(p.Add(-70*time.Hour + time.Duration(i)*(70*time.Hour-5*time.Minute)/399))
		add(arrived, started, pieces(), i)
	}
	// Still waiting at p: 192 over the threshold, 150 under it, then 100
	// arriving after p; unloaded in order from p at the docks' 16,000
	// pieces an hour.
	t := p
	next := func(n int) time.Time {
		start := t
		t = t.Add(time.Duration(float64(n) / 16000 * float64(time.Hour)))
		return minute(start.Add(8 * time.Minute))
	}
	for i := range 192 {
		arrived := minute(p.Add(-40*time.Hour + time.Duration(i)*(16*time.Hour-10*time.Minute)/191))
		n := pieces()
		add(arrived, next(n), n, 400+i)
	}
	for i := range 150 {
		arrived := minute(p.Add(-24*time.Hour + time.Duration(i+1)*24*time.Hour/150))
		n := pieces()
		add(arrived, next(n), n, 592+i)
	}
	for i := range 100 {
		arrived := minute(p.Add(time.Duration(i+1) * 20 * time.Hour / 100))
		n := pieces()
		started := next(n)
		if started.Before(arrived) {
			started = arrived
		}
		add(arrived, started, n, 742+i)
	}
	// Hourly counts up to p: overdue mail growing with the queue.
	for h := 72; h >= 0; h-- {
		at := p.Add(-time.Duration(h) * time.Hour)
		grow := 72 - h
		d.Counts = append(d.Counts, CountSnapshot{Hub: code, At: at,
			OverdueLE12h: 2000 + 900*grow, Overdue12to24h: 600 * grow, OverdueGT24h: 250 * max(0, grow-24),
			SortedPieces: 14000 + rng.IntN(3000), Outsourced: 160 + rng.IntN(10), OutsourcedBaseline: 200})
	}
	// Quotas and roster: the day before p to two days after, 71 asked
	// and 66 signed a shift (132 a day); one branch sends 3 more than
	// asked, another 8 fewer: 8 open slots, not 5. Shifts that began by p have
	// their attendance (about 90%); later ones are sign-ups.
	set := DefaultSettings(code)
	for day := -1; day <= 2; day++ {
		date := postcrm.DateOf(p.AddDate(0, 0, day))
		for _, sh := range []Shift{Early, Late} {
			begun := !refOf(set, date, sh).Start.After(p)
			for b, branch := range branches {
				needed := 8 + b%3
				signed := needed
				switch b {
				case 1:
					signed = needed + 3
				case 5:
					signed = needed - 8
				}
				d.Quotas = append(d.Quotas, Quota{Hub: code, Day: date, Shift: sh, Branch: branch, Needed: needed})
				for k := range signed {
					st := Signed
					if begun {
						st = Present
						if rng.IntN(10) == 0 {
							st = NoShow
						}
					}
					d.Roster = append(d.Roster, RosterEntry{Hub: code, Day: date, Shift: sh, Branch: branch,
						Person: fmt.Sprintf("%s%s", peakSurnames[(b*7+k)%len(peakSurnames)], peakGiven[(b*3+k*5)%len(peakGiven)]),
						Phone:  fmt.Sprintf("139%08d", b*1000+k), Status: st})
				}
			}
		}
	}
	return d
}

var (
	peakRoutes   = []string{"沪杭干线", "苏杭干线", "杭甬干线", "杭金干线", "杭温干线", "皖浙干线"}
	peakSurnames = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "朱", "马", "胡", "郭", "林"}
	peakGiven    = []string{"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英"}
)
