package export

import (
	"strconv"

	"postcrm"
)

// WarningOptions chooses a warnings table's columns and labels.
type WarningOptions struct {
	// Label turns a column key (the English header, e.g. "revenue_at_risk")
	// into the header shown; nil keeps the keys, as the command line does.
	Label func(key string) string
	// KindLabel names a warning kind; nil writes the kind's code.
	KindLabel func(postcrm.WarningKind) string
	// Names adds the customer's, office's, city's and owner's names beside
	// the codes, as the web page shows them.
	Names bool
}

// warningColumn is one column of the warnings table.
type warningColumn struct {
	key   string
	kind  Kind
	named bool // only with WarningOptions.Names
	value func(w postcrm.WarningRow, o WarningOptions) string
}

var warningColumns = []warningColumn{
	{key: "kind", value: func(w postcrm.WarningRow, o WarningOptions) string {
		if o.KindLabel != nil {
			return o.KindLabel(w.Kind)
		}
		return string(w.Kind)
	}},
	{key: "customer_code", value: func(w postcrm.WarningRow, _ WarningOptions) string { return w.CustomerCode }},
	{key: "customer_name", named: true, value: func(w postcrm.WarningRow, _ WarningOptions) string { return w.CustomerName }},
	{key: "sender_phone", value: func(w postcrm.WarningRow, _ WarningOptions) string { return w.SenderPhone }},
	{key: "city", named: true, value: func(w postcrm.WarningRow, _ WarningOptions) string { return w.City }},
	{key: "office_code", value: func(w postcrm.WarningRow, _ WarningOptions) string { return w.OfficeCode }},
	{key: "office_name", named: true, value: func(w postcrm.WarningRow, _ WarningOptions) string { return w.OfficeName }},
	{key: "owner_staff_id", value: func(w postcrm.WarningRow, _ WarningOptions) string { return w.OwnerStaffID }},
	{key: "owner_name", named: true, value: func(w postcrm.WarningRow, _ WarningOptions) string { return w.OwnerName }},
	{key: "expected_items", kind: Number, value: func(w postcrm.WarningRow, _ WarningOptions) string { return Decimal(w.ExpectedItems, 1) }},
	{key: "actual_items", kind: Number, value: func(w postcrm.WarningRow, _ WarningOptions) string { return strconv.FormatInt(w.ActualItems, 10) }},
	{key: "expected_revenue", kind: Yuan, value: func(w postcrm.WarningRow, _ WarningOptions) string { return YuanText(w.ExpectedFen) }},
	{key: "actual_revenue", kind: Yuan, value: func(w postcrm.WarningRow, _ WarningOptions) string { return YuanText(w.ActualFen) }},
	{key: "revenue_at_risk", kind: Yuan, value: func(w postcrm.WarningRow, _ WarningOptions) string { return YuanText(w.RevenueAtRiskFen) }},
	{key: "score", kind: Number, value: func(w postcrm.WarningRow, _ WarningOptions) string { return Decimal(w.Score, 2) }},
	{key: "reason", value: func(w postcrm.WarningRow, _ WarningOptions) string { return w.Reason }},
}

// columnsFor is the columns a table with or without names has, in order.
func columnsFor(names bool) []warningColumn {
	var cols []warningColumn
	for _, c := range warningColumns {
		if !c.named || names {
			cols = append(cols, c)
		}
	}
	return cols
}

// WarningKeys are the column keys of a warnings table, in order; without
// names they are the command line's CSV header.
func WarningKeys(names bool) []string {
	var keys []string
	for _, c := range columnsFor(names) {
		keys = append(keys, c.key)
	}
	return keys
}

// Warnings is the table of ws in their order.
func Warnings(ws []postcrm.WarningRow, o WarningOptions) Table {
	cols := columnsFor(o.Names)
	t := Table{Header: make([]string, len(cols)), Kinds: make([]Kind, len(cols)), Rows: make([][]string, len(ws))}
	for i, c := range cols {
		t.Header[i], t.Kinds[i] = c.key, c.kind
		if o.Label != nil {
			t.Header[i] = o.Label(c.key)
		}
	}
	for r, w := range ws {
		row := make([]string, len(cols))
		for i, c := range cols {
			row[i] = c.value(w, o)
		}
		t.Rows[r] = row
	}
	return t
}
