package sqlstore

import (
	"fmt"
	"strings"
)

// The staged write path, for dialects with a bulk loader (PostgreSQL's
// COPY): a batch is loaded into a temporary table shaped like its target,
// then moved with one set-based statement per table instead of multi-row
// INSERTs whose thousands of bind parameters the server parses, plans and
// decodes for every chunk.

// staged reports whether writes to tables go through a staging table.
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

// stageRecords inserts the records whose keys are new and calls each with
// the stored record of every other key, in one statement: the statements
// of a WITH share one snapshot, so the join still sees the table as it
// was before the insert. latest(i, dst) appends the values of key i.
func stageRecords[R any](w *writer, t *table[R], n int, latest func(i int, dst []any) []any, each func(scanner) error) error {
	stage, err := w.stage(t.name, t.cols, n, latest)
	if err != nil {
		return fmt.Errorf("stage %s: %w", t.name, err)
	}
	cols := strings.Join(t.cols, ", ")
	key := t.cols[0]
	q := "WITH fresh AS (INSERT INTO " + t.name + " (" + cols + ") SELECT " + cols + " FROM " + stage +
		" ORDER BY " + key + " ON CONFLICT (" + key + ") DO NOTHING)" +
		" SELECT t." + strings.Join(t.cols, ", t.") + " FROM " + stage + " s JOIN " + t.name + " t ON t." + key + " = s." + key
	rows, err := w.tx.QueryContext(w.ctx, q)
	if err != nil {
		return fmt.Errorf("insert new %s: %w", t.name, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows); err != nil {
			return err
		}
	}
	return rows.Err()
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
