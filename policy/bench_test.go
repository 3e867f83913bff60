package policy

import (
	"fmt"
	"testing"

	"postcrm"
	"postcrm/analysis"
)

// BenchmarkReduce: a city's worth of histories (3,000 customers over 24
// months in 3 offices) under 7 adjustments of every kind and scope, a
// destination and a product refused together in 唐山市 (its customers'
// shares counted on their joint mix).
func BenchmarkReduce(b *testing.B) {
	end := postcrm.Date(20261130)
	n := postcrm.DaysBetween(20241201, end) + 1
	hs := make([]analysis.CustomerHistory, 3000)
	mix := Mix{}
	for i := range hs {
		code := fmt.Sprintf("C%05d", i)
		hs[i] = history(code, offices[i%len(offices)].Code, end, n)
		for _, r := range []postcrm.MixRow{
			{CustomerCode: code, Month: 202609, Dim: "d", Value: "上海", Items: int64(i % 50)},
			{CustomerCode: code, Month: 202609, Dim: "d", Value: "河北", Items: 100},
			{CustomerCode: code, Month: 202609, Dim: "p", Value: "特快专递", Items: int64(i % 30)},
			{CustomerCode: code, Month: 202609, Dim: "p", Value: "标准快递", Items: 70},
			{CustomerCode: code, Month: 202609, Dim: postcrm.MixJoint, Value: postcrm.JointValue("上海", "特快专递"), Items: int64(i % 30)},
			{CustomerCode: code, Month: 202609, Dim: postcrm.MixJoint, Value: postcrm.JointValue("上海", "标准快递"), Items: int64(i%50 - i%30 + 30)},
			{CustomerCode: code, Month: 202609, Dim: postcrm.MixJoint, Value: postcrm.JointValue("河北", "标准快递"), Items: 40},
		} {
			mix.Add(r)
		}
	}
	adjs := []postcrm.Adjustment{
		adj("1", postcrm.ScopeProvince, postcrm.AdjustDestination, 20261103, 20261130, "上海", "北京"),
		adj("2", "唐山市", postcrm.AdjustProduct, 20261105, 20261130, "特快专递"),
		adj("3", "石家庄市", postcrm.AdjustSuspend, 20261110, 20261114),
		adj("4", "13010001", postcrm.AdjustDestination, 20261110, 0, "广东"),
		adj("5", "13010002", postcrm.AdjustSuspend, 20261103, 20261109),
		adj("6", "石家庄市", postcrm.AdjustDestination, 20261010, 20261028, "上海"),
		adj("7", postcrm.ScopeProvince, postcrm.AdjustDestination, 20261205, 20261225, "新疆"),
	}
	b.ReportAllocs()
	for b.Loop() {
		Reduce(hs, adjs, offices, mix, 202611)
	}
}
