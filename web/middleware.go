package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/logx"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/web/route"
	"github.com/motcua/motcua/web/webctx"
)

const requestIDHeader = "X-Request-Id"

// requestID gives every request an id (a valid incoming one from a trusted
// load balancer is kept), echoes it in the response and puts it in the
// context for logging.
func requestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		id := c.Request().Header.Get(requestIDHeader)
		if !validRequestID(id) {
			b := make([]byte, 12)
			_, _ = rand.Read(b)
			id = hex.EncodeToString(b)
		}
		c.Response().Header().Set(requestIDHeader, id)
		r := c.Request()
		c.SetRequest(r.WithContext(logx.WithRequestID(r.Context(), id)))
		return next(c)
	}
}

func validRequestID(id string) bool {
	if len(id) < 8 || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// accessLog logs one line per request. It logs the route pattern, not the
// raw URL, so query strings (which may carry personal data) never reach the
// log.
func accessLog(log *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			err := next(c)
			if err != nil {
				c.Error(err)
			}
			status := c.Response().Status
			level := slog.LevelInfo
			if status >= 500 {
				level = slog.LevelError
			}
			log.Log(c.Request().Context(), level, "request",
				"method", c.Request().Method,
				"route", routeLabel(c),
				"status", status,
				"duration_ms", float64(time.Since(start).Microseconds())/1000,
				"bytes", c.Response().Size)
			return nil
		}
	}
}

func routeLabel(c echo.Context) string {
	if p := c.Path(); p != "" {
		return p
	}
	return "unmatched"
}

// methodLabel is the method as a metric label: one of the standard
// methods the site uses, or "other", so that invented methods (any token
// is one) cannot add series without bound. Routes are labelled by their
// template, and a path no route matches as "unmatched" (routeLabel).
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions:
		return m
	}
	return "other"
}

// metrics records request counts and latencies by route and status.
type metrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "motcua_http_requests_total", Help: "HTTP requests by method, route and status.",
		}, []string{"method", "route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "motcua_http_request_duration_seconds", Help: "HTTP request latency by method, route and status.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"method", "route", "status"}),
	}
	reg.MustRegister(m.requests, m.latency)
	return m
}

func (m *metrics) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		status := strconv.Itoa(c.Response().Status)
		labels := []string{methodLabel(c.Request().Method), routeLabel(c), status}
		m.requests.WithLabelValues(labels...).Inc()
		m.latency.WithLabelValues(labels...).Observe(time.Since(start).Seconds())
		return nil
	}
}

// securityHeaders sets the CSP (no inline scripts or styles) and the other
// hardening headers on every response.
func securityHeaders(https bool) echo.MiddlewareFunc {
	const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
		"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			h := c.Response().Header()
			h.Set("Content-Security-Policy", csp)
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
			h.Set("X-Frame-Options", "DENY")
			h.Set("Cross-Origin-Opener-Policy", "same-origin")
			h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
			if https {
				h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
			}
			return next(c)
		}
	}
}

// SessionStore is the session persistence the server needs.
type SessionStore interface {
	webctx.SessionSaver
	Get(r *http.Request, name string) (*sessions.Session, error)
	RevokeUser(ctx context.Context, userID int64) error
}

// session loads the session, the signed-in user and the language, and
// attaches them to the request.
func (s *Server) session(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		sess, err := s.deps.Sessions.Get(c.Request(), route.SessionCookieName)
		if err != nil {
			return err
		}
		req := &webctx.Request{Session: sess, Store: s.deps.Sessions, Assets: s.deps.Assets}
		if uid, ok := sess.Values[account.SessionUserKey].(int64); ok {
			u, err := s.deps.Accounts.Get(ctx, uid)
			switch {
			case err == nil && u.Active:
				req.User = &u
				if s.deps.Notify != nil && !strings.HasPrefix(c.Request().URL.Path, route.PathAPIPrefix) {
					// The header shows the unread count on every page.
					if req.Unread, err = s.deps.Notify.Unread(ctx, u.ID); err != nil {
						return err
					}
				}
				if u.UnitID != 0 {
					if unit, err := s.deps.Units.Get(ctx, u.UnitID); err == nil {
						req.Unit = &unit
					} else if !errors.Is(err, org.ErrNotFound) {
						return err
					}
				}
			case err == nil || errors.Is(err, account.ErrNotFound):
				delete(sess.Values, account.SessionUserKey)
				req.MarkDirty()
			default:
				return err
			}
		}
		req.P = s.deps.Messages.Printer(s.language(c, req))
		if tok, ok := c.Get(csrfContextKey).(string); ok {
			req.CSRF = tok
		}
		webctx.Set(c, req)
		return next(c)
	}
}

// language picks the page language: the cookie set by the switch, then the
// signed-in user's saved choice, then the configured default.
func (s *Server) language(c echo.Context, req *webctx.Request) i18n.Lang {
	if ck, err := c.Cookie(route.LanguageCookieName); err == nil {
		if l, ok := i18n.ParseLang(ck.Value); ok {
			return l
		}
	}
	if req.User != nil {
		if l, ok := i18n.ParseLang(req.User.Locale); ok {
			return l
		}
	}
	l, _ := i18n.ParseLang(s.deps.Config.DefaultLocale)
	return l
}

// metricsClient reports whether the request may read /metrics on the
// site's address: its connection comes straight from an allowed network.
// The address is the connection's peer, never a header a client can
// write, and a peer that forwards for someone else (a trusted balancer,
// or any request carrying a forwarding header: a reverse proxy on the same
// machine connects from loopback) is refused, so that an allowed network
// never lets through the clients of a proxy inside it.
func metricsClient(allow, proxies []netip.Prefix) func(*http.Request) bool {
	return func(r *http.Request) bool {
		for _, h := range []string{"X-Forwarded-For", "Forwarded", "X-Real-Ip"} {
			if len(r.Header.Values(h)) > 0 {
				return false
			}
		}
		ap, err := netip.ParseAddrPort(r.RemoteAddr)
		if err != nil {
			return false
		}
		a := ap.Addr().Unmap()
		in := func(ns []netip.Prefix) bool {
			return slices.ContainsFunc(ns, func(n netip.Prefix) bool { return n.Contains(a) })
		}
		return in(allow) && !in(proxies)
	}
}

// noStore tells caches not to keep any answer of a route that needs an
// account, and any page shown to someone signed in (the header names
// them): a shared computer's browser or a proxy would otherwise keep a
// person's dossier, inbox or queue. A handler serving what is the same for
// everyone (a blank form, the list of communes) may say so after.
func noStore(a Access) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if !a.Allows("") || webctx.Get(c).User != nil {
				c.Response().Header().Set("Cache-Control", "no-store")
			}
			return next(c)
		}
	}
}

// authorize enforces a route's access rule. Anonymous visitors to a page
// that needs an account are sent to the login page (HTML) or get 401 (API);
// signed-in users without the role get 403.
func authorize(a Access) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := webctx.Get(c)
			if a.Allows(req.Role()) {
				return next(c)
			}
			if req.User == nil {
				if m := c.Request().Method; strings.HasPrefix(c.Request().URL.Path, route.PathAPIPrefix) || m != http.MethodGet && m != http.MethodHead {
					return echo.NewHTTPError(http.StatusUnauthorized)
				}
				return c.Redirect(http.StatusSeeOther, string(route.Login(c.Request().URL.RequestURI())))
			}
			return echo.NewHTTPError(http.StatusForbidden)
		}
	}
}
