package postcrm

// WarningKind is why a customer needs attention this month.
type WarningKind string

const (
	WarnDecline     WarningKind = "decline"      // 发件量下滑
	WarnChurn       WarningKind = "churn"        // 疑似流失
	WarnWalkinChurn WarningKind = "walkin_churn" // 高价值散户疑似流失
	WarnSlowStart   WarningKind = "slow_start"   // 新签客户起量慢
)

// Warning is one customer flagged in one month's analysis. A contract
// customer has CustomerCode; a walk-in has SenderPhone. One customer gets
// at most one warning per month: (Month, CustomerCode, SenderPhone) is the
// key, so re-running the month updates the figures and keeps follow-up
// state attached to it.
type Warning struct {
	ID               int64
	Month            Month
	Kind             WarningKind
	CustomerCode     string
	SenderPhone      string
	OfficeCode       string
	OwnerStaffID     string
	ExpectedItems    float64
	ActualItems      int64
	ExpectedFen      int64 // expected revenue in fen
	ActualFen        int64
	RevenueAtRiskFen int64
	Score            float64 // higher = more urgent; ranks the list
	Reason           string  // one line of Chinese a courier understands
}

// Suspension is a period in which an office could not accept items
// (收寄服务暂停/限制: epidemic, disaster, …); its days are no-service days for
// the analysis, not a drop in the customers' shipping.
type Suspension struct {
	OfficeCode string
	From, To   Date // inclusive
	Reason     string
}

// WalkinScore is one walk-in customer's standing at the end of a month:
// its purchase summary in days and what the BG/NBD and Gamma-Gamma models
// make of it.
type WalkinScore struct {
	Month            Month
	Phone            string
	OfficeCode       string  // the office of its latest purchase
	Frequency        int     // repeat purchase days
	RecencyDays      int     // first to last purchase day
	TDays            int     // first purchase day to the end of the month
	PAlive           float64 // probability it still sends with us
	ExpectedItems90d float64 // expected purchase days in the next 90 days
	AvgPostageFen    int64   // expected spend per purchase
	CLV12mFen        int64   // expected spend over the next 12 months
}
