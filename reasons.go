package postcrm

// reasonLabels are the short Chinese names the rejects file and the
// data-quality report give each finding's reason.
var reasonLabels = map[Reason]string{
	ReasonNotPermitted:    "超出导入权限",
	ReasonMissingField:    "必填项为空",
	ReasonBadTime:         "时间无法识别",
	ReasonBadDate:         "日期无法识别",
	ReasonBadNumber:       "不是数字",
	ReasonNegative:        "数值为负",
	ReasonAbsurd:          "数值大得离谱",
	ReasonBadCode:         "代码格式不对",
	ReasonBadEnum:         "取值无法识别",
	ReasonBadPhone:        "电话号码不对",
	ReasonUnknownOffice:   "机构不存在",
	ReasonUnknownCustomer: "协议客户不存在",
	ReasonUnknownStaff:    "人员不存在",
	ReasonUnknownHub:      "中心未登记",
	ReasonNoPhone:         "散户没有寄件人电话",
	ReasonFuture:          "时间晚于当前",
	ReasonBadQuotes:       "引号不成对",
	ReasonCampaignRule:    "不符合活动规则",
}

// Label is the short Chinese name of the reason, for the rejects file and
// reports; a reason postcrm does not know shows as its stored code.
func (r Reason) Label() string {
	if label, ok := reasonLabels[r]; ok {
		return label
	}
	return string(r)
}
