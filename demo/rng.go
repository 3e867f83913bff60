package demo

import (
	"math"
	"math/bits"
)

// rng is a small splitmix64 generator held by value: the generator makes
// one per day and per walk-in, so it must cost nothing to create, and each
// stream is seeded from what it describes so that any day can be
// regenerated alone (months are written in parallel, and the last day of a
// month is written again at the start of the next file).
type rng struct{ s uint64 }

// Streams keep the random choices of different parts independent.
const (
	streamOrg uint64 = iota + 1
	streamCustomers
	streamChanges
	streamWalkins
	streamWalkinPath
	streamDay
	streamNumbers
	streamMonth
	streamExtras
	streamAdjustments
)

func mix(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func newRNG(seed, stream, index uint64) rng {
	return rng{s: mix(mix(seed^0x6a09e667f3bcc909) ^ mix(stream<<32^index))}
}

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	return mix(r.s)
}

// float returns a uniform number in [0, 1).
func (r *rng) float() float64 { return float64(r.next()>>11) * 0x1p-53 }

// intn returns a uniform integer in [0, n).
func (r *rng) intn(n int) int {
	hi, _ := bits.Mul64(r.next(), uint64(n))
	return int(hi)
}

func (r *rng) chance(p float64) bool { return r.float() < p }

func (r *rng) uniform(lo, hi float64) float64 { return lo + (hi-lo)*r.float() }

// exp returns an exponential variate with mean 1.
func (r *rng) exp() float64 { return -math.Log(1 - r.float()) }

// norm returns a standard normal variate (Marsaglia's polar method: no
// trigonometry, one of its two variates is dropped to keep rng a value).
func (r *rng) norm() float64 {
	for {
		x, y := 2*r.float()-1, 2*r.float()-1
		if s := x*x + y*y; s > 0 && s < 1 {
			return x * math.Sqrt(-2*math.Log(s)/s)
		}
	}
}

// logNormal returns a variate whose median is median.
func (r *rng) logNormal(median, sigma float64) float64 {
	return median * math.Exp(sigma*r.norm())
}

// gamma returns a Gamma(shape, 1) variate (Marsaglia–Tsang).
func (r *rng) gamma(shape float64) float64 {
	if shape < 1 {
		return r.gamma(shape+1) * math.Pow(r.float(), 1/shape)
	}
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.norm()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := r.float()
		if u < 1-0.0331*x*x*x*x || math.Log(u) < 0.5*x*x+d*(1-v+math.Log(v)) {
			return d * v
		}
	}
}

func (r *rng) beta(a, b float64) float64 {
	x := r.gamma(a)
	return x / (x + r.gamma(b))
}

// poisson returns a Poisson variate: inversion for small means, Hörmann's
// PTRS transformed rejection for large ones (exact, constant time).
func (r *rng) poisson(mean float64) int {
	if mean <= 0 {
		return 0
	}
	if mean < 10 {
		limit, k, p := math.Exp(-mean), 0, r.float()
		for p > limit {
			k++
			p *= r.float()
		}
		return k
	}
	sm := math.Sqrt(mean)
	b := 0.931 + 2.53*sm
	a := -0.059 + 0.02483*b
	invAlpha := 1.1239 + 1.1328/(b-3.4)
	vr := 0.9277 - 3.6224/(b-2)
	logMean := math.Log(mean)
	for {
		u := r.float() - 0.5
		v := r.float()
		us := 0.5 - math.Abs(u)
		k := math.Floor((2*a/us+b)*u + mean + 0.43)
		if us >= 0.07 && v <= vr {
			return int(k)
		}
		if k < 0 || (us < 0.013 && v > us) {
			continue
		}
		lg, _ := math.Lgamma(k + 1)
		if math.Log(v)+math.Log(invAlpha)-math.Log(a/(us*us)+b) <= -mean+k*logMean-lg {
			return int(k)
		}
	}
}

// negBinomial draws a gamma-Poisson count with the given mean and shape:
// smaller shapes give more over-dispersed counts (variance mean+mean²/shape).
func (r *rng) negBinomial(mean, shape float64) int {
	if mean <= 0 {
		return 0
	}
	return r.poisson(mean * r.gamma(shape) / shape)
}

// picker draws indices with fixed weights in constant time (Vose's alias
// method): it runs for every generated waybill field.
type picker struct {
	prob  []float64
	alias []int32
}

func newPicker(weights ...float64) picker {
	n := len(weights)
	var sum float64
	for _, w := range weights {
		sum += w
	}
	p := picker{prob: make([]float64, n), alias: make([]int32, n)}
	scaled := make([]float64, n)
	var small, large []int
	for i, w := range weights {
		scaled[i] = w * float64(n) / sum
		if scaled[i] < 1 {
			small = append(small, i)
		} else {
			large = append(large, i)
		}
	}
	for len(small) > 0 && len(large) > 0 {
		s, l := small[len(small)-1], large[len(large)-1]
		small = small[:len(small)-1]
		p.prob[s], p.alias[s] = scaled[s], int32(l)
		scaled[l] -= 1 - scaled[s]
		if scaled[l] < 1 {
			large = large[:len(large)-1]
			small = append(small, l)
		}
	}
	for _, i := range append(small, large...) {
		p.prob[i] = 1
	}
	return p
}

func (p *picker) pick(r *rng) int {
	i := r.intn(len(p.prob))
	if r.float() < p.prob[i] {
		return i
	}
	return int(p.alias[i])
}
