package calendar

import (
	"fmt"
	"os"
	"slices"
)

// Override lays a newer holiday table over c: from the table's first day
// to its last, its days replace c's (a day it does not list is an
// ordinary workday or weekend there); outside that span c's days stand.
// So a file with the State Council's notice for one year corrects the
// built-in estimate of that year and nothing else. A year's Spring
// Festival is the table's 正月初一 where it marks one, else c's.
func (c *Calendar) Override(days []Day) (*Calendar, error) {
	if len(days) == 0 {
		return c, nil
	}
	byDate := func(a, b Day) int { return int(a.Date - b.Date) }
	first, last := slices.MinFunc(days, byDate).Date, slices.MaxFunc(days, byDate).Date
	merged := slices.Clone(days)
	for _, d := range c.days {
		if d.Date < first || d.Date > last {
			d.NewYear = false // the festival dates are merged below
			merged = append(merged, d)
		}
	}
	o, err := New(merged)
	if err != nil {
		return nil, err
	}
	for year, sf := range c.springFestival {
		if _, marked := o.springFestival[year]; !marked {
			o.springFestival[year] = sf
		}
	}
	return o, nil
}

// Load reads a holiday table file (the format of ReadDays) and lays it
// over the built-in calendar. It returns the file's text too, for a store
// to keep (see Stored).
func Load(path string) (*Calendar, string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, "", fmt.Errorf("打开节假日表: %w", err)
	}
	c, err := Parse(string(b))
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", path, err)
	}
	return c, string(b), nil
}
