package admin

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/templates/adminview"
	"github.com/motcua/motcua/templates/eformview"
	"github.com/motcua/motcua/templates/ui"
	"github.com/motcua/motcua/web/route"
	"github.com/motcua/motcua/web/webctx"
)

// Preview shows one page of the draft (the first unless the query names
// another) as the applicants' renderer draws it, with every control
// locked, and links to each page of the form.
func (h *EformHandler) Preview(c echo.Context) error {
	ec, err := loadCase(c, h.Procedures)
	if err != nil {
		return err
	}
	r := webctx.Get(c)
	p := r.P
	ctx := c.Request().Context()
	code := ec.view.Code
	draft, err := h.Eforms.Draft(ctx, code, ec.caseNo)
	if errors.Is(err, eform.ErrNotFound) {
		r.SetFlash(webctx.FlashInfo, "admin.eform.no_draft")
		return webctx.Redirect(c, route.AdminEform(code, ec.caseNo))
	}
	if err != nil {
		return err
	}
	f := draft.Form
	if len(f.Pages) == 0 {
		return echo.ErrNotFound // Check refuses such a draft: never saved
	}
	at := 0
	if id := c.QueryParam(route.QueryEformPage); id != "" {
		at = -1
		for i, pg := range f.Pages {
			if pg.ID == id {
				at = i
			}
		}
		if at < 0 {
			return echo.ErrNotFound
		}
	}
	page := f.Pages[at]
	title := p.T("admin.eform.preview_title")
	props := adminview.EformPreviewProps{Page: h.pages().page(c, ec, title, title), P: p, Case: ec.view,
		Banner: ui.AlertProps{Kind: ui.AlertWarning, Title: p.T("admin.eform.preview_banner_title"),
			Body: p.T("admin.eform.preview_banner", draft.Version)},
		Title: page.Title, Back: route.AdminEform(code, ec.caseNo),
		Fields: eformview.PageProps{P: p, Form: f, PageID: page.ID, Places: h.Places, ReadOnly: true}}
	for _, d := range ec.documents {
		props.Fields.Documents = append(props.Fields.Documents,
			eformview.DocumentInfo{Name: d.Name, Originals: d.Originals, Copies: d.Copies, Notes: d.Notes})
	}
	for i, pg := range f.Pages {
		props.Pages = append(props.Pages, adminview.EformPreviewPage{Label: p.T("admin.eform.preview_page_n", strconv.Itoa(i+1), pg.Title),
			Href: route.AdminEformPreview(code, ec.caseNo, pg.ID), Current: i == at})
	}
	if at > 0 {
		prev := f.Pages[at-1]
		props.PreviousHref, props.PreviousLabel = route.AdminEformPreview(code, ec.caseNo, prev.ID), p.T("admin.eform.preview_prev", prev.Title)
	}
	if at+1 < len(f.Pages) {
		next := f.Pages[at+1]
		props.NextHref, props.NextLabel = route.AdminEformPreview(code, ec.caseNo, next.ID), p.T("admin.eform.preview_next", next.Title)
	}
	return webctx.Render(c, http.StatusOK, adminview.EformPreview(props))
}
