package postgres_test

import (
	"fmt"
	"testing"

	"postcrm/postgres/pgtest"
	"postcrm/storetest"
)

// BenchmarkSaveWalkinScoresAgain: a month's walk-in scores saved over the
// stored ones, as a re-run of the analysis saves them: a city's (about
// 48,000 walk-ins) and a province's (1,000,000), unchanged and with one
// in twenty changed.
func BenchmarkSaveWalkinScoresAgain(b *testing.B) {
	for _, n := range []int{48000, 1000000} {
		for _, every := range []int{0, 20} {
			b.Run(fmt.Sprintf("n=%d/changed-every=%d", n, every), func(b *testing.B) {
				storetest.BenchSaveWalkinScoresAgain(b, open(b, pgtest.FreshSchema(b)), n, every)
			})
		}
	}
}
