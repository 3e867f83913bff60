package analysis

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"postcrm"
	"postcrm/sqlite"
)

// The histories come from a real store's rollups: two customers' waybills
// over a few days, read back densely, the days before a customer's first
// item zero from the data's first day or its contract date.
func TestReadHistoriesFromTheStore(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	office := postcrm.Office{Code: "13010001", Name: "石家庄长安营业部", City: "石家庄市"}
	staff := postcrm.Staff{ID: "S1001", Name: "张伟", Role: postcrm.RoleCourier, OfficeCode: office.Code, City: office.City, Phone: "13800000001"}
	customers := []postcrm.Customer{
		{Code: "KH0001", Name: "华药电商", OfficeCode: office.Code, OwnerStaffID: staff.ID, ContractDate: 20230115, Status: postcrm.StatusActive},
		{Code: "KH0002", Name: "常山纺织", OfficeCode: office.Code, ContractDate: 20260520, Status: postcrm.StatusActive},
		{Code: "KH0003", Name: "从未发件", OfficeCode: office.Code, ContractDate: 20250101, Status: postcrm.StatusActive},
	}
	apply := func(b postcrm.Batch) {
		t.Helper()
		if _, err := s.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	apply(postcrm.Batch{Kind: postcrm.KindOrg, Offices: []postcrm.Office{office}, Staff: []postcrm.Staff{staff}})
	apply(postcrm.Batch{Kind: postcrm.KindCustomers, Customers: customers})
	// (customer, day, items, fen per item)
	shipped := []struct {
		code  string
		day   postcrm.Date
		items int
		fen   int64
	}{
		{"KH0001", 20260503, 2, 800}, {"KH0001", 20260610, 3, 650}, {"KH0001", 20260630, 1, 1200},
		{"KH0002", 20260601, 4, 500}, {"KH0002", 20260615, 1, 500},
		{"KH0001", 20260701, 9, 100}, // after the month: not read
	}
	var ws []postcrm.Waybill
	for _, sh := range shipped {
		for k := range sh.items {
			ws = append(ws, postcrm.Waybill{
				No: fmt.Sprintf("11%011d", len(ws)), AcceptedAt: sh.day.Time().Add(time.Duration(9+k) * time.Hour),
				OfficeCode: office.Code, CourierStaffID: staff.ID, CustomerCode: sh.code, Product: "标准快递",
				WeightG: 500, PostageFen: sh.fen, Payment: postcrm.PaymentMonthly, Channel: postcrm.ChannelPickup, DestProvince: "北京",
			})
		}
	}
	apply(postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: ws})

	hs, err := ReadHistories(ctx, s, customers, 202606, 24)
	if err != nil {
		t.Fatal(err)
	}
	// The data begins on 2026-05-03, the first day with any rollup.
	want := []struct {
		first postcrm.Date
		days  int
		items map[postcrm.Date]int32
		fen   map[postcrm.Date]int64
	}{
		{20260503, 59, map[postcrm.Date]int32{20260503: 2, 20260610: 3, 20260630: 1}, map[postcrm.Date]int64{20260503: 1600, 20260610: 1950, 20260630: 1200}},
		{20260520, 42, map[postcrm.Date]int32{20260601: 4, 20260615: 1}, map[postcrm.Date]int64{20260601: 2000, 20260615: 500}},
		{20260503, 59, nil, nil},
	}
	for i, w := range want {
		h := hs[i]
		if h.Customer.Code != customers[i].Code || h.First != w.first || len(h.Items) != w.days || len(h.Fen) != w.days {
			t.Errorf("%s: history from %s over %d days, want %s over %d", h.Customer.Code, h.First, len(h.Items), w.first, w.days)
			continue
		}
		for j := range h.Items {
			d := h.First.AddDays(j)
			if h.Items[j] != w.items[d] || h.Fen[j] != w.fen[d] {
				t.Errorf("%s on %s: %d items %d fen, want %d and %d", h.Customer.Code, d, h.Items[j], h.Fen[j], w.items[d], w.fen[d])
			}
		}
	}
	if _, err := ReadHistories(ctx, s, customers, 202606, 0); err == nil {
		t.Error("a history of no months was accepted")
	}
}
