package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
)

// checkAlerts runs `postcrm alerts` on the demo store (its last day
// already run by the demo): the CSV has exactly the documented columns,
// the default day is the last day with data, JSON lists the same alerts,
// and a day before the last one stored is recomputed without storing.
func checkAlerts(t *testing.T, db string) {
	t.Helper()
	alerts := func(args ...string) (string, string) {
		t.Helper()
		var out, errOut bytes.Buffer
		if err := run(context.Background(), append([]string{"--db", db, "alerts"}, args...), &out, &errOut); err != nil {
			t.Fatalf("alerts %v: %v\n%s", args, err, errOut.String())
		}
		return out.String(), errOut.String()
	}
	byDefault, _ := alerts("--no-dispatch")
	onLastDay, _ := alerts("--day", "2026-10-31", "--no-dispatch")
	if byDefault != onLastDay {
		t.Errorf("the default day is not the last day with data:\n%s\nagainst\n%s", byDefault, onLastDay)
	}
	rows, err := csv.NewReader(strings.NewReader(onLastDay)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[0], ","); got != "kind,customer_code,office_code,owner_staff_id,last_shipped,silent_days,expected_items,score,reason" {
		t.Fatalf("alerts header %q", got)
	}
	if len(rows) < 2 {
		t.Fatalf("no alert on the demo's last day:\n%s", onLastDay)
	}
	for _, r := range rows[1:] {
		if (r[0] != "silent" && r[0] != "slowdown") || r[1] == "" || !strings.Contains(r[8], "最后一次发件在") {
			t.Errorf("alert row %q", r)
		}
	}
	js, _ := alerts("--day", "2026-10-31", "--no-dispatch", "--format", "json")
	var list []alertJSON
	if err := json.Unmarshal([]byte(js), &list); err != nil || len(list) != len(rows)-1 || list[0].CustomerCode != rows[1][1] {
		t.Errorf("JSON lists %d alerts (%v), the CSV %d", len(list), err, len(rows)-1)
	}
	if _, msg := alerts("--day", "2026-10-20", "--no-dispatch"); !strings.Contains(msg, "只重算，不保存") {
		t.Errorf("a day before the last one stored: %q", msg)
	}
}
