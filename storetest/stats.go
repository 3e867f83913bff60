package storetest

import (
	"context"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"postcrm"
	"postcrm/sqlstore"
)

func testStats(t *testing.T, s *sqlstore.Store) {
	applyFixtures(t, s)
	m := model{}
	ws := scenarioWaybills(6)
	// An item of an office missing from the org data belongs to no city.
	stray := ws[0]
	stray.No, stray.OfficeCode, stray.SenderPhone, stray.CustomerCode = "1888888888888", "99990001", "13911112222", ""
	m.apply(t, s, append(ws, stray))
	m.apply(t, s, m.mixedBatch(rand.New(rand.NewPCG(8, 8)), 30, 7))
	apply(t, s, postcrm.Batch{Kind: postcrm.KindWaybills, Findings: fixtureFindings})

	cityOf := map[string]string{}
	want := map[string]*postcrm.CityStats{}
	for _, o := range fixtureOffices {
		cityOf[o.Code] = o.City
		if want[o.City] == nil {
			want[o.City] = &postcrm.CityStats{City: o.City}
		}
		want[o.City].Offices++
	}
	inCity := func(office string, add func(c *postcrm.CityStats)) {
		if c, ok := want[cityOf[office]]; ok {
			add(c)
		}
	}
	for _, p := range fixtureStaff {
		if c, ok := want[p.City]; ok {
			c.Staff++
		}
	}
	for _, c := range fixtureCustomers {
		inCity(c.OfficeCode, func(c *postcrm.CityStats) { c.Customers++ })
	}
	phones := map[[2]string]bool{}
	for _, w := range m {
		inCity(w.OfficeCode, func(c *postcrm.CityStats) { c.Waybills, c.PostageFen = c.Waybills+1, c.PostageFen+w.PostageFen })
		if w.Walkin() && w.SenderPhone != "" && !phones[[2]string{cityOf[w.OfficeCode], w.SenderPhone}] {
			phones[[2]string{cityOf[w.OfficeCode], w.SenderPhone}] = true
			inCity(w.OfficeCode, func(c *postcrm.CityStats) { c.Walkins++ })
		}
	}
	for _, mb := range fixtureMembers {
		inCity(mb.OfficeCode, func(c *postcrm.CityStats) { c.Members++ })
	}
	for _, f := range fixtureFindings {
		inCity(f.OfficeCode, func(c *postcrm.CityStats) { c.Findings++ })
	}
	var wantList []postcrm.CityStats
	for _, c := range want {
		wantList = append(wantList, *c)
	}
	slices.SortFunc(wantList, func(a, b postcrm.CityStats) int { return strings.Compare(a.City, b.City) })

	got := must[[]postcrm.CityStats](t)(s.Stats(context.Background()))
	if !reflect.DeepEqual(got, wantList) {
		t.Errorf("stats:\n got %+v\nwant %+v", got, wantList)
	}
}
