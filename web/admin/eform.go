package admin

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/templates/adminview"
	"github.com/motcua/motcua/templates/eformview"
	"github.com/motcua/motcua/templates/layout"
	"github.com/motcua/motcua/templates/ui"
	"github.com/motcua/motcua/web/route"
	"github.com/motcua/motcua/web/webctx"
)

// Eforms is what the e-form administration needs; *eform.Service
// implements it.
type Eforms interface {
	Current(ctx context.Context, code string, caseNo int) (eform.Definition, error)
	Draft(ctx context.Context, code string, caseNo int) (eform.Definition, error)
	Version(ctx context.Context, code string, caseNo, n int) (eform.Definition, error)
	Versions(ctx context.Context, code string, caseNo int) ([]eform.Definition, error)
	Head(ctx context.Context, code string, caseNo int) (eform.Head, error)
	SaveDraft(ctx context.Context, actor int64, code string, caseNo int, f eform.Form, basedOn int64) (eform.Definition, error)
	Publish(ctx context.Context, actor int64, code string, caseNo int) (eform.Definition, error)
	DiscardDraft(ctx context.Context, actor int64, code string, caseNo int) error
	History(ctx context.Context, code string, caseNo int) ([]audit.Entry, error)
}

// EformHandler serves the administration of e-forms, one per case of a
// published procedure: its page, the editor of its draft, publication,
// versions, history and a preview of the draft.
type EformHandler struct {
	Eforms     Eforms
	Procedures Procedures
	Users      UserNames
	// Places lists provinces and communes for address questions in the
	// preview.
	Places eformview.PlaceLister
	Log    *slog.Logger
}

// load finds the case of the request (loadCase).
func (h *EformHandler) load(c echo.Context) (procCase, error) { return loadCase(c, h.Procedures) }

// page builds the layout props with the trail catalogue > procedure >
// e-form > here (here empty on the e-form's own page).
func (h *EformHandler) page(c echo.Context, ec procCase, title, here string) layout.PageProps {
	return casePage(c, ec, webctx.Get(c).P.T("admin.eform.open", ec.caseNo+1), route.AdminEform(ec.view.Code, ec.caseNo), title, here)
}

// readOnly redirects back to the e-form's page, with a notice, when the
// procedure is retired; done is true when it did.
func readOnly(c echo.Context, ec procCase) (done bool, err error) {
	return retired(c, ec, route.AdminEform(ec.view.Code, ec.caseNo), "admin.eform.retired_readonly")
}

// Show is the page of a case's e-form: status, actions, the version in
// force, the draft, every version and the history.
func (h *EformHandler) Show(c echo.Context) error {
	ec, err := h.load(c)
	if err != nil {
		return err
	}
	r := webctx.Get(c)
	p := r.P
	ctx := c.Request().Context()
	code := ec.view.Code
	versions, err := h.Eforms.Versions(ctx, code, ec.caseNo)
	if err != nil {
		return err
	}
	names := newUserNames(ctx, h.Users, p)
	props := adminview.EformShowProps{Page: h.page(c, ec, p.T("admin.eform.open", ec.caseNo+1), ""), P: p, Case: ec.view,
		HistoryHref: route.AdminEformHistory(code, ec.caseNo)}
	var current, draft *eform.Definition
	for i, v := range versions {
		switch v.Status {
		case eform.StatusPublished:
			current = &versions[i]
		case eform.StatusDraft:
			draft = &versions[i]
		}
	}
	if current != nil {
		props.Status = append(props.Status, p.T("admin.eform.status.published_n", current.Version))
		if props.Current, err = h.versionView(p, names, ec, *current); err != nil {
			return err
		}
	} else {
		props.Status = append(props.Status, p.T("admin.eform.status.unpublished"))
	}
	if draft != nil {
		props.PreviewHref = route.AdminEformPreview(code, ec.caseNo, "")
		props.Status = append(props.Status, p.T("admin.eform.status.draft_n", draft.Version))
		if props.Draft, err = h.versionView(p, names, ec, *draft); err != nil {
			return err
		}
	}
	if ec.proc.Retired() {
		props.ReadOnly = &ui.AlertProps{Kind: ui.AlertWarning, Body: p.T("admin.eform.retired_readonly")}
	} else {
		props.EditHref = route.AdminEformEdit(code, ec.caseNo)
		switch {
		case draft != nil:
			props.EditLabel = p.T("admin.eform.edit_draft")
			props.PublishHref = route.AdminEformPublish(code, ec.caseNo)
			props.DiscardAction = route.AdminEformDiscard(code, ec.caseNo)
		case current != nil:
			props.EditLabel = p.T("admin.eform.edit_current")
		default:
			props.EditLabel = p.T("admin.eform.create")
		}
	}
	props.Versions = ui.TableProps{Caption: p.T("admin.eform.versions"), CaptionHidden: true,
		Head: []ui.Column{{Label: p.T("admin.eform.col.version"), Numeric: true}, {Label: p.T("admin.eform.col.status")},
			{Label: p.T("admin.eform.col.created")}, {Label: p.T("admin.eform.col.published")}, {Label: p.T("admin.eform.col.view")}},
		Empty: p.T("admin.eform.no_versions")}
	for _, v := range versions {
		published := ""
		if !v.PublishedAt.IsZero() {
			published = p.DateTime(v.PublishedAt)
		}
		props.Versions.Rows = append(props.Versions.Rows, []ui.Cell{
			{Text: strconv.Itoa(v.Version), Numeric: true, RowHeader: true},
			ui.TextCell(p.T("admin.eform.version_status." + string(v.Status))), ui.TextCell(p.DateTime(v.CreatedAt)),
			ui.TextCell(published),
			ui.CompCell(ui.Link(route.AdminEformVersion(code, ec.caseNo, v.Version), p.T("admin.eform.view_version", v.Version)))})
	}
	entries, err := h.Eforms.History(ctx, code, ec.caseNo)
	if err != nil {
		return err
	}
	if props.History, err = historyEntries(p, names, entries, eformActionLabel(p), eformFieldLabel(p)); err != nil {
		return err
	}
	return webctx.Render(c, http.StatusOK, adminview.EformShow(props))
}

// versionView describes a version for the pages, with what Check finds in
// it against the case's documents now.
func (h *EformHandler) versionView(p i18n.Printer, names *userNames, ec procCase, d eform.Definition) (*adminview.EformVersion, error) {
	pages, questions, files := formSize(d.Form)
	v := &adminview.EformVersion{Version: d.Version, Status: p.T("admin.eform.version_status." + string(d.Status)),
		Title: d.Form.Title, Size: p.T("admin.eform.counts_value", pages, questions, files), JSON: string(eform.FormatForm(d.Form)),
		Problems: problems(p, d.Form, d.Form.Check(len(ec.documents))),
		Href:     route.AdminEformVersion(ec.view.Code, ec.caseNo, d.Version)}
	by, err := names.name(d.CreatedBy)
	if err != nil {
		return nil, err
	}
	v.Saved = p.T("admin.eform.at_by", p.DateTime(d.CreatedAt), by)
	if !d.PublishedAt.IsZero() {
		if by, err = names.name(d.PublishedBy); err != nil {
			return nil, err
		}
		v.Published = p.T("admin.eform.at_by", p.DateTime(d.PublishedAt), by)
	}
	return v, nil
}

// formSize counts pages, questions (group sub-fields included, file
// uploads not) and file uploads.
func formSize(f eform.Form) (pages, questions, files int) {
	for _, pg := range f.Pages {
		for _, fl := range pg.Fields() {
			if fl.Kind == eform.KindFile {
				files++
			} else {
				questions += 1 + len(fl.Fields)
			}
		}
	}
	return len(f.Pages), questions, files
}

// problems locates Check errors for the pages.
func problems(p i18n.Printer, f eform.Form, errs valid.Errors) []adminview.Problem {
	out := make([]adminview.Problem, len(errs))
	for i, fe := range errs {
		out[i] = adminview.Problem{Message: p.T(fe.Key, fe.Args...), Where: locate(p, f, fe.Field), Path: fe.Field}
	}
	return out
}

// locate says in words where a Check path points, numbering from 1 and
// naming pages and fields by their ids: "Trang 1 (nguoi-khai) › trường 3
// (ho_ten) › label".
func locate(p i18n.Printer, f eform.Form, path string) string {
	parts := strings.Split(path, ".")
	var out []string
	var page *eform.Page
	var section *eform.Section
	var field *eform.Field
	for i := 0; i < len(parts); i++ {
		n := -1
		if i+1 < len(parts) {
			if v, err := strconv.Atoi(parts[i+1]); err == nil {
				n = v
			}
		}
		if n < 0 {
			out = append(out, parts[i])
			continue
		}
		named := func(key, id string) string {
			s := p.T(key, n+1)
			if id != "" {
				s += " (" + id + ")"
			}
			return s
		}
		switch parts[i] {
		case "pages":
			id := ""
			if n < len(f.Pages) {
				page = &f.Pages[n]
				id = page.ID
			}
			out = append(out, named("admin.eform.loc.page", id))
		case "sections":
			if page != nil && n < len(page.Sections) {
				section = &page.Sections[n]
			}
			out = append(out, named("admin.eform.loc.section", ""))
		case "fields":
			key, id := "admin.eform.loc.field", ""
			switch {
			case field != nil: // a group's sub-field
				key = "admin.eform.loc.sub"
				if n < len(field.Fields) {
					id = field.Fields[n].ID
				}
			case section != nil && n < len(section.Fields):
				field = &section.Fields[n]
				id = field.ID
			}
			out = append(out, named(key, id))
		case "options":
			out = append(out, named("admin.eform.loc.option", ""))
		default: // show_if.in.N
			out = append(out, parts[i], named("admin.eform.loc.value", ""))
		}
		i++
	}
	return strings.Join(out, " › ")
}

// eformActions and the audit fields Diff writes are the codes the trail
// names in words; anything else shows as recorded.
var eformActions = map[string]string{
	"eform.save_draft":    "admin.eform.action.save_draft",
	"eform.publish":       "admin.eform.action.publish",
	"eform.discard_draft": "admin.eform.action.discard_draft",
	"eform.import":        "admin.eform.action.import",
}

func eformActionLabel(p i18n.Printer) func(string) string {
	return func(a string) string {
		if k, ok := eformActions[a]; ok {
			return p.T(k)
		}
		return a
	}
}

func eformFieldLabel(p i18n.Printer) func(string) string {
	return func(f string) string {
		if f == "version" || slices.Contains(eform.DiffFields, f) {
			return p.T("admin.eform.audit_field." + f)
		}
		return f
	}
}

// History is the audit trail of a case's e-form.
func (h *EformHandler) History(c echo.Context) error {
	ec, err := h.load(c)
	if err != nil {
		return err
	}
	p := webctx.Get(c).P
	ctx := c.Request().Context()
	entries, err := h.Eforms.History(ctx, ec.view.Code, ec.caseNo)
	if err != nil {
		return err
	}
	props := adminview.EformHistoryProps{Page: h.page(c, ec, p.T("admin.eform.history_title"), p.T("admin.eform.history")),
		P: p, Case: ec.view}
	if props.Entries, err = historyEntries(p, newUserNames(ctx, h.Users, p), entries, eformActionLabel(p), eformFieldLabel(p)); err != nil {
		return err
	}
	return webctx.Render(c, http.StatusOK, adminview.EformHistory(props))
}

// Version shows one version with its definition.
func (h *EformHandler) Version(c echo.Context) error {
	ec, err := h.load(c)
	if err != nil {
		return err
	}
	p := webctx.Get(c).P
	ctx := c.Request().Context()
	n, err := strconv.Atoi(c.Param("version"))
	if err != nil || n < 1 {
		return echo.ErrNotFound
	}
	d, err := h.Eforms.Version(ctx, ec.view.Code, ec.caseNo, n)
	if errors.Is(err, eform.ErrNotFound) {
		return echo.ErrNotFound
	}
	if err != nil {
		return err
	}
	v, err := h.versionView(p, newUserNames(ctx, h.Users, p), ec, d)
	if err != nil {
		return err
	}
	v.Href = ""
	title := p.T("admin.eform.version_title", n)
	return webctx.Render(c, http.StatusOK, adminview.EformVersionPage(adminview.EformVersionProps{
		Page: h.page(c, ec, title, title), P: p, Case: ec.view, Version: *v, Back: route.AdminEform(ec.view.Code, ec.caseNo)}))
}

// PublishConfirm asks to confirm the publication of the draft, showing what
// it changes and, when it no longer passes Check, why it cannot be
// published.
func (h *EformHandler) PublishConfirm(c echo.Context) error {
	ec, err := h.load(c)
	if err != nil {
		return err
	}
	if done, err := readOnly(c, ec); done {
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
	var old eform.Form
	intro := p.T("admin.eform.publish_intro_first", draft.Version)
	from := ""
	switch cur, err := h.Eforms.Current(ctx, code, ec.caseNo); {
	case err == nil:
		old, from = cur.Form, strconv.Itoa(cur.Version)
		intro = p.T("admin.eform.publish_intro", draft.Version, cur.Version)
	case !errors.Is(err, eform.ErrNotFound):
		return err
	}
	diff := eform.Diff(old, draft.Form)
	changes := append([]audit.Change{{Field: "version", Old: from, New: strconv.Itoa(draft.Version)}}, diff...)
	title := p.T("admin.eform.publish_title")
	props := adminview.EformPublishProps{Page: h.page(c, ec, title, title), P: p, Case: ec.view, Intro: intro,
		Changes:  changesTable(p, changes, eformFieldLabel(p)),
		Problems: problems(p, draft.Form, draft.Form.Check(len(ec.documents))),
		EditHref: route.AdminEformEdit(code, ec.caseNo), Cancel: route.AdminEform(code, ec.caseNo)}
	if len(diff) == 0 && from != "" {
		props.Note = p.T("admin.eform.no_changes")
	}
	if len(props.Problems) == 0 {
		props.Action = route.AdminEformPublish(code, ec.caseNo)
	}
	return webctx.Render(c, http.StatusOK, adminview.EformPublish(props))
}

// Publish makes the draft the version in force.
func (h *EformHandler) Publish(c echo.Context) error {
	ec, err := h.load(c)
	if err != nil {
		return err
	}
	if done, err := readOnly(c, ec); done {
		return err
	}
	r := webctx.Get(c)
	ctx := c.Request().Context()
	code := ec.view.Code
	d, err := h.Eforms.Publish(ctx, r.User.ID, code, ec.caseNo)
	var errs valid.Errors
	switch {
	case errors.As(err, &errs):
		// The catalogue changed since the draft was saved: the editor
		// lists the problems.
		r.SetFlash(webctx.FlashError, "admin.eform.publish_invalid")
		return webctx.Redirect(c, route.AdminEformEdit(code, ec.caseNo))
	case errors.Is(err, eform.ErrNoDraft):
		r.SetFlash(webctx.FlashInfo, "admin.eform.no_draft")
		return webctx.Redirect(c, route.AdminEform(code, ec.caseNo))
	case errors.Is(err, eform.ErrNotFound):
		return echo.ErrNotFound
	case err != nil:
		return err
	}
	h.Log.InfoContext(ctx, "e-form published", "code", code, "case", ec.caseNo, "version", d.Version, "by", r.User.ID)
	r.SetFlash(webctx.FlashSuccess, "admin.eform.published")
	return webctx.Redirect(c, route.AdminEform(code, ec.caseNo))
}

// Discard drops the draft.
func (h *EformHandler) Discard(c echo.Context) error {
	ec, err := h.load(c)
	if err != nil {
		return err
	}
	if done, err := readOnly(c, ec); done {
		return err
	}
	r := webctx.Get(c)
	ctx := c.Request().Context()
	code := ec.view.Code
	err = h.Eforms.DiscardDraft(ctx, r.User.ID, code, ec.caseNo)
	if errors.Is(err, eform.ErrNoDraft) {
		r.SetFlash(webctx.FlashInfo, "admin.eform.no_draft")
		return webctx.Redirect(c, route.AdminEform(code, ec.caseNo))
	}
	if err != nil {
		return err
	}
	h.Log.InfoContext(ctx, "e-form draft discarded", "code", code, "case", ec.caseNo, "by", r.User.ID)
	r.SetFlash(webctx.FlashSuccess, "admin.eform.discarded")
	return webctx.Redirect(c, route.AdminEform(code, ec.caseNo))
}
