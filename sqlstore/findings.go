package sqlstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"postcrm"
)

// Findings are keyed by the record they are about: (kind, record_key,
// field, reason), so that two files repeating a record, as overlapping
// daily exports do, report its problem once. A row whose record key
// cannot be read is its own record, named by file and line.
var findingCols = []string{"kind", "record_key", "field", "reason",
	"source", "line", "message", "value", "office_code", "rejected"}

var insertFindings = bulk{
	into: " INTO findings (" + strings.Join(findingCols, ", ") + ") VALUES ",
	tail: " ON CONFLICT (" + strings.Join(findingCols[:4], ", ") + ") DO NOTHING",
	cols: len(findingCols),
}

// recordKey is a finding's record_key: "r:" and its record, or "l:" and
// its file and line when it has none.
func recordKey(f *postcrm.Finding) string {
	if f.Record != "" {
		return "r:" + f.Record
	}
	return "l:" + f.Source + "\x1f" + strconv.Itoa(f.Line)
}

// storeFindings adds the findings not stored yet; a re-imported file, or
// another file with the same records, finds the same problems again and
// must not double them.
func (w *writer) storeFindings(fs []postcrm.Finding) error {
	err := w.writeRows(&insertFindings, len(fs), func(i int, a []any) []any {
		f := &fs[i]
		return append(a, string(f.Kind), recordKey(f), f.Field, string(f.Reason),
			f.Source, int64(f.Line), f.Message, f.Value, f.OfficeCode, f.Rejected)
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
	q += " ORDER BY source, line, field, reason, kind"
	return queryAll(ctx, s, q, args, func(sc scanner, f *postcrm.Finding) error {
		var reason, kind, key string
		err := sc.Scan(&kind, &key, &f.Field, &reason, &f.Source, &f.Line, &f.Message, &f.Value, &f.OfficeCode, &f.Rejected)
		f.Reason, f.Kind = postcrm.Reason(reason), postcrm.ImportKind(kind)
		if record, ok := strings.CutPrefix(key, "r:"); ok {
			f.Record = record
		}
		return err
	})
}
