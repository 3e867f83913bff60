package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"testing"

	"postcrm"
	"postcrm/report"
)

// checkKeptReports reads every kept report of May at every scope through
// the API as the province, then the report kept in the store, and
// compares it cell by cell (types included) with a fresh build.
func checkKeptReports(t *testing.T, f *fixture, stage string) {
	t.Helper()
	ctx := context.Background()
	src := f.store
	last, err := src.LastDataDay(ctx)
	if err != nil {
		t.Fatal(err)
	}
	scopes := []report.Scope{{Level: report.ScopeProvince}, {Level: report.ScopeCity, Code: "石家庄市"}, {Level: report.ScopeOffice, Code: "13000001"}}
	kept := 0
	for _, name := range report.Names() {
		for _, sc := range scopes {
			req := report.Request{Month: testMonth, Scope: sc}
			q := url.Values{"scope": {scopeParam(sc)}, "month": {"2026-05"}}
			if name == "evening" {
				if sc.Level != report.ScopeOffice {
					continue
				}
				req.Day, req.Month = last, last.YearMonth()
				q = url.Values{"scope": {scopeParam(sc)}, "day": {last.String()}}
			}
			resp := f.session(t, provinceUser).api("GET", "/api/v1/reports/"+name+"?"+q.Encode(), "")
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s: %s at %s: %d %s", stage, name, scopeParam(sc), resp.StatusCode, body(t, resp))
			}
			fresh, err := report.Build(ctx, src, name, req)
			if err != nil {
				t.Fatal(err)
			}
			s, found, err := f.store.Summary(ctx, postcrm.SummaryKey{Scope: scopeParam(sc), Name: "report-" + name, Month: req.Month})
			if err != nil {
				t.Fatal(err)
			}
			if unkeptReports[name] {
				if found {
					t.Errorf("%s: the %s report is kept", stage, name)
				}
				continue
			}
			var got storedReport
			if !found || json.Unmarshal(s.Body, &got) != nil {
				t.Fatalf("%s: %s at %s not kept (%v)", stage, name, scopeParam(sc), found)
			}
			if !reflect.DeepEqual(got.Report, fresh) {
				t.Errorf("%s: %s at %s: kept\n%s\nfresh\n%s", stage, name, scopeParam(sc), fmt.Sprint(got.Report), fmt.Sprint(fresh))
			}
			kept++
		}
	}
	if kept == 0 {
		t.Fatalf("%s: no report kept", stage)
	}
}

// TestKeptReportsEqualFresh: every report but the sign-in report and the
// evening board is kept per scope and month, and what is kept reads back
// equal to a fresh build, each cell of its type; after a visit recorded
// through the API the reports are built and kept again.
func TestKeptReportsEqualFresh(t *testing.T) {
	onEveryStore(t, func(t *testing.T, f *fixture) {
		f.loadEffectData(t)
		checkKeptReports(t, f, "as loaded")
		resp := f.session(t, otherCourier).api("POST", idPath(f, "/api/v1/followup/%d/contacts", "CUST-B"),
			`{"on": "2026-06-06", "method": "visit", "outcome": "recovered", "reason": "price"}`)
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("visit: %d %s", resp.StatusCode, body(t, resp))
		}
		checkKeptReports(t, f, "after a visit")
	})
}
