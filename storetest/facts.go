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

// FactStore is what the fact-store contract exercises: importing
// waybills and reading back the waybills, the daily rollups the analysis
// and the dashboards read, the destination and product mix the policy
// adjustments read, and the month sums the reports read. The SQL stores meet it with their rollup
// tables; a split store (package split) with its fact store.
type FactStore interface {
	Apply(ctx context.Context, b postcrm.Batch) (postcrm.WriteResult, error)
	Waybill(ctx context.Context, no string) (postcrm.Waybill, error)
	CustomerDays(ctx context.Context, r postcrm.DayRange, fn func(postcrm.CustomerDay) error) error
	WalkinDays(ctx context.Context, r postcrm.DayRange, fn func(postcrm.WalkinDay) error) error
	CourierDays(ctx context.Context, r postcrm.DayRange, fn func(postcrm.CourierDay) error) error
	CustomerMix(ctx context.Context, from, to postcrm.Month, fn func(postcrm.MixRow) error) error
	LastDataDay(ctx context.Context) (postcrm.Date, error)
	OfficeMonths(ctx context.Context, from, to postcrm.Month) ([]postcrm.OfficeMonth, error)
	CustomerMonthTotals(ctx context.Context, months ...postcrm.Month) ([]postcrm.CustomerMonth, error)
}

// RunFacts runs the fact-store contract: every store, given the same
// imports, must count them alike and give the same rollups, to the fen,
// as the sums computed here from a model of the stored waybills (a
// re-sent waybill replaces the earlier one). open must return a new,
// empty store for each call.
func RunFacts(t *testing.T, open func(t *testing.T) FactStore) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s FactStore)
	}{
		{"Rollups", testRollups},
		{"RollupRanges", testRollupRanges},
		{"FactCounting", testFactCounting},
		{"FactMix", testFactMix},
		{"FactMonthSums", testFactMonthSums},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

// sameContent compares two waybills as stored, times to the second.
func sameContent(a, b postcrm.Waybill) bool {
	at, bt := a.AcceptedAt.Unix(), b.AcceptedAt.Unix()
	a.AcceptedAt, b.AcceptedAt = time.Time{}, time.Time{}
	return a == b && at == bt
}

// counts is what importing ws on top of the model must report: a number
// given twice in a batch is compared with its earlier row.
func (m model) counts(ws []postcrm.Waybill) postcrm.WriteResult {
	var res postcrm.WriteResult
	seen := map[string]postcrm.Waybill{}
	for _, w := range ws {
		old, ok := seen[w.No]
		if !ok {
			old, ok = m[w.No]
		}
		switch {
		case !ok:
			res.Inserted++
		case sameContent(old, w):
			res.Unchanged++
		default:
			res.Updated++
		}
		seen[w.No] = w
	}
	return res
}

// testFactCounting imports batches of new, re-sent identical, changed and
// twice-given waybills and checks the counts, the waybills read back and
// the rollups after each.
func testFactCounting(t *testing.T, s FactStore) {
	ctx := context.Background()
	m := model{}
	rng := rand.New(rand.NewPCG(7, 7))
	// new, then the same again, then four mixed batches made from what
	// is stored by then (nil here)
	batches := [][]postcrm.Waybill{scenarioWaybills(21), scenarioWaybills(21), nil, nil, nil, nil}
	for i, b := range batches {
		if b == nil {
			b = m.mixedBatch(rng, 60, 30+i)
			b = append(b, b[len(b)-1]) // the same row twice: unchanged the second time
		}
		want := m.counts(b)
		got := m.apply(t, s, b)
		expectResult(t, fmt.Sprintf("batch %d", i), got, want)
		checkRollups(t, s, m, postcrm.DayRange{})
	}
	nos := make([]string, 0, len(m))
	for no := range m {
		nos = append(nos, no)
	}
	slices.Sort(nos)
	for _, no := range nos[:40] {
		got, err := s.Waybill(ctx, no)
		if err != nil {
			t.Fatal(err)
		}
		if !sameContent(got, m[no]) {
			t.Errorf("waybill %s read back as %+v, want %+v", no, got, m[no])
		}
	}
}

// expectedMix sums the model's contract items by month and destination
// province ("d"), product ("p") and both together ("j", where the
// waybill names both).
func (m model) expectedMix() []postcrm.MixRow {
	sums := map[postcrm.MixRow]int64{}
	for _, w := range m {
		if w.CustomerCode == "" {
			continue
		}
		month := w.Day().YearMonth()
		joint := ""
		if w.DestProvince != "" && w.Product != "" {
			joint = postcrm.JointValue(w.DestProvince, w.Product)
		}
		for _, dv := range [][2]string{{postcrm.MixDest, w.DestProvince}, {postcrm.MixProduct, w.Product}, {postcrm.MixJoint, joint}} {
			if dv[1] != "" {
				sums[postcrm.MixRow{CustomerCode: w.CustomerCode, Month: month, Dim: dv[0], Value: dv[1]}]++
			}
		}
	}
	out := make([]postcrm.MixRow, 0, len(sums))
	for k, n := range sums {
		k.Items = n
		out = append(out, k)
	}
	slices.SortFunc(out, cmpMixRow)
	return out
}

func cmpMixRow(a, b postcrm.MixRow) int {
	return cmp.Or(strings.Compare(a.CustomerCode, b.CustomerCode), cmp.Compare(a.Month, b.Month),
		strings.Compare(a.Dim, b.Dim), strings.Compare(a.Value, b.Value))
}

// testFactMix checks the destination and product mix after changes that
// move items between customers, provinces and products.
func testFactMix(t *testing.T, s FactStore) {
	m := model{}
	rng := rand.New(rand.NewPCG(8, 8))
	ws := scenarioWaybills(41)
	for i := range ws {
		ws[i].DestProvince = pick(rng, []string{"浙江省", "广东省", "", "河北省"})
		ws[i].Product = pick(rng, []string{"标准快递", "快递包裹", ""})
	}
	m.apply(t, s, ws)
	for round := range 3 {
		b := m.mixedBatch(rng, 50, 50+round)
		for i := range b {
			if rng.IntN(3) == 0 {
				b[i].DestProvince = pick(rng, []string{"浙江省", "广东省", ""})
			}
		}
		m.apply(t, s, b)
	}
	first := day0.AddDate(0, -1, 0)
	from, to := postcrm.DateOf(first).YearMonth(), postcrm.DateOf(day0.AddDate(0, 2, 0)).YearMonth()
	got := collect(t, func(fn func(postcrm.MixRow) error) error { return s.CustomerMix(context.Background(), from, to, fn) })
	slices.SortFunc(got, cmpMixRow)
	sameRows(t, "customer_mix", postcrm.DayRange{From: from.First(), To: to.Last()}, got, m.expectedMix())
}

// testFactMonthSums checks the reports' reads against the model: the last
// day, the office month sums and the customers' month totals, after
// changes that move items across months, offices and customers.
func testFactMonthSums(t *testing.T, s FactStore) {
	ctx := context.Background()
	if day, err := s.LastDataDay(ctx); err != nil || day != 0 {
		t.Fatalf("last data day of an empty store: %v %v", day, err)
	}
	m := model{}
	rng := rand.New(rand.NewPCG(9, 9))
	ws := scenarioWaybills(61)
	for i := range ws { // spread over three months
		ws[i].AcceptedAt = ws[i].AcceptedAt.AddDate(0, rng.IntN(3)-1, 0)
	}
	m.apply(t, s, ws)
	for round := range 3 {
		b := m.mixedBatch(rng, 50, 70+round)
		for i := range b {
			if rng.IntN(4) == 0 {
				b[i].AcceptedAt = b[i].AcceptedAt.AddDate(0, rng.IntN(3)-1, 0)
			}
		}
		m.apply(t, s, b)
	}
	first := postcrm.DateOf(day0).YearMonth()
	months := []postcrm.Month{first.Prev(), first, first.Next()}
	offices := map[postcrm.OfficeMonth]postcrm.OfficeMonth{}
	customers := map[postcrm.CustomerMonth]postcrm.CustomerMonth{}
	var last postcrm.Date
	for _, w := range m {
		day := w.Day()
		last = max(last, day)
		if day.YearMonth() < months[0] || day.YearMonth() > months[2] {
			continue // a re-send moved it out of the months read
		}
		key := postcrm.OfficeMonth{Month: day.YearMonth(), OfficeCode: w.OfficeCode, Contract: w.CustomerCode != "", Payment: w.Payment, Channel: w.Channel}
		sum(offices, key, func(o *postcrm.OfficeMonth) { o.Items, o.PostageFen = o.Items+1, o.PostageFen+w.PostageFen })
		if w.CustomerCode != "" {
			key := postcrm.CustomerMonth{CustomerCode: w.CustomerCode, Month: day.YearMonth()}
			sum(customers, key, func(c *postcrm.CustomerMonth) { c.Items, c.PostageFen = c.Items+1, c.PostageFen+w.PostageFen })
		}
	}
	if day, err := s.LastDataDay(ctx); err != nil || day != last {
		t.Errorf("last data day %v (%v), want %v", day, err, last)
	}
	wantOffices := sortedValues(offices, func(a, b postcrm.OfficeMonth) int {
		return cmp.Or(cmp.Compare(a.Month, b.Month), strings.Compare(a.OfficeCode, b.OfficeCode), postcrm.CompareBool(a.Contract, b.Contract),
			strings.Compare(string(a.Payment), string(b.Payment)), strings.Compare(string(a.Channel), string(b.Channel)))
	})
	got, err := s.OfficeMonths(ctx, months[0], months[2])
	if err != nil {
		t.Fatal(err)
	}
	all := postcrm.DayRange{From: months[0].First(), To: months[2].Last()}
	sameRows(t, "office_monthly", all, got, wantOffices)
	// the first and the last month: the month between is left out
	var wantCustomers []postcrm.CustomerMonth
	for _, c := range sortedValues(customers, func(a, b postcrm.CustomerMonth) int {
		return cmp.Or(strings.Compare(a.CustomerCode, b.CustomerCode), cmp.Compare(a.Month, b.Month))
	}) {
		if c.Month != months[1] {
			wantCustomers = append(wantCustomers, c)
		}
	}
	gotCustomers, err := s.CustomerMonthTotals(ctx, months[0], months[2])
	if err != nil {
		t.Fatal(err)
	}
	sameRows(t, "customer month totals", all, gotCustomers, wantCustomers)
}
