package btyd

import "math"

// Month lengths in the models' usual time units.
const (
	DaysPerMonth  = 365.25 / 12
	WeeksPerMonth = DaysPerMonth / 7
)

// CLVOptions shape a customer value. The zero value is the 12-month,
// undiscounted value of a model fitted in days.
type CLVOptions struct {
	Months        int     // horizon; 0 means 12
	UnitsPerMonth float64 // the model's time units in a month; 0 means DaysPerMonth
	// MonthlyDiscount is the discount rate per month; 0, the default, is
	// undiscounted: over one year discounting changes little, and the
	// undiscounted figure is the one the counter staff can check against
	// the postage a walk-in actually pays in the coming twelve months.
	MonthlyDiscount float64
}

// CLV is a customer's expected spend over the coming months: the expected
// purchases month by month times the expected spend per purchase, each
// month's purchases discounted to today. purchases is a BG/NBD or
// MBG/NBD model.
func CLV(purchases BGNBD, spend GammaGamma, c Summary, o CLVOptions) float64 {
	months, unit := o.Months, o.UnitsPerMonth
	if months == 0 {
		months = 12
	}
	if unit == 0 {
		unit = DaysPerMonth
	}
	perPurchase := spend.ExpectedSpend(c.Monetary, c.X)
	if o.MonthlyDiscount == 0 {
		return perPurchase * purchases.ExpectedPurchases(float64(months)*unit, c.X, c.Tx, c.T)
	}
	var value, before float64
	for m := 1; m <= months; m++ {
		upTo := purchases.ExpectedPurchases(float64(m)*unit, c.X, c.Tx, c.T)
		value += (upTo - before) / math.Pow(1+o.MonthlyDiscount, float64(m))
		before = upTo
	}
	return perPurchase * value
}
