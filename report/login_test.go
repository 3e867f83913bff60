package report

import (
	"testing"

	"postcrm"
)

func signIn(user, at string) postcrm.AuditEntry {
	return postcrm.AuditEntry{User: user, Action: postcrm.AuditSignIn, At: cst(at)}
}

func user(name, display string, role postcrm.Role, city, office string) postcrm.User {
	return postcrm.User{Name: name, DisplayName: display, Role: role, City: city, OfficeCode: office}
}

func fxLogin() loginIn {
	return loginIn{month: fxMonth,
		users: []postcrm.User{
			user("S1", "张伟", postcrm.RoleCourier, "石家庄市", offA),
			user("S2", "王芳", postcrm.RoleCourier, "石家庄市", offA),
			user("M1", "李强", postcrm.RoleOfficeManager, "石家庄市", offA),
			user("S3", "李娜", postcrm.RoleCourier, "石家庄市", offB),
			user("S4", "刘洋", postcrm.RoleCourier, "唐山市", offC),
			user("admin", "", postcrm.RoleProvinceAdmin, "", ""),
		},
		signIns: []postcrm.AuditEntry{
			signIn("S1", "2026-06-03 08:00"),
			signIn("S1", "2026-06-01 15:00"),
			signIn("S1", "2026-06-01 09:00"),
			signIn("S1", "2026-05-20 09:00"),
			signIn("S3", "2026-05-02 10:00"),
			signIn("M1", "2026-06-30 23:30"), // still June in China time
			signIn("admin", "2026-06-10 11:00"),
		},
	}
}

func TestLoginByOffice(t *testing.T) {
	r := login(fxOrg(), Scope{}, fxLogin())
	tb := table(t, r, "按营业部")
	// 长安: S1, S2, M1 have accounts; S1 (3 sign-ins on 2 days) and M1
	// (1) signed in; S2 never did.
	a := row(t, tb, "office", "长安营业部（13010001）")
	expect(t, tb, a, "staff", 3, "accounts", 3, "signed_in", 2, "signin_rate", 2.0/3, "signins", 4, "active_days", 3, "never", 1)
	// 桥西: S3 signed in in May only.
	expect(t, tb, row(t, tb, "office", "桥西营业部（13010002）"), "accounts", 1, "signed_in", 0, "signin_rate", 0.0, "never", 0)
	expect(t, tb, row(t, tb, "office", "路南营业部（13020001）"), "accounts", 1, "signed_in", 0, "never", 1)
	// The city manager has no account.
	expect(t, tb, row(t, tb, "office", "石家庄市本部"), "staff", 1, "accounts", 0, "signin_rate", nil)
	expect(t, tb, row(t, tb, "office", "省公司本部"), "staff", 0, "accounts", 1, "signed_in", 1, "signins", 1)
	expect(t, tb, rowWhere(t, tb, "city", "石家庄市", "office", "地市小计"), "staff", 5, "accounts", 4, "signed_in", 2, "never", 1)
	total := tb.Rows[len(tb.Rows)-1]
	expect(t, tb, total, "city", "全省合计", "staff", 6, "accounts", 6, "signed_in", 3, "signin_rate", 0.5,
		"signins", 5, "active_days", 4, "never", 2)
}

func TestLoginByPerson(t *testing.T) {
	r := login(fxOrg(), Scope{Level: ScopeOffice, Code: offA}, fxLogin())
	tb := table(t, r, "按人员")
	expect(t, tb, row(t, tb, "staff_id", "S1"), "name", "张伟", "role", "揽投员", "signins", 3, "active_days", 2,
		"last_signin", "2026-06-03 08:00")
	expect(t, tb, row(t, tb, "staff_id", "S2"), "signins", 0, "last_signin", "从未登录")
	expect(t, tb, row(t, tb, "staff_id", "M1"), "signins", 1, "role", "营业部经理")
	if len(tb.Rows) != 4 {
		t.Errorf("office scope lists %d rows, want its 3 accounts and the total", len(tb.Rows))
	}
}

// A role this version does not know (a newer org export's, say) shows as
// stored rather than as a blank 岗位.
func TestLoginUnknownRole(t *testing.T) {
	in := fxLogin()
	in.users = append(in.users, user("X1", "赵敏", postcrm.Role("auditor"), "石家庄市", offA))
	tb := table(t, login(fxOrg(), Scope{Level: ScopeOffice, Code: offA}, in), "按人员")
	expect(t, tb, row(t, tb, "staff_id", "X1"), "role", "auditor")
}
