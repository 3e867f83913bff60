package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"postcrm"
	"postcrm/sqlstore"
)

// reportWaybill is a hand-made waybill for the report queries.
func reportWaybill(no, at, office, courier, customer, phone string, pay postcrm.Payment, ch postcrm.Channel, fen int64) postcrm.Waybill {
	t, err := time.ParseInLocation("2006-01-02 15:04:05", at, postcrm.ChinaTime)
	if err != nil {
		panic(err)
	}
	return postcrm.Waybill{No: no, AcceptedAt: t, OfficeCode: office, CourierStaffID: courier, CustomerCode: customer,
		SenderPhone: phone, Product: "标准快递", WeightG: 500, PostageFen: fen, Payment: pay, Channel: ch}
}

// testReportQueries checks the month sums the reports read against
// figures worked out by hand from seven waybills, including items on the
// last and first second of a month.
func testReportQueries(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	r := s
	if day := must[postcrm.Date](t)(r.LastDataDay(ctx)); day != 0 {
		t.Errorf("last data day of an empty store: %v", day)
	}
	applyFixtures(t, s)
	const (
		monthly, cash   = postcrm.PaymentMonthly, postcrm.PaymentCash
		pickup, counter = postcrm.ChannelPickup, postcrm.ChannelCounter
		echan, mini     = postcrm.ChannelEChannel, postcrm.ChannelMiniProgram
	)
	apply(t, s, postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: []postcrm.Waybill{
		reportWaybill("R1", "2024-03-05 10:00:00", "13010001", "S1001", "KH0001", "", monthly, pickup, 1000),
		reportWaybill("R2", "2024-03-31 23:59:59", "13010001", "S1001", "KH0001", "", monthly, pickup, 2500),
		reportWaybill("R3", "2024-04-01 00:00:01", "13010001", "S1001", "KH0001", "", monthly, pickup, 700),
		reportWaybill("R4", "2024-03-10 09:00:00", "13010002", "S1003", "", "13700000001", cash, counter, 1200),
		reportWaybill("R5", "2024-03-11 09:00:00", "13010002", "S1003", "", "13700000002", cash, echan, 800),
		reportWaybill("R6", "2024-03-11 17:00:00", "13010002", "S1003", "", "13700000001", cash, counter, 300),
		reportWaybill("R7", "2024-04-15 12:00:00", "13020001", "S2001", "KH0003", "", cash, mini, 5000),
	}})
	if day := must[postcrm.Date](t)(r.LastDataDay(ctx)); day != 20240415 {
		t.Errorf("last data day %v, want 2024-04-15", day)
	}
	om := func(month postcrm.Month, office string, contract bool, pay postcrm.Payment, ch postcrm.Channel, items, fen int64) postcrm.OfficeMonth {
		return postcrm.OfficeMonth{Month: month, OfficeCode: office, Contract: contract, Payment: pay, Channel: ch, Items: items, PostageFen: fen}
	}
	april := []postcrm.OfficeMonth{
		om(202404, "13010001", true, monthly, pickup, 1, 700),
		om(202404, "13020001", true, cash, mini, 1, 5000), // a contract item paid in cash through the mini-program
	}
	both := append([]postcrm.OfficeMonth{
		om(202403, "13010001", true, monthly, pickup, 2, 3500),
		om(202403, "13010002", false, cash, counter, 2, 1500),
		om(202403, "13010002", false, cash, echan, 1, 800),
	}, april...)
	if got := must[[]postcrm.OfficeMonth](t)(r.OfficeMonths(ctx, 202403, 202404)); !reflect.DeepEqual(got, both) {
		t.Errorf("office months 2024-03..04:\n got %+v\nwant %+v", got, both)
	}
	if got := must[[]postcrm.OfficeMonth](t)(r.OfficeMonths(ctx, 202404, 202404)); !reflect.DeepEqual(got, april) {
		t.Errorf("office months 2024-04:\n got %+v\nwant %+v", got, april)
	}
	if got := must[[]postcrm.OfficeMonth](t)(r.OfficeMonths(ctx, 202405, 202412)); len(got) != 0 {
		t.Errorf("office months after the data: %+v", got)
	}

	// A re-sent waybill moves its contribution: R6 turns out to be a
	// contract item of KH0002 at 13010001, accepted in April.
	moved := reportWaybill("R6", "2024-04-02 17:00:00", "13010001", "S1001", "KH0002", "", monthly, pickup, 300)
	expectResult(t, "re-sent R6", apply(t, s, postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: []postcrm.Waybill{moved}}),
		postcrm.WriteResult{Updated: 1})
	moves := []postcrm.OfficeMonth{
		om(202403, "13010001", true, monthly, pickup, 2, 3500),
		om(202403, "13010002", false, cash, counter, 1, 1200),
		om(202403, "13010002", false, cash, echan, 1, 800),
		om(202404, "13010001", true, monthly, pickup, 2, 1000),
		april[1],
	}
	if got := must[[]postcrm.OfficeMonth](t)(r.OfficeMonths(ctx, 202403, 202404)); !reflect.DeepEqual(got, moves) {
		t.Errorf("office months after a re-send:\n got %+v\nwant %+v", got, moves)
	}
	// Moved out of 2024-03 entirely: no empty row is left.
	moved.AcceptedAt = moved.AcceptedAt.AddDate(0, 1, 0)
	apply(t, s, postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: []postcrm.Waybill{moved}})
	if got := must[[]postcrm.OfficeMonth](t)(r.OfficeMonths(ctx, 202405, 202405)); len(got) != 1 || got[0].Items != 1 || got[0].PostageFen != 300 {
		t.Errorf("office months of 2024-05: %+v", got)
	}

	cm := func(code string, month postcrm.Month, items, fen int64) postcrm.CustomerMonth {
		return postcrm.CustomerMonth{CustomerCode: code, Month: month, Items: items, PostageFen: fen}
	}
	want := []postcrm.CustomerMonth{cm("KH0001", 202403, 2, 3500), cm("KH0001", 202404, 1, 700), cm("KH0003", 202404, 1, 5000)}
	if got := must[[]postcrm.CustomerMonth](t)(r.CustomerMonthTotals(ctx, 202404, 202403)); !reflect.DeepEqual(got, want) {
		t.Errorf("customer months 2024-03, 2024-04:\n got %+v\nwant %+v", got, want)
	}
	if got := must[[]postcrm.CustomerMonth](t)(r.CustomerMonthTotals(ctx, 202404, 202304)); !reflect.DeepEqual(got, want[1:]) {
		t.Errorf("customer months 2024-04, 2023-04:\n got %+v\nwant %+v", got, want[1:])
	}
	if got := must[[]postcrm.CustomerMonth](t)(r.CustomerMonthTotals(ctx)); len(got) != 0 {
		t.Errorf("customer months of no month: %+v", got)
	}

	members := []postcrm.MemberDay{
		{Day: 20240210, OfficeCode: "13010001", StaffID: "S1001", Members: 1},
		{Day: 20240211, OfficeCode: "13020002", StaffID: "S2002", Members: 1},
	}
	if got := must[[]postcrm.MemberDay](t)(r.MemberDays(ctx, postcrm.DayRange{From: 20240210, To: 20240211})); !reflect.DeepEqual(got, members) {
		t.Errorf("member days:\n got %+v\nwant %+v", got, members)
	}
	apply(t, s, postcrm.Batch{Kind: postcrm.KindMembers, Members: []postcrm.Member{
		{Phone: "13600000009", RegisteredOn: 20240211, OfficeCode: "13020002", StaffID: "S2002"},
	}})
	members[1].Members = 2
	if got := must[[]postcrm.MemberDay](t)(r.MemberDays(ctx, postcrm.DayRange{From: 20240211})); !reflect.DeepEqual(got, append(members[1:],
		postcrm.MemberDay{Day: 20240212, OfficeCode: "13020002", Members: 1})) {
		t.Errorf("member days from 2024-02-11: %+v", got)
	}
}
