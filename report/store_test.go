package report_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"postcrm"
	"postcrm/report"
	"postcrm/report/reporttest"
	"postcrm/sqlite"
	"postcrm/sqlstore"
	"postcrm/storetest"
)

// openProvince stores a generated province in a new SQLite file.
func openProvince(t *testing.T) (*reporttest.Province, *sqlstore.Store) {
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "postcrm.db"))
	storetest.Opened(t, s, err)
	p := reporttest.New(1, 3000)
	p.Load(t, s)
	return p, s
}

// cell is the value of column key in row r of table tb.
func cell(t *testing.T, tb postcrm.Table, r postcrm.Row, key string) any {
	t.Helper()
	for i, c := range tb.Columns {
		if c.Key == key {
			return r.Cells[i]
		}
	}
	t.Fatalf("%s: no column %s", tb.Name, key)
	return nil
}

func build(t *testing.T, src report.Source, name string, req report.Request) postcrm.Report {
	t.Helper()
	r, err := report.Build(context.Background(), src, name, req)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return r
}

// TestReportsReconcile checks, on a real store, that the reports agree
// with sums taken straight from the raw waybills: the sum over cities is
// the province total, which is the month's postage; contract revenue is
// the same in the revenue structure, the bulletin and the ownership report.
func TestReportsReconcile(t *testing.T) {
	p, src := openProvince(t)
	const month postcrm.Month = 202606
	city := make(map[string]string)
	for _, o := range p.Offices {
		city[o.Code] = o.City
	}
	var postage, contract int64
	byCity := make(map[string]int64)
	for _, w := range p.Waybills {
		if w.Day().YearMonth() != month {
			continue
		}
		postage += w.PostageFen
		byCity[city[w.OfficeCode]] += w.PostageFen
		if !w.Walkin() {
			contract += w.PostageFen
		}
	}
	if postage == 0 || contract == 0 {
		t.Fatal("the generated province has no June waybills")
	}
	req := report.Request{Month: month}

	rv := build(t, src, "revenue", req)
	units := rv.Tables[1]
	var sum int64
	for _, r := range units.Rows[:len(units.Rows)-1] {
		got := cell(t, units, r, "revenue_total").(int64)
		if want := byCity[r.Cells[0].(string)]; got != want {
			t.Errorf("revenue of %s: %d, want %d", r.Cells[0], got, want)
		}
		sum += got
	}
	total := units.Rows[len(units.Rows)-1]
	if got := cell(t, units, total, "revenue_total"); got != postage || sum != postage {
		t.Errorf("province revenue %v, sum over cities %d, postage of the month's waybills %d", got, sum, postage)
	}
	if got := cell(t, units, total, "revenue_0"); got != contract {
		t.Errorf("contract revenue %v, want %d", got, contract)
	}

	bt := build(t, src, "bulletin", req).Tables[0]
	bTotal := bt.Rows[len(bt.Rows)-1]
	if got := cell(t, bt, bTotal, "express_revenue"); got != postage {
		t.Errorf("bulletin express revenue %v, want %d", got, postage)
	}
	if got := cell(t, bt, bTotal, "contract_revenue"); got != contract {
		t.Errorf("bulletin contract revenue %v, want %d", got, contract)
	}

	ot := build(t, src, "ownership", req).Tables[0]
	if got := cell(t, ot, ot.Rows[len(ot.Rows)-1], "revenue"); got != contract {
		t.Errorf("ownership revenue %v, want %d", got, contract)
	}
	if got := cell(t, ot, ot.Rows[len(ot.Rows)-1], "customers"); got != int64(len(p.Customers)) {
		t.Errorf("ownership customers %v, want %d", got, len(p.Customers))
	}
}

func TestEveningFromStore(t *testing.T) {
	p, src := openProvince(t)
	office := p.Offices[0].Code
	day := reporttest.Last
	var items, walkins int64
	for _, w := range p.Waybills {
		if w.OfficeCode == office && w.Day() == day {
			items++
			if w.Walkin() {
				walkins++
			}
		}
	}
	tb := build(t, src, "evening", report.Request{Day: day, Month: day.YearMonth(),
		Scope: report.Scope{Level: report.ScopeOffice, Code: office}}).Tables[0]
	total := tb.Rows[len(tb.Rows)-1]
	if cell(t, tb, total, "items") != items || cell(t, tb, total, "walkin_items") != walkins {
		t.Errorf("evening board total %v, want %d items, %d from walk-ins", total.Cells, items, walkins)
	}
	if _, err := report.Build(context.Background(), src, "evening", report.Request{Day: day}); err == nil {
		t.Error("an evening board without an office was built")
	}
}

func TestLoginFromStore(t *testing.T) {
	p, src := openProvince(t)
	month := reporttest.Last.YearMonth()
	var signIns int64
	active := make(map[string]bool)
	for _, e := range p.SignIns {
		if postcrm.DateOf(e.At).YearMonth() == month {
			signIns++
			active[e.User] = true
		}
	}
	tb := build(t, src, "login", report.Request{Month: month}).Tables[0]
	total := tb.Rows[len(tb.Rows)-1]
	if cell(t, tb, total, "signins") != signIns || cell(t, tb, total, "signed_in") != int64(len(active)) ||
		cell(t, tb, total, "accounts") != int64(len(p.Staff)) {
		t.Errorf("log-in total %v, want %d sign-ins by %d of %d accounts", total.Cells, signIns, len(active), len(p.Staff))
	}
}

func TestDefaultMonth(t *testing.T) {
	p, src := openProvince(t)
	ctx := context.Background()
	var last postcrm.Date
	for _, w := range p.Waybills {
		last = max(last, w.Day())
	}
	if last != 20260630 {
		t.Fatalf("the generated province ends on %v, not on 2026-06-30", last)
	}
	if m, err := report.DefaultMonth(ctx, src); err != nil || m != 202606 {
		t.Errorf("default month %d (%v), want 202606: the data ends on June 30", m, err)
	}
	// Three days into July: June is still the last complete month.
	w := p.Waybills[0]
	w.No, w.AcceptedAt = "JULY", postcrm.Date(20260703).Time().Add(9*time.Hour)
	if _, err := src.Apply(ctx, postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: []postcrm.Waybill{w}}); err != nil {
		t.Fatal(err)
	}
	if m, err := report.DefaultMonth(ctx, src); err != nil || m != 202606 {
		t.Errorf("default month %d (%v) with data to 2026-07-03, want 202606", m, err)
	}
}

func TestUnknownReportAndScope(t *testing.T) {
	_, src := openProvince(t)
	ctx := context.Background()
	if _, err := report.Build(ctx, src, "nosuch", report.Request{Month: 202606}); err == nil {
		t.Error("unknown report built")
	}
	if _, err := report.Build(ctx, src, "revenue", report.Request{Month: 202606, Scope: report.Scope{Level: report.ScopeCity, Code: "火星市"}}); err == nil {
		t.Error("unknown city accepted")
	}
}
