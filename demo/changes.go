package demo

import (
	"time"

	"postcrm"
)

// What happens to contract customers, as ground truth for the analysis.
const (
	changesPerMonth  = 0.03 // of the customers still normal, half declining, half churning
	historyMonths    = 6    // no change before this month: the analysis needs a baseline
	minShippingDays  = 90   // a new customer ships this long before it may change
	forcedPerEvent   = 2    // hard cases planted at each 618 and Spring Festival
	terminatedShare  = 0.5  // churners whose contract is marked 解约 after two months
	suspendedShare   = 0.1  // decliners marked 暂停
	departedOwners   = 3    // customers whose 管户人 has left the company
	declineFactorMin = 0.2
	declineFactorMax = 0.6
)

func (p *province) assignChanges() {
	r := newRNG(p.seed, streamChanges, 0)
	for m := historyMonths; m < p.win.Months; m++ {
		first, last := p.win.Month(m)
		for ci := range p.customers {
			if r.chance(changesPerMonth) {
				change := ChangeDecline
				if r.chance(0.5) {
					change = ChangeChurn
				}
				p.setChange(&r, ci, change, first, last)
			}
		}
		p.plantHardCases(&r, m, first, last)
	}
	p.setStatuses(&r)
}

// plantHardCases makes sure the analysis meets the difficult changes:
// online shops declining just as 618 lifts their volume, and customers
// churning in the Spring Festival month, when everybody is quiet.
func (p *province) plantHardCases(r *rng, m, first, last int) {
	month := p.win.Day(first)
	if month.Month() == time.June {
		p.plantChanges(r, ChangeDecline, first, first+9, func(c *customer) bool { return c.Kind == KindEcommerce })
	}
	if sf := p.cal.SpringFestival(month.Year()); sf.YearMonth() == month.YearMonth() {
		p.plantChanges(r, ChangeChurn, first, last, func(c *customer) bool {
			return c.Kind == KindEcommerce || c.Kind == KindEnterprise
		})
	}
}

func (p *province) plantChanges(r *rng, change Change, first, last int, fits func(*customer) bool) {
	planted := 0
	for _, ci := range r.perm(len(p.customers)) {
		if planted == forcedPerEvent {
			return
		}
		if c := &p.customers[ci]; c.Change == ChangeNone && fits(c) && p.setChange(r, ci, change, first, last) {
			planted++
		}
	}
}

// setChange gives customer ci a change on a day between first and last;
// it refuses customers already changed or too new to tell.
func (p *province) setChange(r *rng, ci int, change Change, first, last int) bool {
	c := &p.customers[ci]
	day := first + r.intn(last-first+1)
	if c.Change != ChangeNone || day < c.Start+minShippingDays {
		return false
	}
	c.Change, c.ChangeAt, c.Factor = change, day, 0
	if change == ChangeDecline {
		c.Factor = r.uniform(declineFactorMin, declineFactorMax)
	}
	return true
}

// setStatuses writes the CRM's view: it lags behind reality and knows only
// some churners and decliners; a few owners have left the company.
func (p *province) setStatuses(r *rng) {
	for ci := range p.customers {
		c := &p.customers[ci]
		switch {
		case c.Change == ChangeChurn && c.ChangeAt < p.win.Days()-60 && r.chance(terminatedShare):
			c.Status = postcrm.StatusTerminated
		case c.Change == ChangeDecline && r.chance(suspendedShare):
			c.Status = postcrm.StatusSuspended
		}
	}
	for k := 0; k < departedOwners && k < len(p.customers); k++ {
		c := &p.customers[r.intn(len(p.customers))]
		c.Owner, c.OwnerID = -1, p.departed[k%len(p.departed)]
	}
}

func (r *rng) perm(n int) []int {
	out := make([]int, n)
	for i := range out {
		j := r.intn(i + 1)
		out[i], out[j] = out[j], i
	}
	return out
}
