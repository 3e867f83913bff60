package ingest

import (
	"context"
	"errors"
	"fmt"

	"postcrm"
)

// rights holds what deciding a row's authorisation needs (the rules are
// the domain's, postcrm.Importer), and notes for the audit log the
// people an org file moves. It is nil for a province import of a kind
// other than org: nothing to check, nobody moved.
type rights struct {
	im         postcrm.Importer
	officeCity map[string]string       // office code -> city, as stored and then as the file defines it
	officeName map[string]string       // org: office code -> name, for the audit log
	customers  map[string]string       // customer code -> office code, as stored
	posts      map[string]postcrm.Post // staff ID -> post now; accounts without a staff row are the province's
	// stored looks up a stored waybill's or member's office: "" when
	// there is none.
	stored func(kind postcrm.ImportKind, key string) (office string, err error)
	// ahead holds the stored offices of the keys of the rows read ahead
	// (see lookAhead); a key it lacks is looked up alone.
	ahead map[string]string
	// many looks up a block of keys at once.
	many func(kind postcrm.ImportKind, keys []string) (map[string]string, error)
}

// loadRights reads what checking kind's rows as im needs.
func loadRights(ctx context.Context, store Store, kind postcrm.ImportKind, im postcrm.Importer, ref postcrm.RefData) (*rights, error) {
	if !im.MayImport() {
		return nil, errors.New("您的岗位不能导入数据，请找地市管理员或省市场部")
	}
	if im.Province() && kind != postcrm.KindOrg {
		return nil, nil
	}
	r := &rights{im: im, officeCity: ref.Offices, customers: ref.Customers, posts: map[string]postcrm.Post{}}
	staff, err := store.Staff(ctx)
	if err != nil {
		return nil, fmt.Errorf("读取已有的人员: %w", err)
	}
	for _, s := range staff {
		r.posts[s.ID] = postcrm.PostOf(s)
	}
	if kind == postcrm.KindOrg {
		if err := r.loadOrg(ctx, store); err != nil {
			return nil, err
		}
	}
	r.stored = func(kind postcrm.ImportKind, key string) (string, error) {
		var office string
		var err error
		if kind == postcrm.KindWaybills {
			var w postcrm.Waybill
			w, err = store.Waybill(ctx, key)
			office = w.OfficeCode
		} else {
			var m postcrm.Member
			m, err = store.Member(ctx, key)
			office = m.OfficeCode
		}
		if errors.Is(err, postcrm.ErrNotFound) {
			return "", nil
		}
		return office, err
	}
	r.many = func(kind postcrm.ImportKind, keys []string) (map[string]string, error) {
		return store.RecordOffices(ctx, kind, keys)
	}
	return r, nil
}

// loadOrg reads the offices and the accounts without a staff row.
func (r *rights) loadOrg(ctx context.Context, store Store) error {
	offices, err := store.Offices(ctx)
	if err != nil {
		return fmt.Errorf("读取已有的机构: %w", err)
	}
	r.officeCity, r.officeName = make(map[string]string, len(offices)), make(map[string]string, len(offices))
	for _, o := range offices {
		r.officeCity[o.Code], r.officeName[o.Code] = o.City, o.Name
	}
	users, err := store.Users(ctx)
	if err != nil {
		return fmt.Errorf("读取已有的账号: %w", err)
	}
	for _, u := range users {
		if _, ok := r.posts[u.Name]; !ok {
			r.posts[u.Name] = postcrm.Post{Role: postcrm.RoleProvinceAdmin}
		}
	}
	return nil
}

// deny rejects the row as not permitted when why is not "". The finding
// names no office: it belongs to the importer's attempt, not to the data
// quality of an office that may be another city's.
func (ch *rowCheck) deny(c int, why string) {
	if why == "" || ch.rejected {
		return
	}
	ch.failWith(c, postcrm.ReasonNotPermitted, why)
	ch.reject.OfficeCode = ""
}

// officeDenial is why the importer may not write about the value of
// column label (e.g. 机构代码“13100001”), which belongs to office.
func (r *rights) officeDenial(label, value, office string) string {
	return r.cityDenial(label, value, r.officeCity[office])
}

// cityDenial is why the importer may not write about the value of column
// label, which belongs to city; the message is built only for a denial.
func (r *rights) cityDenial(label, value, city string) string {
	if r.im.Province() || city == r.im.Scope.City {
		return ""
	}
	return r.im.CityDenial(label+"“"+value+"”", city)
}

// staffDenial is why the importer may not name staff member id in a row.
func (r *rights) staffDenial(label, id string) string {
	post, ok := r.posts[id]
	if id == "" || !ok {
		return ""
	}
	return r.cityDenial(label, id, post.City)
}

// storedDenial is why the importer may not overwrite the stored record
// of kind under key.
func (r *rights) storedDenial(kind postcrm.ImportKind, what, key string) string {
	office, ok := r.ahead[key]
	var err error
	if !ok {
		office, err = r.stored(kind, key)
	}
	if err != nil {
		return fmt.Sprintf("无法核对%s“%s”是否已有记录（%v），这一行没有导入", what, key, err)
	}
	if office == "" {
		return ""
	}
	if city := r.officeCity[office]; !r.im.Province() && city != r.im.Scope.City {
		return r.im.CityDenial(what+"“"+key+"”已有记录，", city)
	}
	return ""
}

// staff checks an org row and, when it moves someone, notes the move
// for the audit log in b.
func (r *rights) staff(ch *rowCheck, s postcrm.Staff, office postcrm.Office, b *postcrm.Batch) {
	if r == nil || ch.rejected {
		return
	}
	var before *postcrm.Post
	if post, ok := r.posts[s.ID]; ok {
		before = &post
	}
	after := postcrm.PostOf(s)
	ch.deny(orgStaffID, r.im.StaffDenial(s.ID, before, after))
	if office.Code != "" {
		if city, ok := r.officeCity[office.Code]; ok {
			ch.deny(orgOfficeCode, r.cityDenial("机构代码", office.Code, city))
		}
	}
	if ch.rejected {
		return
	}
	if office.Code != "" {
		r.officeCity[office.Code], r.officeName[office.Code] = office.City, office.Name
	}
	r.posts[s.ID] = after
	if before == nil {
		return
	}
	detail := postcrm.StaffChangeDetail(*before, after, func(code string) string { return r.officeName[code] })
	if detail == "" {
		return
	}
	b.Audit = append(b.Audit, postcrm.AuditEntry{
		User: r.im.User, Addr: r.im.Addr, Action: postcrm.AuditStaffChange,
		Target: fmt.Sprintf("%s（工号 %s）", s.Name, s.ID), Detail: detail,
	})
}

// customer checks a customer row: its office, its owner and the
// customer as stored must be the importer's.
func (r *rights) customer(ch *rowCheck, c postcrm.Customer) {
	if r == nil || ch.rejected {
		return
	}
	ch.deny(custOfficeCode, r.officeDenial("机构代码", c.OfficeCode, c.OfficeCode))
	if office, ok := r.customers[c.Code]; ok {
		ch.deny(custCode, r.officeDenial("客户代码", c.Code, office))
	}
	ch.deny(custOwner, r.staffDenial("管户人工号", c.OwnerStaffID))
}

// named is a value a row names, with its column and the column's name.
type named struct {
	col          int
	label, value string
}

// waybill checks a waybill row: its office, customer and courier, and
// the waybill as stored.
func (r *rights) waybill(ch *rowCheck, w postcrm.Waybill) {
	if r == nil || ch.rejected {
		return
	}
	if office, ok := r.customers[w.CustomerCode]; ok && w.CustomerCode != "" {
		ch.deny(wbCustomer, r.officeDenial("客户代码", w.CustomerCode, office))
	}
	r.record(ch, postcrm.KindWaybills, named{wbOfficeCode, "机构代码", w.OfficeCode},
		named{wbCourier, "揽投员工号", w.CourierStaffID}, named{wbNo, "邮件号", w.No})
}

// member checks a member row: its office, recruiter and stored record.
func (r *rights) member(ch *rowCheck, m postcrm.Member) {
	if r == nil || ch.rejected {
		return
	}
	r.record(ch, postcrm.KindMembers, named{memOfficeCode, "机构代码", m.OfficeCode},
		named{memStaff, "推荐人工号", m.StaffID}, named{memPhone, "会员手机号", m.Phone})
}

// record checks the office and person a row of kind names, then the
// record stored under its key.
func (r *rights) record(ch *rowCheck, kind postcrm.ImportKind, office, person, key named) {
	ch.deny(office.col, r.officeDenial(office.label, office.value, office.value))
	ch.deny(person.col, r.staffDenial(person.label, person.value))
	if !ch.rejected {
		ch.deny(key.col, r.storedDenial(kind, key.label, key.value))
	}
}

// suspension checks a register row's office.
func (r *rights) suspension(ch *rowCheck, s postcrm.Suspension) {
	if r == nil || ch.rejected {
		return
	}
	ch.deny(suspOfficeCode, r.officeDenial("机构代码", s.OfficeCode, s.OfficeCode))
}
