package evaluate

import "postcrm"

// The quality bar the analysis is held to (see the package comment), on
// a city-sized demo province (about 3,000 contract customers) generated,
// imported and read back the way postcrm does it: three months, among
// them 双十一 (2025-11), the Spring Festival month (2026-02, 正月初一 on
// the 17th) and 618 (2026-06). The demo's detection bound is computed
// over the same months and terms.
var QualityMonths = []postcrm.Month{202511, 202602, 202606}

// The bar's figures: material recall and precision at least, false
// positive rate at most.
const (
	MinPrecision         = 0.85
	MinRecall            = 0.90
	MaxFalsePositiveRate = 0.03
)
