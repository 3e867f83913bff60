package web

import (
	"cmp"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"time"

	"postcrm"
)

// auditFilter is the audit log viewer's filter, from the query string:
// user, action, from and to (days, China time, both inclusive), page.
type auditFilter struct {
	User, Action, From, To string
	Page                   int
}

func parseAuditFilter(req *Request) (auditFilter, postcrm.AuditQuery, error) {
	v := req.URL.Query()
	f := auditFilter{User: strings.TrimSpace(v.Get("user")), Action: v.Get("action"), From: v.Get("from"), To: v.Get("to")}
	q := postcrm.AuditQuery{User: f.User, Action: postcrm.AuditAction(f.Action), Limit: pageSize}
	var err error
	if q.From, err = parseDay(f.From); err != nil {
		return f, q, err
	}
	if q.To, err = parseDay(f.To); err != nil {
		return f, q, err
	}
	if !q.To.IsZero() {
		q.To = q.To.AddDate(0, 0, 1) // the "to" day is included
	}
	return f, q, nil
}

// readAuditLog reads into entries the page of the audit log q selects
// that the request asks for, and returns that page's number and how many
// entries q selects.
func (s *Server) readAuditLog(req *Request, q postcrm.AuditQuery, entries *[]postcrm.AuditEntry) (page, total int, err error) {
	return readPage(req, func(offset int) (total int, err error) {
		q.Offset = offset
		*entries, total, err = s.store.AuditLog(req.Context(), q)
		return total, err
	})
}

// parseDay reads YYYY-MM-DD as the start of that day in China time;
// empty is the zero time (no bound).
func parseDay(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(time.DateOnly, s, postcrm.ChinaTime)
	if err != nil {
		return t, userError(http.StatusBadRequest, "audit.bad_date", s)
	}
	return t, nil
}

// auditActions are the actions the viewer's filter offers.
var auditActions = []postcrm.AuditAction{postcrm.AuditSignIn, postcrm.AuditSignInFailed, postcrm.AuditSignOut,
	postcrm.AuditPasswordChange, postcrm.AuditUserCreate, postcrm.AuditPasswordReset, postcrm.AuditUserLock,
	postcrm.AuditUserUnlock, postcrm.AuditImport, postcrm.AuditStaffChange, postcrm.AuditDataChange}

type auditEntryJSON struct {
	ID     int64               `json:"id"`
	At     string              `json:"at"`
	User   string              `json:"user"`
	Action postcrm.AuditAction `json:"action"`
	Target string              `json:"target"`
	Detail string              `json:"detail"`
	Addr   string              `json:"addr"`
}

// apiAudit pages through the audit log with the viewer's filters
// (user, action, from, to, page), 50 entries a page.
func (s *Server) apiAudit(w http.ResponseWriter, req *Request) error {
	f, q, err := parseAuditFilter(req)
	if err != nil {
		return err
	}
	var entries []postcrm.AuditEntry
	var total int
	f.Page, total, err = s.readAuditLog(req, q, &entries)
	if err != nil {
		return err
	}
	out := make([]auditEntryJSON, len(entries))
	for i, e := range entries {
		out[i] = auditEntryJSON{ID: e.ID, At: e.At.In(postcrm.ChinaTime).Format(time.RFC3339), User: e.User, Action: e.Action,
			Target: e.Target, Detail: e.Detail, Addr: e.Addr}
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": out, "total": total, "page": f.Page, "page_size": pageSize})
	return nil
}

type auditPage struct {
	Filter  auditFilter
	Actions []postcrm.AuditAction
	Entries []auditRow
	Pager   Pager
	Error   string
}

func (s *Server) adminAudit(w http.ResponseWriter, req *Request) error {
	f, q, err := parseAuditFilter(req)
	p := auditPage{Filter: f, Actions: auditActions}
	var he *httpError
	if errors.As(err, &he) {
		p.Error = req.T(he.key, he.args...)
		return s.renderPage(w, req, he.status, "admin_audit", "admin.audit_title", p)
	}
	var total int
	var entries []postcrm.AuditEntry
	p.Filter.Page, total, err = s.readAuditLog(req, q, &entries)
	if err != nil {
		return err
	}
	names, err := s.staffNames(req)
	if err != nil {
		return err
	}
	reasons, err := s.store.Reasons(req.Context())
	if err != nil {
		return err
	}
	p.Entries = auditRows(req, entries, names, reasonNames(req, reasons))
	p.Pager, _ = listPager(req, "audit-pager", p.Filter.Page, total)
	return s.render(w, req, "admin_audit", "admin.audit_title", p)
}

// staffNames are people's names by staff ID, for those the log names:
// the accounts' holders (who act) and the staff of the offices within the
// viewer's scope (to whom warnings are dispatched and customers handed),
// read as every page reads, a province administrator's scope being the
// province.
func (s *Server) staffNames(req *Request) (map[string]string, error) {
	users, err := s.store.Users(req.Context())
	if err != nil {
		return nil, err
	}
	offices, err := s.store.ScopedOffices(req.Context(), req.Scope)
	if err != nil {
		return nil, err
	}
	codes := make([]string, len(offices))
	for i, o := range offices {
		codes[i] = o.Code
	}
	staff, err := s.store.OfficeStaff(req.Context(), req.Scope, codes)
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(users)+len(staff))
	for _, u := range users {
		if u.DisplayName != "" {
			names[u.Name] = u.DisplayName
		}
	}
	for _, st := range staff {
		names[st.ID] = st.Name
	}
	return names, nil
}

// The audit log stores what happened in a stable, language-neutral
// form ("warning:635", `dispatched to 13491264, due 2026-12-08`) that
// the API gives as is. The page says it in the reader's language, with
// people's names beside their staff IDs.

// auditRow is an audit entry as the page shows it.
type auditRow struct {
	postcrm.AuditEntry
	UserText, TargetText, DetailText string
}

// auditTargets are the kinds of target, by the prefix before the colon.
var auditTargets = map[string]string{
	"warning":  "audit.target.warning",
	"customer": "audit.target.customer",
	"reason":   "audit.target.reason",
	"act_note": "audit.target.act_note",
}

// auditDetail is one stored wording of a detail and its message; the
// groups named in staff are staff IDs, shown with the person's name.
type auditDetail struct {
	re    *regexp.Regexp
	key   string
	staff []int // 1-based group numbers holding staff IDs
}

var auditDetails = []auditDetail{
	{regexp.MustCompile(`^dispatched to (\S*), due (\S+)$`), "audit.detail.dispatched", []int{1}},
	{regexp.MustCompile(`^held out \(control group\)$`), "audit.detail.held_out", nil},
	{regexp.MustCompile(`^owner "(.*)" -> "(.*)"; open warnings handed over$`), "audit.detail.owner", []int{1, 2}},
	{regexp.MustCompile(`^reassigned from "(.*)" to "(.*)"$`), "audit.detail.reassigned", []int{1, 2}},
	{regexp.MustCompile(`^re-attached the follow-up of withdrawn warning (\d+)$`), "audit.detail.reattached", nil},
	{regexp.MustCompile(`^withdrawn: `), "audit.detail.withdrawn", nil},
	{regexp.MustCompile(`^escalated to level (\d)$`), "audit.detail.escalated", nil},
	{regexp.MustCompile(`^contact (\S+) by (\S*) on (\S+): (\S*), reason (\S*); status (\S+)$`), "audit.detail.contact", []int{2}},
	{regexp.MustCompile(`^holdout ([\d.]+), due (\d+) days, escalate (\d+)/(\d+) days$`), "audit.detail.settings", nil},
	{regexp.MustCompile(`^role (\S+)$`), "audit.detail.role", nil},
	{regexp.MustCompile(`^started$`), "audit.detail.import_started", nil},
	{regexp.MustCompile(`^demo$`), "audit.detail.demo_account", nil},
}

// auditRows words entries for the page; names are staff names by ID,
// reasons the contact reasons' names by code.
func auditRows(req *Request, entries []postcrm.AuditEntry, names, reasons map[string]string) []auditRow {
	person := func(id string) string {
		switch {
		case id == "":
			return req.T("followup.nobody")
		case names[id] != "":
			return names[id] + " " + id
		}
		return id
	}
	rows := make([]auditRow, len(entries))
	for i, e := range entries {
		r := auditRow{AuditEntry: e, UserText: person(e.User), TargetText: e.Target, DetailText: e.Detail}
		if key, ok := systemUsers[e.User]; ok {
			r.UserText = req.T(key)
		}
		if kind, id, ok := strings.Cut(e.Target, ":"); ok && auditTargets[kind] != "" {
			r.TargetText = req.T(auditTargets[kind], id)
		} else if e.Target == "followup_settings" {
			r.TargetText = req.T("audit.target.followup_settings")
		} else if names[e.Target] != "" {
			r.TargetText = person(e.Target)
		}
		r.DetailText = auditDetailText(req, e.Detail, person, reasons)
		rows[i] = r
	}
	return rows
}

// systemUsers are the audit log's users that are no person: the command
// line and the demo's preparation.
var systemUsers = map[string]string{"cli": "audit.user.cli", "demo": "audit.user.demo"}

// auditDetailText words a stored detail; one it does not know is shown
// as stored.
func auditDetailText(req *Request, detail string, person func(string) string, reasons map[string]string) string {
	for _, d := range auditDetails {
		m := d.re.FindStringSubmatch(detail)
		if m == nil {
			continue
		}
		args := make([]any, len(m)-1)
		for i, g := range m[1:] {
			args[i] = g
		}
		for _, g := range d.staff {
			args[g-1] = person(m[g])
		}
		switch d.key {
		case "audit.detail.escalated":
			args[0] = req.T("followup.escalation." + m[1])
		case "audit.detail.contact":
			args[0], args[3] = req.T("method."+m[1]), req.T("outcome."+m[4])
			args[4], args[5] = cmp.Or(reasons[m[5]], m[5], "—"), req.T("followup.status."+m[6])
		case "audit.detail.role":
			args[0] = req.T("role." + m[1])
		}
		return req.T(d.key, args...)
	}
	return detail
}
