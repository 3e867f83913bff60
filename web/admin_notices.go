package web

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"postcrm"
	"postcrm/notice"
)

// The notices page (province only): which 企业微信 group robot each city
// or office's notices go to, a form to set or delete one, and the latest
// notices with how their delivery stands. See docs/notices.md.

type noticesPage struct {
	Hooks   []hookRow
	Cities  []placeOption
	Offices []placeOption
	Recent  []noticeRow
	Waiting int // undelivered notices
	// The form's input, kept after an error.
	Place, URL  string
	Done, Error string
}

type hookRow struct {
	Place string // the form's value: "office:CODE" or "city:NAME"
	Label string
	URL   string // the key masked
}

type placeOption struct{ Value, Label string }

type noticeRow struct {
	At        time.Time
	Kind      postcrm.NoticeKind
	Recipient string
	Customer  string
	Sent      time.Time
	Attempts  int
	LastError string
}

// recentNotices is how many notices the page lists.
const recentNotices = 20

func (s *Server) noticesPageData(req *Request) (noticesPage, error) {
	ctx := req.Context()
	var p noticesPage
	offices, err := s.store.ScopedOffices(ctx, req.Scope)
	if err != nil {
		return p, err
	}
	names := map[string]string{}
	for _, o := range offices {
		names[o.Code] = o.Name + " " + o.Code
		p.Offices = append(p.Offices, placeOption{"office:" + o.Code, names[o.Code]})
		if !slices.ContainsFunc(p.Cities, func(c placeOption) bool { return c.Label == o.City }) {
			p.Cities = append(p.Cities, placeOption{"city:" + o.City, o.City})
		}
	}
	hooks, err := s.store.NoticeWebhooks(ctx)
	if err != nil {
		return p, err
	}
	for _, h := range hooks {
		row := hookRow{Place: "city:" + h.City, Label: h.City, URL: notice.MaskKey(h.URL)}
		if h.OfficeCode != "" {
			row.Place, row.Label = "office:"+h.OfficeCode, names[h.OfficeCode]
		}
		p.Hooks = append(p.Hooks, row)
	}
	if p.Waiting, err = s.store.UndeliveredNotices(ctx); err != nil {
		return p, err
	}
	recent, err := s.store.Notices(ctx, postcrm.NoticeQuery{Limit: recentNotices})
	for _, n := range recent {
		p.Recent = append(p.Recent, noticeRow{At: n.CreatedAt, Kind: n.Kind, Recipient: n.RecipientName,
			Customer: notice.CustomerLabel(n), Sent: n.SentAt, Attempts: n.Attempts, LastError: n.LastError})
	}
	return p, err
}

func (s *Server) adminNotices(w http.ResponseWriter, req *Request) error {
	p, err := s.noticesPageData(req)
	if err != nil {
		return err
	}
	switch req.URL.Query().Get("done") {
	case "saved":
		p.Done = req.T("notices.saved")
	case "deleted":
		p.Done = req.T("notices.deleted")
	}
	return s.renderPage(w, req, http.StatusOK, "admin_notices", "notices.title", p)
}

// adminSaveNotices sets or deletes the robot of the place chosen, then
// shows the page again (POST-redirect-GET); a bad place or URL is shown
// on the page with what was typed.
func (s *Server) adminSaveNotices(w http.ResponseWriter, req *Request) error {
	place, hook := req.PostFormValue("place"), strings.TrimSpace(req.PostFormValue("url"))
	h := postcrm.NoticeWebhook{URL: hook}
	kind, name, _ := strings.Cut(place, ":")
	switch kind {
	case "office":
		h.OfficeCode = name
	case "city":
		h.City = name
	}
	var err error
	done := "saved"
	if req.PostFormValue("action") == "delete" {
		done, err = "deleted", s.store.DeleteNoticeWebhook(req.Context(), h.OfficeCode, h.City, actor(req))
	} else {
		err = s.changeWebhook(req, h)
	}
	var he *httpError
	switch {
	case errors.As(err, &he):
		p, perr := s.noticesPageData(req)
		if perr != nil {
			return perr
		}
		p.Place, p.URL, p.Error = place, hook, req.T(he.key, he.args...)
		return s.renderPage(w, req, he.status, "admin_notices", "notices.title", p)
	case errors.Is(err, postcrm.ErrNotFound):
		return userError(http.StatusNotFound, "notices.no_robot")
	case err != nil:
		return err
	}
	http.Redirect(w, req.Request, "/admin/notices?done="+done, http.StatusSeeOther)
	return nil
}

// changeWebhook saves h, with a message for each way it can be wrong.
func (s *Server) changeWebhook(req *Request, h postcrm.NoticeWebhook) error {
	if (h.OfficeCode == "") == (h.City == "") {
		return userError(http.StatusBadRequest, "notices.bad_place")
	}
	if h.Validate() != nil {
		return userError(http.StatusBadRequest, "notices.bad_url")
	}
	err := s.store.SaveNoticeWebhook(req.Context(), h, actor(req))
	if errors.Is(err, postcrm.ErrInvalid) {
		return userError(http.StatusBadRequest, "notices.unknown_place")
	}
	return err
}
