package analysis

import (
	"context"
	"fmt"

	"postcrm"
)

// CustomerHistory is one contract customer's daily shipping up to the end
// of the analysed month: Items[i] and Fen[i] are the items and postage of
// day First+i. The slices are dense (a day without items is a zero), so
// that a silence is visible. First is the first day the customer could
// have shipped on as far as the data knows: the first day of the data or
// the contract date, whichever is later (or its first item, if earlier
// still). A customer the data knows nothing about has First 0.
type CustomerHistory struct {
	Customer postcrm.Customer
	First    postcrm.Date
	Items    []int32
	Fen      []int64
	// Open is, per day as Items, the share of the customer's usual items
	// its office still accepted (1 all, 0 none) under the acceptance
	// policy adjustments then in force; nil when every day was open. See
	// package policy, which sets it.
	Open []float32
}

// DayStreamer is the part of postcrm.Store the histories are read from.
type DayStreamer interface {
	CustomerDays(ctx context.Context, r postcrm.DayRange, fn func(postcrm.CustomerDay) error) error
}

// ReadHistories builds the histories of customers for month: the
// customer_daily rollups of the months months up to and including it,
// streamed so that only the dense per-customer arrays are held. The data
// begins on the first day with any rollup in that range. The result
// follows the order of customers; rollups of customers not listed are
// skipped.
func ReadHistories(ctx context.Context, src DayStreamer, customers []postcrm.Customer, month postcrm.Month, months int) ([]CustomerHistory, error) {
	return ReadHistoriesTo(ctx, src, customers, month.Last(), months)
}

// ReadHistoriesTo is ReadHistories ending on day to instead of a month's
// end: the rollups of the months months up to and including to's, read
// no further than to, so that nothing accepted later is in them.
func ReadHistoriesTo(ctx context.Context, src DayStreamer, customers []postcrm.Customer, to postcrm.Date, months int) ([]CustomerHistory, error) {
	if months < 1 {
		return nil, fmt.Errorf("read histories: %d months of history asked for", months)
	}
	from := to.YearMonth().Add(1 - months).First()
	hs := make([]CustomerHistory, len(customers))
	index := make(map[string]int, len(customers))
	for i, c := range customers {
		hs[i].Customer = c
		index[c.Code] = i
	}
	end := dayNumber(to)
	var b historyBuilder
	dataStart := end + 1
	flush := func() {
		if i, ok := index[b.code]; ok && len(b.days) > 0 {
			hs[i].First, hs[i].Items, hs[i].Fen = b.dense(end)
		}
	}
	err := src.CustomerDays(ctx, postcrm.DayRange{From: from, To: to}, func(d postcrm.CustomerDay) error {
		if d.CustomerCode != b.code {
			flush()
			b.reset(d.CustomerCode)
		}
		b.add(d)
		dataStart = min(dataStart, dayNumber(d.Day))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read customer days %s..%s: %w", from, to, err)
	}
	flush()
	for i := range hs {
		extendBack(&hs[i], dataStart, end)
	}
	return hs, nil
}

// extendBack starts h on the first day it could have shipped: the data's
// start or its contract date, whichever is later. Its days before its
// first item are zeros, not unknowns.
func extendBack(h *CustomerHistory, dataStart, end int) {
	start := dataStart
	if c := h.Customer.ContractDate; c.Valid() {
		start = max(start, dayNumber(c))
	}
	if start > end {
		return
	}
	first := end + 1
	if h.First != 0 {
		first = dayNumber(h.First)
	}
	if start >= first {
		return
	}
	pad := first - start
	h.Items = append(make([]int32, pad, pad+len(h.Items)), h.Items...)
	h.Fen = append(make([]int64, pad, pad+len(h.Fen)), h.Fen...)
	h.First = dateOfNumber(start)
}

// historyBuilder collects one customer's rollup rows (they arrive by
// customer, then day) and lays them out densely; its buffer is reused from
// customer to customer.
type historyBuilder struct {
	code string
	days []postcrm.CustomerDay
}

func (b *historyBuilder) reset(code string) {
	b.code = code
	b.days = b.days[:0]
}

func (b *historyBuilder) add(d postcrm.CustomerDay) {
	b.days = append(b.days, d)
}

// dense returns the rows as arrays from the first row's day to the day
// numbered end.
func (b *historyBuilder) dense(end int) (postcrm.Date, []int32, []int64) {
	first := dayNumber(b.days[0].Day)
	n := end - first + 1
	items, fen := make([]int32, n), make([]int64, n)
	for _, d := range b.days {
		i := dayNumber(d.Day) - first
		items[i] += int32(d.Items)
		fen[i] += d.PostageFen
	}
	return b.days[0].Day, items, fen
}
