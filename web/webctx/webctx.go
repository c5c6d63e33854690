// Package webctx carries what every handler needs about the current request:
// the signed-in user, the language printer, the CSRF token and the session,
// and renders templ components (into a buffer first, so an error never
// leaves half a page). Handler packages (portal, office, admin, api) import
// it; it imports no handler package.
package webctx

import (
	"bytes"
	"context"
	"net/http"

	"github.com/a-h/templ"
	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/templates/layout"
)

const key = "motcua.request"

// SessionSaver persists a session; implemented by pgstore.SessionStore.
type SessionSaver interface {
	Save(r *http.Request, w http.ResponseWriter, s *sessions.Session) error
	Rotate(ctx context.Context, s *sessions.Session) error
}

// Request is the per-request state.
type Request struct {
	User    *account.User // nil when anonymous
	Unit    *org.Unit     // the staff member's unit
	P       i18n.Printer
	CSRF    string
	Session *sessions.Session
	Store   SessionSaver
	Assets  layout.AssetPather
	// Unread is how many in-app messages the user has not read.
	Unread int
	dirty  bool
}

// Set attaches r to c; the session middleware calls it.
func Set(c echo.Context, r *Request) { c.Set(key, r) }

// Get returns the request state. Every route runs behind the middleware that
// sets it, so a missing state is a programming error.
func Get(c echo.Context) *Request {
	r, ok := c.Get(key).(*Request)
	if !ok {
		panic("webctx: request state missing: route not behind the session middleware")
	}
	return r
}

// Has reports whether the request state is set (false for requests that
// failed before the session middleware, e.g. a 404 on an unknown path
// still gets it; a panic in middleware may not).
func Has(c echo.Context) bool { _, ok := c.Get(key).(*Request); return ok }

// Role returns the user's role, or "" when anonymous.
func (r *Request) Role() account.Role {
	if r.User == nil {
		return ""
	}
	return r.User.Role
}

// Flash kinds.
const (
	FlashSuccess = "success"
	FlashInfo    = "info"
	FlashError   = "error"
)

// Flash is a one-time message shown on the next page.
type Flash struct{ Kind, Key string }

const flashKind, flashKey = "flash_kind", "flash_key"

// SetFlash stores a message key for the next page.
func (r *Request) SetFlash(kind, msgKey string) {
	r.Session.Values[flashKind] = kind
	r.Session.Values[flashKey] = msgKey
	r.dirty = true
}

// PopFlash takes the pending flash message, if any.
func (r *Request) PopFlash() (Flash, bool) {
	k, ok1 := r.Session.Values[flashKind].(string)
	m, ok2 := r.Session.Values[flashKey].(string)
	if !ok1 || !ok2 {
		return Flash{}, false
	}
	delete(r.Session.Values, flashKind)
	delete(r.Session.Values, flashKey)
	r.dirty = true
	return Flash{Kind: k, Key: m}, true
}

// MarkDirty asks for the session to be saved before the response.
func (r *Request) MarkDirty() { r.dirty = true }

// SaveSession writes the session if it changed.
func (r *Request) SaveSession(c echo.Context) error {
	if !r.dirty {
		return nil
	}
	r.dirty = false
	return r.Store.Save(c.Request(), c.Response(), r.Session)
}

// Render renders comp into a buffer and writes it with status.
func Render(c echo.Context, status int, comp templ.Component) error {
	var buf bytes.Buffer
	if err := comp.Render(c.Request().Context(), &buf); err != nil {
		return err
	}
	if Has(c) {
		if err := Get(c).SaveSession(c); err != nil {
			return err
		}
	}
	return c.HTMLBlob(status, buf.Bytes())
}

// Redirect saves the session and redirects with 303 See Other
// (post/redirect/get).
func Redirect(c echo.Context, to templ.SafeURL) error {
	if err := Get(c).SaveSession(c); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, string(to))
}
