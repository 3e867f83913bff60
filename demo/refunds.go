package demo

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"postcrm"
	"postcrm/refund"
)

// RefundStore is what the refund simulation reads and writes: the
// customers and their latest waybills to open cases on, the staff who
// take the steps, and the workflow's store.
type RefundStore interface {
	refund.SweepStore
	Customers(ctx context.Context) ([]postcrm.Customer, error)
	Staff(ctx context.Context) ([]postcrm.Staff, error)
	LatestCustomerWaybills(ctx context.Context, code string, limit int) ([]postcrm.Waybill, error)
}

// RefundResult counts the simulated month.
type RefundResult struct {
	Cases, Closed, Rejected, Open, SentBack, PayFailures int
	Reminded, Escalated                                  int
	SlowOffices                                          []string
}

// SimulateRefunds runs a month of refund cases through the
// workflow's rules, as the counters would: about one case for every five
// contract customers (at least 60, at most 400), opened in working hours,
// each office's manager opening, verifying and paying, another manager of
// the office (else the city manager) approving. The first office and
// about one in ten more are slow to approve (two and a half days on
// average against eight hours); one case in ten is sent back, about one
// in ten rejected, one payment in twelve fails first. Steps falling after
// the month's end are left open, and the reminder sweep runs at the
// month's end.
func SimulateRefunds(ctx context.Context, s RefundStore, month postcrm.Month, seed uint64) (RefundResult, error) {
	var res RefundResult
	customers, err := s.Customers(ctx)
	if err != nil {
		return res, err
	}
	staff, err := s.Staff(ctx)
	if err != nil {
		return res, err
	}
	managers := map[string][]postcrm.Staff{}
	cityManagers := map[string]postcrm.Staff{}
	for _, p := range staff {
		switch p.Role {
		case postcrm.RoleOfficeManager:
			managers[p.OfficeCode] = append(managers[p.OfficeCode], p)
		case postcrm.RoleCityManager:
			if _, ok := cityManagers[p.City]; !ok {
				cityManagers[p.City] = p
			}
		}
	}
	r := newRNG(seed, 0x7ef, 0)
	slices.SortFunc(customers, func(a, b postcrm.Customer) int { return strings.Compare(a.Code, b.Code) })
	n := min(max(len(customers)/5, 60), 400)
	from := month.First().Time()
	end := month.Next().First().Time()
	slow := map[string]bool{}
	reasons := []string{"收件人拒收", "收件人拒收", "收件人拒收", "地址错误", "地址错误", "无法投递", "客户取消", "其他"}
	for i := 0; i < len(customers) && res.Cases < n; i++ {
		c := customers[r.intn(len(customers))]
		ms := managers[c.OfficeCode]
		if len(ms) == 0 || c.Status != postcrm.StatusActive {
			continue
		}
		maker := ms[0]
		checker, ok := postcrm.Staff{}, false
		if len(ms) > 1 {
			checker, ok = ms[1], true
		} else {
			checker, ok = cityManagers[maker.City]
		}
		if !ok {
			continue
		}
		ws, err := s.LatestCustomerWaybills(ctx, c.Code, 5)
		if err != nil {
			return res, err
		}
		if len(ws) == 0 {
			continue
		}
		if _, seen := slow[c.OfficeCode]; !seen {
			slow[c.OfficeCode] = r.chance(0.1) || len(slow) == 0
			if slow[c.OfficeCode] {
				res.SlowOffices = append(res.SlowOffices, c.OfficeCode)
			}
		}
		w := ws[r.intn(len(ws))]
		day := r.intn(int(end.Sub(from).Hours()/24) - 1)
		at := from.Add(time.Duration(day*24+9)*time.Hour + time.Duration(r.intn(8*60))*time.Minute)
		if st, err := s.RefundCases(ctx, postcrm.Scope{Role: postcrm.RoleProvinceAdmin}, postcrm.RefundQuery{Waybill: w.No}); err != nil || len(st) > 0 {
			if err != nil {
				return res, err
			}
			continue
		}
		scopeOf := func(p postcrm.Staff) postcrm.Scope {
			return postcrm.ScopeOf(postcrm.User{Name: p.ID, Role: p.Role, City: p.City, OfficeCode: p.OfficeCode})
		}
		// Numbered as the counters' system numbers them, by the day opened.
		no := fmt.Sprintf("TF%s-%04d", strings.ReplaceAll(postcrm.DateOf(at).String(), "-", ""), res.Cases+1)
		state := postcrm.RefundNew
		do := func(p postcrm.Staff, in refund.Input) error {
			in.User, in.Role, in.At = p.ID, p.Role, at
			cs, err := refund.Do(ctx, s, scopeOf(p), postcrm.Actor{User: p.ID, Addr: "demo"}, no, in)
			if err != nil {
				return fmt.Errorf("模拟退费 %s %s: %w", no, in.Action, err)
			}
			no, state = cs.No, cs.State
			return nil
		}
		if err := do(maker, refund.Input{Action: postcrm.RefundOpen, Waybills: []string{w.No}, Reason: reasons[r.intn(len(reasons))]}); err != nil {
			return res, err
		}
		res.Cases++
		wait := func(meanHours float64) bool {
			at = at.Add(time.Duration(r.exp() * meanHours * float64(time.Hour)))
			return at.Before(end)
		}
		approveMean := 8.0
		if slow[c.OfficeCode] {
			approveMean = 60
		}
	steps:
		for {
			if !wait(5) {
				break
			}
			if r.chance(0.06) {
				if err := do(maker, refund.Input{Action: postcrm.RefundReject, Reason: "未见退回扫描"}); err != nil {
					return res, err
				}
				break
			}
			if err := do(maker, refund.Input{Action: postcrm.RefundVerified}); err != nil {
				return res, err
			}
			if !wait(approveMean) {
				break
			}
			switch {
			case r.chance(0.1):
				if err := do(checker, refund.Input{Action: postcrm.RefundSendBack, Comment: "退回扫描与运单不符，请再核实"}); err != nil {
					return res, err
				}
				res.SentBack++
				continue
			case r.chance(0.04):
				if err := do(checker, refund.Input{Action: postcrm.RefundReject, Reason: "邮费已退"}); err != nil {
					return res, err
				}
				break steps
			}
			if err := do(checker, refund.Input{Action: postcrm.RefundApproved, AmountFen: w.PostageFen}); err != nil {
				return res, err
			}
			for k := 0; ; k++ {
				if !wait(20) {
					break steps
				}
				if k == 0 && r.chance(1.0/12) {
					if err := do(maker, refund.Input{Action: postcrm.RefundPayFail, PayKey: no + "-F", Comment: "收款账户名不符"}); err != nil {
						return res, err
					}
					res.PayFailures++
					continue
				}
				if err := do(maker, refund.Input{Action: postcrm.RefundPayOK, PayKey: no + "-OK"}); err != nil {
					return res, err
				}
				break
			}
			if wait(6) {
				if err := do(maker, refund.Input{Action: postcrm.RefundClose}); err != nil {
					return res, err
				}
			}
			break
		}
		switch {
		case state == postcrm.RefundClosed:
			res.Closed++
		case state == postcrm.RefundRejected:
			res.Rejected++
		default:
			res.Open++
		}
	}
	sw, err := refund.Sweep(ctx, s, end)
	res.Reminded, res.Escalated = sw.Reminded, sw.Escalated
	return res, err
}
