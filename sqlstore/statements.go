package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// stmtKey names a cached statement: its ?-text, and for multi-row
// statements the number of rows, so that the large text is built only
// once per size.
type stmtKey struct {
	text string
	rows int
}

// stmt returns the statement for k prepared on tx. Statements are prepared
// once on the pool and reused across transactions: re-preparing a
// 2,000-row INSERT for every batch would cost more than running it.
func (s *Store) stmt(ctx context.Context, tx *sql.Tx, k stmtKey, build func() string) (*sql.Stmt, error) {
	s.mu.Lock()
	st, ok := s.stmts[k]
	s.mu.Unlock()
	if !ok {
		var err error
		st, err = s.db.PrepareContext(ctx, s.rebind(build()))
		if err != nil {
			return nil, fmt.Errorf("prepare %.80q: %w", k.text, err)
		}
		s.mu.Lock()
		if prev, raced := s.stmts[k]; raced {
			st.Close()
			st = prev
		} else {
			s.stmts[k] = st
		}
		s.mu.Unlock()
	}
	return tx.StmtContext(ctx, st), nil
}

// exec runs a single-row statement within tx.
func (s *Store) exec(ctx context.Context, tx *sql.Tx, query string, args ...any) error {
	st, err := s.stmt(ctx, tx, stmtKey{text: query}, func() string { return query })
	if err != nil {
		return err
	}
	if _, err := st.ExecContext(ctx, args...); err != nil {
		return fmt.Errorf("%.80q: %w", query, err)
	}
	return nil
}

// rebind turns ? placeholders into the dialect's. The SQL of this package
// has no ? inside string literals.
func (s *Store) rebind(q string) string {
	if !s.d.NumberedParams {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + len(q)/4)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] != '?' {
			b.WriteByte(q[i])
			continue
		}
		n++
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(n))
	}
	return b.String()
}

// chunkRows is the number of rows the next multi-row statement carries
// out of the remaining ones: a power of two, so that a handful of
// prepared sizes serve every batch size.
func (s *Store) chunkRows(cols, remaining int) int {
	size := 1
	for size*2*cols <= s.d.MaxParams && size*2 <= remaining {
		size *= 2
	}
	return size
}

// tuples returns "(?,?,?),(?,?,?)" for rows tuples of cols values.
func tuples(cols, rows int) string {
	one := "(" + strings.Repeat("?,", cols-1) + "?)"
	return strings.Repeat(one+",", rows-1) + one
}

// bulk is a multi-row INSERT: the verb, into (the table, its columns and
// VALUES), the tuples, then tail.
type bulk struct {
	into, tail string
	cols       int
}

func (s *Store) insertVerb() string {
	if s.d.Insert == "" {
		return "INSERT"
	}
	return s.d.Insert
}

// writeRows runs b for n rows in as few statements as the parameter
// limit allows; fill appends the values of row i to args.
func (w *writer) writeRows(b *bulk, n int, fill func(i int, args []any) []any) error {
	_, err := w.writeChunks(w.s.insertVerb(), b, n, fill, false)
	return err
}

// writeChunks runs b with verb for n rows in chunks. With allOrStop it
// stops after the first statement that affected fewer rows than it
// carried and reports whether every row was affected.
func (w *writer) writeChunks(verb string, b *bulk, n int, fill func(i int, args []any) []any, allOrStop bool) (bool, error) {
	for done := 0; done < n; {
		size := w.s.chunkRows(b.cols, n-done)
		st, err := w.s.stmt(w.ctx, w.tx, stmtKey{text: verb + b.into + b.tail, rows: size}, func() string {
			return verb + b.into + tuples(b.cols, size) + b.tail
		})
		if err != nil {
			return false, err
		}
		args := w.args[:0]
		for i := done; i < done+size; i++ {
			args = fill(i, args)
		}
		w.args = args
		r, err := st.ExecContext(w.ctx, args...)
		if err != nil {
			return false, fmt.Errorf("%.60q × %d: %w", b.into, size, err)
		}
		if allOrStop {
			if affected, err := r.RowsAffected(); err != nil || affected < int64(size) {
				return false, err
			}
		}
		done += size
	}
	return true, nil
}

// insertAllNew inserts n rows of cols into table and reports whether
// every one of them went in: with the dialect's bulk loader, which fails
// at the first stored key (the transaction is then rolled back), or with
// its InsertIgnore, stopping at the first statement that met a stored key.
func (w *writer) insertAllNew(table string, cols []string, b *bulk, n int, fill func(i int, args []any) []any) (bool, error) {
	if w.s.d.CopyNew {
		err := w.s.d.CopyRows(w.ctx, w.conn, table, cols, n, fill)
		if errors.Is(err, ErrStoredKey) {
			return false, nil
		}
		return err == nil, err
	}
	return w.writeChunks(w.s.d.InsertIgnore, b, n, fill, true)
}

// insertRows inserts n rows of cols into table, with the dialect's bulk
// loader when it has one and b's multi-row INSERTs otherwise; row appends
// the values of row i. Either way only one chunk of values is held.
func (w *writer) insertRows(table string, cols []string, b *bulk, n int, row func(i int, args []any) []any) error {
	if n == 0 {
		return nil
	}
	var err error
	if w.s.d.CopyRows != nil {
		err = w.s.d.CopyRows(w.ctx, w.conn, table, cols, n, row)
	} else {
		err = w.writeRows(b, n, row)
	}
	if err != nil {
		return fmt.Errorf("insert %s: %w", table, err)
	}
	return nil
}

// lookup calls each for the rows of selectSQL whose keyCol is among keys.
func (w *writer) lookup(selectSQL, keyCol string, keys []string, each func(scanner) error) error {
	return byKeys(w.s, selectSQL+" WHERE "+keyCol, keys, func(k stmtKey, build func() string, args []any) error {
		return w.query(k, build, args, each)
	})
}

// byKeys has run the statements that complete head (… WHERE col) with a
// match of col among keys: one array parameter (= ANY(?)) where the
// dialect takes it, IN lists in chunks of the parameter limit otherwise.
func byKeys[K any](s *Store, head string, keys []K, run func(k stmtKey, build func() string, args []any) error) error {
	if s.d.ArrayKeys {
		q := head + " = ANY(?)"
		return run(stmtKey{text: q}, func() string { return q }, []any{keys})
	}
	head += " IN ("
	args := make([]any, 0, s.chunkRows(1, len(keys)))
	for done := 0; done < len(keys); {
		size := s.chunkRows(1, len(keys)-done)
		args = args[:0]
		for _, k := range keys[done : done+size] {
			args = append(args, k)
		}
		err := run(stmtKey{text: head, rows: size}, func() string {
			return head + strings.Repeat("?,", size-1) + "?)"
		}, args)
		if err != nil {
			return err
		}
		done += size
	}
	return nil
}

// query runs a cached statement within the transaction and calls each
// per row.
func (w *writer) query(k stmtKey, build func() string, args []any, each func(scanner) error) error {
	st, err := w.s.stmt(w.ctx, w.tx, k, build)
	if err != nil {
		return err
	}
	rows, err := st.QueryContext(w.ctx, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// exec runs a cached statement within the transaction.
func (w *writer) exec(k stmtKey, build func() string, args []any) error {
	st, err := w.s.stmt(w.ctx, w.tx, k, build)
	if err != nil {
		return err
	}
	if _, err := st.ExecContext(w.ctx, args...); err != nil {
		return fmt.Errorf("%.80q: %w", k.text, err)
	}
	return nil
}

// placeholders is n comma-separated ? markers, for an IN list or a row
// of values built at run time (the dialect rewrites ? for PostgreSQL).
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
