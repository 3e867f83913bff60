package demo

import "strings"

// Surnames with their approximate frequency in northern China (per cent).
var surnames = []struct {
	Name   string
	Weight float64
}{
	{"王", 8.0}, {"李", 7.6}, {"张", 7.9}, {"刘", 6.3}, {"赵", 3.2}, {"杨", 3.3}, {"陈", 2.8},
	{"高", 1.6}, {"孙", 1.8}, {"郭", 1.6}, {"马", 1.5}, {"周", 1.5}, {"吴", 1.2}, {"徐", 1.3},
	{"朱", 1.1}, {"胡", 1.0}, {"黄", 1.0}, {"田", 0.9}, {"贾", 0.9}, {"闫", 0.8}, {"韩", 0.9},
	{"宋", 0.8}, {"董", 0.8}, {"于", 0.8}, {"冯", 0.7}, {"郑", 0.6}, {"曹", 0.6}, {"许", 0.6},
	{"魏", 0.6}, {"崔", 0.6}, {"谢", 0.4}, {"程", 0.5}, {"袁", 0.4}, {"吕", 0.5}, {"苏", 0.5},
	{"卢", 0.4}, {"蒋", 0.3}, {"蔡", 0.3}, {"丁", 0.5}, {"薛", 0.4}, {"任", 0.5}, {"姜", 0.4},
	{"范", 0.4}, {"石", 0.5}, {"姚", 0.3}, {"郝", 0.5}, {"孟", 0.4}, {"白", 0.4}, {"康", 0.3},
	{"秦", 0.3}, {"史", 0.4}, {"侯", 0.4}, {"邵", 0.2}, {"段", 0.3}, {"常", 0.3}, {"武", 0.4},
	{"乔", 0.3}, {"耿", 0.3}, {"齐", 0.3}, {"霍", 0.2}, {"梁", 0.4}, {"林", 0.3}, {"何", 0.4},
	{"罗", 0.3}, {"唐", 0.3}, {"邓", 0.2}, {"彭", 0.2}, {"尹", 0.2}, {"申", 0.2}, {"牛", 0.2},
}

var (
	maleGiven = []string{
		"伟", "磊", "强", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "辉", "鹏", "飞", "波",
		"宁", "浩", "亮", "健", "峰", "建国", "建军", "志强", "志刚", "海涛", "海军", "晓东", "晓明",
		"立新", "永强", "国华", "建华", "振华", "少华", "文博", "子豪", "宇航", "浩然", "俊杰", "志伟",
	}
	femaleGiven = []string{
		"芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "婷", "雪", "慧", "颖", "琳",
		"洁", "红", "倩", "丹", "晶", "秀英", "桂英", "丽娜", "晓燕", "红梅", "春燕", "海燕", "雅琪",
		"欣怡", "佳慧", "思雨", "雨萱", "梦瑶", "晓丽", "丽华", "淑珍", "玉兰", "文静", "美玲", "秀兰",
	}
	surnamePicker = func() picker {
		w := make([]float64, len(surnames))
		for i, s := range surnames {
			w[i] = s.Weight
		}
		return newPicker(w...)
	}()
)

func personName(r *rng) string {
	given := maleGiven
	if r.chance(0.45) {
		given = femaleGiven
	}
	return surnames[surnamePicker.pick(r)].Name + given[r.intn(len(given))]
}

// Company names: a two-character brand made of auspicious characters, as
// Chinese businesses like them, before a line of business.
var brandChars = []string{
	"华", "鑫", "盛", "恒", "达", "瑞", "丰", "源", "通", "泰", "宏", "宇", "博", "诚", "信",
	"嘉", "润", "德", "祥", "和", "兴", "隆", "昌", "安", "康", "顺", "益", "冠", "远", "航",
	"创", "凯", "锦", "明", "辰", "耀", "晟", "峰", "广", "金",
}

func brand(r *rng) string {
	a := r.intn(len(brandChars))
	b := (a + 1 + r.intn(len(brandChars)-1)) % len(brandChars)
	return brandChars[a] + brandChars[b]
}

// business is a line of business: the company-name suffix and the 行业
// written in the customer export.
type business struct{ Suffix, Industry string }

var (
	shopBusinesses = []business{
		{"电子商务有限公司", "电子商务"}, {"网络科技有限公司", "电子商务"}, {"商贸有限公司", "批发零售"},
		{"服饰有限公司", "电子商务"}, {"日用品有限公司", "批发零售"}, {"食品有限公司", "食品"},
		{"母婴用品店", "电子商务"}, {"箱包有限公司", "电子商务"}, {"农副产品电商中心", "电子商务"},
	}
	firmBusinesses = []business{
		{"机械制造有限公司", "制造业"}, {"医药有限公司", "医药"}, {"印务有限公司", "印刷"},
		{"建材有限公司", "建材"}, {"汽车配件有限公司", "制造业"}, {"化工有限公司", "化工"},
		{"纺织有限公司", "纺织"}, {"电器有限公司", "制造业"}, {"保险代理有限公司", "金融保险"},
		{"钢铁贸易有限公司", "批发零售"}, {"检测技术有限公司", "技术服务"},
	}
	smallBusinesses = []business{
		{"律师事务所", "法律服务"}, {"会计师事务所", "商务服务"}, {"装饰工程有限公司", "建筑装饰"},
		{"文化传媒有限公司", "文化传媒"}, {"培训学校", "教育培训"}, {"图文广告部", "商务服务"},
		{"眼镜店", "零售"}, {"茶叶店", "零售"},
	}
	// Government and public institutions are named after their place.
	institutions = []business{
		{"人民法院", "公检法"}, {"人民检察院", "公检法"}, {"税务局", "政府机关"},
		{"不动产登记中心", "政府机关"}, {"住房公积金管理中心", "政府机关"}, {"人民医院", "医疗卫生"},
		{"社会保险事业管理局", "政府机关"}, {"公安局交通警察大队", "公检法"},
		{"人力资源和社会保障局", "政府机关"}, {"市场监督管理局", "政府机关"}, {"第一中学", "教育"},
		{"行政审批局", "政府机关"}, {"中医院", "医疗卫生"},
	}
	farmSuffixes = []string{"专业合作社", "种植专业合作社", "农产品有限公司"}
)

// uniqueNamer hands out names never given before, retrying the generator
// and, rarely, telling branches apart.
type uniqueNamer map[string]bool

func (u uniqueNamer) name(gen func() string) string {
	for range 20 {
		if n := gen(); !u[n] {
			u[n] = true
			return n
		}
	}
	base := gen()
	for i := 2; ; i++ {
		n := base + branchName(i)
		if !u[n] {
			u[n] = true
			return n
		}
	}
}

var chineseDigits = []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// branchName numbers branches the Chinese way: 第二分部, 第十二分部.
func branchName(i int) string {
	var b strings.Builder
	b.WriteString("第")
	if i >= 10 {
		if i/10 > 1 {
			b.WriteString(chineseDigits[i/10%10])
		}
		b.WriteString("十")
	}
	b.WriteString(chineseDigits[i%10])
	b.WriteString("分部")
	return b.String()
}
