package web

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"net"
	"net/http"
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
}

// Server is the HTTP server.
type Server struct {
	deps   Deps
	echo   *echo.Echo
	routes []Route
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

	ipx, err := ipExtractor(d.Config.TrustedProxies)
	if err != nil {
		return nil, err
	}
	e.IPExtractor = ipx
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

	e.GET(route.PathHealth, func(c echo.Context) error { return c.String(http.StatusOK, "ok\n") })
	e.GET(route.PathReady, s.ready)
	e.GET(route.PathAPIOpenAPI, api.OpenAPI)
	e.GET(route.PathMetrics, echo.WrapHandler(promhttp.HandlerFor(reg, promhttp.HandlerOpts{})))
	e.GET(route.PathStaticPrefix+"*", echo.WrapHandler(d.Assets.Handler()))
	e.GET(route.PathFavicon, func(c echo.Context) error {
		return c.Redirect(http.StatusMovedPermanently, d.Assets.Path("img/favicon.svg"))
	})
	e.GET(route.PathRobots, func(c echo.Context) error {
		return c.String(http.StatusOK, "User-agent: *\nDisallow: "+route.PathOffice+"\nDisallow: "+route.PathAdmin+"\n")
	})

	s.routes = s.table()
	for _, r := range s.routes {
		if !r.Access.Declared() {
			return nil, errors.New("web: route " + r.Name + " declares no access rule")
		}
		e.Add(r.Method, r.Path, r.Handler, authorize(r.Access)).Name = r.Name
	}
	return s, nil
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
	return c.String(http.StatusOK, "ready\n")
}

// Run serves on the configured address until ctx is cancelled, then shuts
// down gracefully, letting requests in flight finish.
func (s *Server) Run(ctx context.Context) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", s.deps.Config.Addr)
	if err != nil {
		return err
	}
	return s.Serve(ctx, ln)
}

// Serve is Run on an existing listener.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	cfg := s.deps.Config
	srv := &http.Server{
		Handler:           s.echo,
		ReadTimeout:       cfg.HTTPReadTimeout,
		ReadHeaderTimeout: 10 * time.Second,
		WriteTimeout:      cfg.HTTPWriteTimeout,
		IdleTimeout:       cfg.HTTPIdleTimeout,
		MaxHeaderBytes:    1 << 20,
		ErrorLog:          slog.NewLogLogger(s.deps.Log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	s.deps.Log.Info("listening", "addr", "http://"+ln.Addr().String())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.deps.Log.Info("shutting down", "timeout", cfg.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func ipExtractor(trusted []string) (echo.IPExtractor, error) {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect(), nil
	}
	var opts []echo.TrustOption
	for _, c := range trusted {
		_, n, err := net.ParseCIDR(c)
		if err != nil {
			return nil, err
		}
		opts = append(opts, echo.TrustIPRange(n))
	}
	return echo.ExtractIPFromXFFHeader(opts...), nil
}
