package web

import (
	"net/http"
	"time"

	"postcrm"
)

func (s *Server) apiUsers(w http.ResponseWriter, req *Request) error {
	users, err := s.store.Users(req.Context())
	if err != nil {
		return err
	}
	out := make([]userJSON, len(users))
	for i, u := range users {
		out[i] = toUserJSON(u)
	}
	writeJSON(w, http.StatusOK, map[string]any{"users": out})
	return nil
}

type newUserJSON struct {
	Name  string `json:"name"`
	Admin bool   `json:"admin"` // a province administrator with no staff row
}

// passwordJSON answers a create or reset with the one-time password,
// shown once: only its hash is kept.
type passwordJSON struct {
	User     userJSON `json:"user"`
	Password string   `json:"one_time_password"`
}

func (s *Server) apiCreateUser(w http.ResponseWriter, req *Request) error {
	var in newUserJSON
	if err := readJSON(w, req, &in); err != nil {
		return err
	}
	u, password, err := s.createAccount(req, in.Name, in.Admin)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, passwordJSON{User: toUserJSON(u), Password: password})
	return nil
}

func (s *Server) apiResetPassword(w http.ResponseWriter, req *Request) error {
	name := req.PathValue("name")
	password, err := s.resetPassword(req, name)
	if err != nil {
		return err
	}
	return s.writeUser(w, req, name, password)
}

func (s *Server) apiLock(w http.ResponseWriter, req *Request) error {
	return s.apiSetLocked(w, req, true)
}

func (s *Server) apiUnlock(w http.ResponseWriter, req *Request) error {
	return s.apiSetLocked(w, req, false)
}

func (s *Server) apiSetLocked(w http.ResponseWriter, req *Request, locked bool) error {
	name := req.PathValue("name")
	if err := s.setLocked(req, name, locked); err != nil {
		return err
	}
	return s.writeUser(w, req, name, "")
}

// writeUser answers with the user as it is now, and the one-time
// password when there is one.
func (s *Server) writeUser(w http.ResponseWriter, req *Request, name, password string) error {
	u, err := s.store.User(req.Context(), name)
	if err != nil {
		return err
	}
	if password != "" {
		writeJSON(w, http.StatusOK, passwordJSON{User: toUserJSON(u), Password: password})
		return nil
	}
	writeJSON(w, http.StatusOK, toUserJSON(u))
	return nil
}

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
