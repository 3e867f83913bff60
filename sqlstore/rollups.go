package sqlstore

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"postcrm"
)

// The rollups are maintained from deltas computed in Go: a batch adds to
// (or, for changed waybills, takes from) as many rows as it touches keys.

type delta struct{ items, postageFen int64 }

type customerKey struct {
	code string
	day  postcrm.Date
}

type walkinKey struct {
	phone  string
	day    postcrm.Date
	office string
}

type courierKey struct {
	day      postcrm.Date
	office   string
	courier  string
	contract bool
	payment  postcrm.Payment
	channel  postcrm.Channel
}

// officeKey is courierKey without the courier and with the month: the
// reports' month sums (office_monthly).
type officeKey struct {
	month    postcrm.Month
	office   string
	contract bool
	payment  postcrm.Payment
	channel  postcrm.Channel
}

// rollup describes a rollup table keyed by K.
type rollup[K comparable] struct {
	name    string
	keyCols []string
	args    func(k *K, dst []any) []any // key values in keyCols order
	cmp     func(a, b K) int            // key order, to write in index order

	add      bulk   // upsert adding deltas to existing rows
	dropZero string // delete the row of a key if its items reached zero
}

func newRollup[K comparable](r rollup[K]) rollup[K] {
	cols := strings.Join(r.keyCols, ", ")
	r.add = bulk{
		into: " INTO " + r.name + " (" + cols + ", items, postage_fen) VALUES ",
		tail: " ON CONFLICT (" + cols + ") DO UPDATE SET items = " + r.name + ".items + excluded.items, " +
			"postage_fen = " + r.name + ".postage_fen + excluded.postage_fen",
		cols: len(r.keyCols) + 2,
	}
	r.dropZero = "DELETE FROM " + r.name + " WHERE " + strings.Join(r.keyCols, " = ? AND ") + " = ? AND items = 0"
	return r
}

var customerDaily = newRollup(rollup[customerKey]{
	name:    "customer_daily",
	keyCols: []string{"customer_code", "day"},
	args:    func(k *customerKey, a []any) []any { return append(a, k.code, int64(k.day)) },
	cmp: func(a, b customerKey) int {
		return cmp.Or(strings.Compare(a.code, b.code), cmp.Compare(a.day, b.day))
	},
})

var walkinDaily = newRollup(rollup[walkinKey]{
	name:    "walkin_daily",
	keyCols: []string{"phone", "day", "office_code"},
	args:    func(k *walkinKey, a []any) []any { return append(a, k.phone, int64(k.day), k.office) },
	cmp: func(a, b walkinKey) int {
		return cmp.Or(strings.Compare(a.phone, b.phone), cmp.Compare(a.day, b.day), strings.Compare(a.office, b.office))
	},
})

var courierDaily = newRollup(rollup[courierKey]{
	name:    "courier_daily",
	keyCols: []string{"day", "office_code", "courier_staff_id", "contract", "payment", "channel"},
	args: func(k *courierKey, a []any) []any {
		return append(a, int64(k.day), k.office, k.courier, k.contract, string(k.payment), string(k.channel))
	},
	cmp: func(a, b courierKey) int {
		return cmp.Or(cmp.Compare(a.day, b.day), strings.Compare(a.office, b.office),
			strings.Compare(a.courier, b.courier), postcrm.CompareBool(a.contract, b.contract),
			strings.Compare(string(a.payment), string(b.payment)), strings.Compare(string(a.channel), string(b.channel)))
	},
})

var officeMonthly = newRollup(rollup[officeKey]{
	name:    "office_monthly",
	keyCols: []string{"month", "office_code", "contract", "payment", "channel"},
	args: func(k *officeKey, a []any) []any {
		return append(a, int64(k.month), k.office, k.contract, string(k.payment), string(k.channel))
	},
	cmp: func(a, b officeKey) int {
		return cmp.Or(cmp.Compare(a.month, b.month), strings.Compare(a.office, b.office), postcrm.CompareBool(a.contract, b.contract),
			strings.Compare(string(a.payment), string(b.payment)), strings.Compare(string(a.channel), string(b.channel)))
	},
})

// mixKey is a contract customer's month by destination province (dim
// 'd'), product ('p') or both ('j'): the customer_mix rollup the
// adjustments' shares come from.
type mixKey struct {
	code  string
	month postcrm.Month
	dim   string
	value string
}

var customerMix = newRollup(rollup[mixKey]{
	name:    "customer_mix",
	keyCols: []string{"customer_code", "month", "dim", "value"},
	args:    func(k *mixKey, a []any) []any { return append(a, k.code, int64(k.month), k.dim, k.value) },
	cmp: func(a, b mixKey) int {
		return cmp.Or(strings.Compare(a.code, b.code), cmp.Compare(a.month, b.month),
			strings.Compare(a.dim, b.dim), strings.Compare(a.value, b.value))
	},
})

// waybillRollups accumulates the deltas of one batch.
type waybillRollups struct {
	customer map[customerKey]delta
	walkin   map[walkinKey]delta
	courier  map[courierKey]delta
	office   map[officeKey]delta
	mix      map[mixKey]delta
}

func (r *waybillRollups) init(n int) {
	r.customer = make(map[customerKey]delta, n/2)
	r.walkin = make(map[walkinKey]delta, n/2)
	r.courier = make(map[courierKey]delta, n/8)
	r.office = make(map[officeKey]delta, n/64)
	r.mix = make(map[mixKey]delta, n/8)
}

// add counts w into the rollups with sign +1, or takes it out with -1.
// A walk-in item without a sender phone has no walk-in to count for.
func (r *waybillRollups) add(w *postcrm.Waybill, sign int64) {
	day, fen := w.Day(), sign*w.PostageFen
	switch {
	case !w.Walkin():
		addDelta(r.customer, customerKey{w.CustomerCode, day}, sign, fen)
		m := day.YearMonth()
		if w.DestProvince != "" {
			addDelta(r.mix, mixKey{w.CustomerCode, m, postcrm.MixDest, w.DestProvince}, sign, fen)
		}
		if w.Product != "" {
			addDelta(r.mix, mixKey{w.CustomerCode, m, postcrm.MixProduct, w.Product}, sign, fen)
		}
		if w.DestProvince != "" && w.Product != "" {
			addDelta(r.mix, mixKey{w.CustomerCode, m, postcrm.MixJoint, postcrm.JointValue(w.DestProvince, w.Product)}, sign, fen)
		}
	case w.SenderPhone != "":
		addDelta(r.walkin, walkinKey{w.SenderPhone, day, w.OfficeCode}, sign, fen)
	}
	addDelta(r.courier, courierKey{day, w.OfficeCode, w.CourierStaffID, !w.Walkin(), w.Payment, w.Channel}, sign, fen)
	addDelta(r.office, officeKey{day.YearMonth(), w.OfficeCode, !w.Walkin(), w.Payment, w.Channel}, sign, fen)
}

func addDelta[K comparable](m map[K]delta, k K, items, fen int64) {
	d := m[k]
	d.items += items
	d.postageFen += fen
	m[k] = d
}

func (r *waybillRollups) write(w *writer) error {
	if err := writeDeltas(w, &customerDaily, r.customer); err != nil {
		return err
	}
	if err := writeDeltas(w, &walkinDaily, r.walkin); err != nil {
		return err
	}
	if err := writeDeltas(w, &courierDaily, r.courier); err != nil {
		return err
	}
	if err := writeDeltas(w, &officeMonthly, r.office); err != nil {
		return err
	}
	return writeDeltas(w, &customerMix, r.mix)
}

type keyDelta[K any] struct {
	key K
	delta
}

// writeDeltas adds the deltas in key order and removes the rows whose
// items dropped to zero: a zero walk-in row would still count as a day
// the phone bought something.
func writeDeltas[K comparable](w *writer, r *rollup[K], m map[K]delta) error {
	todo := make([]keyDelta[K], 0, len(m))
	for k, d := range m {
		if d != (delta{}) {
			todo = append(todo, keyDelta[K]{k, d})
		}
	}
	slices.SortFunc(todo, func(a, b keyDelta[K]) int { return r.cmp(a.key, b.key) })
	row := func(i int, a []any) []any {
		kd := &todo[i]
		return append(r.args(&kd.key, a), kd.items, kd.postageFen)
	}
	if w.staged() {
		if len(todo) == 0 {
			return nil
		}
		return stageDeltas(w, r, len(todo), slices.ContainsFunc(todo, func(kd keyDelta[K]) bool { return kd.items < 0 }), row)
	}
	if err := w.writeRows(&r.add, len(todo), row); err != nil {
		return fmt.Errorf("add to %s: %w", r.name, err)
	}
	for i := range todo {
		if todo[i].items < 0 {
			if err := w.s.exec(w.ctx, w.tx, r.dropZero, r.args(&todo[i].key, nil)...); err != nil {
				return fmt.Errorf("drop empty %s row: %w", r.name, err)
			}
		}
	}
	return nil
}
