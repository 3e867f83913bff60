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

	"postcrm"
	"postcrm/auth"
	"postcrm/campaign"
	"postcrm/contest"
	"postcrm/followup"
	"postcrm/hub"
	"postcrm/policy"
	"postcrm/problem"
	"postcrm/refund"
	"postcrm/report"
	"postcrm/schedule"
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
	// MaxUpload bounds an import upload in bytes; default 2 GiB.
	MaxUpload int64
	// Jobs are the jobs the server's schedule runs, for the schedule
	// page; none when the schedule is off (--no-schedule).
	Jobs []schedule.Job
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
	// jobs is the schedule's settings and log (province only).
	jobs schedule.AdminStore
	// reports are the reports, built only when bound to a scope.
	reports report.Library
	// measure measures follow-up against the province's analysis.
	measure measurer
	// problems is the problem list: every call takes the user's scope.
	problems problem.Store
	// refunds are the refund cases: every read and write takes the
	// user's scope (TestHandlersHoldOnlyScopedReads checks it).
	refunds refund.WebStore
	// hubs is the mail-hub board, every read within the user's scope.
	hubs hub.ScopedStore
	// wallBoard reads the board of a wall-screen link's hub, nothing else.
	wallBoard func(ctx context.Context, token string, at time.Time) (hub.Board, error)
	// streams ends with EndStreams: the wall screens' and the contest
	// screens' event streams, which would otherwise hold a graceful
	// shutdown open.
	streams    context.Context
	endStreams context.CancelFunc
	opts       Options
	log        *slog.Logger
	pages      map[string]*template.Template
	navs       []Route // the routes linked in the navigation bar, in order
	handler    http.Handler
	policy     auth.LockoutPolicy
	limiter    *auth.RateLimiter
	// throttle pauses a user name's sign-ins from an address after
	// repeated failures there.
	throttle *auth.SignInThrottle
	imports  *importRuns
	// policies is the adjustments register: scoped reads, and steps
	// that say who took them.
	policies policy.Register
	metrics  metrics
	kept     *keeper // the figures kept as summaries in the store
	// measurements caches the follow-up measurements the effect page
	// and the reports make (they are kept in the store too).
	measurements *followup.Cache
	// contestStore keeps the knowledge contests (no business data), and
	// contests runs them; banks caches their question banks, screenViews
	// the screens' latest view.
	contestStore contest.Store
	contests     *contest.Hub
	banks        contestBanks
	screenViews  screenViews
	warming      sync.WaitGroup
	// ctx outlives requests: background imports run in it, and Close
	// cancels it.
	ctx    context.Context
	cancel context.CancelFunc

	// campaigns are the campaigns and the member growth, every read
	// scoped; measureCampaign measures a campaign over the province's
	// offices (the comparison offices are outside most scopes, so only
	// the measurement reaches the page).
	campaigns       campaign.Store
	measureCampaign func(ctx context.Context, c postcrm.CampaignSummary) (campaign.Effect, error)
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
	if opts.MaxUpload <= 0 {
		opts.MaxUpload = maxUpload
	}
	s := &Server{store: store, accountStore: store, jobs: store, reports: report.NewLibrary(store), problems: store, refunds: store, policies: store,
		opts: opts, log: opts.Logger, imports: newImportRuns(store),
		policy: auth.DefaultLockoutPolicy, limiter: auth.NewRateLimiter(auth.DefaultRateLimit),
		throttle: auth.NewSignInThrottle(auth.DefaultLockoutPolicy)}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.kept = &keeper{store: store, log: opts.Logger}
	s.measurements = &followup.Cache{}
	s.measure = measurerOf(store, s.measurements)
	s.campaigns = store
	s.measureCampaign = func(ctx context.Context, c postcrm.CampaignSummary) (campaign.Effect, error) {
		return campaign.Measure(ctx, store, c.Campaign, c.Gifts, c.CostFen)
	}
	s.hubs, s.wallBoard = store, wallBoardOf(store)
	s.streams, s.endStreams = context.WithCancel(context.Background())
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

// EndStreams ends the open event streams (the wall screens reconnect
// to the next server); call it when a graceful shutdown begins.
func (s *Server) EndStreams() { s.endStreams() }

// Close stops the background imports and waits for them; an import
// stopped between batches is completed by importing the file again.
func (s *Server) Close() {
	s.endStreams()
	s.cancel()
	s.contests.Close()
	s.imports.wg.Wait()
	s.warming.Wait()
	s.imports.removeAll()
}
