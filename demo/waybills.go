package demo

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"postcrm"
)

var waybillHeader = []string{"邮件号", "收寄时间", "机构代码", "揽投员工号", "客户代码", "寄件人电话", "产品", "重量(克)", "资费(元)", "付费方式", "收寄渠道", "寄达省"}

const (
	colNo = iota
	colTime
	colOffice
	colCourier
	colCustomer
	colPhone
	colProduct
	colWeight
	colPostage
	colPayment
	colChannel
	colDest
)

// Overlapping exports and late corrections, as the delivery system sends
// them.
const (
	correctionsPerFile = 3          // earlier waybills re-sent with corrected postage
	unknownCourierRate = 0.0002     // real rows whose courier has left
	numberBaseRange    = 40_000_000 // a day's numbers start below this…
	extraSeqBase       = 90_000_000 // …and planted rows' numbers above this
	// waybill numbers are 9, four digits of days since this date, eight of sequence
	numberEpoch postcrm.Date = 20200101
)

// gbMonth is the month whose file is GB18030-encoded, as if exported from
// an old Windows tool.
const gbMonth = 2

// dayText is what all rows of a day share.
type dayText struct {
	number []byte // "9" + 4-digit day number
	date   []byte // "2025-03-08 "
}

func newDayText(d postcrm.Date) dayText {
	t := dayText{number: appendPadded([]byte{'9'}, int64(postcrm.DaysBetween(numberEpoch, d)), 4)}
	t.date = append(appendDate(nil, d), ' ')
	return t
}

func appendDate(b []byte, d postcrm.Date) []byte {
	b = appendPadded(b, int64(d.Year()), 4)
	b = append(b, '-')
	b = appendPadded(b, int64(d.Month()), 2)
	b = append(b, '-')
	return appendPadded(b, int64(d.Day()), 2)
}

func appendClock(b []byte, sec int32) []byte {
	h, m, s := sec/3600, sec/60%60, sec%60
	return append(b, byte('0'+h/10), byte('0'+h%10), ':', byte('0'+m/10), byte('0'+m%10), ':', byte('0'+s/10), byte('0'+s%10))
}

func appendYuan(b []byte, fen int64) []byte {
	b = strconv.AppendInt(b, fen/100, 10)
	return append(b, '.', byte('0'+fen/10%10), byte('0'+fen%10))
}

// waybillText holds the pieces of waybill lines that repeat, each with
// its separators, so that a line is a handful of appends.
type waybillText struct {
	office   []string // code,
	staff    []string // ID,
	customer []string // code,sender phone,
	product  []string // name,
	tail     [2][4][]string
}

func (p *province) newWaybillText() *waybillText {
	t := &waybillText{}
	for _, o := range p.offices {
		t.office = append(t.office, o.Code+",")
	}
	for _, s := range p.staff {
		t.staff = append(t.staff, s.ID+",")
	}
	for _, c := range p.customers {
		t.customer = append(t.customer, c.Code+","+c.SenderPhone+",")
	}
	for _, name := range productNames {
		t.product = append(t.product, name+",")
	}
	for pay, payName := range paymentNames {
		for ch, chName := range channelNames {
			for _, d := range destinations {
				t.tail[pay][ch] = append(t.tail[pay][ch], payName+","+chName+","+d.Name)
			}
		}
	}
	return t
}

// appendWaybill appends it as a line of the waybill export.
func (p *province) appendWaybill(b []byte, t *dayText, it *item) []byte {
	w := p.text
	b = append(b, t.number...)
	b = appendPadded(b, int64(it.seq), 8)
	b = append(b, ',')
	b = append(b, t.date...)
	b = appendClock(b, it.sec)
	b = append(b, ',')
	b = append(b, w.office[it.office]...)
	b = append(b, w.staff[it.courier]...)
	if it.customer >= 0 {
		b = append(b, w.customer[it.customer]...)
	} else {
		b = append(b, ',')
		b = p.phones.appendMobile(b, p.walkinPhone(it.walkin))
		b = append(b, ',')
	}
	b = append(b, w.product[it.product]...)
	b = strconv.AppendInt(b, int64(it.weight), 10)
	b = append(b, ',')
	b = appendYuan(b, int64(it.fen))
	b = append(b, ',')
	return append(b, w.tail[it.payment][it.channel][it.dest]...)
}

// monthResult is what writing one month's file produced.
type monthResult struct {
	file        File
	findings    []Finding
	corrections []Correction
}

// monthWriter writes one month's waybill file.
type monthWriter struct {
	p        *province
	out      *csvOut
	r        rng // the month's own stream: defects and corrections
	res      monthResult
	extraSeq int32
	planted  []bool // waybill defects used so far
	next     int    // next waybill defect to plant
}

func waybillFileName(d postcrm.Date) string {
	return fmt.Sprintf("waybills-%04d-%02d.csv", d.Year(), int(d.Month()))
}

// Days before a month's first day that its file deals with: the one
// before is repeated (the delivery system's exports overlap by a day), the
// one before that supplies the corrections. Neither is ever spoiled in its
// own file, so what is sent again differs only where intended.
const (
	repeatedDays  = 1
	correctedDays = 1
	lookBack      = repeatedDays + correctedDays
)

// writeWaybills writes month m: the previous month's last day again, the
// month's own days with planted defects, then corrections of some items of
// the previous month.
func (p *province) writeWaybills(dir string, m int, gen *dayGen) (monthResult, error) {
	lo, hi := p.win.Month(m)
	from := lo
	if m > 0 {
		from = lo - lookBack
	}
	encoding := EncodingUTF8
	if m == gbMonth {
		encoding = EncodingGB18030
	}
	name := waybillFileName(p.win.Day(lo))
	out, err := createCSV(dir, name, encoding, waybillHeader)
	if err != nil {
		return monthResult{}, err
	}
	w := &monthWriter{
		p:        p,
		out:      out,
		r:        newRNG(p.seed, streamMonth, uint64(m)),
		res:      monthResult{file: File{Name: name, Kind: postcrm.KindWaybills, Encoding: encoding}},
		extraSeq: extraSeqBase,
		planted:  make([]bool, len(waybillDefects)),
		next:     m % len(waybillDefects),
	}
	events := p.walkinEvents(from, hi)
	lastSpoilable := hi - lookBack                 // the next file sends the days after again
	mutateDay := lo + w.r.intn(lastSpoilable-lo+1) // one sure unknown-courier row
	var corrections []item
	var correctionText dayText
	for d := from; d <= hi; d++ {
		items := gen.day(d, events[d-from])
		text := newDayText(p.win.Day(d))
		switch {
		case d < lo-repeatedDays:
			corrections, correctionText = w.pickCorrections(items), text
		case d < lo:
			w.repeat(&text, items)
		default:
			mutateAt := -1
			if d == mutateDay && len(items) > 0 {
				mutateAt = w.r.intn(len(items))
			}
			w.own(&text, items, mutateAt, d <= lastSpoilable, d == hi)
		}
	}
	w.writeCorrections(&correctionText, corrections)
	w.res.file.Rows = out.rows()
	return w.res, out.close()
}

func (w *monthWriter) repeat(t *dayText, items []item) {
	for k := range items {
		w.out.write(w.p.appendWaybill(w.out.buffer(), t, &items[k]))
	}
	w.res.file.Repeated += len(items)
}

// own writes a day of the month itself, spoiling some real rows unless the
// next file sends the day again. Extra bad rows are never sent again and
// may go anywhere; the last day gets those not planted yet.
func (w *monthWriter) own(t *dayText, items []item, mutateAt int, spoilable, last bool) {
	for k := range items {
		line := w.p.appendWaybill(w.out.buffer(), t, &items[k])
		if spoilable && (k == mutateAt || w.r.chance(unknownCourierRate)) {
			w.spoiled(line, &unknownCourier)
		} else {
			w.out.write(line)
		}
		if w.r.chance(defectRate) {
			w.plant(t, &items[k])
		}
	}
	if last && len(items) > 0 {
		for k, done := range w.planted {
			if !done {
				w.next = k
				w.plant(t, &items[len(items)-1])
			}
		}
	}
}

// plant writes a spoiled copy of it under a number of its own.
func (w *monthWriter) plant(t *dayText, it *item) {
	extra := *it
	extra.seq = w.extraSeq
	w.extraSeq++
	k := w.next
	w.next = (w.next + 1) % len(waybillDefects)
	w.planted[k] = true
	w.spoiled(w.p.appendWaybill(nil, t, &extra), &waybillDefects[k])
}

func (w *monthWriter) spoiled(line []byte, d *defect) {
	f := splitLine(line)
	d.spoil(f, &w.r, w.p)
	w.out.fields(f)
	w.res.findings = append(w.res.findings, Finding{File: w.out.name, Line: w.out.line, Field: waybillHeader[d.column],
		Reason: d.reason, Rejected: d.rejected, Value: f[d.column]})
}

// pickCorrections chooses contract items whose postage is corrected at the
// end of the file (re-weighed, wrong zone…).
func (w *monthWriter) pickCorrections(items []item) []item {
	var picked []item
	for range correctionsPerFile * 4 {
		if len(items) == 0 || len(picked) == correctionsPerFile {
			break
		}
		it := items[w.r.intn(len(items))]
		if it.customer < 0 || slices.ContainsFunc(picked, func(p item) bool { return p.seq == it.seq }) {
			continue
		}
		picked = append(picked, it)
	}
	return picked
}

func (w *monthWriter) writeCorrections(t *dayText, items []item) {
	for _, it := range items {
		old := it.fen
		it.fen = int32(math.Round(float64(old) * w.r.uniform(1.1, 1.6)))
		line := w.p.appendWaybill(w.out.buffer(), t, &it)
		no := string(line[:13])
		w.out.write(line)
		w.res.corrections = append(w.res.corrections, Correction{File: w.out.name, Line: w.out.line, WaybillNo: no, OldFen: int64(old), NewFen: int64(it.fen)})
	}
	w.res.file.Corrected = len(items)
}
