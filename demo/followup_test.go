package demo_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"postcrm"
	"postcrm/analysis"
	"postcrm/calendar"
	"postcrm/demo"
	"postcrm/followup"
	"postcrm/ingest"
	"postcrm/sqlite"
	"postcrm/sqlstore"
)

// followupScale has more contract customers than the small demo and few
// walk-ins, which the follow-up does not concern: the import is what
// costs time.
var followupScale = demo.Scale{Name: "followup", Offices: 22, CouriersPerOffice: 4, Customers: 800, Walkins: 2000, Volume: 0.3}

// The months whose warnings are followed up, one after the other (each
// month's analysis sees the customers won back before it), and pooled:
// one month of a few hundred customers gives too few warnings for an
// interval that says anything.
var followupMonths = []postcrm.Month{202512, 202601, 202602, 202603, 202604, 202605, 202606, 202607, 202608}

// The simulation wins back 40% of the true changers reached; the uplift
// measured two months later, contacted against held out, must have that
// true effect (times the share of true changers among the warnings) in
// its 95% interval, and the interval must exclude no effect at all.
//
// Only fresh warnings count: customers not warned in the
// followup.StickyMonths before. A customer warned again keeps its group
// (sticky) and, reached before, has made up its mind, so a month's repeat
// warnings are neither a fresh random split nor open to an effect; the
// fresh ones of each month are an independent randomised cohort. Half of
// the warnings is held out to give the control group its size, and the
// couriers reach 90% of the rest.
func TestMeasuredUpliftFindsTheTrueEffect(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and imports a demo province")
	}
	ctx := context.Background()
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	opts := demo.Options{Dir: data, Scale: followupScale, Seed: 7, End: 20261031, Months: 18}
	start := time.Now()
	m, err := demo.Generate(opts)
	if err != nil {
		t.Fatal(err)
	}
	s, err := sqlite.Open(ctx, filepath.Join(dir, "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, f := range m.Files {
		if _, err := ingest.Import(ctx, s, f.Kind, filepath.Join(data, f.Name), ingest.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("generated and imported %d waybills in %v", m.Waybills, time.Since(start).Round(time.Second))
	start = time.Now()
	fresh := map[int64]bool{}
	var n, changers, contacted, won int
	seen := map[string]postcrm.Month{} // customer -> month of its last warning
	for _, month := range followupMonths {
		for _, w := range followUp(t, s, opts, month).Truth {
			if last, ok := seen[w.CustomerCode]; !ok || month.Since(last) > followup.StickyMonths {
				fresh[w.WarningID] = true
				n++
				if w.Changer {
					changers++
				}
				if w.Group == "contacted" {
					contacted++
				}
				if w.WonBack {
					won++
				}
			}
			seen[w.CustomerCode] = month
		}
	}
	trueUplift := demo.DefaultFollowupSim(0).WinBack * float64(changers) / float64(n)
	t.Logf("followed up in %v: %d fresh warnings, %d true changers, %d contacted, %d won back; true uplift %.3f",
		time.Since(start).Round(time.Second), n, changers, contacted, won, trueUplift)
	for _, lag := range []int{1, 2} {
		start = time.Now()
		var cases []followup.Case
		for _, month := range followupMonths {
			cs, err := followup.MonthCases(ctx, s, month, lag)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cs {
				if fresh[c.WarningID] {
					cases = append(cases, c)
				}
			}
		}
		e := followup.Measure("", cases)
		g, u := e.Groups, e.Uplift
		t.Logf("lag %d, measured in %v: contacted %d/%d, not contacted %d/%d, held out %d/%d recovered; uplift %.3f [%.3f, %.3f]",
			lag, time.Since(start).Round(time.Second), g[followup.Contacted].Recovered, g[followup.Contacted].N,
			g[followup.NotContacted].Recovered, g[followup.NotContacted].N, g[followup.HeldOut].Recovered, g[followup.HeldOut].N,
			u.Diff, u.Low, u.High)
		if lag == 2 && (g[followup.HeldOut].N < 30 || g[followup.Contacted].N < 30) {
			t.Fatalf("too few fresh warnings to measure: %+v", g)
		}
		if lag == 2 && (!u.OK || u.Low > trueUplift || u.High < trueUplift || u.Low <= 0) {
			t.Errorf("lag 2: uplift %.3f [%.3f, %.3f] must contain the true %.3f and exclude 0", u.Diff, u.Low, u.High, trueUplift)
		}
	}
}

// followUp analyses month, simulates its follow-up and imports the
// won-back waybills.
func followUp(t *testing.T, s *sqlstore.Store, opts demo.Options, month postcrm.Month) demo.FollowupResult {
	t.Helper()
	ctx := context.Background()
	customers, err := s.Customers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cfg := analysis.DefaultConfig()
	hs, err := analysis.ReadHistories(ctx, s, customers, month, cfg.HistoryMonths)
	if err != nil {
		t.Fatal(err)
	}
	res, err := analysis.Analyze(month, hs, calendar.Default(), nil, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveWarnings(ctx, month, []postcrm.WarningKind{postcrm.WarnDecline, postcrm.WarnChurn}, res.Warnings); err != nil {
		t.Fatal(err)
	}
	sim := demo.DefaultFollowupSim(month)
	sim.Holdout, sim.ContactShare = 0.5, 0.9
	out, err := demo.SimulateFollowup(ctx, s, opts, sim)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Import(ctx, s, postcrm.KindWaybills, filepath.Join(opts.Dir, out.File.Name), ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	return out
}
