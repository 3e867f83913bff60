package ingest

import "time"

// Time reads a timestamp cell of t as the other importers read theirs:
// "2025-03-08 14:30:00" and the other forms scanStamp knows, or an XLSX
// date serial; China time. For the imports that are not batches of
// records (refund events), which read their rows themselves.
func (t *Table) Time(cell string) (time.Time, bool) {
	if !t.serialEpoch.IsZero() {
		if text, ok := excelSerialText(cell, t.serialEpoch, true); ok {
			cell = text
		}
	}
	st, ok := scanStamp(cell)
	return st.time(), ok
}

// Fen reads an amount in yuan ("12.5", "12.50", "1,200.00") as fen, as
// the waybills' postage is read.
func Fen(cell string) (int64, bool) { return amountScaled(cell, 2) }
