package postcrm

import (
	"slices"
	"testing"
)

// TestCitiesInTheProvincesOrder: 石家庄 first, the province's office
// last, a city the list does not know between them.
func TestCitiesInTheProvincesOrder(t *testing.T) {
	got := []string{"保定市", "省公司", "唐山市", "石家庄市", "雄安新区", "衡水市"}
	slices.SortFunc(got, CompareCities)
	want := []string{"石家庄市", "唐山市", "保定市", "衡水市", "雄安新区", "省公司"}
	if !slices.Equal(got, want) {
		t.Errorf("sorted %v, want %v", got, want)
	}
}
