package btyd

import (
	"math"
	"runtime"
	"slices"
)

// betaGeoData is the likelihood's view of the rows. Distinct purchase
// counts and distinct durations are numbered, so that one evaluation
// computes lnΓ, ψ, ln(α+t) and 1/(α+t) once per distinct value rather than
// once per row.
type betaGeoData struct {
	xs        []float64 // distinct x
	ks        []float64 // the dropout chances of each distinct x
	xWeight   []float64 // customers per distinct x
	durations []float64 // distinct t_x and T
	rows      []betaGeoRow
	customers float64
	purchases float64

	minDuration, maxDuration float64
	// powerStore holds, for each x with more rows than there are
	// durations, room for a table of powers of α+t (see fillPowers);
	// nil for the others, for which a table would cost more than it saves.
	powerStore [][]float64

	// Scratch space of one evaluation.
	logDur, invDur []float64   // ln(α+t) and 1/(α+t), per duration
	deadShift      []float64   // ln a − ln(b+k−1), per x
	odds           []float64   // a/(b+k−1), per x with a table
	power          [][]float64 // x's table of powers, if usable now
	parts          []rowPart   // the rows split over the cores
}

// minRowsPerCore: below this a goroutine costs more than it saves.
const minRowsPerCore = 20_000

type betaGeoRow struct {
	x, tx, T int32 // indexes into xs and durations
	weight   float64
}

func newBetaGeoData(rows []Weighted, modified bool) (*betaGeoData, error) {
	customers, purchases, err := checkRows(rows)
	if err != nil {
		return nil, err
	}
	d := &betaGeoData{customers: customers, purchases: purchases, rows: make([]betaGeoRow, len(rows))}
	var xIDs, durIDs []int32
	d.xs, xIDs = numberDistinct(len(rows), func(i int) float64 { return rows[i].X })
	d.durations, durIDs = numberDistinct(2*len(rows), func(i int) float64 {
		if i < len(rows) {
			return rows[i].Tx
		}
		return rows[i-len(rows)].T
	})
	d.xWeight = make([]float64, len(d.xs))
	d.ks = make([]float64, len(d.xs))
	for i, x := range d.xs {
		d.ks[i] = dropoutChances(x, modified)
	}
	d.logDur, d.invDur = make([]float64, len(d.durations)), make([]float64, len(d.durations))
	d.deadShift, d.odds = make([]float64, len(d.xs)), make([]float64, len(d.xs))
	d.power, d.powerStore = make([][]float64, len(d.xs)), make([][]float64, len(d.xs))
	d.minDuration, d.maxDuration = slices.Min(d.durations), slices.Max(d.durations)
	d.parts = make([]rowPart, max(1, min(runtime.GOMAXPROCS(0), len(d.rows)/minRowsPerCore)))
	for i := range d.parts {
		lo, hi := i*len(d.rows)/len(d.parts), (i+1)*len(d.rows)/len(d.parts)
		d.parts[i] = rowPart{rows: d.rows[lo:hi], deadWeight: make([]float64, len(d.xs))}
	}
	rowsPerX := make([]int, len(d.xs))
	for i, r := range rows {
		xi := xIDs[i]
		d.rows[i] = betaGeoRow{x: xi, tx: durIDs[i], T: durIDs[len(rows)+i], weight: float64(r.Count)}
		d.xWeight[xi] += float64(r.Count)
		rowsPerX[xi]++
	}
	for i, n := range rowsPerX {
		if d.ks[i] > 0 && n > len(d.durations) {
			d.powerStore[i] = make([]float64, len(d.durations))
		}
	}
	return d, nil
}

// numberDistinct numbers the distinct values among n in order of first
// appearance: values[ids[i]] is value(i).
func numberDistinct(n int, value func(int) float64) (values []float64, ids []int32) {
	index := make(map[uint64]int32) // by bit pattern, which hashes faster than a float
	ids = make([]int32, n)
	for i := range n {
		v := value(i)
		key := math.Float64bits(v + 0) // + 0 turns −0 into +0
		id, ok := index[key]
		if !ok {
			id = int32(len(values))
			index[key] = id
			values = append(values, v)
		}
		ids[i] = id
	}
	return values, ids
}

// starts are the log-parameters the optimiser starts from, in order: the
// observed purchase rate sets the scale of α, then a second guess with more
// heterogeneity and more dropout, then the all-ones start of the lifetimes
// package.
func (d *betaGeoData) starts() [][]float64 {
	var exposure float64
	for _, r := range d.rows {
		exposure += r.weight * d.durations[r.T]
	}
	rate := d.purchases / math.Max(exposure, 1e-300)
	return [][]float64{
		logs(1, 1/rate, 1, 1),
		logs(0.3, 0.3/rate, 0.5, 3),
		logs(1, 1, 1, 1),
	}
}

func logs(v ...float64) []float64 {
	for i := range v {
		v[i] = math.Log(v[i])
	}
	return v
}
