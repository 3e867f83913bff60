package demo

import (
	"fmt"
	"math"
	"strconv"

	"postcrm"
)

type office struct {
	Code     string
	Name     string
	City     int
	Weight   float64 // relative business volume
	Manager  int32   // staff index of the 营业部经理
	Couriers []int32 // staff indices; the first ones also work the counter
}

// counterStaff is how many of an office's couriers serve walk-ins at the
// counter and recruit e-channel members.
const counterStaff = 2

func (o *office) counter(r *rng) int32 {
	return o.Couriers[r.intn(min(counterStaff, len(o.Couriers)))]
}

type staff struct {
	ID     string
	Name   string
	Role   postcrm.Role
	Office int32 // -1 for city and province staff
	City   int   // -1 for province staff
	Phone  string
}

// departedStaff is how many former employees still appear as owners or
// recruiters in the other exports (non-rejecting findings).
const departedStaff = 12

// buildOrg creates the offices and staff of every city.
func (p *province) buildOrg() error {
	r := newRNG(p.seed, streamOrg, 0)
	ids := map[string]bool{}
	for ci, n := range officesPerCity(p.scale.Offices) {
		names, err := officeNames(&r, ci, n)
		if err != nil {
			return err
		}
		admins := 1
		if cities[ci].Weight >= 0.12 {
			admins = 2
		}
		for range admins {
			p.addStaff(&r, ids, postcrm.RoleCityManager, -1, ci)
		}
		for k, name := range names {
			p.offices = append(p.offices, office{
				Code:   cities[ci].PostPrefix + fmt.Sprintf("%05d", 10000+100*k+r.intn(100)),
				Name:   name,
				City:   ci,
				Weight: r.logNormal(1, 0.5),
			})
		}
	}
	for oi := range p.offices {
		o := &p.offices[oi]
		o.Manager = p.addStaff(&r, ids, postcrm.RoleOfficeManager, int32(oi), o.City)
		couriers := max(counterStaff, int(math.Round(float64(p.scale.CouriersPerOffice)*o.Weight)))
		for range couriers {
			o.Couriers = append(o.Couriers, p.addStaff(&r, ids, postcrm.RoleCourier, int32(oi), o.City))
		}
	}
	for range 4 {
		p.addStaff(&r, ids, postcrm.RoleProvinceAdmin, -1, -1)
	}
	for range departedStaff {
		p.departed = append(p.departed, staffID(&r, ids))
	}
	return nil
}

func (p *province) addStaff(r *rng, ids map[string]bool, role postcrm.Role, office int32, city int) int32 {
	p.staff = append(p.staff, staff{
		ID:     staffID(r, ids),
		Name:   personName(r),
		Role:   role,
		Office: office,
		City:   city,
		Phone:  p.phones.next(),
	})
	return int32(len(p.staff) - 1)
}

// staffID returns an unused 8-digit 工号 starting with Hebei's region code.
func staffID(r *rng, ids map[string]bool) string {
	for {
		id := "13" + strconv.Itoa(100000+r.intn(900000))
		if !ids[id] {
			ids[id] = true
			return id
		}
	}
}

// officesPerCity gives every city two offices and shares the rest out by
// city weight (largest remainder).
func officesPerCity(total int) []int {
	const minimum = 2
	counts := make([]int, len(cities))
	rest := make([]float64, len(cities))
	spare := total - minimum*len(cities)
	var weights float64
	for _, c := range cities {
		weights += c.Weight
	}
	used := 0
	for i, c := range cities {
		exact := float64(spare) * c.Weight / weights
		counts[i] = minimum + int(exact)
		rest[i] = exact - math.Floor(exact)
		used += counts[i]
	}
	for ; used < total; used++ {
		best := 0
		for i := range rest {
			if rest[i] > rest[best] {
				best = i
			}
		}
		counts[best]++
		rest[best]--
	}
	return counts
}

// officeNames picks n distinct office names in city ci: streets and
// districts first, then counties and their quarters.
func officeNames(r *rng, ci, n int) ([]string, error) {
	c := cities[ci]
	pool := shuffled(r, c.Streets)
	for _, q := range countyQuarters {
		for _, county := range c.Counties {
			pool = append(pool, shortPlace(county)+q)
		}
	}
	if n > len(pool) {
		return nil, fmt.Errorf("%s 最多能起 %d 个营业部名称，要 %d 个太多了", c.Name, len(pool), n)
	}
	names := make([]string, n)
	for i := range names {
		names[i] = pool[i] + "营业部"
	}
	return names, nil
}

func shuffled(r *rng, s []string) []string {
	out := append([]string(nil), s...)
	for i := len(out) - 1; i > 0; i-- {
		j := r.intn(i + 1)
		out[i], out[j] = out[j], out[i]
	}
	return out
}
