package web

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/web/admin"
	"github.com/motcua/motcua/web/api"
	"github.com/motcua/motcua/web/office"
	"github.com/motcua/motcua/web/portal"
	"github.com/motcua/motcua/web/route"
	"github.com/motcua/motcua/web/webctx"
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
		SecureCookies: d.Config.SecureCookies(), SessionMaxAge: d.Config.SessionMaxAge,
		BaseURL: strings.TrimSuffix(d.Config.BaseURL, "/")}
	o := &office.Handler{Units: d.Units, Dossiers: d.Dossiers}
	a := &admin.Handler{Accounts: d.Accounts, Units: d.Units, Hours: d.Calendars, Log: d.Log}
	acal := &admin.CalendarHandler{Calendars: d.Calendars, Units: d.Units, Log: d.Log}
	apay := &admin.UnitPaymentHandler{Units: d.Units, Log: d.Log, Now: time.Now}
	apiDeadline := &api.Deadlines{Calendars: d.Calendars}
	ac := &admin.CatalogHandler{Catalog: d.Catalog, Eforms: d.Eforms, Workflows: d.Workflows, Users: d.Accounts, Log: d.Log}
	aw := &admin.WorkflowHandler{Workflows: d.Workflows, Procedures: d.Catalog, Users: d.Accounts, Units: d.Units, Log: d.Log}
	ae := &admin.EformHandler{Eforms: d.Eforms, Procedures: d.Catalog, Users: d.Accounts, Places: d.Places, Log: d.Log}
	cat := &portal.CatalogHandler{Catalog: d.Catalog}
	if d.Dossiers != nil {
		cat.Outcomes = d.Dossiers.ProcedureOutcomes
	}
	apiProc := &api.Procedures{Catalog: d.Catalog}
	dos := &portal.DossierHandler{Deliveries: d.Notify.DossierDeliveries, Dossiers: d.Dossiers, Catalog: d.Catalog, Units: d.Units, Places: d.Places, Lookups: d.Lookups,
		DraftDays: int(d.Config.DraftMaxAge.Hours() / 24), Documents: d.Documents}
	apiDos := &api.Dossiers{Dossiers: d.Dossiers, Lookups: d.Lookups, Messages: d.Messages,
		Viewer: func(c echo.Context) *account.User { return webctx.Get(c).User }}
	apiPlaces := &api.Places{Places: d.Places}
	desk := &office.DeskHandler{Catalog: d.Catalog, Dossiers: d.Dossiers}
	queue := &office.QueueHandler{Dossiers: d.Dossiers, Users: d.Accounts}
	inbox := &portal.NotifyHandler{Notify: d.Notify, DossierCode: func(ctx context.Context, id int64) (string, error) {
		return d.Dossiers.CodeOf(ctx, id)
	}}
	antpl := &admin.NotifyHandler{Notify: d.Notify}
	mydata := &portal.DataHandler{Dossiers: d.Dossiers, Notify: d.Notify, Now: time.Now}
	ares := &admin.ResultTemplateHandler{Templates: d.ResultTemplates, Samples: d.Dossiers, Catalog: d.Catalog,
		Renderer: d.Documents, Log: d.Log, VerifyURL: func(code string) string {
			return strings.TrimSuffix(d.Config.BaseURL, "/") + string(route.VerifyCode(code))
		}}
	ledger := &office.LedgerHandler{Reports: d.Reports, Log: d.Log}
	verify := &portal.VerifyHandler{Documents: d.Documents, Dossiers: d.Dossiers, Units: d.Units, Throttle: d.Verifications}
	apiVerify := &api.Verifications{Documents: d.Documents, Dossiers: d.Dossiers, Units: d.Units, Throttle: d.Verifications}
	workers := Roles(account.RoleClerk, account.RoleOfficer, account.RoleLeader)
	// Drafts are written by applicants online and by clerks at the desk;
	// the service lets each see only their own.
	writers := Roles(account.RoleCitizen, account.RoleBusiness, account.RoleClerk)
	return []Route{
		{"home", http.MethodGet, route.PathHome, Public, p.Home},
		{"login.form", http.MethodGet, route.PathLogin, Public, p.LoginForm},
		{"login", http.MethodPost, route.PathLogin, Public, p.Login},
		{"privacy", http.MethodGet, route.PathPrivacy, Public, p.Privacy},
		{"accessibility", http.MethodGet, route.PathAccessibility, Public, p.Accessibility},
		{"forgot.form", http.MethodGet, route.PathForgot, Public, p.ForgotForm},
		{"forgot", http.MethodPost, route.PathForgot, Public, p.Forgot},
		{"reset.form", http.MethodGet, route.PathReset, Public, p.ResetForm},
		{"reset", http.MethodPost, route.PathReset, Public, p.Reset},
		{"logout", http.MethodPost, route.PathLogout, SignedIn, p.Logout},
		{"register.form", http.MethodGet, route.PathRegister, Public, p.RegisterForm},
		{"register", http.MethodPost, route.PathRegister, Public, p.Register},
		{"language", http.MethodGet, route.PathLanguage, Public, p.Language},
		{"language.save", http.MethodPost, route.PathLanguage, Public, p.SaveLanguage},
		{"account", http.MethodGet, route.PathAccount, SignedIn, p.Account},
		{"account.password", http.MethodPost, route.PathAccountPasswd, SignedIn, p.ChangePassword},
		{"account.contact", http.MethodPost, route.PathAccountContact, Applicants, p.ChangeContact},
		{"account.signout", http.MethodPost, route.PathAccountSignOut, SignedIn, p.SignOutElsewhere},
		{"account.data", http.MethodGet, route.PathAccountData, SignedIn, mydata.MyData},
		{"catalog", http.MethodGet, route.PathCatalog, Public, cat.Search},
		{"procedure", http.MethodGet, route.PathProcedure, Public, cat.Procedure},
		{"procedure.form", http.MethodGet, route.PathProcedureForm, Public, cat.Form},
		{"apply.form", http.MethodGet, route.PathProcedureApply, writers, dos.ApplyForm},
		{"apply", http.MethodPost, route.PathProcedureApply, writers, dos.Apply},
		{"draft", http.MethodGet, route.PathDraft, writers, dos.Draft},
		{"draft.page", http.MethodGet, route.PathDraftPage, writers, dos.Page},
		{"draft.page.save", http.MethodPost, route.PathDraftPage, writers, dos.SavePage},
		{"draft.delivery", http.MethodGet, route.PathDraftDelivery, writers, dos.Delivery},
		{"draft.delivery.save", http.MethodPost, route.PathDraftDelivery, writers, dos.SaveDelivery},
		{"draft.check", http.MethodGet, route.PathDraftCheck, writers, dos.CheckPage},
		{"draft.submit", http.MethodPost, route.PathDraftSubmit, writers, dos.Submit},
		{"draft.discard", http.MethodPost, route.PathDraftDiscard, writers, dos.Discard},
		{"dossier", http.MethodGet, route.PathDossier, SignedIn, dos.Dossier},
		{"dossier.done", http.MethodGet, route.PathDossierDone, SignedIn, dos.Done},
		{"dossier.withdraw", http.MethodPost, route.PathDossierCancel, Applicants, dos.Withdraw},
		{"file", http.MethodGet, route.PathFile, SignedIn, dos.File},
		{"mine", http.MethodGet, route.PathMyDossiers, Applicants, dos.Mine},
		{"mine.add_desk.form", http.MethodGet, route.PathAddDeskDossier, Applicants, dos.AddDeskDossierForm},
		{"mine.add_desk", http.MethodPost, route.PathAddDeskDossier, Applicants, dos.AddDeskDossier},
		{"lookup.form", http.MethodGet, route.PathLookup, Public, dos.LookupForm},
		{"lookup", http.MethodPost, route.PathLookup, Public, dos.Lookup},
		{"verify.form", http.MethodGet, route.PathVerify, Public, verify.Form},
		{"verify.file", http.MethodPost, route.PathVerify, Public, verify.File},
		{"verify.code", http.MethodGet, route.PathVerifyCode, Public, verify.Code},
		{"api.dossier.status", http.MethodGet, route.PathAPIStatus, Public, apiDos.Status},
		{"api.verify", http.MethodGet, route.PathAPIVerify, Public, apiVerify.Verify},
		{"api.communes", http.MethodGet, route.PathAPICommunes, Public, apiPlaces.Communes},
		{"api.procedures", http.MethodGet, route.PathAPIProcedures, Public, apiProc.List},
		{"api.procedure", http.MethodGet, route.PathAPIProcedure, Public, apiProc.Get},
		{"api.deadline", http.MethodGet, route.PathAPIDeadline, Public, apiDeadline.Deadline},
		{"office", http.MethodGet, route.PathOffice, Staff, o.Dashboard},
		{"desk", http.MethodGet, route.PathDeskIntake, Roles(account.RoleClerk), desk.Desk},
		{"inbox", http.MethodGet, route.PathInbox, SignedIn, inbox.Inbox},
		{"inbox.read_all", http.MethodPost, route.PathInboxReadAll, SignedIn, inbox.ReadAll},
		{"inbox.message", http.MethodGet, route.PathInboxMessage, SignedIn, inbox.Message},
		{"notify.prefs", http.MethodGet, route.PathNotifyPrefs, SignedIn, inbox.Prefs},
		{"notify.prefs.save", http.MethodPost, route.PathNotifyPrefs, SignedIn, inbox.SavePrefs},
		{"admin.templates", http.MethodGet, route.PathAdminTemplates, Admins, antpl.Templates},
		{"admin.template", http.MethodGet, route.PathAdminTemplate, Admins, antpl.Template},
		{"admin.template.save", http.MethodPost, route.PathAdminTemplate, Admins, antpl.Save},
		{"admin.results", http.MethodGet, route.PathAdminResultTemplates, Admins, ares.List},
		{"admin.result", http.MethodGet, route.PathAdminResultTemplate, Admins, ares.Edit},
		{"admin.result.save", http.MethodPost, route.PathAdminResultTemplate, Admins, ares.Save},
		{"admin.result.preview", http.MethodGet, route.PathAdminResultPreview, Admins, ares.Preview},
		{"admin.result.preview.form", http.MethodPost, route.PathAdminResultPreview, Admins, ares.Preview},
		{"queue", http.MethodGet, route.PathQueue, workers, queue.Queue},
		{"find", http.MethodGet, route.PathFind, workers, queue.Find},
		{"queue.receive", http.MethodPost, route.PathQueueReceive, Roles(account.RoleClerk), queue.ReceiveMany},
		{"ledger", http.MethodGet, route.PathLedger, workers, ledger.Ledger},
		{"ledger.csv", http.MethodGet, route.PathLedgerCSV, workers, ledger.CSV},
		{"ledger.xlsx", http.MethodGet, route.PathLedgerXLSX, workers, ledger.XLSX},
		{"dossier.act", http.MethodPost, route.PathDossierAct, workers, dos.Act},
		{"dossier.claim", http.MethodPost, route.PathDossierClaim, workers, dos.Claim},
		{"dossier.release", http.MethodPost, route.PathDossierRelease, workers, dos.Release},
		{"dossier.paid", http.MethodPost, route.PathDossierPaid, workers, dos.Paid},
		{"dossier.apology", http.MethodPost, route.PathDossierApology, Roles(account.RoleOfficer, account.RoleLeader), dos.Apology},
		{"dossier.apology.approve", http.MethodPost, route.PathDossierApproveA, Roles(account.RoleLeader), dos.ApproveApology},
		{"dossier.respond", http.MethodPost, route.PathDossierRespond, Applicants, dos.Respond},
		{"dossier.rate", http.MethodPost, route.PathDossierRate, Applicants, dos.Rate},
		// Documents issued on dossiers: the handlers answer 404 to anyone
		// who may not see the dossier, as for a document that does not
		// exist.
		{"document", http.MethodGet, route.PathDocument, SignedIn, dos.Document},
		{"document.revoke", http.MethodPost, route.PathDocumentRevoke, Roles(account.RoleLeader), dos.RevokeDocument},
		{"dossier.control_slip", http.MethodGet, route.PathControlSlip, workers, dos.ControlSlip},
		{"admin", http.MethodGet, route.PathAdmin, Admins, func(c echo.Context) error {
			return c.Redirect(http.StatusSeeOther, string(route.Office()))
		}},
		{"admin.users", http.MethodGet, route.PathAdminUsers, Admins, a.Users},
		{"admin.users.new", http.MethodGet, route.PathAdminUserNew, Admins, a.UserNew},
		{"admin.users.create", http.MethodPost, route.PathAdminUsers, Admins, a.UserCreate},
		{"admin.user", http.MethodGet, route.PathAdminUser, Admins, a.UserShow},
		{"admin.user.edit", http.MethodGet, route.PathAdminUserEdit, Admins, a.UserEdit},
		{"admin.user.update", http.MethodPost, route.PathAdminUserEdit, Admins, a.UserUpdate},
		{"admin.user.lock", http.MethodPost, route.PathAdminUserLock, Admins, a.UserLock},
		{"admin.user.unlock", http.MethodPost, route.PathAdminUserOpen, Admins, a.UserUnlock},
		{"admin.units", http.MethodGet, route.PathAdminUnits, Admins, a.UnitTree},
		{"admin.unit.sessions", http.MethodGet, route.PathAdminUnitSessions, Admins, acal.UnitSessions},
		{"admin.unit.sessions.save", http.MethodPost, route.PathAdminUnitSessions, Admins, acal.SaveUnitSessions},
		{"admin.unit.payment", http.MethodGet, route.PathAdminUnitPayment, Admins, apay.Show},
		{"admin.unit.payment.save", http.MethodPost, route.PathAdminUnitPayment, Admins, apay.Save},
		{"admin.calendar", http.MethodGet, route.PathAdminCalendar, Admins, acal.Years},
		{"admin.calendar.year.create", http.MethodPost, route.PathAdminCalendar, Admins, acal.CreateYear},
		{"admin.calendar.settings", http.MethodGet, route.PathAdminCalendarSettings, Admins, acal.Settings},
		{"admin.calendar.settings.save", http.MethodPost, route.PathAdminCalendarSettings, Admins, acal.SaveSettings},
		{"admin.calendar.year", http.MethodGet, route.PathAdminCalendarYear, Admins, acal.Year},
		{"admin.calendar.day.add", http.MethodPost, route.PathAdminCalendarYear, Admins, acal.AddDay},
		{"admin.calendar.day", http.MethodGet, route.PathAdminCalendarDay, Admins, acal.Day},
		{"admin.calendar.day.save", http.MethodPost, route.PathAdminCalendarDay, Admins, acal.ChangeDay},
		{"admin.calendar.day.delete", http.MethodPost, route.PathAdminCalendarDayDel, Admins, acal.RemoveDay},
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
		{"admin.eform.preview", http.MethodGet, route.PathAdminEformPreview, Admins, ae.Preview},
		{"admin.workflow", http.MethodGet, route.PathAdminWorkflow, Admins, aw.Show},
		{"admin.workflow.edit", http.MethodGet, route.PathAdminWorkflowEdit, Admins, aw.Edit},
		{"admin.workflow.save", http.MethodPost, route.PathAdminWorkflowEdit, Admins, aw.Save},
		{"admin.workflow.publish.confirm", http.MethodGet, route.PathAdminWorkflowPublish, Admins, aw.PublishConfirm},
		{"admin.workflow.publish", http.MethodPost, route.PathAdminWorkflowPublish, Admins, aw.Publish},
		{"admin.workflow.discard", http.MethodPost, route.PathAdminWorkflowDiscard, Admins, aw.Discard},
		{"admin.workflow.history", http.MethodGet, route.PathAdminWorkflowHistory, Admins, aw.History},
		{"admin.workflow.version", http.MethodGet, route.PathAdminWorkflowVersion, Admins, aw.Version},
	}
}
