package demo

import (
	"math"
	"strconv"
	"time"

	"postcrm"
)

// CustomerKind is a contract customer's line of shipping; each has its own
// daily pattern (see pattern.go).
type CustomerKind uint8

const (
	KindEcommerce  CustomerKind = iota // online shops: weekly rhythm, 618 and Double-11 peaks
	KindEnterprise                     // companies: workdays only
	KindGovernment                     // public bodies: workdays only, documents
	KindSparse                         // a few items a month
	KindSeasonal                       // farm produce, shipped Aug–Nov
	KindNew                            // online shops signed during the period, ramping up
	numKinds
)

var kindNames = [numKinds]string{"ecommerce", "enterprise", "government", "sparse", "seasonal", "new"}

func (k CustomerKind) String() string { return kindNames[k] }

// kindSpec holds what the kinds differ in. Daily rates are log-normal
// across customers (median, sigma): most customers are small, a few huge.
type kindSpec struct {
	Share             float64
	RateMedian, Sigma float64 // items per day before Scale.Volume
	Shape             [2]float64
	Trend             float64 // mean yearly log growth
	Discount          [2]float64
	WeightMedian      float64 // grams
	WeightSigma       float64
	Products          picker
	Dest              picker
	Hours             picker
}

var kindSpecs = [numKinds]kindSpec{
	KindEcommerce:  {Share: 0.18, RateMedian: 15, Sigma: 1.4, Shape: [2]float64{4, 10}, Trend: 0.10, Discount: [2]float64{0.35, 0.55}, WeightMedian: 700, WeightSigma: 0.8, Products: newPicker(40, 55, 5), Dest: defaultDest, Hours: pickupHours},
	KindEnterprise: {Share: 0.25, RateMedian: 3, Sigma: 1.0, Shape: [2]float64{2, 5}, Trend: 0.02, Discount: [2]float64{0.6, 0.85}, WeightMedian: 1200, WeightSigma: 1.0, Products: newPicker(60, 10, 30), Dest: defaultDest, Hours: officeHours},
	KindGovernment: {Share: 0.12, RateMedian: 1.5, Sigma: 0.8, Shape: [2]float64{2, 4}, Trend: 0, Discount: [2]float64{0.8, 1.0}, WeightMedian: 250, WeightSigma: 0.6, Products: newPicker(30, 0, 70), Dest: localDest, Hours: officeHours},
	KindSparse:     {Share: 0.30, RateMedian: 0.3, Sigma: 0.6, Shape: [2]float64{0.5, 1.5}, Trend: 0, Discount: [2]float64{0.9, 1.0}, WeightMedian: 600, WeightSigma: 0.9, Products: newPicker(70, 15, 15), Dest: defaultDest, Hours: officeHours},
	KindSeasonal:   {Share: 0.07, RateMedian: 10, Sigma: 1.0, Shape: [2]float64{1.5, 3}, Trend: 0.05, Discount: [2]float64{0.5, 0.7}, WeightMedian: 5000, WeightSigma: 0.35, Products: newPicker(55, 45, 0), Dest: defaultDest, Hours: pickupHours},
	KindNew:        {Share: 0.08, RateMedian: 8, Sigma: 1.2, Shape: [2]float64{3, 8}, Trend: 0.10, Discount: [2]float64{0.4, 0.6}, WeightMedian: 700, WeightSigma: 0.8, Products: newPicker(40, 55, 5), Dest: defaultDest, Hours: pickupHours},
}

// Change is what happens to a customer during the period (ground truth).
type Change uint8

const (
	ChangeNone    Change = iota
	ChangeDecline        // volume × Factor from ChangeDate on
	ChangeChurn          // no items from ChangeDate on
)

var changeNames = [...]string{"none", "decline", "churn"}

func (c Change) String() string { return changeNames[c] }

type customer struct {
	Code         string
	Name         string
	Office       int32
	Owner        int32  // staff index, -1 when unowned
	OwnerID      string // as exported; a departed employee's ID for a few
	Signed       postcrm.Date
	Industry     string
	Contact      string
	ContactPhone string
	SenderPhone  string // on its waybills
	Status       postcrm.CustomerStatus

	Kind     CustomerKind
	Rate     float64 // mean items per day on an ordinary day
	Shape    float64 // gamma-Poisson shape of daily counts
	Trend    float64 // yearly log growth
	Discount float64 // contract price / list price
	Start    int     // first day index it may ship (signing)
	RampDays float64 // new customers reach full volume over this
	Change   Change
	ChangeAt int // day index
	Factor   float64
	// Focus is the destination index + 1 the customer sends FocusShare of
	// its items to; 0 for the usual spread.
	Focus      int8
	FocusShare float64
}

// Shares of customers without owner, industry or phone in the export.
const (
	unownedShare      = 0.08
	noIndustryShare   = 0.05
	noContactPhone    = 0.04
	landlineShare     = 0.6 // of enterprises' and public bodies' contact phones
	ownerIsManager    = 0.1
	oldestSigningYear = 2012
)

func (p *province) buildCustomers() {
	r := newRNG(p.seed, streamCustomers, 0)
	shares := make([]float64, numKinds)
	for k, s := range kindSpecs {
		shares[k] = s.Share
	}
	kindPick := newPicker(shares...)
	officePick := p.officePicker()
	names := uniqueNamer{}
	codes := map[string]bool{}
	for range p.scale.Customers {
		k := CustomerKind(kindPick.pick(&r))
		oi := int32(officePick.pick(&r))
		c := p.newCustomer(&r, k, oi, names)
		c.Code = customerCode(&r, codes, p.offices[oi].City)
		p.customers = append(p.customers, c)
	}
}

func (p *province) newCustomer(r *rng, k CustomerKind, oi int32, names uniqueNamer) customer {
	spec := &kindSpecs[k]
	o := &p.offices[oi]
	c := customer{
		Office:   oi,
		Owner:    -1,
		Kind:     k,
		Rate:     r.logNormal(spec.RateMedian, spec.Sigma) * p.scale.Volume,
		Shape:    r.uniform(spec.Shape[0], spec.Shape[1]),
		Trend:    spec.Trend + 0.05*r.norm(),
		Discount: r.uniform(spec.Discount[0], spec.Discount[1]),
		Contact:  personName(r),
		Status:   postcrm.StatusActive,
		Factor:   1,
	}
	if !r.chance(unownedShare) {
		c.Owner = o.Couriers[r.intn(len(o.Couriers))]
		if r.chance(ownerIsManager) {
			c.Owner = o.Manager
		}
		c.OwnerID = p.staff[c.Owner].ID
	}
	c.Name, c.Industry = customerName(r, k, &cities[o.City], names)
	if r.chance(noIndustryShare) {
		c.Industry = ""
	}
	c.SenderPhone = p.phones.next()
	if (k == KindEnterprise || k == KindGovernment) && r.chance(landlineShare) {
		c.SenderPhone = landline(r, &cities[o.City])
	}
	if !r.chance(noContactPhone) {
		c.ContactPhone = c.SenderPhone
	}
	if k == KindNew {
		// Signed in the first two thirds of the period, so that its ramp is seen.
		c.Start = r.intn(p.win.Days() * 2 / 3)
		c.Signed = p.win.Day(c.Start)
		c.RampDays = r.uniform(20, 60)
	} else {
		oldest := postcrm.NewDate(oldestSigningYear, time.January, 1)
		span := postcrm.DaysBetween(oldest, p.win.First) - 30
		c.Signed = oldest.AddDays(r.intn(span))
		c.Start = p.win.Index(c.Signed)
	}
	return c
}

// officePicker draws offices by business volume.
func (p *province) officePicker() picker {
	w := make([]float64, len(p.offices))
	for i, o := range p.offices {
		w[i] = o.Weight * cities[o.City].Weight
	}
	return newPicker(w...)
}

// customerCode returns an unused 10-digit 客户代码: 13, the city, 6 digits.
func customerCode(r *rng, codes map[string]bool, ci int) string {
	for {
		code := "13" + string(appendPadded(nil, int64(ci+1), 2)) + strconv.Itoa(100000+r.intn(900000))
		if !codes[code] {
			codes[code] = true
			return code
		}
	}
}

// unknownCustomerCode has the shape of a customer code in a city number
// that does not exist.
func unknownCustomerCode(r *rng) string {
	return "1399" + strconv.Itoa(100000+r.intn(900000))
}

func customerName(r *rng, k CustomerKind, c *city, names uniqueNamer) (name, industry string) {
	pick := func(list []business) business { return list[r.intn(len(list))] }
	var b business
	switch k {
	case KindGovernment:
		places := append([]string{c.Name}, c.Counties...)
		name = names.name(func() string {
			b = pick(institutions)
			return places[r.intn(len(places))] + b.Suffix
		})
		return name, b.Industry
	case KindSeasonal:
		pr := c.Produce[r.intn(len(c.Produce))]
		name = names.name(func() string { return pr.County + pr.Goods + farmSuffixes[r.intn(len(farmSuffixes))] })
		return name, "农业"
	case KindEnterprise:
		b = pick(firmBusinesses)
	case KindSparse:
		b = pick(smallBusinesses)
	default:
		b = pick(shopBusinesses)
	}
	name = names.name(func() string { return c.Short + brand(r) + b.Suffix })
	return name, b.Industry
}

// dailyMean returns customer c's expected items on day index i, given its
// kind's pattern for that day.
func (c *customer) dailyMean(i int, pattern float64) float64 {
	if i < c.Start || pattern == 0 {
		return 0
	}
	m := c.Rate * pattern * math.Exp(c.Trend*float64(i)/365)
	if c.RampDays > 0 {
		m *= 1 - math.Exp(-float64(i-c.Start+1)/c.RampDays)
	}
	if c.Change != ChangeNone && i >= c.ChangeAt {
		m *= c.Factor
	}
	return m
}
