package report

import (
	"context"
	"fmt"

	"postcrm"
)

// ScopeLevel is how much of the province a report covers.
type ScopeLevel string

const (
	ScopeProvince ScopeLevel = ""
	ScopeCity     ScopeLevel = "city"
	ScopeOffice   ScopeLevel = "office"
)

// Scope is the part of the province a report covers: the province, a city
// (by its name, e.g. 石家庄市) or an office (by its code).
type Scope struct {
	Level ScopeLevel
	Code  string
}

// org is the offices and staff, looked up by code.
type org struct {
	offices map[string]postcrm.Office
	staff   map[string]postcrm.Staff
	cities  map[string]bool
}

func loadOrg(ctx context.Context, src Source) (*org, error) {
	offices, err := src.Offices(ctx)
	if err != nil {
		return nil, fmt.Errorf("读取机构: %w", err)
	}
	staff, err := src.Staff(ctx)
	if err != nil {
		return nil, fmt.Errorf("读取人员: %w", err)
	}
	return newOrg(offices, staff), nil
}

func newOrg(offices []postcrm.Office, staff []postcrm.Staff) *org {
	o := &org{offices: make(map[string]postcrm.Office), staff: make(map[string]postcrm.Staff), cities: make(map[string]bool)}
	for _, of := range offices {
		o.offices[of.Code] = of
		o.cities[of.City] = true
	}
	for _, s := range staff {
		o.staff[s.ID] = s
	}
	return o
}

// check rejects a scope naming no known city or office.
func (o *org) check(sc Scope) error {
	switch sc.Level {
	case ScopeProvince:
		return nil
	case ScopeCity:
		if !o.cities[sc.Code] {
			return fmt.Errorf("没有“%s”这个地市", sc.Code)
		}
		return nil
	case ScopeOffice:
		if _, ok := o.offices[sc.Code]; !ok {
			return fmt.Errorf("没有机构代码为 %s 的营业部", sc.Code)
		}
		return nil
	}
	return fmt.Errorf("范围应为 city 或 office，不是 %q", sc.Level)
}

// in reports whether an office belongs to the scope; an unknown office
// belongs to the province only.
func (o *org) in(sc Scope, officeCode string) bool {
	switch sc.Level {
	case ScopeCity:
		return o.offices[officeCode].City == sc.Code
	case ScopeOffice:
		return officeCode == sc.Code
	}
	return true
}

// scopeName is the scope as a report's title names it.
func (o *org) scopeName(sc Scope) string {
	switch sc.Level {
	case ScopeCity:
		return sc.Code
	case ScopeOffice:
		return o.officeName(sc.Code)
	}
	return "全省"
}

// whole is what a ranking calls the scope: 全省, 全市.
func whole(sc Scope) string {
	if sc.Level == ScopeProvince {
		return "全省"
	}
	if sc.Level == ScopeCity {
		return "全市"
	}
	return "全营业部"
}

// unit is the level below the scope that a ranking lists: cities in the
// province, offices in a city (or the one office).
func (o *org) unit(sc Scope, officeCode string) string {
	if sc.Level == ScopeProvince {
		return o.city(officeCode)
	}
	return o.officeName(officeCode)
}

// unitHeader names the unit column.
func unitHeader(sc Scope) string {
	if sc.Level == ScopeProvince {
		return "地市"
	}
	return "营业部"
}

// units lists the units of the scope, so that a unit without data still
// has its line.
func (o *org) units(sc Scope) []string {
	seen := make(map[string]bool)
	var out []string
	for code := range o.offices {
		if u := o.unit(sc, code); o.in(sc, code) && !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	return out
}

// unknownOffice labels rows whose office could not be read or is unknown.
const unknownOffice = "（机构不明）"

func (o *org) city(officeCode string) string {
	if of, ok := o.offices[officeCode]; ok {
		return of.City
	}
	return unknownOffice
}

// officeName is the office's name with its code, which offices know
// each other by.
func (o *org) officeName(code string) string {
	if of, ok := o.offices[code]; ok {
		return of.Name + "（" + code + "）"
	}
	if code == "" {
		return unknownOffice
	}
	return code + unknownOffice
}

// staffName is the staff member's name, or the ID when not on file.
func (o *org) staffName(id string) string {
	if s, ok := o.staff[id]; ok {
		return s.Name
	}
	return id
}
