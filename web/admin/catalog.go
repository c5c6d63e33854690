package admin

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/internal/workflow"
	"github.com/motcua/motcua/templates/adminview"
	"github.com/motcua/motcua/templates/form"
	"github.com/motcua/motcua/templates/layout"
	"github.com/motcua/motcua/templates/portalview"
	"github.com/motcua/motcua/templates/ui"
	"github.com/motcua/motcua/web/portal"
	"github.com/motcua/motcua/web/route"
	"github.com/motcua/motcua/web/webctx"
)

// Catalog is what the catalogue administration needs; *catalog.Service
// implements it.
type Catalog interface {
	SaveDraft(ctx context.Context, actor int64, rec catalog.Record) (catalog.Version, error)
	Publish(ctx context.Context, actor int64, code string) (catalog.Version, error)
	DiscardDraft(ctx context.Context, actor int64, code string) error
	Retire(ctx context.Context, actor int64, code, reason string) error
	History(ctx context.Context, code string) ([]audit.Entry, error)
	Procedure(ctx context.Context, code string) (catalog.Procedure, error)
	Version(ctx context.Context, code string, n int) (catalog.Version, error)
	Versions(ctx context.Context, code string) ([]catalog.Version, error)
	AdminList(ctx context.Context, f catalog.AdminFilter) ([]catalog.AdminRow, int, error)
}

// UserNames finds who did something, for the audit trail.
type UserNames interface {
	Get(ctx context.Context, id int64) (account.User, error)
}

// EformHeads says which cases of a procedure have e-forms; *eform.Service
// implements it.
type EformHeads interface {
	Heads(ctx context.Context, code string) ([]eform.Head, error)
}

// WorkflowHeads says which cases of a procedure have internal processes;
// *workflow.Service implements it.
type WorkflowHeads interface {
	Heads(ctx context.Context, code string) ([]workflow.Head, error)
}

// CatalogHandler serves the catalogue administration: the list, the editor
// of a procedure's draft, preview, publication, retirement and history.
type CatalogHandler struct {
	Catalog Catalog
	// Eforms, when set, lists each case's e-form on a procedure's page;
	// Workflows, when set too, each case's internal process beside it.
	Eforms    EformHeads
	Workflows WorkflowHeads
	Users     UserNames
	Log       *slog.Logger
}

const catalogPerPage = 50

// List lists procedures with a search by name or code.
func (h *CatalogHandler) List(c echo.Context) error {
	r := webctx.Get(c)
	p := r.P
	page, _ := strconv.Atoi(c.QueryParam(route.QueryPage))
	page = max(page, 1)
	q := strings.TrimSpace(c.QueryParam(route.QueryText))
	items, total, err := h.Catalog.AdminList(c.Request().Context(), catalog.AdminFilter{Text: q, Page: page, PerPage: catalogPerPage})
	if err != nil {
		return err
	}
	table := ui.TableProps{Caption: p.T("admin.catalog.caption"), CaptionHidden: true,
		Head: []ui.Column{{Label: p.T("admin.catalog.col.code")}, {Label: p.T("admin.catalog.col.name")},
			{Label: p.T("admin.catalog.col.current"), Numeric: true}, {Label: p.T("admin.catalog.col.draft")},
			{Label: p.T("admin.catalog.col.status")}, {Label: p.T("admin.catalog.col.updated")}},
		Empty: p.T("admin.catalog.empty")}
	for _, it := range items {
		current := "—"
		if it.CurrentVersion > 0 {
			current = strconv.Itoa(it.CurrentVersion)
		}
		draft := p.T("admin.catalog.no")
		if it.DraftVersion > 0 {
			draft = p.T("admin.catalog.draft_n", it.DraftVersion)
		}
		status := p.T("admin.catalog.status.in_force")
		switch {
		case it.Retired():
			status = p.T("admin.catalog.status.retired")
		case it.CurrentVersion == 0:
			status = p.T("admin.catalog.status.unpublished")
		}
		name := it.Name
		if name == "" {
			name = it.Code
		}
		table.Rows = append(table.Rows, []ui.Cell{{Content: ui.Link(route.AdminProcedure(it.Code), it.Code), RowHeader: true},
			ui.TextCell(name), {Text: current, Numeric: true}, ui.TextCell(draft), ui.TextCell(status),
			ui.TextCell(p.DateTime(it.UpdatedAt))})
	}
	pages := (total + catalogPerPage - 1) / catalogPerPage
	return webctx.Render(c, http.StatusOK, adminview.CatalogList(adminview.CatalogListProps{
		Page: r.Page(c, p.T("admin.catalog.title"), layout.AreaAdmin), P: p, Query: q, Table: table, Total: total,
		Pagination: ui.PaginationProps{Page: page, Pages: pages, URL: func(n int) templ.SafeURL { return route.AdminCatalog(q, n) },
			Label: p.T("ui.pagination"), Previous: p.T("ui.previous"), Next: p.T("ui.next"),
			PageLabel: func(n int) string { return p.T("ui.page_n", n) }},
	}))
}

// procedure loads a procedure's header, mapping an unknown code to 404.
func (h *CatalogHandler) procedure(c echo.Context) (catalog.Procedure, error) {
	proc, err := h.Catalog.Procedure(c.Request().Context(), c.Param("code"))
	if errors.Is(err, catalog.ErrNotFound) {
		return proc, echo.ErrNotFound
	}
	return proc, err
}

// latest is the draft if any, else the current version; ok is false when
// the procedure has neither.
func (h *CatalogHandler) latest(ctx context.Context, proc catalog.Procedure) (catalog.Version, bool, error) {
	n := proc.DraftVersion
	if n == 0 {
		n = proc.CurrentVersion
	}
	if n == 0 {
		return catalog.Version{}, false, nil
	}
	v, err := h.Catalog.Version(ctx, proc.Code, n)
	return v, err == nil, err
}

// New shows the editor for a new procedure.
func (h *CatalogHandler) New(c echo.Context) error {
	return h.renderEditor(c, http.StatusOK, editor{isNew: true}, adminview.ProcedureForm{}, nil)
}

// Create saves a new procedure's first draft (or adds a row to the form).
func (h *CatalogHandler) Create(c echo.Context) error {
	return h.save(c, editor{isNew: true})
}

// Edit shows the editor with the draft, or with the current version when
// there is no draft yet (saving then creates the draft).
func (h *CatalogHandler) Edit(c echo.Context) error {
	proc, err := h.procedure(c)
	if err != nil {
		return err
	}
	r := webctx.Get(c)
	if proc.Retired() {
		r.SetFlash(webctx.FlashError, "admin.catalog.retired_readonly")
		return webctx.Redirect(c, route.AdminProcedure(proc.Code))
	}
	v, ok, err := h.latest(c.Request().Context(), proc)
	if err != nil {
		return err
	}
	f := adminview.ProcedureForm{Code: proc.Code}
	if ok {
		f = formOf(v.Record)
		f.Code = proc.Code
	}
	return h.renderEditor(c, http.StatusOK, editor{proc: proc, name: f.Name}, f, nil)
}

// Update saves the draft of an existing procedure (or adds a row to the
// form).
func (h *CatalogHandler) Update(c echo.Context) error {
	proc, err := h.procedure(c)
	if err != nil {
		return err
	}
	if proc.Retired() {
		webctx.Get(c).SetFlash(webctx.FlashError, "admin.catalog.retired_readonly")
		return webctx.Redirect(c, route.AdminProcedure(proc.Code))
	}
	name := ""
	if v, ok, err := h.latest(c.Request().Context(), proc); err != nil {
		return err
	} else if ok {
		name = v.Record.Name
	}
	return h.save(c, editor{proc: proc, name: name})
}

// editor says which editor page is shown: a new procedure, or an existing
// one (with its last saved name for the title).
type editor struct {
	isNew bool
	proc  catalog.Procedure
	name  string
}

func (h *CatalogHandler) save(c echo.Context, ed editor) error {
	r := webctx.Get(c)
	ctx := c.Request().Context()
	values, err := c.FormParams()
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest).SetInternal(err)
	}
	f := bindProcedure(values)
	if !ed.isNew {
		f.Code = ed.proc.Code
	}
	if action, ok := strings.CutPrefix(values.Get("action"), "add:"); ok {
		addRow(&f, action)
		return h.renderEditor(c, http.StatusOK, ed, compact(f, false), nil)
	}
	f = compact(f, true)
	rec, errs := recordOf(f)
	if ed.isNew && catalog.ValidCode(rec.Code) {
		_, err := h.Catalog.Procedure(ctx, rec.Code)
		switch {
		case err == nil:
			errs.Add("code", "admin.catalog.error.code_taken")
		case !errors.Is(err, catalog.ErrNotFound):
			return err
		}
	}
	if len(errs) > 0 {
		for _, e := range catalog.ValidateRecord(rec) {
			if !errs.Has(e.Field) {
				errs = append(errs, e)
			}
		}
		return h.renderEditor(c, http.StatusUnprocessableEntity, ed, f, errs)
	}
	v, err := h.Catalog.SaveDraft(ctx, r.User.ID, rec)
	if errors.As(err, &errs) {
		return h.renderEditor(c, http.StatusUnprocessableEntity, ed, f, errs)
	}
	if errors.Is(err, catalog.ErrRetired) {
		r.SetFlash(webctx.FlashError, "admin.catalog.retired_readonly")
		return webctx.Redirect(c, route.AdminProcedure(rec.Code))
	}
	if err != nil {
		return err
	}
	h.Log.InfoContext(ctx, "procedure draft saved", "code", v.Code, "version", v.Number, "by", r.User.ID)
	r.SetFlash(webctx.FlashSuccess, "admin.catalog.saved")
	return webctx.Redirect(c, route.AdminProcedure(rec.Code))
}

func (h *CatalogHandler) renderEditor(c echo.Context, status int, ed editor, f adminview.ProcedureForm, errs valid.Errors) error {
	r := webctx.Get(c)
	p := r.P
	f = withBlankRows(f)
	props := adminview.ProcedureFormProps{P: p, IsNew: ed.isNew, Form: f, Options: procedureOptions(p),
		Errors: form.New(p, nil, placeErrors(f, errs))}
	list := ui.Crumb{Label: p.T("admin.catalog.title"), Href: route.AdminCatalog("", 1)}
	if ed.isNew {
		props.Title = p.T("admin.catalog.new")
		props.Action, props.Cancel = route.AdminCatalog("", 1), route.AdminCatalog("", 1)
		props.Page = r.Page(c, props.Title, layout.AreaAdmin, list, ui.Crumb{Label: props.Title})
	} else {
		name := ed.name
		if name == "" {
			name = ed.proc.Code
		}
		props.Title = p.T("admin.catalog.edit_title", name)
		props.Action, props.Cancel = route.AdminProcedureEdit(ed.proc.Code), route.AdminProcedure(ed.proc.Code)
		props.Page = r.Page(c, props.Title, layout.AreaAdmin, list,
			ui.Crumb{Label: name, Href: route.AdminProcedure(ed.proc.Code)}, ui.Crumb{Label: p.T("admin.catalog.edit")})
		switch {
		case ed.proc.DraftVersion > 0:
			props.Notice = &ui.AlertProps{Kind: ui.AlertInfo, Body: p.T("admin.catalog.editing_draft", ed.proc.DraftVersion)}
		case ed.proc.CurrentVersion > 0:
			props.Notice = &ui.AlertProps{Kind: ui.AlertInfo,
				Body: p.T("admin.catalog.editing_current", ed.proc.CurrentVersion, ed.proc.CurrentVersion+1)}
		}
	}
	return webctx.Render(c, status, adminview.ProcedureEdit(props))
}

// Show is a procedure's administration page: versions and actions.
func (h *CatalogHandler) Show(c echo.Context) error {
	proc, err := h.procedure(c)
	if err != nil {
		return err
	}
	return h.renderShow(c, http.StatusOK, proc, form.New(webctx.Get(c).P, nil, nil))
}

func (h *CatalogHandler) renderShow(c echo.Context, status int, proc catalog.Procedure, retire form.Form) error {
	r := webctx.Get(c)
	p := r.P
	ctx := c.Request().Context()
	versions, err := h.Catalog.Versions(ctx, proc.Code)
	if err != nil {
		return err
	}
	name := proc.Code
	for _, v := range versions { // newest first: the draft if any, else the current version
		if v.Status != catalog.StatusSuperseded {
			name = v.Record.Name
			break
		}
	}
	props := adminview.ProcedureAdminProps{
		Page: r.Page(c, name, layout.AreaAdmin, ui.Crumb{Label: p.T("admin.catalog.title"), Href: route.AdminCatalog("", 1)},
			ui.Crumb{Label: name}),
		P: p, Code: proc.Code, Name: name, HistoryHref: route.AdminProcedureHistory(proc.Code), RetireForm: retire,
	}
	switch {
	case proc.Retired():
		props.Status = append(props.Status, p.T("admin.catalog.status.retired"))
		props.Retired = &ui.AlertProps{Kind: ui.AlertWarning, Title: p.T("admin.catalog.retired_title", p.DateTime(proc.RetiredAt)),
			Body: p.T("admin.catalog.retired_reason", proc.RetiredReason)}
	case proc.CurrentVersion > 0:
		props.Status = append(props.Status, p.T("admin.catalog.status.in_force_n", proc.CurrentVersion))
	default:
		props.Status = append(props.Status, p.T("admin.catalog.status.unpublished"))
	}
	if proc.DraftVersion > 0 {
		props.Status = append(props.Status, p.T("admin.catalog.draft_n", proc.DraftVersion))
	}
	if proc.CurrentVersion > 0 {
		props.PublicHref = route.Procedure(proc.Code, 0)
		if !proc.Retired() {
			props.ResultTemplateHref = route.AdminResultTemplate(proc.Code)
		}
	}
	if !proc.Retired() {
		props.EditHref = route.AdminProcedureEdit(proc.Code)
		props.RetireAction = route.AdminProcedureRetire(proc.Code)
		if proc.DraftVersion > 0 {
			props.PreviewHref = route.AdminProcedurePreview(proc.Code)
			props.PublishAction = route.AdminProcedurePublish(proc.Code)
			props.DiscardAction = route.AdminProcedureDiscard(proc.Code)
		}
	}
	props.Versions = ui.TableProps{Caption: p.T("admin.catalog.versions"), CaptionHidden: true,
		Head: []ui.Column{{Label: p.T("admin.catalog.col.version"), Numeric: true}, {Label: p.T("admin.catalog.col.status")},
			{Label: p.T("admin.catalog.col.created")}, {Label: p.T("admin.catalog.col.published")}, {Label: p.T("admin.catalog.col.view")}},
		Empty: p.T("admin.catalog.no_versions")}
	for _, v := range versions {
		published := ""
		if !v.PublishedAt.IsZero() {
			published = p.DateTime(v.PublishedAt)
		}
		view := ui.CompCell(ui.Link(route.Procedure(proc.Code, v.Number), p.T("admin.catalog.view_version", v.Number)))
		if v.Status == catalog.StatusDraft {
			view = ui.CompCell(ui.Link(route.AdminProcedurePreview(proc.Code), p.T("admin.catalog.preview")))
		}
		props.Versions.Rows = append(props.Versions.Rows, []ui.Cell{{Text: strconv.Itoa(v.Number), Numeric: true, RowHeader: true},
			ui.TextCell(p.T("admin.catalog.version_status." + string(v.Status))), ui.TextCell(p.DateTime(v.CreatedAt)),
			ui.TextCell(published), view})
	}
	for _, v := range versions {
		if v.Status == catalog.StatusPublished && h.Eforms != nil {
			if props.Eforms, err = h.eformLinks(ctx, p, v); err != nil {
				return err
			}
		}
	}
	return webctx.Render(c, status, adminview.ProcedureAdmin(props))
}

// eformLinks lists the cases of the published version with their e-forms
// and, when the handler has them, their internal processes.
func (h *CatalogHandler) eformLinks(ctx context.Context, p i18n.Printer, v catalog.Version) (*adminview.EformLinks, error) {
	heads, err := h.Eforms.Heads(ctx, v.Code)
	if err != nil {
		return nil, err
	}
	byCase := map[int]eform.Head{}
	for _, hd := range heads {
		byCase[hd.Case] = hd
	}
	flows := map[int]workflow.Head{}
	if h.Workflows != nil {
		wh, err := h.Workflows.Heads(ctx, v.Code)
		if err != nil {
			return nil, err
		}
		for _, hd := range wh {
			flows[hd.Case] = hd
		}
	}
	t := ui.TableProps{Caption: p.T("admin.eform.procedure_caption"), CaptionHidden: true,
		Head: []ui.Column{{Label: p.T("admin.eform.col.case")}, {Label: p.T("admin.eform.col.eform")},
			{Label: p.T("admin.eform.col.manage")}}}
	if h.Workflows != nil {
		t.Head = append(t.Head, ui.Column{Label: p.T("admin.workflow.col.workflow")}, ui.Column{Label: p.T("admin.workflow.col.manage")})
	}
	for i, cs := range v.Record.Cases {
		row := []ui.Cell{{Text: p.T("admin.eform.case_n", i+1, cs.Name), RowHeader: true},
			ui.TextCell(headStatus(p, byCase[i].Current, byCase[i].Draft, "admin.eform")),
			ui.CompCell(ui.Link(route.AdminEform(v.Code, i), p.T("admin.eform.open", i+1)))}
		if h.Workflows != nil {
			row = append(row, ui.TextCell(headStatus(p, flows[i].Current, flows[i].Draft, "admin.workflow")),
				ui.CompCell(ui.Link(route.AdminWorkflow(v.Code, i), p.T("admin.workflow.open", i+1))))
		}
		t.Rows = append(t.Rows, row)
	}
	return &adminview.EformLinks{Table: t}, nil
}

// headStatus says which versions of a case's e-form or process exist, with
// the messages under prefix.
func headStatus(p i18n.Printer, current, draft int, prefix string) string {
	var status []string
	if current > 0 {
		status = append(status, p.T(prefix+".status.published_n", current))
	}
	if draft > 0 {
		status = append(status, p.T(prefix+".status.draft_n", draft))
	}
	if len(status) == 0 {
		status = append(status, p.T(prefix+".none"))
	}
	return strings.Join(status, "; ")
}

// Preview renders the draft with the public procedure page, inside the
// administration area, so administrators see what citizens will.
func (h *CatalogHandler) Preview(c echo.Context) error {
	proc, err := h.procedure(c)
	if err != nil {
		return err
	}
	r := webctx.Get(c)
	p := r.P
	if proc.DraftVersion == 0 {
		r.SetFlash(webctx.FlashInfo, "admin.catalog.no_draft")
		return webctx.Redirect(c, route.AdminProcedure(proc.Code))
	}
	ctx := c.Request().Context()
	v, err := h.Catalog.Version(ctx, proc.Code, proc.DraftVersion)
	if err != nil {
		return err
	}
	all, err := h.Catalog.Versions(ctx, proc.Code)
	if err != nil {
		return err
	}
	props := portal.ProcedurePage(c, r, proc, v, all)
	flash := props.Page.Flash
	props.Page = r.Page(c, p.T("admin.catalog.preview_title", v.Record.Name), layout.AreaAdmin,
		ui.Crumb{Label: p.T("admin.catalog.title"), Href: route.AdminCatalog("", 1)},
		ui.Crumb{Label: v.Record.Name, Href: route.AdminProcedure(proc.Code)}, ui.Crumb{Label: p.T("admin.catalog.preview")})
	if props.Page.Flash == nil {
		props.Page.Flash = flash
	}
	// The banner takes the slot where the public page warns about an old
	// version; a draft never is one.
	props.OldVersion = &ui.AlertProps{Kind: ui.AlertWarning, Title: p.T("admin.catalog.preview_banner"),
		Body: p.T("admin.catalog.preview_banner_body", v.Number)}
	return webctx.Render(c, http.StatusOK, portalview.Procedure(props))
}

// Publish makes the draft the current version.
func (h *CatalogHandler) Publish(c echo.Context) error {
	proc, err := h.procedure(c)
	if err != nil {
		return err
	}
	r := webctx.Get(c)
	ctx := c.Request().Context()
	v, err := h.Catalog.Publish(ctx, r.User.ID, proc.Code)
	var errs valid.Errors
	switch {
	case errors.As(err, &errs):
		// A rule added since the draft was saved: the editor shows where.
		r.SetFlash(webctx.FlashError, "admin.catalog.publish_invalid")
		return webctx.Redirect(c, route.AdminProcedureEdit(proc.Code))
	case errors.Is(err, catalog.ErrNoDraft):
		r.SetFlash(webctx.FlashInfo, "admin.catalog.no_draft")
		return webctx.Redirect(c, route.AdminProcedure(proc.Code))
	case errors.Is(err, catalog.ErrRetired):
		r.SetFlash(webctx.FlashError, "admin.catalog.retired_readonly")
		return webctx.Redirect(c, route.AdminProcedure(proc.Code))
	case err != nil:
		return err
	}
	h.Log.InfoContext(ctx, "procedure published", "code", v.Code, "version", v.Number, "by", r.User.ID)
	r.SetFlash(webctx.FlashSuccess, "admin.catalog.published")
	return webctx.Redirect(c, route.AdminProcedure(proc.Code))
}

// Discard drops the draft. A procedure that was never published goes with
// it, so the list is where to return then.
func (h *CatalogHandler) Discard(c echo.Context) error {
	proc, err := h.procedure(c)
	if err != nil {
		return err
	}
	r := webctx.Get(c)
	ctx := c.Request().Context()
	err = h.Catalog.DiscardDraft(ctx, r.User.ID, proc.Code)
	if errors.Is(err, catalog.ErrNoDraft) {
		r.SetFlash(webctx.FlashInfo, "admin.catalog.no_draft")
		return webctx.Redirect(c, route.AdminProcedure(proc.Code))
	}
	if err != nil {
		return err
	}
	h.Log.InfoContext(ctx, "procedure draft discarded", "code", proc.Code, "by", r.User.ID)
	r.SetFlash(webctx.FlashSuccess, "admin.catalog.discarded")
	if _, err := h.Catalog.Procedure(ctx, proc.Code); errors.Is(err, catalog.ErrNotFound) {
		return webctx.Redirect(c, route.AdminCatalog("", 1))
	}
	return webctx.Redirect(c, route.AdminProcedure(proc.Code))
}

// Retire takes the procedure out of the public catalogue; a reason is
// required.
func (h *CatalogHandler) Retire(c echo.Context) error {
	proc, err := h.procedure(c)
	if err != nil {
		return err
	}
	r := webctx.Get(c)
	ctx := c.Request().Context()
	reason := c.FormValue("reason")
	err = h.Catalog.Retire(ctx, r.User.ID, proc.Code, reason)
	var errs valid.Errors
	switch {
	case errors.As(err, &errs):
		return h.renderShow(c, http.StatusUnprocessableEntity, proc, form.New(r.P, map[string]string{"reason": reason}, errs))
	case errors.Is(err, catalog.ErrRetired):
		r.SetFlash(webctx.FlashInfo, "admin.catalog.already_retired")
		return webctx.Redirect(c, route.AdminProcedure(proc.Code))
	case err != nil:
		return err
	}
	h.Log.InfoContext(ctx, "procedure retired", "code", proc.Code, "by", r.User.ID)
	r.SetFlash(webctx.FlashSuccess, "admin.catalog.retired")
	return webctx.Redirect(c, route.AdminProcedure(proc.Code))
}

// History shows the audit trail, newest first: when, who, what, and each
// changed field with its old and new value.
func (h *CatalogHandler) History(c echo.Context) error {
	proc, err := h.procedure(c)
	if err != nil {
		return err
	}
	r := webctx.Get(c)
	p := r.P
	ctx := c.Request().Context()
	entries, err := h.Catalog.History(ctx, proc.Code)
	if err != nil {
		return err
	}
	name := proc.Code
	if v, ok, err := h.latest(ctx, proc); err != nil {
		return err
	} else if ok {
		name = v.Record.Name
	}
	props := adminview.HistoryProps{
		Page: r.Page(c, p.T("admin.catalog.history_title"), layout.AreaAdmin,
			ui.Crumb{Label: p.T("admin.catalog.title"), Href: route.AdminCatalog("", 1)},
			ui.Crumb{Label: name, Href: route.AdminProcedure(proc.Code)}, ui.Crumb{Label: p.T("admin.catalog.history")}),
		P: p, Code: proc.Code, Name: name,
	}
	props.Entries, err = historyEntries(p, newUserNames(ctx, h.Users, p), entries,
		func(a string) string { return actionLabel(p.T, a) }, func(f string) string { return fieldLabel(p.T, f) })
	if err != nil {
		return err
	}
	return webctx.Render(c, http.StatusOK, adminview.History(props))
}

// auditActions and auditFields are the audit codes the trail can name in
// words; anything else shows as recorded.
var (
	auditActions = map[string]string{
		"catalog.save_draft":    "admin.catalog.action.save_draft",
		"catalog.publish":       "admin.catalog.action.publish",
		"catalog.discard_draft": "admin.catalog.action.discard_draft",
		"catalog.retire":        "admin.catalog.action.retire",
	}
	auditFields = map[string]bool{"code": true, "name": true, "decision": true, "level": true, "field": true,
		"subjects": true, "agencies": true, "cases": true, "results": true, "conditions": true, "legal_bases": true,
		"online_level": true, "effective_from": true, "effective_to": true, "version": true, "retired_reason": true}
)

func actionLabel(t func(string, ...any) string, action string) string {
	if k, ok := auditActions[action]; ok {
		return t(k)
	}
	return action
}

func fieldLabel(t func(string, ...any) string, field string) string {
	if auditFields[field] {
		return t("admin.catalog.audit_field." + field)
	}
	return field
}

// longValue is the length from which a value is folded.
const longValue = 120

// historyValue shows a recorded value: levels in words, JSON indented and
// folded when long.
func historyValue(t func(string, ...any) string, field, s string) adminview.HistoryValue {
	switch {
	case s == "":
		return adminview.HistoryValue{Text: "—"}
	case field == "level" && slices.Contains(catalog.Levels, catalog.Level(s)):
		return adminview.HistoryValue{Text: t("catalog.level." + s)}
	case field == "online_level" && slices.Contains(catalog.OnlineLevels, catalog.OnlineLevel(s)):
		return adminview.HistoryValue{Text: t("catalog.online." + s)}
	}
	if utf8.RuneCountInString(s) <= longValue && !strings.Contains(s, "\n") {
		return adminview.HistoryValue{Text: s}
	}
	text := s
	if json.Valid([]byte(s)) {
		var buf bytes.Buffer
		if err := json.Indent(&buf, []byte(s), "", "  "); err == nil {
			text = buf.String()
		}
	}
	short := []rune(strings.Join(strings.Fields(s), " "))
	if len(short) > 60 {
		short = append(short[:60], '…')
	}
	return adminview.HistoryValue{Text: text, Long: true,
		Summary: t("admin.catalog.show_value", string(short), utf8.RuneCountInString(s))}
}

// procedureOptions labels the editor's choices.
func procedureOptions(p interface{ T(string, ...any) string }) adminview.ProcedureOptions {
	opts := func(prefix string, values ...string) []ui.Option {
		out := make([]ui.Option, len(values))
		for i, v := range values {
			out[i] = ui.Option{Value: v, Label: p.T(prefix + v)}
		}
		return out
	}
	var o adminview.ProcedureOptions
	for _, l := range catalog.Levels {
		o.Levels = append(o.Levels, ui.Option{Value: string(l), Label: p.T("catalog.level." + string(l))})
	}
	for _, l := range catalog.OnlineLevels {
		o.OnlineLevels = append(o.OnlineLevels, ui.Option{Value: string(l), Label: p.T("catalog.online." + string(l))})
	}
	for _, s := range catalog.Subjects {
		o.Subjects = append(o.Subjects, ui.Option{Value: string(s), Label: p.T("catalog.subject." + string(s))})
	}
	for _, k := range catalog.ChannelKinds {
		o.ChannelKinds = append(o.ChannelKinds, ui.Option{Value: string(k), Label: p.T("catalog.channel." + string(k))})
	}
	o.AgencyRoles = opts("catalog.agency.", string(catalog.AgencyImplementing), string(catalog.AgencyCompetent),
		string(catalog.AgencyCoordinating))
	o.UnitKinds = opts("unit.kind.", "province", "office", "service_centre", "department", "police", "commune", "commune_centre")
	for _, u := range catalog.DurationUnits {
		o.DurationUnits = append(o.DurationUnits, ui.Option{Value: string(u), Label: p.T("admin.catalog.unit." + string(u))})
	}
	o.FeeKinds = opts("catalog.fee.", string(catalog.KindPhi), string(catalog.KindLePhi))
	return o
}
