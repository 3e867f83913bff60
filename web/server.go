// Package web is postcrm's web application: server-rendered pages for
// people and a JSON API under /api/v1/ for programs, both built from one
// route table, signed in through sessions kept in the store, and scoped
// by the store's ScopedReader so that nobody reads outside their scope.
package web

import (
	"context"
	"embed"
	"html/template"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"postcrm/auth"
	"postcrm/contest"
	"postcrm/followup"
	"postcrm/report"
)

//go:embed all:templates static
var assets embed.FS

// Options configure a Server; the zero value is usable.
type Options struct {
	Logger *slog.Logger // default: slog.Default()
	// UploadDir keeps uploaded import files and their rejects files;
	// default: postcrm-uploads in the system's temporary directory.
	UploadDir string
	// SessionTTL is how long a sign-in lasts (absolute, not sliding);
	// default 12 hours, a working day.
	SessionTTL time.Duration
	// SecureCookies marks cookies Secure on plain-HTTP requests too: set it
	// when a TLS-terminating proxy fronts the server. Over TLS they are
	// Secure anyway.
	SecureCookies bool
	// MetricsToken, when set, lets a scraper read /metrics from another
	// machine with "Authorization: Bearer TOKEN"; without it /metrics
	// answers only this machine.
	MetricsToken string
	Now          func() time.Time // default time.Now; tests move the clock
	// WarmQuiet, when set, keeps the effect page's and the reports'
	// follow-up measurements current in the background: they are
	// measured again once imports and analyses have been quiet this long.
	WarmQuiet time.Duration
}

// Server serves the web application over a Store.
type Server struct {
	// store is what the handlers read and write: scoped reads only.
	store handlerStore
	// accountStore administers accounts (auth.Admin): the accounts, their
	// sessions, the audit log and whether a name is a staff ID, no
	// business data; only the province administrators' pages reach it.
	accountStore auth.AccountStore
	// reports are the reports, built only when bound to a scope.
	reports report.Library
	// measure measures follow-up against the province's analysis.
	measure measurer
	opts    Options
	log     *slog.Logger
	pages   map[string]*template.Template
	navs    []Route // the routes linked in the navigation bar, in order
	handler http.Handler
	policy  auth.LockoutPolicy
	limiter *auth.RateLimiter
	// throttle pauses a user name's sign-ins from an address after
	// repeated failures there.
	throttle *auth.SignInThrottle
	imports  *importRuns
	metrics  metrics
	kept     *keeper // the figures kept as summaries in the store
	// measurements caches the follow-up measurements the effect page
	// and the reports make (they are kept in the store too).
	measurements *followup.Cache
	// contestStore keeps the knowledge contests (no business data), and
	// contests runs them; banks caches their question banks.
	contestStore contest.Store
	contests     *contest.Hub
	banks        contestBanks
	warming      sync.WaitGroup
	// ctx outlives requests: background imports run in it, and Close
	// cancels it.
	ctx    context.Context
	cancel context.CancelFunc
}

// New builds a server. Templates are embedded and parsed here, so a
// broken template fails at start-up, not on a user's request.
func New(store Store, opts Options) *Server {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.UploadDir == "" {
		opts.UploadDir = filepath.Join(os.TempDir(), "postcrm-uploads")
	}
	if opts.SessionTTL <= 0 {
		opts.SessionTTL = 12 * time.Hour
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Server{store: store, accountStore: store, reports: report.NewLibrary(store),
		opts: opts, log: opts.Logger, imports: newImportRuns(store),
		policy: auth.DefaultLockoutPolicy, limiter: auth.NewRateLimiter(auth.DefaultRateLimit),
		throttle: auth.NewSignInThrottle(auth.DefaultLockoutPolicy)}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.kept = &keeper{store: store, log: opts.Logger}
	s.measurements = &followup.Cache{}
	s.measure = measurerOf(store, s.measurements)
	s.contestStore, s.contests = store, contest.NewHub(store, opts.Now)
	if opts.WarmQuiet > 0 {
		s.warming.Add(1)
		go s.warmMeasurements(opts.WarmQuiet)
	}
	s.pages = parsePages()
	mux := http.NewServeMux()
	for _, rt := range s.Routes() {
		mux.Handle(rt.Method+" "+rt.Pattern, s.route(rt))
		if rt.Nav != "" {
			s.navs = append(s.navs, rt)
		}
	}
	// Any other path gets the site's 404 page (JSON under /api/) rather
	// than the mux's plain text.
	mux.Handle("/", s.route(Route{Pattern: "/", Public: true, Handle: notFound}))
	mux.Handle("/api/", s.route(Route{Pattern: "/api/", Public: true, API: true, Handle: notFound}))
	s.handler = s.recoverPanics(s.logRequests(securityHeaders(mux)))
	return s
}

// Handler is the whole application as one http.Handler.
func (s *Server) Handler() http.Handler { return s.handler }

func (s *Server) now() time.Time { return s.opts.Now() }

// secure tells whether cookies set in answer to r must be Secure.
func (s *Server) secure(r *http.Request) bool { return r.TLS != nil || s.opts.SecureCookies }

// Close stops the background imports and waits for them; an import
// stopped between batches is completed by importing the file again.
func (s *Server) Close() {
	s.cancel()
	s.contests.Close()
	s.imports.wg.Wait()
	s.warming.Wait()
	s.imports.removeAll()
}
