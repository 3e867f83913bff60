package demo

import "math"

// item is one generated waybill, kept small: a province day holds hundreds
// of thousands of them.
type item struct {
	seq      int32 // last 8 digits of the waybill number
	sec      int32 // second of the day accepted
	office   int32
	courier  int32
	customer int32 // -1 for walk-ins
	walkin   int32 // -1 for contract customers
	weight   int32 // grams
	fen      int32
	product  uint8
	payment  uint8
	channel  uint8
	dest     uint8
}

const (
	productStandard = iota // 标准快递
	productParcel          // 快递包裹
	productEMS             // 特快专递
)

var productNames = []string{"标准快递", "快递包裹", "特快专递"}

const (
	paymentCash    = iota // 现结
	paymentMonthly        // 月结
)

var paymentNames = []string{"现结", "月结"}

const (
	channelCounter  = iota // 营业厅
	channelPickup          // 上门揽收
	channelEChannel        // 邮惠中心
	channelMini            // 小程序
)

var channelNames = []string{"营业厅", "上门揽收", "邮惠中心", "小程序"}

// tariff is a product's list price by zone: the first kilogram, then each
// further kilogram begun.
type tariff struct{ first, extra [4]float64 }

var tariffs = [...]tariff{
	productStandard: {first: [4]float64{10, 12, 14, 18}, extra: [4]float64{2, 4, 6, 10}},
	productParcel:   {first: [4]float64{7, 8, 9, 12}, extra: [4]float64{1, 2, 3, 5}},
	productEMS:      {first: [4]float64{18, 20, 22, 25}, extra: [4]float64{5, 7, 9, 12}},
}

func listPrice(product, zone int, grams int32) float64 {
	t := &tariffs[product]
	kg := (int(grams) + 999) / 1000
	return t.first[zone] + float64(max(kg-1, 0))*t.extra[zone]
}

// weightFor returns a weight whose list price is about spend: walk-ins'
// spend comes from the gamma-gamma model, the parcel is made to fit it.
func weightFor(r *rng, product, zone int, spend float64) int32 {
	t := &tariffs[product]
	if spend <= t.first[zone] {
		return int32(100 + r.intn(900))
	}
	kg := min(1+int(math.Ceil((spend-t.first[zone])/t.extra[zone])), 30)
	return int32((kg-1)*1000 + 1 + r.intn(1000))
}

var (
	contractChannels = newPicker(9, 88, 0, 3) // counter, pickup, e-channel, mini-program
	memberChannels   = newPicker(10, 0, 50, 40)
	walkinProducts   = newPicker(70, 15, 15)
)

const (
	ownerPicksUp        = 0.8  // share of a customer's items its owner collects
	contractCash        = 0.04 // contract items paid on the spot
	walkinAway          = 0.05 // walk-in items sent from another office of the city
	miniProgramEarly    = 0.05 // non-members' mini-program share at the start…
	miniProgramGrowth   = 0.12 // …and its growth over the period
	secondsPerHour      = 3600
	maxContractWeightG  = 40000
	minContractWeightG  = 20
	maxContractPostFen  = 500000
	contractPostMinimum = 100 // fen: no contract item is cheaper than a yuan
)

func (p *province) contractItem(r *rng, ci int) item {
	c := &p.customers[ci]
	spec := &kindSpecs[c.Kind]
	o := &p.offices[c.Office]
	it := item{
		sec:      int32(spec.Hours.pick(r)*secondsPerHour + r.intn(secondsPerHour)),
		office:   c.Office,
		courier:  o.Couriers[r.intn(len(o.Couriers))],
		customer: int32(ci),
		walkin:   -1,
		payment:  paymentMonthly,
		channel:  uint8(contractChannels.pick(r)),
		product:  uint8(spec.Products.pick(r)),
		dest:     uint8(spec.Dest.pick(r)),
	}
	if c.Owner >= 0 && r.chance(ownerPicksUp) {
		it.courier = c.Owner
	}
	if r.chance(contractCash) {
		it.payment = paymentCash
	}
	w := r.logNormal(spec.WeightMedian, spec.WeightSigma)
	it.weight = int32(min(max(w, minContractWeightG), maxContractWeightG))
	it.fen = contractFen(&it, c)
	return it
}

// contractFen is a contract item's postage: the list price of its
// product, zone and weight at the customer's discount.
func contractFen(it *item, c *customer) int32 {
	price := listPrice(int(it.product), destinations[it.dest].Zone, it.weight) * c.Discount
	return int32(min(max(math.Round(price*100), contractPostMinimum), maxContractPostFen))
}

// focusItem sends a focus customer's item to its province with the
// customer's share, drawing from a stream of its own so that every other
// draw of the day stays as it was.
func focusItem(fr *rng, it *item, c *customer) {
	if c.Focus > 0 && fr.chance(c.FocusShare) {
		it.dest = uint8(c.Focus - 1)
		it.fen = contractFen(it, c)
	}
}

func (p *province) walkinItem(r *rng, day int, wi int32) item {
	w := &p.walkins[wi]
	oi := w.Office
	if r.chance(walkinAway) {
		same := p.cityOffices[p.offices[oi].City]
		oi = same[r.intn(len(same))]
	}
	it := item{
		office:   oi,
		courier:  p.offices[oi].counter(r),
		customer: -1,
		walkin:   wi,
		payment:  paymentCash,
		channel:  channelCounter,
		product:  uint8(walkinProducts.pick(r)),
		dest:     uint8(defaultDest.pick(r)),
	}
	switch {
	case w.Registered >= 0 && day >= int(w.Registered):
		it.channel = uint8(memberChannels.pick(r))
	case r.chance(miniProgramEarly + miniProgramGrowth*float64(day)/float64(p.win.Days())):
		it.channel = channelMini
	}
	hours := &counterHours
	if it.channel != channelCounter {
		hours = &onlineHours
	}
	it.sec = int32(hours.pick(r)*secondsPerHour + r.intn(secondsPerHour))
	spend := r.gamma(TrueParams.SpendP) / w.Nu
	it.fen = int32(max(math.Round(spend*100), 1))
	it.weight = weightFor(r, int(it.product), destinations[it.dest].Zone, spend)
	return it
}

// dayGen generates days of items, reusing its buffers.
type dayGen struct {
	p      *province
	items  []item
	sorted []item
	counts []int32
}

func newDayGen(p *province) *dayGen {
	return &dayGen{p: p, counts: make([]int32, 24*secondsPerHour+1)}
}

// day returns day index i's items in order of acceptance time. It is a pure
// function of the province and i: the walk-ins buying that day come from
// their own replayed paths, everything else from the day's random stream.
// The result is valid until the next call.
func (g *dayGen) day(i int, walkins []int32) []item {
	p := g.p
	r := newRNG(p.seed, streamDay, uint64(i))
	g.items = g.items[:0]
	in := p.inForce(i)
	fr := newRNG(p.seed, streamAdjustments, uint64(i)+1)
	for ci := range p.customers {
		c := &p.customers[ci]
		n := r.negBinomial(c.dailyMean(i, p.patterns[c.Kind][i]), c.Shape)
		for range n {
			it := p.contractItem(&r, ci)
			focusItem(&fr, &it, c)
			if in == nil || !refusedBy(in, &it) {
				g.items = append(g.items, it)
			}
		}
	}
	// Walk-ins buy as their model says, adjustments or not: their
	// purchases are the truth the walk-in model is scored against, and
	// the analysis of contract customers is what the adjustments are
	// planted for.
	for _, wi := range walkins {
		g.items = append(g.items, p.walkinItem(&r, i, wi))
	}
	// Numbers start at a random point of the day's range, as label stock does.
	numbers := newRNG(p.seed, streamNumbers, uint64(i))
	base := int32(numbers.intn(numberBaseRange))
	for k := range g.items {
		g.items[k].seq = base + int32(k)
	}
	return g.sortBySecond()
}

// sortBySecond is a stable counting sort: linear, and the output order
// must not depend on anything but the items.
func (g *dayGen) sortBySecond() []item {
	clear(g.counts)
	for k := range g.items {
		g.counts[g.items[k].sec+1]++
	}
	for s := 1; s < len(g.counts); s++ {
		g.counts[s] += g.counts[s-1]
	}
	g.sorted = append(g.sorted[:0], g.items...)
	for _, it := range g.items {
		g.sorted[g.counts[it.sec]] = it
		g.counts[it.sec]++
	}
	return g.sorted
}
