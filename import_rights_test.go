package postcrm

import (
	"strings"
	"testing"
)

func TestStaffDenial(t *testing.T) {
	city := Importer{Actor: Actor{User: "C001"}, Scope: Scope{Role: RoleCityManager, City: "石家庄市"}}
	province := Importer{Actor: Actor{User: "P001"}, Scope: Scope{Role: RoleProvinceAdmin}}
	courier := func(city, office string) Post { return Post{Role: RoleCourier, City: city, OfficeCode: office} }
	cityManager := Post{Role: RoleCityManager, City: "石家庄市"}
	for _, c := range []struct {
		name   string
		im     Importer
		id     string
		before *Post
		after  Post
		want   string // part of the denial; "" when allowed
	}{
		{"city: new courier of its city", city, "K1", nil, courier("石家庄市", "13000001"), ""},
		{"city: courier moved within its city", city, "K1", &Post{RoleCourier, "石家庄市", "13000001"}, Post{RoleOfficeManager, "石家庄市", "13000002"}, ""},
		{"city: own row unchanged", city, "C001", &cityManager, cityManager, ""},
		{"city: makes itself province", city, "C001", &cityManager, Post{Role: RoleProvinceAdmin}, "不能通过导入改变自己的岗位"},
		{"city: moves itself", city, "C001", &cityManager, Post{Role: RoleCityManager, City: "唐山市"}, "不能通过导入改变自己的岗位"},
		{"city: a new city manager", city, "C9", nil, Post{Role: RoleCityManager, City: "石家庄市"}, "只能导入揽投员和营业部经理"},
		{"city: a courier of another city", city, "K2", nil, courier("唐山市", "13100001"), "地市“唐山市”不是您管辖的地市（石家庄市）"},
		{"city: takes another city's courier", city, "K2", &Post{RoleCourier, "唐山市", "13100001"}, courier("石家庄市", "13000001"), "现为唐山市的揽投员"},
		{"city: demotes a province admin", city, "admin", &Post{Role: RoleProvinceAdmin}, courier("石家庄市", "13000001"), "现为省公司的省市场部"},
		{"province: anyone anywhere", province, "K2", &Post{RoleCourier, "唐山市", "13100001"}, Post{Role: RoleProvinceAdmin}, ""},
		{"province: not itself", province, "P001", &Post{Role: RoleProvinceAdmin}, courier("石家庄市", "13000001"), "不能通过导入改变自己的岗位"},
		{"operator: anyone", Importer{}, "P001", &Post{Role: RoleProvinceAdmin}, courier("石家庄市", "13000001"), ""},
	} {
		got := c.im.StaffDenial(c.id, c.before, c.after)
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func TestMayImport(t *testing.T) {
	for role, want := range map[Role]bool{RoleCourier: false, RoleOfficeManager: false, RoleCityManager: true, RoleProvinceAdmin: true, "": true} {
		if got := (Importer{Scope: Scope{Role: role}}).MayImport(); got != want {
			t.Errorf("%q may import: %v", role, got)
		}
	}
}

func TestStaffChangeDetail(t *testing.T) {
	names := func(code string) string { return map[string]string{"13000001": "中华大街营业部"}[code] }
	got := StaffChangeDetail(Post{RoleCourier, "石家庄市", "13000001"}, Post{RoleCityManager, "唐山市", ""}, names)
	want := "岗位 揽投员 → 地市管理员；地市 石家庄市 → 唐山市；营业部 中华大街营业部（13000001） → 无"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := StaffChangeDetail(Post{RoleCourier, "石家庄市", "13000001"}, Post{RoleCourier, "石家庄市", "13000001"}, names); got != "" {
		t.Errorf("unchanged post: %q", got)
	}
}
