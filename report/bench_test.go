package report_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"postcrm"
	"postcrm/followup"
	"postcrm/report"
	"postcrm/sqlite"
	"postcrm/sqlstore"
	"postcrm/xlsxreport"
)

// benchScale is the size of the synthetic province the benchmark reads.
// province is about the demo's province scale: 547 offices with 9
// couriers and a manager each, 20,000 contract customers, 326,000
// e-channel members; 24 months of rollups with 5 courier_daily rows per
// courier and day and half the customers shipping on a given day; two
// months of warnings, dispatched and followed up (bench_followup_test.go).
type benchScale struct {
	offices, couriers, rowsPerCourierDay, customers, members int
	customerDayShare                                         float64
}

var benchScales = map[string]benchScale{
	"city":     {offices: 50, couriers: 9, rowsPerCourierDay: 5, customers: 1800, members: 30000, customerDayShare: 0.5},
	"province": {offices: 547, couriers: 9, rowsPerCourierDay: 5, customers: 20000, members: 326000, customerDayShare: 0.5},
}

// BenchmarkAllReports builds every report for a month over a SQLite store
// at city scale (POSTCRM_BENCH_REPORT_SCALE=province for the province)
// and writes each workbook, reporting each report's seconds as well. The store is filled at the rollup level, as
// imports leave it: going through waybills would take an hour at
// province scale. POSTCRM_BENCH_REPORT_DB keeps the filled file for the
// next run.
func BenchmarkAllReports(b *testing.B) {
	ctx := context.Background()
	s := openBenchStore(b)
	const month postcrm.Month = 202606
	office := fmt.Sprintf("13%06d", 0)
	spent := map[string]time.Duration{}
	b.ResetTimer()
	for range b.N {
		// Each month's run measures the follow-up afresh, as the first
		// report of a month after the analysis does when nothing warmed
		// the measurement: neither the process nor the store keeps it.
		measurements := &followup.Cache{}
		if _, err := s.DB().ExecContext(ctx, "DELETE FROM summaries"); err != nil {
			b.Fatal(err)
		}
		for _, n := range report.Names() {
			start := time.Now()
			req := report.Request{Month: month, Measurements: measurements}
			if n == "evening" {
				req.Day, req.Scope = 20260630, report.Scope{Level: report.ScopeOffice, Code: office}
			}
			r, err := report.Build(ctx, s, n, req)
			if err != nil {
				b.Fatalf("%s: %v", n, err)
			}
			if err := xlsxreport.Write(io.Discard, r); err != nil {
				b.Fatal(err)
			}
			spent[n] += time.Since(start)
		}
	}
	for n, d := range spent {
		b.ReportMetric(d.Seconds()/float64(b.N), n+"-s/op")
	}
}

// openBenchStore opens the benchmarks' SQLite store at the scale
// POSTCRM_BENCH_REPORT_SCALE names (city unless province), filling it
// first when POSTCRM_BENCH_REPORT_DB does not name a filled file; it is
// closed when b ends.
func openBenchStore(b *testing.B) *sqlstore.Store {
	name := os.Getenv("POSTCRM_BENCH_REPORT_SCALE")
	if name == "" {
		name = "city"
	}
	sc, ok := benchScales[name]
	if !ok {
		b.Fatalf("POSTCRM_BENCH_REPORT_SCALE=%s: city or province", name)
	}
	path := os.Getenv("POSTCRM_BENCH_REPORT_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "bench.db")
	}
	ctx := context.Background()
	_, statErr := os.Stat(path)
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if statErr != nil {
		start := time.Now()
		if err := fillBench(ctx, s, sc); err != nil {
			b.Fatal(err)
		}
		b.Logf("filled a %s-scale store in %v", name, time.Since(start).Round(time.Second))
	}
	return s
}

// fillBench writes a synthetic province straight into the tables.
func fillBench(ctx context.Context, s *sqlstore.Store, sc benchScale) error {
	r := rand.New(rand.NewPCG(1, 2))
	var offices []postcrm.Office
	var staff []postcrm.Staff
	for i := range sc.offices {
		code := fmt.Sprintf("13%06d", i)
		city := fmt.Sprintf("第%02d市", i%11)
		offices = append(offices, postcrm.Office{Code: code, Name: fmt.Sprintf("第%d营业部", i), City: city})
		for j := range sc.couriers {
			staff = append(staff, postcrm.Staff{ID: fmt.Sprintf("%s%02d", code, j), Name: "揽投员", Role: postcrm.RoleCourier, OfficeCode: code, City: city})
		}
		staff = append(staff, postcrm.Staff{ID: code + "99", Name: "营业部经理", Role: postcrm.RoleOfficeManager, OfficeCode: code, City: city})
	}
	customers := make([]postcrm.Customer, sc.customers)
	for i := range customers {
		o := i % sc.offices
		customers[i] = postcrm.Customer{Code: fmt.Sprintf("KH%07d", i), Name: fmt.Sprintf("客户%d", i), OfficeCode: offices[o].Code,
			OwnerStaffID: staff[o*(sc.couriers+1)+r.IntN(sc.couriers)].ID, ContractDate: postcrm.NewDate(2020+r.IntN(7), time.Month(1+r.IntN(6)), 1+r.IntN(28)),
			Industry: "电商", ContactPhone: fmt.Sprintf("139%08d", i), Status: postcrm.StatusActive}
	}
	members := make([]postcrm.Member, sc.members)
	for i := range members {
		members[i] = postcrm.Member{Phone: fmt.Sprintf("137%08d", i), RegisteredOn: postcrm.Date(20240701).AddDays(r.IntN(730)),
			OfficeCode: offices[i%sc.offices].Code, StaffID: staff[r.IntN(len(staff))].ID}
	}
	for _, batch := range []postcrm.Batch{
		{Kind: postcrm.KindOrg, Offices: offices, Staff: staff},
		{Kind: postcrm.KindCustomers, Customers: customers},
		{Kind: postcrm.KindMembers, Members: members},
	} {
		if _, err := s.Apply(ctx, batch); err != nil {
			return err
		}
	}
	first := postcrm.Date(20240701)
	combos := []struct {
		contract bool
		payment  string
		channel  string
	}{{true, "monthly", "pickup"}, {true, "cash", "pickup"}, {true, "monthly", "miniprogram"},
		{false, "cash", "counter"}, {false, "cash", "echannel"}, {false, "cash", "miniprogram"}}
	err := insertRows(ctx, s.DB(), "courier_daily (day, office_code, courier_staff_id, contract, payment, channel, items, postage_fen)", 8,
		func(emit func(...any) error) error {
			for d := range 730 {
				day := int64(first.AddDays(d))
				for _, p := range staff {
					if p.Role != postcrm.RoleCourier {
						continue
					}
					for _, k := range r.Perm(len(combos))[:sc.rowsPerCourierDay] {
						c := combos[k]
						items := int64(1 + r.IntN(20))
						if err := emit(day, p.OfficeCode, p.ID, c.contract, c.payment, c.channel, items, items*(800+int64(r.IntN(1500)))); err != nil {
							return err
						}
					}
				}
			}
			return nil
		})
	if err != nil {
		return err
	}
	// The import keeps office_monthly in step; written directly, it is
	// filled the way migration 0007 fills it.
	if _, err := s.DB().ExecContext(ctx, `INSERT INTO office_monthly
		SELECT day / 100, office_code, contract, payment, channel, SUM(items), SUM(postage_fen)
		FROM courier_daily GROUP BY day / 100, office_code, contract, payment, channel`); err != nil {
		return err
	}
	err = insertRows(ctx, s.DB(), "customer_daily (customer_code, day, items, postage_fen)", 4, func(emit func(...any) error) error {
		for _, c := range customers {
			for d := range 730 {
				if r.Float64() < sc.customerDayShare {
					items := int64(1 + r.IntN(30))
					if err := emit(c.Code, int64(first.AddDays(d)), items, items*1000); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := fillFollowup(ctx, s, r, offices, customers); err != nil {
		return err
	}
	return insertRows(ctx, s.DB(), "audit_log (at, user_name, action, target, detail, addr)", 6, func(emit func(...any) error) error {
		for i, p := range staff {
			if err := emit(int64(i), p.ID, "user", "", "", ""); err != nil { // placeholder rows are not sign-ins
				return err
			}
			for k := range 20 {
				at := postcrm.Date(20260601).AddDays(k).Time().Add(9 * time.Hour).UnixNano()
				if err := emit(at, p.ID, string(postcrm.AuditSignIn), "", "", "127.0.0.1"); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// insertRows inserts the rows gen emits into table in transactions of
// 50,000, 100 rows a statement.
func insertRows(ctx context.Context, db *sql.DB, table string, cols int, gen func(emit func(...any) error) error) error {
	const perStmt, perTx = 100, 50000
	ph := "(" + repeat("?", cols) + ")"
	stmtSQL := "INSERT INTO " + table + " VALUES " + repeat(ph, perStmt)
	var tx *sql.Tx
	var stmt *sql.Stmt
	var args []any
	n := 0
	flush := func(all bool) error {
		for len(args) >= perStmt*cols || (all && len(args) > 0) {
			k := min(len(args)/cols, perStmt)
			q, a := stmt, args[:k*cols]
			if k < perStmt {
				var err error
				if q, err = tx.PrepareContext(ctx, "INSERT INTO "+table+" VALUES "+repeat(ph, k)); err != nil {
					return err
				}
			}
			if _, err := q.ExecContext(ctx, a...); err != nil {
				return fmt.Errorf("insert into %s: %w", table, err)
			}
			args = append(args[:0], args[k*cols:]...)
		}
		return nil
	}
	begin := func() (err error) {
		if tx, err = db.BeginTx(ctx, nil); err != nil {
			return err
		}
		stmt, err = tx.PrepareContext(ctx, stmtSQL)
		return err
	}
	if err := begin(); err != nil {
		return err
	}
	err := gen(func(v ...any) error {
		args = append(args, v...)
		if err := flush(false); err != nil {
			return err
		}
		if n++; n%perTx == 0 {
			if err := tx.Commit(); err != nil {
				return err
			}
			return begin()
		}
		return nil
	})
	if err != nil {
		tx.Rollback()
		return err
	}
	if err := flush(true); err != nil {
		return err
	}
	return tx.Commit()
}

func repeat(s string, n int) string {
	out := s
	for range n - 1 {
		out += ", " + s
	}
	return out
}
