package analysis

import "postcrm"

// measures are the sums the month's verdict is computed from, gathered in
// one pass over a customer's days once its factors are fitted. Profiles
// are sums of the day shape (the model without the level) over served
// days.
type measures struct {
	level   float64 // items per unit of shape in the recent months
	levelN  float64 // effective items behind it
	levelMu float64 // typical day mean behind it, for the over-dispersion
	postage float64 // fen per item, recently

	season    float64 // own same-month-last-year movement relative to the peers'; 1 without a year
	seasonVar float64
	yearAgo   bool

	profM, profMSq float64 // the judged window
	profMonth      float64 // its last month, the analysed one
	profLast       float64 // its last RecoveryDays
	lastItems      float64

	kNum, kDen float64 // moments of the day-to-day dispersion

	// StandingsAt's trailing days: the profile of those before the month
	// and of those within it, and the items shipped in them.
	rPre, rPreSq, rIn, rInSq, rItems float64
	wProf, wItems                    float64 // the last moveDays likewise

	// Silence: days since the last item, whether the customer shipped
	// regularly before it, its level then and the profile of the silent
	// days before and within the month.
	silence      int
	lastDay      postcrm.Date
	regular      bool
	weekly       float64
	preLevel     float64
	preN, preMu  float64
	sPre, sPreSq float64
	sIn, sInSq   float64
	// The same days a year ago against the half year before them, as
	// season is for the month; 1 without a year.
	silenceAgo, silenceAgoVar float64
}

// measure refits every judged customer with its peer group's factors and
// season, and gathers its measures.
func (a *analysis) measure() {
	t := a.t
	var shapes []float64
	growth := make([]float64, t.monthOfAnalysis()+1)
	recent := t.monthStart(t.wMonth - a.cfg.RecentMonths)
	for i := range a.hs {
		if a.out[i].Skip != Judged {
			continue
		}
		s := a.sums(i)
		f := a.ft.fit(s, &a.priors[a.out[i].Group], false)
		shapes = f.shapes(t.cells, shapes, growth)
		m := &a.m[i]
		d := a.days(i)
		a.dayMoments(i, d, &f, shapes, m)
		a.anchor(i, d, s, &f, shapes, m)
		m.season, m.seasonVar, m.yearAgo = a.yearAgo(i, d, &f, shapes, t.mStart, t.end, t.mStart-recent)
		a.monthProfile(d, shapes, m)
		a.silence(i, d, &f, shapes, m)
		if a.recentDays > 0 {
			a.recentProfile(d, shapes, m)
		}
	}
}

// anchor sets the level from the recent months, shrunk towards the level
// of the whole history when they hold few items. A change in their last
// weeks is not the normal the month is measured against: weeks that fell
// clearly and improbably below the weeks before them are left out.
func (a *analysis) anchor(i int, d days, s *cellSums, f *factors, shapes []float64, m *measures) {
	recent := a.t.wMonth - a.cfg.RecentMonths
	var y, e, e2 float64
	for _, c := range s.used {
		if a.t.cells[c].month >= recent {
			y += s.items[c]
			e += s.days[c] * shapes[c]
			e2 += s.days[c] * shapes[c] * shapes[c]
		}
	}
	ty, te, te2 := a.changedTail(i, d, shapes, m, y, e)
	y, e, e2 = y-ty, e-te, e2-te2
	w := a.cfg.PriorItems / 2
	m.level = (y + w) / (e + w/f.level)
	m.levelN = y + w
	if e > 0 {
		m.levelMu = m.level * e2 / e
	}
}

// maxTailWeeks: a change up to this many weeks before the month is kept
// out of the level it is measured against.
const maxTailWeeks = 4

// changedTail returns the items and shape sums of the longest run of the
// last one to four weeks before the month (of the days fitted) that fell
// below the rest of the recent months by MinDrop or more, with probability
// DeclineAlpha or less; zeros when there is none.
func (a *analysis) changedTail(i int, d days, shapes []float64, m *measures, y, e float64) (ty, te, te2 float64) {
	t := a.t
	end, start := a.fitEnd[i], max(d.from(), t.monthStart(t.wMonth-a.cfg.RecentMonths))
	k := 1 / max(0.01, (max(0, m.kNum)+dispersionWeight/defaultDayShape)/(m.kDen+dispersionWeight))
	var sy, se, se2 float64
	for j := end - 1; j >= max(start, end-7*maxTailWeeks); j-- {
		if d.served(j) {
			sh := shapes[t.cellOf[j]]
			sy, se, se2 = sy+float64(d.items(j)), se+sh, se2+sh*sh
		}
		if (end-j)%7 != 0 || e-se <= 0 {
			continue
		}
		head := (y - sy) / (e - se)
		expected := head * se
		if sy <= (1-a.cfg.MinDrop)*expected && nbCDF(sy, expected, sumShape(expected, head*head*se2, k, 0)) <= a.cfg.DeclineAlpha {
			ty, te, te2 = sy, se, se2
		}
	}
	return ty, te, te2
}

// levelRelVar is the relative variance of a level estimated from n
// effective items on days of mean mu, with day shape k.
func levelRelVar(n, mu, k float64) float64 { return (1 + mu/k) / n }

// A year ago is 52 weeks ago, so that weekdays line up.
const yearAgoDays = 364

// yearAgo compares the customer a year before, over the days from..to
// (table indices), with the preDays before them, each against its fitted
// model with the peers' seasons: a customer busier (or quieter) than its
// peers in that stretch last year, relative to the stretch before, is
// expected to be so again. ok is false when the history does not reach
// back that far, or the customer was not established by then (one still
// ramping up a year ago would look seasonal).
func (a *analysis) yearAgo(i int, d days, f *factors, shapes []float64, from, to, preDays int) (ratio, relVar float64, ok bool) {
	wFrom, wTo := from-yearAgoDays, to-yearAgoDays
	pFrom := wFrom - preDays
	if pFrom < d.from() {
		return 1, 0, false
	}
	if a.shipped[i] > pFrom-establishedDays {
		return 1, 0, false
	}
	if c := a.hs[i].Customer.ContractDate; c.Valid() && dayNumber(c) > a.t.first+pFrom-establishedDays {
		return 1, 0, false
	}
	sum := func(lo, hi int) (y, mu, served float64) {
		for j := lo; j <= hi; j++ {
			if d.served(j) {
				y += float64(d.items(j))
				mu += f.level * shapes[a.t.cellOf[j]]
				served++
			}
		}
		return y, mu, served
	}
	yW, muW, nW := sum(wFrom, wTo)
	yP, muP, nP := sum(pFrom, wFrom-1)
	if 2*nW < float64(wTo-wFrom+1) || 2*nP < float64(preDays) {
		return 1, 0, false
	}
	w := a.cfg.PriorItems
	ratio = max(1.0/20, min(20, (yW+w)/(muW+w)*(muP+w)/(yP+w)))
	return ratio, 1/(yW+w) + 1/(yP+w), true
}

// establishedDays: a customer signed less than this before a stretch was
// still finding its volume in it.
const establishedDays = 90

// localDays is the width of the window the day-to-day dispersion is
// measured in: each day against the level of the fortnight around it, so
// that a season turning within a month is not counted as day noise.
const localDays = 15

// dayMoments gathers the moments of the day-to-day dispersion around the
// model and the recent postage per item.
func (a *analysis) dayMoments(i int, d days, f *factors, shapes []float64, m *measures) {
	t := a.t
	from, to := d.from(), a.fitEnd[i]
	ys, mus := a.dayY[:0], a.dayMu[:0]
	recent := t.monthStart(t.wMonth - a.cfg.RecentMonths)
	var fenAll, fenRecent, itemsAll, itemsRecent float64
	for j := from; j < to; j++ {
		if !d.served(j) {
			ys, mus = append(ys, 0), append(mus, 0)
			continue
		}
		y := float64(d.items(j))
		ys, mus = append(ys, y), append(mus, f.level*shapes[t.cellOf[j]])
		fen := float64(d.fen(j))
		fenAll, itemsAll = fenAll+fen, itemsAll+y
		if j >= recent {
			fenRecent, itemsRecent = fenRecent+fen, itemsRecent+y
		}
	}
	a.dayY, a.dayMu = ys, mus
	var wy, wmu float64
	half := localDays / 2
	for j := 0; j < len(ys)+half; j++ {
		if j < len(ys) {
			wy, wmu = wy+ys[j], wmu+mus[j]
		}
		if k := j - localDays; k >= 0 {
			wy, wmu = wy-ys[k], wmu-mus[k]
		}
		c := j - half // the day at the window's centre
		if c < 0 || c >= len(ys) || wmu <= 0 {
			continue
		}
		mu := mus[c] * wy / wmu
		m.kNum += (ys[c]-mu)*(ys[c]-mu) - mu
		m.kDen += mu * mu
	}
	switch {
	case itemsRecent >= 10:
		m.postage = fenRecent / itemsRecent
	case itemsAll > 0:
		m.postage = fenAll / itemsAll
	}
}

// monthProfile sums the shape over the window's days, each weighted by
// the share of the customer's items its office accepted that day: the
// expectation of a day an adjustment refused part of is reduced by the
// customer's own usual share of what was refused.
func (a *analysis) monthProfile(d days, shapes []float64, m *measures) {
	t := a.t
	lastFrom := t.end - a.cfg.RecoveryDays + 1
	monthFrom := t.monthStart(t.monthOfAnalysis())
	for j := t.mStart; j <= t.end; j++ {
		o := d.open(j)
		if o == 0 {
			continue
		}
		sh := o * shapes[t.cellOf[j]]
		m.profM += sh
		m.profMSq += sh * sh
		if j >= monthFrom {
			m.profMonth += sh
		}
		if j >= lastFrom {
			m.profLast += sh
			m.lastItems += float64(d.items(j))
		}
	}
}

// weeksBeforeSilence is the stretch that shows whether a customer shipped
// regularly before it fell silent, and at what level: half a year, long
// enough not to mistake a lucky quarter of a small customer for its
// normal.
const weeksBeforeSilence = 26

// silence measures the days since the customer's last item and what it
// shipped in the half year up to it.
func (a *analysis) silence(i int, d days, f *factors, shapes []float64, m *measures) {
	t := a.t
	last := -1
	for j := t.end; j >= d.from(); j-- {
		if d.items(j) > 0 {
			last = j
			break
		}
	}
	if last < 0 || last == t.end {
		return
	}
	m.silence = t.end - last
	m.lastDay = dateOfNumber(t.first + last)
	var weeks [weeksBeforeSilence]float64
	var y, e, e2 float64
	from := max(d.from(), last-7*weeksBeforeSilence+1)
	for j := from; j <= last; j++ {
		if !d.served(j) {
			continue
		}
		items := float64(d.items(j))
		weeks[(last-j)/7] += items
		sh := shapes[t.cellOf[j]]
		y, e, e2 = y+items, e+sh, e2+sh*sh
	}
	span := (last - from + 7) / 7 // weeks the history covers
	active := 0
	for _, w := range weeks[:span] {
		if w > 0 {
			active++
		}
	}
	m.weekly = y / float64(span)
	m.regular = m.weekly >= a.cfg.ChurnMinWeekly && float64(active) >= a.cfg.ChurnMinActiveShare*float64(span)
	w := a.cfg.PriorItems
	m.preLevel = (y + w) / (e + w/f.level)
	m.preN = y + w
	if e > 0 {
		m.preMu = m.preLevel * e2 / e
	}
	for j := last + 1; j <= t.end; j++ {
		o := d.open(j)
		if o == 0 {
			continue
		}
		sh := o * shapes[t.cellOf[j]]
		if j < t.mStart {
			m.sPre, m.sPreSq = m.sPre+sh, m.sPreSq+sh*sh
		} else {
			m.sIn, m.sInSq = m.sIn+sh, m.sInSq+sh*sh
		}
	}
	m.silenceAgo, m.silenceAgoVar, _ = a.yearAgo(i, d, f, shapes, last+1, t.end, last+1-from)
}
