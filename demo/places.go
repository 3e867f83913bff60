package demo

import (
	"strings"
	"unicode/utf8"
)

// city is one of Hebei's 11 prefecture-level cities with what makes its
// data look local: postal-code prefix (used for office codes), telephone
// area code, streets and counties (office names) and the produce its
// farmers ship.
type city struct {
	Name        string
	Short       string // as used in company names
	PostPrefix  string // 3 digits
	AreaCode    string
	LocalDigits int     // digits of a landline after the area code
	Weight      float64 // share of the province's business
	Streets     []string
	Counties    []string // full names: 正定县, 辛集市, 藁城区
	Produce     []produce
}

type produce struct{ County, Goods string }

var cities = []city{
	{Name: "石家庄市", Short: "石家庄", PostPrefix: "050", AreaCode: "0311", LocalDigits: 8, Weight: 0.17,
		Streets:  []string{"北站", "富强", "翟营大街", "裕华路", "中山路", "建华大街", "槐安路", "谈固", "塔坛", "友谊大街", "和平路", "新华路", "东岗路", "石岗大街", "体育大街", "胜利大街", "范西路", "自强路", "西三庄", "东三教", "高新区", "长安"},
		Counties: []string{"正定县", "栾城区", "藁城区", "鹿泉区", "井陉县", "行唐县", "灵寿县", "高邑县", "深泽县", "赞皇县", "无极县", "平山县", "元氏县", "赵县", "辛集市", "晋州市", "新乐市"},
		Produce:  []produce{{"赵县", "雪花梨"}, {"深泽", "苹果"}, {"赞皇", "大枣"}}},
	{Name: "唐山市", Short: "唐山", PostPrefix: "063", AreaCode: "0315", LocalDigits: 7, Weight: 0.13,
		Streets:  []string{"新华道", "建设路", "北新道", "文化路", "卫国路", "龙泽路", "学院路", "长宁道", "光明路", "华岩路", "路南", "路北", "丰润", "丰南", "古冶", "开平", "曹妃甸"},
		Counties: []string{"滦南县", "乐亭县", "迁西县", "玉田县", "遵化市", "迁安市", "滦州市"},
		Produce:  []produce{{"迁西", "板栗"}, {"遵化", "板栗"}, {"乐亭", "甜瓜"}}},
	{Name: "秦皇岛市", Short: "秦皇岛", PostPrefix: "066", AreaCode: "0335", LocalDigits: 7, Weight: 0.045,
		Streets:  []string{"海港", "文化路", "河北大街", "建设大街", "迎宾路", "北戴河", "山海关", "海阳路", "燕山大街", "秦皇东大街", "抚宁"},
		Counties: []string{"青龙满族自治县", "昌黎县", "卢龙县"},
		Produce:  []produce{{"昌黎", "葡萄"}, {"青龙", "板栗"}}},
	{Name: "邯郸市", Short: "邯郸", PostPrefix: "056", AreaCode: "0310", LocalDigits: 7, Weight: 0.12,
		Streets:  []string{"中华大街", "人民路", "联纺路", "陵西大街", "丛台路", "滏河大街", "光明大街", "和平路", "邯山", "丛台", "复兴", "峰峰", "肥乡", "永年"},
		Counties: []string{"临漳县", "成安县", "大名县", "涉县", "磁县", "邱县", "鸡泽县", "广平县", "馆陶县", "魏县", "曲周县", "武安市"},
		Produce:  []produce{{"魏县", "鸭梨"}, {"涉县", "核桃"}}},
	{Name: "邢台市", Short: "邢台", PostPrefix: "054", AreaCode: "0319", LocalDigits: 7, Weight: 0.08,
		Streets:  []string{"中兴大街", "钢铁路", "新华路", "团结大街", "泉北大街", "顺德路", "襄都", "信都", "任泽", "南和"},
		Counties: []string{"临城县", "内丘县", "柏乡县", "隆尧县", "宁晋县", "巨鹿县", "新河县", "广宗县", "平乡县", "威县", "清河县", "临西县", "南宫市", "沙河市"},
		Produce:  []produce{{"内丘", "富岗苹果"}, {"临城", "核桃"}, {"威县", "梨"}}},
	{Name: "保定市", Short: "保定", PostPrefix: "071", AreaCode: "0312", LocalDigits: 7, Weight: 0.15,
		Streets:  []string{"朝阳大街", "东风路", "裕华路", "七一路", "三丰路", "长城大街", "五四路", "复兴路", "乐凯大街", "竞秀", "莲池", "满城", "清苑", "徐水"},
		Counties: []string{"涞水县", "阜平县", "定兴县", "唐县", "高阳县", "容城县", "涞源县", "望都县", "安新县", "易县", "曲阳县", "蠡县", "顺平县", "博野县", "雄县", "涿州市", "定州市", "安国市", "高碑店市"},
		Produce:  []produce{{"顺平", "桃"}, {"阜平", "大枣"}, {"涞水", "麻核桃"}}},
	{Name: "张家口市", Short: "张家口", PostPrefix: "075", AreaCode: "0313", LocalDigits: 7, Weight: 0.05,
		Streets:  []string{"胜利路", "建国路", "长青路", "明德街", "钻石路", "桥东", "桥西", "宣化", "下花园", "万全", "崇礼"},
		Counties: []string{"张北县", "康保县", "沽源县", "尚义县", "蔚县", "阳原县", "怀安县", "怀来县", "涿鹿县", "赤城县"},
		Produce:  []produce{{"宣化", "牛奶葡萄"}, {"怀来", "葡萄"}, {"张北", "土豆"}}},
	{Name: "承德市", Short: "承德", PostPrefix: "067", AreaCode: "0314", LocalDigits: 7, Weight: 0.045,
		Streets:  []string{"南营子大街", "新华路", "车站路", "都统府大街", "双桥", "双滦", "鹰手营子", "高新区"},
		Counties: []string{"承德县", "兴隆县", "滦平县", "隆化县", "丰宁满族自治县", "宽城满族自治县", "围场满族蒙古族自治县", "平泉市"},
		Produce:  []produce{{"兴隆", "山楂"}, {"平泉", "香菇"}, {"宽城", "板栗"}}},
	{Name: "沧州市", Short: "沧州", PostPrefix: "061", AreaCode: "0317", LocalDigits: 7, Weight: 0.09,
		Streets:  []string{"解放路", "新华路", "永济路", "浮阳大道", "黄河路", "运河", "高新区", "渤海新区"},
		Counties: []string{"沧县", "青县", "东光县", "海兴县", "盐山县", "肃宁县", "南皮县", "吴桥县", "献县", "孟村回族自治县", "泊头市", "任丘市", "黄骅市", "河间市"},
		Produce:  []produce{{"泊头", "鸭梨"}, {"沧县", "金丝小枣"}, {"黄骅", "冬枣"}}},
	{Name: "廊坊市", Short: "廊坊", PostPrefix: "065", AreaCode: "0316", LocalDigits: 7, Weight: 0.08,
		Streets:  []string{"新华路", "和平路", "银河路", "建设路", "广阳道", "爱民道", "永兴路", "安次", "广阳", "开发区"},
		Counties: []string{"固安县", "永清县", "香河县", "大城县", "文安县", "大厂回族自治县", "霸州市", "三河市"},
		Produce:  []produce{{"永清", "胡萝卜"}, {"固安", "西瓜"}}},
	{Name: "衡水市", Short: "衡水", PostPrefix: "053", AreaCode: "0318", LocalDigits: 7, Weight: 0.05,
		Streets:  []string{"人民路", "中华大街", "和平路", "红旗大街", "永兴路", "桃城", "冀州", "滨湖新区"},
		Counties: []string{"枣强县", "武邑县", "武强县", "饶阳县", "安平县", "故城县", "景县", "阜城县", "深州市"},
		Produce:  []produce{{"深州", "蜜桃"}, {"饶阳", "葡萄"}}},
}

// countyQuarters turn a county into further office names once the city's
// street names are used up.
var countyQuarters = []string{"", "城关", "城东", "城西", "城南", "城北", "开发区", "新区", "站前", "工业园"}

// destination is a 寄达省 with its share of Hebei's outbound items and its
// tariff zone (0 in-province … 3 far).
type destination struct {
	Name   string
	Weight float64
	Zone   int
}

var destinations = []destination{
	{"河北", 24, 0}, {"北京", 14, 1}, {"天津", 7, 1}, {"山东", 7, 1}, {"河南", 6, 1},
	{"山西", 4, 1}, {"内蒙古", 2.5, 1}, {"辽宁", 3, 1}, {"江苏", 4, 2}, {"上海", 3, 2},
	{"浙江", 3, 2}, {"安徽", 2, 2}, {"湖北", 2, 2}, {"陕西", 1.5, 2}, {"吉林", 1, 2},
	{"黑龙江", 1.2, 2}, {"江西", 1, 2}, {"湖南", 1.2, 2}, {"宁夏", 0.4, 2}, {"广东", 4, 3},
	{"福建", 1.2, 3}, {"广西", 0.7, 3}, {"海南", 0.4, 3}, {"重庆", 0.8, 3}, {"四川", 1.3, 3},
	{"贵州", 0.5, 3}, {"云南", 0.6, 3}, {"西藏", 0.1, 3}, {"甘肃", 0.5, 3}, {"青海", 0.2, 3},
	{"新疆", 0.6, 3},
}

// placeSuffixes are stripped from a county's name in everyday use
// (正定县 → 正定), unless the name would shrink to one character (赵县).
var placeSuffixes = []string{"满族蒙古族自治县", "满族自治县", "回族自治县", "县", "市", "区"}

func shortPlace(name string) string {
	for _, s := range placeSuffixes {
		if short, ok := strings.CutSuffix(name, s); ok {
			if utf8.RuneCountInString(short) >= 2 {
				return short
			}
			return name
		}
	}
	return name
}
