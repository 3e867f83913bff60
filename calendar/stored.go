package calendar

import (
	"context"
	"fmt"
	"strings"
)

// TableReader reads the holiday table a store keeps (CSV in the format
// of ReadDays, "" when none).
type TableReader interface {
	HolidayTable(ctx context.Context) (string, error)
}

// Stored is the calendar every analysis and measurement of a store uses:
// the built-in one with the store's holiday table laid over it.
func Stored(ctx context.Context, s TableReader) (*Calendar, error) {
	body, err := s.HolidayTable(ctx)
	if err != nil {
		return nil, err
	}
	if body == "" {
		return Default(), nil
	}
	c, err := Parse(body)
	if err != nil {
		return nil, fmt.Errorf("存储的节假日表: %w", err)
	}
	return c, nil
}

// Parse reads a holiday table (the format of ReadDays) and lays it over
// the built-in calendar.
func Parse(table string) (*Calendar, error) {
	days, err := ReadDays(strings.NewReader(table))
	if err != nil {
		return nil, err
	}
	return Default().Override(days)
}
