package admin

import (
	"context"
	"errors"
	"regexp"
	"strconv"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/templates/adminview"
	"github.com/motcua/motcua/templates/layout"
	"github.com/motcua/motcua/templates/ui"
	"github.com/motcua/motcua/web/route"
	"github.com/motcua/motcua/web/webctx"
)

// Procedures is what the pages of a procedure's cases (e-forms, internal
// processes) read of the catalogue; *catalog.Service implements it.
type Procedures interface {
	Procedure(ctx context.Context, code string) (catalog.Procedure, error)
	Current(ctx context.Context, code string) (catalog.Version, error)
}

// procCase is the case of a procedure a request is about, in the
// procedure's published version, with what its pages show.
type procCase struct {
	proc      catalog.Procedure
	caseNo    int
	record    catalog.Record
	documents []catalog.Document
	view      adminview.ProcedureCase
}

// caseParamRe accepts case numbers as the URL builders write them.
var caseParamRe = regexp.MustCompile(`^(0|[1-9][0-9]{0,3})$`)

// loadCase finds the case of the request (":code", ":case") in the
// procedure's published version; an unknown procedure, an unpublished one
// or a case it lacks is a 404.
func loadCase(c echo.Context, procs Procedures) (procCase, error) {
	ctx := c.Request().Context()
	code, param := c.Param("code"), c.Param("case")
	if !caseParamRe.MatchString(param) {
		return procCase{}, echo.ErrNotFound
	}
	caseNo, _ := strconv.Atoi(param) // at most four digits
	proc, err := procs.Procedure(ctx, code)
	if errors.Is(err, catalog.ErrNotFound) {
		return procCase{}, echo.ErrNotFound
	}
	if err != nil {
		return procCase{}, err
	}
	v, err := procs.Current(ctx, code)
	if errors.Is(err, catalog.ErrNotFound) {
		return procCase{}, echo.ErrNotFound
	}
	if err != nil {
		return procCase{}, err
	}
	if caseNo >= len(v.Record.Cases) {
		return procCase{}, echo.ErrNotFound
	}
	cs := v.Record.Cases[caseNo]
	return procCase{proc: proc, caseNo: caseNo, record: v.Record, documents: cs.Documents,
		view: adminview.ProcedureCase{Code: code, Procedure: v.Record.Name, CaseNo: caseNo, CaseName: cs.Name}}, nil
}

// casePage builds the layout props with the trail catalogue > procedure >
// the case's page (label, at href) > here (here empty on that page).
func casePage(c echo.Context, ec procCase, label string, href templ.SafeURL, title, here string) layout.PageProps {
	r := webctx.Get(c)
	p := r.P
	crumbs := []ui.Crumb{{Label: p.T("admin.catalog.title"), Href: route.AdminCatalog("", 1)},
		{Label: ec.view.Procedure, Href: route.AdminProcedure(ec.view.Code)}}
	caseCrumb := ui.Crumb{Label: label}
	if here != "" {
		caseCrumb.Href = href
		crumbs = append(crumbs, caseCrumb, ui.Crumb{Label: here})
	} else {
		crumbs = append(crumbs, caseCrumb)
	}
	return r.Page(c, title, layout.AreaAdmin, crumbs...)
}

// retired redirects to back with the notice key when the procedure is
// retired (its cases' pages are then read-only); done is true when it did.
func retired(c echo.Context, ec procCase, back templ.SafeURL, key string) (done bool, err error) {
	if !ec.proc.Retired() {
		return false, nil
	}
	webctx.Get(c).SetFlash(webctx.FlashError, key)
	return true, webctx.Redirect(c, back)
}
