package office

import (
	"context"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/templates/layout"
	"github.com/motcua/motcua/templates/officeview"
	"github.com/motcua/motcua/templates/ui"
	"github.com/motcua/motcua/web/route"
	"github.com/motcua/motcua/web/webctx"
)

// DeskHandler serves desk intake: a clerk takes a walk-in applicant's
// dossier by filling the procedure's e-form for them (channel 1).
type DeskHandler struct {
	Catalog interface {
		Search(ctx context.Context, q catalog.Query) (catalog.Results, error)
	}
	Dossiers interface {
		Drafts(ctx context.Context, actor account.User) ([]dossier.DraftSummary, error)
	}
}

// Desk finds the procedure to take and lists the clerk's drafts.
func (h *DeskHandler) Desk(c echo.Context) error {
	r := webctx.Get(c)
	p := r.P
	ctx := c.Request().Context()
	q := strings.TrimSpace(c.QueryParam(route.QueryText))
	props := officeview.DeskProps{Page: r.Page(c, p.T("desk.title"), layout.AreaOffice), P: p, Action: route.DeskIntake(), Query: q}
	if q != "" {
		res, err := h.Catalog.Search(ctx, catalog.Query{Text: q, Page: 1, PerPage: 20})
		if err != nil {
			return err
		}
		props.Hits = ui.TableProps{Caption: p.T("desk.results"), CaptionHidden: true, Empty: p.T("desk.no_results"),
			Head: []ui.Column{{Label: p.T("desk.code")}, {Label: p.T("desk.procedure")}, {Label: p.T("desk.take")}}}
		for _, hit := range res.Items {
			props.Hits.Rows = append(props.Hits.Rows, []ui.Cell{{Text: hit.Code, RowHeader: true}, ui.TextCell(hit.Name),
				ui.CompCell(ui.Link(route.Apply(hit.Code), p.T("desk.take")))})
		}
	}
	drafts, err := h.Dossiers.Drafts(ctx, *r.User)
	if err != nil {
		return err
	}
	props.Drafts = ui.TableProps{Caption: p.T("desk.drafts"), CaptionHidden: true, Empty: p.T("desk.no_drafts"),
		Head: []ui.Column{{Label: p.T("desk.procedure")}, {Label: p.T("desk.saved")}}}
	for _, d := range drafts {
		props.Drafts.Rows = append(props.Drafts.Rows, []ui.Cell{{Content: ui.Link(route.Draft(d.PublicID), d.ProcedureName), RowHeader: true},
			ui.TextCell(p.DateTime(d.UpdatedAt))})
	}
	return webctx.Render(c, http.StatusOK, officeview.Desk(props))
}
