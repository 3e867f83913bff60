package analysis

import "math"

// groupMinItems: customers with fewer items before the month have factors
// too noisy to shape the peer groups; they only join the one that
// explains their history best.
const groupMinItems = 100

// customersPerGroup sizes the automatic number of peer groups.
const customersPerGroup, maxAutoGroups = 40, 12

// assignRounds: after k-means has formed the groups from the customers
// with enough items, every customer joins the group whose factors explain
// its history best, and the groups' factors are re-estimated from their
// new members, twice.
const assignRounds = 2

// fitGroups fits every judged customer's own factors, forms the peer
// groups and their typical factors, and assigns the customers to them.
func (a *analysis) fitGroups() {
	points := a.ownFactors()
	k := a.cfg.PeerGroups
	if k == 0 {
		k = max(1, min(maxAutoGroups, len(points)/customersPerGroup))
	}
	centroids := kmeans(points, k)
	if len(centroids) == 0 {
		centroids = make([][numFeatures]float64, 1)
	}
	group := make([]int, len(a.hs))
	members := make([]bool, len(a.hs))
	var p [numFeatures]float64
	for i := range a.hs {
		if a.out[i].Skip == Judged {
			features(&a.own[i], p[:])
			group[i] = nearest(&p, centroids)
			members[i] = a.items[i] >= groupMinItems
		}
	}
	a.priors = groupPriors(a.own, group, members, len(centroids))
	a.assignGroups(group, members)
}

// ownFactors fits every judged customer's own factors (flat prior, own
// seasons), keeping its cell sums for the later passes, and returns the
// features of those with enough items to shape the groups.
func (a *analysis) ownFactors() [][numFeatures]float64 {
	neutral := neutralFactors()
	judged := 0
	for i := range a.out {
		if a.out[i].Skip == Judged {
			judged++
		}
	}
	a.folded.reserve(len(a.hs), judged*len(a.t.cells))
	var points [][numFeatures]float64
	var p [numFeatures]float64
	for i := range a.hs {
		if a.out[i].Skip != Judged {
			continue
		}
		s := a.foldHistory(i)
		a.folded.keep(i, s)
		a.own[i] = a.rawFit.fit(s, &neutral, true)
		for _, c := range s.used {
			a.items[i] += s.items[c]
		}
		if a.items[i] >= groupMinItems {
			features(&a.own[i], p[:])
			points = append(points, p)
		}
	}
	return points
}

// assignGroups moves every judged customer to the group under whose
// factors its history is likeliest, re-estimating the groups' factors
// between rounds.
func (a *analysis) assignGroups(group []int, members []bool) {
	shapes := make([]groupShape, len(a.priors))
	growth := make([]float64, a.t.monthOfAnalysis()+1)
	for round := range assignRounds {
		if round > 0 {
			a.priors = groupPriors(a.own, group, members, len(a.priors))
		}
		for g := range a.priors {
			shapes[g].set(a.t.cells, &a.priors[g], growth)
		}
		for i := range a.hs {
			if a.out[i].Skip == Judged {
				group[i] = bestGroup(a.sums(i), shapes)
			}
		}
	}
	for i := range a.hs {
		if a.out[i].Skip == Judged {
			a.out[i].Group = group[i]
		}
	}
}

// groupShape is a group's shape on every cell, and its logarithm.
type groupShape struct{ shape, log []float64 }

func (gs *groupShape) set(cells []cell, f *factors, growth []float64) {
	gs.shape = f.shapes(cells, gs.shape, growth)
	gs.log = resize(gs.log, len(cells))
	for c, sh := range gs.shape {
		gs.log[c] = math.Log(sh)
	}
}

// bestGroup returns the group under whose shape the customer's cells are
// likeliest (Poisson, with the level at its maximum for each group; the
// terms common to all groups left out).
func bestGroup(s *cellSums, shapes []groupShape) int {
	best, bestLL := 0, math.Inf(-1)
	var y float64
	for _, c := range s.used {
		y += s.items[c]
	}
	for g := range shapes {
		gs := &shapes[g]
		var e, ll float64
		for _, c := range s.used {
			e += s.days[c] * gs.shape[c]
			ll += s.items[c] * gs.log[c]
		}
		if y > 0 {
			ll -= y * math.Log(e)
		}
		if ll > bestLL {
			best, bestLL = g, ll
		}
	}
	return best
}

// weightedMedian returns the value below and above which lie half the
// weight; it reorders xs and ws together.
func weightedMedian(xs, ws []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	sortByValue(idx, xs)
	total := 0.0
	for _, w := range ws {
		total += w
	}
	acc := 0.0
	for _, i := range idx {
		acc += ws[i]
		if acc >= total/2 {
			return xs[i]
		}
	}
	return xs[idx[len(idx)-1]]
}
