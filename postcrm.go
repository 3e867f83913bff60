// Package postcrm holds the domain model of a provincial postal express
// business and the interfaces between the parts of the system: the stores,
// the importers, the analysis and the web application. It imports nothing
// outside the standard library.
package postcrm

import (
	"errors"
	"fmt"
	"time"
)

// ErrNotFound is returned by stores when a record does not exist (or is
// outside the caller's scope).
var ErrNotFound = errors.New("not found")

// China has had no daylight saving since 1991; a fixed zone avoids needing
// the tz database on the target machine.
var ChinaTime = time.FixedZone("CST", 8*3600)

// Role is a staff member's position; it decides what the person may see.
type Role string

const (
	RoleCourier       Role = "courier"        // 揽投员
	RoleOfficeManager Role = "office_manager" // 营业部经理
	RoleCityManager   Role = "city_manager"   // 地市管理员
	RoleProvinceAdmin Role = "province_admin" // 省市场部
)

// roleLabels are the job titles (岗位) the org export and the Chinese
// reports use.
var roleLabels = map[Role]string{
	RoleCourier:       "揽投员",
	RoleOfficeManager: "营业部经理",
	RoleCityManager:   "地市管理员",
	RoleProvinceAdmin: "省市场部",
}

// Label is the role's job title (岗位), e.g. 揽投员; a role postcrm does
// not know shows as its stored value rather than as nothing.
func (r Role) Label() string {
	if l, ok := roleLabels[r]; ok {
		return l
	}
	return string(r)
}

// Office is a business office (营业部), identified by an 8-digit code.
type Office struct {
	Code string
	Name string
	City string // 地市, e.g. 石家庄市
}

// Staff is a person from the org export; the staff ID (工号) is also the
// user name in the web application.
type Staff struct {
	ID         string
	Name       string
	Role       Role
	OfficeCode string // empty for city and province staff
	City       string // empty for province staff
	Phone      string
}

// CustomerStatus is the state of a contract.
type CustomerStatus string

const (
	StatusActive     CustomerStatus = "active"     // 正常
	StatusSuspended  CustomerStatus = "suspended"  // 暂停
	StatusTerminated CustomerStatus = "terminated" // 解约
)

// Customer is a contract customer (协议客户). A customer without an owner
// (管户人) is "unowned" (未管户).
type Customer struct {
	Code         string
	Name         string
	OfficeCode   string
	OwnerStaffID string // empty when unowned
	ContractDate Date
	Industry     string
	ContactName  string
	ContactPhone string
	Status       CustomerStatus
}

// Payment is how postage is paid.
type Payment string

const (
	PaymentCash    Payment = "cash"    // 现结
	PaymentMonthly Payment = "monthly" // 月结
)

// Channel is where the item was accepted.
type Channel string

const (
	ChannelCounter     Channel = "counter"     // 营业厅
	ChannelPickup      Channel = "pickup"      // 上门揽收
	ChannelEChannel    Channel = "echannel"    // 邮惠中心
	ChannelMiniProgram Channel = "miniprogram" // 小程序
)

// Waybill is one accepted item (邮件). A waybill with an empty CustomerCode
// was sent by a walk-in customer (散户), identified by SenderPhone.
type Waybill struct {
	No             string
	AcceptedAt     time.Time // China time, second precision
	OfficeCode     string
	CourierStaffID string
	CustomerCode   string
	SenderPhone    string
	Product        string
	WeightG        int64
	PostageFen     int64 // postage in fen (1/100 yuan): sums stay exact
	Payment        Payment
	Channel        Channel
	DestProvince   string
}

// Walkin reports whether the waybill was sent by a walk-in customer.
func (w Waybill) Walkin() bool { return w.CustomerCode == "" }

// Day is the China-local calendar day the item was accepted on.
func (w Waybill) Day() Date { return DateOf(w.AcceptedAt) }

// SameWaybill reports whether a and b are alike as a store keeps them:
// every field, the accepted times by the stored second whatever their
// zone or fraction. A re-sent waybill alike its stored one is unchanged.
func SameWaybill(a, b *Waybill) bool {
	x, y := *a, *b
	if x.AcceptedAt.Unix() != y.AcceptedAt.Unix() {
		return false
	}
	x.AcceptedAt, y.AcceptedAt = time.Time{}, time.Time{}
	return x == y
}

// Member is a phone registered on the e-channel (电子渠道会员).
type Member struct {
	Phone        string
	RegisteredOn Date
	OfficeCode   string
	StaffID      string // who recruited the member
}

// Date is a calendar day stored as the integer YYYYMMDD: sortable, readable
// in SQL, and a month is Date/100 in either SQL dialect.
type Date int32

// DateOf returns the China-local day of t.
func DateOf(t time.Time) Date {
	y, m, d := t.In(ChinaTime).Date()
	return Date(y*10000 + int(m)*100 + d)
}

// NewDate builds a Date from its parts; out-of-range parts are normalised
// the way time.Date does.
func NewDate(year int, month time.Month, day int) Date {
	return DateOf(time.Date(year, month, day, 12, 0, 0, 0, ChinaTime))
}

// Year, Month and Day split the date.
func (d Date) Year() int          { return int(d) / 10000 }
func (d Date) Month() time.Month  { return time.Month(int(d) / 100 % 100) }
func (d Date) Day() int           { return int(d) % 100 }
func (d Date) YearMonth() Month   { return Month(d / 100) }
func (d Date) AddDays(n int) Date { return NewDate(d.Year(), d.Month(), d.Day()+n) }

// Time returns midnight China time at the start of d.
func (d Date) Time() time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, ChinaTime)
}

// Valid reports whether d is a real calendar day.
func (d Date) Valid() bool {
	return d > 0 && NewDate(d.Year(), d.Month(), d.Day()) == d
}

func (d Date) String() string {
	if d == 0 {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year(), int(d.Month()), d.Day())
}

// DaysBetween returns b - a in days.
func DaysBetween(a, b Date) int {
	return int(b.Time().Sub(a.Time()) / (24 * time.Hour))
}
