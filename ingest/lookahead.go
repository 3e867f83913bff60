package ingest

import (
	"postcrm"
)

// lookAheadRows is how many rows a lookAhead reads at a time: one query
// per block instead of one per row.
const lookAheadRows = 1000

// rowReader is where readBatches takes its rows from.
type rowReader interface {
	Next() (Row, error)
}

// lookAhead reads rows in blocks and looks up, in one query per block,
// the stored records their keys name, for the rights check of a city
// manager's waybills and members. Without it each row would cost a query
// of its own (five times the import's time on SQLite).
type lookAhead struct {
	t      *Table
	r      *rights
	kind   postcrm.ImportKind
	keyCol int // index of the key column in a row
	rows   []Row
	next   int
	err    error // of the table, once a block ended on it
}

// rowsOf is t, read ahead when p's rows are checked against stored
// records.
func rowsOf(t *Table, p *Parser) rowReader {
	r := p.rights
	if r == nil || r.im.Province() {
		return t
	}
	switch p.kind {
	case postcrm.KindWaybills:
		return &lookAhead{t: t, r: r, kind: p.kind, keyCol: p.header.index[wbNo]}
	case postcrm.KindMembers:
		return &lookAhead{t: t, r: r, kind: p.kind, keyCol: p.header.index[memPhone]}
	}
	return t
}

func (a *lookAhead) Next() (Row, error) {
	if a.next == len(a.rows) {
		if a.err != nil {
			return Row{}, a.err
		}
		if err := a.fill(); err != nil {
			return Row{}, err
		}
		if len(a.rows) == 0 {
			return Row{}, a.err
		}
	}
	a.next++
	return a.rows[a.next-1], nil
}

// fill reads the next block and looks its keys up.
func (a *lookAhead) fill() error {
	a.rows, a.next = a.rows[:0], 0
	keys := make([]string, 0, lookAheadRows)
	for len(a.rows) < lookAheadRows {
		row, err := a.t.Next()
		if err != nil {
			a.err = err
			break
		}
		// The table reuses the slice for its next row.
		row.Fields = append([]string(nil), row.Fields...)
		a.rows = append(a.rows, row)
		if a.keyCol >= 0 && a.keyCol < len(row.Fields) {
			key := row.Fields[a.keyCol]
			if a.kind == postcrm.KindMembers {
				key, _ = normalizePhone(key)
			}
			keys = append(keys, key)
		}
	}
	if len(keys) == 0 {
		a.r.ahead = nil
		return nil
	}
	found, err := a.r.many(a.kind, keys)
	if err != nil {
		return err
	}
	// Keys not stored are known to be new: "" spares looking them up again.
	for _, k := range keys {
		if _, ok := found[k]; !ok {
			found[k] = ""
		}
	}
	a.r.ahead = found
	return nil
}
