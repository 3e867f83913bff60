package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"postcrm"
)

// Findings are keyed by (source, line, field, reason, kind), in that
// order so that the report's order, by source and line, is the index's.
var findingCols = []string{"source", "line", "field", "reason", "kind",
	"message", "value", "office_code", "rejected"}

var insertFindings = bulk{
	into: " INTO findings (" + strings.Join(findingCols, ", ") + ") VALUES ",
	tail: " ON CONFLICT (" + strings.Join(findingCols[:5], ", ") + ") DO NOTHING",
	cols: len(findingCols),
}

// storeFindings adds the findings not stored yet; a re-imported file
// finds the same problems again and must not double them.
func (w *writer) storeFindings(fs []postcrm.Finding) error {
	err := w.writeRows(&insertFindings, len(fs), func(i int, a []any) []any {
		f := &fs[i]
		return append(a, f.Source, int64(f.Line), f.Field, string(f.Reason), string(f.Kind),
			f.Message, f.Value, f.OfficeCode, f.Rejected)
	})
	if err != nil {
		return fmt.Errorf("store findings: %w", err)
	}
	return nil
}

// Findings lists the findings of one source file, or of all when source
// is empty, by source and line.
func (s *Store) Findings(ctx context.Context, source string) ([]postcrm.Finding, error) {
	q := "SELECT " + strings.Join(findingCols, ", ") + " FROM findings"
	var args []any
	if source != "" {
		q += " WHERE source = ?"
		args = append(args, source)
	}
	q += " ORDER BY " + strings.Join(findingCols[:5], ", ")
	return queryAll(ctx, s, q, args, func(sc scanner, f *postcrm.Finding) error {
		var reason, kind string
		err := sc.Scan(&f.Source, &f.Line, &f.Field, &reason, &kind, &f.Message, &f.Value, &f.OfficeCode, &f.Rejected)
		f.Reason, f.Kind = postcrm.Reason(reason), postcrm.ImportKind(kind)
		return err
	})
}
