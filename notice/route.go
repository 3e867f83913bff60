package notice

import (
	"net/http"
	"time"

	"postcrm"
)

// Routes picks each notice's sender: the webhook of the recipient's
// office, else of its city, else the default sender.
type Routes struct {
	offices, cities map[string]WeCom
	def             Sender
}

// NewRoutes builds the routes of the webhooks; their requests go through
// client.
func NewRoutes(hooks []postcrm.NoticeWebhook, def Sender, client *http.Client) Routes {
	r := Routes{offices: map[string]WeCom{}, cities: map[string]WeCom{}, def: def}
	for _, h := range hooks {
		s := WeCom{URL: h.URL, Client: client}
		if h.OfficeCode != "" {
			r.offices[h.OfficeCode] = s
		} else {
			r.cities[h.City] = s
		}
	}
	return r
}

// For is the sender of n and the robot it posts to ("" for the default
// sender), which the robot's rate limit counts by.
func (r Routes) For(n postcrm.Notice) (Sender, string) {
	if s, ok := r.offices[n.OfficeCode]; ok && n.OfficeCode != "" {
		return s, s.URL
	}
	if s, ok := r.cities[n.City]; ok && n.City != "" {
		return s, s.URL
	}
	return r.def, ""
}

// PerMinute is how many messages a 企业微信 group robot takes a minute
// (its documented limit); more are refused with errcode 45009.
const PerMinute = 20

// pacer keeps each robot to PerMinute messages in any minute.
type pacer map[string][]time.Time

// next reports whether robot may be sent to at now, recording the send
// when it may, and otherwise when it may next.
func (p pacer) next(robot string, now time.Time) (bool, time.Time) {
	if robot == "" {
		return true, now
	}
	recent := p[robot]
	for len(recent) > 0 && !recent[0].After(now.Add(-time.Minute)) {
		recent = recent[1:]
	}
	if len(recent) >= PerMinute {
		p[robot] = recent
		return false, recent[0].Add(time.Minute)
	}
	p[robot] = append(recent, now)
	return true, now
}
