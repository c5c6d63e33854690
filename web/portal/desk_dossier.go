package portal

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/templates/form"
	"github.com/motcua/motcua/templates/layout"
	"github.com/motcua/motcua/templates/portalview"
	"github.com/motcua/motcua/templates/ui"
	"github.com/motcua/motcua/web/route"
	"github.com/motcua/motcua/web/webctx"
)

// AddDeskDossierForm asks for the code and lookup secret on the receipt of
// a dossier filed at the desk ("Thêm hồ sơ nộp tại quầy").
func (h *DossierHandler) AddDeskDossierForm(c echo.Context) error {
	r := webctx.Get(c)
	return h.renderAddDesk(c, http.StatusOK, form.New(r.P, nil, nil))
}

func (h *DossierHandler) renderAddDesk(c echo.Context, status int, f form.Form) error {
	r := webctx.Get(c)
	title := r.P.T("desk_add.title")
	return webctx.Render(c, status, portalview.AddDeskDossier(portalview.AddDeskDossierProps{
		Page: r.Page(c, title, layout.AreaPublic, ui.Crumb{Label: r.P.T("mine.title"), Href: route.MyDossiers(1)}),
		P:    r.P, Form: f}))
}

// AddDeskDossier adds the dossier of the receipt to the applicant's
// account. A code and secret that match no dossier filed at the desk
// without an account get one answer beside the code, whatever the reason,
// and count as a failed status lookup of the client address (the same
// proof, so the same limit).
func (h *DossierHandler) AddDeskDossier(c echo.Context) error {
	r := webctx.Get(c)
	ctx := c.Request().Context()
	code, secret := strings.TrimSpace(c.FormValue("code")), strings.TrimSpace(c.FormValue("secret"))
	values := map[string]string{"code": code}
	var errs valid.Errors
	if code == "" {
		errs.Add("code", "dossier.error.lookup_code")
	}
	if secret == "" {
		errs.Add("secret", "dossier.error.lookup_secret")
	}
	if len(errs) > 0 {
		return h.renderAddDesk(c, http.StatusUnprocessableEntity, form.New(r.P, values, errs))
	}
	ok, wait, err := h.Lookups.Allow(ctx, c.RealIP())
	if err != nil {
		return err
	}
	if !ok {
		errs.Add("code", "dossier.error.lookup_throttled", wait)
		return h.renderAddDesk(c, http.StatusTooManyRequests, form.New(r.P, values, errs))
	}
	d, err := h.Dossiers.AddDeskDossier(ctx, actor(c), code, secret)
	if errors.Is(err, dossier.ErrNotFound) {
		if err := h.Lookups.Failed(ctx, c.RealIP()); err != nil {
			return err
		}
		errs.Add("code", "desk_add.error.no_match")
		return h.renderAddDesk(c, http.StatusUnprocessableEntity, form.New(r.P, values, errs))
	}
	if err != nil {
		return dossierError(err)
	}
	r.SetFlash(webctx.FlashSuccess, "desk_add.done")
	return webctx.Redirect(c, route.Dossier(d.Code))
}
