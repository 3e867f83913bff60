package postcrm

import "testing"

func TestReasonLabelCoversEveryReason(t *testing.T) {
	reasons := []Reason{ReasonNotPermitted, ReasonMissingField, ReasonBadTime, ReasonBadDate,
		ReasonBadNumber, ReasonNegative, ReasonAbsurd, ReasonBadCode,
		ReasonBadEnum, ReasonBadPhone, ReasonUnknownOffice, ReasonUnknownCustomer,
		ReasonUnknownStaff, ReasonNoPhone, ReasonFuture, ReasonBadQuotes}
	seen := map[string]bool{}
	for _, r := range reasons {
		label := r.Label()
		if label == string(r) || seen[label] {
			t.Errorf("reason %s has label %q: missing or shared", r, label)
		}
		seen[label] = true
	}
	if got := Reason("something_new").Label(); got != "something_new" {
		t.Errorf("unknown reason shows as %q, want its code", got)
	}
}
