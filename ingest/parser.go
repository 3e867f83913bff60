package ingest

import (
	"errors"
	"io"
	"strings"
	"time"

	"postcrm"
)

// Parser turns the rows of one table into validated records of one kind.
type Parser struct {
	kind   postcrm.ImportKind
	source string
	// The codes rows are checked against (RefData's keys).
	knownOffices, knownStaff, knownCustomers *keySet
	cols                                     []column
	header                                   headerMap
	keyCols                                  []int // the columns of a record's natural key
	// A row dated after these is in the future. A day of slack absorbs
	// clocks and time zones of the systems that made the export.
	latestTime time.Time
	latestDay  postcrm.Date
	parseRow   func(*rowCheck, *postcrm.Batch)
	serials    []serialColumn            // rendered as text in XLSX rows
	epoch      time.Time                 // of the XLSX file's date serials
	offices    map[string]postcrm.Office // org: offices already put in a batch
	rights     *rights                   // what the importer may write; nil: anything
	known      postcrm.AdjustmentKnown   // adjustments: the names a row may use
	check      rowCheck                  // reused for every row
}

// serialColumn is a date or time column whose XLSX cells may hold Excel
// serial numbers.
type serialColumn struct {
	col       int
	withClock bool
}

// NewParser maps the table's header for kind and fails, in Chinese and
// naming the file, when a required column is missing. ref holds the codes
// rows are validated against (unused for org); now decides what counts as
// the future.
func NewParser(kind postcrm.ImportKind, t *Table, ref postcrm.RefData, now time.Time) (*Parser, error) {
	cols, err := columnsOf(kind)
	if err != nil {
		return nil, err
	}
	header, err := mapHeader(t.Source, cols, t.Header)
	var dup *duplicateColumnError
	if err != nil && !errors.As(err, &dup) {
		header, err = findHeaderBelowTitle(t, cols, err)
	}
	if err != nil {
		return nil, err
	}
	p := &Parser{
		kind: kind, source: t.Source, cols: cols, header: header,
		knownOffices: newKeySet(ref.Offices), knownStaff: newKeySet(ref.Staff), knownCustomers: newKeySet(ref.Customers),
		latestTime: now.Add(24 * time.Hour),
		latestDay:  postcrm.DateOf(now.Add(24 * time.Hour)),
	}
	p.check.p = p
	office := -1
	switch kind {
	case postcrm.KindOrg:
		p.parseRow, office, p.keyCols = p.parseOrg, orgOfficeCode, []int{orgStaffID}
		p.offices = make(map[string]postcrm.Office)
	case postcrm.KindCustomers:
		p.parseRow, office, p.keyCols = p.parseCustomer, custOfficeCode, []int{custCode}
		p.serials = []serialColumn{{custContractDate, false}}
	case postcrm.KindWaybills:
		p.parseRow, office, p.keyCols = p.parseWaybill, wbOfficeCode, []int{wbNo}
		p.serials = []serialColumn{{wbAcceptedAt, true}}
	case postcrm.KindMembers:
		p.parseRow, office, p.keyCols = p.parseMember, memOfficeCode, []int{memPhone}
		p.serials = []serialColumn{{memRegisteredOn, false}}
	case postcrm.KindSuspensions:
		p.parseRow, office, p.keyCols = p.parseSuspension, suspOfficeCode, []int{suspOfficeCode, suspFrom}
		p.serials = []serialColumn{{suspFrom, false}, {suspTo, false}}
	case postcrm.KindAdjustments:
		p.parseRow, p.keyCols = p.parseAdjustment, []int{adjID}
		p.known = refNames(ref) // the import adds the waybills' names
		p.serials = []serialColumn{{adjFrom, false}, {adjTo, false}}
	}
	p.check.officeCol = office
	if p.epoch = t.serialEpoch; p.epoch.IsZero() {
		p.serials = nil
	}
	return p, nil
}

// Parse validates one row and appends what it yields to b: the record(s)
// and the row's findings. A rejected row adds only its rejecting finding,
// which is also returned for the rejects file. b.Kind is set.
//
// In XLSX rows, date cells stored as Excel serial numbers are first
// rewritten in row.Fields as the text the user saw, so that the rejects
// file shows them readably and re-imports as CSV.
func (p *Parser) Parse(row Row, b *postcrm.Batch) (reject postcrm.Finding, rejected bool) {
	for _, s := range p.serials {
		if i := p.header.index[s.col]; i >= 0 && i < len(row.Fields) {
			if text, ok := excelSerialText(row.Fields[i], p.epoch, s.withClock); ok {
				row.Fields[i] = text
			}
		}
	}
	ch := &p.check
	ch.start(row)
	if row.BadQuotes {
		ch.reject = postcrm.Finding{Kind: p.kind, Source: p.source, Line: row.Line, Field: "整行",
			Reason: postcrm.ReasonBadQuotes, Message: badQuotesMessage,
			Value: clip(strings.Join(row.Fields, ",")), OfficeCode: ch.office, Record: ch.record, Rejected: true}
		ch.rejected = true
	} else {
		p.parseRow(ch, b)
	}
	b.Kind = p.kind
	if ch.rejected {
		b.Findings = append(b.Findings, ch.reject)
		return ch.reject, true
	}
	b.Findings = append(b.Findings, ch.notes...)
	return postcrm.Finding{}, false
}

const badQuotesMessage = `这一行的引号不成对（如 "老王"快递店），整行未导入；字段里的引号要写成两个（""），或者去掉`

// titleRows is how many rows above the header an export may spend on a
// title ("2025年3月收寄明细") and notes ("导出时间：…").
const titleRows = 5

// findHeaderBelowTitle looks for the header in the rows after the first
// one, for exports that start with a title. It makes the first row that
// maps the header, or names one column twice; if none does, the first
// row's error stands.
func findHeaderBelowTitle(t *Table, cols []column, firstErr error) (headerMap, error) {
	for range titleRows {
		row, err := t.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return headerMap{}, err
		}
		header, err := mapHeader(t.Source, cols, row.Fields)
		var dup *duplicateColumnError
		if errors.As(err, &dup) {
			return headerMap{}, err
		}
		if err != nil {
			continue // not the header: a title or a note
		}
		t.Header = append([]string(nil), row.Fields...)
		return header, nil
	}
	return headerMap{}, firstErr
}
