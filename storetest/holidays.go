package storetest

import (
	"context"
	"testing"

	"postcrm/sqlstore"
)

// holidayTable is a holiday table as the province would import it:
// comments and a byte-order mark kept as given.
const holidayTable = "\ufeff日期,安排,节日\n# 国务院办公厅通知\n2024-05-01,放假,劳动节\n2024-05-11,上班,劳动节\n"

// testHolidayTable: a store without a holiday table says so with "";
// a saved table reads back byte for byte, and a second save replaces it.
func testHolidayTable(t *testing.T, s *sqlstore.Store) {
	ctx := context.Background()
	if got := must[string](t)(s.HolidayTable(ctx)); got != "" {
		t.Fatalf("a new store's holiday table: %q", got)
	}
	if err := s.SaveHolidayTable(ctx, holidayTable); err != nil {
		t.Fatal(err)
	}
	if got := must[string](t)(s.HolidayTable(ctx)); got != holidayTable {
		t.Errorf("saved %q, read back %q", holidayTable, got)
	}
	newer := "日期,安排,节日\n2024-10-01,放假,国庆节\n"
	if err := s.SaveHolidayTable(ctx, newer); err != nil {
		t.Fatal(err)
	}
	if got := must[string](t)(s.HolidayTable(ctx)); got != newer {
		t.Errorf("after a second save read %q, want %q", got, newer)
	}
}
