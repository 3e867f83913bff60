package storetest

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"postcrm"
	"postcrm/sqlstore"
)

// The office month sums (what MonthTotals reads for offices, cities and
// the province) must always equal courier_daily summed over the month
// and the couriers, whatever the import did: new waybills, re-sent ones
// that move between days, months, offices and segments, and files
// imported again.

// officeMonthScopes are every non-courier scope over the fixtures.
var officeMonthScopes = []postcrm.Scope{
	{Role: postcrm.RoleProvinceAdmin},
	{Role: postcrm.RoleCityManager, City: "石家庄市"},
	{Role: postcrm.RoleCityManager, City: "唐山市"},
	{Role: postcrm.RoleOfficeManager, City: "石家庄市", OfficeCode: "13010001"},
	{Role: postcrm.RoleOfficeManager, City: "石家庄市", OfficeCode: "13010002"},
	{Role: postcrm.RoleOfficeManager, City: "唐山市", OfficeCode: "13020001"},
	{Role: postcrm.RoleOfficeManager, City: "唐山市", OfficeCode: "13020002"},
}

// scopeOffices are the fixture offices within sc.
func scopeOffices(sc postcrm.Scope) []string {
	var codes []string
	for _, o := range fixtureOffices {
		if sc.Role == postcrm.RoleProvinceAdmin || sc.OfficeCode == o.Code || sc.OfficeCode == "" && sc.City == o.City {
			codes = append(codes, o.Code)
		}
	}
	return codes
}

// courierDailyTotals sums the stored courier_daily rows of the offices
// per month and segment, in MonthTotals' order.
func courierDailyTotals(days []postcrm.CourierDay, offices []string) []postcrm.MonthTotal {
	var out []postcrm.MonthTotal
	for _, d := range days {
		if slices.Contains(offices, d.OfficeCode) {
			out = addMonthTotal(out, postcrm.MonthTotal{Month: d.Day.YearMonth(), Contract: d.Contract, Items: d.Items, PostageFen: d.PostageFen})
		}
	}
	sortMonthTotals(out)
	return out
}

// checkOfficeMonths compares MonthTotals in every scope with the stored
// courier_daily, and courier_daily with the model.
func checkOfficeMonths(t *testing.T, s *sqlstore.Store, m model, what string) {
	t.Helper()
	ctx := context.Background()
	checkRollups(t, s, m, postcrm.DayRange{})
	days := storedRollups(t, s, postcrm.DayRange{}).Courier
	for _, sc := range officeMonthScopes {
		got := must[[]postcrm.MonthTotal](t)(s.MonthTotals(ctx, sc, 202401, 202412))
		if want := courierDailyTotals(days, scopeOffices(sc)); !slices.Equal(got, want) {
			t.Errorf("%s: MonthTotals of %+v:\n got %+v\nwant %+v (courier_daily)", what, sc, got, want)
		}
	}
}

// monthEndWaybills are scenario waybills moved to the last days of March
// 2024, so that re-sends a day later or earlier cross into April.
func monthEndWaybills(seed int) []postcrm.Waybill {
	ws := scenarioWaybills(seed)
	for i := range ws {
		ws[i].AcceptedAt = ws[i].AcceptedAt.AddDate(0, 0, 28)
	}
	return ws
}

func testOfficeMonthly(t *testing.T, st *sqlstore.Store) {
	s := st
	applyFixtures(t, s)
	m := model{}
	first := append(scenarioWaybills(31), monthEndWaybills(32)...)
	for i := 0; i < len(first); i += 100 {
		m.apply(t, s, first[i:i+100])
	}
	checkOfficeMonths(t, s, m, "after inserts")
	// Importing the same file again changes nothing.
	expectResult(t, "re-import", apply(t, s, postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: first[:100]}),
		postcrm.WriteResult{Unchanged: 100})
	checkOfficeMonths(t, s, m, "after a re-import")

	rng := rand.New(rand.NewPCG(33, 33))
	for round := range 4 {
		m.apply(t, s, m.mixedBatch(rng, 60, 40+round))
		checkOfficeMonths(t, s, m, "after re-sends")
	}
	// The first file again after the corrections moves them back.
	m.apply(t, s, first[:100])
	checkOfficeMonths(t, s, m, "after re-importing the first file")

	// A month's only item moves away: the month is gone, not left with
	// zero items.
	lone := first[0]
	lone.No, lone.AcceptedAt = "1888888888888", time.Date(2024, 6, 15, 10, 0, 0, 0, postcrm.ChinaTime)
	m.apply(t, s, []postcrm.Waybill{lone})
	checkOfficeMonths(t, s, m, "with a June item")
	lone.AcceptedAt = lone.AcceptedAt.AddDate(0, 1, 0)
	m.apply(t, s, []postcrm.Waybill{lone})
	checkOfficeMonths(t, s, m, "after moving it to July")
	june := must[[]postcrm.MonthTotal](t)(s.MonthTotals(context.Background(), officeMonthScopes[0], 202406, 202406))
	if len(june) != 0 {
		t.Errorf("June after its only item moved away: %+v", june)
	}
}

// testOfficeMonthlyBackfill: on a store that held waybills before
// office_monthly existed, migration 0007 fills it from courier_daily.
func testOfficeMonthlyBackfill(t *testing.T, st *sqlstore.Store) {
	ctx := context.Background()
	s := st
	raw := st
	applyFixtures(t, s)
	m := model{}
	m.apply(t, s, append(scenarioWaybills(51), monthEndWaybills(52)...))
	m.apply(t, s, m.mixedBatch(rand.New(rand.NewPCG(53, 53)), 80, 54))
	// Back to the schema before 0007, with courier_daily as it is.
	for _, q := range []string{"DROP TABLE office_monthly", "DELETE FROM schema_migrations WHERE name = '0007_office_monthly.sql'"} {
		if _, err := raw.DB().ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	checkOfficeMonths(t, s, m, "after the backfill")
}
