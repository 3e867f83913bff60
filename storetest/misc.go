package storetest

import (
	"cmp"
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"postcrm"
	"postcrm/sqlstore"
)

func testMigrateAgain(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	applyFixtures(t, s)
	for range 2 {
		if err := s.Migrate(ctx); err != nil {
			t.Fatalf("migrating a migrated store: %v", err)
		}
	}
	if got := must[[]postcrm.Customer](t)(s.Customers(ctx)); !reflect.DeepEqual(got, fixtureCustomers) {
		t.Errorf("customers after migrating again: got %+v, want %+v", got, fixtureCustomers)
	}
}

func testRefData(t *testing.T, s *sqlstore.Store) {
	applyFixtures(t, s)
	want := postcrm.RefData{Offices: map[string]string{}, Staff: map[string]string{}, Customers: map[string]string{}}
	for _, o := range fixtureOffices {
		want.Offices[o.Code] = o.City
	}
	for _, p := range fixtureStaff {
		want.Staff[p.ID] = p.OfficeCode
	}
	for _, c := range fixtureCustomers {
		want.Customers[c.Code] = c.OfficeCode
	}
	if got := must[postcrm.RefData](t)(s.RefData(context.Background())); !reflect.DeepEqual(got, want) {
		t.Errorf("ref data: got %+v, want %+v", got, want)
	}
}

var fixtureFindings = []postcrm.Finding{
	{Kind: postcrm.KindWaybills, Source: "收寄明细0302.csv", Line: 9, Field: "资费", Reason: postcrm.ReasonNegative,
		Message: "资费不能为负数", Value: "-12.50", OfficeCode: "13010001", Rejected: true, Record: "1190000000009"},
	{Kind: postcrm.KindWaybills, Source: "收寄明细0302.csv", Line: 3, Field: "寄件人电话", Reason: postcrm.ReasonBadPhone,
		Message: "寄件人电话格式不对", Value: "1381234", OfficeCode: "13020001", Record: "1190000000003"},
	{Kind: postcrm.KindWaybills, Source: "收寄明细0302.csv", Line: 3, Field: "客户代码", Reason: postcrm.ReasonUnknownCustomer,
		Message: "协议客户不存在", Value: "KH9999", OfficeCode: "13020001", Record: "1190000000003"},
	{Kind: postcrm.KindCustomers, Source: "协议客户.xlsx", Line: 2, Field: "管户人", Reason: postcrm.ReasonUnknownStaff,
		Message: "管户人工号不存在", Value: "S9999", OfficeCode: "13010002"},
}

func testFindings(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	b := postcrm.Batch{Kind: postcrm.KindWaybills, Findings: fixtureFindings}
	apply(t, s, b)
	apply(t, s, b) // re-importing a file finds the same problems
	// Same key with another message: the first one stays.
	again := fixtureFindings[0]
	again.Message = "另一种说法"
	apply(t, s, postcrm.Batch{Kind: postcrm.KindWaybills, Findings: []postcrm.Finding{again}})

	byLine := []postcrm.Finding{fixtureFindings[1], fixtureFindings[2], fixtureFindings[0]}
	if got := must[[]postcrm.Finding](t)(s.Findings(ctx, "收寄明细0302.csv")); !sameFindings(got, byLine) {
		t.Errorf("findings of one source:\n got %+v\nwant %+v", got, byLine)
	}
	// Sources in byte order: 协 (U+534F) before 收 (U+6536).
	all := append([]postcrm.Finding{fixtureFindings[3]}, byLine...)
	if got := must[[]postcrm.Finding](t)(s.Findings(ctx, "")); !sameFindings(got, all) {
		t.Errorf("all findings:\n got %+v\nwant %+v", got, all)
	}
	if got := must[[]postcrm.Finding](t)(s.Findings(ctx, "别的文件.csv")); len(got) != 0 {
		t.Errorf("findings of a file never imported: %+v", got)
	}
}

// sameFindings checks the order by source and line, and that got and
// want hold the same findings: those on one line may come in any order.
func sameFindings(got, want []postcrm.Finding) bool {
	sorted := slices.IsSortedFunc(got, func(a, b postcrm.Finding) int {
		return cmp.Or(strings.Compare(a.Source, b.Source), cmp.Compare(a.Line, b.Line))
	})
	count := make(map[postcrm.Finding]int)
	for _, f := range got {
		count[f]++
	}
	for _, f := range want {
		count[f]--
	}
	for _, n := range count {
		if n != 0 {
			return false
		}
	}
	return sorted
}

func testImportRuns(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	start := time.Date(2024, 3, 2, 8, 30, 0, 123456789, time.UTC)
	runs := []postcrm.ImportRun{
		{Kind: postcrm.KindOrg, Source: "机构人员.xlsx", StartedAt: start, FinishedAt: start.Add(1500 * time.Millisecond),
			Read: 120, Rejected: 2, WriteResult: postcrm.WriteResult{Inserted: 100, Updated: 10, Unchanged: 8}},
		{Kind: postcrm.KindWaybills, Source: "收寄明细0302.csv", StartedAt: start.Add(time.Minute),
			FinishedAt: start.Add(3 * time.Minute), Read: 1000000, WriteResult: postcrm.WriteResult{Inserted: 1000000},
			ContentSHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", Size: 98765432},
	}
	var ids []int64
	for _, r := range runs {
		ids = append(ids, must[int64](t)(s.RecordImportRun(ctx, r)))
	}
	if ids[1] <= ids[0] {
		t.Errorf("run IDs %v do not increase", ids)
	}
	got := must[[]postcrm.ImportRun](t)(s.ImportRuns(ctx))
	if len(got) != len(runs) {
		t.Fatalf("got %d runs, want %d", len(got), len(runs))
	}
	for i, g := range got {
		want := runs[i]
		want.ID = ids[i]
		if !g.StartedAt.Equal(want.StartedAt) || !g.FinishedAt.Equal(want.FinishedAt) || !inChinaTime(g.StartedAt) {
			t.Errorf("run %d times: got %v–%v, want %v–%v in China time", i, g.StartedAt, g.FinishedAt, want.StartedAt, want.FinishedAt)
		}
		g.StartedAt, g.FinishedAt, want.StartedAt, want.FinishedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
		if g != want {
			t.Errorf("run %d: got %+v, want %+v", i, g, want)
		}
	}
}

func inChinaTime(t time.Time) bool {
	_, offset := t.Zone()
	return offset == 8*3600
}

// testWaybillTime stores an item accepted at 01:30 China time given in
// UTC, the previous evening: it belongs to the China day.
func testWaybillTime(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	at := time.Date(2024, 3, 1, 17, 30, 5, 600_000_000, time.UTC)
	w := postcrm.Waybill{No: "1100000000001", AcceptedAt: at, OfficeCode: "13010001", CourierStaffID: "S1001",
		SenderPhone: "13912345678", Product: "特快专递", WeightG: 300, PostageFen: 2200,
		Payment: postcrm.PaymentCash, Channel: postcrm.ChannelCounter, DestProvince: "新疆维吾尔自治区"}
	expectResult(t, "insert", apply(t, s, postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: []postcrm.Waybill{w}}),
		postcrm.WriteResult{Inserted: 1})
	// The same second in another zone and fraction is the same record.
	w2 := w
	w2.AcceptedAt = at.In(postcrm.ChinaTime).Add(-500 * time.Millisecond)
	expectResult(t, "same second again", apply(t, s, postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: []postcrm.Waybill{w2}}),
		postcrm.WriteResult{Unchanged: 1})

	got := must[postcrm.Waybill](t)(s.Waybill(ctx, w.No))
	if !got.AcceptedAt.Equal(at.Truncate(time.Second)) || !inChinaTime(got.AcceptedAt) {
		t.Errorf("accepted at: got %v, want %v in China time", got.AcceptedAt, at.Truncate(time.Second))
	}
	if got.Day() != 20240302 {
		t.Errorf("day: got %v, want 2024-03-02", got.Day())
	}
	var days []postcrm.Date
	err := s.CourierDays(ctx, postcrm.DayRange{}, func(d postcrm.CourierDay) error {
		days = append(days, d.Day)
		return nil
	})
	if err != nil || len(days) != 1 || days[0] != 20240302 {
		t.Errorf("courier days: got %v (%v), want [2024-03-02]", days, err)
	}
}

func testNotFound(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	applyFixtures(t, s)
	if _, err := s.Waybill(ctx, "9999999999999"); !errors.Is(err, postcrm.ErrNotFound) {
		t.Errorf("missing waybill: got %v, want ErrNotFound", err)
	}
	if _, err := s.Member(ctx, "13000000000"); !errors.Is(err, postcrm.ErrNotFound) {
		t.Errorf("missing member: got %v, want ErrNotFound", err)
	}
	if m, err := s.Member(ctx, fixtureMembers[1].Phone); err != nil || m != fixtureMembers[1] {
		t.Errorf("member: got %+v (%v), want %+v", m, err, fixtureMembers[1])
	}
}

func testStreamStops(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	apply(t, s, postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: scenarioWaybills(0)})
	stop := errors.New("stop here")
	calls := 0
	fn := func() error {
		calls++
		if calls == 2 {
			return stop
		}
		return nil
	}
	streams := map[string]func() error{
		"customer": func() error {
			return s.CustomerDays(ctx, postcrm.DayRange{}, func(postcrm.CustomerDay) error { return fn() })
		},
		"walkin": func() error {
			return s.WalkinDays(ctx, postcrm.DayRange{}, func(postcrm.WalkinDay) error { return fn() })
		},
		"courier": func() error {
			return s.CourierDays(ctx, postcrm.DayRange{}, func(postcrm.CourierDay) error { return fn() })
		},
	}
	for name, run := range streams {
		calls = 0
		if err := run(); !errors.Is(err, stop) || calls != 2 {
			t.Errorf("%s days: got %v after %d calls, want the callback's error after 2", name, err, calls)
		}
	}
}

func testUnknownKind(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	_, err := s.Apply(ctx, postcrm.Batch{Kind: "parcels", Findings: fixtureFindings})
	if err == nil {
		t.Fatal("a batch of an unknown kind was accepted")
	}
	if got := must[[]postcrm.Finding](t)(s.Findings(ctx, "")); len(got) != 0 {
		t.Errorf("findings of a refused batch were stored: %+v", got)
	}
}
