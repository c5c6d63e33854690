package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/web/admin"
	"github.com/motcua/motcua/web/office"
	"github.com/motcua/motcua/web/portal"
	"github.com/motcua/motcua/web/route"
)

// Route is one entry of the route table.
type Route struct {
	Name    string
	Method  string
	Path    string
	Access  Access
	Handler echo.HandlerFunc
}

// table is the one route table: every page and action with who may use it.
// Health, readiness, metrics and static files are registered separately in
// New because they run without a session.
func (s *Server) table() []Route {
	d := s.deps
	p := &portal.Handler{Accounts: d.Accounts, Sessions: d.Sessions, Log: d.Log,
		SecureCookies: d.Config.SecureCookies(), SessionMaxAge: d.Config.SessionMaxAge}
	o := &office.Handler{Units: d.Units}
	a := &admin.Handler{Accounts: d.Accounts, Units: d.Units, Log: d.Log}
	return []Route{
		{"home", http.MethodGet, route.PathHome, Public, p.Home},
		{"login.form", http.MethodGet, route.PathLogin, Public, p.LoginForm},
		{"login", http.MethodPost, route.PathLogin, Public, p.Login},
		{"logout", http.MethodPost, route.PathLogout, SignedIn, p.Logout},
		{"register.form", http.MethodGet, route.PathRegister, Public, p.RegisterForm},
		{"register", http.MethodPost, route.PathRegister, Public, p.Register},
		{"language", http.MethodGet, route.PathLanguage, Public, p.Language},
		{"account", http.MethodGet, route.PathAccount, SignedIn, p.Account},
		{"account.password", http.MethodPost, route.PathAccountPasswd, SignedIn, p.ChangePassword},
		{"office", http.MethodGet, route.PathOffice, Staff, o.Dashboard},
		{"admin", http.MethodGet, route.PathAdmin, Admins, func(c echo.Context) error {
			return c.Redirect(http.StatusSeeOther, string(route.AdminUsers(1)))
		}},
		{"admin.users", http.MethodGet, route.PathAdminUsers, Admins, a.Users},
		{"admin.users.new", http.MethodGet, route.PathAdminUserNew, Admins, a.UserNew},
		{"admin.users.create", http.MethodPost, route.PathAdminUsers, Admins, a.UserCreate},
		{"admin.units", http.MethodGet, route.PathAdminUnits, Admins, a.UnitTree},
	}
}
