package calendar

import (
	"time"

	"postcrm"
)

// ShoppingFestival is an online shopping festival. Parcels rise from the
// run-up (pre-sales ship early), peak on the festival day and keep coming
// for a few days while orders are dispatched.
type ShoppingFestival struct {
	Name  string
	RunUp postcrm.Date // first day of pre-sales
	Peak  postcrm.Date // the festival day itself
	End   postcrm.Date // last day of the dispatch tail
}

// ShoppingFestivals returns the festivals of year in date order: 618,
// 双十一 and 双十二.
func ShoppingFestivals(year int) []ShoppingFestival {
	return []ShoppingFestival{
		{Name: "618", RunUp: postcrm.NewDate(year, time.June, 1), Peak: postcrm.NewDate(year, time.June, 18), End: postcrm.NewDate(year, time.June, 20)},
		{Name: "双十一", RunUp: postcrm.NewDate(year, time.October, 20), Peak: postcrm.NewDate(year, time.November, 11), End: postcrm.NewDate(year, time.November, 15)},
		{Name: "双十二", RunUp: postcrm.NewDate(year, time.December, 8), Peak: postcrm.NewDate(year, time.December, 12), End: postcrm.NewDate(year, time.December, 14)},
	}
}

// ShoppingFestivalOn returns the festival whose run-up, peak or tail d is
// part of.
func ShoppingFestivalOn(d postcrm.Date) (ShoppingFestival, bool) {
	for _, f := range ShoppingFestivals(d.Year()) {
		if d >= f.RunUp && d <= f.End {
			return f, true
		}
	}
	return ShoppingFestival{}, false
}
