package web

import (
	"context"
	"fmt"
	"testing"

	"postcrm"
	"postcrm/sqlstore"
)

// The reads behind the follow-up forms and the dashboard's warning
// counts, on a province-sized org (550 offices of 9 staff) and month of
// warnings (13,500, as the province demo's), each beside the reads it
// replaced, on both stores:
//
//	go test ./web -run '^$' -bench 'OfficeStaff|WarningCounts|HealthCheck' -count 3

const (
	benchOffices                      = 550
	benchStaffPerOffice               = 9 // a manager and 8 couriers
	benchWarnings                     = 13500
	benchMonth          postcrm.Month = 202610
)

var benchStores = []struct {
	name string
	open storeOpener
}{{"sqlite", openSQLite}, {"postgres", openPostgres}}

// benchProvince stores the org and the month's warnings, the kinds in
// turn, each owned by a courier of its office.
func benchProvince(b *testing.B, s *sqlstore.Store) {
	b.Helper()
	ctx := context.Background()
	org := benchOrg()
	if _, err := s.Apply(ctx, org); err != nil {
		b.Fatal(err)
	}
	ws := make([]postcrm.Warning, benchWarnings)
	for i := range ws {
		office := i % benchOffices
		w := postcrm.Warning{Month: benchMonth, Kind: warningKinds[i%len(warningKinds)], OfficeCode: org.Offices[office].Code,
			RevenueAtRiskFen: int64(i * 37 % 100000), Reason: "bench"}
		if w.Kind == postcrm.WarnWalkinChurn {
			w.SenderPhone = fmt.Sprintf("137%08d", i)
		} else {
			w.CustomerCode, w.OwnerStaffID = fmt.Sprintf("KH%06d", i), staffID(office, 1+i%(benchStaffPerOffice-1))
		}
		ws[i] = w
	}
	if err := s.SaveWarnings(ctx, benchMonth, warningKinds, ws); err != nil {
		b.Fatal(err)
	}
}

// benchOrg is the province's offices, in 11 cities, each with a manager
// and couriers.
func benchOrg() postcrm.Batch {
	org := postcrm.Batch{Kind: postcrm.KindOrg}
	for i := range benchOffices {
		o := postcrm.Office{Code: fmt.Sprintf("13%02d%04d", i%11, i), Name: fmt.Sprintf("营业部%d", i), City: fmt.Sprintf("地市%02d", i%11)}
		org.Offices = append(org.Offices, o)
		for j := range benchStaffPerOffice {
			role := postcrm.RoleCourier
			if j == 0 {
				role = postcrm.RoleOfficeManager
			}
			org.Staff = append(org.Staff, postcrm.Staff{ID: staffID(i, j), Name: fmt.Sprintf("员工%d-%d", i, j), Role: role,
				OfficeCode: o.Code, City: o.City, Phone: fmt.Sprintf("138%08d", i*benchStaffPerOffice+j)})
		}
	}
	return org
}

func staffID(office, n int) string { return fmt.Sprintf("S%05d", office*benchStaffPerOffice+n) }

// BenchmarkOfficeStaff: the staff of one office for an office manager's
// assignment form, read alone or filtered from all the province's staff.
func BenchmarkOfficeStaff(b *testing.B) {
	ctx := context.Background()
	const office = "13050005"
	manager := postcrm.Scope{Role: postcrm.RoleOfficeManager, OfficeCode: office, City: "地市05", StaffID: staffID(5, 0)}
	for _, st := range benchStores {
		b.Run(st.name, func(b *testing.B) {
			s := st.open(b)
			benchProvince(b, s)
			check := func(b *testing.B, staff []postcrm.Staff) {
				if len(staff) != benchStaffPerOffice {
					b.Fatalf("%d staff, want %d", len(staff), benchStaffPerOffice)
				}
			}
			b.Run("all-staff-filtered", func(b *testing.B) {
				for b.Loop() {
					all, err := s.Staff(ctx)
					if err != nil {
						b.Fatal(err)
					}
					var staff []postcrm.Staff
					for _, p := range all {
						if p.OfficeCode == office {
							staff = append(staff, p)
						}
					}
					check(b, staff)
				}
			})
			b.Run("office-staff", func(b *testing.B) {
				for b.Loop() {
					staff, err := s.OfficeStaff(ctx, manager, []string{office})
					if err != nil {
						b.Fatal(err)
					}
					check(b, staff)
				}
			})
		})
	}
}

// BenchmarkWarningCounts: the month's warnings by kind as the province
// and as an office manager, counted by one list page per kind (what
// ScopedWarnings answers with its total) or by one grouped count.
func BenchmarkWarningCounts(b *testing.B) {
	ctx := context.Background()
	scopes := []struct {
		name  string
		sc    postcrm.Scope
		total int
	}{
		{"province", postcrm.Scope{Role: postcrm.RoleProvinceAdmin}, benchWarnings},
		// Warning i is office i mod 550's: office 5 has those from 5 on.
		{"office", postcrm.Scope{Role: postcrm.RoleOfficeManager, OfficeCode: "13050005", StaffID: staffID(5, 0)},
			(benchWarnings - 5 + benchOffices - 1) / benchOffices},
	}
	for _, st := range benchStores {
		b.Run(st.name, func(b *testing.B) {
			s := st.open(b)
			benchProvince(b, s)
			for _, c := range scopes {
				check := func(b *testing.B, counts map[postcrm.WarningKind]int) {
					n := 0
					for _, k := range counts {
						n += k
					}
					if n != c.total {
						b.Fatalf("%d warnings counted, want %d", n, c.total)
					}
				}
				b.Run(c.name+"/page-per-kind", func(b *testing.B) {
					for b.Loop() {
						counts := map[postcrm.WarningKind]int{}
						for _, k := range warningKinds {
							_, n, err := s.ScopedWarnings(ctx, c.sc, postcrm.WarningQuery{Month: benchMonth, Kind: k, Limit: 1})
							if err != nil {
								b.Fatal(err)
							}
							counts[k] = n
						}
						check(b, counts)
					}
				})
				b.Run(c.name+"/grouped", func(b *testing.B) {
					for b.Loop() {
						counts, err := s.WarningCounts(ctx, c.sc, benchMonth)
						if err != nil {
							b.Fatal(err)
						}
						check(b, counts)
					}
				})
			}
		})
	}
}

// BenchmarkHealthCheck: what /healthz reads, with an account for each of
// the province's 4,950 staff: every account (as it did) or a ping.
func BenchmarkHealthCheck(b *testing.B) {
	ctx := context.Background()
	for _, st := range benchStores {
		b.Run(st.name, func(b *testing.B) {
			s := st.open(b)
			for o := range benchOffices {
				for j := range benchStaffPerOffice {
					if err := s.CreateUser(ctx, postcrm.User{Name: staffID(o, j), PasswordHash: "unused"}); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.Run("users", func(b *testing.B) {
				for b.Loop() {
					if _, err := s.Users(ctx); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("ping", func(b *testing.B) {
				for b.Loop() {
					if err := s.Ping(ctx); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
