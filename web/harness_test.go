package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"postcrm"
	"postcrm/auth"
	"postcrm/postgres"
	"postcrm/postgres/pgtest"
	"postcrm/sqlite"
	"postcrm/sqlstore"
)

// testPassword is every fixture account's password.
const testPassword = "Test-pass-2026"

// The fixture's people: one user per role, plus a second courier and a
// second city manager to be out of scope for, and a spare account that
// admin tests act on.
const (
	provinceUser = "P001"
	cityUser     = "C001" // 石家庄市
	officeUser   = "O001" // office 13000001 in 石家庄市
	courierUser  = "K001" // office 13000001, owns CUST-A
	otherCourier = "K002" // office 13000001, owns CUST-B
	otherCity    = "C002" // 唐山市
	spareUser    = "K003"
)

// script is CUST-A's name: pages must show it as text.
const script = "<script>alert(1)</script>"

// testMonth is the month the fixture's warnings and walk-in scores are for.
const testMonth postcrm.Month = 202605

// fixture is a small hand-made province: 2 cities, 3 offices, 4 contract
// customers (owned by K001, owned by K002, unowned, in the other city),
// their waybills and warnings, and walk-in scores.
type fixture struct {
	t     *testing.T
	store *sqlstore.Store
	srv   *Server
	http  *httptest.Server
	clock *testClock
	// WarningIDs by customer code, for record routes.
	WarningIDs map[string]int64
}

// testClock is a settable clock for expiry and lock-out tests.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// newFixture is the fixture on SQLite.
func newFixture(t *testing.T) *fixture { return newFixtureOn(t, openSQLite(t)) }

// storeOpener opens an empty store for one test or benchmark.
type storeOpener func(t testing.TB) *sqlstore.Store

func openSQLite(t testing.TB) *sqlstore.Store {
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "web.db"))
	return opened(t, s, err)
}

// openPostgres opens a fresh schema; the test skips without a server
// unless POSTCRM_TEST_PG_REQUIRED=1.
func openPostgres(t testing.TB) *sqlstore.Store {
	s, err := postgres.Open(context.Background(), pgtest.FreshSchema(t))
	return opened(t, s, err)
}

func opened(t testing.TB, s *sqlstore.Store, err error) *sqlstore.Store {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// onEveryStore runs test on a fixture on SQLite and on PostgreSQL: the
// scoping, accounts and audit log are the stores' queries.
func onEveryStore(t *testing.T, test func(t *testing.T, f *fixture)) {
	for _, s := range []struct {
		name string
		open storeOpener
	}{{"sqlite", openSQLite}, {"postgres", openPostgres}} {
		t.Run(s.name, func(t *testing.T) { test(t, newFixtureOn(t, s.open(t))) })
	}
}

func newFixtureOn(t *testing.T, store *sqlstore.Store) *fixture {
	t.Helper()
	f := &fixture{t: t, store: store, clock: &testClock{t: time.Date(2026, 6, 10, 9, 0, 0, 0, postcrm.ChinaTime)}}
	f.load(t)
	f.srv = New(store, Options{
		Logger:    slog.New(slog.NewTextHandler(testLog, nil)),
		UploadDir: t.TempDir(),
		Now:       f.clock.Now,
	})
	t.Cleanup(f.srv.Close)
	f.http = httptest.NewServer(f.srv.Handler())
	t.Cleanup(f.http.Close)
	return f
}

func (f *fixture) load(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	offices := []postcrm.Office{
		{Code: "13000001", Name: "中华大街营业部", City: "石家庄市"},
		{Code: "13000002", Name: "建设路营业部", City: "石家庄市"},
		{Code: "13100001", Name: "新华道营业部", City: "唐山市"},
	}
	staff := []postcrm.Staff{
		{ID: provinceUser, Name: "省市场部甲", Role: postcrm.RoleProvinceAdmin},
		{ID: cityUser, Name: "石家庄管理员", Role: postcrm.RoleCityManager, City: "石家庄市"},
		{ID: otherCity, Name: "唐山管理员", Role: postcrm.RoleCityManager, City: "唐山市"},
		{ID: officeUser, Name: "王经理", Role: postcrm.RoleOfficeManager, City: "石家庄市", OfficeCode: "13000001"},
		{ID: courierUser, Name: "李揽投", Role: postcrm.RoleCourier, City: "石家庄市", OfficeCode: "13000001"},
		{ID: otherCourier, Name: "赵揽投", Role: postcrm.RoleCourier, City: "石家庄市", OfficeCode: "13000001"},
		{ID: spareUser, Name: "钱揽投", Role: postcrm.RoleCourier, City: "唐山市", OfficeCode: "13100001"},
	}
	customers := []postcrm.Customer{
		{Code: "CUST-A", Name: script, OfficeCode: "13000001", OwnerStaffID: courierUser, Status: postcrm.StatusActive,
			ContactName: "王经理", ContactPhone: "13911112222"},
		{Code: "CUST-B", Name: "华北商贸", OfficeCode: "13000001", OwnerStaffID: otherCourier, Status: postcrm.StatusActive},
		{Code: "CUST-C", Name: "建设路药房", OfficeCode: "13000002", Status: postcrm.StatusActive},
		{Code: "CUST-D", Name: "唐山陶瓷", OfficeCode: "13100001", OwnerStaffID: spareUser, Status: postcrm.StatusActive},
	}
	batches := []postcrm.Batch{
		{Kind: postcrm.KindOrg, Offices: offices, Staff: staff},
		{Kind: postcrm.KindCustomers, Customers: customers},
	}
	var waybills []postcrm.Waybill
	for i, c := range customers {
		for d := 1; d <= 20; d++ {
			waybills = append(waybills, postcrm.Waybill{
				No: c.Code + "-" + time.Date(2026, 5, d, 0, 0, 0, 0, time.UTC).Format("0102"), AcceptedAt: time.Date(2026, 5, d, 10, i, 0, 0, postcrm.ChinaTime),
				OfficeCode: c.OfficeCode, CourierStaffID: courierUser, CustomerCode: c.Code, SenderPhone: fmt.Sprintf("1380000000%d", i),
				PostageFen: 1200, Payment: postcrm.PaymentMonthly, Channel: postcrm.ChannelPickup,
			})
		}
	}
	batches = append(batches, postcrm.Batch{Kind: postcrm.KindWaybills, Waybills: waybills})
	for _, b := range batches {
		if _, err := f.store.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	var ws []postcrm.Warning
	for i, c := range customers {
		ws = append(ws, postcrm.Warning{Month: testMonth, Kind: postcrm.WarnDecline, CustomerCode: c.Code, OfficeCode: c.OfficeCode,
			OwnerStaffID: c.OwnerStaffID, ExpectedItems: 40, ActualItems: 20, ExpectedFen: 48000, ActualFen: 24000,
			RevenueAtRiskFen: int64(24000 + i), Score: float64(10 - i), Reason: "发件量比预期少一半"})
	}
	if err := f.store.SaveWarnings(ctx, testMonth, []postcrm.WarningKind{postcrm.WarnDecline}, ws); err != nil {
		t.Fatal(err)
	}
	saved, err := f.store.Warnings(ctx, testMonth)
	if err != nil {
		t.Fatal(err)
	}
	f.WarningIDs = map[string]int64{}
	for _, w := range saved {
		f.WarningIDs[w.CustomerCode] = w.ID
	}
	scores := []postcrm.WalkinScore{
		{Month: testMonth, Phone: "13900000001", OfficeCode: "13000001", Frequency: 5, RecencyDays: 100, TDays: 200, PAlive: 0.4, ExpectedItems90d: 1.2, AvgPostageFen: 1500, CLV12mFen: 9000},
		{Month: testMonth, Phone: "13900000002", OfficeCode: "13100001", Frequency: 3, RecencyDays: 50, TDays: 150, PAlive: 0.8, ExpectedItems90d: 2.5, AvgPostageFen: 1000, CLV12mFen: 12000},
	}
	if err := f.store.SaveWalkinScores(ctx, testMonth, scores); err != nil {
		t.Fatal(err)
	}
	hash, err := auth.HashPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range staff {
		if err := f.store.CreateUser(ctx, postcrm.User{Name: s.ID, PasswordHash: hash, CreatedAt: f.clock.Now()}); err != nil {
			t.Fatal(err)
		}
	}
}

// user reads a fixture account.
func (f *fixture) user(t *testing.T, name string) postcrm.User {
	t.Helper()
	u, err := f.store.User(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// client is a browser or API client of the fixture's server. It does not
// follow redirects, so that tests see them.
type client struct {
	t      *testing.T
	f      *fixture
	hc     *http.Client
	csrf   string // the session's CSRF token (browser)
	bearer string // API token
}

func (f *fixture) anonymous(t *testing.T) *client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &client{t: t, f: f, hc: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// session signs name in without the password check (a session straight
// in the store), for tests about what a signed-in user may do.
func (f *fixture) session(t *testing.T, name string) *client {
	t.Helper()
	c := f.anonymous(t)
	token, sess, err := f.srv.startSession(context.Background(), f.user(t, name), "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(f.http.URL)
	c.hc.Jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: token}})
	c.csrf, c.bearer = sess.CSRFToken, token
	return c
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// signIn signs in through the form, as a browser does.
func (f *fixture) signIn(t *testing.T, name, password string) (*client, *http.Response) {
	t.Helper()
	c := f.anonymous(t)
	form := c.get("/signin")
	c.csrf = csrfOf(t, form)
	resp := c.post("/signin", url.Values{"username": {name}, "password": {password}})
	if resp.StatusCode == http.StatusSeeOther {
		c.csrf = csrfOf(t, c.get("/password"))
	}
	return c, resp
}

func csrfOf(t *testing.T, resp *http.Response) string {
	t.Helper()
	m := csrfInput.FindStringSubmatch(body(t, resp))
	if m == nil {
		t.Fatalf("%s: no CSRF field in the page", resp.Request.URL)
	}
	return m[1]
}

func (c *client) do(req *http.Request) *http.Response {
	c.t.Helper()
	resp, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func (c *client) request(method, path string, body io.Reader) *http.Request {
	c.t.Helper()
	req, err := http.NewRequest(method, c.f.http.URL+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	return req
}

func (c *client) get(path string) *http.Response {
	return c.do(c.request("GET", path, nil))
}

// post sends a form as the site's own page does: same origin, with the
// CSRF token.
func (c *client) post(path string, form url.Values) *http.Response {
	c.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if c.csrf != "" {
		form.Set(csrfField, c.csrf)
	}
	req := c.request("POST", path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.f.http.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.do(req)
}

// api sends a JSON request with the bearer token (if any) and no cookie.
func (c *client) api(method, path, jsonBody string) *http.Response {
	c.t.Helper()
	var rd io.Reader
	if jsonBody != "" {
		rd = strings.NewReader(jsonBody)
	}
	req := c.request(method, path, rd)
	if jsonBody != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	return c.withBearer(req)
}

// withBearer sends req with the bearer token (if any) and no cookie.
func (c *client) withBearer(req *http.Request) *http.Response {
	c.t.Helper()
	if c.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.bearer)
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func body(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// testOrgCSV is a small org file with one bad row, so that its import
// has a rejects file.
const testOrgCSV = "city,office_code,office_name,staff_id,staff_name,role,phone\n" +
	"石家庄市,13000001,中华大街营业部,K010,孙揽投,courier,13900000010\n" +
	"石家庄市,13000001,中华大街营业部,K011,周揽投,postman,13900000011\n"

// startTestImport uploads testOrgCSV as user, waits for the import to
// finish and returns the run's page path.
func (f *fixture) startTestImport(user string) string {
	t := f.t
	t.Helper()
	c := f.session(t, user)
	resp := c.upload("/import", "org", "org.csv", testOrgCSV)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("import upload as %s: %d %s", user, resp.StatusCode, body(t, resp))
	}
	path := resp.Header.Get("Location")
	f.waitImport(t, path)
	return path
}

// waitImport waits until the run at path has finished: the background
// import is done when the server's run list says so.
func (f *fixture) waitImport(t *testing.T, path string) {
	t.Helper()
	id, err := strconv.ParseInt(strings.TrimPrefix(path, "/import/"), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	for {
		run, err := f.srv.imports.get(postcrm.User{Role: postcrm.RoleProvinceAdmin}, id)
		if err != nil {
			t.Fatal(err)
		}
		if run.finished() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// upload posts a file as the import form does.
func (c *client) upload(path, kind, name, content string) *http.Response {
	c.t.Helper()
	return c.do(c.uploadRequest(path, kind, name, content))
}

func (c *client) uploadRequest(path, kind, name, content string) *http.Request {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range map[string]string{csrfField: c.csrf, "kind": kind} {
		if v == "" {
			continue
		}
		if err := mw.WriteField(k, v); err != nil {
			c.t.Fatal(err)
		}
	}
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		c.t.Fatal(err)
	}
	if _, err := io.WriteString(fw, content); err != nil {
		c.t.Fatal(err)
	}
	if err := mw.Close(); err != nil {
		c.t.Fatal(err)
	}
	req := c.request("POST", path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return req
}

// apiUpload posts a file to the import API as a program does: with the
// bearer token, no cookie and no CSRF token.
func (c *client) apiUpload(kind, name, content string) *http.Response {
	c.t.Helper()
	c.csrf = ""
	req := c.uploadRequest("/api/v1/imports", kind, name, content)
	req.Header.Del("Sec-Fetch-Site")
	return c.withBearer(req)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// testLog is where the server's log goes in tests: set POSTCRM_TEST_LOG=1 to see it.
var testLog = func() io.Writer {
	if os.Getenv("POSTCRM_TEST_LOG") != "" {
		return os.Stderr
	}
	return io.Discard
}()
