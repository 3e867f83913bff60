// Package campaign measures what a campaign bought and how the
// e-channel's members grow: the campaign's effect on new members and
// walk-in revenue by difference in differences against offices that did
// not run it, the recruited members' return, the members against their
// targets, and the workbook of a campaign. The rules of a campaign and
// its gifts are the root package's (postcrm.Campaign.Allows), which the
// store applies as it records a gift.
package campaign

import (
	"context"
	"fmt"
	"math"

	"postcrm"
	"postcrm/followup"
)

// Estimate is a difference in differences per office and week with its
// 95% interval.
type Estimate struct {
	Diff float64 `json:"diff"`
	Low  float64 `json:"low"`
	High float64 `json:"high"`
	SE   float64 `json:"se"`
	DF   float64 `json:"df"`
	// The four means it is made of, per office and week.
	TreatedBefore float64 `json:"treated_before"`
	TreatedDuring float64 `json:"treated_during"`
	ControlBefore float64 `json:"control_before"`
	ControlDuring float64 `json:"control_during"`
}

// Effect is what a campaign bought, measured.
type Effect struct {
	OK     bool   `json:"ok"`               // measured; otherwise Reason says why not
	Reason string `json:"reason,omitempty"` // in Chinese

	Before         [2]postcrm.Date `json:"before"` // the windows compared, days included (YYYYMMDD)
	During         [2]postcrm.Date `json:"during"`
	Weeks          float64         `json:"weeks"`            // the during window's length in weeks
	Partial        bool            `json:"partial"`          // the data end before the campaign does
	Treated        int             `json:"treated_offices"`  // offices that ran it
	Controls       int             `json:"control_offices"`  // offices compared with
	ControlsInCity bool            `json:"controls_in_city"` // the controls are the campaign's cities' other offices (else the province's)

	Members Estimate `json:"members_per_office_week"`
	Revenue Estimate `json:"walkin_revenue_yuan_per_office_week"`

	// Over the treated offices and the during window: the estimate times
	// offices times weeks.
	IncMembers     float64 `json:"incremental_members"`
	IncMembersLow  float64 `json:"incremental_members_low"`
	IncMembersHigh float64 `json:"incremental_members_high"`
	IncRevenue     float64 `json:"incremental_revenue_yuan"`
	IncRevenueLow  float64 `json:"incremental_revenue_yuan_low"`
	IncRevenueHigh float64 `json:"incremental_revenue_yuan_high"`

	Gifts   int   `json:"gifts"`
	CostFen int64 `json:"cost_fen"`
	// Gift cost per incremental member (yuan), and incremental revenue per
	// yuan of gifts. CostKnown: more than zero incremental members were
	// estimated; CostHighKnown: the interval's lower end too (else the
	// cost has no upper bound); RevenuePerCostKnown: gifts cost anything.
	// A figure not known is 0.
	CostPerMember       float64 `json:"cost_per_member_yuan"`
	CostPerMemberLow    float64 `json:"cost_per_member_yuan_low"`
	CostPerMemberHigh   float64 `json:"cost_per_member_yuan_high"`
	RevenuePerCost      float64 `json:"revenue_per_gift_yuan"`
	RevenuePerCostLow   float64 `json:"revenue_per_gift_yuan_low"`
	RevenuePerCostHigh  float64 `json:"revenue_per_gift_yuan_high"`
	CostKnown           bool    `json:"cost_known"`
	CostHighKnown       bool    `json:"cost_high_known"`
	RevenuePerCostKnown bool    `json:"revenue_per_gift_known"`

	Return Returns `json:"return"`      // the members recruited at the campaign's offices in the window
	Base   Returns `json:"return_base"` // the same at the comparison offices
}

// Returns is the share of members who shipped again within 30 and 90
// days of registering; a member registered less than 30 (90) days before
// the data end is not counted in that share yet.
type Returns struct {
	Recruited int     `json:"recruited"`
	N30       int     `json:"n30"`
	Back30    int     `json:"back30"`
	N90       int     `json:"n90"`
	Back90    int     `json:"back90"`
	Share30   float64 `json:"share30"`
	Low30     float64 `json:"low30"`
	High30    float64 `json:"high30"`
	Share90   float64 `json:"share90"`
	Low90     float64 `json:"low90"`
	High90    float64 `json:"high90"`
}

// minBefore is the shortest before window: a short campaign is compared
// with eight weeks before it, so that the before means are not one
// week's noise.
const minBefore = 56

// Measure measures campaign c, which handed out gifts costing costFen.
//
// Each office's outcome is the change of its weekly rate, during minus
// before: y = 7·(sum during / days during − sum before / days before).
// The estimate is the mean y of the campaign's offices minus that of the
// comparison offices, and its interval Welch's t interval over offices:
// each office is one observation, so the days of one office, which move
// together, are not counted as independent.
func Measure(ctx context.Context, src Source, c postcrm.Campaign, gifts int, costFen int64) (Effect, error) {
	e := Effect{Gifts: gifts, CostFen: costFen}
	returns, last, err := src.MemberReturns(ctx, c.From, c.To)
	if err != nil {
		return e, err
	}
	end := min(c.To, last)
	if end < c.From {
		e.Reason = "活动还没有开始，或收寄数据还没有导入到活动期间"
		return e, nil
	}
	e.Partial = end < c.To
	days := postcrm.DaysBetween(c.From, end) + 1
	beforeDays := max(days, minBefore)
	e.During = [2]postcrm.Date{c.From, end}
	e.Before = [2]postcrm.Date{c.From.AddDays(-beforeDays), c.From.AddDays(-1)}
	e.Weeks = float64(days) / 7

	offices, err := src.Offices(ctx)
	if err != nil {
		return e, err
	}
	od, err := src.OfficeDays(ctx, e.Before[0], end)
	if err != nil {
		return e, err
	}
	type sums struct {
		seen                 bool
		mBefore, mDuring     float64
		revBefore, revDuring float64
	}
	by := map[string]*sums{}
	for _, d := range od {
		s := by[d.OfficeCode]
		if s == nil {
			s = &sums{}
			by[d.OfficeCode] = s
		}
		if d.Day < c.From {
			s.seen = true
			s.mBefore += float64(d.Members)
			s.revBefore += float64(d.WalkinFen) / 100
		} else {
			s.mDuring += float64(d.Members)
			s.revDuring += float64(d.WalkinFen) / 100
		}
	}
	treated, inCity, province := map[string]bool{}, []string{}, []string{}
	cities := map[string]bool{}
	for _, o := range offices {
		if c.Covers(o) {
			treated[o.Code] = true
			cities[o.City] = true
		}
	}
	for _, o := range offices {
		if treated[o.Code] || by[o.Code] == nil || !by[o.Code].seen {
			continue // an office with nothing before the campaign had not opened
		}
		province = append(province, o.Code)
		if cities[o.City] {
			inCity = append(inCity, o.Code)
		}
	}
	controls := province
	if len(inCity) >= minControls {
		controls, e.ControlsInCity = inCity, true
	}
	var tm, cm, tr, cr []float64
	rate := func(before, during float64) float64 {
		return 7 * (during/float64(days) - before/float64(beforeDays))
	}
	var tMeans, cMeans [4]float64 // members before, during; revenue before, during; per week
	add := func(m *[4]float64, s *sums) {
		m[0] += 7 * s.mBefore / float64(beforeDays)
		m[1] += 7 * s.mDuring / float64(days)
		m[2] += 7 * s.revBefore / float64(beforeDays)
		m[3] += 7 * s.revDuring / float64(days)
	}
	for code := range treated {
		s := by[code]
		if s == nil || !s.seen {
			continue
		}
		tm = append(tm, rate(s.mBefore, s.mDuring))
		tr = append(tr, rate(s.revBefore, s.revDuring))
		add(&tMeans, s)
	}
	for _, code := range controls {
		s := by[code]
		cm = append(cm, rate(s.mBefore, s.mDuring))
		cr = append(cr, rate(s.revBefore, s.revDuring))
		add(&cMeans, s)
	}
	e.Treated, e.Controls = len(tm), len(cm)
	e.Return, e.Base = returnsOf(returns, last, func(code string) bool { return treated[code] }),
		returnsOf(returns, last, func(code string) bool { return !treated[code] && contains(controls, code) })
	if e.Treated < 2 || e.Controls < 2 {
		e.Reason = fmt.Sprintf("参加活动的营业部（%d 个）或对照营业部（%d 个）不足两个，无法估计效果和区间", e.Treated, e.Controls)
		return e, nil
	}
	e.Members = welch(tm, cm)
	e.Revenue = welch(tr, cr)
	nt, nc := float64(e.Treated), float64(e.Controls)
	e.Members.TreatedBefore, e.Members.TreatedDuring = tMeans[0]/nt, tMeans[1]/nt
	e.Members.ControlBefore, e.Members.ControlDuring = cMeans[0]/nc, cMeans[1]/nc
	e.Revenue.TreatedBefore, e.Revenue.TreatedDuring = tMeans[2]/nt, tMeans[3]/nt
	e.Revenue.ControlBefore, e.Revenue.ControlDuring = cMeans[2]/nc, cMeans[3]/nc

	scale := nt * e.Weeks
	e.IncMembers, e.IncMembersLow, e.IncMembersHigh = e.Members.Diff*scale, e.Members.Low*scale, e.Members.High*scale
	e.IncRevenue, e.IncRevenueLow, e.IncRevenueHigh = e.Revenue.Diff*scale, e.Revenue.Low*scale, e.Revenue.High*scale
	cost := float64(costFen) / 100
	if e.IncMembers > 0 {
		e.CostKnown = true
		e.CostPerMember = cost / e.IncMembers
		e.CostPerMemberLow = cost / e.IncMembersHigh
		if e.IncMembersLow > 0 {
			e.CostHighKnown = true
			e.CostPerMemberHigh = cost / e.IncMembersLow
		}
	}
	if cost > 0 {
		e.RevenuePerCostKnown = true
		e.RevenuePerCost, e.RevenuePerCostLow, e.RevenuePerCostHigh = e.IncRevenue/cost, e.IncRevenueLow/cost, e.IncRevenueHigh/cost
	}
	e.OK = true
	return e, nil
}

// minControls is the fewest other offices in the campaign's cities to
// compare with; fewer, and the province's other offices are the controls.
const minControls = 5

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// welch is the difference of the means of a and b with Welch's t
// interval: SE² = s²a/na + s²b/nb, and the Welch–Satterthwaite degrees
// of freedom (s²a/na + s²b/nb)² / ((s²a/na)²/(na−1) + (s²b/nb)²/(nb−1)).
func welch(a, b []float64) Estimate {
	ma, va := meanVar(a)
	mb, vb := meanVar(b)
	qa, qb := va/float64(len(a)), vb/float64(len(b))
	se := math.Sqrt(qa + qb)
	df := 1.0
	if den := qa*qa/float64(len(a)-1) + qb*qb/float64(len(b)-1); den > 0 {
		df = (qa + qb) * (qa + qb) / den
	}
	half := tQuantile(0.975, df) * se
	d := ma - mb
	return Estimate{Diff: d, Low: d - half, High: d + half, SE: se, DF: df}
}

func meanVar(xs []float64) (mean, variance float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		variance += (x - mean) * (x - mean)
	}
	return mean, variance / float64(len(xs)-1)
}

// returnsOf counts the return of the members registered in the window
// at the offices in, up to the data's last day.
func returnsOf(rs []postcrm.MemberReturn, last postcrm.Date, in func(string) bool) Returns {
	var r Returns
	for _, m := range rs {
		if m.RegisteredOn > last || !in(m.OfficeCode) {
			continue
		}
		r.Recruited++
		for _, w := range []struct {
			days    int
			n, back *int
		}{{30, &r.N30, &r.Back30}, {90, &r.N90, &r.Back90}} {
			if m.RegisteredOn.AddDays(w.days) > last {
				continue
			}
			*w.n++
			if m.NextShip != 0 && m.NextShip <= m.RegisteredOn.AddDays(w.days) {
				*w.back++
			}
		}
	}
	r.Share30, r.Low30, r.High30 = share(r.Back30, r.N30)
	r.Share90, r.Low90, r.High90 = share(r.Back90, r.N90)
	return r
}

// share is k/n with its Wilson 95% interval; 0 without members (the
// count says there were none).
func share(k, n int) (p, lo, hi float64) {
	if n == 0 {
		return 0, 0, 0
	}
	lo, hi = followup.Wilson(k, n, 1.959963984540054)
	return float64(k) / float64(n), lo, hi
}
