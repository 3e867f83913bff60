package postgres_test

import (
	"testing"

	"postcrm/postgres/pgtest"
	"postcrm/storetest"
)

func BenchmarkApplyDispatchPlan(b *testing.B) {
	storetest.BenchApplyDispatchPlan(b, open(b, pgtest.FreshSchema(b)), storetest.ProvinceRerun)
}
