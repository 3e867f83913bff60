package ingest

import (
	"errors"
	"fmt"

	"postcrm"
)

// maxSuspensionDays: a register row longer than a year is a typing error
// (a wrong year), not a suspension; taken as one, it would blank a year of
// the office's customers out of the analysis.
const maxSuspensionDays = 366

// parseSuspension reads a row of the suspension register (收寄暂停登记).
// An empty 结束日期 is a one-day suspension, as with `postcrm suspend add`.
// Dates may lie in the future: a suspension can be announced ahead.
func (p *Parser) parseSuspension(ch *rowCheck, b *postcrm.Batch) {
	sp := postcrm.Suspension{
		OfficeCode: ch.officeCode(suspOfficeCode, true),
		From:       ch.date(suspFrom, dateRequired),
		To:         ch.date(suspTo, dateOptional),
		Reason:     ch.value(suspReason),
	}
	p.rights.suspension(ch, sp)
	if ch.rejected {
		return
	}
	if err := CheckSuspensionDays(&sp); err != nil {
		var bad *SuspensionDaysError
		if !errors.As(err, &bad) {
			bad = &SuspensionDaysError{postcrm.ReasonBadDate, err.Error()}
		}
		ch.fail(suspTo, bad.Reason, "%s“%s”%s", bad.Problem)
		return
	}
	b.Suspensions = append(b.Suspensions, sp)
}

// SuspensionDaysError is what is wrong with a suspension's last day.
type SuspensionDaysError struct {
	Reason  postcrm.Reason
	Problem string // in Chinese, to follow the last day as given
}

func (e *SuspensionDaysError) Error() string { return e.Problem }

// CheckSuspensionDays completes and checks a suspension's days, for the
// register import and `postcrm suspend add` alike: a zero last day is
// the first (a one-day suspension); a last day before the first, or more
// than a year after it, is a *SuspensionDaysError.
func CheckSuspensionDays(sp *postcrm.Suspension) error {
	if sp.To == 0 {
		sp.To = sp.From
	}
	switch days := postcrm.DaysBetween(sp.From, sp.To) + 1; {
	case days < 1:
		return &SuspensionDaysError{postcrm.ReasonBadDate, fmt.Sprintf("早于开始日期 %s，请核对", sp.From)}
	case days > maxSuspensionDays:
		return &SuspensionDaysError{postcrm.ReasonAbsurd, fmt.Sprintf("距开始日期 %s 超过一年，请核对年份", sp.From)}
	}
	return nil
}
