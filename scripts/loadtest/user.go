package main

import (
	"context"
	crand "crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// user is one signed-in virtual user: a browser-like client with its own
// cookie jar and connection.
type user struct {
	name      string
	role      string // province, city, office, courier; "" when not given
	base      string
	client    *http.Client
	rng       *rand.Rand
	month     string
	listPages int      // pages of the month's unfiltered warnings list
	offices   []string // office codes in the user's scope, for the filter
	allPages  bool     // also the home and effect pages (-mix pages)
}

// kinds are the warning kinds the list filters by; "" is all of them.
var kinds = []string{"", "decline", "churn", "slow_start", "walkin_churn"}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// signIn signs a user in through the form as a browser does, changes a
// one-time password when the server sends it to the change-password
// form, and reads what the user's warnings list holds.
func signIn(base string, c credentials, i int, spread bool, month string) (*user, error) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return nil, err
	}
	transport := transportOf(i, spread)
	u := &user{name: c.name, role: c.role, base: base, month: month, rng: rand.New(rand.NewPCG(uint64(i), 1)),
		client: &http.Client{Jar: jar, Transport: transport, Timeout: 30 * time.Second}}

	form, err := u.csrf("/signin")
	if err != nil {
		return nil, err
	}
	landed, body, err := u.post("/signin", url.Values{"csrf": {form}, "username": {c.name},
		"password": {c.password}, "next": {"/warnings"}})
	if err != nil {
		return nil, err
	}
	if landed == "/password" {
		if landed, _, err = u.changePassword(c.password, body); err != nil {
			return nil, err
		}
	}
	if landed == "/signin" {
		return nil, fmt.Errorf("%s: sign-in refused", c.name)
	}
	return u, u.readScope()
}

// changePassword answers the forced change with a random new password,
// kept only for this run.
func (u *user) changePassword(old, formPage string) (string, string, error) {
	m := csrfField.FindStringSubmatch(formPage)
	if m == nil {
		return "", "", fmt.Errorf("%s: the change-password form has no csrf field", u.name)
	}
	next := "load-" + crand.Text()
	landed, body, err := u.post("/password", url.Values{"csrf": {m[1]}, "current": {old}, "new": {next}, "confirm": {next}})
	if err == nil && landed == "/password" {
		err = fmt.Errorf("%s: the new password was refused", u.name)
	}
	return landed, body, err
}

// readScope reads the month, how many pages the month's list has and the
// offices the user may filter by.
func (u *user) readScope() error {
	var list struct {
		Filters struct{ Month string } `json:"filters"`
		Pages   int                    `json:"pages"`
	}
	q := url.Values{}
	if u.month != "" {
		q.Set("month", u.month)
	}
	if err := u.getJSON("/api/v1/warnings?"+q.Encode(), &list); err != nil {
		return err
	}
	u.month, u.listPages = list.Filters.Month, list.Pages
	var offices struct {
		Offices []struct{ Code string } `json:"offices"`
	}
	if err := u.getJSON("/api/v1/offices", &offices); err != nil {
		return err
	}
	for _, o := range offices.Offices {
		u.offices = append(u.offices, o.Code)
	}
	return nil
}

// transportOf is virtual user i's connection, from its own loopback
// address when spread.
func transportOf(i int, spread bool) *http.Transport {
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	if spread {
		dialer.LocalAddr = &net.TCPAddr{IP: net.IPv4(127, 0, byte((10+i)/256), byte((10+i)%256))}
	}
	return &http.Transport{DialContext: dialer.DialContext, MaxIdleConnsPerHost: 2, IdleConnTimeout: time.Minute}
}

// connection is virtual user i on u's session: the same cookies, a
// connection and a random sequence of its own.
func (u *user) connection(i int, spread, allPages bool) *user {
	c := *u
	c.client = &http.Client{Jar: u.client.Jar, Transport: transportOf(i, spread), Timeout: u.client.Timeout}
	c.rng, c.allPages = rand.New(rand.NewPCG(uint64(i), 2)), allPages
	return &c
}

// loop requests until ctx ends: seven in ten the warnings page, three in
// ten the API, each with a random mix of month, kind, office and page;
// with allPages, three in ten of those go to the home page instead and,
// for city and province users, one in ten to the effect page.
func (u *user) loop(ctx context.Context, rec *recorder) {
	for ctx.Err() == nil {
		kind, target := u.next()
		start := time.Now()
		status, err := u.get(ctx, target)
		if ctx.Err() != nil {
			return // cut off by the end of the run, not an answer
		}
		if err == nil && status != http.StatusOK {
			err = fmt.Errorf("%s: status %d", target, status)
		}
		if u.role != "" {
			kind = u.role + "/" + kind
		}
		rec.add(kind, time.Since(start), err)
	}
}

// next picks the next request: its kind and path.
func (u *user) next() (string, string) {
	if u.allPages {
		switch n := u.rng.IntN(10); {
		case n < 3:
			return "home", "/"
		case n == 3 && (u.role == "city" || u.role == "province"):
			return "effect", "/followup/effect"
		}
	}
	if u.rng.IntN(10) < 3 {
		return "api", "/api/v1/warnings" + u.filters()
	}
	return "page", "/warnings" + u.filters()
}

// filters picks a query: one in five is the bare list (the latest
// month, as the navigation opens it), the others a month with a kind,
// sometimes an office, and a page among the first five.
func (u *user) filters() string {
	if u.rng.IntN(5) == 0 {
		return ""
	}
	q := url.Values{"month": {u.month}}
	if k := kinds[u.rng.IntN(len(kinds))]; k != "" {
		q.Set("kind", k)
	}
	if len(u.offices) > 1 && u.rng.IntN(3) == 0 {
		q.Set("office", u.offices[u.rng.IntN(len(u.offices))])
	}
	if p := 1 + u.rng.IntN(min(5, max(1, u.listPages))); p > 1 {
		q.Set("page", strconv.Itoa(p))
	}
	return "?" + q.Encode()
}

func (u *user) get(ctx context.Context, path string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.base+path, nil)
	if err != nil {
		return 0, err
	}
	resp, err := u.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, err
}

func (u *user) getJSON(path string, v any) error {
	resp, err := u.client.Get(u.base + path)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: GET %s: status %d", u.name, path, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		return fmt.Errorf("%s: GET %s: %w", u.name, path, err)
	}
	return nil
}

// page reads a page whole: its body and status.
func (u *user) page(path string) ([]byte, int, error) {
	resp, err := u.client.Get(u.base + path)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return body, resp.StatusCode, err
}

// csrf reads a form page's CSRF token.
func (u *user) csrf(path string) (string, error) {
	body, status, err := u.page(path)
	if err != nil {
		return "", err
	}
	m := csrfField.FindSubmatch(body)
	if m == nil {
		return "", fmt.Errorf("%s: %s has no csrf field (status %d)", u.name, path, status)
	}
	return string(m[1]), nil
}

// post submits a form and follows the redirect; it returns the path it
// landed on and that page.
func (u *user) post(path string, form url.Values) (string, string, error) {
	resp, err := u.client.PostForm(u.base+path, form)
	if err != nil {
		return "", "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", "", err
	}
	if resp.StatusCode >= 400 && resp.StatusCode != http.StatusUnauthorized {
		return "", "", fmt.Errorf("%s: POST %s: status %d: %s", u.name, path, resp.StatusCode, firstLine(body))
	}
	return resp.Request.URL.Path, string(body), nil
}

func firstLine(b []byte) string {
	s, _, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
	return s
}
