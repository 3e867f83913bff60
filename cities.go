package postcrm

import (
	"cmp"
	"slices"
)

// CityOrder is the province's own order of its cities, the order of
// their administrative division codes (130100 石家庄 … 131100 衡水), in
// which the province's reports list them. The org data carries no such
// order, and sorting names by code point puts 保定 first and 石家庄 last,
// which nobody in the province would do.
var CityOrder = []string{"石家庄市", "唐山市", "秦皇岛市", "邯郸市", "邢台市", "保定市", "张家口市", "承德市", "沧州市", "廊坊市", "衡水市"}

// ProvinceOffice is how reports name the province's own staff, who
// belong to no city; it comes after the cities.
const ProvinceOffice = "省公司"

// CompareCities orders city names as the province lists them: the cities
// of CityOrder in that order, then any other city by name, then the
// province's own office.
func CompareCities(a, b string) int {
	return cmp.Or(cmp.Compare(cityRank(a), cityRank(b)), cmp.Compare(a, b))
}

func cityRank(city string) int {
	if i := slices.Index(CityOrder, city); i >= 0 {
		return i
	}
	if city == ProvinceOffice {
		return len(CityOrder) + 1
	}
	return len(CityOrder)
}
