package ingest

import (
	"testing"
	"time"

	"postcrm"
)

var waybillHeader = []string{"邮件号", "收寄时间", "机构代码", "揽投员工号", "客户代码", "寄件人电话",
	"产品", "重量(克)", "资费(元)", "付费方式", "收寄渠道", "寄达省"}

// waybillLine is a valid walk-in waybill row with some values changed.
func waybillLine(changes map[string]string) string {
	return lineWith(waybillHeader, validWaybill, changes)
}

var validWaybill = map[string]string{
	"邮件号": "1190000000001", "收寄时间": "2025-03-08 14:30:00", "机构代码": "13000101",
	"揽投员工号": "S1001", "客户代码": "", "寄件人电话": "13812345678", "产品": "标准快递",
	"重量(克)": "350.6", "资费(元)": "12.5", "付费方式": "现结", "收寄渠道": "营业厅", "寄达省": "广东省",
}

func parseWaybillLines(t *testing.T, lines ...string) parsed {
	t.Helper()
	return parseLines(t, postcrm.KindWaybills, waybillHeader, lines...)
}

func TestParseWaybillValid(t *testing.T) {
	out := parseWaybillLines(t,
		waybillLine(nil),
		waybillLine(map[string]string{"邮件号": "1190000000002", "客户代码": "KH0002", "寄件人电话": "",
			"资费(元)": "0.345", "重量(克)": "", "付费方式": "monthly", "收寄渠道": "MiniProgram", "收寄时间": "2025/3/9 8:05"}),
	)
	if len(out.rejects) != 0 || len(out.batch.Findings) != 0 {
		t.Fatalf("unexpected findings %+v", out.batch.Findings)
	}
	want := []postcrm.Waybill{{
		No: "1190000000001", AcceptedAt: time.Date(2025, 3, 8, 14, 30, 0, 0, postcrm.ChinaTime),
		OfficeCode: "13000101", CourierStaffID: "S1001", SenderPhone: "13812345678", Product: "标准快递",
		WeightG: 351, PostageFen: 1250, Payment: postcrm.PaymentCash, Channel: postcrm.ChannelCounter, DestProvince: "广东省",
	}, {
		No: "1190000000002", AcceptedAt: time.Date(2025, 3, 9, 8, 5, 0, 0, postcrm.ChinaTime),
		OfficeCode: "13000101", CourierStaffID: "S1001", CustomerCode: "KH0002", Product: "标准快递",
		PostageFen: 35, Payment: postcrm.PaymentMonthly, Channel: postcrm.ChannelMiniProgram, DestProvince: "广东省",
	}}
	if len(out.batch.Waybills) != len(want) {
		t.Fatalf("got %d waybills, want %d", len(out.batch.Waybills), len(want))
	}
	for i, w := range out.batch.Waybills {
		if !w.AcceptedAt.Equal(want[i].AcceptedAt) || w.AcceptedAt.Location() != postcrm.ChinaTime {
			t.Errorf("waybill %d accepted at %v, want %v in China time", i, w.AcceptedAt, want[i].AcceptedAt)
		}
		w.AcceptedAt = want[i].AcceptedAt
		if w != want[i] {
			t.Errorf("waybill %d:\n got %+v\nwant %+v", i, w, want[i])
		}
	}
	if out.batch.Kind != postcrm.KindWaybills {
		t.Errorf("batch kind %q", out.batch.Kind)
	}
}

func TestParseWaybillRejects(t *testing.T) {
	// An unknown courier on the same row must not add a second finding.
	checkRejects(t, postcrm.KindWaybills, waybillHeader, validWaybill, map[string]string{"揽投员工号": "S9999"}, []rejectCase{
		{"邮件号", "", postcrm.ReasonMissingField, "邮件号不能为空"},
		{"收寄时间", "", postcrm.ReasonMissingField, "收寄时间不能为空"},
		{"收寄时间", "2025-13-45 25:00", postcrm.ReasonBadTime, "收寄时间“2025-13-45 25:00”无法识别，应为 2025-03-08 14:30:00 这样的格式"},
		{"收寄时间", "2025-03-08", postcrm.ReasonBadTime, "收寄时间“2025-03-08”无法识别，应为 2025-03-08 14:30:00 这样的格式"},
		{"收寄时间", "1900-01-01 00:00:00", postcrm.ReasonBadTime, "收寄时间“1900-01-01 00:00:00”早于 2000 年，应是占位值或录错了"},
		{"收寄时间", "2025-03-11 12:00:01", postcrm.ReasonFuture, "收寄时间“2025-03-11 12:00:01”晚于当前时间，请核对"},
		{"机构代码", "", postcrm.ReasonMissingField, "机构代码不能为空"},
		{"机构代码", "1300010", postcrm.ReasonBadCode, "机构代码“1300010”格式不对，应为 8 位数字"},
		{"机构代码", "1300010A", postcrm.ReasonBadCode, "机构代码“1300010A”格式不对，应为 8 位数字"},
		{"机构代码", "13999999", postcrm.ReasonUnknownOffice, "机构代码“13999999”在机构人员数据里没有，请先导入机构人员，或核对代码"},
		{"客户代码", "KH9999", postcrm.ReasonUnknownCustomer, "客户代码“KH9999”在协议客户数据里没有，请先导入协议客户，或核对代码"},
		{"寄件人电话", "1381234", postcrm.ReasonBadPhone, "寄件人电话“1381234”不是有效的手机号或固定电话（固定电话应带区号，如 0311-86123456）"},
		{"资费(元)", "", postcrm.ReasonMissingField, "资费(元)不能为空"},
		{"资费(元)", "十二元", postcrm.ReasonBadNumber, "资费(元)“十二元”不是有效的数字"},
		{"资费(元)", "-0.5", postcrm.ReasonNegative, "资费(元)“-0.5”不能是负数"},
		{"资费(元)", "10000.01", postcrm.ReasonAbsurd, "资费(元)“10000.01”超过单件上限 10000 元，请核对"},
		{"重量(克)", "约300", postcrm.ReasonBadNumber, "重量(克)“约300”不是有效的数字"},
		{"重量(克)", "-1", postcrm.ReasonNegative, "重量(克)“-1”不能是负数"},
		{"重量(克)", "1000000.5", postcrm.ReasonAbsurd, "重量(克)“1000000.5”超过单件上限 1000 公斤，请核对"},
		{"付费方式", "", postcrm.ReasonMissingField, "付费方式不能为空"},
		{"付费方式", "刷卡", postcrm.ReasonBadEnum, "付费方式“刷卡”无法识别，应为 现结、月结 之一"},
		{"收寄渠道", "快递柜", postcrm.ReasonBadEnum, "收寄渠道“快递柜”无法识别，应为 营业厅、上门揽收、邮惠中心、小程序 之一"},
	})
}

func TestParseWaybillLimitsAreInclusive(t *testing.T) {
	out := parseWaybillLines(t, waybillLine(map[string]string{
		"资费(元)": "10000", "重量(克)": "1000000", "收寄时间": "2025-03-11 12:00:00"}))
	if len(out.batch.Waybills) != 1 || len(out.batch.Findings) != 0 {
		t.Fatalf("row at the limits rejected: %+v", out.batch.Findings)
	}
	if w := out.batch.Waybills[0]; w.PostageFen != 1_000_000 || w.WeightG != 1_000_000 {
		t.Errorf("got postage %d fen, weight %d g", w.PostageFen, w.WeightG)
	}
}

func TestParseWaybillFindingsThatKeepTheRow(t *testing.T) {
	out := parseWaybillLines(t,
		waybillLine(map[string]string{"揽投员工号": "S9999"}),
		waybillLine(map[string]string{"寄件人电话": ""}),
		waybillLine(map[string]string{"寄件人电话": "", "客户代码": "KH0001"}), // a contract item needs no phone
		waybillLine(map[string]string{"揽投员工号": ""}),                   // counter items may have no courier
	)
	if len(out.rejects) != 0 || len(out.batch.Waybills) != 4 {
		t.Fatalf("got %d waybills and rejects %+v", len(out.batch.Waybills), out.rejects)
	}
	if id := out.batch.Waybills[0].CourierStaffID; id != "" {
		t.Errorf("unknown courier kept as %q, want it left empty", id)
	}
	want := []postcrm.Finding{{
		Kind: postcrm.KindWaybills, Source: "export.csv", Line: 2, Field: "揽投员工号", Reason: postcrm.ReasonUnknownStaff,
		Message: "揽投员工号在机构人员数据里没有，邮件照常入库，但记不到揽投员名下", Value: "S9999", OfficeCode: "13000101",
		Record: validWaybill["邮件号"],
	}, {
		Kind: postcrm.KindWaybills, Source: "export.csv", Line: 3, Field: "寄件人电话", Reason: postcrm.ReasonNoPhone,
		Message: "散户邮件没有寄件人电话，认不出是哪位散户；邮件照常入库，但不计入散户分析", OfficeCode: "13000101",
		Record: validWaybill["邮件号"],
	}}
	if len(out.batch.Findings) != len(want) {
		t.Fatalf("findings %+v, want %+v", out.batch.Findings, want)
	}
	for i := range want {
		if out.batch.Findings[i] != want[i] {
			t.Errorf("finding %d\n got %+v\nwant %+v", i, out.batch.Findings[i], want[i])
		}
	}
}

func TestParseWaybillNormalisesPhones(t *testing.T) {
	out := parseWaybillLines(t,
		waybillLine(map[string]string{"寄件人电话": "+86 138-1234-5678"}),
		waybillLine(map[string]string{"寄件人电话": "0311-86123456"}),
	)
	if len(out.batch.Waybills) != 2 {
		t.Fatalf("rejects %+v", out.rejects)
	}
	if a, b := out.batch.Waybills[0].SenderPhone, out.batch.Waybills[1].SenderPhone; a != "13812345678" || b != "031186123456" {
		t.Errorf("phones %q, %q", a, b)
	}
}

// English aliases in any case and order, full-width parentheses and
// extra columns all map; findings name the column as the file wrote it.
func TestParseWaybillEnglishShuffledHeader(t *testing.T) {
	out := parseCSV(t, postcrm.KindWaybills,
		"备注,PAYMENT,Channel, accepted_at ,waybill_no,office_code,courier_staff_id,customer_code,sender_phone,资费（元）,Extra",
		"无,月结,pickup,2025-03-08 10:00:00,A1,13000101,S1001,KH0001,,8,x",
		"无,cash,营业厅,2025-03-08 10:00:00,A2,13000101,S1001,,,-8,x",
	)
	if len(out.batch.Waybills) != 1 {
		t.Fatalf("got %d waybills", len(out.batch.Waybills))
	}
	w := out.batch.Waybills[0]
	if w.No != "A1" || w.PostageFen != 800 || w.Payment != postcrm.PaymentMonthly || w.Channel != postcrm.ChannelPickup || w.CustomerCode != "KH0001" {
		t.Errorf("waybill %+v", w)
	}
	if got := onlyRejectOf(t, out.rejects); got.Field != "资费（元）" || got.Reason != postcrm.ReasonNegative {
		t.Errorf("reject %+v, want field 资费（元） as written in the file", got)
	}
}

func onlyRejectOf(t *testing.T, rejects []postcrm.Finding) postcrm.Finding {
	t.Helper()
	if len(rejects) != 1 {
		t.Fatalf("want one reject, got %+v", rejects)
	}
	return rejects[0]
}

func TestMissingRequiredColumns(t *testing.T) {
	path := writeFile(t, "收寄明细.csv", []byte("waybill_no,机构代码,揽投员工号,客户代码,寄件人电话,资费(元),付费方式,收寄渠道\n"))
	_, err := NewParser(postcrm.KindWaybills, openTable(t, path), testRef(), testNow)
	want := "文件“收寄明细.csv”缺少必需的列“收寄时间”（accepted_at）"
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
	path = writeFile(t, "members.csv", []byte("手机号\n"))
	_, err = NewParser(postcrm.KindMembers, openTable(t, path), testRef(), testNow)
	want = "文件“members.csv”缺少必需的列“注册日期”（registered_on）、“机构代码”（office_code）"
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %q", err, want)
	}
}
