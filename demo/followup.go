package demo

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"postcrm"
	"postcrm/calendar"
	"postcrm/followup"
)

// The follow-up simulation gives the demo a known true effect of
// following up, for the measurement to find again. The generator's
// changes are permanent: a decliner stays down and a churner silent, so
// without follow-up no true changer recovers. After the analysis of month
// M, the warnings are dispatched (a share held out) on the first day of
// M+1; couriers reach a share of the customers dispatched to them within
// the due period, and reaching a true decliner or churner wins it back
// with probability WinBack: from the day after the contact it ships at
// its unchanged rate again. The won-back volume is written as an extra
// waybill file to import, so the generated months stay as they are and
// the simulation costs one analysis of M and a few thousand rows.
//
// The true uplift of the recovery rate, contacted against held out, is
// then WinBack times the share of true changers among the warnings: a
// false alarm recovers whether contacted or not, a true changer only when
// won back. A customer decides once: one reached in an earlier month and
// warned again is not won back by another visit, so that the effect of a
// month's follow-up is what it is even though a customer not reached in
// M may be reached in M+1. Measured at M+2 (a whole month after the
// contact) with the 80% rule, it is found again up to the rule's
// misclassification.

// FollowupSim describes a simulated follow-up.
type FollowupSim struct {
	Month        postcrm.Month // of the warnings; the window must hold the two months after it
	ContactShare float64       // dispatched warnings whose courier reaches the customer
	WinBack      float64       // probability that reaching a true changer wins it back
	Holdout      float64       // share held out; negative keeps the store's setting
}

// DefaultFollowupSim follows up month's warnings: 70% reached, 40% of the
// true changers reached won back, the store's holdout share.
func DefaultFollowupSim(month postcrm.Month) FollowupSim {
	return FollowupSim{Month: month, ContactShare: 0.7, WinBack: 0.4, Holdout: -1}
}

// FollowupFiles names the files the simulation of month writes: the
// won-back customers' waybills and the truth of each warning's follow-up.
func FollowupFiles(month postcrm.Month) (waybills, truth string) {
	return "waybills-followup-" + month.String() + ".csv", "truth_followup-" + month.String() + ".csv"
}

// FollowupStore is what the simulation reads and writes.
type FollowupStore interface {
	followup.RunStore
	MonthContacts(ctx context.Context, month postcrm.Month) ([]postcrm.Contact, error)
	AddContact(ctx context.Context, sc postcrm.Scope, c postcrm.Contact, a postcrm.Actor) (postcrm.Contact, error)
}

// FollowupTruth is what became of one warning in the simulation.
type FollowupTruth struct {
	WarningID    int64
	CustomerCode string
	Kind         postcrm.WarningKind
	Group        string // held_out, contacted or not_contacted
	Changer      bool   // the customer truly declined or churned by the month's end
	WonBack      bool
	ContactDay   postcrm.Date
}

// FollowupResult is what the simulation did.
type FollowupResult struct {
	Truth      []FollowupTruth // the decline and churn warnings dispatched or held out
	File       File            // the won-back customers' waybills, to import
	Dispatched int             // decline and churn warnings dispatched
	HeldOut    int
	Contacted  int
	WonBack    int
	Changers   int     // true decliners and churners among the dispatched and held out
	TrueUplift float64 // WinBack × Changers / (Dispatched + HeldOut)
}

// The won-back items of a day are numbered from followupSeqBase, above
// the day's own items and below the planted rows, in a block of
// followupSeqBlock per simulated month (by its first day's index over 28:
// months start at least 28 days apart) so that two months' files never
// share a number.
const (
	followupSeqBase  = 80_000_000
	followupSeqBlock = 200_000
)

// streamFollowup is the simulation's random stream, apart from the
// generator's.
const streamFollowup uint64 = 64

// SimulateFollowup dispatches month sim.Month's warnings in s, records the
// simulated contacts and writes the won-back waybills into opts.Dir.
// opts must be the options the stored province was generated with.
func SimulateFollowup(ctx context.Context, s FollowupStore, opts Options, sim FollowupSim) (FollowupResult, error) {
	var res FollowupResult
	opts, err := opts.withDefaults(time.Now())
	if err != nil {
		return res, err
	}
	p, err := buildProvince(opts, calendar.Default())
	if err != nil {
		return res, err
	}
	monthEnd := sim.Month.Last()
	if p.win.Index(monthEnd.AddDays(1)) < 0 || postcrm.DaysBetween(monthEnd, p.win.Last) < 59 {
		return res, fmt.Errorf("模拟跟进 %s：数据要包含这个月和之后两个月（%s 至 %s）", sim.Month, p.win.First, p.win.Last)
	}
	dispatchDay := monthEnd.AddDays(1)
	_, set, err := followup.Run(ctx, s, sim.Month, dispatchDay, sim.Holdout, postcrm.Actor{User: "demo"})
	if err != nil {
		return res, err
	}
	ws, err := s.Warnings(ctx, sim.Month)
	if err != nil {
		return res, err
	}
	ds, err := s.Dispatches(ctx, sim.Month)
	if err != nil {
		return res, err
	}
	decided, err := reachedBefore(ctx, s, sim.Month)
	if err != nil {
		return res, err
	}
	warning := make(map[int64]postcrm.Warning, len(ws))
	for _, w := range ws {
		warning[w.ID] = w
	}
	index := make(map[string]int, len(p.customers))
	for i := range p.customers {
		index[p.customers[i].Code] = i
	}
	waybillsFile, truthFile := FollowupFiles(sim.Month)
	out, err := createCSV(opts.Dir, waybillsFile, EncodingUTF8, waybillHeader)
	if err != nil {
		return res, err
	}
	wins := map[int]int{} // customer index -> day index of the winning contact
	r := newRNG(p.seed, streamFollowup, uint64(sim.Month))
	for _, d := range ds {
		w, ok := warning[d.WarningID]
		ci, known := index[w.CustomerCode]
		if !ok || d.Withdrawn || !known || !followup.Measured(w.Kind) {
			continue
		}
		c := &p.customers[ci]
		changer := c.Change != ChangeNone && c.ChangeAt <= p.win.Index(monthEnd)
		if changer {
			res.Changers++
		}
		group, won, day := "held_out", false, postcrm.Date(0)
		if d.HeldOut {
			res.HeldOut++
		} else {
			res.Dispatched++
			group = "not_contacted"
			if d.AssignedTo != "" && r.chance(sim.ContactShare) {
				group, day = "contacted", dispatchDay.AddDays(r.intn(set.DueDays))
				won = changer && !decided[w.CustomerCode] && r.chance(sim.WinBack)
				res.Contacted++
			}
			if err := recordContact(ctx, s, &r, d, group, changer, won, day); err != nil {
				return res, err
			}
		}
		if won {
			res.WonBack++
			wins[ci] = p.win.Index(day)
		}
		res.Truth = append(res.Truth, FollowupTruth{d.WarningID, w.CustomerCode, w.Kind, group, changer, won, day})
	}
	p.writeWonBack(out, wins, sim.Month)
	res.File = File{Name: waybillsFile, Kind: postcrm.KindWaybills, Encoding: EncodingUTF8, Rows: out.rows()}
	if err := out.close(); err != nil {
		return res, err
	}
	if n := res.Dispatched + res.HeldOut; n > 0 {
		res.TrueUplift = sim.WinBack * float64(res.Changers) / float64(n)
	}
	truth := make([][]string, len(res.Truth))
	for i, f := range res.Truth {
		truth[i] = []string{strconv.FormatInt(f.WarningID, 10), f.CustomerCode, string(f.Kind), f.Group,
			strconv.FormatBool(f.Changer), strconv.FormatBool(f.WonBack), f.ContactDay.String()}
	}
	header := []string{"warning_id", "customer_code", "kind", "group", "true_change", "won_back", "contact_day"}
	_, err = writeTable(opts.Dir, truthFile, EncodingUTF8, "", header, truth)
	return res, err
}

// reachedBefore lists the customers reached in the follow-up of the
// months before month: a customer decides once whether it comes back, so
// one reached before and still warned is not won back by another visit.
func reachedBefore(ctx context.Context, s FollowupStore, month postcrm.Month) (map[string]bool, error) {
	reached := map[string]bool{}
	for k := 1; k <= followup.StickyMonths; k++ {
		m := month.Add(-k)
		ds, cs, err := followup.ReadMonth(ctx, s, m)
		if err != nil {
			return nil, err
		}
		customer := make(map[int64]string, len(ds))
		for _, d := range ds {
			customer[d.WarningID] = d.CustomerCode
		}
		for _, c := range cs {
			if c.Outcome.Reached() {
				reached[customer[c.WarningID]] = true
			}
		}
	}
	return reached, nil
}

// The reasons a reached customer gives, and how often: won back or lost,
// a true changer names a cause; a false alarm says business is normal.
var (
	changerReasons = newPicker(30, 20, 10, 25, 10, 5) // price, service, loss, competitor, shrank, other
	changerCodes   = []string{"price", "service", "loss", postcrm.ReasonCompetitor, "shrank", postcrm.ReasonOther}
	rivals         = newPicker(30, 25, 10, 10, 5, 8, 7, 3, 2) // in the order of postcrm.Competitors
)

// recordContact records what the courier of dispatch d did: one contact
// for a reached customer, sometimes an unreachable attempt for one not
// reached.
func recordContact(ctx context.Context, s FollowupStore, r *rng, d postcrm.Dispatch, group string, changer, won bool, day postcrm.Date) error {
	c := postcrm.Contact{WarningID: d.WarningID, On: day, Method: postcrm.ContactMethods[r.intn(len(postcrm.ContactMethods))], StaffID: d.AssignedTo}
	switch {
	case group != "contacted":
		if d.AssignedTo == "" || !r.chance(0.3) {
			return nil
		}
		c.On, c.Method, c.Outcome = d.DispatchedOn.AddDays(1+r.intn(3)), postcrm.MethodPhone, postcrm.OutcomeUnreachable
	case !changer:
		c.Outcome, c.Reason, c.Note = postcrm.OutcomeWrongWarning, postcrm.ReasonOther, "客户说业务正常，只是这个月发得少"
	default:
		c.Outcome = postcrm.OutcomeLost
		if won {
			c.Outcome = postcrm.OutcomeRecovered
		}
		c.Reason = changerCodes[changerReasons.pick(r)]
		switch c.Reason {
		case postcrm.ReasonCompetitor:
			c.Competitor = postcrm.Competitors[rivals.pick(r)]
		case postcrm.ReasonOther:
			c.Note = "客户未说明原因"
		}
	}
	sc := postcrm.Scope{Role: postcrm.RoleProvinceAdmin}
	_, err := s.AddContact(ctx, sc, c, postcrm.Actor{User: d.AssignedTo, Addr: "demo"})
	return err
}

// writeWonBack writes, for each won-back customer, the items its change
// took away, from the day after the winning contact to the window's end:
// together with what it still ships, it ships at its unchanged rate.
func (p *province) writeWonBack(out *csvOut, wins map[int]int, month postcrm.Month) {
	block := int32(followupSeqBase + followupSeqBlock*(p.win.Index(month.First())/28))
	customers := make([]int, 0, len(wins))
	for ci := range wins {
		customers = append(customers, ci)
	}
	slices.Sort(customers)
	first := p.win.Days()
	for _, day := range wins {
		first = min(first, day+1)
	}
	for day := first; day < p.win.Days(); day++ {
		r := newRNG(p.seed, streamFollowup, uint64(month)<<20|uint64(day))
		text := newDayText(p.win.Day(day))
		seq := block
		for _, ci := range customers {
			if day <= wins[ci] {
				continue
			}
			c := &p.customers[ci]
			pattern := p.patterns[c.Kind][day]
			unchanged := *c
			unchanged.Change = ChangeNone
			missing := unchanged.dailyMean(day, pattern) - c.dailyMean(day, pattern)
			for range r.negBinomial(missing, c.Shape) {
				it := p.contractItem(&r, ci)
				it.seq = seq
				seq++
				out.write(p.appendWaybill(out.buffer(), &text, &it))
			}
		}
	}
}

// AddToManifest lists f in dir's manifest as a file to import; a waybill
// file's rows are counted among the generated waybills.
func AddToManifest(dir string, f File) error {
	m, err := ReadManifest(dir)
	if err != nil {
		return err
	}
	m.Files = append(m.Files, f)
	if f.Kind == postcrm.KindWaybills {
		m.Waybills += f.Rows
	}
	return m.write(dir)
}
