package monthly_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"postcrm"
	"postcrm/calendar"
	"postcrm/followup"
	"postcrm/monthly"
	"postcrm/postgres"
	"postcrm/postgres/pgtest"
	"postcrm/sqlite"
	"postcrm/sqlstore"
)

// onEveryStore runs test on an empty SQLite store and an empty
// PostgreSQL schema.
func onEveryStore(t *testing.T, test func(t *testing.T, s *sqlstore.Store)) {
	ctx := context.Background()
	for _, open := range []struct {
		name string
		open func(t *testing.T) (*sqlstore.Store, error)
	}{
		{"sqlite", func(t *testing.T) (*sqlstore.Store, error) {
			return sqlite.Open(ctx, filepath.Join(t.TempDir(), "postcrm.db"))
		}},
		{"postgres", func(t *testing.T) (*sqlstore.Store, error) { return postgres.Open(ctx, pgtest.FreshSchema(t)) }},
	} {
		t.Run(open.name, func(t *testing.T) {
			s, err := open.open(t)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			test(t, s)
		})
	}
}

const (
	office                   = "13000001"
	courier                  = "K001"
	warnMonth  postcrm.Month = 202605
	laterMonth postcrm.Month = 202606
)

// loadSteadyCustomer stores one contract customer of office who sends
// ten items every working day of the built-in calendar from 2025 to the
// end of June 2026 and nothing on weekends and holidays, so that its
// model learns that a holiday brings nothing; and a May decline warning
// on it, dispatched to its owner.
func loadSteadyCustomer(t *testing.T, s *sqlstore.Store) {
	t.Helper()
	ctx := context.Background()
	org := postcrm.Batch{Kind: postcrm.KindOrg, Offices: []postcrm.Office{{Code: office, Name: "中华大街营业部", City: "石家庄市"}},
		Staff: []postcrm.Staff{{ID: courier, Name: "赵揽投", Role: postcrm.RoleCourier, City: "石家庄市", OfficeCode: office}}}
	customers := postcrm.Batch{Kind: postcrm.KindCustomers, Customers: []postcrm.Customer{
		{Code: "CUST-A", Name: "华北商贸", OfficeCode: office, OwnerStaffID: courier, Status: postcrm.StatusActive}}}
	waybills := postcrm.Batch{Kind: postcrm.KindWaybills}
	cal := calendar.Default()
	for d := time.Date(2025, 1, 1, 0, 0, 0, 0, postcrm.ChinaTime); d.Before(time.Date(2026, 7, 1, 0, 0, 0, 0, postcrm.ChinaTime)); d = d.AddDate(0, 0, 1) {
		if !cal.IsWorkday(postcrm.DateOf(d)) {
			continue
		}
		for i := range 10 {
			waybills.Waybills = append(waybills.Waybills, postcrm.Waybill{No: fmt.Sprintf("A%s%02d", d.Format("20060102"), i),
				AcceptedAt: d.Add(10 * time.Hour), OfficeCode: office, CourierStaffID: courier, CustomerCode: "CUST-A",
				SenderPhone: "13700000001", PostageFen: 1200, Payment: postcrm.PaymentMonthly, Channel: postcrm.ChannelPickup})
		}
	}
	// Walk-ins for the walk-in model to fit, drawn from a BG/NBD process:
	// each sends at its own rate until it drops out.
	rng := rand.New(rand.NewPCG(7, 11))
	rates, drops := distuv.Gamma{Alpha: 0.6, Beta: 60, Src: rng}, distuv.Beta{Alpha: 0.8, Beta: 3, Src: rng}
	start, end := postcrm.Date(20241101), postcrm.Date(20260630)
	for i := range 2000 {
		first := start.AddDays(rng.IntN(600))
		lambda, p := rates.Rand(), drops.Rand()
		age := float64(postcrm.DaysBetween(first, end))
		for t := 0.0; t <= age; t += rng.ExpFloat64() / lambda {
			d := first.AddDays(int(t))
			waybills.Waybills = append(waybills.Waybills, postcrm.Waybill{No: fmt.Sprintf("W%04d%d%04d", i, d, int(t*10)%10000),
				AcceptedAt: d.Time().Add(11 * time.Hour), OfficeCode: office, CourierStaffID: courier,
				SenderPhone: fmt.Sprintf("139%08d", i), PostageFen: int64(800 + rng.IntN(3000)), Payment: postcrm.PaymentCash, Channel: postcrm.ChannelCounter})
			if t > 0 && rng.Float64() < p {
				break // dropped out after this repeat
			}
		}
	}
	for _, b := range []postcrm.Batch{org, customers, waybills} {
		if _, err := s.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	w := postcrm.Warning{Month: warnMonth, Kind: postcrm.WarnDecline, CustomerCode: "CUST-A", OfficeCode: office, OwnerStaffID: courier,
		ExpectedItems: 200, ActualItems: 80, ExpectedFen: 240000, ActualFen: 96000, RevenueAtRiskFen: 144000, Score: 5}
	if err := s.SaveWarnings(ctx, warnMonth, []postcrm.WarningKind{postcrm.WarnDecline}, []postcrm.Warning{w}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := followup.Run(ctx, s, warnMonth, 20260602, 0, postcrm.Actor{User: "test"}); err != nil {
		t.Fatal(err)
	}
}

// juneOff is a holiday table that gives the first three weeks of June
// 2026 off: far fewer working days than the built-in calendar has.
func juneOff() string {
	var b strings.Builder
	b.WriteString("日期,安排,节日\n")
	for d := 1; d <= 21; d++ {
		fmt.Fprintf(&b, "2026-06-%02d,放假,测试假期\n", d)
	}
	return b.String()
}

// expectedJune reads, from the measurement of May's warning one month
// on, what the analysis expected of the customer in June.
func expectedJune(t *testing.T) func([]followup.Case, error) float64 {
	return func(cases []followup.Case, err error) float64 {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		if len(cases) != 1 || !cases[0].Measurable {
			t.Fatalf("want one measurable case, got %+v", cases)
		}
		return cases[0].Expected
	}
}

// TestMeasurementUsesTheStoredHolidayTable: once June is analysed with a
// holiday table that gives most of June off, measuring May's warnings in
// June expects what that calendar says, through a cache that measured
// before (and kept the measurement in the store) as well as afresh, and
// whether the holiday table was given to the analysis or is the stored
// one a later analysis reads.
func TestMeasurementUsesTheStoredHolidayTable(t *testing.T) {
	onEveryStore(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		loadSteadyCustomer(t, s)
		var cache followup.Cache
		june := expectedJune(t)
		before := june(cache.MonthCases(ctx, s, warnMonth, 1))
		// Analysing June with the built-in calendar changes nothing.
		if _, err := monthly.Run(ctx, s, monthly.Options{Month: laterMonth}); err != nil {
			t.Fatal(err)
		}
		if builtIn := june(cache.MonthCases(ctx, s, warnMonth, 1)); builtIn != before {
			t.Fatalf("June expected %.1f after analysing June, %.1f before", builtIn, before)
		}

		if _, err := monthly.Run(ctx, s, monthly.Options{Month: laterMonth, Holidays: juneOff()}); err != nil {
			t.Fatal(err)
		}
		stored, err := s.HolidayTable(ctx)
		if err != nil || stored != juneOff() {
			t.Fatalf("stored holiday table %q, %v; want the one given", stored, err)
		}
		cached := june(cache.MonthCases(ctx, s, warnMonth, 1))
		fresh := june(followup.MonthCases(ctx, s, warnMonth, 1))
		restarted := june(new(followup.Cache).MonthCases(ctx, s, warnMonth, 1))
		if cached != fresh || restarted != fresh {
			t.Errorf("June expected %.1f through the cache, %.1f after a restart, %.1f measured afresh", cached, restarted, fresh)
		}
		if fresh >= 0.95*before {
			t.Errorf("June expected %.1f with three weeks off, %.1f with the built-in calendar: the holiday table was not used", fresh, before)
		}

		// A later analysis without --holidays keeps the stored table.
		if _, err := monthly.Run(ctx, s, monthly.Options{Month: laterMonth}); err != nil {
			t.Fatal(err)
		}
		if again := june(cache.MonthCases(ctx, s, warnMonth, 1)); again != fresh {
			t.Errorf("June expected %.1f after analysing again, %.1f before", again, fresh)
		}
	})
}

// TestRunRejectsABadHolidayTable: a holiday table that does not parse
// stops the job before anything is stored, naming the line.
func TestRunRejectsABadHolidayTable(t *testing.T) {
	onEveryStore(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		_, err := monthly.Run(ctx, s, monthly.Options{Month: laterMonth, Holidays: "日期,安排,节日\n2026-06-01,休息,端午\n"})
		if err == nil || !strings.Contains(err.Error(), "第 2 行") {
			t.Fatalf("bad table: %v", err)
		}
		if stored, err := s.HolidayTable(ctx); err != nil || stored != "" {
			t.Errorf("after a refused table the store holds %q, %v", stored, err)
		}
	})
}
