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
	Month            int // YYYYMM
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
