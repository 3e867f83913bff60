package report

import "postcrm"

// segment is a slice of express revenue as the reports split it.
type segment int

// The split is exhaustive, so the three add up to all postage: contract
// customers whatever their channel; walk-ins through the e-channel
// (邮惠中心 and the mini-program); and the other walk-ins, who pay cash at
// the counter or to a courier (现费散户).
const (
	segContract segment = iota
	segWalkinCash
	segEChannel
	segments
)

func segmentOf(contract bool, ch postcrm.Channel) segment {
	switch {
	case contract:
		return segContract
	case ch == postcrm.ChannelEChannel || ch == postcrm.ChannelMiniProgram:
		return segEChannel
	}
	return segWalkinCash
}

var segmentNames = [segments]string{"协议客户", "现费散户", "电子渠道"}
