package storetest

import (
	"fmt"
	"math/rand/v2"
	"time"

	"postcrm"
)

// WaybillGen makes synthetic waybills shaped like a province's export:
// 13-digit numbers allocated in blocks per office and rising with time,
// acceptance times rising through the day, a few thousand contract
// customers and a long tail of walk-in phones that come back now and then.
type WaybillGen struct {
	rng      *rand.Rand
	at       time.Time
	offices  []string
	next     []int64 // per office: the next number of its block
	couriers int     // per office
	nCust    int
	nPhones  int
}

// NewWaybillGen returns a generator whose output depends only on seed.
func NewWaybillGen(seed uint64) *WaybillGen {
	g := &WaybillGen{
		rng:      rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		at:       time.Date(2024, 3, 1, 7, 0, 0, 0, postcrm.ChinaTime),
		couriers: 12,
		nCust:    30000,
		nPhones:  2000000,
	}
	for i := range 300 {
		g.offices = append(g.offices, fmt.Sprintf("13%02d%04d", i/30+1, i))
		g.next = append(g.next, 1100000000000+int64(i)*10000000)
	}
	return g
}

var (
	products  = []string{"标准快递", "特快专递", "快递包裹", "国内小包"}
	provinces = []string{"河北省", "北京市", "天津市", "山东省", "河南省", "广东省", "浙江省"}
	channels  = []postcrm.Channel{postcrm.ChannelCounter, postcrm.ChannelPickup,
		postcrm.ChannelEChannel, postcrm.ChannelMiniProgram}
)

// Batch returns the next n waybills, about a million a day. Contract
// customers belong to an office and mostly pay monthly through a pickup;
// walk-ins pay cash at the counter or online.
func (g *WaybillGen) Batch(n int) []postcrm.Waybill {
	out := make([]postcrm.Waybill, n)
	for i := range out {
		g.at = g.at.Add(time.Duration(g.rng.IntN(170)) * time.Millisecond)
		w := postcrm.Waybill{
			AcceptedAt:   g.at.Truncate(time.Second),
			Product:      products[g.rng.IntN(len(products))],
			WeightG:      100 + int64(g.rng.IntN(5000)),
			PostageFen:   800 + int64(g.rng.IntN(3000)),
			Payment:      postcrm.PaymentCash,
			Channel:      channels[2*g.rng.IntN(2)], // counter or e-channel
			DestProvince: provinces[g.rng.IntN(len(provinces))],
		}
		var o int
		// Squaring skews towards the big senders.
		u := g.rng.Float64()
		if g.rng.IntN(10) < 6 {
			c := int(u * u * float64(g.nCust))
			o = c % len(g.offices)
			w.CustomerCode = fmt.Sprintf("KH%08d", c)
			w.Channel = postcrm.ChannelPickup
			if g.rng.IntN(10) < 8 {
				w.Payment = postcrm.PaymentMonthly
			}
		} else {
			p := int(u * u * float64(g.nPhones))
			o = p % len(g.offices)
			// Spread the phones over the number space as real ones are.
			w.SenderPhone = fmt.Sprintf("13%09d", p*7919%1000000000)
		}
		g.next[o] += 1 + int64(g.rng.IntN(3))
		w.No = fmt.Sprintf("%013d", g.next[o])
		w.OfficeCode = g.offices[o]
		w.CourierStaffID = fmt.Sprintf("%s%02d", g.offices[o], g.rng.IntN(g.couriers))
		out[i] = w
	}
	return out
}
