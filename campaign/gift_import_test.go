package campaign_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"postcrm"
	"postcrm/campaign"
	"postcrm/sqlite"
)

// An office's gift register, typed up in Excel on a Chinese Windows
// (GB18030, a title row above the header), imports through ingest's
// reader: each row judged by the campaign's rule, the refused ones in
// the rejects file with the rule in Chinese; importing it again changes
// nothing.
func TestImportGifts(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := sqlite.Open(ctx, filepath.Join(dir, "db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	at := time.Date(2026, 6, 5, 10, 0, 0, 0, postcrm.ChinaTime)
	for _, b := range []postcrm.Batch{
		{Kind: postcrm.KindOrg, Offices: []postcrm.Office{{Code: "13000001", Name: "中华大街营业部", City: "石家庄市"}},
			Staff: []postcrm.Staff{{ID: "K1", Name: "李揽投", Role: postcrm.RoleCourier, OfficeCode: "13000001", City: "石家庄市"}}},
		{Kind: postcrm.KindMembers, Members: []postcrm.Member{{Phone: "13712345678", RegisteredOn: 20260605, OfficeCode: "13000001"},
			{Phone: "13712345679", RegisteredOn: 20260605, OfficeCode: "13000001"}}},
		{Kind: postcrm.KindWaybills, Waybills: []postcrm.Waybill{
			{No: "9700000000001", AcceptedAt: at, OfficeCode: "13000001", CourierStaffID: "K1", SenderPhone: "13712345678", PostageFen: 1200, Payment: postcrm.PaymentCash, Channel: postcrm.ChannelEChannel},
			{No: "9700000000002", AcceptedAt: at, OfficeCode: "13000001", CourierStaffID: "K1", SenderPhone: "13712345678", PostageFen: 1200, Payment: postcrm.PaymentCash, Channel: postcrm.ChannelEChannel},
			{No: "9700000000003", AcceptedAt: at, OfficeCode: "13000001", CourierStaffID: "K1", SenderPhone: "13712345679", PostageFen: 1200, Payment: postcrm.PaymentCash, Channel: postcrm.ChannelCounter},
		}},
	} {
		if _, err := s.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	province := postcrm.Scope{Role: postcrm.RoleProvinceAdmin}
	c, err := s.SaveCampaign(ctx, province, postcrm.Campaign{Name: "寄件返礼", From: 20260601, To: 20260630, Offices: []string{"13000001"},
		Channels: []postcrm.Channel{postcrm.ChannelEChannel}, Rule: postcrm.RuleNewMember, PerPhone: 1, Gift: "帆布袋", GiftCostFen: 850, BudgetFen: 8500},
		postcrm.Actor{User: "P1"})
	if err != nil {
		t.Fatal(err)
	}
	text := "中华大街营业部寄件返礼登记表（6月）\n序号,手机号,运单号,礼品\n" +
		"1,13712345678,9700000000001,帆布袋\n" + // recorded
		"2,13712345678,9700000000002,帆布袋\n" + // once per phone
		"3,13712345679,9700000000003,帆布袋\n" + // a counter item
		"4,1371234,9700000000002,帆布袋\n" + // not a mobile
		"5,13712345679,,帆布袋\n" // no waybill
	gb, err := simplifiedchinese.GB18030.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "礼品登记.csv")
	if err := os.WriteFile(path, []byte(gb), 0o644); err != nil {
		t.Fatal(err)
	}
	rejects := filepath.Join(dir, "rejects.csv")
	by := postcrm.Actor{User: "K1"}
	courier := postcrm.Scope{Role: postcrm.RoleCourier, City: "石家庄市", OfficeCode: "13000001", StaffID: "K1"}
	res, err := campaign.ImportGifts(ctx, s, courier, by, c.ID, path, "礼品登记.csv", rejects)
	if err != nil {
		t.Fatal(err)
	}
	if res.Read != 5 || res.Recorded != 1 || res.Already != 0 || len(res.Rejected) != 4 {
		t.Fatalf("read %d, recorded %d, already %d, rejected %d", res.Read, res.Recorded, res.Already, len(res.Rejected))
	}
	b, err := os.ReadFile(rejects)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"行号,字段,原因,说明,原值,序号,手机号,运单号,礼品", "4,手机号,不符合活动规则,13712345678 已领过本次活动的礼品，每个手机号限领一次",
		"5,运单号,不符合活动规则,运单经营业厅收寄，本次活动只限邮惠中心", "6,手机号,电话号码不对", "7,运单号,必填项为空"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("rejects file lacks %q:\n%s", want, b)
		}
	}
	again, err := campaign.ImportGifts(ctx, s, courier, by, c.ID, path, "礼品登记.csv", "")
	if err != nil {
		t.Fatal(err)
	}
	if again.Recorded != 0 || again.Already != 1 || len(again.Rejected) != 4 {
		t.Errorf("again: recorded %d, already %d, rejected %d", again.Recorded, again.Already, len(again.Rejected))
	}
	sum, err := s.Campaign(ctx, province, c.ID)
	if err != nil || sum.Gifts != 1 || sum.CostFen != 850 {
		t.Errorf("the campaign has %d gifts costing %d: %v", sum.Gifts, sum.CostFen, err)
	}
	gs, err := s.Gifts(ctx, province, c.ID)
	if err != nil || len(gs) != 1 || gs[0].Source != postcrm.GiftImported || gs[0].RecordedBy != "K1" {
		t.Errorf("gifts: %+v %v", gs, err)
	}
}
