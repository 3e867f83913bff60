package ingest

import (
	"fmt"
	"strings"

	"postcrm"
)

// column is one field of an export, known by its Chinese header and an
// English alias.
type column struct {
	zh, alias string
	required  bool // the column must be in the header (values may still be empty)
}

// Column indexes per kind; the tables below are indexed by them.
const (
	orgCity = iota
	orgOfficeCode
	orgOfficeName
	orgStaffID
	orgStaffName
	orgRole
	orgPhone
)

var orgColumns = []column{
	orgCity:       {"地市", "city", true},
	orgOfficeCode: {"机构代码", "office_code", true},
	orgOfficeName: {"机构名称", "office_name", true},
	orgStaffID:    {"工号", "staff_id", true},
	orgStaffName:  {"姓名", "staff_name", true},
	orgRole:       {"岗位", "role", true},
	orgPhone:      {"手机", "phone", false},
}

const (
	custCode = iota
	custName
	custOfficeCode
	custOwner
	custContractDate
	custIndustry
	custContactName
	custContactPhone
	custStatus
)

var customerColumns = []column{
	custCode:         {"客户代码", "customer_code", true},
	custName:         {"客户名称", "customer_name", true},
	custOfficeCode:   {"机构代码", "office_code", true},
	custOwner:        {"管户人工号", "owner_staff_id", true},
	custContractDate: {"签约日期", "contract_date", false},
	custIndustry:     {"行业", "industry", false},
	custContactName:  {"联系人", "contact_name", false},
	custContactPhone: {"联系电话", "contact_phone", false},
	custStatus:       {"状态", "status", true},
}

const (
	wbNo = iota
	wbAcceptedAt
	wbOfficeCode
	wbCourier
	wbCustomer
	wbSenderPhone
	wbProduct
	wbWeight
	wbPostage
	wbPayment
	wbChannel
	wbDestProvince
)

var waybillColumns = []column{
	wbNo:           {"邮件号", "waybill_no", true},
	wbAcceptedAt:   {"收寄时间", "accepted_at", true},
	wbOfficeCode:   {"机构代码", "office_code", true},
	wbCourier:      {"揽投员工号", "courier_staff_id", true},
	wbCustomer:     {"客户代码", "customer_code", true},
	wbSenderPhone:  {"寄件人电话", "sender_phone", true},
	wbProduct:      {"产品", "product", false},
	wbWeight:       {"重量(克)", "weight_g", false},
	wbPostage:      {"资费(元)", "postage", true},
	wbPayment:      {"付费方式", "payment", true},
	wbChannel:      {"收寄渠道", "channel", true},
	wbDestProvince: {"寄达省", "dest_province", false},
}

const (
	memPhone = iota
	memRegisteredOn
	memOfficeCode
	memStaff
)

var memberColumns = []column{
	memPhone:        {"手机号", "phone", true},
	memRegisteredOn: {"注册日期", "registered_on", true},
	memOfficeCode:   {"机构代码", "office_code", true},
	memStaff:        {"推荐人工号", "staff_id", false},
}

const (
	suspOfficeCode = iota
	suspFrom
	suspTo
	suspReason
)

var suspensionColumns = []column{
	suspOfficeCode: {"机构代码", "office_code", true},
	suspFrom:       {"开始日期", "from", true},
	suspTo:         {"结束日期", "to", true},
	suspReason:     {"原因", "reason", false},
}

const (
	adjID = iota
	adjScope
	adjKind
	adjProvinces
	adjProducts
	adjFrom
	adjTo
	adjReason
)

var adjustmentColumns = []column{
	adjID:        {"编号", "id", true},
	adjScope:     {"范围", "scope", true},
	adjKind:      {"类型", "kind", true},
	adjProvinces: {"寄达省", "provinces", false},
	adjProducts:  {"产品", "products", false},
	adjFrom:      {"开始日期", "from", true},
	adjTo:        {"结束日期", "to", false},
	adjReason:    {"原因", "reason", false},
}

// headerMap places a kind's columns in a file's header.
type headerMap struct {
	index []int    // per column: position in the row, -1 when absent
	names []string // per column: the header text as it appears in the file
}

// mapHeader finds each column in the header, by its Chinese name or its
// alias, in any order; unknown columns are ignored. It fails naming every
// required column that is missing, or a column the header has twice
// (*duplicateColumnError). Each header cell is looked at once.
func mapHeader(source string, cols []column, header []string) (headerMap, error) {
	m := headerMap{index: make([]int, len(cols)), names: make([]string, len(cols))}
	wanted := make(map[string]int, 2*len(cols))
	for c, col := range cols {
		m.index[c] = -1
		wanted[headerKey(col.zh)], wanted[col.alias] = c, c
	}
	for i, h := range header {
		c, ok := wanted[headerKey(h)]
		if !ok {
			continue
		}
		name := strings.TrimSpace(strings.Trim(h, "\uFEFF"))
		if m.index[c] >= 0 {
			return m, &duplicateColumnError{source: source, first: m.names[c], firstAt: m.index[c] + 1, second: name, secondAt: i + 1}
		}
		m.index[c], m.names[c] = i, name
	}
	var missing []string
	for c, col := range cols {
		if m.index[c] < 0 && col.required {
			missing = append(missing, fmt.Sprintf("“%s”（%s）", col.zh, col.alias))
		}
	}
	if missing != nil {
		return m, fmt.Errorf("文件“%s”缺少必需的列%s", source, strings.Join(missing, "、"))
	}
	return m, nil
}

// duplicateColumnError is a header that names one column twice (机构代码
// twice, or 资费(元) and 资费（元）, or 机构代码 and office_code): which
// one holds the values cannot be told, so the file is refused.
type duplicateColumnError struct {
	source            string
	first, second     string
	firstAt, secondAt int
}

func (e *duplicateColumnError) Error() string {
	what := fmt.Sprintf("“%s”出现了两次", e.first)
	if e.first != e.second {
		what = fmt.Sprintf("“%s”和“%s”是同一列", e.first, e.second)
	}
	return fmt.Sprintf("文件“%s”的表头里%s（第 %d 列和第 %d 列），不知道该用哪一列；请删去或改名其中一列后再导入",
		e.source, what, e.firstAt, e.secondAt)
}

// fullWidthParens reads full-width parentheses as ASCII ones.
var fullWidthParens = strings.NewReplacer("（", "(", "）", ")")

// headerKey is how header names compare: spaces and BOM trimmed, full-width
// parentheses read as ASCII ones, case ignored.
func headerKey(h string) string {
	h = strings.TrimSpace(strings.Trim(strings.TrimSpace(h), "\uFEFF"))
	return strings.ToLower(fullWidthParens.Replace(h))
}

// columnsOf returns the columns of a kind.
func columnsOf(kind postcrm.ImportKind) ([]column, error) {
	switch kind {
	case postcrm.KindOrg:
		return orgColumns, nil
	case postcrm.KindCustomers:
		return customerColumns, nil
	case postcrm.KindWaybills:
		return waybillColumns, nil
	case postcrm.KindMembers:
		return memberColumns, nil
	case postcrm.KindSuspensions:
		return suspensionColumns, nil
	case postcrm.KindAdjustments:
		return adjustmentColumns, nil
	}
	return nil, fmt.Errorf("unknown import kind %q", kind)
}
