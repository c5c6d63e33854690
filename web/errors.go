package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/logx"
	"github.com/motcua/motcua/internal/upload"
	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/templates/layout"
	"github.com/motcua/motcua/templates/portalview"
	"github.com/motcua/motcua/web/route"
	"github.com/motcua/motcua/web/webctx"
)

// handleError is the one error handler: it picks the status, logs server
// errors with the request id, and answers with a Vietnamese (or English)
// page, or a JSON body under /api/. No stack trace, SQL or internal message
// ever reaches the response.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status := http.StatusInternalServerError
	known, isKnown := knownError(err)
	var he *echo.HTTPError
	switch {
	case errors.As(err, &he):
		status = he.Code
	case isKnown:
		status = known.status
	}
	ctx := c.Request().Context()
	if status >= 500 {
		s.deps.Log.ErrorContext(ctx, "server error", "error", err.Error(), "route", routeLabel(c))
	}
	p := s.errorPrinter(c)
	key := errorKey(status)
	if isKnown && known.key != "" {
		key = known.key
	}
	title, body := p.T("error."+key+".title"), p.T("error."+key+".body")
	// A HEAD gets the same headers as its GET; net/http drops the body.
	if strings.HasPrefix(c.Request().URL.Path, route.PathAPIPrefix) {
		_ = c.JSON(status, map[string]any{"error": map[string]any{"status": status, "message": title}})
		return
	}
	if status == http.StatusUnauthorized {
		c.Response().Header().Set("WWW-Authenticate", `Session realm="motcua"`)
	}
	props := portalview.ErrorProps{P: p, Status: status, Title: title, Body: body,
		RequestID: logx.RequestID(ctx), SignIn: status == http.StatusUnauthorized}
	if webctx.Has(c) {
		props.Page = webctx.Get(c).Page(c, title, layout.AreaPublic)
	} else {
		props.Page = layout.PageProps{Lang: string(p.Lang()), Title: title, SiteName: p.T("app.name"),
			Assets: s.deps.Assets, Labels: layout.Labels{SkipLink: p.T("layout.skip_link"), MainNav: p.T("layout.main_nav")}}
	}
	if rerr := webctx.Render(c, status, portalview.Error(props)); rerr != nil {
		s.deps.Log.ErrorContext(ctx, "rendering error page failed", "error", rerr.Error())
		_ = c.String(status, strconv.Itoa(status)+" "+title)
	}
}

// domainError is how the error page answers an error of the domain that
// reaches it unhandled: its status and, where the page says more than the
// status's own (what to correct), its message key under error.*.
type domainError struct {
	err    error
	status int
	key    string
}

// domainErrors is the one table of such errors. An *echo.HTTPError keeps
// its own status and takes the message of the error it wraps.
var domainErrors = []domainError{
	{valid.ErrBadText, http.StatusBadRequest, "bad_text"},
	{valid.ErrBadFileName, http.StatusBadRequest, "bad_file_name"},
	{errBadNumber, http.StatusBadRequest, "bad_number"},
	// A full or read-only disk: nothing wrong with the request; try later.
	{upload.ErrUnavailable, http.StatusServiceUnavailable, ""},
}

func knownError(err error) (domainError, bool) {
	for _, m := range domainErrors {
		if errors.Is(err, m.err) {
			return m, true
		}
	}
	return domainError{}, false
}

func errorKey(status int) string {
	switch status {
	case 400, 401, 403, 404, 405, 413, 422, 429, 500, 503:
		return strconv.Itoa(status)
	}
	if status >= 500 {
		return "500"
	}
	return "other"
}

func (s *Server) errorPrinter(c echo.Context) i18n.Printer {
	if webctx.Has(c) {
		return webctx.Get(c).P
	}
	l, _ := i18n.ParseLang(s.deps.Config.DefaultLocale)
	if ck, err := c.Cookie(route.LanguageCookieName); err == nil {
		if cl, ok := i18n.ParseLang(ck.Value); ok {
			l = cl
		}
	}
	return s.deps.Messages.Printer(l)
}
