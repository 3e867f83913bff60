package main

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"
)

// navLink is a link of the page's navigation bar; pageLink any link to a
// page of this server (no scheme, no fragment).
var (
	navBlock = regexp.MustCompile(`(?s)<nav id="nav"[^>]*>(.*?)</nav>`)
	pageLink = regexp.MustCompile(`href="(/[^"#]*)"`)
)

// firstViews opens, one user after another, the home page and every page
// its navigation bar links to, then the pages those link to under their
// own path (a report's page under /reports), each once, and prints a
// line per page: role, path, status, milliseconds and kilobytes. Run
// right after the server starts, these are the first views after a
// restart; nothing else requests meanwhile, so each time is the page's
// own.
func firstViews(users []*user, perSection int) error {
	fmt.Printf("%-9s %-44s %6s %9s %9s\n", "role", "page", "status", "ms", "KB")
	for _, u := range users {
		home, err := u.view("/")
		if err != nil {
			return err
		}
		nav := navBlock.FindStringSubmatch(home)
		if nav == nil {
			return fmt.Errorf("%s: the home page has no navigation bar", u.name)
		}
		seen := map[string]bool{"/": true}
		for _, section := range links(nav[1]) {
			if seen[section] {
				continue
			}
			seen[section] = true
			body, err := u.view(section)
			if err != nil {
				return err
			}
			n := 0
			for _, p := range links(body) {
				if n == perSection || seen[p] || !below(p, section) {
					continue
				}
				seen[p] = true
				n++
				if _, err := u.view(p); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// below reports whether p is a page under section that a reader opens
// (not a download or an action).
func below(p, section string) bool {
	base, _, _ := strings.Cut(p, "?")
	if !strings.HasPrefix(base, strings.TrimSuffix(section, "/")+"/") {
		return false
	}
	for _, skip := range []string{"export", "download", ".xlsx", ".csv", ".json", "/new", "/edit", "/signout"} {
		if strings.Contains(base, skip) {
			return false
		}
	}
	return true
}

func links(html string) []string {
	var out []string
	for _, m := range pageLink.FindAllStringSubmatch(html, -1) {
		p := strings.ReplaceAll(m[1], "&amp;", "&")
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// view requests a page once and prints its line.
func (u *user) view(path string) (string, error) {
	start := time.Now()
	body, status, err := u.page(path)
	if err != nil {
		return "", err
	}
	took := time.Since(start)
	role := u.role
	if role == "" {
		role = u.name
	}
	fmt.Printf("%-9s %-44s %6d %9.1f %9.1f\n", role, path, status, ms(took), float64(len(body))/1024)
	if status != http.StatusOK {
		return "", nil
	}
	return string(body), nil
}
