package storetest

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"postcrm"
)

// The rollup tests keep a model of the stored waybills (later re-sends
// win) and compare the store's rollups with sums computed here from it.

var (
	scenarioOffices   = []string{"13010001", "13010002", "13020001", "13020002"}
	scenarioCouriers  = []string{"S1001", "S1003", "S2001", "S2002"}
	scenarioCustomers = []string{"KH0001", "KH0002", "KH0003"}
	scenarioPhones    = []string{"13900000001", "13900000002", "13900000003", "13900000004", "13900000005"}
)

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

// setSender makes w a contract item (0), a walk-in with a phone (1) or a
// walk-in without one (2).
func setSender(rng *rand.Rand, w *postcrm.Waybill, kind int) {
	w.CustomerCode, w.SenderPhone = "", ""
	switch kind {
	case 0:
		w.CustomerCode = pick(rng, scenarioCustomers)
	case 1:
		w.SenderPhone = pick(rng, scenarioPhones)
	}
}

func randomWaybill(rng *rand.Rand, no string) postcrm.Waybill {
	w := postcrm.Waybill{
		No:             no,
		AcceptedAt:     day0.Add(time.Duration(rng.IntN(4*24*3600)) * time.Second),
		OfficeCode:     pick(rng, scenarioOffices),
		CourierStaffID: pick(rng, scenarioCouriers),
		Product:        "标准快递",
		WeightG:        int64(100 + rng.IntN(9000)),
		PostageFen:     int64(600 + rng.IntN(6000)),
		Payment:        pick(rng, []postcrm.Payment{postcrm.PaymentCash, postcrm.PaymentMonthly}),
		Channel:        pick(rng, []postcrm.Channel{postcrm.ChannelCounter, postcrm.ChannelPickup, postcrm.ChannelEChannel}),
		DestProvince:   "浙江省",
	}
	setSender(rng, &w, []int{0, 0, 1, 1, 2}[rng.IntN(5)])
	return w
}

// scenarioWaybills returns 150 new waybills, different for each seed.
func scenarioWaybills(seed int) []postcrm.Waybill {
	rng := rand.New(rand.NewPCG(uint64(seed), 1))
	out := make([]postcrm.Waybill, 150)
	for i := range out {
		out[i] = randomWaybill(rng, waybillNo(seed*1000+i))
	}
	return out
}

// resend returns w as a corrected export would carry it again.
func resend(rng *rand.Rand, w postcrm.Waybill) postcrm.Waybill {
	switch rng.IntN(7) {
	case 0: // another day
		w.AcceptedAt = w.AcceptedAt.Add(time.Duration(rng.IntN(48)-24) * time.Hour)
	case 1:
		w.OfficeCode = pick(rng, scenarioOffices)
	case 2:
		w.CustomerCode, w.SenderPhone = pick(rng, scenarioCustomers), ""
	case 3: // contract item turned walk-in, or the other way round
		if w.Walkin() {
			setSender(rng, &w, 0)
		} else {
			setSender(rng, &w, 1+rng.IntN(2))
		}
	case 4:
		w.PostageFen += int64(rng.IntN(2000)) - 1000
	case 5:
		w.CourierStaffID, w.Channel = pick(rng, scenarioCouriers), postcrm.ChannelMiniProgram
	case 6:
		w.WeightG++ // changes no rollup
	}
	return w
}

type model map[string]postcrm.Waybill

func (m model) apply(t *testing.T, s FactStore, ws []postcrm.Waybill) postcrm.WriteResult {
	t.Helper()
	res, err := s.Apply(context.Background(), postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: ws})
	if err != nil {
		t.Fatalf("apply waybills batch: %v", err)
	}
	for _, w := range ws {
		m[w.No] = w
	}
	return res
}

// mixedBatch re-sends n stored waybills, one of them twice, and adds new
// ones.
func (m model) mixedBatch(rng *rand.Rand, n, seed int) []postcrm.Waybill {
	nos := make([]string, 0, len(m))
	for no := range m {
		nos = append(nos, no)
	}
	slices.Sort(nos)
	var batch []postcrm.Waybill
	for _, i := range rng.Perm(len(nos))[:n] {
		batch = append(batch, resend(rng, m[nos[i]]))
	}
	batch = append(batch, resend(rng, batch[0]))
	return append(batch, scenarioWaybills(seed)[:20]...)
}

type rollups struct {
	Customer []postcrm.CustomerDay
	Walkin   []postcrm.WalkinDay
	Courier  []postcrm.CourierDay
}

func cmpCustomerDay(a, b postcrm.CustomerDay) int {
	return cmp.Or(strings.Compare(a.CustomerCode, b.CustomerCode), cmp.Compare(a.Day, b.Day))
}

func cmpWalkinDay(a, b postcrm.WalkinDay) int {
	return cmp.Or(strings.Compare(a.Phone, b.Phone), cmp.Compare(a.Day, b.Day), strings.Compare(a.OfficeCode, b.OfficeCode))
}

func cmpCourierDay(a, b postcrm.CourierDay) int {
	return cmp.Or(cmp.Compare(a.Day, b.Day), strings.Compare(a.OfficeCode, b.OfficeCode),
		strings.Compare(a.CourierStaffID, b.CourierStaffID), postcrm.CompareBool(a.Contract, b.Contract),
		strings.Compare(string(a.Payment), string(b.Payment)), strings.Compare(string(a.Channel), string(b.Channel)))
}

func inRange(d postcrm.Date, r postcrm.DayRange) bool {
	return (r.From == 0 || d >= r.From) && (r.To == 0 || d <= r.To)
}

// sum adds an item to the row of its key (the row with zero figures).
func sum[K comparable](m map[K]K, key K, add func(*K)) {
	row, ok := m[key]
	if !ok {
		row = key
	}
	add(&row)
	m[key] = row
}

func sortedValues[K comparable](m map[K]K, compare func(a, b K) int) []K {
	out := make([]K, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	slices.SortFunc(out, compare)
	return out
}

// expected sums the model's waybills the way the rollups are defined.
func (m model) expected(r postcrm.DayRange) rollups {
	cust := map[postcrm.CustomerDay]postcrm.CustomerDay{}
	walk := map[postcrm.WalkinDay]postcrm.WalkinDay{}
	cour := map[postcrm.CourierDay]postcrm.CourierDay{}
	for _, w := range m {
		day := w.Day()
		if !inRange(day, r) {
			continue
		}
		switch {
		case w.CustomerCode != "":
			sum(cust, postcrm.CustomerDay{CustomerCode: w.CustomerCode, Day: day}, func(d *postcrm.CustomerDay) {
				d.Items, d.PostageFen = d.Items+1, d.PostageFen+w.PostageFen
			})
		case w.SenderPhone != "":
			sum(walk, postcrm.WalkinDay{Phone: w.SenderPhone, Day: day, OfficeCode: w.OfficeCode}, func(d *postcrm.WalkinDay) {
				d.Items, d.PostageFen = d.Items+1, d.PostageFen+w.PostageFen
			})
		}
		key := postcrm.CourierDay{Day: day, OfficeCode: w.OfficeCode, CourierStaffID: w.CourierStaffID,
			Contract: w.CustomerCode != "", Payment: w.Payment, Channel: w.Channel}
		sum(cour, key, func(d *postcrm.CourierDay) { d.Items, d.PostageFen = d.Items+1, d.PostageFen+w.PostageFen })
	}
	return rollups{sortedValues(cust, cmpCustomerDay), sortedValues(walk, cmpWalkinDay), sortedValues(cour, cmpCourierDay)}
}

func collect[T any](t *testing.T, stream func(func(T) error) error) []T {
	t.Helper()
	var out []T
	if err := stream(func(v T) error { out = append(out, v); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

func storedRollups(t *testing.T, s FactStore, r postcrm.DayRange) rollups {
	ctx := context.Background()
	return rollups{
		collect(t, func(fn func(postcrm.CustomerDay) error) error { return s.CustomerDays(ctx, r, fn) }),
		collect(t, func(fn func(postcrm.WalkinDay) error) error { return s.WalkinDays(ctx, r, fn) }),
		collect(t, func(fn func(postcrm.CourierDay) error) error { return s.CourierDays(ctx, r, fn) }),
	}
}

// checkRollups compares the stored rollups with the model's; both are in
// key order, so the store's order is checked too.
func checkRollups(t *testing.T, s FactStore, m model, r postcrm.DayRange) {
	t.Helper()
	got, want := storedRollups(t, s, r), m.expected(r)
	sameRows(t, "customer_daily", r, got.Customer, want.Customer)
	sameRows(t, "walkin_daily", r, got.Walkin, want.Walkin)
	sameRows(t, "courier_daily", r, got.Courier, want.Courier)
}

func sameRows[T comparable](t *testing.T, table string, r postcrm.DayRange, got, want []T) {
	t.Helper()
	for i := range max(len(got), len(want)) {
		if i >= len(got) || i >= len(want) || got[i] != want[i] {
			t.Errorf("%s in %+v: %d rows, want %d; first difference at row %d:\n got %+v\nwant %+v",
				table, r, len(got), len(want), i, got[min(i, len(got)-1):min(i+1, len(got))], want[min(i, len(want)-1):min(i+1, len(want))])
			return
		}
	}
}

func testRollups(t *testing.T, s FactStore) {
	m := model{}
	ws := scenarioWaybills(1)
	for i := 0; i < len(ws); i += 50 {
		m.apply(t, s, ws[i:i+50])
	}
	checkRollups(t, s, m, postcrm.DayRange{})
	rng := rand.New(rand.NewPCG(2, 2))
	for round := range 5 {
		m.apply(t, s, m.mixedBatch(rng, 40, 10+round))
		checkRollups(t, s, m, postcrm.DayRange{})
	}
	testWalkinRowDisappears(t, s, m)
}

// testWalkinRowDisappears moves a phone's only item of a day to another
// phone, then to a contract customer: the emptied rows must go, not stay
// with zero items.
func testWalkinRowDisappears(t *testing.T, s FactStore, m model) {
	ctx := context.Background()
	w := postcrm.Waybill{No: "1999999999999", AcceptedAt: day0.AddDate(0, 1, 0), OfficeCode: "13020002",
		CourierStaffID: "S2002", SenderPhone: "13700000001", Product: "快递包裹", WeightG: 500, PostageFen: 1000,
		Payment: postcrm.PaymentCash, Channel: postcrm.ChannelCounter, DestProvince: "河北省"}
	month := postcrm.DayRange{From: w.Day(), To: w.Day()}
	rows := func() []postcrm.WalkinDay {
		return collect(t, func(fn func(postcrm.WalkinDay) error) error { return s.WalkinDays(ctx, month, fn) })
	}
	m.apply(t, s, []postcrm.Waybill{w})
	if got := rows(); len(got) != 1 || got[0].Phone != w.SenderPhone || got[0].Items != 1 {
		t.Fatalf("walk-in rows of the day: %+v", got)
	}
	w.SenderPhone = "13700000002"
	m.apply(t, s, []postcrm.Waybill{w})
	if got := rows(); len(got) != 1 || got[0].Phone != w.SenderPhone {
		t.Errorf("after moving to another phone: %+v", got)
	}
	w.SenderPhone, w.CustomerCode = "", "KH0003"
	m.apply(t, s, []postcrm.Waybill{w})
	if got := rows(); len(got) != 0 {
		t.Errorf("after turning into a contract item: %+v", got)
	}
	checkRollups(t, s, m, postcrm.DayRange{})
}

func testRollupRanges(t *testing.T, s FactStore) {
	m := model{}
	m.apply(t, s, scenarioWaybills(3))
	m.apply(t, s, m.mixedBatch(rand.New(rand.NewPCG(4, 4)), 30, 5))
	d1, d2 := postcrm.DateOf(day0.AddDate(0, 0, 1)), postcrm.DateOf(day0.AddDate(0, 0, 2))
	for _, r := range []postcrm.DayRange{{From: d1}, {To: d1}, {From: d1, To: d1}, {From: d1, To: d2}, {From: 20990101}} {
		t.Run(fmt.Sprintf("%v-%v", r.From, r.To), func(t *testing.T) { checkRollups(t, s, m, r) })
	}
}
