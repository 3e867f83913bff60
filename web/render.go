package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"postcrm"
	"postcrm/textfmt"
)

// Page is what every template gets as its dot: the layout reads the
// common fields, a page's "content" template reads .Data.
type Page struct {
	Title string // translated
	Req   *Request
	Nav   []NavLink
	CSRF  string // the token every form posts back in the "csrf" field
	Data  any
}

// NavLink is one link of the navigation bar.
type NavLink struct {
	Label  string
	Href   string
	Active bool
}

// T translates a message key in the page's language; templates call
// {{.T "key"}} or {{.T "key" arg…}}.
func (p Page) T(key string, args ...any) string { return p.Req.T(key, args...) }

// User is the signed-in user (zero on the sign-in page).
func (p Page) User() postcrm.User { return p.Req.User }

// LangSwitch is the current page in the other language.
func (p Page) LangSwitch() NavLink {
	other := "en"
	if p.Req.Lang == "en" {
		other = "zh"
	}
	q := p.Req.URL.Query()
	q.Set("lang", other)
	return NavLink{Label: translate(other, "lang.name"), Href: p.Req.URL.Path + "?" + q.Encode()}
}

// RoleName is the user's role in the page's language.
func (p Page) RoleName() string { return p.T("role." + string(p.Req.User.Role)) }

// templateFuncs are the helpers every template may call.
var templateFuncs = template.FuncMap{
	"yuan":  yuan,
	"count": func(n int64) string { return textfmt.Thousands(n) },
	// thousands is count for the int counts most page data hold.
	"thousands": func(n int) string { return textfmt.Thousands(int64(n)) },
	"time":      formatTime,
}

// parsePages parses every templates/*.html except the layout as one page
// set, each with the layout and the partials (files named _*.html), so
// that each page defines its own "content" block.
func parsePages() map[string]*template.Template {
	base := template.Must(template.New("layout.html").Funcs(templateFuncs).ParseFS(assets, "templates/layout.html", "templates/_*.html"))
	files, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		panic(err)
	}
	pages := make(map[string]*template.Template)
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "layout" || strings.HasPrefix(name, "_") {
			continue
		}
		pages[name] = template.Must(template.Must(base.Clone()).ParseFS(assets, f))
	}
	return pages
}

// renderPage renders templates/NAME.html in the layout, with the title
// from the message key title and data as .Data. The page is rendered to
// a buffer first, so that a template error is a clean 500, not half a
// page.
func (s *Server) renderPage(w http.ResponseWriter, req *Request, status int, name, title string, data any) error {
	t, ok := s.pages[name]
	if !ok {
		return fmt.Errorf("no template %q", name)
	}
	p := Page{Title: req.T(title), Req: req, Nav: s.nav(req), CSRF: req.csrf, Data: data}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", p); err != nil {
		return fmt.Errorf("rendering %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err := buf.WriteTo(w)
	return err
}

// render answers 200 with a page.
func (s *Server) render(w http.ResponseWriter, req *Request, name, title string, data any) error {
	return s.renderPage(w, req, http.StatusOK, name, title, data)
}

// nav lists the route table's linked routes that the user's role may use
// (picked from the table once, in New, not on every page).
func (s *Server) nav(req *Request) []NavLink {
	if !req.SignedIn() || req.User.MustChangePassword {
		return nil
	}
	var links []NavLink
	active, longest := -1, 0
	for _, rt := range s.navs {
		if !rt.allows(req.User.Role) {
			continue
		}
		href := strings.TrimSuffix(rt.Pattern, "{$}")
		under := req.URL.Path == href || (href != "/" && strings.HasPrefix(req.URL.Path, href+"/"))
		// Only the closest link is lit: /followup/pool is under
		// /followup too, but it has a link of its own.
		if under && len(href) > longest {
			active, longest = len(links), len(href)
		}
		links = append(links, NavLink{Label: req.T(rt.Nav), Href: href})
	}
	if active >= 0 {
		links[active].Active = true
	}
	return links
}

// yuan formats fen as yuan with thousands separators: 123456 -> 1,234.56.
func yuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return fmt.Sprintf("%s%s.%02d", sign, textfmt.Thousands(fen/100), fen%100)
}

// formatTime shows a time in China time to the minute; zero is empty.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(postcrm.ChinaTime).Format("2006-01-02 15:04")
}

// withQuery is u's path and query with the given key/value pairs set
// (an empty value removes the key), for paging and filter links.
func withQuery(u *url.URL, kv ...string) string {
	q := u.Query()
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			q.Del(kv[i])
		} else {
			q.Set(kv[i], kv[i+1])
		}
	}
	if len(q) == 0 {
		return u.Path
	}
	return u.Path + "?" + q.Encode()
}
