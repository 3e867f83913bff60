package ingest

import (
	"reflect"
	"testing"

	"postcrm"
)

var memberHeader = []string{"手机号", "注册日期", "机构代码", "推荐人工号"}

var validMember = map[string]string{"手机号": "13712345678", "注册日期": "2025-03-01", "机构代码": "13000102", "推荐人工号": "S1002"}

func TestParseMember(t *testing.T) {
	out := parseLines(t, postcrm.KindMembers, memberHeader,
		lineWith(memberHeader, validMember, nil),
		lineWith(memberHeader, validMember, map[string]string{"手机号": "+86 137 1234 5679", "注册日期": "2025/3/11", "推荐人工号": ""}),
		lineWith(memberHeader, validMember, map[string]string{"手机号": "13712345670", "推荐人工号": "S4040"}),
	)
	want := []postcrm.Member{
		{Phone: "13712345678", RegisteredOn: 20250301, OfficeCode: "13000102", StaffID: "S1002"},
		{Phone: "13712345679", RegisteredOn: 20250311, OfficeCode: "13000102"},
		{Phone: "13712345670", RegisteredOn: 20250301, OfficeCode: "13000102"},
	}
	if !reflect.DeepEqual(out.batch.Members, want) {
		t.Errorf("members\n got %+v\nwant %+v", out.batch.Members, want)
	}
	wantFindings := []postcrm.Finding{{Kind: postcrm.KindMembers, Source: "export.csv", Line: 4, Field: "推荐人工号",
		Reason: postcrm.ReasonUnknownStaff, Message: "推荐人工号在机构人员数据里没有，会员照常入库，但记不到推荐人名下",
		Value: "S4040", OfficeCode: "13000102", Record: "13712345670"}}
	if !reflect.DeepEqual(out.batch.Findings, wantFindings) {
		t.Errorf("findings\n got %+v\nwant %+v", out.batch.Findings, wantFindings)
	}
}

func TestParseMemberRejects(t *testing.T) {
	checkRejects(t, postcrm.KindMembers, memberHeader, validMember, map[string]string{"推荐人工号": "S4040"}, []rejectCase{
		{"手机号", "", postcrm.ReasonMissingField, "手机号不能为空"},
		{"手机号", "0311-86123456", postcrm.ReasonBadPhone, "手机号“0311-86123456”不是有效的手机号，应为 1 开头的 11 位数字"},
		{"手机号", "1371234567", postcrm.ReasonBadPhone, "手机号“1371234567”不是有效的手机号，应为 1 开头的 11 位数字"},
		{"注册日期", "", postcrm.ReasonMissingField, "注册日期不能为空"},
		{"注册日期", "2025-3-32", postcrm.ReasonBadDate, "注册日期“2025-3-32”无法识别，应为 2025-03-08 这样的格式"},
		{"注册日期", "2025-03-12", postcrm.ReasonFuture, "注册日期“2025-03-12”晚于今天，请核对"},
		{"机构代码", "", postcrm.ReasonMissingField, "机构代码不能为空"},
		{"机构代码", "13000199", postcrm.ReasonUnknownOffice, "机构代码“13000199”在机构人员数据里没有，请先导入机构人员，或核对代码"},
	})
}
