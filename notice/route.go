package notice

import (
	"net/http"

	"postcrm"
)

// Routes picks each notice's sender: the webhook of the recipient's
// office, else of its city, else the default sender.
type Routes struct {
	offices, cities map[string]Sender
	def             Sender
}

// NewRoutes builds the routes of the webhooks; their requests go through
// client.
func NewRoutes(hooks []postcrm.NoticeWebhook, def Sender, client *http.Client) Routes {
	r := Routes{offices: map[string]Sender{}, cities: map[string]Sender{}, def: def}
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

// For is the sender of n.
func (r Routes) For(n postcrm.Notice) Sender {
	if s, ok := r.offices[n.OfficeCode]; ok && n.OfficeCode != "" {
		return s
	}
	if s, ok := r.cities[n.City]; ok && n.City != "" {
		return s
	}
	return r.def
}
