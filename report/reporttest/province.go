// Package reporttest makes a small province in a real store for the
// reports' tests and benchmarks: org, contract customers, e-channel
// members, waybills over 18 months, import findings and sign-ins. It
// keeps the raw rows, so that tests compute the expected figures from
// them directly and not through the rollups the reports read.
package reporttest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"postcrm"
)

// Province is what New generated and Load stores.
type Province struct {
	Offices   []postcrm.Office
	Staff     []postcrm.Staff
	Customers []postcrm.Customer
	Members   []postcrm.Member
	Waybills  []postcrm.Waybill
	Findings  []postcrm.Finding
	SignIns   []postcrm.AuditEntry
}

// First and Last bound the waybills' days.
var (
	First = postcrm.Date(20250101)
	Last  = postcrm.Date(20260630)
)

var cities = []string{"石家庄市", "唐山市", "保定市"}

var channels = []postcrm.Channel{postcrm.ChannelCounter, postcrm.ChannelPickup, postcrm.ChannelEChannel, postcrm.ChannelMiniProgram}

// New generates a province of three cities with two offices each and n
// waybills; the same seed gives the same province.
func New(seed uint64, n int) *Province {
	r := rand.New(rand.NewPCG(seed, 7))
	p := &Province{}
	var couriers [][]string
	for ci, city := range cities {
		p.Staff = append(p.Staff, postcrm.Staff{ID: fmt.Sprintf("C%d", ci), Name: city + "管理员", Role: postcrm.RoleCityManager, City: city})
		for k := range 2 {
			code := fmt.Sprintf("13%02d%04d", ci+1, k+1)
			p.Offices = append(p.Offices, postcrm.Office{Code: code, Name: fmt.Sprintf("%s第%d营业部", city[:len(city)-3], k+1), City: city})
			p.Staff = append(p.Staff, postcrm.Staff{ID: code + "M", Name: "经理" + code[4:], Role: postcrm.RoleOfficeManager, OfficeCode: code, City: city})
			var ids []string
			for j := range 3 {
				id := fmt.Sprintf("%s%02d", code, j)
				ids = append(ids, id)
				p.Staff = append(p.Staff, postcrm.Staff{ID: id, Name: fmt.Sprintf("揽投员%s", id[4:]), Role: postcrm.RoleCourier, OfficeCode: code, City: city})
			}
			couriers = append(couriers, ids)
		}
	}
	for i := range 24 {
		oi := i % len(p.Offices)
		c := postcrm.Customer{Code: fmt.Sprintf("KH%04d", i), Name: fmt.Sprintf("客户%d", i%20), OfficeCode: p.Offices[oi].Code,
			ContractDate: First.AddDays(r.IntN(DaysBetween())), Industry: "电商", ContactPhone: fmt.Sprintf("139%08d", i%22),
			Status: postcrm.StatusActive}
		if i%5 != 0 {
			c.OwnerStaffID = couriers[oi][r.IntN(3)]
		}
		if i%7 == 0 {
			c.Industry = ""
		}
		p.Customers = append(p.Customers, c)
	}
	for i := range 60 {
		oi := r.IntN(len(p.Offices))
		p.Members = append(p.Members, postcrm.Member{Phone: fmt.Sprintf("137%08d", i), RegisteredOn: First.AddDays(r.IntN(DaysBetween() + 1)),
			OfficeCode: p.Offices[oi].Code, StaffID: couriers[oi][r.IntN(3)]})
	}
	start := First.Time()
	span := int64(DaysBetween()+1) * 86400
	for i := range n {
		oi := r.IntN(len(p.Offices))
		w := postcrm.Waybill{No: fmt.Sprintf("R%010d", i), AcceptedAt: start.Add(time.Duration(r.Int64N(span)) * time.Second),
			OfficeCode: p.Offices[oi].Code, CourierStaffID: couriers[oi][r.IntN(3)], Product: "标准快递", WeightG: 500,
			PostageFen: 500 + r.Int64N(5000), Payment: postcrm.PaymentCash, Channel: channels[r.IntN(len(channels))]}
		if r.IntN(2) == 0 {
			w.CustomerCode = p.Customers[oi+len(p.Offices)*r.IntN(len(p.Customers)/len(p.Offices))].Code
			w.Payment = postcrm.PaymentMonthly
		} else {
			w.SenderPhone = fmt.Sprintf("136%08d", r.IntN(500))
		}
		p.Waybills = append(p.Waybills, w)
	}
	for i := range 10 {
		p.Findings = append(p.Findings, postcrm.Finding{Kind: postcrm.KindWaybills, Source: fmt.Sprintf("waybills-%d.csv", Last.YearMonth()),
			Line: 2 + i, Field: "客户代码", Reason: postcrm.ReasonUnknownCustomer, Message: "客户代码不存在", Value: "KH9999",
			OfficeCode: p.Offices[i%len(p.Offices)].Code, Rejected: true})
	}
	for range 40 {
		s := p.Staff[r.IntN(len(p.Staff))]
		p.SignIns = append(p.SignIns, postcrm.AuditEntry{User: s.ID, Action: postcrm.AuditSignIn,
			At: Last.AddDays(-r.IntN(60)).Time().Add(time.Duration(r.IntN(86400)) * time.Second)})
	}
	return p
}

// DaysBetween is the number of days from First to Last.
func DaysBetween() int { return postcrm.DaysBetween(First, Last) }

// Store is what loading a province writes: the data, the import log,
// and the accounts with their sign-ins.
type Store interface {
	Apply(ctx context.Context, b postcrm.Batch) (postcrm.WriteResult, error)
	RecordImportRun(ctx context.Context, run postcrm.ImportRun) (int64, error)
	CreateUser(ctx context.Context, u postcrm.User) error
	Audit(ctx context.Context, e postcrm.AuditEntry) error
}

// Load stores the province in s through the store's own write paths:
// Apply for the data, the import log for the findings' file, accounts
// and the audit log for the sign-ins (every staff member gets an account).
func (p *Province) Load(tb testing.TB, s Store) {
	tb.Helper()
	ctx := context.Background()
	for _, b := range []postcrm.Batch{
		{Kind: postcrm.KindOrg, Offices: p.Offices, Staff: p.Staff},
		{Kind: postcrm.KindCustomers, Customers: p.Customers},
		{Kind: postcrm.KindMembers, Members: p.Members},
		{Kind: postcrm.KindWaybills, Waybills: p.Waybills, Findings: p.Findings},
	} {
		if _, err := s.Apply(ctx, b); err != nil {
			tb.Fatalf("apply %s: %v", b.Kind, err)
		}
	}
	if _, err := s.RecordImportRun(ctx, postcrm.ImportRun{Kind: postcrm.KindWaybills, Source: p.Findings[0].Source,
		StartedAt: time.Now(), FinishedAt: time.Now()}); err != nil {
		tb.Fatal(err)
	}
	for _, st := range p.Staff {
		if err := s.CreateUser(ctx, postcrm.User{Name: st.ID, PasswordHash: "x", CreatedAt: First.Time()}); err != nil {
			tb.Fatalf("create user %s: %v", st.ID, err)
		}
	}
	for _, e := range p.SignIns {
		if err := s.Audit(ctx, e); err != nil {
			tb.Fatal(err)
		}
	}
}
