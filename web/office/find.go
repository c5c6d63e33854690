package office

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/templates/form"
	"github.com/motcua/motcua/templates/layout"
	"github.com/motcua/motcua/templates/officeview"
	"github.com/motcua/motcua/templates/ui"
	"github.com/motcua/motcua/web/route"
	"github.com/motcua/motcua/web/webctx"
)

// Find looks a dossier up for someone at the desk: by its code (straight
// to its page) or by the applicant's personal ID or tax code (their
// dossiers at the unit). Only the unit's dossiers are found.
func (h *QueueHandler) Find(c echo.Context) error {
	r := webctx.Get(c)
	p := r.P
	q := strings.TrimSpace(c.QueryParam("q"))
	props := officeview.FindProps{Page: r.Page(c, p.T("find.title"), layout.AreaOffice,
		ui.Crumb{Label: p.T("queue.title"), Href: route.Queue(route.QueueQuery{})}, ui.Crumb{Label: p.T("find.title")}),
		P: p, Form: form.New(p, map[string]string{"q": q}, nil), Action: route.Find("")}
	status := http.StatusOK
	if q != "" {
		found, err := h.Dossiers.Find(c.Request().Context(), *r.User, q)
		var errs valid.Errors
		switch {
		case errors.As(err, &errs):
			props.Form, status = form.New(p, map[string]string{"q": q}, errs), http.StatusUnprocessableEntity
		case err != nil:
			return err
		case len(found) == 1 && strings.EqualFold(found[0].Code, q):
			return webctx.Redirect(c, route.Dossier(found[0].Code))
		default:
			props.Searched = true
			props.Table = ui.TableProps{Caption: p.T("find.results"), CaptionHidden: true, Empty: p.T("find.none"),
				Head: []ui.Column{{Label: p.T("queue.col.code")}, {Label: p.T("queue.col.procedure")},
					{Label: p.T("queue.col.applicant")}, {Label: p.T("queue.col.status")}, {Label: p.T("find.col.submitted")}}}
			for _, d := range found {
				props.Table.Rows = append(props.Table.Rows, []ui.Cell{
					{Content: ui.Link(route.Dossier(d.Code), d.Code), RowHeader: true}, ui.TextCell(d.ProcedureName),
					ui.TextCell(d.Applicant.FullName),
					ui.CompCell(ui.StatusBadge(webctx.StatusBadge(p, d.Status))),
					ui.TextCell(p.DateTime(d.SubmittedAt))})
			}
		}
	}
	return webctx.Render(c, status, officeview.Find(props))
}
