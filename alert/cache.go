package alert

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/gob"
	"fmt"
	"io"

	"postcrm"
	"postcrm/analysis"
)

// The histories before a day's month do not change from one morning to
// the next: the month's first run keeps them (compressed) in the store,
// and the month's other runs read them back with the month's own
// rollups instead of two years of rollups, which are most of a run's
// cost. The kept histories carry a digest of the rollups they were read
// from (rows, items and postage, summed in the database); when the
// rollups before the month no longer match it (an import of old items,
// a correction), the run reads everything again. The nightly import of
// yesterday's items leaves it standing.

// HistoryCache is the store's part of it.
type HistoryCache interface {
	CustomerDaysDigest(ctx context.Context, r postcrm.DayRange) (string, error)
	AlertHistoryCache(ctx context.Context, month postcrm.Month) (digest string, body []byte, err error)
	SaveAlertHistoryCache(ctx context.Context, month postcrm.Month, digest string, body []byte) error
}

// kept is the cache's body: the histories cut at the day before the
// month, and the first day of the data they were read from.
type kept struct {
	DataStart postcrm.Date
	Histories []keptHistory
}

type keptHistory struct {
	Code  string
	First postcrm.Date
	Items []int32
	Fen   []int64
}

// cachedHistories returns the customers' histories up to day, from the
// kept histories of day's month when the rollups before the month still
// match them, else read afresh (and kept).
func cachedHistories(ctx context.Context, s Store, customers []postcrm.Customer, day postcrm.Date) ([]analysis.CustomerHistory, error) {
	month := day.YearMonth()
	monthStart := postcrm.Date(month*100 + 1)
	digest, err := s.CustomerDaysDigest(ctx, postcrm.DayRange{From: 1, To: monthStart.AddDays(-1)})
	if err != nil {
		return nil, err
	}
	keptDigest, body, err := s.AlertHistoryCache(ctx, month)
	if err != nil {
		return nil, err
	}
	if body != nil && keptDigest == digest {
		var k kept
		if err := decode(body, &k); err != nil {
			return nil, fmt.Errorf("alert history cache of %d: %w", month, err)
		}
		return extend(ctx, s, customers, k, monthStart, day)
	}
	hs, err := analysis.ReadHistoriesTo(ctx, s, customers, day, analysis.DefaultConfig().HistoryMonths)
	if err != nil {
		return nil, err
	}
	k := kept{DataStart: dataStart(hs)}
	for _, h := range truncate(hs, monthStart.AddDays(-1)) {
		if h.First != 0 {
			k.Histories = append(k.Histories, keptHistory{Code: h.Customer.Code, First: h.First, Items: h.Items, Fen: h.Fen})
		}
	}
	if k.DataStart == 0 {
		return hs, nil // no data before the month: nothing worth keeping
	}
	if body, err = encode(k); err != nil {
		return nil, err
	}
	return hs, s.SaveAlertHistoryCache(ctx, month, digest, body)
}

// dataStart is the first day of the data the histories were read from:
// the earliest day any of them starts on without its contract date
// holding it back.
func dataStart(hs []analysis.CustomerHistory) postcrm.Date {
	var first postcrm.Date
	for _, h := range hs {
		if h.First == 0 || h.Customer.ContractDate.Valid() && h.First == h.Customer.ContractDate {
			continue
		}
		if first == 0 || h.First < first {
			first = h.First
		}
	}
	return first
}

// extend lays the month's rollups up to day after the kept histories, as
// analysis.ReadHistoriesTo would have read them all.
func extend(ctx context.Context, s Store, customers []postcrm.Customer, k kept, monthStart, day postcrm.Date) ([]analysis.CustomerHistory, error) {
	rows := map[string][]postcrm.CustomerDay{}
	err := s.CustomerDays(ctx, postcrm.DayRange{From: monthStart, To: day}, func(d postcrm.CustomerDay) error {
		rows[d.CustomerCode] = append(rows[d.CustomerCode], d)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read customer days %s..%s: %w", monthStart, day, err)
	}
	base := make(map[string]*keptHistory, len(k.Histories))
	for i := range k.Histories {
		base[k.Histories[i].Code] = &k.Histories[i]
	}
	hs := make([]analysis.CustomerHistory, len(customers))
	for i, c := range customers {
		h := &hs[i]
		h.Customer = c
		rs := rows[c.Code]
		if b, ok := base[c.Code]; ok {
			h.First = b.First
		} else {
			h.First = firstDay(c, rs, k.DataStart, day)
		}
		if h.First == 0 {
			continue
		}
		n := dayIndex(h.First, day) + 1
		h.Items, h.Fen = make([]int32, n), make([]int64, n)
		if b, ok := base[c.Code]; ok {
			copy(h.Items, b.Items)
			copy(h.Fen, b.Fen)
		}
		for _, r := range rs {
			j := dayIndex(h.First, r.Day)
			h.Items[j] += int32(r.Items)
			h.Fen[j] += r.PostageFen
		}
	}
	return hs, nil
}

// firstDay is where analysis.ReadHistoriesTo starts the history of a
// customer without days before the month: the data's first day or its
// contract date, whichever is later, or its first item if earlier still;
// 0 when that lies after day and it shipped nothing.
func firstDay(c postcrm.Customer, rows []postcrm.CustomerDay, dataStart, day postcrm.Date) postcrm.Date {
	start := dataStart
	if c.ContractDate.Valid() && c.ContractDate > start {
		start = c.ContractDate
	}
	var first postcrm.Date
	if len(rows) > 0 {
		first = rows[0].Day
	}
	switch {
	case start > day:
		return first
	case first == 0 || start < first:
		return start
	}
	return first
}

func dayIndex(from, d postcrm.Date) int {
	return int(d.Time().Sub(from.Time()).Hours()/24 + 0.5)
}

func encode(k kept) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := flate.NewWriter(&buf, flate.BestSpeed)
	if err != nil {
		return nil, err
	}
	if err := gob.NewEncoder(zw).Encode(k); err != nil {
		return nil, fmt.Errorf("encode alert history cache: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func decode(body []byte, k *kept) error {
	zr := flate.NewReader(bytes.NewReader(body))
	defer zr.Close()
	if err := gob.NewDecoder(zr).Decode(k); err != nil && err != io.EOF {
		return err
	}
	return nil
}
