package demo

// Params are the true parameters of the walk-in customers' behaviour, per
// day and in yuan, for checking what the analysis estimates.
//
// Purchases follow the BG/NBD model: while alive a walk-in buys as a
// Poisson process of rate λ ~ Gamma(shape R, rate Alpha); after each repeat
// purchase it drops out for good with probability p ~ Beta(A, B).
// Spend per purchase follows the gamma-gamma model: Gamma(shape SpendP,
// rate ν) with ν ~ Gamma(shape SpendQ, rate SpendGamma) per walk-in.
type Params struct {
	R          float64 `json:"r"`
	Alpha      float64 `json:"alpha"`
	A          float64 `json:"a"`
	B          float64 `json:"b"`
	SpendP     float64 `json:"spend_p"`
	SpendQ     float64 `json:"spend_q"`
	SpendGamma float64 `json:"spend_gamma"`
}

// TrueParams: a walk-in buys about every 100 days on average (mean λ =
// R/Alpha), drops out after about five repeats (mean p = A/(A+B)) and
// spends about 18 yuan an item (SpendP·SpendGamma/(SpendQ-1)).
var TrueParams = Params{R: 0.6, Alpha: 60, A: 0.8, B: 3, SpendP: 15, SpendQ: 8, SpendGamma: 8.4}

type walkin struct {
	Lambda, P, Nu float64
	Office        int32
	First         int32 // day index of the first purchase
	Last          int32 // day index of the last purchase in the window
	Death         int32 // day index of the purchase after which it dropped out; -1 while alive
	Registered    int32 // day index it joined the e-channel; -1 if it did not in the window
	Recruiter     int32 // staff index, -1 for a departed employee
}

const (
	memberShare      = 0.35 // walk-ins who register on the e-channel
	meanDaysToJoin   = 45
	departedRecruits = 3
)

func (p *province) buildWalkins() {
	r := newRNG(p.seed, streamWalkins, 0)
	officePick := p.officePicker()
	days := p.win.Days()
	tp := TrueParams
	p.walkins = make([]walkin, p.scale.Walkins)
	for i := range p.walkins {
		w := &p.walkins[i]
		w.Office = int32(officePick.pick(&r))
		w.Lambda = r.gamma(tp.R) / tp.Alpha
		w.P = r.beta(tp.A, tp.B)
		w.Nu = r.gamma(tp.SpendQ) / tp.SpendGamma
		w.First = int32(r.intn(days))
		w.Registered, w.Recruiter = -1, -1
		if r.chance(memberShare) {
			if reg := int(w.First) + int(r.exp()*meanDaysToJoin); reg < days {
				w.Registered = int32(reg)
				w.Recruiter = p.offices[w.Office].counter(&r)
			}
		}
		w.Last = w.First
		w.Death = int32(w.purchases(p.seed, i, days-1, func(day int) { w.Last = int32(day) }))
	}
	// A few recruiters have left since; their members stay.
	left := 0
	for _, i := range r.perm(len(p.walkins)) {
		if left == departedRecruits {
			break
		}
		if w := &p.walkins[i]; w.Registered >= 0 {
			w.Recruiter = -1
			left++
		}
	}
}

// purchases replays walk-in i's purchases up to day index limit, calling
// fn with each purchase's day, and returns the day it dropped out, or -1.
// The path has its own random stream, so any month can replay it alone.
func (w *walkin) purchases(seed uint64, i, limit int, fn func(day int)) int {
	if int(w.First) > limit {
		return -1
	}
	fn(int(w.First))
	r := newRNG(seed, streamWalkinPath, uint64(i))
	t := float64(w.First) + 0.5
	for {
		t += r.exp() / w.Lambda
		if t >= float64(limit+1) { // also catches +Inf from a vanishing λ
			return -1
		}
		day := int(t)
		fn(day)
		if r.chance(w.P) {
			return day
		}
	}
}

// walkinEvents lists, for each day index from..to, the walk-ins buying
// that day, in walk-in order.
func (p *province) walkinEvents(from, to int) [][]int32 {
	events := make([][]int32, to-from+1)
	for i := range p.walkins {
		w := &p.walkins[i]
		if int(w.First) > to || int(w.Last) < from {
			continue
		}
		w.purchases(p.seed, i, to, func(day int) {
			if day >= from {
				events[day-from] = append(events[day-from], int32(i))
			}
		})
	}
	return events
}
