package postcrm

import (
	"errors"
	"slices"
	"testing"
	"time"
)

var testReasons = []ContactReason{{Code: "price"}, {Code: ReasonCompetitor}, {Code: ReasonOther}}

func TestContactValidate(t *testing.T) {
	d := Dispatch{OfficeCode: "O1", DispatchedOn: 20260601, DueOn: 20260608, Status: StatusOpen}
	recorded := time.Date(2026, 6, 10, 23, 30, 0, 0, ChinaTime)
	good := Contact{On: 20260610, Method: MethodVisit, Outcome: OutcomeLost, Reason: "price", RecordedAt: recorded}
	if err := good.Validate(d, testReasons); err != nil {
		t.Fatalf("a good contact: %v", err)
	}
	for _, c := range []struct {
		name  string
		mod   func(*Contact)
		codes []string
	}{
		{"empty", func(c *Contact) { *c = Contact{} },
			[]string{CodeContactDateMissing, CodeContactMethodMissing, CodeContactOutcomeMissing}},
		{"tomorrow", func(c *Contact) { c.On = 20260611 }, []string{CodeContactDateFuture}},
		{"before dispatch", func(c *Contact) { c.On = 20260531 }, []string{CodeContactDateBeforeDispatch}},
		{"reached, no reason", func(c *Contact) { c.Reason = "" }, []string{CodeContactReasonMissing}},
		{"unknown reason", func(c *Contact) { c.Reason = "weather" }, []string{CodeContactReasonUnknown}},
		{"competitor unnamed", func(c *Contact) { c.Reason = ReasonCompetitor }, []string{CodeContactCompetitorMissing}},
		{"other, no note", func(c *Contact) { c.Reason, c.Note = ReasonOther, "  " }, []string{CodeContactNoteMissing}},
		{"unreachable needs no reason", func(c *Contact) { c.Outcome, c.Reason = OutcomeUnreachable, "" }, nil},
	} {
		k := good
		c.mod(&k)
		var codes []string
		for _, e := range Errors(k.Validate(d, testReasons)) {
			codes = append(codes, e.Code)
			if !errors.Is(e, ErrInvalid) || e.Field == "" {
				t.Errorf("%s: %+v is not an invalid field", c.name, e)
			}
		}
		if !slices.Equal(codes, c.codes) {
			t.Errorf("%s: codes %v, want %v", c.name, codes, c.codes)
		}
	}
	closed := d
	closed.Status = StatusClosed
	if err := good.Validate(closed, testReasons); !errors.Is(err, ErrNotAllowed) || Errors(err)[0].Code != CodeContactClosed {
		t.Errorf("a contact on a closed warning: %v", err)
	}
}

func TestContactTidied(t *testing.T) {
	c := Contact{Outcome: OutcomeUnreachable, Reason: ReasonCompetitor, Competitor: "sf", Note: " 没人 "}.Tidied()
	if c.Reason != "" || c.Competitor != "" || c.Note != "没人" {
		t.Errorf("tidied: %+v", c)
	}
	if c := (Contact{Outcome: OutcomeLost, Reason: ReasonCompetitor, Competitor: "sf"}).Tidied(); c.Competitor != "sf" {
		t.Errorf("a competitor asked for was dropped: %+v", c)
	}
}

func TestValidateReassign(t *testing.T) {
	d := Dispatch{OfficeCode: "O1", Status: StatusOpen}
	here := Staff{ID: "K1", Role: RoleCourier, OfficeCode: "O1"}
	for _, c := range []struct {
		name string
		by   Role
		d    Dispatch
		to   Staff
		code string
	}{
		{"a manager, to a courier here", RoleOfficeManager, d, here, ""},
		{"a courier", RoleCourier, d, here, CodeReassignByCourier},
		{"closed", RoleOfficeManager, Dispatch{OfficeCode: "O1", Status: StatusClosed}, here, CodeReassignClosed},
		{"nobody", RoleCityManager, d, Staff{}, CodeReassignNobody},
		{"unknown", RoleCityManager, d, Staff{ID: "X9"}, CodeReassignUnknown},
		{"elsewhere", RoleCityManager, d, Staff{ID: "K2", Role: RoleCourier, OfficeCode: "O2"}, CodeReassignOtherOffice},
	} {
		err := c.d.ValidateReassign(c.by, c.to)
		got := ""
		if es := Errors(err); len(es) > 0 {
			got = es[0].Code
		}
		if got != c.code || (err == nil) != (c.code == "") {
			t.Errorf("%s: %v (code %q), want %q", c.name, err, got, c.code)
		}
	}
}

func TestMayReadFollowupMonth(t *testing.T) {
	for _, role := range []Role{RoleOfficeManager, RoleCityManager, RoleProvinceAdmin} {
		if err := MayReadFollowupMonth(role); err != nil {
			t.Errorf("%s refused the month's follow-up: %v", role, err)
		}
	}
	err := MayReadFollowupMonth(RoleCourier)
	if es := Errors(err); !errors.Is(err, ErrNotAllowed) || len(es) != 1 || es[0].Code != CodeMonthByCourier {
		t.Errorf("a courier reading the month's follow-up: %v, want the coded refusal %s", err, CodeMonthByCourier)
	}
}
