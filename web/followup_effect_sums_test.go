package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"postcrm"
	"postcrm/followup"
)

// loadWalkinWarnings adds three walk-in warnings to May in office
// 13000001: two dispatched (one reached), one held out.
func (f *fixture) loadWalkinWarnings(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	var ws []postcrm.Warning
	for _, phone := range []string{"13900000001", "13900000002", "13900000003"} {
		ws = append(ws, postcrm.Warning{Month: testMonth, Kind: postcrm.WarnWalkinChurn, SenderPhone: phone, OfficeCode: "13000001",
			ExpectedFen: 50000, RevenueAtRiskFen: 50000, Score: 3})
	}
	if err := f.store.SaveWarnings(ctx, testMonth, []postcrm.WarningKind{postcrm.WarnWalkinChurn}, ws); err != nil {
		t.Fatal(err)
	}
	saved, err := f.store.Warnings(ctx, testMonth)
	if err != nil {
		t.Fatal(err)
	}
	var plan postcrm.DispatchPlan
	var reached int64
	for _, w := range saved {
		if w.Kind != postcrm.WarnWalkinChurn {
			continue
		}
		d := postcrm.Dispatch{WarningID: w.ID, Month: testMonth, Kind: w.Kind, SenderPhone: w.SenderPhone, OfficeCode: w.OfficeCode,
			AssignedTo: officeUser, DispatchedOn: 20260601, DueOn: 20260608, Status: postcrm.StatusOpen}
		if w.SenderPhone == "13900000003" {
			d.HeldOut, d.AssignedTo, d.DueOn, d.Status = true, "", 0, postcrm.StatusHeldOut
		}
		if w.SenderPhone == "13900000001" {
			reached = w.ID
		}
		plan.New = append(plan.New, d)
	}
	if err := f.store.ApplyDispatchPlan(ctx, plan, postcrm.Actor{User: "test"}); err != nil {
		t.Fatal(err)
	}
	k := postcrm.Contact{WarningID: reached, On: 20260602, Method: postcrm.MethodPhone, Outcome: postcrm.OutcomeLost, Reason: "price", StaffID: officeUser}
	if _, err := f.store.AddContact(ctx, postcrm.Scope{Role: postcrm.RoleProvinceAdmin}, k, postcrm.Actor{User: officeUser}); err != nil {
		t.Fatal(err)
	}
}

// listTotal is the total a list API answers for path.
func listTotal(t *testing.T, f *fixture, user, path string) int {
	t.Helper()
	resp := f.session(t, user).api("GET", path, "")
	raw := body(t, resp)
	var l listPosition
	if resp.StatusCode != http.StatusOK || json.Unmarshal([]byte(raw), &l) != nil {
		t.Fatalf("%s %s: %d %s", user, path, resp.StatusCode, raw)
	}
	return l.Total
}

// TestEffectFiguresReconcile: the effect page's plan and do figures sum
// up to what the warnings and follow-up lists count for the month, per
// kind, contract and walk-in apart; and its check groups sum up to the
// plan's measured kinds, dispatched and held out. The page says which
// kinds it measures and what share was held out.
func TestEffectFiguresReconcile(t *testing.T) {
	onEveryStore(t, func(t *testing.T, f *fixture) {
		f.loadEffectData(t)
		f.loadWalkinWarnings(t)
		for _, user := range []string{provinceUser, cityUser} {
			e, _ := effectOf(t, f, user)
			var walkins, contract, measuredDispatched, measuredHeld int
			for _, k := range e.Plan.ByKind {
				// Below the province the lists keep the control group out
				// of sight, so that nobody follows it up by the way.
				listed := k.Warnings
				if user != provinceUser {
					listed -= k.HeldOut
				}
				if n := listTotal(t, f, user, "/api/v1/warnings?month=2026-05&kind="+string(k.Kind)); n != listed {
					t.Errorf("%s %s: the plan counts %d warnings (%d held out), the warnings list %d", user, k.Kind, k.Warnings, k.HeldOut, n)
				}
				if k.Warnings != k.Dispatched+k.HeldOut+k.NotDispatched {
					t.Errorf("%s %s: %d warnings are not %d dispatched + %d held out + %d not dispatched", user, k.Kind, k.Warnings, k.Dispatched, k.HeldOut, k.NotDispatched)
				}
				if k.Walkin {
					walkins += k.Warnings
				} else {
					contract += k.Warnings
				}
				if k.Measured {
					measuredDispatched += k.Dispatched
					measuredHeld += k.HeldOut
				}
			}
			if walkins == 0 || contract == 0 {
				t.Fatalf("%s: %d walk-in and %d contract warnings: the data set must have both", user, walkins, contract)
			}
			if all := listTotal(t, f, user, "/api/v1/warnings?month=2026-05"); user == provinceUser && all != walkins+contract {
				t.Errorf("%s: the warnings list holds %d, the plan %d contract + %d walk-in", user, all, contract, walkins)
			}
			if listed := listTotal(t, f, user, "/api/v1/followup?month=2026-05"); listed != e.Plan.Dispatched {
				t.Errorf("%s: the follow-up list holds %d, the plan dispatched %d", user, listed, e.Plan.Dispatched)
			}
			closed := listTotal(t, f, user, "/api/v1/followup?month=2026-05&status=closed")
			byStatus := closed + listTotal(t, f, user, "/api/v1/followup?month=2026-05&status=open") +
				listTotal(t, f, user, "/api/v1/followup?month=2026-05&status=in_progress")
			if byStatus != e.Plan.Dispatched || closed != e.Do.Closed {
				t.Errorf("%s: the follow-up list by status holds %d (%d closed), the plan %d dispatched (%d closed)", user, byStatus, closed, e.Plan.Dispatched, e.Do.Closed)
			}
			r := e.Check[0].Report
			g := r.All.Groups
			if r.Unmeasured == 0 || g[followup.Contacted].N+g[followup.NotContacted].N+g[followup.HeldOut].N+r.Unmeasured != measuredDispatched+measuredHeld {
				t.Errorf("%s: the check's groups %d + %d + %d held out + %d unmeasured; the plan's measured kinds %d dispatched, %d held out",
					user, g[followup.Contacted].N, g[followup.NotContacted].N, g[followup.HeldOut].N, r.Unmeasured, measuredDispatched, measuredHeld)
			}
			page := body(t, f.session(t, user).get("/followup/effect?month=2026-05"))
			for _, want := range []string{`id="effect-kinds"`, "下面只衡量突然停发、近期发件骤减、发件量下滑、疑似流失预警", "散户合计", "协议客户合计", "对照组占本月预警的", `id="unmeasured-1"`} {
				if !strings.Contains(page, want) {
					t.Errorf("%s: the page lacks %s", user, want)
				}
			}
			for _, unwanted := range []string{"0/0", "postcrm", "Newcombe", " · </p>"} {
				if strings.Contains(page, unwanted) {
					t.Errorf("%s: the page shows %q", user, unwanted)
				}
			}
		}
	})
}
