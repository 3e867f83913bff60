package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"postcrm"
)

// Column is one column of a table that a part of postcrm other than the
// exports imports (ImportRows) (the hub board's vehicles, counts, roster and
// quotas): its Chinese header, its English alias, whether the header must
// have it, and whether XLSX cells of it may be Excel date serials (Clock:
// with a time of day).
type Column struct {
	Zh, Alias string
	Required  bool
	Date      bool
	Clock     bool
}

// RowReject is why a row is kept out: the column it concerns (an index
// into the columns), the reason and a message in Chinese.
type RowReject struct {
	Column  int
	Reason  postcrm.Reason
	Message string
}

// RowsStore is what ImportRows writes besides the caller's records: the
// rejected rows' findings (a batch of the kind that carries findings
// only) and the import log.
type RowsStore interface {
	Apply(ctx context.Context, b postcrm.Batch) (postcrm.WriteResult, error)
	RecordImportRun(ctx context.Context, run postcrm.ImportRun) (int64, error)
}

// ImportRows imports a table of another part of postcrm (the hubs'
// vehicles, counts, roster and quotas) through the same steps as Import:
// it reads the file as Import reads an export (charsets, title rows,
// header by name or alias, a missing column failing the file before
// anything is stored) and calls each with every data row's line and its
// values in the order of cols ("" for an absent column). A row each
// refuses goes to the rejects file (opt.RejectsPath, default the file's
// path + ".rejects.csv", removed when no row is rejected) with its line,
// column and reason, and is kept as a finding of kind for the
// data-quality report. Then save stores the rows each accepted (the
// caller keeps them; a record stored again as it was counts as
// unchanged), the findings are stored (one stored again changes
// nothing), and the run goes in the import log with the file's SHA-256,
// as every import's does. The files are small (a day of a hub): no
// batches, no checkpoint.
func ImportRows(ctx context.Context, store RowsStore, kind postcrm.ImportKind, path string, cols []Column, opt Options,
	each func(line int, values []string) *RowReject, save func(ctx context.Context) (postcrm.WriteResult, error)) (Summary, error) {
	start := time.Now()
	sum := Summary{Kind: kind, Path: path, RejectsPath: opt.RejectsPath}
	if sum.RejectsPath == "" {
		sum.RejectsPath = path + ".rejects.csv"
	}
	if opt.Source == "" {
		opt.Source = filepath.Base(path)
	}
	t, err := openTracked(path, opt.Source, true)
	if err != nil {
		return sum, err
	}
	defer t.Close()
	inner := make([]column, len(cols))
	for i, c := range cols {
		inner[i] = column{zh: c.Zh, alias: c.Alias, required: c.Required}
	}
	header, err := mapHeader(t.Source, inner, t.Header)
	var dup *duplicateColumnError
	if err != nil && !errors.As(err, &dup) {
		header, err = findHeaderBelowTitle(t, inner, err)
	}
	if err != nil {
		return sum, err
	}
	rejects := NewRejectsWriter(sum.RejectsPath, t.Header)
	defer rejects.Close()
	var findings []postcrm.Finding
	values := make([]string, len(cols))
	for {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		row, err := t.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return sum, err
		}
		sum.Read++
		for c, col := range cols {
			values[c] = ""
			if i := header.index[c]; i >= 0 && i < len(row.Fields) {
				values[c] = row.Fields[i]
				if col.Date && !t.serialEpoch.IsZero() {
					if text, ok := excelSerialText(values[c], t.serialEpoch, col.Clock); ok {
						values[c], row.Fields[i] = text, text
					}
				}
			}
		}
		var rej *RowReject
		if row.BadQuotes {
			rej = &RowReject{Column: -1, Reason: postcrm.ReasonBadQuotes, Message: badQuotesMessage}
		} else {
			rej = each(row.Line, values)
		}
		if rej == nil {
			continue
		}
		sum.Rejected++
		f := postcrm.Finding{Kind: kind, Source: t.Source, Line: row.Line, Field: "整行", Reason: rej.Reason, Message: rej.Message,
			Value: clip(strings.Join(row.Fields, ",")), Rejected: true}
		if rej.Column >= 0 {
			f.Field, f.Value = header.names[rej.Column], clip(values[rej.Column])
			if f.Field == "" {
				f.Field = cols[rej.Column].Zh
			}
		}
		if err := rejects.Write(f, row); err != nil {
			return sum, err
		}
		findings = append(findings, f)
	}
	if err := closeRejects(rejects, &sum); err != nil {
		return sum, err
	}
	if sum.WriteResult, err = save(ctx); err != nil {
		return sum, err
	}
	if len(findings) > 0 {
		if _, err := store.Apply(ctx, postcrm.Batch{Kind: kind, Findings: findings}); err != nil {
			return sum, fmt.Errorf("记录“%s”退回的行: %w", t.Source, err)
		}
	}
	err = logRun(ctx, store, t, &sum, start, postcrm.ImportRun{StartedAt: start})
	return sum, err
}

// ParseStamp reads a time as the imports do ("YYYY-MM-DD HH:MM[:SS]",
// "YYYY/M/D H:MM", "YYYYMMDD"), in China time.
func ParseStamp(s string) (time.Time, bool) {
	st, ok := scanStamp(s)
	if !ok {
		return time.Time{}, false
	}
	return st.time(), true
}
