package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"postcrm"
)

// Column is one column of a table that a part of postcrm other than the
// four exports imports (the hub board's vehicles, counts, roster and
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

// ReadRows reads a CSV or XLSX table of the given columns as Import reads
// an export (charsets, title rows, header by name or alias, a missing
// column failing the file) and calls each with every data row's line and
// its values in the order of cols ("" for an absent column). A row each
// refuses goes to the rejects file (opt.RejectsPath, default the file's
// path + ".rejects.csv") with its line, column and reason; the file is
// removed when no row is rejected. The Summary counts rows read and
// rejected; its WriteResult is the caller's to fill.
func ReadRows(ctx context.Context, path string, cols []Column, opt Options, each func(line int, values []string) *RowReject) (Summary, error) {
	start := time.Now()
	sum := Summary{Path: path, RejectsPath: opt.RejectsPath}
	if sum.RejectsPath == "" {
		sum.RejectsPath = path + ".rejects.csv"
	}
	if opt.Source == "" {
		opt.Source = filepath.Base(path)
	}
	t, err := OpenTableAs(path, opt.Source)
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
		f := postcrm.Finding{Source: t.Source, Line: row.Line, Field: "整行", Reason: rej.Reason, Message: rej.Message,
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
	}
	if err := rejects.Close(); err != nil {
		return sum, fmt.Errorf("写退回文件 %s: %w", sum.RejectsPath, err)
	}
	if rejects.Count() == 0 {
		if err := os.Remove(sum.RejectsPath); err != nil && !errors.Is(err, os.ErrNotExist) {
			return sum, fmt.Errorf("删除过时的退回文件: %w", err)
		}
		sum.RejectsPath = ""
	}
	sum.Elapsed = time.Since(start)
	return sum, nil
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
