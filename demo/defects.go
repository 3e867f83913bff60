package demo

import (
	"slices"
	"strconv"

	"postcrm"
)

// defect is a kind of bad value real exports contain. spoil changes the
// fields of a good row so that exactly this problem is in it.
type defect struct {
	column   int
	reason   postcrm.Reason
	rejected bool
	spoil    func(f []string, r *rng, p *province)
}

// Share of rows with a planted problem (every kind appears in every file
// regardless).
const defectRate = 0.0008

// waybillDefects are planted as extra rows with numbers of their own.
var waybillDefects = []defect{
	{colNo, postcrm.ReasonMissingField, true, func(f []string, _ *rng, _ *province) { f[colNo] = "" }},
	{colTime, postcrm.ReasonBadTime, true, func(f []string, r *rng, _ *province) {
		if r.chance(0.5) {
			f[colTime] = "0000-00-00 00:00:00" // what some systems export for "no time"
		} else {
			f[colTime] = f[colTime][:5] + "02-30" + f[colTime][10:]
		}
	}},
	{colPostage, postcrm.ReasonNegative, true, func(f []string, _ *rng, _ *province) { f[colPostage] = "-" + f[colPostage] }},
	{colWeight, postcrm.ReasonAbsurd, true, func(f []string, r *rng, _ *province) {
		f[colWeight] = strconv.Itoa(10_000_000 + r.intn(90_000_000)) // tonnes: kilograms keyed as grams, twice
	}},
	{colOffice, postcrm.ReasonUnknownOffice, true, func(f []string, r *rng, _ *province) { f[colOffice] = unknownOfficeCode(r, f[colOffice]) }},
	{colOffice, postcrm.ReasonBadCode, true, func(f []string, _ *rng, _ *province) { f[colOffice] = f[colOffice][1:] }}, // Excel dropped the leading 0
	{colCustomer, postcrm.ReasonUnknownCustomer, true, func(f []string, r *rng, _ *province) {
		f[colCustomer] = unknownCustomerCode(r)
		f[colPayment], f[colChannel] = paymentNames[paymentMonthly], channelNames[channelPickup]
	}},
	{colPhone, postcrm.ReasonBadPhone, true, func(f []string, r *rng, p *province) {
		walkinFields(f)
		f[colPhone] = p.phones.mobile(r.intn(p.scale.Walkins))[:10] // a digit short
	}},
	{colPayment, postcrm.ReasonBadEnum, true, func(f []string, _ *rng, _ *province) { f[colPayment] = "到付" }},
	{colPhone, postcrm.ReasonNoPhone, false, func(f []string, _ *rng, _ *province) {
		walkinFields(f)
		f[colPhone] = ""
	}},
}

// unknownCourier is planted on real rows: the item and its revenue are
// real, only the courier has left.
var unknownCourier = defect{colCourier, postcrm.ReasonUnknownStaff, false, func(f []string, r *rng, p *province) {
	f[colCourier] = p.departed[r.intn(len(p.departed))]
}}

func walkinFields(f []string) {
	f[colCustomer] = ""
	f[colPayment], f[colChannel] = paymentNames[paymentCash], channelNames[channelCounter]
}

// unknownOfficeCode keeps the city's prefix of code; real office codes
// never continue with 9.
func unknownOfficeCode(r *rng, code string) string {
	return code[:3] + "9" + string(appendPadded(nil, int64(r.intn(10000)), 4))
}

// plantDefects inserts spoiled copies of random rows into a small export,
// each defect at least once; fresh gives a copy an identity of its own
// (code, ID, phone) before it is spoiled. It returns the rows with the
// findings, lines counted with the header as line 1.
func plantDefects(r *rng, p *province, file string, header []string, rows [][]string, defects []defect, fresh func(f []string)) ([][]string, []Finding) {
	type planted struct {
		pos    int
		fields []string
		d      *defect
	}
	extras := make([]planted, max(len(defects), int(float64(len(rows))*defectRate)))
	for k := range extras {
		d := &defects[k%len(defects)]
		f := append([]string(nil), rows[r.intn(len(rows))]...)
		fresh(f)
		d.spoil(f, r, p)
		extras[k] = planted{pos: r.intn(len(rows) + 1), fields: f, d: d}
	}
	slices.SortStableFunc(extras, func(a, b planted) int { return a.pos - b.pos })
	out := make([][]string, 0, len(rows)+len(extras))
	var findings []Finding
	e := 0
	for i := 0; i <= len(rows); i++ {
		for ; e < len(extras) && extras[e].pos == i; e++ {
			x := extras[e]
			out = append(out, x.fields)
			findings = append(findings, Finding{File: file, Line: len(out) + 1, Field: header[x.d.column],
				Reason: x.d.reason, Rejected: x.d.rejected, Value: x.fields[x.d.column]})
		}
		if i < len(rows) {
			out = append(out, rows[i])
		}
	}
	return out, findings
}

// flagDeparted finds the rows naming an employee who has left in column:
// the importer keeps them and reports the unknown staff ID.
func flagDeparted(p *province, file string, header []string, rows [][]string, column int) []Finding {
	var findings []Finding
	for i, f := range rows {
		if slices.Contains(p.departed, f[column]) {
			findings = append(findings, Finding{File: file, Line: i + 2, Field: header[column],
				Reason: postcrm.ReasonUnknownStaff, Value: f[column]})
		}
	}
	return findings
}
