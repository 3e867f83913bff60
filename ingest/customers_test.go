package ingest

import (
	"testing"

	"postcrm"
)

var customerHeader = []string{"客户代码", "客户名称", "机构代码", "管户人工号", "签约日期", "行业", "联系人", "联系电话", "状态"}

var validCustomer = map[string]string{
	"客户代码": "KH0100", "客户名称": "石家庄好运商贸有限公司", "机构代码": "13000101", "管户人工号": "S1001",
	"签约日期": "2024-01-15", "行业": "电商", "联系人": "王经理", "联系电话": "0311-86123456", "状态": "正常",
}

func TestParseCustomerValid(t *testing.T) {
	out := parseLines(t, postcrm.KindCustomers, customerHeader,
		lineWith(customerHeader, validCustomer, nil),
		lineWith(customerHeader, validCustomer, map[string]string{"客户代码": "KH0101", "管户人工号": "",
			"签约日期": "", "联系电话": "", "状态": "Terminated"}),
		lineWith(customerHeader, validCustomer, map[string]string{"客户代码": "KH0102", "签约日期": "20230301", "状态": "暂停"}),
	)
	want := []postcrm.Customer{
		{Code: "KH0100", Name: "石家庄好运商贸有限公司", OfficeCode: "13000101", OwnerStaffID: "S1001", ContractDate: 20240115,
			Industry: "电商", ContactName: "王经理", ContactPhone: "031186123456", Status: postcrm.StatusActive},
		{Code: "KH0101", Name: "石家庄好运商贸有限公司", OfficeCode: "13000101",
			Industry: "电商", ContactName: "王经理", Status: postcrm.StatusTerminated},
		{Code: "KH0102", Name: "石家庄好运商贸有限公司", OfficeCode: "13000101", OwnerStaffID: "S1001", ContractDate: 20230301,
			Industry: "电商", ContactName: "王经理", ContactPhone: "031186123456", Status: postcrm.StatusSuspended},
	}
	if len(out.batch.Findings) != 0 || len(out.batch.Customers) != len(want) {
		t.Fatalf("customers %+v, findings %+v", out.batch.Customers, out.batch.Findings)
	}
	for i := range want {
		if out.batch.Customers[i] != want[i] {
			t.Errorf("customer %d\n got %+v\nwant %+v", i, out.batch.Customers[i], want[i])
		}
	}
}

func TestParseCustomerUnknownOwnerIsUnowned(t *testing.T) {
	out := parseLines(t, postcrm.KindCustomers, customerHeader, lineWith(customerHeader, validCustomer, map[string]string{"管户人工号": "S7777"}))
	if len(out.batch.Customers) != 1 || out.batch.Customers[0].OwnerStaffID != "" {
		t.Fatalf("customers %+v", out.batch.Customers)
	}
	want := postcrm.Finding{Kind: postcrm.KindCustomers, Source: "export.csv", Line: 2, Field: "管户人工号",
		Reason: postcrm.ReasonUnknownStaff, Message: "管户人工号在机构人员数据里没有，客户按未管户入库", Value: "S7777", OfficeCode: "13000101", Record: validCustomer["客户代码"]}
	if len(out.batch.Findings) != 1 || out.batch.Findings[0] != want {
		t.Errorf("findings %+v, want %+v", out.batch.Findings, want)
	}
}

func TestParseCustomerRejects(t *testing.T) {
	checkRejects(t, postcrm.KindCustomers, customerHeader, validCustomer, map[string]string{"管户人工号": "S7777"}, []rejectCase{
		{"客户代码", "", postcrm.ReasonMissingField, "客户代码不能为空"},
		{"客户名称", "", postcrm.ReasonMissingField, "客户名称不能为空"},
		{"机构代码", "130001", postcrm.ReasonBadCode, "机构代码“130001”格式不对，应为 8 位数字"},
		{"机构代码", "13888888", postcrm.ReasonUnknownOffice, "机构代码“13888888”在机构人员数据里没有，请先导入机构人员，或核对代码"},
		{"状态", "", postcrm.ReasonMissingField, "状态不能为空"},
		{"状态", "冻结", postcrm.ReasonBadEnum, "状态“冻结”无法识别，应为 正常、暂停、解约 之一"},
		{"签约日期", "2024-02-30", postcrm.ReasonBadDate, "签约日期“2024-02-30”无法识别，应为 2025-03-08 这样的格式"},
		{"签约日期", "去年", postcrm.ReasonBadDate, "签约日期“去年”无法识别，应为 2025-03-08 这样的格式"},
		{"联系电话", "8612345", postcrm.ReasonBadPhone, "联系电话“8612345”不是有效的手机号或固定电话（固定电话应带区号，如 0311-86123456）"},
	})
}
