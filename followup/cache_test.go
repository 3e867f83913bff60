package followup_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"postcrm"
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

// countedStore opens an empty SQLite store that counts the analyses run
// on it.
func countedStore(t *testing.T) *analysesCounted {
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "postcrm.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &analysesCounted{Store: st}
}

// warnCustomerA stores month's one warning: CUST-A of K001 declining.
func warnCustomerA(t *testing.T, s *analysesCounted, month postcrm.Month) postcrm.Warning {
	t.Helper()
	w := postcrm.Warning{Month: month, Kind: postcrm.WarnDecline, CustomerCode: "CUST-A", OfficeCode: "13000001", OwnerStaffID: "K001",
		ExpectedItems: 100, ActualItems: 40, ExpectedFen: 100000, ActualFen: 40000, RevenueAtRiskFen: 60000}
	if err := s.SaveWarnings(context.Background(), month, []postcrm.WarningKind{postcrm.WarnDecline}, []postcrm.Warning{w}); err != nil {
		t.Fatal(err)
	}
	return w
}

// TestCacheMeasuresOncePerVersion: asking twice for an unchanged month
// runs one analysis; a contact recorded in between moves the customer
// among the contacted at once, without another analysis (the later
// month's figures do not depend on contacts), and the cases are what
// measuring without the cache gives; an import makes it analyse again.
func TestCacheMeasuresOncePerVersion(t *testing.T) {
	ctx := context.Background()
	s := countedStore(t)
	const month postcrm.Month = 202605
	w := warnCustomerA(t, s, month)
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
		cases, err := cache.MonthCases(ctx, s, month, 1)
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
	if s.analyses != 1 {
		t.Fatalf("a contact later: %d analyses, want 1", s.analyses)
	}
	direct, err := followup.MonthCases(ctx, s, month, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != 1 || after[0] != direct[0] || after[0].Group != followup.Contacted {
		t.Errorf("cached %+v, measured directly %+v", after, direct)
	}
	run := postcrm.ImportRun{Kind: postcrm.KindWaybills, Source: "waybills-2026-06.csv", StartedAt: time.Unix(1, 0), FinishedAt: time.Unix(2, 0)}
	if _, err := s.RecordImportRun(ctx, run); err != nil {
		t.Fatal(err)
	}
	before := s.analyses // the direct measurement's included
	if measure(); s.analyses != before+1 {
		t.Errorf("an import later: %d analyses, want %d", s.analyses, before+1)
	}
}

// TestCacheFollowsAPoolAssignment: a manager giving an unowned customer
// an owner from the pool hands it the customer's open warning; the
// cached cases must say so (the reports credit a recovery to the
// assignee), without another analysis of the later month.
func TestCacheFollowsAPoolAssignment(t *testing.T) {
	ctx := context.Background()
	s := countedStore(t)
	org := postcrm.Batch{Kind: postcrm.KindOrg, Offices: []postcrm.Office{{Code: "13000001", Name: "中华大街营业部", City: "石家庄市"}},
		Staff: []postcrm.Staff{{ID: "O001", Name: "王经理", Role: postcrm.RoleOfficeManager, City: "石家庄市", OfficeCode: "13000001"},
			{ID: "K002", Name: "赵揽投", Role: postcrm.RoleCourier, City: "石家庄市", OfficeCode: "13000001"}}}
	customers := postcrm.Batch{Kind: postcrm.KindCustomers, Customers: []postcrm.Customer{{Code: "CUST-A", Name: "华北商贸", OfficeCode: "13000001", Status: postcrm.StatusActive}}}
	for _, b := range []postcrm.Batch{org, customers} {
		if _, err := s.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	const month postcrm.Month = 202605
	w := postcrm.Warning{Month: month, Kind: postcrm.WarnDecline, CustomerCode: "CUST-A", OfficeCode: "13000001",
		ExpectedItems: 100, ActualItems: 40, ExpectedFen: 100000, ActualFen: 40000, RevenueAtRiskFen: 60000}
	if err := s.SaveWarnings(ctx, month, []postcrm.WarningKind{postcrm.WarnDecline}, []postcrm.Warning{w}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := followup.Run(ctx, s, month, 20260602, 0, postcrm.Actor{User: "test"}); err != nil {
		t.Fatal(err)
	}
	var cache followup.Cache
	assignee := func() string {
		t.Helper()
		cases, err := cache.MonthCases(ctx, s, month, 1)
		if err != nil || len(cases) != 1 {
			t.Fatalf("cases %+v, %v", cases, err)
		}
		return cases[0].AssignedTo
	}
	if a := assignee(); a != "O001" {
		t.Fatalf("an unowned customer's warning went to %q, want the office manager", a)
	}
	manager := postcrm.Scope{Role: postcrm.RoleOfficeManager, OfficeCode: "13000001"}
	if err := s.AssignOwner(ctx, manager, "CUST-A", "K002", postcrm.Actor{User: "O001"}); err != nil {
		t.Fatal(err)
	}
	if a := assignee(); a != "K002" || s.analyses != 1 {
		t.Errorf("after the pool assignment: assigned to %q (want K002), %d analyses (want 1)", a, s.analyses)
	}
}

// TestCacheKeepsTheAnalysisInTheStore: a new process (a new cache) on
// the same store reads the analysis the first one kept there instead of
// analysing again, and builds the same cases; an import makes it analyse
// again.
func TestCacheKeepsTheAnalysisInTheStore(t *testing.T) {
	ctx := context.Background()
	s := countedStore(t)
	const month postcrm.Month = 202605
	warnCustomerA(t, s, month)
	if _, _, err := followup.Run(ctx, s, month, 20260602, 0, postcrm.Actor{User: "test"}); err != nil {
		t.Fatal(err)
	}
	measure := func() []followup.Case {
		t.Helper()
		var fresh followup.Cache // a process of its own
		cases, err := fresh.MonthCases(ctx, s, month, 1)
		if err != nil || len(cases) != 1 {
			t.Fatalf("cases %+v, %v", cases, err)
		}
		return cases
	}
	first := measure()
	if again := measure(); s.analyses != 1 || again[0] != first[0] {
		t.Fatalf("a restart: %d analyses, cases %+v then %+v", s.analyses, first, again)
	}
	run := postcrm.ImportRun{Kind: postcrm.KindWaybills, Source: "waybills-2026-06.csv", StartedAt: time.Unix(1, 0), FinishedAt: time.Unix(2, 0)}
	if _, err := s.RecordImportRun(ctx, run); err != nil {
		t.Fatal(err)
	}
	if measure(); s.analyses != 2 {
		t.Errorf("an import later: %d analyses, want 2", s.analyses)
	}
}
