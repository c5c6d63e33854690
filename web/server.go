package web

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/internal/document"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/workflow"
	"github.com/motcua/motcua/internal/worktime"
	"github.com/motcua/motcua/static"
	"github.com/motcua/motcua/web/api"
	"github.com/motcua/motcua/web/portal"
	"github.com/motcua/motcua/web/route"
)

const csrfContextKey = "csrf"

// Deps are the services the server wires into handlers.
type Deps struct {
	Config   config.Config
	Log      *slog.Logger
	SQL      *sql.DB // for readiness and pool metrics
	Sessions SessionStore
	Accounts *account.Service
	Units    org.Store
	Messages *i18n.Catalog
	Catalog  *catalog.Service
	Eforms   *eform.Service
	// Workflows is the internal-process service.
	Workflows *workflow.Service
	Assets    *static.Assets
	Dossiers  *dossier.Service
	Places    *org.Places
	// Lookups throttles failed dossier status lookups per client address.
	Lookups account.Throttle
	// Verifications throttles failed document verifications per client
	// address.
	Verifications account.Throttle
	// Notify serves the inbox, preferences and templates.
	Notify *notify.Service
	// Calendars computes deadlines and keeps the days off and sessions.
	Calendars *worktime.Service
	// Reports builds the statutory reports (the tracking ledger).
	Reports *report.Service
	// Documents are the documents issued on dossiers: downloads,
	// verification and revocation.
	Documents *document.Service
	// ResultTemplates are the procedures' result templates.
	ResultTemplates *document.Templates
	// Files is the file store, for readiness: Ready fails while it cannot
	// take a file (disk full or read-only). Nil: not checked.
	Files interface{ Ready(context.Context) error }
}

// Server is the HTTP server.
type Server struct {
	deps   Deps
	echo   *echo.Echo
	routes []Route
	// metrics serves /metrics: on the site's address to METRICS_ALLOW, or
	// alone on METRICS_ADDR.
	metrics http.Handler
}

// New builds the server with its middleware and route table.
func New(d Deps) (*Server, error) {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	s := &Server{deps: d, echo: e}

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewDBStatsCollector(d.SQL, "motcua"))
	m := newMetrics(reg)
	s.metrics = promhttp.HandlerFor(reg, promhttp.HandlerOpts{})

	e.IPExtractor = ipExtractor(d.Config.TrustedProxies)
	e.HTTPErrorHandler = s.handleError

	e.Use(requestID)
	e.Use(accessLog(d.Log))
	e.Use(m.middleware)
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{
		DisableStackAll: true,
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			d.Log.ErrorContext(c.Request().Context(), "panic", "error", err.Error(), "stack", string(stack))
			return err
		},
	}))
	e.Use(securityHeaders(d.Config.SecureCookies()))
	// Static assets and metrics compress themselves; an Excel workbook is
	// a zip already. PDFs compress their streams, and a document's ETag
	// and byte ranges are those of the stored file.
	gz, err := compress(func(c echo.Context) bool {
		p := c.Request().URL.Path
		return p == route.PathMetrics || strings.HasPrefix(p, route.PathStaticPrefix) || p == route.PathLedgerXLSX ||
			c.Path() == route.PathDocument || c.Path() == route.PathControlSlip
	})
	if err != nil {
		return nil, err
	}
	e.Use(gz)
	// Pages with file slots stream their multipart bodies and cap them
	// themselves (at the dossier's upload limit); everything else is small.
	e.Use(middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: d.Config.BodyLimit, Skipper: streamsUploads}))
	// Forms carry a token (below); browsers also say where a request comes
	// from, and a state-changing request from another site, even a sibling
	// subdomain that could plant the token's cookie, is refused outright.
	cop := http.NewCrossOriginProtection()
	e.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if err := cop.Check(c.Request()); err != nil {
				return echo.NewHTTPError(http.StatusForbidden, "csrf").SetInternal(err)
			}
			return next(c)
		}
	})
	e.Use(middleware.CSRFWithConfig(middleware.CSRFConfig{
		TokenLookup:    "form:" + route.CSRFFormField + ",header:X-CSRF-Token",
		CookieName:     route.CSRFCookieName,
		CookiePath:     "/",
		CookieHTTPOnly: true,
		CookieSecure:   d.Config.SecureCookies(),
		CookieSameSite: http.SameSiteLaxMode,
		ContextKey:     csrfContextKey,
		Skipper:        func(c echo.Context) bool { return isOpsPath(c.Request().URL.Path) || streamsUploads(c) },
		ErrorHandler: func(err error, c echo.Context) error {
			return echo.NewHTTPError(http.StatusForbidden, "csrf").SetInternal(err)
		},
	}))
	e.Use(s.sessionUnlessOps)
	e.Use(cleanInput)

	get(e, route.PathHealth, func(c echo.Context) error { return c.String(http.StatusOK, "ok\n") })
	get(e, route.PathReady, s.ready)
	get(e, route.PathAPIOpenAPI, api.OpenAPI)
	if d.Config.MetricsAddr == "" {
		allowed := metricsClient(d.Config.MetricsAllow, d.Config.TrustedProxies)
		get(e, route.PathMetrics, func(c echo.Context) error {
			if !allowed(c.Request()) {
				return echo.ErrNotFound
			}
			s.metrics.ServeHTTP(c.Response(), c.Request())
			return nil
		})
	}
	get(e, route.PathStaticPrefix+"*", echo.WrapHandler(d.Assets.Handler()))
	get(e, route.PathFavicon, func(c echo.Context) error {
		return c.Redirect(http.StatusMovedPermanently, d.Assets.Path("img/favicon.svg"))
	})
	get(e, route.PathRobots, func(c echo.Context) error {
		return c.String(http.StatusOK, "User-agent: *\nDisallow: "+route.PathOffice+"\nDisallow: "+route.PathAdmin+"\n")
	})

	s.routes = s.table()
	for _, r := range s.routes {
		if !r.Access.Declared() {
			return nil, errors.New("web: route " + r.Name + " declares no access rule")
		}
		mw := []echo.MiddlewareFunc{noStore(r.Access), authorize(r.Access)}
		e.Add(r.Method, r.Path, r.Handler, mw...).Name = r.Name
		if r.Method == http.MethodGet {
			e.Add(http.MethodHead, r.Path, r.Handler, mw...).Name = r.Name + ".head"
		}
	}
	return s, nil
}

// get registers a GET route and its HEAD (monitors and link checkers ask
// HEAD; Echo does not derive it). The handler runs as for GET; net/http
// sends the headers and drops the body.
func get(e *echo.Echo, path string, h echo.HandlerFunc) {
	e.GET(path, h)
	e.HEAD(path, h)
}

// streamsUploads reports whether the request is a multipart post to a
// draft page, the applicant's answer or the verification of a file: its
// handler reads the body part by part (files stream to the file store, or
// through a hash) and checks the CSRF token itself, from the first part.
// Reading the form here would buffer the uploads before any check.
func streamsUploads(c echo.Context) bool {
	p := c.Path()
	return c.Request().Method == http.MethodPost &&
		(p == route.PathDraftPage || p == route.PathDossierRespond || p == route.PathVerify) &&
		portal.IsMultipart(c.Request())
}

func isOpsPath(p string) bool {
	return p == route.PathHealth || p == route.PathReady || p == route.PathMetrics ||
		strings.HasPrefix(p, route.PathStaticPrefix)
}

func (s *Server) sessionUnlessOps(next echo.HandlerFunc) echo.HandlerFunc {
	withSession := s.session(next)
	return func(c echo.Context) error {
		if isOpsPath(c.Request().URL.Path) {
			return next(c)
		}
		return withSession(c)
	}
}

// Handler exposes the server for tests (httptest) and custom listeners.
func (s *Server) Handler() http.Handler { return s.echo }

// Routes lists the route table (for the authorisation table test).
func (s *Server) Routes() []Route { return s.routes }

func (s *Server) ready(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	if err := s.deps.SQL.PingContext(ctx); err != nil {
		s.deps.Log.WarnContext(c.Request().Context(), "readiness: database unavailable", "error", err.Error())
		return c.String(http.StatusServiceUnavailable, "database unavailable\n")
	}
	if s.deps.Files != nil {
		if err := s.deps.Files.Ready(ctx); err != nil {
			s.deps.Log.WarnContext(c.Request().Context(), "readiness: file store unavailable", "error", err.Error())
			return c.String(http.StatusServiceUnavailable, "file store unavailable\n")
		}
	}
	return c.String(http.StatusOK, "ready\n")
}

// Run serves on the configured address (and /metrics on METRICS_ADDR when
// set) until ctx is cancelled, then shuts down gracefully, letting
// requests in flight finish.
func (s *Server) Run(ctx context.Context) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", s.deps.Config.Addr)
	if err != nil {
		return err
	}
	var metrics net.Listener
	if s.deps.Config.MetricsAddr != "" {
		if metrics, err = lc.Listen(ctx, "tcp", s.deps.Config.MetricsAddr); err != nil {
			_ = ln.Close()
			return err
		}
	}
	return s.Serve(ctx, ln, metrics)
}

// Serve is Run on existing listeners: ln for the site and, unless nil,
// metrics for /metrics alone.
func (s *Server) Serve(ctx context.Context, ln, metrics net.Listener) error {
	cfg := s.deps.Config
	type listener struct {
		name string
		ln   net.Listener
		srv  *http.Server
	}
	newServer := func(h http.Handler) *http.Server {
		return &http.Server{
			Handler:           h,
			ReadTimeout:       cfg.HTTPReadTimeout,
			ReadHeaderTimeout: 10 * time.Second,
			WriteTimeout:      cfg.HTTPWriteTimeout,
			IdleTimeout:       cfg.HTTPIdleTimeout,
			MaxHeaderBytes:    1 << 20,
			ErrorLog:          slog.NewLogLogger(s.deps.Log.Handler(), slog.LevelWarn),
		}
	}
	all := []listener{{"listening", ln, newServer(s.echo)}}
	if metrics != nil {
		mux := http.NewServeMux()
		mux.Handle("GET "+route.PathMetrics, s.metrics) // and HEAD
		all = append(all, listener{"metrics listening", metrics, newServer(mux)})
	}
	errc := make(chan error, len(all))
	for _, l := range all {
		go func() { errc <- l.srv.Serve(l.ln) }()
		s.deps.Log.Info(l.name, "addr", "http://"+l.ln.Addr().String())
	}
	var first error // the first failure, if any
	pending := len(all)
	select {
	case first = <-errc:
		pending--
	case <-ctx.Done():
	}
	s.deps.Log.Info("shutting down", "timeout", cfg.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	for _, l := range all {
		if err := l.srv.Shutdown(sctx); err != nil && first == nil {
			first = err
		}
	}
	for ; pending > 0; pending-- {
		if err := <-errc; !errors.Is(err, http.ErrServerClosed) && first == nil {
			first = err
		}
	}
	return first
}

// ipExtractor decides the client address of a request (login and lookup
// throttling, logs): the connection's peer, or, when the peer is one of
// the trusted balancers, the address it forwards. Only the balancers
// listed are trusted: Echo would otherwise also trust every loopback,
// link-local and private address, letting any client on the intranet
// write its own X-Forwarded-For.
func ipExtractor(trusted []netip.Prefix) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, p := range trusted {
		opts = append(opts, echo.TrustIPRange(&net.IPNet{IP: p.Addr().AsSlice(), Mask: net.CIDRMask(p.Bits(), p.Addr().BitLen())}))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}
