package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"postcrm"
	"postcrm/followup"
)

// effectCustomer is one customer of the effect data set: a year of one
// item a day, warned in May 2026, and what became of it.
type effectCustomer struct {
	code, office, owner string
	heldOut, contacted  bool
	recovered           bool // ships every day of June again; else nothing
}

// effectCustomers: both groups and the uncontacted in 石家庄市's two
// offices, fewer in 唐山市, so that a city's figures differ from the
// province's.
var effectCustomers = []effectCustomer{
	{"CUST-E1", "13000001", courierUser, true, false, true},
	{"CUST-E2", "13000002", courierUser, true, false, false},
	{"CUST-E3", "13000001", courierUser, false, true, true},
	{"CUST-E4", "13000002", courierUser, false, true, true},
	{"CUST-E5", "13000001", courierUser, false, true, false},
	{"CUST-E6", "13000001", courierUser, false, false, true},
	{"CUST-T1", "13100001", spareUser, true, false, false},
	{"CUST-T2", "13100001", spareUser, false, true, true},
	{"CUST-T3", "13100001", spareUser, false, true, false},
	{"CUST-T4", "13100001", spareUser, false, false, true},
}

// cityOfOffice is the fixture's offices' cities.
var cityOfOffice = map[string]string{"13000001": "石家庄市", "13000002": "石家庄市", "13100001": "唐山市"}

// loadEffectData adds the effect data set to the fixture: the customers
// and their waybills from March 2025 to June 2026, May's warnings
// (with the fixture's own four), their dispatches and contacts, and a
// June warning so that June counts as analysed.
func (f *fixture) loadEffectData(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	var customers []postcrm.Customer
	var waybills []postcrm.Waybill
	for i, c := range effectCustomers {
		customers = append(customers, postcrm.Customer{Code: c.code, Name: "成效客户" + c.code, OfficeCode: c.office, OwnerStaffID: c.owner, Status: postcrm.StatusActive})
		last := time.Date(2026, 2, 28, 0, 0, 0, 0, postcrm.ChinaTime)
		if c.recovered {
			last = time.Date(2026, 6, 30, 0, 0, 0, 0, postcrm.ChinaTime)
		}
		for d := time.Date(2025, 3, 1, 0, 0, 0, 0, postcrm.ChinaTime); !d.After(last); d = d.AddDate(0, 0, 1) {
			if d.Month() >= 3 && d.Month() <= 5 && d.Year() == 2026 {
				continue // the decline the warning is about
			}
			waybills = append(waybills, postcrm.Waybill{No: c.code + d.Format("20060102"), AcceptedAt: d.Add(10 * time.Hour),
				OfficeCode: c.office, CourierStaffID: c.owner, CustomerCode: c.code, SenderPhone: fmt.Sprintf("1370000%04d", i),
				PostageFen: 1200, Payment: postcrm.PaymentMonthly, Channel: postcrm.ChannelPickup})
		}
	}
	for _, b := range []postcrm.Batch{{Kind: postcrm.KindCustomers, Customers: customers}, {Kind: postcrm.KindWaybills, Waybills: waybills}} {
		if _, err := f.store.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	ws, err := f.store.Warnings(ctx, testMonth)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range effectCustomers {
		ws = append(ws, postcrm.Warning{Month: testMonth, Kind: postcrm.WarnDecline, CustomerCode: c.code, OfficeCode: c.office,
			OwnerStaffID: c.owner, ExpectedItems: 31, ActualItems: 0, ExpectedFen: 37200, RevenueAtRiskFen: 37200, Score: 5})
	}
	for _, save := range []struct {
		month postcrm.Month
		ws    []postcrm.Warning
	}{{testMonth, ws}, {202606, []postcrm.Warning{{Month: 202606, Kind: postcrm.WarnDecline, CustomerCode: "CUST-A", OfficeCode: "13000001", Score: 1}}}} {
		if err := f.store.SaveWarnings(ctx, save.month, []postcrm.WarningKind{postcrm.WarnDecline}, save.ws); err != nil {
			t.Fatal(err)
		}
	}
	if ws, err = f.store.Warnings(ctx, testMonth); err != nil {
		t.Fatal(err)
	}
	spec := map[string]effectCustomer{}
	for _, c := range effectCustomers {
		spec[c.code] = c
	}
	var plan postcrm.DispatchPlan
	for _, w := range ws {
		d := postcrm.Dispatch{WarningID: w.ID, Month: testMonth, Kind: w.Kind, CustomerCode: w.CustomerCode, OfficeCode: w.OfficeCode,
			AssignedTo: w.OwnerStaffID, DispatchedOn: 20260601, DueOn: 20260608, Status: postcrm.StatusOpen}
		if spec[w.CustomerCode].heldOut {
			d.HeldOut, d.AssignedTo, d.DueOn, d.Status = true, "", 0, postcrm.StatusHeldOut
		}
		plan.New = append(plan.New, d)
	}
	if err := f.store.ApplyDispatchPlan(ctx, plan, postcrm.Actor{User: "test"}); err != nil {
		t.Fatal(err)
	}
	for _, w := range ws {
		if c := spec[w.CustomerCode]; c.contacted {
			k := postcrm.Contact{WarningID: w.ID, On: 20260603, Method: postcrm.MethodVisit, Outcome: postcrm.OutcomeRecovered, Reason: "price", StaffID: c.owner}
			if _, err := f.store.AddContact(ctx, postcrm.Scope{Role: postcrm.RoleProvinceAdmin}, k, postcrm.Actor{User: c.owner}); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// effectOf reads the effect API for May as user.
func effectOf(t *testing.T, f *fixture, user string) (effectPage, string) {
	t.Helper()
	resp := f.session(t, user).api("GET", "/api/v1/followup/effect?month=2026-05", "")
	raw := body(t, resp)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: effect API %d %s", user, resp.StatusCode, raw)
	}
	var e effectPage
	if err := json.Unmarshal([]byte(raw), &e); err != nil {
		t.Fatal(err)
	}
	return e, raw
}

// TestCityManagersEffect: a city manager's effect figures are the
// province's measurement restricted to their city's offices, computed
// here from the unscoped store and the data set's own plan; the other
// city's offices, the held-out customers, the settings and the act notes
// do not show; office managers and couriers get 403.
func TestCityManagersEffect(t *testing.T) {
	onEveryStore(t, func(t *testing.T, f *fixture) {
		f.loadEffectData(t)
		ctx := context.Background()
		cases, err := followup.MonthCases(ctx, f.store, testMonth, 1)
		if err != nil {
			t.Fatal(err)
		}
		ds, err := f.store.Dispatches(ctx, testMonth)
		if err != nil {
			t.Fatal(err)
		}
		province, _ := effectOf(t, f, provinceUser)
		for _, c := range []struct{ user, city string }{{cityUser, "石家庄市"}, {otherCity, "唐山市"}} {
			got, raw := effectOf(t, f, c.user)
			var mine []followup.Case
			for _, k := range cases {
				if k.City == c.city {
					mine = append(mine, k)
				}
			}
			want := followup.NewReport(testMonth, 1, mine)
			if len(got.Check) == 0 || !got.Check[0].Available {
				t.Fatalf("%s: no check one month on: %+v", c.user, got.Check)
			}
			if r := *got.Check[0].Report; !reflect.DeepEqual(r, want) {
				t.Fatalf("%s: check one month on\n%+v\nwant\n%+v", c.user, r, want)
			}
			if want.All == province.Check[0].Report.All {
				t.Errorf("%s: the city's figures are the province's: the data set cannot tell them apart", c.user)
			}
			var dispatched, heldOut, contacted int
			for _, d := range ds {
				switch {
				case cityOfOffice[d.OfficeCode] != c.city:
				case d.HeldOut:
					heldOut++
				default:
					dispatched++
				}
			}
			for _, e := range effectCustomers {
				if e.contacted && cityOfOffice[e.office] == c.city {
					contacted++
				}
			}
			if got.Plan.Dispatched != dispatched || got.Plan.HeldOut != heldOut || got.Do.Contacted != contacted {
				t.Errorf("%s: plan %+v, do %+v; want %d dispatched, %d held out, %d contacted", c.user, got.Plan, got.Do, dispatched, heldOut, contacted)
			}
			for _, e := range got.Check[0].Report.ByOffice {
				if cityOfOffice[e.Key] != c.city {
					t.Errorf("%s: another city's office %s in the figures", c.user, e.Key)
				}
			}
			if got.EffectAct != nil || strings.Contains(raw, `"settings"`) || strings.Contains(raw, `"act"`) || strings.Contains(raw, "CUST-") {
				t.Errorf("%s: the city's effect carries the province's settings or notes, or customers: %s", c.user, raw)
			}
		}
		// The designed outcome in 石家庄市, one month on: the contacted 2 of
		// 3 back, the uncontacted 1 of 1, the held out 1 of 2.
		city, _ := effectOf(t, f, cityUser)
		g := city.Check[0].Report.All.Groups
		if g[followup.Contacted].Recovered != 2 || g[followup.Contacted].N != 3 || g[followup.NotContacted].Recovered != 1 ||
			g[followup.NotContacted].N != 1 || g[followup.HeldOut].Recovered != 1 || g[followup.HeldOut].N != 2 {
			t.Errorf("石家庄市's groups %+v", g)
		}
		page := body(t, f.session(t, cityUser).get("/followup/effect?month=2026-05"))
		for _, want := range []string{"本市跟进效果", `id="pdca-check"`, `id="held-out-note"`, "中华大街营业部"} {
			if !strings.Contains(page, want) {
				t.Errorf("the city's page lacks %s", want)
			}
		}
		for _, unwanted := range []string{"新华道营业部", `id="settings-form"`, `id="act-form"`, "CUST-"} {
			if strings.Contains(page, unwanted) {
				t.Errorf("the city's page shows %s", unwanted)
			}
		}
		for _, user := range []string{officeUser, courierUser} {
			c := f.session(t, user)
			if resp := c.get("/followup/effect"); resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s on the effect page: %d", user, resp.StatusCode)
			}
			if resp := c.api("GET", "/api/v1/followup/effect", ""); resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s on the effect API: %d", user, resp.StatusCode)
			}
		}
	})
}
