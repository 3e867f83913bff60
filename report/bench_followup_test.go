package report_test

import (
	"context"
	"fmt"
	"math/rand/v2"

	"postcrm"
	"postcrm/followup"
	"postcrm/sqlstore"
)

// The benchmark's follow-up: two analysed months, each with the province
// demo's rate of warnings (3% of the contract customers warned, three in
// four of them of a decline: 450 declines and 150 churns among 20,000;
// a customer often warned again the month after; 10 to 26 walk-in
// warnings an office, some 10,000 in the province), dispatched the way
// `postcrm analyze` does on the 3rd of the next month (10% held out), and
// the couriers' contacts recorded through the store.
const (
	benchWarnedShare   = 0.03 // of the contract customers, warned in a month
	benchDeclineShare  = 0.75 // of those, of a decline; the others of churn
	benchRewarnedShare = 0.4  // of a month's contract warnings, on customers warned the month before
	benchReachedShare  = 0.7  // of the dispatched warnings, reached by a contact
)

var benchFollowupMonths = []postcrm.Month{202605, 202606}

func fillFollowup(ctx context.Context, s *sqlstore.Store, r *rand.Rand, offices []postcrm.Office, customers []postcrm.Customer) error {
	var prev []postcrm.Warning
	for _, month := range benchFollowupMonths {
		ws := benchWarnings(r, month, offices, customers, prev)
		kinds := []postcrm.WarningKind{postcrm.WarnDecline, postcrm.WarnChurn, postcrm.WarnWalkinChurn}
		if err := s.SaveWarnings(ctx, month, kinds, ws); err != nil {
			return fmt.Errorf("save warnings of %d: %w", month, err)
		}
		prev = ws
		dispatchDay := month.Next().First().AddDays(2)
		if _, _, err := followup.Run(ctx, s, month, dispatchDay, -1, postcrm.Actor{User: "bench"}); err != nil {
			return fmt.Errorf("dispatch %d: %w", month, err)
		}
		if err := benchContacts(ctx, s, r, month); err != nil {
			return err
		}
	}
	return nil
}

// benchWarnings makes month's warnings: contract ones with the expected
// and actual figures an analysis stores, part of them on customers of
// prev, and walk-in ones by sender phone.
func benchWarnings(r *rand.Rand, month postcrm.Month, offices []postcrm.Office, customers []postcrm.Customer, prev []postcrm.Warning) []postcrm.Warning {
	var ws []postcrm.Warning
	warned := map[string]bool{}
	contract := func(kind postcrm.WarningKind, c postcrm.Customer) {
		if warned[c.Code] {
			return
		}
		warned[c.Code] = true
		expected := 200 + 600*r.Float64()
		actual := int64(expected * 0.5 * r.Float64())
		if kind == postcrm.WarnChurn {
			actual = 0
		}
		atRisk := int64((expected - float64(actual)) * 1000)
		ws = append(ws, postcrm.Warning{Month: month, Kind: kind, CustomerCode: c.Code, OfficeCode: c.OfficeCode, OwnerStaffID: c.OwnerStaffID,
			ExpectedItems: expected, ActualItems: actual, ExpectedFen: int64(expected * 1000), ActualFen: actual * 1000,
			RevenueAtRiskFen: atRisk, Score: float64(atRisk) / 1000, Reason: "发件量下滑"})
	}
	byCode := make(map[string]postcrm.Customer, len(customers))
	for _, c := range customers {
		byCode[c.Code] = c
	}
	for _, w := range prev {
		if w.CustomerCode != "" && r.Float64() < benchRewarnedShare {
			contract(w.Kind, byCode[w.CustomerCode])
		}
	}
	total := int(benchWarnedShare * float64(len(customers)))
	for n := len(ws); n < total; n = len(ws) {
		kind := postcrm.WarnDecline
		if n >= int(benchDeclineShare*float64(total)) {
			kind = postcrm.WarnChurn
		}
		contract(kind, customers[r.IntN(len(customers))])
	}
	for i, o := range offices {
		for k := range 10 + r.IntN(17) {
			ws = append(ws, postcrm.Warning{Month: month, Kind: postcrm.WarnWalkinChurn, SenderPhone: fmt.Sprintf("138%04d%04d", i, k),
				OfficeCode: o.Code, ExpectedFen: 30000, RevenueAtRiskFen: int64(5000 + r.IntN(50000)), Score: r.Float64(), Reason: "高价值散户久未寄件"})
		}
	}
	return ws
}

// benchContacts records the couriers' work on month's dispatches: a
// share of the customers reached within the due period or a few days
// late, most of the others tried once without reaching them.
func benchContacts(ctx context.Context, s *sqlstore.Store, r *rand.Rand, month postcrm.Month) error {
	ds, err := s.Dispatches(ctx, month)
	if err != nil {
		return err
	}
	outcomes := []postcrm.Outcome{postcrm.OutcomeRecovered, postcrm.OutcomePartly, postcrm.OutcomeLost, postcrm.OutcomeWrongWarning}
	reasons := []string{"price", "service", "shrank", "seasonal"}
	province := postcrm.Scope{Role: postcrm.RoleProvinceAdmin}
	for _, d := range ds {
		if !d.Actionable() || d.AssignedTo == "" {
			continue
		}
		c := postcrm.Contact{WarningID: d.WarningID, On: d.DispatchedOn.AddDays(r.IntN(10)), Method: postcrm.ContactMethods[r.IntN(3)],
			Outcome: outcomes[r.IntN(len(outcomes))], Reason: reasons[r.IntN(len(reasons))], StaffID: d.AssignedTo}
		if r.Float64() >= benchReachedShare {
			if r.Float64() < 0.5 {
				continue
			}
			c.Outcome, c.Reason = postcrm.OutcomeUnreachable, ""
		}
		if _, err := s.AddContact(ctx, province, c, postcrm.Actor{User: d.AssignedTo}); err != nil {
			return fmt.Errorf("contact on warning %d: %w", d.WarningID, err)
		}
	}
	return nil
}
