package btyd

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
)

// Summary is one customer as the models see it, in the caller's time unit.
type Summary struct {
	X        float64 // repeat purchases (for walk-ins: days with a purchase, after the first)
	Tx       float64 // recency: time from the first to the last purchase (0 when X = 0)
	T        float64 // age: time from the first purchase to the end of the period
	Monetary float64 // mean spend per repeat purchase (z̄); only the spend model reads it
}

// Weighted is Count customers who share one (X, Tx, T).
type Weighted struct {
	X, Tx, T float64
	Count    int
}

// Errors a fit returns, wrapped with details; test them with errors.Is.
var (
	ErrNoCustomers       = errors.New("没有可供拟合的客户")
	ErrNoRepeatPurchases = errors.New("没有一位客户有重复购买（frequency 全为 0），无法估计模型")
	ErrNotConverged      = errors.New("模型拟合没有收敛")
)

// Aggregate merges the customers with identical (X, Tx, T) into one
// weighted row each, sorted by X, then Tx, then T; Monetary is ignored.
// The likelihood then costs one term per distinct row, not per customer.
func Aggregate(customers []Summary) []Weighted {
	// Sorting and counting runs beats a map by far at a million rows.
	// Whole days pack into one integer, which sorts fastest of all.
	if keys, ok := packWholeUnits(customers); ok {
		slices.Sort(keys)
		return countRuns(len(keys), func(i int) [3]float64 { return unpack(keys[i]) })
	}
	keys := make([][3]float64, len(customers))
	for i, c := range customers {
		keys[i] = [3]float64{c.X, c.Tx, c.T}
	}
	slices.SortFunc(keys, func(a, b [3]float64) int {
		return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1]), cmp.Compare(a[2], b[2]))
	})
	return countRuns(len(keys), func(i int) [3]float64 { return keys[i] })
}

// countRuns turns n sorted keys into weighted rows.
func countRuns(n int, key func(int) [3]float64) []Weighted {
	var rows []Weighted
	for i := range n {
		k := key(i)
		if last := len(rows) - 1; last >= 0 && k == [3]float64{rows[last].X, rows[last].Tx, rows[last].T} {
			rows[last].Count++
			continue
		}
		rows = append(rows, Weighted{X: k[0], Tx: k[1], T: k[2], Count: 1})
	}
	return rows
}

// packBits is the width of each of x, t_x and T in a packed key: whole
// numbers below 2^21, two million days.
const packBits = 21

// packWholeUnits packs each customer's (x, t_x, T) into one integer that
// sorts like the triple, if they are all whole numbers below 2^packBits.
func packWholeUnits(customers []Summary) ([]uint64, bool) {
	keys := make([]uint64, len(customers))
	for i, c := range customers {
		for _, v := range [3]float64{c.X, c.Tx, c.T} {
			if !(v >= 0 && v < 1<<packBits && v == math.Trunc(v)) {
				return nil, false
			}
		}
		keys[i] = uint64(c.X)<<(2*packBits) | uint64(c.Tx)<<packBits | uint64(c.T)
	}
	return keys, true
}

func unpack(key uint64) [3]float64 {
	const mask = 1<<packBits - 1
	return [3]float64{float64(key >> (2 * packBits)), float64(key >> packBits & mask), float64(key & mask)}
}

// checkRecency reports what is wrong with a customer's (x, t_x, T), if anything.
func checkRecency(x, tx, T float64) error {
	switch {
	case !isCount(x):
		return fmt.Errorf("重复购买次数 x=%g 应为非负整数", x)
	case math.IsNaN(T) || math.IsInf(T, 0) || T < 0:
		return fmt.Errorf("客户存续期 T=%g 应为非负数", T)
	case math.IsNaN(tx) || tx < 0 || tx > T:
		return fmt.Errorf("最近购买时间 t_x=%g 应在 0 与 T=%g 之间", tx, T)
	case x == 0 && tx != 0:
		return fmt.Errorf("没有重复购买（x=0）时 t_x 应为 0，这里是 %g", tx)
	}
	return nil
}

// isSpend reports whether v can be a repeat buyer's mean spend.
func isSpend(v float64) bool {
	return v > 0 && !math.IsInf(v, 0)
}

func isCount(x float64) bool {
	return x >= 0 && x == math.Trunc(x) && !math.IsInf(x, 0)
}

// checkRows validates weighted rows and returns the total weight and the
// total number of repeat purchases.
func checkRows(rows []Weighted) (customers, purchases float64, err error) {
	for i, r := range rows {
		if r.Count <= 0 {
			return 0, 0, fmt.Errorf("第 %d 行的人数 %d 应为正数", i+1, r.Count)
		}
		if err := checkRecency(r.X, r.Tx, r.T); err != nil {
			return 0, 0, fmt.Errorf("第 %d 行：%w", i+1, err)
		}
		customers += float64(r.Count)
		purchases += float64(r.Count) * r.X
	}
	if customers == 0 {
		return 0, 0, ErrNoCustomers
	}
	if purchases == 0 {
		return 0, 0, ErrNoRepeatPurchases
	}
	return customers, purchases, nil
}
