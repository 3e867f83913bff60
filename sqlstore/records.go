package sqlstore

import (
	"fmt"
	"strings"

	"postcrm"
)

// scanner is what *sql.Row and *sql.Rows have in common.
type scanner interface{ Scan(dest ...any) error }

// table describes a record type keyed by a natural key, the first column
// unless keyCols and keySQL say otherwise.
type table[R any] struct {
	name string
	cols []string
	key  func(*R) string
	// keyCols is how many leading columns the key spans (default 1), and
	// keySQL the SQL expression equal to key's string (default the first
	// column).
	keyCols int
	keySQL  string
	// same reports whether two records would be stored identically.
	same func(a, b *R) bool
	// args appends the column values of r, in cols order.
	args func(r *R, dst []any) []any
	scan func(s scanner, r *R) error

	selectSQL string // SELECT cols FROM name
	insert    bulk
	upsert    bulk // replaces every column of an existing key
}

// newTable completes a table with the SQL derived from its columns.
func newTable[R any](t table[R]) table[R] {
	t.keyCols = max(t.keyCols, 1)
	if t.keySQL == "" {
		t.keySQL = t.cols[0]
	}
	t.selectSQL = "SELECT " + strings.Join(t.cols, ", ") + " FROM " + t.name
	t.insert = insertInto(t.name, t.cols)
	t.upsert = upsertInto(t.name, t.cols, t.keyCols)
	return t
}

// insertInto is the multi-row INSERT of cols into table.
func insertInto(table string, cols []string) bulk {
	return bulk{into: " INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ", cols: len(cols)}
}

// upsertInto is the multi-row INSERT of cols into table that replaces
// the other columns of a row whose key, the first keyCols, is stored.
func upsertInto(table string, cols []string, keyCols int) bulk {
	set := make([]string, len(cols)-keyCols)
	for i, c := range cols[keyCols:] {
		set[i] = c + " = excluded." + c
	}
	b := insertInto(table, cols)
	b.tail = " ON CONFLICT (" + strings.Join(cols[:keyCols], ", ") + ") DO UPDATE SET " + strings.Join(set, ", ")
	return b
}

func equal[R comparable](a, b *R) bool { return *a == *b }

// change is a record to write: old is nil for a new one.
type change[R any] struct{ old, new *R }

// slot is the state of one key while a batch is classified.
type slot struct {
	cur    int32 // index in the batch of the key's latest record, -1 before the first
	stored int32 // index of the stored record, -1 for a new key
}

// applyRecords writes recs keyed by their natural key and counts, row by
// row, what each did: a key repeated within the batch is compared with its
// previous occurrence, so the later one wins and identical repeats count
// Unchanged. Only keys whose final record differs from the stored one are
// written; they are returned for the rollups.
func applyRecords[R any](w *writer, t *table[R], recs []R) (postcrm.WriteResult, []change[R], error) {
	var res postcrm.WriteResult
	if len(recs) == 0 {
		return res, nil, nil
	}
	slotOf := make([]int32, len(recs))
	index := make(map[string]int32, len(recs))
	keys := make([]string, 0, len(recs))
	var last []int32 // per key, the index in recs of its latest record
	for i := range recs {
		k := t.key(&recs[i])
		n, ok := index[k]
		if !ok {
			n = int32(len(keys))
			index[k] = n
			keys = append(keys, k)
			last = append(last, 0)
		}
		slotOf[i] = n
		last[n] = int32(i)
	}
	slots := make([]slot, len(keys))
	for i := range slots {
		slots[i] = slot{cur: -1, stored: -1}
	}

	var stored []R
	if w.allNew {
		inserted, err := w.insertAllNew(t.name, t.cols, &t.insert, len(keys), func(i int, a []any) []any { return t.args(&recs[last[i]], a) })
		if err != nil {
			return res, nil, fmt.Errorf("insert new %s: %w", t.name, err)
		}
		if !inserted {
			return res, nil, errStoredKeys
		}
	} else {
		err := w.lookup(t.selectSQL, t.keySQL, keys, func(s scanner) error {
			var r R
			if err := t.scan(s, &r); err != nil {
				return err
			}
			slots[index[t.key(&r)]].stored = int32(len(stored))
			stored = append(stored, r)
			return nil
		})
		if err != nil {
			return res, nil, fmt.Errorf("look up %s: %w", t.name, err)
		}
	}

	for i := range recs {
		sl := &slots[slotOf[i]]
		var prev *R
		switch {
		case sl.cur >= 0:
			prev = &recs[sl.cur]
		case sl.stored >= 0:
			prev = &stored[sl.stored]
		}
		switch {
		case prev == nil:
			res.Inserted++
		case t.same(prev, &recs[i]):
			res.Unchanged++
		default:
			res.Updated++
		}
		sl.cur = int32(i)
	}

	var fresh, changed []change[R]
	for i := range slots {
		sl := &slots[i]
		latest := &recs[sl.cur]
		switch {
		case sl.stored < 0:
			fresh = append(fresh, change[R]{new: latest})
		case !t.same(&stored[sl.stored], latest):
			changed = append(changed, change[R]{old: &stored[sl.stored], new: latest})
		}
	}
	if w.allNew {
		return res, fresh, nil
	}
	if err := insertNew(w, t, fresh); err != nil {
		return res, nil, err
	}
	err := w.writeRows(&t.upsert, len(changed), func(i int, a []any) []any { return t.args(changed[i].new, a) })
	if err != nil {
		return res, nil, fmt.Errorf("update %s: %w", t.name, err)
	}
	return res, append(fresh, changed...), nil
}

// insertNew inserts records whose keys are not stored yet; a plain INSERT
// fails rather than overwrite a row that appeared since the lookup.
func insertNew[R any](w *writer, t *table[R], fresh []change[R]) error {
	return w.insertRows(t.name, t.cols, &t.insert, len(fresh), func(i int, a []any) []any { return t.args(fresh[i].new, a) })
}
