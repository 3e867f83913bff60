package followup_test

import (
	"context"
	"path/filepath"
	"testing"

	"postcrm"
	"postcrm/calendar"
	"postcrm/followup"
	"postcrm/sqlite"
	"postcrm/sqlstore"
)

// analysesCounted is a real store that counts the later-month analyses a
// measurement runs (each reads the customers once).
type analysesCounted struct {
	*sqlstore.Store
	analyses int
}

func (s *analysesCounted) Customers(ctx context.Context) ([]postcrm.Customer, error) {
	s.analyses++
	return s.Store.Customers(ctx)
}

// TestCacheMeasuresOncePerVersion: asking twice for an unchanged month
// runs one analysis; a contact recorded in between makes it measure again,
// and the cached cases are then what measuring without the cache
// gives: the customer is now among the contacted.
func TestCacheMeasuresOncePerVersion(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "postcrm.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s := &analysesCounted{Store: st}
	const month = 202605
	w := postcrm.Warning{Month: month, Kind: postcrm.WarnDecline, CustomerCode: "CUST-A", OfficeCode: "13000001", OwnerStaffID: "K001",
		ExpectedItems: 100, ActualItems: 40, ExpectedFen: 100000, ActualFen: 40000, RevenueAtRiskFen: 60000}
	if err := s.SaveWarnings(ctx, month, []postcrm.WarningKind{postcrm.WarnDecline}, []postcrm.Warning{w}); err != nil {
		t.Fatal(err)
	}
	ws, err := s.Warnings(ctx, month)
	if err != nil {
		t.Fatal(err)
	}
	d := postcrm.Dispatch{WarningID: ws[0].ID, Month: month, Kind: w.Kind, CustomerCode: w.CustomerCode, OfficeCode: w.OfficeCode,
		AssignedTo: "K001", DispatchedOn: 20260602, DueOn: 20260609, Status: postcrm.StatusOpen}
	if err := s.ApplyDispatchPlan(ctx, postcrm.DispatchPlan{New: []postcrm.Dispatch{d}}, postcrm.Actor{User: "test"}); err != nil {
		t.Fatal(err)
	}
	var cache followup.Cache
	measure := func() []followup.Case {
		t.Helper()
		cases, err := cache.MonthCases(ctx, s, calendar.Default(), month, 1)
		if err != nil {
			t.Fatal(err)
		}
		return cases
	}
	first := measure()
	if again := measure(); s.analyses != 1 || len(again) != 1 || again[0] != first[0] || first[0].Group != followup.NotContacted {
		t.Fatalf("two asks of an unchanged month: %d analyses, cases %+v then %+v", s.analyses, first, again)
	}
	c := postcrm.Contact{WarningID: d.WarningID, On: 20260605, Method: postcrm.MethodPhone, Outcome: postcrm.OutcomeLost, Reason: "price", StaffID: "K001"}
	if _, err := s.AddContact(ctx, postcrm.Scope{Role: postcrm.RoleProvinceAdmin}, c, postcrm.Actor{User: "test"}); err != nil {
		t.Fatal(err)
	}
	after := measure()
	if s.analyses != 2 {
		t.Fatalf("a contact later: %d analyses, want 2", s.analyses)
	}
	direct, err := followup.MonthCases(ctx, s, calendar.Default(), month, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != 1 || after[0] != direct[0] || after[0].Group != followup.Contacted {
		t.Errorf("cached %+v, measured directly %+v", after, direct)
	}
}
