package portal

import (
	"errors"
	"math"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/logx"
	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/templates/form"
	"github.com/motcua/motcua/templates/layout"
	"github.com/motcua/motcua/templates/portalview"
	"github.com/motcua/motcua/web/route"
	"github.com/motcua/motcua/web/webctx"
)

// ForgotForm asks for the e-mail address to send a reset link to.
func (h *Handler) ForgotForm(c echo.Context) error {
	return h.renderForgot(c, http.StatusOK, form.New(webctx.Get(c).P, nil, nil), "")
}

func (h *Handler) renderForgot(c echo.Context, status int, f form.Form, problem string) error {
	r := webctx.Get(c)
	return webctx.Render(c, status, portalview.Forgot(portalview.ForgotProps{
		Page: r.Page(c, r.P.T("reset.forgot_title"), layout.AreaPublic), P: r.P, Form: f, Problem: problem}))
}

// Forgot sends a reset link if the address is an account's, and says the
// same to everyone.
func (h *Handler) Forgot(c echo.Context) error {
	r := webctx.Get(c)
	ctx := c.Request().Context()
	email := c.FormValue("email")
	values := map[string]string{"email": email}
	err := h.Accounts.RequestReset(ctx, email, c.RealIP(), func(token string) string {
		return h.BaseURL + string(route.Reset(token))
	})
	var (
		errs valid.Errors
		thr  *account.ThrottledError
	)
	switch {
	case errors.As(err, &errs):
		return h.renderForgot(c, http.StatusUnprocessableEntity, form.New(r.P, values, errs), "")
	case errors.As(err, &thr):
		h.Log.WarnContext(ctx, "password reset throttled")
		return h.renderForgot(c, http.StatusTooManyRequests, form.New(r.P, values, nil),
			r.P.T("reset.throttled", int(math.Ceil(thr.RetryAfter.Minutes()))))
	case err != nil:
		// The link could not be sent: the person is told what everyone
		// is told (saying more would tell that the account exists); the
		// operator sees it in the log.
		h.Log.ErrorContext(ctx, "password reset link not sent", "error", logx.Redacted(err))
	}
	return webctx.Render(c, http.StatusOK, portalview.ForgotSent(portalview.ForgotSentProps{
		Page: r.Page(c, r.P.T("reset.sent_title"), layout.AreaPublic), P: r.P, Email: email}))
}

// ResetForm shows the new password form of a link that still works.
func (h *Handler) ResetForm(c echo.Context) error {
	err := h.Accounts.CheckReset(c.Request().Context(), c.Param("token"))
	if errors.Is(err, account.ErrResetInvalid) {
		return h.resetInvalid(c)
	}
	if err != nil {
		return err
	}
	return h.renderReset(c, http.StatusOK, form.New(webctx.Get(c).P, nil, nil))
}

func (h *Handler) renderReset(c echo.Context, status int, f form.Form) error {
	r := webctx.Get(c)
	return webctx.Render(c, status, portalview.Reset(portalview.ResetProps{
		Page: r.Page(c, r.P.T("reset.title"), layout.AreaPublic), P: r.P, Form: f, Action: route.Reset(c.Param("token"))}))
}

// resetInvalid answers a link that is unknown, used or expired: 410, with
// the way to a new one.
func (h *Handler) resetInvalid(c echo.Context) error {
	r := webctx.Get(c)
	return webctx.Render(c, http.StatusGone, portalview.ResetInvalid(portalview.ResetInvalidProps{
		Page: r.Page(c, r.P.T("reset.invalid_title"), layout.AreaPublic), P: r.P}))
}

// Reset sets the new password and sends the person to sign in with it.
func (h *Handler) Reset(c echo.Context) error {
	r := webctx.Get(c)
	err := h.Accounts.ResetPassword(c.Request().Context(), c.Param("token"), c.FormValue("new_password"),
		c.FormValue("new_password_confirm"))
	var errs valid.Errors
	switch {
	case errors.As(err, &errs):
		return h.renderReset(c, http.StatusUnprocessableEntity, form.New(r.P, nil, errs))
	case errors.Is(err, account.ErrResetInvalid):
		return h.resetInvalid(c)
	case err != nil:
		return err
	}
	h.Log.InfoContext(c.Request().Context(), "password reset")
	r.SetFlash(webctx.FlashSuccess, "reset.done")
	return webctx.Redirect(c, route.Login(""))
}
