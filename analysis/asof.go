package analysis

import (
	"fmt"

	"postcrm"
	"postcrm/calendar"
)

// Standing is where a contract customer stands at the end of a day, by
// the monthly model fitted as for the day's month: how improbable its
// current silence is and how improbably little it shipped over the last
// days. The early alerts (package alert) are decided from it.
type Standing struct {
	Code        string
	Skip        Skip         // as the monthly analysis of the day's month would skip it
	LastShipped postcrm.Date // its last day with an item up to the day; 0 when none in the history
	SilenceDays int          // days since LastShipped, 0 when it shipped on the day
	// Regular: it shipped regularly in the half year before its silence
	// (the churn rule's ChurnMinWeekly and ChurnMinActiveShare).
	Regular bool
	// SilenceExpected is the items it would have shipped on the silent
	// days its office served, at its level before the silence; PSilence
	// the probability of none (1 when it is not silent or not judged).
	SilenceExpected float64
	SilenceServed   int // served days in the silence
	PSilence        float64

	// The last RecentDays (served days only): items expected and shipped,
	// and P(this few or fewer); PRecent is 1 when not judged.
	RecentExpected float64
	RecentActual   int64
	PRecent        float64
	FenPerItem     float64 // its recent postage per item
}

// StandingsAt judges every customer of histories as of the end of day.
// Each history must end on day: what was accepted later is not there to
// leak in. The model is the monthly analysis's for day's month (fitted on
// the days before it, level from the months before it, the same day
// classes, holidays and 调休, Spring Festival weeks, shopping festivals,
// season, year-ago movement and peer groups, suspended days left out),
// with the peer groups' movement measured over the month's days up to
// day; recentDays (at least 1) are the trailing days judged for a
// slowdown. cfg.ChurnMaxSilenceDays bounds the silences judged.
func StandingsAt(day postcrm.Date, recentDays int, histories []CustomerHistory, cal *calendar.Calendar, suspensions []postcrm.Suspension, cfg Config) ([]Standing, error) {
	if recentDays < 1 {
		return nil, fmt.Errorf("standings at %s: %d recent days", day, recentDays)
	}
	month := day.YearMonth()
	a, err := start(month, 1, day, histories, cal, suspensions, cfg)
	if err != nil {
		return nil, err
	}
	a.recentDays = recentDays
	a.fitGroups()
	a.measure()
	a.calibrate()
	// Whatever moved a whole peer group over the recent days (a season
	// its members' histories are too short to know, a local event) moves
	// each member's expectation for them.
	recent := a.movements(func(i int) (float64, float64) {
		m := &a.m[i]
		base, _, _ := a.rate(i)
		return m.rItems, base * (m.rPre + m.rIn)
	})
	// A silence is measured against the peers' last days: a whole group
	// falling quiet at once (the run-up to a Spring Festival its history
	// does not hold yet, a storm nobody recorded) is no one member's
	// departure.
	week := a.movements(func(i int) (float64, float64) {
		m := &a.m[i]
		base, _, _ := a.rate(i)
		return m.wItems, base * m.wProf
	})
	out := make([]Standing, len(histories))
	for i := range out {
		out[i] = a.standing(i, recent, week)
	}
	return out, nil
}

// standing works out customer i's standing from its fitted model, its
// peer groups having moved by recent over the recent days and by week
// over the last moveDays.
func (a *analysis) standing(i int, recent, week []float64) Standing {
	o, m := &a.out[i], &a.m[i]
	st := Standing{Code: o.Code, Skip: o.Skip, PSilence: 1, PRecent: 1}
	d := a.days(i)
	if a.hs[i].First != 0 {
		for j := a.t.end; j >= d.from(); j-- {
			if d.items(j) > 0 {
				st.LastShipped = dateOfNumber(a.t.first + j)
				st.SilenceDays = a.t.end - j
				break
			}
		}
	}
	if o.Skip != Judged {
		return st
	}
	base, k, extra := a.rate(i)
	st.Regular, st.FenPerItem = m.regular, m.postage
	if m.silence > 0 && m.silence <= a.cfg.ChurnMaxSilenceDays {
		w := min(1, week[o.Group])
		st.SilenceExpected, st.PSilence = a.silenceP(i, k, w, w)
		for j := a.t.end - m.silence + 1; j <= a.t.end; j++ {
			if d.open(j) > 0 {
				st.SilenceServed++
			}
		}
	}
	mult := base * recent[o.Group]
	e := mult * (m.rPre + m.rIn)
	sq := mult * mult * (m.rPreSq + m.rInSq)
	st.RecentExpected = e
	st.RecentActual = int64(m.rItems)
	st.PRecent = nbCDF(m.rItems, e, sumShape(e, sq, k, extra))
	return st
}

// recentProfile sums the shape over the last recentDays, those before
// the month and those within it, and over the last moveDays, each day
// weighted by the share of the customer's items its office accepted
// (as the month's profile is): a day an adjustment refused part of
// expects only the rest, and a fully refused or suspended day nothing.
func (a *analysis) recentProfile(d days, shapes []float64, m *measures) {
	t := a.t
	for j := max(d.from(), t.end-max(a.recentDays, moveDays)+1); j <= t.end; j++ {
		o := d.open(j)
		if o == 0 {
			continue
		}
		sh := o * shapes[t.cellOf[j]]
		switch {
		case j <= t.end-a.recentDays:
		case j < t.mStart:
			m.rPre, m.rPreSq = m.rPre+sh, m.rPreSq+sh*sh
			m.rItems += float64(d.items(j))
		default:
			m.rIn, m.rInSq = m.rIn+sh, m.rInSq+sh*sh
			m.rItems += float64(d.items(j))
		}
		if j > t.end-moveDays {
			m.wProf += sh
			m.wItems += float64(d.items(j))
		}
	}
}

// moveDays: the peers' movement a silence is measured against is over
// their last four days, short enough to follow the first days of a
// group falling quiet at once (on the city demo, four days instead of
// seven took the Spring Festival month's false alerts from 29 to 24 and
// changed nothing else measured).
const moveDays = 4
