package postcrm

import (
	"fmt"
	"strings"
)

// Imports write master data, so they are authorised like any other write.
// The province (and the command line's operator) imports every kind for
// the whole province. A city manager imports every kind, but only rows of
// their own city: staff below their own role (揽投员, 营业部经理) in their
// city's offices, suspensions of their city's offices, and customers,
// waybills and members whose office, people and stored record are all in
// their city. Nobody's import may change their own role, city or office.
// A row outside these rules is rejected with ReasonNotPermitted and a
// Chinese reason; the rest of the file is imported.

// ReasonNotPermitted marks a row the importer may not write.
const ReasonNotPermitted Reason = "not_permitted"

// AuditStaffChange records a change of a person's role, city or office.
const AuditStaffChange AuditAction = "staff_change"

// Importer is who runs an import: the audit log names them, and their
// scope bounds the rows they may write. The zero Importer is the command
// line's operator, who imports for the whole province.
type Importer struct {
	Actor
	Scope Scope
}

// ImporterOf is a signed-in user importing from addr.
func ImporterOf(u User, addr string) Importer {
	return Importer{Actor: Actor{User: u.Name, Addr: addr}, Scope: ScopeOf(u)}
}

// Province reports whether the importer imports for the whole province.
func (im Importer) Province() bool {
	return im.Scope.Role == "" || im.Scope.Role == RoleProvinceAdmin
}

// MayImport reports whether the importer may import files at all: the
// province and city managers may; office managers and couriers may not.
func (im Importer) MayImport() bool {
	return im.Province() || im.Scope.Role == RoleCityManager
}

// Post is where a person stands: their role and, below the province,
// their city and office. A web account without a staff row is a province
// administrator.
type Post struct {
	Role       Role
	City       string
	OfficeCode string
}

// PostOf is the post a staff row gives.
func PostOf(s Staff) Post { return Post{Role: s.Role, City: s.City, OfficeCode: s.OfficeCode} }

// importableRoles are the roles a city manager may give.
var importableRoles = map[Role]bool{RoleCourier: true, RoleOfficeManager: true}

// CityDenial says why the importer may not write a row about something
// (what, e.g. 机构代码“13100001”) of the given city; "" when they may.
// An unknown city ("") is the caller's to judge.
func (im Importer) CityDenial(what, city string) string {
	if im.Province() || city == im.Scope.City {
		return ""
	}
	return fmt.Sprintf("%s属于%s，不在您的管辖范围（%s）内，这一行没有导入", what, cityName(city), im.Scope.City)
}

// StaffDenial says why the importer may not give staff member id the post
// after, when before is their current post (nil for someone new); "" when
// they may. Nobody changes their own post by import; a city manager gives
// only roles below their own, in their own city, to people who are not
// above them or in another city now.
func (im Importer) StaffDenial(id string, before *Post, after Post) string {
	if id == im.User && before != nil && *before != after {
		return fmt.Sprintf("工号“%s”是您本人，不能通过导入改变自己的岗位或所属单位，请找省市场部", id)
	}
	if im.Province() || (id == im.User && before != nil) {
		return ""
	}
	if !importableRoles[after.Role] {
		return fmt.Sprintf("地市管理员只能导入揽投员和营业部经理，岗位为“%s”的人员要由省市场部导入", after.Role.Label())
	}
	if after.City != im.Scope.City {
		return fmt.Sprintf("地市“%s”不是您管辖的地市（%s），这一行没有导入", cityName(after.City), im.Scope.City)
	}
	if before == nil {
		return ""
	}
	if !importableRoles[before.Role] || before.City != im.Scope.City {
		return fmt.Sprintf("工号“%s”现为%s的%s，不在您的管辖范围内，要由省市场部调整", id, cityName(before.City), before.Role.Label())
	}
	return ""
}

func cityName(city string) string {
	if city == "" {
		return "省公司"
	}
	return city
}

// StaffChangeDetail describes, for the audit log, how a staff row moves
// a person from before to after; "" when their role, city and office
// stay. officeName names an office code for people reading the log.
func StaffChangeDetail(before, after Post, officeName func(code string) string) string {
	office := func(code string) string {
		if code == "" {
			return "无"
		}
		if name := officeName(code); name != "" {
			return name + "（" + code + "）"
		}
		return code
	}
	var parts []string
	if before.Role != after.Role {
		parts = append(parts, fmt.Sprintf("岗位 %s → %s", before.Role.Label(), after.Role.Label()))
	}
	if before.City != after.City {
		parts = append(parts, fmt.Sprintf("地市 %s → %s", cityName(before.City), cityName(after.City)))
	}
	if before.OfficeCode != after.OfficeCode {
		parts = append(parts, fmt.Sprintf("营业部 %s → %s", office(before.OfficeCode), office(after.OfficeCode)))
	}
	return strings.Join(parts, "；")
}
