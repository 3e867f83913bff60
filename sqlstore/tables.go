package sqlstore

import (
	"time"

	"postcrm"
)

// The record tables. Enumerations are stored as their string values,
// dates as YYYYMMDD integers, times as unix seconds.

var officesTable = newTable(table[postcrm.Office]{
	name: "offices",
	cols: []string{"code", "name", "city"},
	key:  func(o *postcrm.Office) string { return o.Code },
	same: equal[postcrm.Office],
	args: func(o *postcrm.Office, a []any) []any { return append(a, o.Code, o.Name, o.City) },
	scan: func(s scanner, o *postcrm.Office) error { return s.Scan(&o.Code, &o.Name, &o.City) },
})

var staffTable = newTable(table[postcrm.Staff]{
	name: "staff",
	cols: []string{"id", "name", "role", "office_code", "city", "phone"},
	key:  func(p *postcrm.Staff) string { return p.ID },
	same: equal[postcrm.Staff],
	args: func(p *postcrm.Staff, a []any) []any {
		return append(a, p.ID, p.Name, string(p.Role), p.OfficeCode, p.City, p.Phone)
	},
	scan: func(s scanner, p *postcrm.Staff) error {
		var role string
		err := s.Scan(&p.ID, &p.Name, &role, &p.OfficeCode, &p.City, &p.Phone)
		p.Role = postcrm.Role(role)
		return err
	},
})

var customersTable = newTable(table[postcrm.Customer]{
	name: "customers",
	cols: []string{"code", "name", "office_code", "owner_staff_id", "contract_date",
		"industry", "contact_name", "contact_phone", "status"},
	key:  func(c *postcrm.Customer) string { return c.Code },
	same: equal[postcrm.Customer],
	args: func(c *postcrm.Customer, a []any) []any {
		return append(a, c.Code, c.Name, c.OfficeCode, c.OwnerStaffID, int64(c.ContractDate),
			c.Industry, c.ContactName, c.ContactPhone, string(c.Status))
	},
	scan: func(s scanner, c *postcrm.Customer) error {
		var date int64
		var status string
		err := s.Scan(&c.Code, &c.Name, &c.OfficeCode, &c.OwnerStaffID, &date,
			&c.Industry, &c.ContactName, &c.ContactPhone, &status)
		c.ContractDate, c.Status = postcrm.Date(date), postcrm.CustomerStatus(status)
		return err
	},
})

var membersTable = newTable(table[postcrm.Member]{
	name: "members",
	cols: []string{"phone", "registered_on", "office_code", "staff_id"},
	key:  func(m *postcrm.Member) string { return m.Phone },
	same: equal[postcrm.Member],
	args: func(m *postcrm.Member, a []any) []any {
		return append(a, m.Phone, int64(m.RegisteredOn), m.OfficeCode, m.StaffID)
	},
	scan: func(s scanner, m *postcrm.Member) error {
		var day int64
		err := s.Scan(&m.Phone, &day, &m.OfficeCode, &m.StaffID)
		m.RegisteredOn = postcrm.Date(day)
		return err
	},
})

var waybillsTable = newTable(table[postcrm.Waybill]{
	name: "waybills",
	cols: []string{"waybill_no", "customer_code", "accepted_at", "day", "fields"},
	key:  func(w *postcrm.Waybill) string { return w.No },
	same: postcrm.SameWaybill,
	args: func(w *postcrm.Waybill, a []any) []any {
		return append(a, w.No, w.CustomerCode, w.AcceptedAt.Unix(), int64(w.Day()), string(appendWaybillFields(make([]byte, 0, 128), w)))
	},
	scan: func(s scanner, w *postcrm.Waybill) error {
		var at, day int64
		var fields string
		if err := s.Scan(&w.No, &w.CustomerCode, &at, &day, &fields); err != nil {
			return err
		}
		w.AcceptedAt = time.Unix(at, 0).In(postcrm.ChinaTime)
		return decodeWaybillFields(fields, w)
	},
})
