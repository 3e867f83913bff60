// Package analysis is the monthly judgement of the contract customers
// (协议客户): for a month M it works out what each customer should have
// shipped, and warns about those shipping improbably and materially less
// (发件量下滑), those silent for improbably long (疑似流失), and new
// customers starting well behind their peers (新签客户起量慢). It works on
// plain slices — the customers' daily items and postage from the
// importer's customer_daily rollup (ReadHistories streams them from a
// store) — and China's working calendar.
//
// # The expectation
//
// Each customer's days follow a multiplicative model,
//
//	μ(day) = level · e^(trend·t) · class · springFestival · festival · season
//
// with class the kind of day (each weekday, 调休 workday, holiday), the
// Spring Festival factor by week of days from 正月初一 (so that the trough
// moves with the lunar date, late January or late February), the
// shopping-festival factor by phase of 618, 双十一 and 双十二 (run-up,
// late run-up, peak and dispatch tail) and the season by month of the
// year. Counts around μ are negative binomial.
//
// The factors are fitted to the customer's history before M by iterative
// proportional fitting of the Poisson likelihood, each shrunk towards its
// peer group's factors with a gamma prior worth PriorItems items plus ten
// of the customer's days: a factor the customer has shown on many days is
// its own, one it has barely shown (its first 双十一, a Spring Festival
// before it signed) is its peers'. A silence of four weeks or more running
// up to M is left out of the fit: it is what the verdict is about.
//
// Peer groups are formed each month from the customers' own, barely
// shrunk factors: k-means on their logarithms (weekly rhythm, holidays,
// Spring Festival, festivals, months) among the customers with at least a
// hundred items, then every customer joins the group under whose factors
// its history is likeliest, twice over. A group's factors are its
// members' medians; its season is the season of all its members, so that
// a farm shipper with one year of history is still known to be quiet in
// spring.
//
// The expectation for M is
//
//	E = level(recent 3 months) · Σ_M shape · own year-ago movement · group movement
//
// where the level is re-anchored on the three months before M (so that an
// old decline is the new normal; their last one to four weeks are left out
// when they fell improbably and materially below the weeks before, so that
// a change just before M is measured against the normal before it), the
// shape sum covers M's served days (working days, holidays and make-up
// days, the Spring Festival weeks, festival days), the own year-ago
// movement compares the customer's same month last year with the three
// months before it, against its peers' (used when it has that year of
// history and was established then), and the group movement is the
// weighted median, over the group, of actual over expected in M itself
// (the pooled ratio when too few members expect enough items for their
// ratios to mean much): whatever moves a whole group this month and is in
// nobody's history (the first 双十一 in the data, a farm group's season
// before anyone has a year of it) moves each member's expectation with
// it. Expected revenue is E times the customer's recent postage per item.
//
// # The verdicts
//
// Decline: P(Y ≤ actual) ≤ DeclineAlpha for Y negative binomial with mean
// E and a variance adding the day-to-day over-dispersion (the day shape k
// fitted by moments to the customer's own days against a fortnight's local
// level, shrunk towards the province's typical k), the uncertainty of the
// recent level and of the year-ago movement, and ModelCV; and actual at
// least MinDrop below E; and at least MinRevenueAtRiskFen at risk; and not
// recovered: the month's last RecoveryDays are not RecoveryOdds times
// likelier at the full expectation than at the month's reduced rate.
//
// Two months: a customer neither warning takes is also judged on M and
// the month before together, the whole model fitted again up to the
// start of M−1 (recent level from the three months before that):
// P(Y₂ ≤ actual₂) ≤ TwoMonthAlpha over both months, both months together
// and M alone at least MinDrop down, M's share of the expectation at
// least MinRevenueAtRiskFen above its actual, and not recovered. It
// catches declines that began in M−1 and are within one month's noise;
// it also warns again in M a decline M−1 already warned but M alone
// would not, its level having followed the decline down. Its warning
// carries M's share of the two-month expectation and the two-month p.
//
// Churn: a customer that shipped regularly (ChurnMinWeekly items a week
// and items in ChurnMinActiveShare of the weeks, over the half year before
// its last item), silent for ChurnMinSilenceDays to ChurnMaxSilenceDays,
// whose silence has probability at most ChurnAlpha at its level before the
// silence (moved as its same days last year were, and by the group's
// movement within M). Churn wins over decline; a customer silent for
// longer than ChurnMaxSilenceDays was lost long ago and gets neither.
//
// Not judged: terminated contracts; customers signed in the last
// NewCustomerMonths (the slow-start list judges them, see slowstart.go);
// customers without MinHistoryDays of history before M. Days of an office's
// suspension (收寄服务暂停) are left out of the fit, the expectation, the
// actual figures and the silence.
//
// # The score
//
// Warnings are ranked by score = revenue at risk in yuan × min(1,
// −log₁₀ p / 6), p being the decline's P(Y ≤ actual) (over two months
// for a two-month warning) or the churn's P(silence): a certain loss ranks by its money, a doubtful one less. Ties
// go by customer code.
package analysis
