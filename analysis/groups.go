package analysis

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
)

// Peer groups. Customers who shipped alike in the past — the same weekly
// rhythm, the same response to holidays, the Spring Festival and the
// shopping festivals, the same months busy and quiet — are grouped by
// k-means on the logarithms of their own factors. A group lends its
// members its typical factors where their own data is thin, and its
// movement in the analysed month is the expectation for what no member's
// history can tell (the first 双十一 in the data, an agricultural shipper's
// season before it has a year of history).

const numFeatures = numClasses + (numSF - 1) + (numFest - 1) + 12

// features places a customer's factors in the space groups are formed in.
func features(f *factors, out []float64) {
	weekday := 0.0
	for d := 1; d <= 5; d++ {
		weekday += math.Log(f.class[d])
	}
	weekday /= 5
	i := 0
	put := func(x, lo, hi float64) {
		out[i] = max(lo, min(hi, x))
		i++
	}
	for _, c := range f.class {
		put(math.Log(c)-weekday, -3, 1)
	}
	for _, s := range f.sf[1:] {
		put(math.Log(s), -3, 1)
	}
	for _, x := range f.fest[1:] {
		put(math.Log(x), -1, 2)
	}
	season := 0.0
	for _, s := range f.season {
		season += math.Log(s) / 12
	}
	for _, s := range f.season {
		put(math.Log(s)-season, -3, 3)
	}
}

// kmeansRounds bounds Lloyd's iterations; the groups settle long before.
const kmeansRounds = 25

// kmeans clusters points into k groups and returns
// the centroids. Seeding is k-means++ from a fixed seed: the same
// customers always give the same groups.
func kmeans(points [][numFeatures]float64, k int) [][numFeatures]float64 {
	k = min(k, len(points))
	if k == 0 {
		return nil
	}
	rng := rand.New(rand.NewPCG(0x706f7374, 0x63726d))
	centroids := make([][numFeatures]float64, 0, k)
	centroids = append(centroids, points[rng.IntN(len(points))])
	dist := make([]float64, len(points))
	for i := range dist {
		dist[i] = math.Inf(1)
	}
	for len(centroids) < k {
		total := 0.0
		last := &centroids[len(centroids)-1]
		for i := range points {
			dist[i] = min(dist[i], sqDist(&points[i], last))
			total += dist[i]
		}
		if total == 0 {
			break
		}
		x := rng.Float64() * total
		next := len(points) - 1
		for i, d := range dist {
			if x -= d; x < 0 {
				next = i
				break
			}
		}
		centroids = append(centroids, points[next])
	}
	assign := make([]int, len(points))
	sums := make([][numFeatures]float64, len(centroids))
	counts := make([]int, len(centroids))
	for iter := range kmeansRounds {
		moved := false
		for i := range points {
			if g := nearest(&points[i], centroids); g != assign[i] {
				assign[i], moved = g, true
			}
		}
		if !moved && iter > 0 {
			break
		}
		clear(sums)
		clear(counts)
		for i := range points {
			g := assign[i]
			counts[g]++
			for j := range sums[g] {
				sums[g][j] += points[i][j]
			}
		}
		for g := range centroids {
			if counts[g] == 0 {
				continue // an emptied group keeps its centre
			}
			for j := range sums[g] {
				centroids[g][j] = sums[g][j] / float64(counts[g])
			}
		}
	}
	return centroids
}

func sqDist(a, b *[numFeatures]float64) float64 {
	s := 0.0
	for j := range a {
		d := a[j] - b[j]
		s += d * d
	}
	return s
}

func nearest(p *[numFeatures]float64, centroids [][numFeatures]float64) int {
	best, bestD := 0, math.Inf(1)
	for g := range centroids {
		if d := sqDist(p, &centroids[g]); d < bestD {
			best, bestD = g, d
		}
	}
	return best
}

// groupPriors returns each group's typical factors: the median over its
// members (those with enough items to have factors of their own) of every
// factor, floored so that no factor is ever exactly zero.
func groupPriors(fs []factors, group []int, members []bool, groups int) []factors {
	byGroup := make([][]int, groups)
	for i, g := range group {
		if members[i] {
			byGroup[g] = append(byGroup[g], i)
		}
	}
	priors := make([]factors, groups)
	var vals []float64
	median := func(ids []int, get func(*factors) float64) float64 {
		vals = vals[:0]
		for _, i := range ids {
			vals = append(vals, get(&fs[i]))
		}
		slices.Sort(vals)
		return vals[len(vals)/2]
	}
	const floor = 0.02
	for g, ids := range byGroup {
		priors[g] = neutralFactors()
		if len(ids) == 0 {
			continue
		}
		p := &priors[g]
		for j := range p.class {
			p.class[j] = max(floor, median(ids, func(f *factors) float64 { return f.class[j] }))
		}
		for j := 1; j < numSF; j++ {
			p.sf[j] = max(floor, median(ids, func(f *factors) float64 { return f.sf[j] }))
		}
		for j := 1; j < numFest; j++ {
			p.fest[j] = max(floor, median(ids, func(f *factors) float64 { return f.fest[j] }))
		}
		for j := range p.season {
			p.season[j] = max(floor, median(ids, func(f *factors) float64 { return f.season[j] }))
		}
		p.trend = median(ids, func(f *factors) float64 { return f.trend })
	}
	return priors
}

func sortByValue(idx []int, xs []float64) {
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(xs[a], xs[b]) })
}
