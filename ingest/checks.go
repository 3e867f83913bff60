package ingest

import (
	"fmt"

	"postcrm"
)

// rowCheck validates the values of one row. The first rejecting problem
// sticks: later checks return zero values at once, so a parse function
// reads as a plain list of fields, and the user is told one problem per
// rejected row. Findings that do not reject the row collect in notes.
type rowCheck struct {
	p         *Parser
	officeCol int
	row       Row
	office    string // the row's office code, once it reads as one
	record    string // the row's record key (Finding.Record)
	rejected  bool
	reject    postcrm.Finding
	notes     []postcrm.Finding
}

func (ch *rowCheck) start(row Row) {
	ch.row, ch.rejected, ch.notes = row, false, ch.notes[:0]
	ch.office = ""
	if code := ch.value(ch.officeCol); validOfficeCode(code) {
		ch.office = code
	}
	ch.record = ""
	for i, c := range ch.p.keyCols {
		v := ch.value(c)
		if v == "" {
			ch.record = ""
			break
		}
		if i > 0 {
			ch.record += " "
		}
		ch.record += clip(v)
	}
}

// value is the trimmed value of column c, "" when the file lacks it.
func (ch *rowCheck) value(c int) string {
	if c < 0 {
		return ""
	}
	i := ch.p.header.index[c]
	if i < 0 || i >= len(ch.row.Fields) {
		return ""
	}
	return ch.row.Fields[i]
}

func (ch *rowCheck) finding(c int, reason postcrm.Reason, message string) postcrm.Finding {
	return postcrm.Finding{
		Kind: ch.p.kind, Source: ch.p.source, Line: ch.row.Line,
		Field: ch.p.header.names[c], Reason: reason, Message: message,
		Value: clip(ch.value(c)), OfficeCode: ch.office, Record: ch.record,
	}
}

// maxShownRunes is how much of a value a finding quotes: enough to find
// the row by, while a value of megabytes would fill the batch and the
// data-quality report.
const maxShownRunes = 200

// clip shortens a value to maxShownRunes characters, marking the cut.
func clip(v string) string {
	if len(v) <= maxShownRunes {
		return v
	}
	n := 0
	for i := range v {
		if n == maxShownRunes {
			return v[:i] + "…"
		}
		n++
	}
	return v
}

// fail rejects the row; format gets the column's Chinese name and its
// value before args.
func (ch *rowCheck) fail(c int, reason postcrm.Reason, format string, args ...any) {
	args = append([]any{ch.p.cols[c].zh, clip(ch.value(c))}, args...)
	ch.failWith(c, reason, fmt.Sprintf(format, args...))
}

func (ch *rowCheck) failWith(c int, reason postcrm.Reason, message string) {
	ch.reject = ch.finding(c, reason, message)
	ch.reject.Rejected, ch.rejected = true, true
}

// note records a problem that keeps the row.
func (ch *rowCheck) note(c int, reason postcrm.Reason, message string) {
	ch.notes = append(ch.notes, ch.finding(c, reason, message))
}

func (ch *rowCheck) required(c int) string {
	v := ch.value(c)
	if v == "" && !ch.rejected {
		ch.failWith(c, postcrm.ReasonMissingField, ch.p.cols[c].zh+"不能为空")
	}
	return v
}

// officeCode checks an 8-digit office code, and that the store knows it
// when known is set (org rows define offices instead).
func (ch *rowCheck) officeCode(c int, known bool) string {
	v := ch.required(c)
	switch {
	case ch.rejected:
		return ""
	case !validOfficeCode(v):
		ch.fail(c, postcrm.ReasonBadCode, "%s“%s”格式不对，应为 8 位数字")
	case known && !ch.p.knownOffices.has(v):
		ch.fail(c, postcrm.ReasonUnknownOffice, "%s“%s”在机构人员数据里没有，请先导入机构人员，或核对代码")
	}
	return v
}

// customerCode accepts an empty code (a walk-in) or a known one.
func (ch *rowCheck) customerCode(c int) string {
	v := ch.value(c)
	if v != "" && !ch.rejected && !ch.p.knownCustomers.has(v) {
		ch.fail(c, postcrm.ReasonUnknownCustomer, "%s“%s”在协议客户数据里没有，请先导入协议客户，或核对代码")
	}
	return v
}

// staffRef returns a known staff ID. An unknown one keeps the row: it is
// noted with message and the reference left empty, so that records only
// point at staff that exist.
func (ch *rowCheck) staffRef(c int, message string) string {
	v := ch.value(c)
	if v == "" || ch.rejected || ch.p.knownStaff.has(v) {
		return v
	}
	ch.note(c, postcrm.ReasonUnknownStaff, message)
	return ""
}

// phoneRule says which numbers a phone column accepts.
type phoneRule int

const (
	anyPhoneOptional phoneRule = iota // mobile or landline, may be empty
	mobileRequired
)

// phone returns the normalised number.
func (ch *rowCheck) phone(c int, rule phoneRule) string {
	v := ch.value(c)
	if rule == mobileRequired {
		v = ch.required(c)
	}
	if v == "" || ch.rejected {
		return ""
	}
	n, kind := normalizePhone(v)
	switch {
	case rule == mobileRequired && kind != phoneMobile:
		ch.fail(c, postcrm.ReasonBadPhone, "%s“%s”不是有效的手机号，应为 1 开头的 11 位数字")
	case kind == phoneInvalid:
		ch.fail(c, postcrm.ReasonBadPhone, "%s“%s”不是有效的手机号或固定电话（固定电话应带区号，如 0311-86123456）")
	}
	return n
}
