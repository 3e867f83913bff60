package refund

import "postcrm"

// Error codes of the refund rules; the web translates them by code.
const (
	CodeIllegal          = "refund.illegal"             // the action does not apply in the case's state
	CodeRole             = "refund.role"                // the actor's role may not take it
	CodeExists           = "refund.exists"              // open: the case number is taken
	CodeNoWaybill        = "refund.no_waybill"          // waybills: none given
	CodeUnknownWaybill   = "refund.unknown_waybill"     // waybills: postcrm does not know it (or not in the actor's scope)
	CodeNothingLeft      = "refund.nothing_left"        // waybills: their postage is refunded already
	CodeReasonMissing    = "refund.reason_missing"      // reason
	CodeReasonUnknown    = "refund.reason_unknown"      // reason
	CodeAmountNotPositve = "refund.amount_not_positive" // amount
	CodeAmountTooHigh    = "refund.amount_too_high"     // amount: above postage minus earlier refunds
	CodeMakerChecker     = "refund.maker_checker"       // whoever opened a case takes no decision at 审批 (approve, reject, send back)
	CodePayKeyMissing    = "refund.pay_key_missing"     // key
	CodePayKeyConflict   = "refund.pay_key_conflict"    // key: used for another result
	CodePayAmount        = "refund.pay_amount"          // amount: not the approved amount
	CodeCommentMissing   = "refund.comment_missing"     // comment: a send-back says why
)

func invalid(code, field, msg string) *postcrm.Error {
	return &postcrm.Error{Kind: postcrm.ErrInvalid, Code: code, Field: field, Message: msg}
}

func notAllowed(code, msg string) *postcrm.Error {
	return &postcrm.Error{Kind: postcrm.ErrNotAllowed, Code: code, Message: msg}
}
