package demo

import (
	"fmt"
	"slices"
	"time"

	"postcrm"
	"postcrm/calendar"
)

// The campaign simulation gives the demo a campaign with a known true
// effect, for the measurement to find again. A 寄件返礼 campaign runs for
// four weeks, ending a month before the data do (so that every recruited
// member's 30-day return is known), in about half of each city's offices,
// chosen at random. At those offices it brings walk-ins who would not have
// come otherwise: new phones, about MembersPerWeek an office and week,
// each joining the e-channel on a day of the campaign and sending its
// first item that day through it (the gift's shipment), then shipping as
// any walk-in does, at that office. Nothing else changes, so the true
// effect on members is the planted members per office and week, and on
// walk-in revenue the planted walk-ins' postage in the campaign's days
// per office and week. They are written as two extra files to import, so
// the generated months stay as they are.

// CampaignSim describes a simulated campaign.
type CampaignSim struct {
	MembersPerWeek float64 // planted new members per office and week
	GiftCostFen    int64
}

// DefaultCampaignSim plants three new members an office and week, with
// a gift costing 8.50 yuan.
var DefaultCampaignSim = CampaignSim{MembersPerWeek: 3, GiftCostFen: 850}

// CampaignResult is the simulated campaign, its files and its truth.
type CampaignResult struct {
	Campaign postcrm.Campaign // not stored yet: ID 0
	Files    []File           // the members and the waybills, to import in this order
	// Gifts are the planted members' first items, each worth a gift.
	Gifts []postcrm.Gift
	// The truth: planted members, and their postage within the campaign's
	// days, in all and per office and week.
	Members              int
	RevenueFen           int64
	MembersPerOfficeWeek float64
	RevenuePerOfficeWeek float64 // yuan
}

// CampaignFiles names the files the simulation writes.
const (
	campaignMembersFile  = "members-campaign.csv"
	campaignWaybillsFile = "waybills-campaign.csv"
	campaignTruthFile    = "truth_campaign.csv"
)

// The planted walk-ins' phones come after the province's walk-ins' far
// above the numbers next hands out; their items are numbered from
// campaignSeqBase in each day, above the day's own and below the
// follow-up's.
const (
	campaignPhoneOffset = 50_000_000
	campaignSeqBase     = 70_000_000
	streamCampaign      = 65
)

// walkinPhone is walk-in wi's index in the phone book.
func (p *province) walkinPhone(wi int32) int {
	if int(wi) >= p.scale.Walkins {
		return int(wi) + campaignPhoneOffset
	}
	return int(wi)
}

// SimulateCampaign writes the simulated campaign's files into opts.Dir.
// opts must be the options the province was generated with.
func SimulateCampaign(opts Options, sim CampaignSim) (CampaignResult, error) {
	var res CampaignResult
	opts, err := opts.withDefaults(time.Now())
	if err != nil {
		return res, err
	}
	p, err := buildProvince(opts, calendar.Default())
	if err != nil {
		return res, err
	}
	to := p.win.Last.AddDays(-30)
	from := to.AddDays(-27)
	c := postcrm.Campaign{Name: "邮惠中心新会员寄件返礼", From: from, To: to,
		Channels: []postcrm.Channel{postcrm.ChannelEChannel, postcrm.ChannelMiniProgram},
		Rule:     postcrm.RuleNewMember, PerPhone: 1, Gift: "定制帆布袋", GiftCostFen: sim.GiftCostFen, CreatedBy: "demo"}
	r := newRNG(p.seed, streamCampaign, 0)
	var treated []int32
	for _, offices := range p.cityOffices {
		for k, i := range r.perm(len(offices)) {
			if k < (len(offices)+1)/2 {
				treated = append(treated, offices[i])
			}
		}
	}
	slices.Sort(treated)
	for _, oi := range treated {
		c.Offices = append(c.Offices, p.offices[oi].Code)
	}
	first, last := p.win.Index(from), p.win.Index(to)
	days := last - first + 1
	tp := TrueParams
	base := int32(len(p.walkins))
	for _, oi := range treated {
		for range r.poisson(sim.MembersPerWeek * float64(days) / 7) {
			day := first + r.intn(days)
			p.walkins = append(p.walkins, walkin{Lambda: r.gamma(tp.R) / tp.Alpha, P: r.beta(tp.A, tp.B), Nu: r.gamma(tp.SpendQ) / tp.SpendGamma,
				Office: oi, First: int32(day), Last: int32(day), Death: -1, Registered: int32(day), Recruiter: p.offices[oi].counter(&r)})
		}
	}
	planted := p.walkins[base:]
	res.Members = len(planted)
	c.BudgetFen = sim.GiftCostFen * int64(res.Members+res.Members/5+1)

	members, err := createCSV(opts.Dir, campaignMembersFile, EncodingUTF8, memberHeader)
	if err != nil {
		return res, err
	}
	for k := range planted {
		w := &planted[k]
		members.fields([]string{p.phones.mobile(p.walkinPhone(base + int32(k))), p.win.Day(int(w.Registered)).String(),
			p.offices[w.Office].Code, p.staff[w.Recruiter].ID})
	}
	res.Files = append(res.Files, File{Name: campaignMembersFile, Kind: postcrm.KindMembers, Encoding: EncodingUTF8, Rows: members.rows()})
	if err := members.close(); err != nil {
		return res, err
	}

	out, err := createCSV(opts.Dir, campaignWaybillsFile, EncodingUTF8, waybillHeader)
	if err != nil {
		return res, err
	}
	byDay := make([][]int32, p.win.Days())
	for k := range planted {
		wi := base + int32(k)
		p.walkins[wi].purchases(p.seed, int(wi), p.win.Days()-1, func(day int) { byDay[day] = append(byDay[day], wi) })
	}
	for day, ws := range byDay {
		if len(ws) == 0 {
			continue
		}
		dr := newRNG(p.seed, streamCampaign, uint64(day)+1)
		text := newDayText(p.win.Day(day))
		seq := int32(campaignSeqBase)
		firstOf := map[int32]bool{}
		for _, wi := range ws {
			w := &p.walkins[wi]
			it := p.walkinItem(&dr, day, wi)
			it.office, it.courier = w.Office, p.offices[w.Office].counter(&dr) // they come for this office's gift
			if day == int(w.First) && !firstOf[wi] {
				firstOf[wi] = true
				it.channel = channelEChannel
				it.sec = int32(onlineHours.pick(&dr)*secondsPerHour + dr.intn(secondsPerHour))
				no := string(text.number) + string(appendPadded(nil, int64(seq), 8))
				res.Gifts = append(res.Gifts, postcrm.Gift{WaybillNo: no, Phone: p.phones.mobile(p.walkinPhone(wi)), Source: postcrm.GiftAtCounter})
			}
			it.seq = seq
			seq++
			if day >= first && day <= last {
				res.RevenueFen += int64(it.fen)
			}
			out.write(p.appendWaybill(out.buffer(), &text, &it))
		}
	}
	res.Files = append(res.Files, File{Name: campaignWaybillsFile, Kind: postcrm.KindWaybills, Encoding: EncodingUTF8, Rows: out.rows()})
	if err := out.close(); err != nil {
		return res, err
	}
	officeWeeks := float64(len(treated)) * float64(days) / 7
	res.MembersPerOfficeWeek = float64(res.Members) / officeWeeks
	res.RevenuePerOfficeWeek = float64(res.RevenueFen) / 100 / officeWeeks
	res.Campaign = c
	truth := [][]string{{c.From.String(), c.To.String(), fmt.Sprint(len(treated)), fmt.Sprint(res.Members), postcrm.Yuan(res.RevenueFen),
		fmt.Sprintf("%.4f", res.MembersPerOfficeWeek), fmt.Sprintf("%.2f", res.RevenuePerOfficeWeek)}}
	f, err := writeTable(opts.Dir, campaignTruthFile, EncodingUTF8, "", []string{"from", "to", "offices", "planted_members",
		"planted_revenue_yuan", "members_per_office_week", "revenue_per_office_week_yuan"}, truth)
	res.Files = append(res.Files, f)
	return res, err
}
