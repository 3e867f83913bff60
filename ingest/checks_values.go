package ingest

import (
	"time"

	"postcrm"
)

// earliestAccepted rejects the placeholder times exports put in empty
// time fields (1900-01-01 and the like).
var earliestAccepted = time.Date(2000, 1, 1, 0, 0, 0, 0, postcrm.ChinaTime)

// acceptedAt reads a waybill's accepted time.
func (ch *rowCheck) acceptedAt(c int) time.Time {
	v := ch.required(c)
	if ch.rejected {
		return time.Time{}
	}
	st, ok := scanStamp(v)
	if !ok || !st.hasClock {
		ch.fail(c, postcrm.ReasonBadTime, "%s“%s”无法识别，应为 2025-03-08 14:30:00 这样的格式")
		return time.Time{}
	}
	t := st.time()
	switch {
	case t.Before(earliestAccepted):
		ch.fail(c, postcrm.ReasonBadTime, "%s“%s”早于 2000 年，应是占位值或录错了")
	case t.After(ch.p.latestTime):
		ch.fail(c, postcrm.ReasonFuture, "%s“%s”晚于当前时间，请核对")
	}
	return t
}

// dateRule says what a date column accepts.
type dateRule int

const (
	dateOptional     dateRule = iota
	dateRequired              // required, past or future
	datePastRequired          // required, and not after today
)

func (ch *rowCheck) date(c int, rule dateRule) postcrm.Date {
	v := ch.value(c)
	if rule != dateOptional {
		v = ch.required(c)
	}
	if v == "" || ch.rejected {
		return 0
	}
	st, ok := scanStamp(v)
	if !ok {
		ch.fail(c, postcrm.ReasonBadDate, "%s“%s”无法识别，应为 2025-03-08 这样的格式")
		return 0
	}
	d := st.date()
	if rule == datePastRequired && d > ch.p.latestDay {
		ch.fail(c, postcrm.ReasonFuture, "%s“%s”晚于今天，请核对")
	}
	return d
}

// quantity describes a numeric column: its unit scale and the largest
// plausible value for one item.
type quantity struct {
	scale     int   // decimal places kept: 2 turns yuan into fen
	limit     int64 // in scaled units
	limitText string
	required  bool
}

var (
	postage = quantity{scale: 2, limit: 10_000 * 100, limitText: "10000 元", required: true}
	weight  = quantity{scale: 0, limit: 1_000_000, limitText: "1000 公斤"}
)

func (ch *rowCheck) quantity(c int, q quantity) int64 {
	v := ch.value(c)
	if q.required {
		v = ch.required(c)
	}
	if v == "" || ch.rejected {
		return 0
	}
	n, ok := amountScaled(v, q.scale)
	switch {
	case !ok:
		ch.fail(c, postcrm.ReasonBadNumber, "%s“%s”不是有效的数字")
	case n < 0:
		ch.fail(c, postcrm.ReasonNegative, "%s“%s”不能是负数")
	case n > q.limit:
		ch.fail(c, postcrm.ReasonAbsurd, "%s“%s”超过单件上限 %s，请核对", q.limitText)
	}
	return n
}

// enum returns the stored value of a required enumerated column.
func (ch *rowCheck) enum(c int, e enum) string {
	v := ch.required(c)
	if ch.rejected {
		return ""
	}
	stored, ok := e.lookup(v)
	if !ok {
		ch.fail(c, postcrm.ReasonBadEnum, "%s“%s”无法识别，应为 %s 之一", e.choices())
	}
	return stored
}
