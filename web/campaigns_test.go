package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"postcrm"
)

// campaignFixture stores three June campaigns, one per place: 中华大街
// (every walking user sees it), 建设路 (the city and the province) and
// 唐山市 (the province only); a walk-in who joined the e-channel on 6
// June and sent two e-channel items at 中华大街, and one at 建设路.
func (f *fixture) campaignFixture(t *testing.T) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	province := postcrm.Scope{Role: postcrm.RoleProvinceAdmin}
	ids := map[string]int64{}
	for _, c := range []struct{ key, office, city string }{{"A", "13000001", ""}, {"B", "13000002", ""}, {"C", "", "唐山市"}} {
		camp := postcrm.Campaign{Name: "寄件返礼" + c.key, From: 20260601, To: 20260630, Channels: []postcrm.Channel{postcrm.ChannelEChannel},
			Rule: postcrm.RuleNewMember, PerPhone: 1, Gift: "帆布袋", GiftCostFen: 850, BudgetFen: 85000}
		if c.office != "" {
			camp.Offices = []string{c.office}
		} else {
			camp.Cities = []string{c.city}
		}
		saved, err := f.store.SaveCampaign(ctx, province, camp, postcrm.Actor{User: provinceUser})
		if err != nil {
			t.Fatal(err)
		}
		ids[c.key] = saved.ID
	}
	wb := func(no, office string, day int) postcrm.Waybill {
		return postcrm.Waybill{No: no, AcceptedAt: time.Date(2026, 6, day, 11, 0, 0, 0, postcrm.ChinaTime), OfficeCode: office,
			CourierStaffID: courierUser, SenderPhone: "13712345678", Product: "标准快递", PostageFen: 1500, Payment: postcrm.PaymentCash,
			Channel: postcrm.ChannelEChannel}
	}
	for _, b := range []postcrm.Batch{
		{Kind: postcrm.KindMembers, Members: []postcrm.Member{{Phone: "13712345678", RegisteredOn: 20260606, OfficeCode: "13000001", StaffID: courierUser}}},
		{Kind: postcrm.KindWaybills, Waybills: []postcrm.Waybill{wb("9700000000001", "13000001", 6), wb("9700000000002", "13000001", 8), wb("9700000000003", "13000002", 9)}},
	} {
		if _, err := f.store.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	return ids
}

// campaignRouteSamples are the campaign routes' records for the walk.
func campaignRouteSamples(f *fixture) map[string][]routeSample {
	ids := f.campaignFixture(f.t)
	visible := map[string][]string{"A": everyone, "B": {cityUser, provinceUser}, "C": {provinceUser}}
	m := map[string][]routeSample{}
	for _, pattern := range []string{"GET /campaigns/{id}", "GET /campaigns/{id}/edit", "POST /campaigns/{id}", "GET /campaigns/{id}/gift",
		"POST /campaigns/{id}/gifts", "GET /campaigns/{id}/export", "POST /campaigns/{id}/gifts/import", "GET /api/v1/campaigns/{id}", "POST /api/v1/campaigns/{id}/gifts"} {
		path := strings.SplitN(pattern, " ", 2)[1]
		for key, who := range visible {
			m[pattern] = append(m[pattern], routeSample{strings.Replace(path, "{id}", itoa(ids[key]), 1), who})
		}
		m[pattern] = append(m[pattern], routeSample{strings.Replace(path, "{id}", "999999", 1), nil},
			routeSample{strings.Replace(path, "{id}", "x", 1), nil})
	}
	return m
}

// A courier records gifts at the counter: the first e-channel item of a
// new member gets one; the same phone again, another office's waybill
// and a phone typed wrong are refused with the rule, in Chinese, beside
// the field; the office manager sees the gift on the campaign's page.
func TestCounterRecordsAGift(t *testing.T) {
	f := newFixture(t)
	ids := f.campaignFixture(t)
	courier := f.session(t, courierUser)
	gift := func(phone, waybill string) *http.Response {
		return courier.post(fmt.Sprintf("/campaigns/%d/gifts", ids["A"]), url.Values{"phone": {phone}, "waybill": {waybill}})
	}
	resp := gift("13712345678", "9700000000001")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != fmt.Sprintf("/campaigns/%d/gift?done=gift", ids["A"]) {
		t.Fatalf("gift: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if page := body(t, courier.get(resp.Header.Get("Location"))); !strings.Contains(page, `id="gift-done"`) || !strings.Contains(page, "9700000000001") {
		t.Errorf("no confirmation or recent gift on the form after PRG")
	}
	for _, tc := range []struct{ phone, waybill, field, words string }{
		{"13712345678", "9700000000002", "g-phone-error", "每个手机号限领一次"},
		{"13712345678", "9700000000003", "g-waybill-error", "查不到运单 9700000000003"},
		{"1371234", "9700000000002", "g-phone-error", "手机号不对"},
		{"13712345678", "9799999999999", "g-waybill-error", "查不到运单"},
	} {
		resp := gift(tc.phone, tc.waybill)
		page := body(t, resp)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s/%s: status %d", tc.phone, tc.waybill, resp.StatusCode)
		}
		i := strings.Index(page, `id="`+tc.field+`"`)
		if i < 0 || !strings.Contains(page[i:min(len(page), i+300)], tc.words) {
			t.Errorf("%s/%s: %q not beside the field %s: %s", tc.phone, tc.waybill, tc.words, tc.field, page[max(0, strings.Index(page, "field-error")-100):][:600])
		}
		if !strings.Contains(page, `value="`+tc.phone+`"`) {
			t.Errorf("%s/%s: what was entered is lost", tc.phone, tc.waybill)
		}
	}
	manager := body(t, f.session(t, officeUser).get(fmt.Sprintf("/campaigns/%d", ids["A"])))
	for _, want := range []string{"9700000000001", "13712345678", `id="campaign-effect"`, "双重差分"} {
		if !strings.Contains(manager, want) {
			t.Errorf("the office manager's campaign page lacks %q", want)
		}
	}
	if page := body(t, courier.get(fmt.Sprintf("/campaigns/%d", ids["A"]))); strings.Contains(page, `id="campaign-effect"`) {
		t.Error("a courier sees the effect")
	}
	entries, _, err := f.store.AuditLog(context.Background(), postcrm.AuditQuery{User: courierUser})
	if err != nil || len(entries) == 0 || !strings.Contains(entries[0].Detail, "9700000000001") {
		t.Errorf("audit: %v %v", entries, err)
	}
}

// The campaign form: a city manager's refused campaign comes back with
// the messages beside the fields; a good one is saved and shown.
func TestCampaignForm(t *testing.T) {
	f := newFixture(t)
	city := f.session(t, cityUser)
	resp := city.post("/campaigns", url.Values{"name": {""}, "from": {"2026-07-01"}, "to": {"2026-06-01"}, "gift_cost": {"八元"}})
	page := body(t, resp)
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("status %d", resp.StatusCode)
	}
	for _, want := range []string{"请填写活动名称", "活动结束日期早于开始日期", "礼品单价请填元", "请选择参加活动的营业部或地市"} {
		if !strings.Contains(page, want) {
			t.Errorf("no %q on the refused form", want)
		}
	}
	resp = city.post("/campaigns", url.Values{"name": {"建设路满五件送"}, "from": {"2026-06-01"}, "to": {"2026-06-30"}, "offices": {"13000002"},
		"channels": {"echannel", "counter"}, "rule": {"every_n"}, "every_n": {"5"}, "per_phone": {"2"}, "gift": {"纸巾"}, "gift_cost": {"1.5"}, "budget": {"300"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", resp.StatusCode, body(t, resp))
	}
	page = body(t, city.get(resp.Header.Get("Location")))
	for _, want := range []string{"活动已保存", "建设路满五件送", "每寄满 5 件送一份，每个手机号最多 2 份", "1.50", "300.00"} {
		if !strings.Contains(page, want) {
			t.Errorf("the saved campaign's page lacks %q", want)
		}
	}
	resp = city.post("/campaigns", url.Values{"name": {"唐山活动"}, "from": {"2026-06-01"}, "to": {"2026-06-30"}, "cities": {"唐山市"},
		"channels": {"echannel"}, "rule": {"new_member"}, "gift": {"纸巾"}, "gift_cost": {"1"}, "budget": {"300"}})
	if resp.StatusCode != http.StatusConflict || !strings.Contains(body(t, resp), "只能在本市") {
		t.Errorf("石家庄's manager set up a campaign in 唐山: %d", resp.StatusCode)
	}
}

// The workbook's gift count and cost are the store's, row by row and in
// its total; LibreOffice opens it.
func TestCampaignWorkbookReconciles(t *testing.T) {
	f := newFixture(t)
	ids := f.campaignFixture(t)
	ctx := context.Background()
	province := postcrm.Scope{Role: postcrm.RoleProvinceAdmin}
	for _, g := range []postcrm.Gift{{CampaignID: ids["A"], Phone: "13712345678", WaybillNo: "9700000000001"},
		{CampaignID: ids["B"], Phone: "13712345678", WaybillNo: "9700000000003"}} {
		if _, err := f.store.RecordGift(ctx, province, g, postcrm.Actor{User: provinceUser}); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		user string
		id   int64
	}{{provinceUser, ids["A"]}, {officeUser, ids["A"]}, {cityUser, ids["B"]}} {
		resp := f.session(t, tc.user).get(fmt.Sprintf("/campaigns/%d/export", tc.id))
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", tc.user, resp.StatusCode)
		}
		b, _ := io.ReadAll(resp.Body)
		x, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := x.GetRows("礼品明细")
		if err != nil {
			t.Fatal(err)
		}
		sum, err := f.store.Campaign(ctx, province, tc.id)
		if err != nil {
			t.Fatal(err)
		}
		var n, cost float64
		var total []string
		for _, r := range rows {
			if len(r) > 6 && strings.HasPrefix(r[0], "97") {
				var one, fen float64
				fmt.Sscan(r[5], &one)
				fmt.Sscan(strings.ReplaceAll(r[6], ",", ""), &fen)
				n, cost = n+one, cost+fen
			}
			if len(r) > 0 && r[0] == "合计" {
				total = r
			}
		}
		if int(n) != sum.Gifts || int64(cost*100+0.5) != sum.CostFen || total == nil || total[5] != fmt.Sprint(sum.Gifts) {
			t.Errorf("%s: workbook has %v gifts costing %v (total row %v); the store %d costing %d fen", tc.user, n, cost, total, sum.Gifts, sum.CostFen)
		}
		if tc.user == provinceUser {
			checkOpensInLibreOffice(t, b)
		}
	}
}

func checkOpensInLibreOffice(t *testing.T, b []byte) {
	lo, err := exec.LookPath("soffice")
	if err != nil {
		t.Log("soffice not installed: not opened in LibreOffice")
		return
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "campaign.xlsx")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out := os.Getenv("POSTCRM_REPORT_PDF_DIR")
	if out == "" {
		out = dir
	}
	msg, err := exec.Command(lo, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless", "--convert-to", "pdf", "--outdir", out, path).CombinedOutput()
	if pdf, rerr := os.ReadFile(filepath.Join(out, "campaign.pdf")); err != nil || rerr != nil || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Errorf("LibreOffice could not open the workbook: %v %v\n%s", err, rerr, msg)
	}
}

// An office manager uploads the office's gift register: the good row is
// recorded, the refused one is listed with its line and its rule.
func TestGiftListUpload(t *testing.T) {
	f := newFixture(t)
	ids := f.campaignFixture(t)
	manager := f.session(t, officeUser)
	content := "手机号,运单号\n13712345678,9700000000001\n13712345678,9700000000002\n"
	resp := manager.upload(fmt.Sprintf("/campaigns/%d/gifts/import", ids["A"]), "", "礼品登记.csv", content)
	page := body(t, resp)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("upload: %d", resp.StatusCode)
	}
	for _, want := range []string{"读到 2 行：登记礼品 1 份，已登记过 0 份，不符合规则退回 1 行", "每个手机号限领一次", `id="gift-rejects"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the page after the upload lacks %q", want)
		}
	}
	sum, err := f.store.Campaign(context.Background(), postcrm.Scope{Role: postcrm.RoleProvinceAdmin}, ids["A"])
	if err != nil || sum.Gifts != 1 {
		t.Errorf("gifts after the upload: %d %v", sum.Gifts, err)
	}
	if resp := f.session(t, courierUser).upload(fmt.Sprintf("/campaigns/%d/gifts/import", ids["A"]), "", "x.csv", content); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a courier uploaded a gift list: %d", resp.StatusCode)
	}
}

// The member growth workbook: every recruiter, and the offices' members
// summing to the store's count for the month, as the city manager sees
// them.
func TestMembersWorkbook(t *testing.T) {
	f := newFixture(t)
	f.campaignFixture(t)
	resp := f.session(t, cityUser).get("/members/export?month=2026-06")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("export: %d", resp.StatusCode)
	}
	b, _ := io.ReadAll(resp.Body)
	x, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := x.GetRows("按营业部")
	if err != nil {
		t.Fatal(err)
	}
	counts, err := f.store.MemberCounts(context.Background(), postcrm.Scope{Role: postcrm.RoleCityManager, City: "石家庄市"}, 202606)
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, c := range counts {
		want += c.Members
	}
	var total []string
	for _, r := range rows {
		if len(r) > 1 && r[0] == "合计" {
			total = r
		}
	}
	if want == 0 || total == nil || total[1] != fmt.Sprint(want) {
		t.Errorf("total row %v, the store counts %d members", total, want)
	}
	checkOpensInLibreOffice(t, b)
	if resp := f.session(t, courierUser).get("/members/export?month=2026-06"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a courier exported: %d", resp.StatusCode)
	}
}

// The JSON API: a manager's campaign has the measured effect, a
// courier's has none; a gift through the API is refused with the rule's
// code, and a good one is recorded.
func TestCampaignAPI(t *testing.T) {
	f := newFixture(t)
	ids := f.campaignFixture(t)
	path := fmt.Sprintf("/api/v1/campaigns/%d", ids["A"])
	for _, tc := range []struct {
		user   string
		effect bool
	}{{officeUser, true}, {courierUser, false}} {
		resp := f.session(t, tc.user).api("GET", path, "")
		var got struct {
			Campaign campaignJSON    `json:"campaign"`
			Effect   json.RawMessage `json:"effect"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&got); err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %v", tc.user, resp.StatusCode, err)
		}
		if got.Campaign.ID != ids["A"] || got.Campaign.Rule != "new_member" || (got.Effect != nil) != tc.effect {
			t.Errorf("%s: %+v, effect %s", tc.user, got.Campaign, got.Effect)
		}
	}
	// The measurement is kept for the next reader.
	if _, found, err := f.store.Summary(context.Background(), postcrm.SummaryKey{Scope: "province", Name: fmt.Sprintf("campaign-effect-%d", ids["A"])}); err != nil || !found {
		t.Errorf("the effect was not kept: %v", err)
	}
	courier := f.session(t, courierUser)
	resp := courier.api("POST", path+"/gifts", `{"phone":"13712345678","waybill_no":"9700000000003"}`)
	if b := body(t, resp); resp.StatusCode != http.StatusBadRequest || !strings.Contains(b, postcrm.CodeGiftNoWaybill) {
		t.Errorf("another office's waybill: %d %s", resp.StatusCode, b)
	}
	resp = courier.api("POST", path+"/gifts", `{"phone":"13712345678","waybill_no":"9700000000001"}`)
	if b := body(t, resp); resp.StatusCode != http.StatusCreated || !strings.Contains(b, `"waybill_no":"9700000000001"`) {
		t.Errorf("a gift: %d %s", resp.StatusCode, b)
	}
	if resp := courier.api("GET", fmt.Sprintf("/api/v1/campaigns/%d", ids["C"]), ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("唐山's campaign for a 石家庄 courier: %d", resp.StatusCode)
	}
}
