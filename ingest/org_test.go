package ingest

import (
	"reflect"
	"testing"

	"postcrm"
)

var orgHeader = []string{"地市", "机构代码", "机构名称", "工号", "姓名", "岗位", "手机"}

var validCourier = map[string]string{
	"地市": "石家庄市", "机构代码": "13000101", "机构名称": "长安营业部", "工号": "S2001", "姓名": "张伟", "岗位": "揽投员", "手机": "13912345678",
}

func TestParseOrg(t *testing.T) {
	out := parseLines(t, postcrm.KindOrg, orgHeader,
		lineWith(orgHeader, validCourier, nil),
		lineWith(orgHeader, validCourier, map[string]string{"工号": "S2002", "姓名": "刘芳", "岗位": "营业部经理", "手机": ""}),
		lineWith(orgHeader, validCourier, map[string]string{"工号": "S2003", "机构代码": "13990001", "机构名称": "新华营业部", "岗位": "Courier"}),
		// City and province staff belong to no office, whatever the row says.
		lineWith(orgHeader, validCourier, map[string]string{"工号": "C0001", "岗位": "地市管理员"}),
		lineWith(orgHeader, validCourier, map[string]string{"工号": "P0001", "岗位": "province_admin", "地市": ""}),
		// The office renamed: sent again so the store takes the new name.
		lineWith(orgHeader, validCourier, map[string]string{"工号": "S2004", "机构名称": "长安区营业部"}),
	)
	if len(out.batch.Findings) != 0 {
		t.Fatalf("findings %+v", out.batch.Findings)
	}
	wantStaff := []postcrm.Staff{
		{ID: "S2001", Name: "张伟", Role: postcrm.RoleCourier, OfficeCode: "13000101", City: "石家庄市", Phone: "13912345678"},
		{ID: "S2002", Name: "刘芳", Role: postcrm.RoleOfficeManager, OfficeCode: "13000101", City: "石家庄市"},
		{ID: "S2003", Name: "张伟", Role: postcrm.RoleCourier, OfficeCode: "13990001", City: "石家庄市", Phone: "13912345678"},
		{ID: "C0001", Name: "张伟", Role: postcrm.RoleCityManager, City: "石家庄市", Phone: "13912345678"},
		{ID: "P0001", Name: "张伟", Role: postcrm.RoleProvinceAdmin, Phone: "13912345678"},
		{ID: "S2004", Name: "张伟", Role: postcrm.RoleCourier, OfficeCode: "13000101", City: "石家庄市", Phone: "13912345678"},
	}
	if !reflect.DeepEqual(out.batch.Staff, wantStaff) {
		t.Errorf("staff\n got %+v\nwant %+v", out.batch.Staff, wantStaff)
	}
	wantOffices := []postcrm.Office{
		{Code: "13000101", Name: "长安营业部", City: "石家庄市"},
		{Code: "13990001", Name: "新华营业部", City: "石家庄市"},
		{Code: "13000101", Name: "长安区营业部", City: "石家庄市"},
	}
	if !reflect.DeepEqual(out.batch.Offices, wantOffices) {
		t.Errorf("offices\n got %+v\nwant %+v", out.batch.Offices, wantOffices)
	}
}

func TestParseOrgRejects(t *testing.T) {
	checkRejects(t, postcrm.KindOrg, orgHeader, validCourier, nil, []rejectCase{
		{"工号", "", postcrm.ReasonMissingField, "工号不能为空"},
		{"姓名", "", postcrm.ReasonMissingField, "姓名不能为空"},
		{"岗位", "", postcrm.ReasonMissingField, "岗位不能为空"},
		{"岗位", "司机", postcrm.ReasonBadEnum, "岗位“司机”无法识别，应为 揽投员、营业部经理、地市管理员、省市场部 之一"},
		{"机构代码", "", postcrm.ReasonMissingField, "机构代码不能为空"},
		{"机构代码", "1300-0101", postcrm.ReasonBadCode, "机构代码“1300-0101”格式不对，应为 8 位数字"},
		{"机构名称", "", postcrm.ReasonMissingField, "机构名称不能为空"},
		{"地市", "", postcrm.ReasonMissingField, "地市不能为空"},
		{"手机", "139123456", postcrm.ReasonBadPhone, "手机“139123456”不是有效的手机号或固定电话（固定电话应带区号，如 0311-86123456）"},
	})
	cityManager := map[string]string{"工号": "C0002", "姓名": "赵磊", "岗位": "地市管理员"}
	checkRejects(t, postcrm.KindOrg, orgHeader, cityManager, nil, []rejectCase{
		{"地市", "", postcrm.ReasonMissingField, "地市不能为空"},
	})
}
