package refund

import (
	"context"
	"fmt"
	"time"

	"postcrm"
	"postcrm/calendar"
)

// Levels of a step's reminders: at its due time a 催办 to its owner; an
// escalation interval later to the office manager; another later to the
// city manager. Each level is reached once per step (a send-back or a
// new step starts again from none), so that a sweep run twice, or every
// hour, tells nobody twice.
const (
	LevelRemind = 1
	LevelOffice = 2
	LevelCity   = 3
)

// SweepActor is the actor of the sweep's events and audit entries.
var SweepActor = postcrm.Actor{User: "system"}

// Level is the level case c's step has reached at now.
func Level(c postcrm.RefundCase, s postcrm.RefundSettings, cal *calendar.Calendar, now time.Time) int {
	if !c.State.Open() || c.DueAt.IsZero() {
		return 0
	}
	at, lvl := c.DueAt, 0
	for lvl < LevelCity && !now.Before(at) {
		lvl++
		at = Add(cal, at, s.Escalate)
	}
	return lvl
}

// remind is the sweep's change of one case at now: the level its step
// has reached, if it is above the one sent, with its event and whom it
// tells.
func remind(cal *calendar.Calendar, now time.Time) postcrm.RefundChange {
	return func(c postcrm.RefundCase, f postcrm.RefundFacts) (postcrm.RefundOutcome, error) {
		lvl := Level(c, f.Settings, cal, now)
		if lvl <= c.Level {
			return postcrm.RefundOutcome{Case: c}, nil
		}
		ev := postcrm.RefundEvent{CaseNo: c.No, At: now, Actor: SweepActor.User, Action: postcrm.RefundEscalate,
			From: c.State, To: c.State, Level: lvl}
		switch lvl {
		case LevelRemind:
			ev.Action, ev.Notified = postcrm.RefundRemind, c.Owner
		case LevelOffice:
			ev.Notified = first(f.OfficeManagers, "", first(f.CityManagers, "", c.Owner))
		default:
			ev.Notified = first(f.CityManagers, "", first(f.OfficeManagers, "", c.Owner))
		}
		ev.Comment = fmt.Sprintf("%s逾期（应于 %s 前办理）", StateLabels[c.State], c.DueAt.In(postcrm.ChinaTime).Format("2006-01-02 15:04"))
		c.Level = lvl
		return postcrm.RefundOutcome{Case: c, Event: ev, Notify: ev.Notified}, nil
	}
}

// SweepResult counts what a sweep did.
type SweepResult struct {
	Reminded, Escalated int
	Warnings            int // retention warnings standing this month
}

// Sweep sends the reminders and escalations that are due at now, for
// every open case in the province: 催办 to the step's owner, then the
// office manager, then the city, each once, recorded in the case's
// history and told through the notice outbox. `postcrm refund sweep`
// runs it daily; serve's scheduler may run it as often as it likes.
// It then recomputes the month's retention warnings (退费未办结,
// 退费被驳回), so that a case closed since clears its customer's.
func Sweep(ctx context.Context, s SweepStore, now time.Time) (SweepResult, error) {
	var res SweepResult
	province := postcrm.Scope{Role: postcrm.RoleProvinceAdmin}
	cases, err := s.RefundCases(ctx, province, postcrm.RefundQuery{OpenOnly: true})
	if err != nil {
		return res, err
	}
	var cal *calendar.Calendar
	for _, c := range cases {
		if !c.Overdue(now) {
			continue
		}
		if cal == nil {
			// The calendar times the escalations only: most hourly
			// sweeps find nothing overdue and need not read it.
			if cal, err = calendar.Stored(ctx, s); err != nil {
				return res, err
			}
		}
		before := c.Level
		after, err := s.ChangeRefund(ctx, province, SweepActor, c.No, nil, remind(cal, now))
		if err != nil {
			return res, fmt.Errorf("催办 %s: %w", c.No, err)
		}
		switch {
		case after.Level == before:
		case after.Level == LevelRemind:
			res.Reminded++
		default:
			res.Escalated++
		}
	}
	res.Warnings, err = refreshWarnings(ctx, s, now)
	return res, err
}
