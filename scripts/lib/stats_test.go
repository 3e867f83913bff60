// Package lib_test checks the shell functions the benchmark scripts share.
package lib_test

import (
	"os/exec"
	"strings"
	"testing"
)

// shMedian runs the scripts' median over the values, one a line.
func shMedian(t *testing.T, values ...string) (string, error) {
	t.Helper()
	cmd := exec.Command("bash", "-c", `set -euo pipefail; . ./stats.sh; median`)
	var in strings.Builder
	for _, v := range values {
		in.WriteString(v + "\n")
	}
	cmd.Stdin = strings.NewReader(in.String())
	out, err := cmd.Output()
	return strings.TrimSpace(string(out)), err
}

func TestMedian(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	for _, c := range []struct {
		values []string
		want   string
	}{
		{[]string{"7"}, "7"},
		{[]string{"30", "10", "20"}, "20"},            // unsorted
		{[]string{"9", "100", "25"}, "25"},            // numeric, not lexical, order
		{[]string{"4", "1", "3", "2"}, "2.5"},         // even count: mean of the middle pair
		{[]string{"81200", "80100"}, "80650"},         // two runs
		{[]string{"1234567", "1234568"}, "1234567.5"}, // all the digits
		{[]string{"12.5", "3.25", "7.75"}, "7.75"},    // latencies in ms
		{[]string{"1e3", "20", "300"}, "300"},         // general numeric form
	} {
		got, err := shMedian(t, c.values...)
		if err != nil || got != c.want {
			t.Errorf("median of %v = %q, %v; want %q", c.values, got, err, c.want)
		}
	}
	if got, err := shMedian(t); err == nil {
		t.Errorf("median of nothing = %q, want a failure", got)
	}
}
