package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"postcrm"
	"postcrm/sqlstore"
)

// uploadAndWait uploads content as kind through the import form and
// returns the finished run.
func (c *client) uploadAndWait(kind, name, content string) importStatus {
	c.t.Helper()
	resp := c.upload("/import", kind, name, content)
	if resp.StatusCode != http.StatusSeeOther {
		c.t.Fatalf("upload %s: %d %s", kind, resp.StatusCode, body(c.t, resp))
	}
	path := resp.Header.Get("Location")
	c.f.waitImport(c.t, path)
	return c.runStatus(path)
}

func (c *client) runStatus(path string) importStatus {
	c.t.Helper()
	var st importStatus
	resp := c.api("GET", "/api/v1/imports/"+strings.TrimPrefix(path, "/import/"), "")
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		c.t.Fatal(err)
	}
	return st
}

// TestCityManagerCannotMakeThemselvesProvinceAdmin: a one-row org file
// naming the uploader 省市场部 is refused for that row, with the reason
// in the rejects file, and the uploader stays a city manager.
func TestCityManagerCannotMakeThemselvesProvinceAdmin(t *testing.T) {
	onEveryStore(t, func(t *testing.T, f *fixture) {
		c := f.session(t, cityUser)
		st := c.uploadAndWait("org", "org.csv", "地市,机构代码,机构名称,工号,姓名,岗位,手机\n,,,"+cityUser+",石家庄管理员,省市场部,\n")
		if st.State != "done" || st.Rejected != 1 || st.NotPermitted != 1 || st.Updated != 0 {
			t.Errorf("run %+v", st)
		}
		if page := body(t, c.get("/import/"+itoa(st.ID))); !strings.Contains(page, "（其中 1 行超出您的导入权限）") {
			t.Error("the run page does not say a row was outside the uploader's rights")
		}
		if u := f.user(t, cityUser); u.Role != postcrm.RoleCityManager || u.City != "石家庄市" {
			t.Errorf("the uploader is now %s of %q", u.Role, u.City)
		}
		// The same session, on the next requests.
		for _, path := range []string{"/api/v1/users", "/api/v1/audit"} {
			if resp := c.api("GET", path, ""); resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s after the upload: %d", path, resp.StatusCode)
			}
		}
		if resp := c.get("/customers/CUST-D"); resp.StatusCode != http.StatusNotFound {
			t.Errorf("another city's customer after the upload: %d", resp.StatusCode)
		}
		if page := body(t, c.get("/import")); !strings.Contains(page, "您是石家庄市的地市管理员，只能导入本市的数据") {
			t.Error("the import page does not tell the city manager what they may import")
		}
		rejects := body(t, c.get("/import/"+itoa(st.ID)+"/rejects"))
		if !strings.Contains(rejects, "超出导入权限") || !strings.Contains(rejects, "不能通过导入改变自己的岗位") {
			t.Errorf("rejects file:\n%s", rejects)
		}
	})
}

// TestCityManagerCannotRewriteAnotherCitysCustomers: renaming another
// city's customer, clearing its owner or moving it into the uploader's
// office is refused row by row; the uploader's own customer is updated.
func TestCityManagerCannotRewriteAnotherCitysCustomers(t *testing.T) {
	onEveryStore(t, func(t *testing.T, f *fixture) {
		c := f.session(t, cityUser)
		st := c.uploadAndWait("customers", "customers.csv", "客户代码,客户名称,机构代码,管户人工号,状态\n"+
			"CUST-D,改名陶瓷,13100001,,正常\n"+ // another city's, owner cleared
			"CUST-D,改名陶瓷,13000001,,正常\n"+ // moved into the uploader's office
			"CUST-C,建设路大药房,13000002,K002,正常\n"+ // the uploader's own
			"CUST-E,新客户,13000002,"+spareUser+",正常\n") // owned by another city's courier
		if st.State != "done" || st.Rejected != 3 || st.Updated != 1 {
			t.Fatalf("run %+v", st)
		}
		customers, err := f.store.Customers(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		byCode := map[string]postcrm.Customer{}
		for _, cu := range customers {
			byCode[cu.Code] = cu
		}
		if d := byCode["CUST-D"]; d.Name != "唐山陶瓷" || d.OwnerStaffID != spareUser || d.OfficeCode != "13100001" {
			t.Errorf("another city's customer changed: %+v", d)
		}
		if cc := byCode["CUST-C"]; cc.Name != "建设路大药房" || cc.OwnerStaffID != "K002" {
			t.Errorf("the city's own customer was not updated: %+v", cc)
		}
		if _, ok := byCode["CUST-E"]; ok {
			t.Error("a customer owned by another city's courier went in")
		}
		rejects := body(t, c.get(st.RejectsLink))
		for _, want := range []string{"客户代码“CUST-D”属于唐山市，不在您的管辖范围（石家庄市）内", "机构代码“13100001”属于唐山市", "管户人工号“K003”属于唐山市"} {
			if !strings.Contains(rejects, want) {
				t.Errorf("rejects file lacks %s:\n%s", want, rejects)
			}
		}
	})
}

// TestImportAuditsMovesOfPeople: every change of a person's role, city or
// office is in the audit log, in the importer's name, before and after.
func TestImportAuditsMovesOfPeople(t *testing.T) {
	onEveryStore(t, func(t *testing.T, f *fixture) {
		const header = "地市,机构代码,机构名称,工号,姓名,岗位,手机\n"
		// The city manager promotes their courier and moves them.
		f.session(t, cityUser).uploadAndWait("org", "org.csv", header+
			"石家庄市,13000002,建设路营业部,"+otherCourier+",赵揽投,营业部经理,\n"+
			"石家庄市,13000001,中华大街营业部,"+courierUser+",李揽投,揽投员,\n") // unchanged
		// The province moves a city manager to another city.
		f.session(t, provinceUser).uploadAndWait("org", "org2.csv", header+"保定市,,,"+otherCity+",唐山管理员,地市管理员,\n")
		entries, _, err := f.store.AuditLog(t.Context(), postcrm.AuditQuery{Action: postcrm.AuditStaffChange})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, e := range entries {
			got[e.User+" "+e.Target] = e.Detail
		}
		want := map[string]string{
			cityUser + " 赵揽投（工号 K002）":       "岗位 揽投员 → 营业部经理；营业部 中华大街营业部（13000001） → 建设路营业部（13000002）",
			provinceUser + " 唐山管理员（工号 C002）": "地市 唐山市 → 保定市",
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("audit entries\n got %v\nwant %v", got, want)
		}
	})
}

// importSample is one import kind's file for the walk: a row in the
// city manager's city and one in another city, and how to tell whether
// each went in.
type importSample struct {
	kind   postcrm.ImportKind
	header string
	in     func(tag string) string // a row of 石家庄市
	out    func(tag string) string // a row of 唐山市
	stored func(ctx context.Context, s *sqlstore.Store, tag string) (in, out bool)
}

var importSamples = []importSample{
	{
		kind: postcrm.KindOrg, header: "地市,机构代码,机构名称,工号,姓名,岗位,手机",
		in: func(tag string) string {
			return "石家庄市,13000002,建设路营业部,I" + tag + ",新揽投,揽投员,"
		},
		out: func(tag string) string {
			return "唐山市,13100001,新华道营业部,O" + tag + ",新揽投,揽投员,"
		},
		stored: func(ctx context.Context, s *sqlstore.Store, tag string) (bool, bool) {
			staff, _ := s.Staff(ctx)
			return containsStaff(staff, "I"+tag), containsStaff(staff, "O"+tag)
		},
	},
	{
		kind: postcrm.KindCustomers, header: "客户代码,客户名称,机构代码,管户人工号,状态",
		in:  func(tag string) string { return "I" + tag + ",新客户,13000002,,正常" },
		out: func(tag string) string { return "O" + tag + ",新客户,13100001,,正常" },
		stored: func(ctx context.Context, s *sqlstore.Store, tag string) (bool, bool) {
			cs, _ := s.Customers(ctx)
			has := func(code string) bool {
				for _, c := range cs {
					if c.Code == code {
						return true
					}
				}
				return false
			}
			return has("I" + tag), has("O" + tag)
		},
	},
	{
		kind: postcrm.KindWaybills, header: "邮件号,收寄时间,机构代码,揽投员工号,客户代码,寄件人电话,资费(元),付费方式,收寄渠道",
		in: func(tag string) string {
			return "I" + tag + ",2026-06-01 10:00:00,13000001,K001,CUST-A,,12.00,月结,上门揽收"
		},
		out: func(tag string) string {
			return "O" + tag + ",2026-06-01 10:00:00,13100001,K003,CUST-D,,12.00,月结,上门揽收"
		},
		stored: func(ctx context.Context, s *sqlstore.Store, tag string) (bool, bool) {
			_, errIn := s.Waybill(ctx, "I"+tag)
			_, errOut := s.Waybill(ctx, "O"+tag)
			return errIn == nil, errOut == nil
		},
	},
	{
		kind: postcrm.KindMembers, header: "手机号,注册日期,机构代码,推荐人工号",
		in:  func(tag string) string { return "1371111" + tag + ",2026-06-01,13000001,K001" },
		out: func(tag string) string { return "1372222" + tag + ",2026-06-01,13100001,K003" },
		stored: func(ctx context.Context, s *sqlstore.Store, tag string) (bool, bool) {
			_, errIn := s.Member(ctx, "1371111"+tag)
			_, errOut := s.Member(ctx, "1372222"+tag)
			return errIn == nil, errOut == nil
		},
	},
	{
		kind: postcrm.KindSuspensions, header: "机构代码,开始日期,结束日期,原因",
		in:  func(tag string) string { return "13000002," + dayOf(tag) + ",,停电" },
		out: func(tag string) string { return "13100001," + dayOf(tag) + ",,停电" },
		stored: func(ctx context.Context, s *sqlstore.Store, tag string) (bool, bool) {
			ss, _ := s.Suspensions(ctx)
			var in, out bool
			for _, sp := range ss {
				if sp.From.String() == dayOf(tag) {
					in = in || sp.OfficeCode == "13000002"
					out = out || sp.OfficeCode == "13100001"
				}
			}
			return in, out
		},
	},
}

// dayOf is a day in May 2026 for a numeric tag, distinct for 28 tags.
func dayOf(tag string) string {
	n, _ := strconv.Atoi(tag)
	return fmt.Sprintf("2026-05-%02d", n%28+1)
}

// TestEveryImportKindAsEveryRole uploads every kind, through the page and
// the API, as every role, a file with a row of the city manager's city
// and a row of another: couriers and office managers are refused the
// upload, the city manager's run imports the first row and rejects the
// second as not permitted, the province's imports both.
func TestEveryImportKindAsEveryRole(t *testing.T) {
	onEveryStore(t, func(t *testing.T, f *fixture) {
		ctx := t.Context()
		n := 0
		for _, sample := range importSamples {
			for _, api := range []bool{false, true} {
				for _, name := range walkers {
					n++
					tag := fmt.Sprintf("%04d", n)
					content := sample.header + "\n" + sample.in(tag) + "\n" + sample.out(tag) + "\n"
					role := f.user(t, name).Role
					where := fmt.Sprintf("%s as %s (%s), API %v", sample.kind, name, role, api)
					st, status := uploadAs(t, f, name, api, string(sample.kind), content)
					in, out := sample.stored(ctx, f.store, tag)
					switch role {
					case postcrm.RoleCourier, postcrm.RoleOfficeManager:
						if status != http.StatusForbidden || in || out {
							t.Errorf("%s: status %d, stored %v %v", where, status, in, out)
						}
					case postcrm.RoleCityManager:
						if st.State != "done" || st.Inserted != 1 || st.Rejected != 1 || st.NotPermitted != 1 || !in || out {
							t.Errorf("%s: run %+v, stored %v %v", where, st, in, out)
						}
					case postcrm.RoleProvinceAdmin:
						if st.State != "done" || st.Inserted != 2 || st.Rejected != 0 || !in || !out {
							t.Errorf("%s: run %+v, stored %v %v", where, st, in, out)
						}
					}
				}
			}
		}
	})
}

// uploadAs uploads through the form (api false) or the API and, when
// accepted, waits for the run.
func uploadAs(t *testing.T, f *fixture, name string, api bool, kind, content string) (importStatus, int) {
	t.Helper()
	c := f.session(t, name)
	if !api {
		resp := c.upload("/import", kind, kind+".csv", content)
		if resp.StatusCode != http.StatusSeeOther {
			return importStatus{}, resp.StatusCode
		}
		f.waitImport(t, resp.Header.Get("Location"))
		return c.runStatus(resp.Header.Get("Location")), resp.StatusCode
	}
	resp := c.apiUpload(kind, kind+".csv", content)
	var st importStatus
	if resp.StatusCode != http.StatusAccepted {
		return st, resp.StatusCode
	}
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		t.Fatal(err)
	}
	path := "/import/" + itoa(st.ID)
	f.waitImport(t, path)
	return c.runStatus(path), resp.StatusCode
}

// TestCityManagerCannotOverwriteAnotherCitysRecords: a waybill or member
// row naming the uploader's office but the number or phone of another
// city's stored record is refused; the record stays as it was.
func TestCityManagerCannotOverwriteAnotherCitysRecords(t *testing.T) {
	onEveryStore(t, func(t *testing.T, f *fixture) {
		ctx := t.Context()
		member := postcrm.Member{Phone: "13722220001", RegisteredOn: 20260501, OfficeCode: "13100001", StaffID: spareUser}
		if _, err := f.store.Apply(ctx, postcrm.Batch{Kind: postcrm.KindMembers, Members: []postcrm.Member{member}}); err != nil {
			t.Fatal(err)
		}
		c := f.session(t, cityUser)
		st := c.uploadAndWait("waybills", "waybills.csv", "邮件号,收寄时间,机构代码,揽投员工号,客户代码,寄件人电话,资费(元),付费方式,收寄渠道\n"+
			"CUST-D-0501,2026-05-01 10:03:00,13000001,K001,CUST-A,,99.00,月结,上门揽收\n"+
			"NEW-0001,2026-05-01 10:03:00,13000001,K001,CUST-A,,12.00,月结,上门揽收\n")
		if st.State != "done" || st.Rejected != 1 || st.Inserted != 1 {
			t.Errorf("waybills run %+v", st)
		}
		if w, err := f.store.Waybill(ctx, "CUST-D-0501"); err != nil || w.OfficeCode != "13100001" || w.PostageFen != 1200 {
			t.Errorf("another city's waybill: %+v %v", w, err)
		}
		if rejects := body(t, c.get("/import/"+itoa(st.ID)+"/rejects")); !strings.Contains(rejects, "邮件号“CUST-D-0501”已有记录，属于唐山市") {
			t.Errorf("waybill rejects:\n%s", rejects)
		}
		st = c.uploadAndWait("members", "members.csv", "手机号,注册日期,机构代码,推荐人工号\n137-2222-0001,2026-06-01,13000001,K001\n")
		if st.State != "done" || st.Rejected != 1 {
			t.Errorf("members run %+v", st)
		}
		if rejects := body(t, c.get("/import/"+itoa(st.ID)+"/rejects")); !strings.Contains(rejects, "会员手机号“13722220001”已有记录，属于唐山市") {
			t.Errorf("member rejects:\n%s", rejects)
		}
		if m, err := f.store.Member(ctx, member.Phone); err != nil || m != member {
			t.Errorf("another city's member: %+v %v", m, err)
		}
	})
}
