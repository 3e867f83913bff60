package ingest

import "postcrm"

var reasonLabels = map[postcrm.Reason]string{
	postcrm.ReasonNotPermitted:    "超出导入权限",
	postcrm.ReasonMissingField:    "必填项为空",
	postcrm.ReasonBadTime:         "时间无法识别",
	postcrm.ReasonBadDate:         "日期无法识别",
	postcrm.ReasonBadNumber:       "不是数字",
	postcrm.ReasonNegative:        "数值为负",
	postcrm.ReasonAbsurd:          "数值大得离谱",
	postcrm.ReasonBadCode:         "代码格式不对",
	postcrm.ReasonBadEnum:         "取值无法识别",
	postcrm.ReasonBadPhone:        "电话号码不对",
	postcrm.ReasonUnknownOffice:   "机构不存在",
	postcrm.ReasonUnknownCustomer: "协议客户不存在",
	postcrm.ReasonUnknownStaff:    "人员不存在",
	postcrm.ReasonNoPhone:         "散户没有寄件人电话",
	postcrm.ReasonFuture:          "时间晚于当前",
	postcrm.ReasonBadQuotes:       "引号不成对",
}

// ReasonLabel is the short Chinese name of a finding's reason, for the
// rejects file and reports; an unknown code is returned as is.
func ReasonLabel(r postcrm.Reason) string {
	if label, ok := reasonLabels[r]; ok {
		return label
	}
	return string(r)
}
