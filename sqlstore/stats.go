package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"postcrm"
)

// cityCount is one per-city figure of Stats: the query yields
// (city, a, b) rows and set files a and b.
type cityCount struct {
	query string
	set   func(c *postcrm.CityStats, a, b int64)
}

// Offices come first: they decide which cities have a line. Waybills and
// postage are summed from courier_daily, never from the waybills.
var cityCounts = []cityCount{
	{"SELECT city, COUNT(*), 0 FROM offices GROUP BY city",
		func(c *postcrm.CityStats, a, _ int64) { c.Offices = a }},
	{"SELECT city, COUNT(*), 0 FROM staff GROUP BY city",
		func(c *postcrm.CityStats, a, _ int64) { c.Staff = a }},
	{inCity("customers", "COUNT(*), 0"),
		func(c *postcrm.CityStats, a, _ int64) { c.Customers = a }},
	{inCity("courier_daily", "CAST(SUM(t.items) AS BIGINT), CAST(SUM(t.postage_fen) AS BIGINT)"),
		func(c *postcrm.CityStats, a, b int64) { c.Waybills, c.PostageFen = a, b }},
	{inCity("walkin_daily", "COUNT(DISTINCT t.phone), 0"),
		func(c *postcrm.CityStats, a, _ int64) { c.Walkins = a }},
	{inCity("members", "COUNT(*), 0"),
		func(c *postcrm.CityStats, a, _ int64) { c.Members = a }},
	{inCity("findings", "COUNT(*), 0"),
		func(c *postcrm.CityStats, a, _ int64) { c.Findings = a }},
}

// inCity sums a table by the city of its office_code.
func inCity(table, figures string) string {
	return "SELECT o.city, " + figures + " FROM " + table + " t JOIN offices o ON o.code = t.office_code GROUP BY o.city"
}

// Stats gives the per-city figures of the whole store, by city.
func (s *Store) Stats(ctx context.Context) ([]postcrm.CityStats, error) {
	cities := make(map[string]*postcrm.CityStats)
	for i, cc := range cityCounts {
		err := each(ctx, s, cc.query, nil, func(sc scanner) error {
			var city string
			var a, b int64
			if err := sc.Scan(&city, &a, &b); err != nil {
				return err
			}
			c := cities[city]
			if c == nil && i == 0 {
				c = &postcrm.CityStats{City: city}
				cities[city] = c
			}
			if c != nil {
				cc.set(c, a, b)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("stats: %w", err)
		}
	}
	out := make([]postcrm.CityStats, 0, len(cities))
	for _, c := range cities {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b postcrm.CityStats) int { return strings.Compare(a.City, b.City) })
	return out, nil
}

// Ping runs SELECT 1, so that a health check sees a database that no
// longer answers a query.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.db.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("ping %s: %w", s.d.Name, err)
	}
	return nil
}
