package portal

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"net/http"
	"time"

	"github.com/a-h/templ"
	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/logx"
	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/templates/form"
	"github.com/motcua/motcua/templates/layout"
	"github.com/motcua/motcua/templates/portalview"
	"github.com/motcua/motcua/templates/ui"
	"github.com/motcua/motcua/web/route"
	"github.com/motcua/motcua/web/webctx"
)

// Sessions is what the portal needs from the session store.
type Sessions interface {
	Rotate(ctx context.Context, s *sessions.Session) error
}

// Handler serves the portal pages.
type Handler struct {
	Accounts      *account.Service
	Sessions      Sessions
	Log           *slog.Logger
	SecureCookies bool
	SessionMaxAge time.Duration
	// BaseURL is the public address links sent by e-mail start with.
	BaseURL string
}

// Home shows the front page.
func (h *Handler) Home(c echo.Context) error {
	r := webctx.Get(c)
	return webctx.Render(c, http.StatusOK, portalview.Home(portalview.HomeProps{
		Page: r.Page(c, r.P.T("home.page_title"), layout.AreaPublic), P: r.P,
		SignedIn: r.User != nil, Staff: r.User != nil && r.User.Role.Staff(),
	}))
}

// LoginForm shows the login page; a signed-in user goes on.
func (h *Handler) LoginForm(c echo.Context) error {
	r := webctx.Get(c)
	next := c.QueryParam(route.QueryNext)
	if r.User != nil {
		return webctx.Redirect(c, landing(r.User, next))
	}
	return h.renderLogin(c, http.StatusOK, form.New(r.P, nil, nil), next, "")
}

func (h *Handler) renderLogin(c echo.Context, status int, f form.Form, next, problem string) error {
	r := webctx.Get(c)
	return webctx.Render(c, status, portalview.Login(portalview.LoginProps{
		Page: r.Page(c, r.P.T("login.title"), layout.AreaPublic), P: r.P, Form: f, Next: next, Problem: problem,
	}))
}

// Login checks the credentials, rotates the session id and signs in.
func (h *Handler) Login(c echo.Context) error {
	r := webctx.Get(c)
	next := c.QueryParam(route.QueryNext)
	login, pw := c.FormValue(route.LoginFormIdentity), c.FormValue(route.LoginFormPassword)
	values := map[string]string{route.LoginFormIdentity: login}
	var errs valid.Errors
	if login == "" {
		errs.Add(route.LoginFormIdentity, "login.error.identity_required")
	}
	if pw == "" {
		errs.Add(route.LoginFormPassword, "login.error.password_required")
	}
	if len(errs) > 0 {
		return h.renderLogin(c, http.StatusUnprocessableEntity, form.New(r.P, values, errs), next, "")
	}
	u, err := h.Accounts.Authenticate(c.Request().Context(), login, pw, c.RealIP())
	var thr *account.ThrottledError
	switch {
	case errors.As(err, &thr):
		mins := int(math.Ceil(thr.RetryAfter.Minutes()))
		h.Log.WarnContext(c.Request().Context(), "login throttled")
		return h.renderLogin(c, http.StatusTooManyRequests, form.New(r.P, values, nil), next, r.P.T("login.error.throttled", mins))
	case errors.Is(err, account.ErrInvalidCredentials), errors.Is(err, account.ErrInactive):
		return h.renderLogin(c, http.StatusUnprocessableEntity, form.New(r.P, values, nil), next, r.P.T("login.error.invalid"))
	case err != nil:
		return err
	}
	if err := h.Sessions.Rotate(c.Request().Context(), r.Session); err != nil {
		return err
	}
	r.Session.Values[account.SessionUserKey] = u.ID
	r.MarkDirty()
	h.Log.InfoContext(c.Request().Context(), "login", "user_id", u.ID, "role", string(u.Role))
	// Keep the language the visitor chose before signing in.
	if ck, err := c.Cookie(route.LanguageCookieName); err == nil && ck.Value != u.Locale {
		if l, ok := i18n.ParseLang(ck.Value); ok {
			if err := h.Accounts.SetLocale(c.Request().Context(), u.ID, string(l)); err != nil {
				return err
			}
		}
	}
	r.SetFlash(webctx.FlashSuccess, "login.done")
	return webctx.Redirect(c, landing(&u, next))
}

// landing is where a user goes after signing in.
func landing(u *account.User, next string) templ.SafeURL {
	if next != "" && route.LocalPath(next) {
		return templ.SafeURL(next)
	}
	if u.Role.Staff() {
		return route.Office()
	}
	// Applicants come for their dossiers; the account page is one click
	// away in the header.
	return route.MyDossiers(1)
}

// Logout ends the session (POST with CSRF token).
func (h *Handler) Logout(c echo.Context) error {
	r := webctx.Get(c)
	if r.User != nil {
		h.Log.InfoContext(c.Request().Context(), "logout", "user_id", r.User.ID)
	}
	if err := h.Sessions.Rotate(c.Request().Context(), r.Session); err != nil {
		return err
	}
	r.Session.Values = map[any]any{}
	r.SetFlash(webctx.FlashInfo, "logout.done")
	return webctx.Redirect(c, route.Home())
}

// RegisterForm shows the registration form.
func (h *Handler) RegisterForm(c echo.Context) error {
	r := webctx.Get(c)
	if r.User != nil {
		return webctx.Redirect(c, route.Account())
	}
	return h.renderRegister(c, http.StatusOK, portalview.RegisterProps{Form: form.New(r.P, nil, nil),
		Business: c.QueryParam("loai") == "doanh-nghiep"})
}

// renderRegister draws the registration page of props (Page and P are
// filled in).
func (h *Handler) renderRegister(c echo.Context, status int, props portalview.RegisterProps) error {
	r := webctx.Get(c)
	props.Page, props.P = r.Page(c, r.P.T("register.title"), layout.AreaPublic), r.P
	return webctx.Render(c, status, portalview.Register(props))
}

// Register creates the account and signs the new user in. Details that
// have an account get one answer whichever they are; registrations are
// limited per client address.
func (h *Handler) Register(c echo.Context) error {
	r := webctx.Get(c)
	business := c.FormValue("kind") == "business"
	in := account.RegisterInput{Kind: account.RoleCitizen, FullName: c.FormValue("full_name"),
		PersonalID: c.FormValue("personal_id"), TaxCode: c.FormValue("tax_code"), Email: c.FormValue("email"),
		Phone: c.FormValue("phone"), Password: c.FormValue("password"), Password2: c.FormValue("password_confirm"),
		Locale: string(r.P.Lang()), ClientIP: c.RealIP()}
	if business {
		in.Kind = account.RoleBusiness
	}
	u, err := h.Accounts.Register(c.Request().Context(), in)
	values := map[string]string{"full_name": in.FullName, "personal_id": in.PersonalID, "tax_code": in.TaxCode,
		"email": in.Email, "phone": in.Phone}
	props := portalview.RegisterProps{Form: form.New(r.P, values, nil), Business: business}
	var (
		errs valid.Errors
		thr  *account.ThrottledError
	)
	switch {
	case errors.As(err, &errs):
		props.Form = form.New(r.P, values, errs)
		return h.renderRegister(c, http.StatusUnprocessableEntity, props)
	case errors.Is(err, account.ErrRegistered):
		props.Problem, props.Registered = r.P.T("register.error.registered"), true
		return h.renderRegister(c, http.StatusUnprocessableEntity, props)
	case errors.As(err, &thr):
		h.Log.WarnContext(c.Request().Context(), "registration throttled")
		props.Problem = r.P.T("register.error.throttled", int(math.Ceil(thr.RetryAfter.Minutes())))
		return h.renderRegister(c, http.StatusTooManyRequests, props)
	case err != nil:
		return err
	}
	h.Log.InfoContext(c.Request().Context(), "registered", "user_id", u.ID, "role", string(u.Role))
	// Dossiers taken at the desk for the personal ID or tax code typed here
	// are not linked: the ID is a claim, not a proof. The applicant adds
	// them with their receipts (AddDeskDossier).
	if err := h.Sessions.Rotate(c.Request().Context(), r.Session); err != nil {
		return err
	}
	r.Session.Values[account.SessionUserKey] = u.ID
	r.SetFlash(webctx.FlashSuccess, "register.done")
	return webctx.Redirect(c, route.Account())
}

// Account shows the user's details and the password form.
func (h *Handler) Account(c echo.Context) error {
	r := webctx.Get(c)
	return h.renderAccount(c, http.StatusOK, form.New(r.P, nil, nil), form.New(r.P, nil, nil))
}

// renderAccount draws the account page with the password form and the
// contact form as last posted (empty forms: the contact form starts from
// the account's own details).
func (h *Handler) renderAccount(c echo.Context, status int, pw, contact form.Form) error {
	r := webctx.Get(c)
	u := r.User
	rows := []ui.SummaryRow{{Key: r.P.T("account.full_name"), Value: u.FullName}}
	if u.PersonalID != "" {
		rows = append(rows, ui.SummaryRow{Key: r.P.T("register.personal_id"), Value: u.PersonalID})
	}
	if u.TaxCode != "" {
		rows = append(rows, ui.SummaryRow{Key: r.P.T("register.tax_code"), Value: u.TaxCode})
	}
	rows = append(rows,
		ui.SummaryRow{Key: r.P.T("register.email"), Value: u.Email},
		ui.SummaryRow{Key: r.P.T("register.phone"), Value: u.Phone},
		ui.SummaryRow{Key: r.P.T("account.role"), Value: r.P.T(u.Role.LabelKey())},
		ui.SummaryRow{Key: r.P.T("account.member_since"), Value: r.P.Date(u.CreatedAt)})
	if r.Unit != nil {
		rows = append(rows, ui.SummaryRow{Key: r.P.T("office.unit"), Value: r.Unit.Name})
	}
	if !u.Role.Staff() {
		identity := "account.identity_unverified"
		if u.IdentityVerified {
			identity = "account.identity_verified"
		}
		rows = append(rows, ui.SummaryRow{Key: r.P.T("account.identity"), Value: r.P.T(identity)})
	}
	props := portalview.AccountProps{Page: r.Page(c, r.P.T("account.title"), layout.AreaPublic), P: r.P, Details: rows,
		Password: pw}
	if !u.Role.Staff() {
		if len(contact.Values) == 0 {
			contact.Values = map[string]string{"email": u.Email, "phone": u.Phone}
		}
		props.Contact = &contact
	}
	return webctx.Render(c, status, portalview.Account(props))
}

// SignOutElsewhere ends the user's sessions on every other device; this
// one goes on under a new id.
func (h *Handler) SignOutElsewhere(c echo.Context) error {
	r := webctx.Get(c)
	if err := h.Accounts.SignOutElsewhere(c.Request().Context(), r.User.ID); err != nil {
		return err
	}
	h.Log.InfoContext(c.Request().Context(), "signed out elsewhere", "user_id", r.User.ID)
	r.Session.ID = "" // the service ended this session's row too: start a fresh one
	r.SetFlash(webctx.FlashSuccess, "account.signed_out_elsewhere")
	return webctx.Redirect(c, route.Account())
}

// ChangeContact changes the applicant's e-mail and phone, confirmed by
// their password.
func (h *Handler) ChangeContact(c echo.Context) error {
	r := webctx.Get(c)
	ctx := c.Request().Context()
	email, phone := c.FormValue("email"), c.FormValue("phone")
	changed, err := h.Accounts.UpdateContact(ctx, r.User.ID, email, phone, c.FormValue("contact_password"))
	var errs valid.Errors
	if errors.As(err, &errs) {
		return h.renderAccount(c, http.StatusUnprocessableEntity, form.New(r.P, nil, nil),
			form.New(r.P, map[string]string{"email": email, "phone": phone}, errs))
	}
	if err != nil && !changed {
		return err
	}
	if err != nil {
		// Saved, but the old address could not be told: the operator
		// sees it; the person's change stands.
		h.Log.ErrorContext(ctx, "e-mail change notice not sent", "user_id", r.User.ID, "error", logx.Redacted(err))
	}
	h.Log.InfoContext(ctx, "contact details changed", "user_id", r.User.ID)
	key := "contact.saved"
	if changed {
		key = "contact.saved_email"
	}
	r.SetFlash(webctx.FlashSuccess, key)
	return webctx.Redirect(c, route.Account())
}

// ChangePassword changes the password; every other session of the user
// ends, and this one continues under a new id.
func (h *Handler) ChangePassword(c echo.Context) error {
	r := webctx.Get(c)
	ctx := c.Request().Context()
	err := h.Accounts.ChangePassword(ctx, r.User.ID, c.FormValue("current_password"),
		c.FormValue("new_password"), c.FormValue("new_password_confirm"))
	var errs valid.Errors
	if errors.As(err, &errs) {
		return h.renderAccount(c, http.StatusUnprocessableEntity, form.New(r.P, nil, errs), form.New(r.P, nil, nil))
	}
	if err != nil {
		return err
	}
	h.Log.InfoContext(ctx, "password changed", "user_id", r.User.ID)
	// The service revoked every session, including this one's row; start a
	// fresh one so the user stays signed in here only.
	r.Session.ID = ""
	r.SetFlash(webctx.FlashSuccess, "account.password_changed")
	return webctx.Redirect(c, route.Account())
}

// Language switches the interface language by a link: it remembers the
// choice in a cookie and goes back. A link changes nothing stored, so for
// someone signed in the saved language stays (the switch is a form for
// them: SaveLanguage).
func (h *Handler) Language(c echo.Context) error {
	return h.switchLanguage(c, c.QueryParam(route.QueryLang), c.QueryParam(route.QueryNext), false)
}

// SaveLanguage is the language switch of someone signed in (POST with the
// CSRF token): the cookie, and the language saved in the account.
func (h *Handler) SaveLanguage(c echo.Context) error {
	return h.switchLanguage(c, c.FormValue(route.QueryLang), c.FormValue(route.QueryNext), true)
}

func (h *Handler) switchLanguage(c echo.Context, lang, next string, save bool) error {
	r := webctx.Get(c)
	l, ok := i18n.ParseLang(lang)
	if !ok {
		return echo.NewHTTPError(http.StatusBadRequest)
	}
	//nolint:gosec // G124: HttpOnly and SameSite are set; Secure follows BASE_URL (https in production)
	c.SetCookie(&http.Cookie{Name: route.LanguageCookieName, Value: string(l), Path: "/",
		MaxAge: 365 * 24 * 3600, HttpOnly: true, Secure: h.SecureCookies, SameSite: http.SameSiteLaxMode})
	if save && r.User != nil {
		if err := h.Accounts.SetLocale(c.Request().Context(), r.User.ID, string(l)); err != nil {
			return err
		}
	}
	if !route.LocalPath(next) {
		next = string(route.Home())
	}
	return webctx.Redirect(c, templ.SafeURL(next))
}
