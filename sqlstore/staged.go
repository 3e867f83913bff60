package sqlstore

import (
	"fmt"
	"strings"
)

// The staged rollup writes, for dialects with a bulk loader (PostgreSQL's
// COPY): a batch's deltas are loaded into a temporary table shaped like
// the rollup, then added with one set-based statement instead of
// multi-row INSERTs whose thousands of bind parameters the server parses,
// plans and decodes for every chunk.

// staged reports whether rollups are written through staging tables.
func (w *writer) staged() bool { return w.s.d.CopyRows != nil }

// stage loads n rows of cols into the session's temporary copy of table,
// created on first use and emptied at every commit, and returns its name.
func (w *writer) stage(table string, cols []string, n int, row func(i int, dst []any) []any) (string, error) {
	name := table + "_stage"
	if _, err := w.tx.ExecContext(w.ctx, "CREATE TEMP TABLE IF NOT EXISTS "+name+
		" (LIKE "+table+") ON COMMIT DELETE ROWS"); err != nil {
		return "", fmt.Errorf("create %s: %w", name, err)
	}
	if err := w.s.d.CopyRows(w.ctx, w.conn, name, cols, n, row); err != nil {
		return "", err
	}
	return name, nil
}

// stageDeltas adds n deltas to rollup r through its staging table and
// drops the rows whose items reached zero.
func stageDeltas[K comparable](w *writer, r *rollup[K], n int, anyNegative bool, row func(i int, dst []any) []any) error {
	cols := append(append([]string(nil), r.keyCols...), "items", "postage_fen")
	stage, err := w.stage(r.name, cols, n, row)
	if err != nil {
		return fmt.Errorf("stage %s: %w", r.name, err)
	}
	list, keys := strings.Join(cols, ", "), strings.Join(r.keyCols, ", ")
	q := "INSERT INTO " + r.name + " (" + list + ") SELECT " + list + " FROM " + stage + " ORDER BY " + keys +
		" ON CONFLICT (" + keys + ") DO UPDATE SET items = " + r.name + ".items + excluded.items, " +
		"postage_fen = " + r.name + ".postage_fen + excluded.postage_fen"
	if _, err := w.tx.ExecContext(w.ctx, q); err != nil {
		return fmt.Errorf("add to %s: %w", r.name, err)
	}
	if !anyNegative {
		return nil
	}
	match := make([]string, len(r.keyCols))
	for i, c := range r.keyCols {
		match[i] = "r." + c + " = s." + c
	}
	q = "DELETE FROM " + r.name + " r USING " + stage + " s WHERE " + strings.Join(match, " AND ") +
		" AND s.items < 0 AND r.items = 0"
	if _, err := w.tx.ExecContext(w.ctx, q); err != nil {
		return fmt.Errorf("drop empty %s rows: %w", r.name, err)
	}
	return nil
}
