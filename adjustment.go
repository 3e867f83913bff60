package postcrm

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// AdjustmentKind is what an acceptance-policy adjustment (收寄政策调整)
// refuses in its scope.
type AdjustmentKind string

const (
	AdjustSuspend     AdjustmentKind = "suspend"     // 暂停收寄: nothing accepted
	AdjustDestination AdjustmentKind = "destination" // 限制寄达: items for the listed provinces refused
	AdjustProduct     AdjustmentKind = "product"     // 限制产品: the listed products refused
)

// AdjustmentKinds lists the kinds with their Chinese names, as the
// register writes them.
var AdjustmentKinds = []struct {
	Kind AdjustmentKind
	Name string
}{{AdjustSuspend, "暂停收寄"}, {AdjustDestination, "限制寄达"}, {AdjustProduct, "限制产品"}}

// Name is the kind's Chinese name; "" for an unknown kind.
func (k AdjustmentKind) Name() string {
	for _, x := range AdjustmentKinds {
		if x.Kind == k {
			return x.Name
		}
	}
	return ""
}

// ParseAdjustmentKind reads a kind by its Chinese name or its code.
func ParseAdjustmentKind(s string) (AdjustmentKind, bool) {
	for _, x := range AdjustmentKinds {
		if s == x.Name || s == string(x.Kind) {
			return x.Kind, true
		}
	}
	return "", false
}

// ScopeProvince is the scope of an adjustment over the whole province.
const ScopeProvince = "全省"

// AdjustmentStatus is where an adjustment stands in its workflow. Only
// approved ones (and lifted ones, up to their last day) act on the
// analysis: a draft or a request the group refused changed nothing.
type AdjustmentStatus string

const (
	AdjustDrafted   AdjustmentStatus = "drafted"   // 草拟
	AdjustSubmitted AdjustmentStatus = "submitted" // 已报集团
	AdjustApproved  AdjustmentStatus = "approved"  // 已批准 (in force from its first day)
	AdjustRefused   AdjustmentStatus = "refused"   // 未获批准
	AdjustLifted    AdjustmentStatus = "lifted"    // 已解除 (its last day set to the lifting)
)

// Adjustment is one acceptance-policy adjustment: in Scope (ScopeProvince,
// a city name as in the org data, or an office code), from From to To
// (inclusive; To 0 while it stays in force), the offices refuse what Kind
// says: everything, items for Provinces, or the Products.
type Adjustment struct {
	ID        string
	Scope     string
	Kind      AdjustmentKind
	Provinces []string // 限制寄达: destination provinces as in the waybills
	Products  []string // 限制产品: products as in the waybills
	From, To  Date
	Reason    string
	Status    AdjustmentStatus
	// NoticeAt is when the city's control notice reached the province
	// (zero when unknown), the start of the hours to approval.
	NoticeAt time.Time
}

// Adjustment error codes, by the field they concern.
const (
	CodeAdjustIDMissing        = "adjustment.id_missing"        // id
	CodeAdjustScopeMissing     = "adjustment.scope_missing"     // scope
	CodeAdjustScopeUnknown     = "adjustment.scope_unknown"     // scope: not the province, a city or an office
	CodeAdjustKindUnknown      = "adjustment.kind_unknown"      // kind
	CodeAdjustProvincesMissing = "adjustment.provinces_missing" // provinces: 限制寄达 lists them
	CodeAdjustProvinceUnknown  = "adjustment.province_unknown"  // provinces
	CodeAdjustProductsMissing  = "adjustment.products_missing"  // products: 限制产品 lists them
	CodeAdjustProductUnknown   = "adjustment.product_unknown"   // products
	CodeAdjustFromMissing      = "adjustment.from_missing"      // from
	CodeAdjustToBeforeFrom     = "adjustment.to_before_from"    // to
	CodeAdjustTooLong          = "adjustment.too_long"          // to: more than a year, a wrong year
	CodeAdjustOutsideCity      = "adjustment.outside_city"      // scope: a city manager drafts for their own city
	CodeAdjustStepNotAllowed   = "adjustment.step_not_allowed"  // the step does not follow from the status
	CodeAdjustStepByCity       = "adjustment.step_by_city"      // only the province submits, approves, lifts
)

// MaxAdjustmentDays: an adjustment longer than a year is a typing error
// (a wrong year); taken as one it would blank a year of its scope out of
// the analysis.
const MaxAdjustmentDays = 366

// AdjustmentKnown is what an adjustment's names are checked against:
// the cities and offices of the org data, the destination provinces and
// products the waybills use.
type AdjustmentKnown struct {
	Cities, Offices, Provinces, Products map[string]bool
}

// SplitList reads a 、- or comma-separated list, dropping empty items
// and repeats.
func SplitList(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == '、' || r == ',' || r == '，' || r == ';' || r == '；' })
	var out []string
	for _, x := range f {
		if x = strings.TrimSpace(x); x != "" && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// Validate checks an adjustment against the known names. Every field at
// fault is reported, joined, so that a form or a rejects file can name
// each; see Errors.
func (a Adjustment) Validate(k AdjustmentKnown) error {
	var errs []error
	add := func(code, field, format string, args ...any) {
		errs = append(errs, invalid(code, field, fmt.Sprintf(format, args...)))
	}
	if strings.TrimSpace(a.ID) == "" {
		add(CodeAdjustIDMissing, "id", "缺少编号")
	}
	switch {
	case a.Scope == "":
		add(CodeAdjustScopeMissing, "scope", "缺少范围（全省、地市名称或营业部机构代码）")
	case a.Scope != ScopeProvince && !k.Cities[a.Scope] && !k.Offices[a.Scope]:
		add(CodeAdjustScopeUnknown, "scope", "范围“%s”既不是全省，也不是机构人员数据里的地市或营业部", a.Scope)
	}
	switch a.Kind {
	case AdjustSuspend:
	case AdjustDestination:
		if len(a.Provinces) == 0 {
			add(CodeAdjustProvincesMissing, "provinces", "限制寄达须列出寄达省")
		}
		for _, p := range a.Provinces {
			if !k.Provinces[p] {
				add(CodeAdjustProvinceUnknown, "provinces", "寄达省“%s”不认识，请按收寄明细里的写法（如 上海、北京）", p)
			}
		}
	case AdjustProduct:
		if len(a.Products) == 0 {
			add(CodeAdjustProductsMissing, "products", "限制产品须列出产品")
		}
		for _, p := range a.Products {
			if !k.Products[p] {
				add(CodeAdjustProductUnknown, "products", "产品“%s”在收寄明细里没有，请核对写法", p)
			}
		}
	default:
		add(CodeAdjustKindUnknown, "kind", "类型“%s”不认识，应为 暂停收寄、限制寄达 或 限制产品", a.Kind)
	}
	switch {
	case !a.From.Valid():
		add(CodeAdjustFromMissing, "from", "缺少开始日期")
	case a.To == 0:
	case a.To < a.From:
		add(CodeAdjustToBeforeFrom, "to", "结束日期 %s 早于开始日期 %s", a.To, a.From)
	case DaysBetween(a.From, a.To)+1 > MaxAdjustmentDays:
		add(CodeAdjustTooLong, "to", "结束日期 %s 距开始日期 %s 超过一年，请核对年份", a.To, a.From)
	}
	return errors.Join(errs...)
}

// Acts reports whether the adjustment acts on the analysis at all: it
// was approved (and perhaps lifted since).
func (a Adjustment) Acts() bool { return a.Status == AdjustApproved || a.Status == AdjustLifted }

// InForce reports whether the adjustment refuses items on day.
func (a Adjustment) InForce(day Date) bool {
	return a.Acts() && day >= a.From && (a.To == 0 || day <= a.To)
}

// Covers reports whether an office of city lies in the adjustment's scope.
func (a Adjustment) Covers(office, city string) bool {
	return a.Scope == ScopeProvince || a.Scope == office || (city != "" && a.Scope == city)
}

// Refuses reports whether an item of product for province is refused by
// the adjustment (its kind, not its days or scope).
func (a Adjustment) Refuses(province, product string) bool {
	switch a.Kind {
	case AdjustSuspend:
		return true
	case AdjustDestination:
		return slices.Contains(a.Provinces, province)
	case AdjustProduct:
		return slices.Contains(a.Products, product)
	}
	return false
}

// What says in Chinese what the adjustment refuses: 暂停收寄,
// 暂停收寄寄往上海、北京的邮件, 暂停收寄特快专递.
func (a Adjustment) What() string {
	switch a.Kind {
	case AdjustDestination:
		return "暂停收寄寄往" + strings.Join(a.Provinces, "、") + "的邮件"
	case AdjustProduct:
		return "暂停收寄" + strings.Join(a.Products, "、")
	}
	return "暂停收寄"
}

// Period says the adjustment's days in Chinese: 6 月 1–20 日, 6 月 25 日–7 月
// 3 日, 6 月 1 日起.
func (a Adjustment) Period() string {
	f, t := a.From.Time(), a.To.Time()
	switch {
	case a.To == 0:
		return fmt.Sprintf("%d 月 %d 日起", f.Month(), f.Day())
	case a.To < a.From: // lifted before its first day
		return fmt.Sprintf("%d 月 %d 日起（未执行即解除）", f.Month(), f.Day())
	case a.From == a.To:
		return fmt.Sprintf("%d 月 %d 日", f.Month(), f.Day())
	case f.Year() == t.Year() && f.Month() == t.Month():
		return fmt.Sprintf("%d 月 %d–%d 日", f.Month(), f.Day(), t.Day())
	}
	return fmt.Sprintf("%d 月 %d 日–%d 月 %d 日", f.Month(), f.Day(), t.Month(), t.Day())
}

// SuspensionAdjustment is the adjustment an office suspension is kept
// as: 暂停收寄 scoped to the office, keyed by office and first day.
func SuspensionAdjustment(s Suspension) Adjustment {
	return Adjustment{ID: SuspensionID(s.OfficeCode, s.From), Scope: s.OfficeCode, Kind: AdjustSuspend,
		From: s.From, To: s.To, Reason: s.Reason, Status: AdjustApproved}
}

// SuspensionID is the key of the adjustment an office's suspension from
// from is kept as.
func SuspensionID(office string, from Date) string {
	return fmt.Sprintf("暂停-%s-%d", office, int(from))
}

// AdjustmentStep is one step of an adjustment's workflow: the status it
// brought the adjustment to, who took it and when.
type AdjustmentStep struct {
	Step      AdjustmentStatus
	Actor     string // the user name (staff ID)
	ActorName string // their name, as it was then
	At        time.Time
	Note      string
}

// MixRow is a contract customer's items of one month to one destination
// province (Dim "d"), of one product (Dim "p"), or of one product to one
// province (Dim "j", Value JointValue(province, product)): the joint
// counts tell how many items a refusal of a province and one of a
// product refuse together, each item once.
type MixRow struct {
	CustomerCode string
	Month        Month
	Dim          string
	Value        string
	Items        int64
}

// Dimensions of the customer mix.
const (
	MixDest    = "d"
	MixProduct = "p"
	MixJoint   = "j"
)

// jointSep separates the province from the product in a joint mix
// value; neither name holds it.
const jointSep = "|"

// JointValue is the mix value of items of product to province.
func JointValue(province, product string) string { return province + jointSep + product }

// SplitJoint is the province and product of a joint mix value.
func SplitJoint(v string) (province, product string) {
	province, product, _ = strings.Cut(v, jointSep)
	return province, product
}

// Provinces are the provincial-level regions as the waybills name them
// (寄达省), which a 限制寄达 may list; names the waybills use besides are
// accepted too.
var Provinces = []string{"北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江",
	"安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州", "云南",
	"西藏", "陕西", "甘肃", "青海", "宁夏", "新疆", "香港", "澳门", "台湾"}

// AdjustmentRecord is an adjustment with the steps of its workflow,
// oldest first.
type AdjustmentRecord struct {
	Adjustment
	Steps []AdjustmentStep
}
