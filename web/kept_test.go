package web

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"postcrm"
	"postcrm/refund"
	"postcrm/sqlstore"
)

// keptUsers are the users whose dashboards the kept-figure tests read:
// every role, the managers' figures kept per scope.
var keptUsers = []string{provinceUser, cityUser, officeUser, courierUser}

// checkKeptDashboards reads every user's dashboard and walk-in list of
// the fixture's month through the API (kept figures) and compares them
// with a fresh computation from the rollups, warnings, dispatches and
// walk-in scores; a manager's must also be kept in the store at the
// current data version.
func checkKeptDashboards(t *testing.T, f *fixture, stage string) {
	t.Helper()
	checkKeptDashboardsOf(t, f, stage, testMonth)
}

// checkKeptDashboardsOf is checkKeptDashboards for month; it returns
// each user's dashboard as served.
func checkKeptDashboardsOf(t *testing.T, f *fixture, stage string, month postcrm.Month) map[string]dashboard {
	t.Helper()
	ctx := context.Background()
	served := map[string]dashboard{}
	versions, err := f.store.DataVersions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range keptUsers {
		got := getJSON[dashboard](t, f, name, "/api/v1/dashboard?month="+month.String())
		served[name] = got
		sc := postcrm.ScopeOf(f.user(t, name))
		want, err := f.srv.computeDashboard(ctx, sc, month)
		if err != nil {
			t.Fatal(err)
		}
		gotJSON, _ := json.Marshal(got)
		wantJSON, _ := json.Marshal(want)
		if !bytes.Equal(gotJSON, wantJSON) {
			t.Errorf("%s, %s: kept dashboard\n%s\nfresh\n%s", stage, name, gotJSON, wantJSON)
		}
		key, ok := postcrm.ScopeKey(sc)
		if !ok {
			continue
		}
		s, found, err := f.store.Summary(ctx, postcrm.SummaryKey{Scope: key, Name: "dashboard", Month: month})
		today := postcrm.DateOf(f.clock.Now())
		if err != nil || !found || s.Version != versions.String()+"@"+today.String() {
			t.Errorf("%s, %s: summary %q (found %v, %v), want it kept at %s@%s", stage, name, s.Version, found, err, versions, today)
		}
		walkins := getJSON[walkinsList](t, f, name, "/api/v1/walkins?month="+month.String())
		count, err := f.store.WalkinCount(ctx, sc, month)
		if err != nil || walkins.Total != count {
			t.Errorf("%s, %s: %d walk-ins on the page, %d counted afresh (%v)", stage, name, walkins.Total, count, err)
		}
		s, found, err = f.store.Summary(ctx, postcrm.SummaryKey{Scope: key, Name: "walkins-count", Month: month})
		if err != nil || !found || s.Version != versions.String() {
			t.Errorf("%s, %s: walk-in count kept at %q (found %v, %v), want %s", stage, name, s.Version, found, err, versions)
		}
	}
	return served
}

// TestKeptDashboardEqualsFresh: after an import, an analysis, a dispatch
// run, visits recorded through the API and a day passing, every role's
// dashboard equals a fresh computation, and the managers' are kept at the
// data version of the moment. Each step changes some figure, so a kept
// summary that an event failed to invalidate shows as a difference.
func TestKeptDashboardEqualsFresh(t *testing.T) {
	onEveryStore(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		checkKeptDashboards(t, f, "as loaded")

		var more []postcrm.Waybill // an import: more May waybills, walk-ins among them
		for d := 21; d <= 25; d++ {
			at := time.Date(2026, 5, d, 11, 0, 0, 0, postcrm.ChinaTime)
			more = append(more,
				postcrm.Waybill{No: "MORE-A-" + at.Format("0102"), AcceptedAt: at, OfficeCode: "13000001", CourierStaffID: courierUser,
					CustomerCode: "CUST-A", SenderPhone: "13800000000", PostageFen: 1500, Payment: postcrm.PaymentMonthly, Channel: postcrm.ChannelPickup},
				postcrm.Waybill{No: "MORE-W-" + at.Format("0102"), AcceptedAt: at, OfficeCode: "13100001", CourierStaffID: spareUser,
					SenderPhone: "13912345678", PostageFen: 900, Payment: postcrm.PaymentCash, Channel: postcrm.ChannelCounter})
		}
		if _, err := f.store.Apply(ctx, postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: more}); err != nil {
			t.Fatal(err)
		}
		checkKeptDashboards(t, f, "after an import")

		ws, err := f.store.Warnings(ctx, testMonth) // an analysis: CUST-D is now churning, CUST-C no longer warned
		if err != nil {
			t.Fatal(err)
		}
		var again []postcrm.Warning
		for _, w := range ws {
			switch w.CustomerCode {
			case "CUST-C":
				continue
			case "CUST-D":
				w.Kind = postcrm.WarnChurn
			}
			again = append(again, w)
		}
		if err := f.store.SaveWarnings(ctx, testMonth, []postcrm.WarningKind{postcrm.WarnDecline, postcrm.WarnChurn}, again); err != nil {
			t.Fatal(err)
		}
		scores := []postcrm.WalkinScore{ // the analysis scores one more walk-in
			{Month: testMonth, Phone: "13900000001", OfficeCode: "13000001", Frequency: 5, RecencyDays: 100, TDays: 200, PAlive: 0.4, ExpectedItems90d: 1.2, AvgPostageFen: 1500, CLV12mFen: 9000},
			{Month: testMonth, Phone: "13900000002", OfficeCode: "13100001", Frequency: 3, RecencyDays: 50, TDays: 150, PAlive: 0.8, ExpectedItems90d: 2.5, AvgPostageFen: 1000, CLV12mFen: 12000},
			{Month: testMonth, Phone: "13900000003", OfficeCode: "13000002", Frequency: 4, RecencyDays: 30, TDays: 120, PAlive: 0.9, ExpectedItems90d: 3, AvgPostageFen: 1100, CLV12mFen: 15000},
		}
		if err := f.store.SaveWalkinScores(ctx, testMonth, scores); err != nil {
			t.Fatal(err)
		}
		checkKeptDashboards(t, f, "after an analysis")

		f.dispatchFixture(t)
		checkKeptDashboards(t, f, "after the dispatch")

		for _, v := range []struct{ user, customer, body string }{
			{courierUser, "CUST-A", `{"on": "2026-06-05", "method": "phone", "outcome": "unreachable"}`},
			{otherCourier, "CUST-B", `{"on": "2026-06-06", "method": "visit", "outcome": "recovered", "reason": "price"}`},
		} {
			resp := f.session(t, v.user).api("POST", idPath(f, "/api/v1/followup/%d/contacts", v.customer), v.body)
			if resp.StatusCode != http.StatusCreated {
				t.Fatalf("visit to %s: %d %s", v.customer, resp.StatusCode, body(t, resp))
			}
			checkKeptDashboards(t, f, "after a visit to "+v.customer)
		}

		f.clock.Advance(5 * 24 * time.Hour) // ages and overdue move with the day
		checkKeptDashboards(t, f, "five days on")
	})
}

// TestKeptDashboardCountsRefundWarnings: the dashboard counts the
// month's refund warnings by kind, each role its scope's; a sweep that
// raises or clears one on the same day (the kept figures' day) changes
// the kept dashboard, which equals a fresh computation.
func TestKeptDashboardCountsRefundWarnings(t *testing.T) {
	onEveryStore(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		nos := f.refundCases(t)
		f.clock.Advance(8 * 24 * time.Hour) // past the 7 days a case may stay open
		month := postcrm.DateOf(f.clock.Now()).YearMonth()
		count := func(d dashboard, kind postcrm.RefundWarningKind) int {
			for _, k := range d.Warnings {
				if k.Kind == postcrm.WarningKind(kind) {
					return k.Count
				}
			}
			t.Fatalf("the dashboard does not count %s: %+v", kind, d.Warnings)
			return 0
		}
		// Each role's count: the customers of its scope (visibleCustomers).
		want := func(name string, closed ...string) int {
			n := 0
			for code, who := range visibleCustomers {
				if slices.Contains(who, name) && !slices.Contains(closed, code) {
					n++
				}
			}
			return n
		}
		for name, d := range checkKeptDashboardsOf(t, f, "before the sweep", month) {
			if n := count(d, postcrm.RefundWarnOpen); n != 0 {
				t.Errorf("before the sweep, %s counts %d refund warnings", name, n)
			}
		}
		if _, err := refund.Sweep(ctx, f.store, f.clock.Now()); err != nil {
			t.Fatal(err)
		}
		for name, d := range checkKeptDashboardsOf(t, f, "after the sweep", month) {
			if n := count(d, postcrm.RefundWarnOpen); n != want(name) {
				t.Errorf("after the sweep, %s counts %d 退费未办结, want %d", name, n, want(name))
			}
		}
		page := body(t, f.session(t, provinceUser).get("/?month="+month.String()))
		if !strings.Contains(page, "退费未办结") || !strings.Contains(page, "/warnings?month="+month.String()+"&amp;kind=refund_open") {
			t.Errorf("the province's dashboard page does not link the refund warnings' count")
		}
		// A sweep finding nothing new keeps the kept figures.
		before, err := f.store.DataVersions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := refund.Sweep(ctx, f.store, f.clock.Now()); err != nil {
			t.Fatal(err)
		}
		if after, err := f.store.DataVersions(ctx); err != nil || after != before {
			t.Errorf("a sweep that changed nothing moved the versions %s -> %s (%v)", before, after, err)
		}
		// Rejecting CUST-C's case turns its 退费未办结 into 退费被驳回 at
		// the next sweep, the same day.
		if _, err := refund.Do(ctx, f.store, postcrm.Scope{Role: postcrm.RoleProvinceAdmin}, postcrm.Actor{User: provinceUser}, nos["CUST-C"],
			refund.Input{Action: postcrm.RefundReject, User: provinceUser, Role: postcrm.RoleProvinceAdmin, At: f.clock.Now(), Reason: "未见退回扫描"}); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(time.Hour)
		for name, d := range checkKeptDashboardsOf(t, f, "after a rejection", month) {
			if n, m := count(d, postcrm.RefundWarnOpen), count(d, postcrm.RefundWarnRejected); n != want(name) || m != 0 {
				t.Errorf("before the next sweep, %s counts %d 退费未办结 and %d 退费被驳回, want them as the last sweep left them", name, n, m)
			}
		}
		if _, err := refund.Sweep(ctx, f.store, f.clock.Now()); err != nil {
			t.Fatal(err)
		}
		for name, d := range checkKeptDashboardsOf(t, f, "after the next sweep", month) {
			rejected := want(name) - want(name, "CUST-C")
			if n, m := count(d, postcrm.RefundWarnOpen), count(d, postcrm.RefundWarnRejected); n != want(name, "CUST-C") || m != rejected {
				t.Errorf("after the next sweep, %s counts %d 退费未办结 and %d 退费被驳回, want %d and %d", name, n, m, want(name, "CUST-C"), rejected)
			}
		}
	})
}

// rollupsCounted is a real store that counts the rollup sums the
// dashboard reads.
type rollupsCounted struct {
	*sqlstore.Store
	sums int
}

func (s *rollupsCounted) MonthTotals(ctx context.Context, sc postcrm.Scope, from, to postcrm.Month) ([]postcrm.MonthTotal, error) {
	s.sums++
	return s.Store.MonthTotals(ctx, sc, from, to)
}

// TestKeptDashboardSurvivesRestart: the province's dashboard sums the
// rollups once; reloads, and a new server on the same store (a restart),
// read the kept figures without summing again, until an import.
func TestKeptDashboardSurvivesRestart(t *testing.T) {
	onEveryStore(t, func(t *testing.T, f *fixture) {
		counted := &rollupsCounted{Store: f.store}
		serve := func() *httptest.Server {
			srv := New(counted, Options{Logger: slog.New(slog.NewTextHandler(testLog, nil)), UploadDir: t.TempDir(), Now: f.clock.Now})
			t.Cleanup(srv.Close)
			f.srv = srv
			h := httptest.NewServer(srv.Handler())
			t.Cleanup(h.Close)
			f.http = h
			return h
		}
		serve()
		for range 3 {
			page(t, f, provinceUser, "/")
		}
		serve() // restart
		page(t, f, provinceUser, "/")
		if counted.sums != 1 {
			t.Errorf("four views of the province's dashboard around a restart summed the rollups %d times, want once", counted.sums)
		}
		w := postcrm.Waybill{No: "LATE-1", AcceptedAt: time.Date(2026, 5, 28, 9, 0, 0, 0, postcrm.ChinaTime), OfficeCode: "13000002",
			CourierStaffID: courierUser, SenderPhone: "13900000077", PostageFen: 700, Payment: postcrm.PaymentCash, Channel: postcrm.ChannelCounter}
		if _, err := f.store.Apply(context.Background(), postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: []postcrm.Waybill{w}}); err != nil {
			t.Fatal(err)
		}
		page(t, f, provinceUser, "/")
		if counted.sums != 2 {
			t.Errorf("after an import the dashboard summed the rollups %d times in all, want twice", counted.sums)
		}
	})
}

// analysesCounted is a real store that counts the later-month analyses
// measurements run (each reads the customers once).
type analysesCounted struct {
	*sqlstore.Store
	analyses int
}

func (s *analysesCounted) Customers(ctx context.Context) ([]postcrm.Customer, error) {
	s.analyses++
	return s.Store.Customers(ctx)
}

// TestEffectPageAfterRestartReadsTheKeptMeasurement: the first view of
// the effect page analyses the later month; after a restart (a new
// server, so an empty process cache) the page reads the measurement kept
// in the store, analyses nothing and shows the same figures.
func TestEffectPageAfterRestartReadsTheKeptMeasurement(t *testing.T) {
	onEveryStore(t, func(t *testing.T, f *fixture) {
		f.loadEffectData(t)
		counted := &analysesCounted{Store: f.store}
		restart := func() {
			srv := New(counted, Options{Logger: slog.New(slog.NewTextHandler(testLog, nil)), UploadDir: t.TempDir(), Now: f.clock.Now})
			t.Cleanup(srv.Close)
			h := httptest.NewServer(srv.Handler())
			t.Cleanup(h.Close)
			f.srv, f.http = srv, h
		}
		restart()
		_, first := effectOf(t, f, provinceUser)
		if counted.analyses == 0 {
			t.Fatal("the first view analysed nothing: the data set has nothing to measure")
		}
		before := counted.analyses
		restart()
		_, again := effectOf(t, f, provinceUser)
		if counted.analyses != before {
			t.Errorf("after a restart the effect page analysed %d more times, want none", counted.analyses-before)
		}
		if again != first {
			t.Errorf("after a restart the effect page reads\n%s\nbefore\n%s", again, first)
		}
	})
}

// TestEffectPageAfterImportIsWarmed: an import makes the kept
// measurement stale; a server that warms measurements measures it again
// in the background once the imports are quiet, and the next view of the
// effect page analyses nothing.
func TestEffectPageAfterImportIsWarmed(t *testing.T) {
	onEveryStore(t, func(t *testing.T, f *fixture) {
		f.loadEffectData(t)
		counted := &analysesCounted{Store: f.store}
		srv := New(counted, Options{Logger: slog.New(slog.NewTextHandler(testLog, nil)), UploadDir: t.TempDir(), Now: f.clock.Now,
			WarmQuiet: 50 * time.Millisecond})
		t.Cleanup(srv.Close)
		h := httptest.NewServer(srv.Handler())
		t.Cleanup(h.Close)
		f.srv, f.http = srv, h
		ctx := context.Background()
		warmed := func(what string) {
			t.Helper()
			key := postcrm.SummaryKey{Scope: "province", Name: "measurement-lag1", Month: testMonth}
			for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
				version, err := f.store.FollowupVersion(ctx, testMonth)
				if err != nil {
					t.Fatal(err)
				}
				if s, found, err := f.store.Summary(ctx, key); err == nil && found && s.Version == version {
					return
				}
				if time.Now().After(deadline) {
					t.Fatalf("%s: May's measurement not kept at version %s after 20 s", what, version)
				}
			}
		}
		warmed("at start")
		run := postcrm.ImportRun{Kind: postcrm.KindWaybills, Source: "waybills-2026-06.csv", StartedAt: time.Unix(1, 0), FinishedAt: time.Unix(2, 0)}
		if _, err := f.store.RecordImportRun(ctx, run); err != nil {
			t.Fatal(err)
		}
		w := postcrm.Waybill{No: "LATE-1", AcceptedAt: time.Date(2026, 6, 28, 9, 0, 0, 0, postcrm.ChinaTime), OfficeCode: "13000002",
			CourierStaffID: courierUser, SenderPhone: "13900000077", PostageFen: 700, Payment: postcrm.PaymentCash, Channel: postcrm.ChannelCounter}
		if _, err := f.store.Apply(ctx, postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: []postcrm.Waybill{w}}); err != nil {
			t.Fatal(err)
		}
		warmed("after an import")
		before := counted.analyses
		effectOf(t, f, provinceUser)
		if counted.analyses != before {
			t.Errorf("the effect page after an import analysed %d times, want none: the background measured it", counted.analyses-before)
		}
	})
}
