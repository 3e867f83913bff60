package demo

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"postcrm/contest"
)

// contestQuestions is the demo contest's bank: questions a branch's
// knowledge contest asks, in the three usual categories.
var contestQuestions = []contest.Question{
	{Category: "规章制度", Type: "判断", Value: 10, Text: "收寄时必须当面验视内件，禁寄物品一律不得收寄。", Answer: "对"},
	{Category: "规章制度", Type: "单选", Value: 10, Text: "寄件人交寄物品时，应当出示的有效身份证件是？", Answer: "A", Options: "A. 居民身份证 B. 工作证 C. 会员卡 D. 名片"},
	{Category: "规章制度", Type: "单选", Value: 20, Text: "快递企业对收寄的快件实行的“三项制度”是指收寄验视、实名收寄和什么？", Answer: "C", Options: "A. 上门揽收 B. 当日投递 C. 过机安检 D. 电子回单"},
	{Category: "规章制度", Type: "判断", Value: 10, Text: "用户个人信息可以在营业部公开张贴，便于查询。", Answer: "错"},
	{Category: "规章制度", Type: "简答", Value: 30, Text: "快件丢失时，未保价快件的赔偿原则是什么？", Answer: "按实际损失赔偿，最高不超过所收资费的三倍（另有约定的从约定）"},
	{Category: "规章制度", Type: "单选", Value: 20, Text: "营业部发现疑似禁寄物品时，应当首先怎么做？", Answer: "B", Options: "A. 退回寄件人 B. 停止收寄并报告 C. 照常收寄 D. 拆开检查后收寄"},
	{Category: "规章制度", Type: "判断", Value: 10, Text: "揽投员可以代替寄件人填写并签署寄递详情单。", Answer: "错"},
	{Category: "业务知识", Type: "单选", Value: 10, Text: "标准快递的计费重量取实际重量与哪个重量中较大者？", Answer: "B", Options: "A. 毛重 B. 体积重量 C. 净重 D. 估计重量"},
	{Category: "业务知识", Type: "判断", Value: 10, Text: "协议客户的月结账单应在次月按协议约定的时间结算。", Answer: "对"},
	{Category: "业务知识", Type: "单选", Value: 20, Text: "客户连续多周收寄量明显下滑，营业部首先应当做什么？", Answer: "A", Options: "A. 由管户人联系客户了解原因 B. 调高资费 C. 停止上门揽收 D. 等客户自己联系"},
	{Category: "业务知识", Type: "简答", Value: 30, Text: "说出散户转为协议客户的两个常见条件。", Answer: "收寄量稳定达到协议门槛；同意月结并签订协议（任两项合理即可）"},
	{Category: "业务知识", Type: "单选", Value: 10, Text: "“揽投员”的主要职责是？", Answer: "C", Options: "A. 只负责投递 B. 只负责收寄 C. 揽收和投递 D. 财务结算"},
	{Category: "业务知识", Type: "判断", Value: 10, Text: "快件签收时，收件人有权当面验视内件。", Answer: "对"},
	{Category: "业务知识", Type: "单选", Value: 20, Text: "保价快件发生全部损失时，按什么赔偿？", Answer: "D", Options: "A. 资费的三倍 B. 固定金额 C. 不赔 D. 保价金额"},
	{Category: "党史", Type: "单选", Value: 10, Text: "中国共产党第一次全国代表大会于哪一年召开？", Answer: "B", Options: "A. 1919 年 B. 1921 年 C. 1927 年 D. 1949 年"},
	{Category: "党史", Type: "判断", Value: 10, Text: "中华人民共和国成立于 1949 年 10 月 1 日。", Answer: "对"},
	{Category: "党史", Type: "单选", Value: 20, Text: "红军长征胜利结束的标志是哪一年的三大主力会师？", Answer: "C", Options: "A. 1934 年 B. 1935 年 C. 1936 年 D. 1937 年"},
	{Category: "党史", Type: "单选", Value: 10, Text: "中国共产党第一次全国代表大会最后一天的会议在哪里召开？", Answer: "A", Options: "A. 浙江嘉兴南湖 B. 北京 C. 广州 D. 武汉"},
	{Category: "党史", Type: "简答", Value: 30, Text: "改革开放的起点是哪次会议？", Answer: "党的十一届三中全会（1978 年 12 月）"},
	{Category: "党史", Type: "判断", Value: 10, Text: "遵义会议召开于 1935 年 1 月。", Answer: "对"},
}

// ContestTeams are the demo contest's six teams.
var ContestTeams = []string{"石家庄市分公司", "唐山市分公司", "秦皇岛市分公司", "邯郸市分公司", "邢台市分公司", "保定市分公司"}

// WriteContestBank writes the demo's question bank as the XLSX a branch
// would import (编号, 类别, 题型, 分值, 题目, 答案, 选项).
func WriteContestBank(path string) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Sheet1"
	if err := f.SetSheetRow(sheet, "A1", &[]any{"编号", "类别", "题型", "分值", "题目", "答案", "选项"}); err != nil {
		return err
	}
	for i, q := range contestQuestions {
		row := []any{fmt.Sprintf("T%03d", i+1), q.Category, q.Type, q.Value, q.Text, q.Answer, q.Options}
		if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", i+2), &row); err != nil {
			return err
		}
	}
	_ = f.SetColWidth(sheet, "E", "E", 60)
	_ = f.SetColWidth(sheet, "F", "G", 30)
	return f.SaveAs(path)
}
