package analysis

import (
	"math"
	"slices"

	"postcrm"
)

// Dispersion is estimated per customer by moments and shrunk towards the
// province's typical value with this weight (in squared items): a customer
// shipping a handful of items a month has no day-to-day variance to speak
// of and borrows the province's.
const dispersionWeight = 50

// defaultDayShape stands in for the province's typical day shape when no
// customer ships enough to measure it.
const defaultDayShape = 4

// A peer group's movement is the weighted median of its members'
// actual-to-expected ratios, over members expecting at least minShiftBase
// items (a ratio of smaller counts is mostly noise). With fewer than
// minShiftCustomers such members (a farm group in its quiet months) it is
// the group's pooled ratio, shrunk towards no movement by shiftPrior items.
const (
	minShiftBase      = 3
	minShiftCustomers = 8
	shiftPrior        = 10
)

// calibrate settles the dispersion and each peer group's movement this
// month, then every judged customer's expectation and evidence.
func (a *analysis) calibrate() {
	var raws []float64
	for i := range a.m {
		if a.out[i].Skip == Judged && a.m[i].kDen >= dispersionWeight {
			raws = append(raws, max(0.01, a.m[i].kNum/a.m[i].kDen))
		}
	}
	a.invK = 1 / defaultDayShape
	if len(raws) > 0 {
		slices.Sort(raws)
		a.invK = raws[len(raws)/2]
	}
	a.groupShifts()
	for i := range a.out {
		if a.out[i].Skip == Judged {
			a.expect(i)
		}
	}
}

// dayShape is customer i's day shape k.
func (a *analysis) dayShape(i int) float64 {
	m := &a.m[i]
	inv := (max(0, m.kNum) + dispersionWeight*a.invK) / (m.kDen + dispersionWeight)
	return 1 / max(0.01, inv)
}

// base is the expectation before the peer group's movement.
func (a *analysis) base(i int) float64 {
	m := &a.m[i]
	return m.level * m.season * m.profM
}

// groupShifts measures each peer group's movement in the month.
func (a *analysis) groupShifts() {
	a.shift = a.movements(func(i int) (float64, float64) { return float64(a.out[i].ActualItems), a.base(i) })
}

// movements measures each peer group's movement beyond its members'
// models over some days: the weighted median of the members' actual over
// expected items (those expecting at least minShiftBase), or with too few
// such members the pooled ratio, shrunk towards no movement. figures
// gives judged customer i's actual and expected items over the days.
func (a *analysis) movements(figures func(i int) (actual, expected float64)) []float64 {
	cv2 := a.cfg.ModelCV * a.cfg.ModelCV
	type sample struct {
		xs, ws           []float64
		actual, expected float64
	}
	groups := make([]sample, len(a.priors))
	for i := range a.out {
		if a.out[i].Skip != Judged {
			continue
		}
		actual, b := figures(i)
		g := &groups[a.out[i].Group]
		g.actual, g.expected = g.actual+actual, g.expected+b
		if b >= minShiftBase {
			g.xs, g.ws = append(g.xs, actual/b), append(g.ws, 1/(1/b+cv2))
		}
	}
	shift := make([]float64, len(groups))
	for i, g := range groups {
		if len(g.xs) >= minShiftCustomers {
			shift[i] = weightedMedian(g.xs, g.ws)
		} else {
			shift[i] = (g.actual + shiftPrior) / (g.expected + shiftPrior)
		}
	}
	return shift
}

// rate is customer i's day model as every judgement uses it: the
// multiplier of its day shapes (recent level and own year-ago movement,
// before its peer group's movement), its day shape k and the relative
// variance of the expectation beyond the count noise (model error, the
// level's and the year-ago movement's uncertainty). The month's
// expectation and the day's standings (StandingsAt) both start here.
func (a *analysis) rate(i int) (mult, k, extra float64) {
	m := &a.m[i]
	k = a.dayShape(i)
	return m.level * m.season, k, a.cfg.ModelCV*a.cfg.ModelCV + levelRelVar(m.levelN, m.levelMu, k) + m.seasonVar
}

// silenceP is the probability of customer i's silence and the items it
// would have shipped in it: the silence is judged at the level the
// customer shipped at before it, moved by its same days a year ago (it
// may have been as quiet then) and by its peers' movement: pre for the
// silent days before the month, in for those within it.
func (a *analysis) silenceP(i int, k, pre, in float64) (expected, p float64) {
	m := &a.m[i]
	level := m.preLevel * m.silenceAgo
	es := level * (pre*m.sPre + in*m.sIn)
	sq := level * level * (pre*pre*m.sPreSq + in*in*m.sInSq)
	extra := a.cfg.ModelCV*a.cfg.ModelCV + levelRelVar(m.preN, m.preMu, k) + m.silenceAgoVar
	return es, nbZero(es, sumShape(es, sq, k, extra))
}

// expect fills customer i's expectation, the probability of its actual
// count and of its silence.
func (a *analysis) expect(i int) {
	m, o := &a.m[i], &a.out[i]
	base, k, extra := a.rate(i)
	mult := base * a.shift[o.Group]
	e := mult * m.profM
	o.ExpectedItems = e
	o.ExpectedFen = int64(math.Round(e * m.postage))
	o.YearAgo = m.yearAgo
	o.PLow = nbCDF(float64(o.ActualItems), e, sumShape(e, mult*mult*m.profMSq, k, extra))
	o.SilenceDays = m.silence
	if m.regular && m.silence >= a.cfg.ChurnMinSilenceDays && m.silence <= a.cfg.ChurnMaxSilenceDays {
		_, o.PSilence = a.silenceP(i, k, 1, a.shift[o.Group])
	}
}

// recovered reports whether the month's last days are clearly back at the
// expectation: RecoveryOdds times likelier there than at the month's rate.
func (a *analysis) recovered(i int) bool {
	m, o := &a.m[i], &a.out[i]
	if m.profLast == 0 || m.profM == 0 || o.ExpectedItems <= 0 {
		return false
	}
	k := a.dayShape(i)
	full := o.ExpectedItems * m.profLast / m.profM
	rate := float64(o.ActualItems) / o.ExpectedItems
	kLast := sumShape(full, full*full/float64(a.cfg.RecoveryDays), k, 0)
	odds := nbLogPMF(m.lastItems, full, kLast) - nbLogPMF(m.lastItems, rate*full, kLast)
	return odds > math.Log(a.cfg.RecoveryOdds)
}

// decide turns customer i's assessment into a warning, churn first.
func (a *analysis) decide(i int) (postcrm.Warning, bool) {
	o := &a.out[i]
	if o.Skip != Judged || o.SilenceDays > a.cfg.ChurnMaxSilenceDays {
		return postcrm.Warning{}, false // not judged, or lost long ago
	}
	atRisk := max(0, o.ExpectedFen-o.ActualFen)
	switch {
	case o.PSilence <= a.cfg.ChurnAlpha:
		o.Warning = postcrm.WarnChurn
		return a.warning(i, o, postcrm.WarnChurn, atRisk, o.PSilence, churnReason(&a.m[i], a.month)), true
	case o.PLow <= a.cfg.DeclineAlpha &&
		float64(o.ActualItems) <= (1-a.cfg.MinDrop)*o.ExpectedItems &&
		atRisk >= a.cfg.MinRevenueAtRiskFen &&
		!a.recovered(i):
		o.Warning = postcrm.WarnDecline
		return a.warning(i, o, postcrm.WarnDecline, atRisk, o.PLow, declineReason(o, atRisk)), true
	}
	return postcrm.Warning{}, false
}

// evidenceDigits: a probability of 10⁻⁶ or smaller counts as certain in
// the score.
const evidenceDigits = 6

// warning builds customer i's warning with the figures of o. Its score is the revenue at risk in yuan
// weighted by the evidence: min(1, −log₁₀ p / 6), so that a certain loss
// of 1,000 yuan ranks above a doubtful one of 1,500.
func (a *analysis) warning(i int, o *Assessment, kind postcrm.WarningKind, atRisk int64, p float64, reason string) postcrm.Warning {
	c := &a.hs[i].Customer
	evidence := min(1, -math.Log10(max(p, 1e-300))/evidenceDigits)
	return postcrm.Warning{
		Month:            a.month,
		Kind:             kind,
		CustomerCode:     c.Code,
		OfficeCode:       c.OfficeCode,
		OwnerStaffID:     c.OwnerStaffID,
		ExpectedItems:    math.Round(o.ExpectedItems*10) / 10,
		ActualItems:      o.ActualItems,
		ExpectedFen:      o.ExpectedFen,
		ActualFen:        o.ActualFen,
		RevenueAtRiskFen: atRisk,
		Score:            math.Round(float64(atRisk)/100*evidence*100) / 100,
		Reason:           reason,
	}
}
