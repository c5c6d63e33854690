package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/web/admin"
	"github.com/motcua/motcua/web/api"
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
	ac := &admin.CatalogHandler{Catalog: d.Catalog, Eforms: d.Eforms, Users: d.Accounts, Log: d.Log}
	ae := &admin.EformHandler{Eforms: d.Eforms, Procedures: d.Catalog, Users: d.Accounts, Log: d.Log}
	cat := &portal.CatalogHandler{Catalog: d.Catalog}
	apiProc := &api.Procedures{Catalog: d.Catalog}
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
		{"catalog", http.MethodGet, route.PathCatalog, Public, cat.Search},
		{"procedure", http.MethodGet, route.PathProcedure, Public, cat.Procedure},
		{"procedure.form", http.MethodGet, route.PathProcedureForm, Public, cat.Form},
		{"api.procedures", http.MethodGet, route.PathAPIProcedures, Public, apiProc.List},
		{"api.procedure", http.MethodGet, route.PathAPIProcedure, Public, apiProc.Get},
		{"office", http.MethodGet, route.PathOffice, Staff, o.Dashboard},
		{"admin", http.MethodGet, route.PathAdmin, Admins, func(c echo.Context) error {
			return c.Redirect(http.StatusSeeOther, string(route.AdminUsers(1)))
		}},
		{"admin.users", http.MethodGet, route.PathAdminUsers, Admins, a.Users},
		{"admin.users.new", http.MethodGet, route.PathAdminUserNew, Admins, a.UserNew},
		{"admin.users.create", http.MethodPost, route.PathAdminUsers, Admins, a.UserCreate},
		{"admin.units", http.MethodGet, route.PathAdminUnits, Admins, a.UnitTree},
		{"admin.catalog", http.MethodGet, route.PathAdminCatalog, Admins, ac.List},
		{"admin.catalog.new", http.MethodGet, route.PathAdminProcNew, Admins, ac.New},
		{"admin.catalog.create", http.MethodPost, route.PathAdminCatalog, Admins, ac.Create},
		{"admin.procedure", http.MethodGet, route.PathAdminProc, Admins, ac.Show},
		{"admin.procedure.edit", http.MethodGet, route.PathAdminProcEdit, Admins, ac.Edit},
		{"admin.procedure.save", http.MethodPost, route.PathAdminProcEdit, Admins, ac.Update},
		{"admin.procedure.preview", http.MethodGet, route.PathAdminProcPreview, Admins, ac.Preview},
		{"admin.procedure.publish", http.MethodPost, route.PathAdminProcPublish, Admins, ac.Publish},
		{"admin.procedure.discard", http.MethodPost, route.PathAdminProcDiscard, Admins, ac.Discard},
		{"admin.procedure.retire", http.MethodPost, route.PathAdminProcRetire, Admins, ac.Retire},
		{"admin.procedure.history", http.MethodGet, route.PathAdminProcHistory, Admins, ac.History},
		{"admin.eform", http.MethodGet, route.PathAdminEform, Admins, ae.Show},
		{"admin.eform.edit", http.MethodGet, route.PathAdminEformEdit, Admins, ae.Edit},
		{"admin.eform.save", http.MethodPost, route.PathAdminEformEdit, Admins, ae.Save},
		{"admin.eform.publish.confirm", http.MethodGet, route.PathAdminEformPublish, Admins, ae.PublishConfirm},
		{"admin.eform.publish", http.MethodPost, route.PathAdminEformPublish, Admins, ae.Publish},
		{"admin.eform.discard", http.MethodPost, route.PathAdminEformDiscard, Admins, ae.Discard},
		{"admin.eform.history", http.MethodGet, route.PathAdminEformHistory, Admins, ae.History},
		{"admin.eform.version", http.MethodGet, route.PathAdminEformVersion, Admins, ae.Version},
	}
}
