package ingest

import (
	"strings"

	"postcrm"
)

// enumOption is one accepted value: its Chinese word, its English alias
// (which is also the stored value).
type enumOption struct{ zh, alias string }

// enum is the closed set of values a column accepts.
type enum []enumOption

var (
	roles = enum{
		roleOption(postcrm.RoleCourier),
		roleOption(postcrm.RoleOfficeManager),
		roleOption(postcrm.RoleCityManager),
		roleOption(postcrm.RoleProvinceAdmin),
	}
	statuses = enum{
		{"正常", string(postcrm.StatusActive)},
		{"暂停", string(postcrm.StatusSuspended)},
		{"解约", string(postcrm.StatusTerminated)},
	}
	payments = enum{
		{"现结", string(postcrm.PaymentCash)},
		{"月结", string(postcrm.PaymentMonthly)},
	}
	channels = enum{
		{"营业厅", string(postcrm.ChannelCounter)},
		{"上门揽收", string(postcrm.ChannelPickup)},
		{"邮惠中心", string(postcrm.ChannelEChannel)},
		{"小程序", string(postcrm.ChannelMiniProgram)},
	}
)

// roleOption accepts a role's job title, the word the org export uses.
func roleOption(r postcrm.Role) enumOption { return enumOption{r.Label(), string(r)} }

// lookup returns the stored value for s, matching the Chinese word exactly
// and the alias in any case.
func (e enum) lookup(s string) (string, bool) {
	for _, o := range e {
		if s == o.zh || len(s) == len(o.alias) && strings.EqualFold(s, o.alias) {
			return o.alias, true
		}
	}
	return "", false
}

// choices lists the Chinese words for a message: "现结、月结".
func (e enum) choices() string {
	words := make([]string, len(e))
	for i, o := range e {
		words[i] = o.zh
	}
	return strings.Join(words, "、")
}
