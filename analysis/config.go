package analysis

import "fmt"

// Config holds the thresholds of the analysis. DefaultConfig gives the
// defaults; every field must be set.
type Config struct {
	HistoryMonths     int // months of history used, the analysed month included
	RecentMonths      int // the months before the analysed one that set the customer's current level
	MinHistoryDays    int // days of shipping history before the month needed to judge a customer
	NewCustomerMonths int // customers signed this recently go to the slow-start list instead

	// Decline (发件量下滑): improbable, material on both counts, and not
	// recovered by the month's end.
	DeclineAlpha        float64 // P(this few items or fewer | expectation) at most this
	MinDrop             float64 // actual at least this share below the expectation
	MinRevenueAtRiskFen int64   // and at least this much revenue at risk
	// A dip has recovered when the last RecoveryDays of the month are
	// RecoveryOdds times likelier under the full expectation than at the
	// month's reduced rate.
	RecoveryDays int
	RecoveryOdds float64
	// The last two months are also judged together against the level
	// before them, for declines that began last month and are too small
	// to be improbable in either month alone: P(this few items or fewer
	// over both) at most this. A second test of every customer doubles
	// the chances of a false alarm, so it is stricter than DeclineAlpha;
	// 0 turns it off.
	TwoMonthAlpha float64

	// Suspected churn (疑似流失).
	ChurnAlpha          float64 // P(a silence this long | the customer's rate) at most this
	ChurnMinWeekly      float64 // "shipped regularly": at least this many items a week…
	ChurnMinActiveShare float64 // …and items in at least this share of the weeks of the half year before the silence
	ChurnMinSilenceDays int     // a shorter pause is an interruption, not a departure
	ChurnMaxSilenceDays int     // a customer silent longer than this was lost long ago: no new warning

	// Slow start (新签客户起量慢): a new customer whose daily items are below
	// SlowStartShare of the median reached by customers signed earlier, at
	// the same age since signing.
	SlowStartShare   float64
	SlowStartMinDays int // days since signing before judging

	PriorItems float64 // weight, in items, of a peer group's factors against the customer's own
	ModelCV    float64 // relative error of an expectation beyond the count noise
	PeerGroups int     // number of peer groups; 0 chooses by the number of customers
}

// DefaultConfig returns the default thresholds: a decline is at least 30%
// and 300 yuan, at 2% significance; a churn a silence of two weeks to three
// months at 0.1%.
func DefaultConfig() Config {
	return Config{
		HistoryMonths:     24,
		RecentMonths:      3,
		MinHistoryDays:    90,
		NewCustomerMonths: 3,

		DeclineAlpha:        0.02,
		MinDrop:             0.30,
		MinRevenueAtRiskFen: 300_00,
		RecoveryDays:        10,
		RecoveryOdds:        20,
		TwoMonthAlpha:       0.002,

		ChurnAlpha:          0.001,
		ChurnMinWeekly:      1,
		ChurnMinActiveShare: 0.5,
		ChurnMinSilenceDays: 14,
		ChurnMaxSilenceDays: 92,

		SlowStartShare:   0.25,
		SlowStartMinDays: 30,

		PriorItems: 20,
		ModelCV:    0.10,
	}
}

func (c Config) validate() error {
	switch {
	case c.HistoryMonths < c.RecentMonths+2 || c.RecentMonths < 1:
		return fmt.Errorf("config: %d months of history cannot hold %d recent months and the analysed one", c.HistoryMonths, c.RecentMonths)
	case c.DeclineAlpha <= 0 || c.DeclineAlpha >= 1 || c.ChurnAlpha <= 0 || c.ChurnAlpha >= 1 || c.TwoMonthAlpha < 0 || c.TwoMonthAlpha >= 1:
		return fmt.Errorf("config: significance levels must lie strictly between 0 and 1")
	case c.MinDrop < 0 || c.MinDrop >= 1:
		return fmt.Errorf("config: minimum drop %.2f is not a share below 1", c.MinDrop)
	case c.RecoveryDays < 1 || c.RecoveryOdds <= 1:
		return fmt.Errorf("config: recovery needs at least a day and odds above 1")
	case c.ChurnMinSilenceDays < 1 || c.ChurnMaxSilenceDays < c.ChurnMinSilenceDays || c.ChurnMinActiveShare > 1:
		return fmt.Errorf("config: churn silence cap or active weeks out of range")
	case c.SlowStartShare <= 0 || c.SlowStartShare >= 1 || c.SlowStartMinDays < 1:
		return fmt.Errorf("config: slow-start share %.2f must lie between 0 and 1, after at least a day", c.SlowStartShare)
	case c.PriorItems <= 0 || c.ModelCV < 0 || c.PeerGroups < 0:
		return fmt.Errorf("config: prior weight, model error and peer groups must not be negative")
	}
	return nil
}
