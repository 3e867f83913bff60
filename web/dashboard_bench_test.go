package web

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"postcrm"
	"postcrm/followup"
	"postcrm/sqlstore"
)

// BenchmarkDashboard: the home page of the province and of a city
// manager, requested through the server's handler, on the province-sized
// org of benchProvince (550 offices in 11 cities, 4,950 staff), 26 months
// of office_monthly rows (85,800: 6 segment, payment and channel
// combinations an office and month, as the province's imports leave it),
// the month's 13,500 warnings dispatched and 3,000 of them visited.
// "fresh" computes the figures on every request, as the page did; "kept"
// reads them from the summary kept in the store. cpu-ms/req is the
// process's CPU time (user and system) per request: on SQLite that is all
// of it, on PostgreSQL the server's share is not in it.
//
//	go test ./web -run '^$' -bench Dashboard -count 5
func BenchmarkDashboard(b *testing.B) {
	for _, st := range benchStores {
		b.Run(st.name, func(b *testing.B) {
			s := st.open(b)
			benchDashboardData(b, s)
			users := []struct{ name, id string }{{"province", "P0001"}, {"city", "C0001"}}
			for _, u := range users {
				for _, mode := range []string{"fresh", "kept"} {
					b.Run(u.name+"/"+mode, func(b *testing.B) {
						srv := New(s, Options{Logger: slog.New(slog.NewTextHandler(testLog, nil)), UploadDir: b.TempDir(), Now: benchNow})
						b.Cleanup(srv.Close)
						if mode == "fresh" {
							srv.kept = &keeper{}
						}
						benchHomePage(b, srv, s, u.id)
					})
				}
			}
		})
	}
}

// benchNow is the benchmark's clock: a week after the dispatch.
func benchNow() time.Time { return time.Date(2026, 11, 10, 9, 0, 0, 0, postcrm.ChinaTime) }

// benchHomePage requests / as user id until b is done and reports the
// CPU time per request.
func benchHomePage(b *testing.B, srv *Server, s *sqlstore.Store, id string) {
	ctx := context.Background()
	u, err := s.User(ctx, id)
	if err != nil {
		b.Fatal(err)
	}
	token, _, err := srv.startSession(ctx, u, "127.0.0.1")
	if err != nil {
		b.Fatal(err)
	}
	h := srv.Handler()
	get := func() {
		req := httptest.NewRequest("GET", "/", nil)
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: token})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "fu-overdue") {
			b.Fatalf("GET / as %s: %d %.300s", id, rec.Code, rec.Body.String())
		}
	}
	get() // the first view keeps the summary
	cpu0 := processCPU()
	b.ResetTimer()
	for b.Loop() {
		get()
	}
	b.ReportMetric(float64(processCPU()-cpu0)/float64(time.Millisecond)/float64(b.N), "cpu-ms/req")
}

// processCPU is the user and system time the process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchDashboardData fills s with benchProvince, a province and a city
// account, the office months, and the month's dispatch and visits.
func benchDashboardData(b *testing.B, s *sqlstore.Store) {
	b.Helper()
	ctx := context.Background()
	benchProvince(b, s)
	heads := []postcrm.Staff{{ID: "P0001", Name: "省市场部", Role: postcrm.RoleProvinceAdmin},
		{ID: "C0001", Name: "地市管理员", Role: postcrm.RoleCityManager, City: "地市05"}}
	if _, err := s.Apply(ctx, postcrm.Batch{Kind: postcrm.KindOrg, Staff: heads}); err != nil {
		b.Fatal(err)
	}
	for _, p := range heads {
		if err := s.CreateUser(ctx, postcrm.User{Name: p.ID, PasswordHash: "unused", CreatedAt: benchNow()}); err != nil {
			b.Fatal(err)
		}
	}
	if err := benchOfficeMonths(ctx, s); err != nil {
		b.Fatal(err)
	}
	if _, _, err := followup.Run(ctx, s, benchMonth, postcrm.NewDate(2026, 11, 3), 0, postcrm.Actor{User: "bench"}); err != nil {
		b.Fatal(err)
	}
	ds, err := s.Dispatches(ctx, benchMonth)
	if err != nil {
		b.Fatal(err)
	}
	province := postcrm.Scope{Role: postcrm.RoleProvinceAdmin}
	visits := 0
	for _, d := range ds {
		if visits == 3000 {
			break
		}
		if !d.Actionable() || d.AssignedTo == "" || d.WarningID%4 != 0 {
			continue
		}
		c := postcrm.Contact{WarningID: d.WarningID, On: postcrm.NewDate(2026, 11, 4+visits%5), Method: postcrm.MethodPhone,
			Outcome: postcrm.OutcomeUnreachable, StaffID: d.AssignedTo}
		if visits%3 == 0 {
			c.Outcome, c.Reason = postcrm.OutcomeRecovered, "price"
		}
		if _, err := s.AddContact(ctx, province, c, postcrm.Actor{User: d.AssignedTo}); err != nil {
			b.Fatal(err)
		}
		visits++
	}
}

// benchOfficeMonths writes 26 months of office_monthly rows up to the
// benchmark's month straight into the table, as imports leave it.
func benchOfficeMonths(ctx context.Context, s *sqlstore.Store) error {
	r := rand.New(rand.NewPCG(1, 2))
	combos := []string{"TRUE, 'monthly', 'pickup'", "TRUE, 'cash', 'pickup'", "TRUE, 'monthly', 'miniprogram'",
		"FALSE, 'cash', 'counter'", "FALSE, 'cash', 'echannel'", "FALSE, 'cash', 'miniprogram'"}
	var rows []string
	flush := func() error {
		if len(rows) == 0 {
			return nil
		}
		_, err := s.DB().ExecContext(ctx, "INSERT INTO office_monthly VALUES "+strings.Join(rows, ", "))
		rows = rows[:0]
		return err
	}
	for m := range 26 {
		month := benchMonth.Add(m - 25)
		for i := range benchOffices {
			code := fmt.Sprintf("13%02d%04d", i%11, i)
			for _, c := range combos {
				items := int64(200 + r.IntN(3000))
				rows = append(rows, fmt.Sprintf("(%d, '%s', %s, %d, %d)", month, code, c, items, items*(800+int64(r.IntN(1500)))))
				if len(rows) == 500 {
					if err := flush(); err != nil {
						return err
					}
				}
			}
		}
	}
	return flush()
}
