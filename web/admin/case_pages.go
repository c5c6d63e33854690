package admin

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/caseversion"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/strictjson"
	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/templates/adminview"
	"github.com/motcua/motcua/templates/form"
	"github.com/motcua/motcua/templates/layout"
	"github.com/motcua/motcua/templates/ui"
	"github.com/motcua/motcua/web/webctx"
)

// CaseDefinitions is what the pages of one kind of a case's definition (its
// e-form, its internal process) need; the caseversion.Service of the kind
// (*eform.Service, *workflow.Service) implements it.
type CaseDefinitions[T any, D caseversion.Definition[T]] interface {
	Current(ctx context.Context, code string, caseNo int) (D, error)
	Draft(ctx context.Context, code string, caseNo int) (D, error)
	Version(ctx context.Context, code string, caseNo, n int) (D, error)
	Versions(ctx context.Context, code string, caseNo int) ([]D, error)
	Head(ctx context.Context, code string, caseNo int) (caseversion.Head, error)
	Check(ctx context.Context, code string, caseNo int, doc T) (valid.Errors, error)
	SaveDraft(ctx context.Context, actor int64, code string, caseNo int, doc T, basedOn int64) (D, error)
	Publish(ctx context.Context, actor int64, code string, caseNo int) (D, error)
	DiscardDraft(ctx context.Context, actor int64, code string, caseNo int) error
	History(ctx context.Context, code string, caseNo int) ([]audit.Entry, error)
}

// caseRoutes are the URLs of the pages of one kind of definition.
type caseRoutes struct {
	show, edit, publish, discard, history func(code string, caseNo int) templ.SafeURL
	version                               func(code string, caseNo, n int) templ.SafeURL
}

// caseKind is what the pages of one kind of definition say and do
// differently, besides showing it (caseView).
type caseKind[T any] struct {
	keys   string // the prefix of its messages ("admin.eform.")
	what   string // names one in the log ("e-form")
	object string // the audit object type ("eform")
	// auditActions are the actions of its audit trail that the pages name
	// in words (after the object: "save_draft"); diffFields the fields its
	// Diff writes.
	auditActions, diffFields []string
	routes                   caseRoutes
	// preview is the preview of the draft; nil when the kind has none.
	preview func(code string, caseNo int) templ.SafeURL
	// refused is where Publish sends back when Check refuses the draft, so
	// that the page says why.
	refused func(code string, caseNo int) templ.SafeURL
	// The domain's errors, JSON reader and writer, and Diff.
	errNotFound, errConflict, errNoDraft error
	format                               func(T) []byte
	parse                                func([]byte) (T, error)
	diff                                 func(old, next T) []audit.Change
	// view prepares how the pages of the request's case show a definition.
	view func(c echo.Context, pc procCase) (caseView[T], error)
}

// caseView shows the definitions of one kind on the pages of one case.
type caseView[T any] interface {
	// outline is where a new definition starts.
	outline(p i18n.Printer) T
	// locate says in words where a Check path points in doc.
	locate(p i18n.Printer, doc T, path string) string
	// facts sum doc up in a version's summary.
	facts(p i18n.Printer, doc T) []ui.SummaryRow
	// body shows doc in words in a version, publishBody on the page that
	// confirms its publication; nil for nothing.
	body(p i18n.Printer, doc T) templ.Component
	publishBody(p i18n.Printer, doc T) templ.Component
	// help says, beside the editor, what the JSON may say.
	help(p i18n.Printer) templ.Component
}

// casePages serves the pages of one kind of definition of one case of a
// published procedure: its page, the editor of its draft as JSON with a
// check, publication after confirmation, discarding the draft, versions
// and history.
type casePages[T any, D caseversion.Definition[T]] struct {
	defs  CaseDefinitions[T, D]
	procs Procedures
	users UserNames
	log   *slog.Logger
	kind  caseKind[T]
}

// load finds the case of the request (loadCase) and how its pages show a
// definition.
func (s casePages[T, D]) load(c echo.Context) (procCase, caseView[T], error) {
	pc, err := loadCase(c, s.procs)
	if err != nil {
		return procCase{}, nil, err
	}
	v, err := s.kind.view(c, pc)
	if err != nil {
		return procCase{}, nil, err
	}
	return pc, v, nil
}

// texts are the kind's messages.
func (s casePages[T, D]) texts(p i18n.Printer) adminview.CaseTexts {
	return adminview.CaseTexts{P: p, Prefix: s.kind.keys}
}

// show is the URL of the definition's page.
func (s casePages[T, D]) show(pc procCase) templ.SafeURL {
	return s.kind.routes.show(pc.view.Code, pc.caseNo)
}

// page builds the layout props with the trail catalogue > procedure >
// definition > here (here empty on the definition's own page).
func (s casePages[T, D]) page(c echo.Context, pc procCase, title, here string) layout.PageProps {
	return casePage(c, pc, s.texts(webctx.Get(c).P).T("open", pc.caseNo+1), s.show(pc), title, here)
}

// readOnly redirects back to the definition's page, with a notice, when
// the procedure is retired; done is true when it did.
func (s casePages[T, D]) readOnly(c echo.Context, pc procCase) (done bool, err error) {
	return retired(c, pc, s.show(pc), s.kind.keys+"retired_readonly")
}

// check runs Check on doc with the world as it is now; a procedure whose
// case vanished meanwhile is a 404.
func (s casePages[T, D]) check(ctx context.Context, pc procCase, doc T) (valid.Errors, error) {
	errs, err := s.defs.Check(ctx, pc.view.Code, pc.caseNo, doc)
	if errors.Is(err, s.kind.errNotFound) {
		return nil, echo.ErrNotFound
	}
	return errs, err
}

// problems locates Check errors for the pages.
func problems[T any](p i18n.Printer, v caseView[T], doc T, errs valid.Errors) []adminview.Problem {
	out := make([]adminview.Problem, len(errs))
	for i, fe := range errs {
		out[i] = adminview.Problem{Message: p.T(fe.Key, fe.Args...), Where: v.locate(p, doc, fe.Field), Path: fe.Field}
	}
	return out
}

// locatePath says in words where a Check path points: each name followed
// by a number ("pages.0") is what item says of it, the rest stays as
// written ("label"), joined by locSeparator.
func locatePath(path string, item func(name string, n int) string) string {
	parts := strings.Split(path, ".")
	out := make([]string, 0, len(parts))
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
		out = append(out, item(parts[i], n))
		i++
	}
	return strings.Join(out, locSeparator)
}

// locSeparator separates the parts of a located path.
const locSeparator = " › "

// numbered is item n of a path numbered from 1 by the message key, with
// its id when it has one: "Trang 1 (nguoi-yeu-cau)".
func numbered(p i18n.Printer, key string, n int, id string) string {
	s := p.T(key, n+1)
	if id != "" {
		s += " (" + id + ")"
	}
	return s
}

// Show is the page of a case's definition: status, actions, the version
// in force, the draft, every version and the history.
func (s casePages[T, D]) Show(c echo.Context) error {
	pc, v, err := s.load(c)
	if err != nil {
		return err
	}
	p := webctx.Get(c).P
	k := s.texts(p)
	ctx := c.Request().Context()
	code, rt := pc.view.Code, s.kind.routes
	versions, err := s.defs.Versions(ctx, code, pc.caseNo)
	if err != nil {
		return err
	}
	names := newUserNames(ctx, s.users, p)
	props := adminview.CaseShowProps{Page: s.page(c, pc, k.T("open", pc.caseNo+1), ""), K: k, Case: pc.view,
		HistoryHref: rt.history(code, pc.caseNo)}
	var current, draft *D
	for i, d := range versions {
		switch d.Info().Status {
		case caseversion.StatusPublished:
			current = &versions[i]
		case caseversion.StatusDraft:
			draft = &versions[i]
		}
	}
	if current != nil {
		props.Status = append(props.Status, k.T("status.published_n", (*current).Info().Version))
		if props.Current, err = s.versionView(ctx, p, names, pc, v, *current); err != nil {
			return err
		}
	} else {
		props.Status = append(props.Status, k.T("status.unpublished"))
	}
	if draft != nil {
		if s.kind.preview != nil {
			props.PreviewHref = s.kind.preview(code, pc.caseNo)
		}
		props.Status = append(props.Status, k.T("status.draft_n", (*draft).Info().Version))
		if props.Draft, err = s.versionView(ctx, p, names, pc, v, *draft); err != nil {
			return err
		}
	}
	if pc.proc.Retired() {
		props.ReadOnly = &ui.AlertProps{Kind: ui.AlertWarning, Body: k.T("retired_readonly")}
	} else {
		props.EditHref = rt.edit(code, pc.caseNo)
		switch {
		case draft != nil:
			props.EditLabel = k.T("edit_draft")
			props.PublishHref = rt.publish(code, pc.caseNo)
			props.DiscardAction = rt.discard(code, pc.caseNo)
		case current != nil:
			props.EditLabel = k.T("edit_current")
		default:
			props.EditLabel = k.T("create")
		}
	}
	props.Versions = ui.TableProps{Caption: k.T("versions"), CaptionHidden: true,
		Head: []ui.Column{{Label: k.T("col.version"), Numeric: true}, {Label: k.T("col.status")},
			{Label: k.T("col.created")}, {Label: k.T("col.published")}, {Label: k.T("col.view")}},
		Empty: k.T("no_versions")}
	for _, d := range versions {
		m := d.Info()
		published := ""
		if !m.PublishedAt.IsZero() {
			published = p.DateTime(m.PublishedAt)
		}
		props.Versions.Rows = append(props.Versions.Rows, []ui.Cell{
			{Text: strconv.Itoa(m.Version), Numeric: true, RowHeader: true},
			ui.TextCell(k.T("version_status." + string(m.Status))), ui.TextCell(p.DateTime(m.CreatedAt)),
			ui.TextCell(published),
			ui.CompCell(ui.Link(rt.version(code, pc.caseNo, m.Version), k.T("view_version", m.Version)))})
	}
	entries, err := s.defs.History(ctx, code, pc.caseNo)
	if err != nil {
		return err
	}
	if props.History, err = historyEntries(p, names, entries, s.actionLabel(k), s.fieldLabel(k)); err != nil {
		return err
	}
	return webctx.Render(c, http.StatusOK, adminview.CaseShow(props))
}

// versionView describes a version for the pages, with what Check finds in
// it now (the catalogue, the units or the staff may have changed since).
func (s casePages[T, D]) versionView(ctx context.Context, p i18n.Printer, names *userNames, pc procCase, v caseView[T],
	d D) (*adminview.CaseVersion, error) {
	m, doc := d.Info(), d.Document()
	errs, err := s.check(ctx, pc, doc)
	if err != nil {
		return nil, err
	}
	k := s.texts(p)
	out := &adminview.CaseVersion{Version: m.Version, Status: k.T("version_status." + string(m.Status)),
		Facts: v.facts(p, doc), Body: v.body(p, doc), JSON: string(s.kind.format(doc)), Problems: problems(p, v, doc, errs),
		Href: s.kind.routes.version(pc.view.Code, pc.caseNo, m.Version)}
	by, err := names.name(m.CreatedBy)
	if err != nil {
		return nil, err
	}
	out.Saved = k.T("at_by", p.DateTime(m.CreatedAt), by)
	if !m.PublishedAt.IsZero() {
		if by, err = names.name(m.PublishedBy); err != nil {
			return nil, err
		}
		out.Published = k.T("at_by", p.DateTime(m.PublishedAt), by)
	}
	return out, nil
}

// actionLabel names the kind's audit actions in words; anything else
// shows as recorded.
func (s casePages[T, D]) actionLabel(k adminview.CaseTexts) func(string) string {
	return func(a string) string {
		if action, ok := strings.CutPrefix(a, s.kind.object+"."); ok && slices.Contains(s.kind.auditActions, action) {
			return k.T("audit." + action)
		}
		return a
	}
}

// fieldLabel names the audit fields Diff writes, and the version, in
// words; anything else shows as recorded.
func (s casePages[T, D]) fieldLabel(k adminview.CaseTexts) func(string) string {
	return func(f string) string {
		if f == "version" || slices.Contains(s.kind.diffFields, f) {
			return k.T("audit_field." + f)
		}
		return f
	}
}

// History is the audit trail of a case's definition.
func (s casePages[T, D]) History(c echo.Context) error {
	pc, _, err := s.load(c)
	if err != nil {
		return err
	}
	p := webctx.Get(c).P
	k := s.texts(p)
	ctx := c.Request().Context()
	entries, err := s.defs.History(ctx, pc.view.Code, pc.caseNo)
	if err != nil {
		return err
	}
	props := adminview.CaseHistoryProps{Page: s.page(c, pc, k.T("history_title"), k.T("history")), K: k, Case: pc.view}
	if props.Entries, err = historyEntries(p, newUserNames(ctx, s.users, p), entries, s.actionLabel(k), s.fieldLabel(k)); err != nil {
		return err
	}
	return webctx.Render(c, http.StatusOK, adminview.CaseHistory(props))
}

// Version shows one version: a superseded one stays readable (a dossier
// keeps the internal process it started with).
func (s casePages[T, D]) Version(c echo.Context) error {
	pc, v, err := s.load(c)
	if err != nil {
		return err
	}
	p := webctx.Get(c).P
	k := s.texts(p)
	ctx := c.Request().Context()
	n, err := strconv.Atoi(c.Param("version"))
	if err != nil || n < 1 {
		return echo.ErrNotFound
	}
	d, err := s.defs.Version(ctx, pc.view.Code, pc.caseNo, n)
	if errors.Is(err, s.kind.errNotFound) {
		return echo.ErrNotFound
	}
	if err != nil {
		return err
	}
	vv, err := s.versionView(ctx, p, newUserNames(ctx, s.users, p), pc, v, d)
	if err != nil {
		return err
	}
	vv.Href = ""
	title := k.T("version_title", n)
	return webctx.Render(c, http.StatusOK, adminview.CaseVersionPage(adminview.CaseVersionProps{
		Page: s.page(c, pc, title, title), K: k, Case: pc.view, Version: *vv, Back: s.show(pc)}))
}

// PublishConfirm asks to confirm the publication of the draft, showing
// what it changes and, when Check refuses it with the world as it is now,
// why it cannot be published.
func (s casePages[T, D]) PublishConfirm(c echo.Context) error {
	pc, v, err := s.load(c)
	if err != nil {
		return err
	}
	if done, err := s.readOnly(c, pc); done {
		return err
	}
	r := webctx.Get(c)
	p := r.P
	k := s.texts(p)
	ctx := c.Request().Context()
	code, rt := pc.view.Code, s.kind.routes
	d, err := s.defs.Draft(ctx, code, pc.caseNo)
	if errors.Is(err, s.kind.errNotFound) {
		r.SetFlash(webctx.FlashInfo, s.kind.keys+"no_draft")
		return webctx.Redirect(c, s.show(pc))
	}
	if err != nil {
		return err
	}
	draft := d.Document()
	var old T
	intro := k.T("publish_intro_first", d.Info().Version)
	from := ""
	switch cur, err := s.defs.Current(ctx, code, pc.caseNo); {
	case err == nil:
		old, from = cur.Document(), strconv.Itoa(cur.Info().Version)
		intro = k.T("publish_intro", d.Info().Version, cur.Info().Version)
	case !errors.Is(err, s.kind.errNotFound):
		return err
	}
	errs, err := s.check(ctx, pc, draft)
	if err != nil {
		return err
	}
	diff := s.kind.diff(old, draft)
	changes := append([]audit.Change{{Field: "version", Old: from, New: strconv.Itoa(d.Info().Version)}}, diff...)
	title := k.T("publish_title")
	props := adminview.CasePublishProps{Page: s.page(c, pc, title, title), K: k, Case: pc.view, Intro: intro,
		Changes: changesTable(p, changes, s.fieldLabel(k)), Body: v.publishBody(p, draft),
		Problems: problems(p, v, draft, errs), EditHref: rt.edit(code, pc.caseNo), Cancel: s.show(pc)}
	if len(diff) == 0 && from != "" {
		props.Note = k.T("no_changes")
	}
	if len(props.Problems) == 0 {
		props.Action = rt.publish(code, pc.caseNo)
	}
	return webctx.Render(c, http.StatusOK, adminview.CasePublish(props))
}

// Publish makes the draft the version in force; the service checks it
// again.
func (s casePages[T, D]) Publish(c echo.Context) error {
	pc, _, err := s.load(c)
	if err != nil {
		return err
	}
	if done, err := s.readOnly(c, pc); done {
		return err
	}
	r := webctx.Get(c)
	ctx := c.Request().Context()
	code := pc.view.Code
	d, err := s.defs.Publish(ctx, r.User.ID, code, pc.caseNo)
	var errs valid.Errors
	switch {
	case errors.As(err, &errs):
		// The world changed since the draft was saved, or since the
		// confirmation page: the page the kind sends back to says why.
		r.SetFlash(webctx.FlashError, s.kind.keys+"publish_invalid")
		return webctx.Redirect(c, s.kind.refused(code, pc.caseNo))
	case errors.Is(err, s.kind.errNoDraft):
		r.SetFlash(webctx.FlashInfo, s.kind.keys+"no_draft")
		return webctx.Redirect(c, s.show(pc))
	case errors.Is(err, s.kind.errNotFound):
		return echo.ErrNotFound
	case err != nil:
		return err
	}
	s.log.InfoContext(ctx, s.kind.what+" published", "code", code, "case", pc.caseNo, "version", d.Info().Version, "by", r.User.ID)
	r.SetFlash(webctx.FlashSuccess, s.kind.keys+"published")
	return webctx.Redirect(c, s.show(pc))
}

// Discard drops the draft.
func (s casePages[T, D]) Discard(c echo.Context) error {
	pc, _, err := s.load(c)
	if err != nil {
		return err
	}
	if done, err := s.readOnly(c, pc); done {
		return err
	}
	r := webctx.Get(c)
	ctx := c.Request().Context()
	code := pc.view.Code
	err = s.defs.DiscardDraft(ctx, r.User.ID, code, pc.caseNo)
	if errors.Is(err, s.kind.errNoDraft) {
		r.SetFlash(webctx.FlashInfo, s.kind.keys+"no_draft")
		return webctx.Redirect(c, s.show(pc))
	}
	if err != nil {
		return err
	}
	s.log.InfoContext(ctx, s.kind.what+" draft discarded", "code", code, "case", pc.caseNo, "by", r.User.ID)
	r.SetFlash(webctx.FlashSuccess, s.kind.keys+"discarded")
	return webctx.Redirect(c, s.show(pc))
}

// caseEditor is the state of the editor page.
type caseEditor struct {
	text     string
	basedOn  int64
	head     caseversion.Head
	fieldErr valid.Errors // the definition field's error
	problems []adminview.Problem
	checked  bool // a check found no problem
	conflict bool
	// loaded: the text is what was loaded, not what was submitted, so the
	// page may say where it comes from.
	loaded bool
}

// Edit shows the editor with the draft, or with the version in force when
// there is no draft (saving then creates the draft), or with an outline
// for a case without a definition. A draft that no longer passes Check
// (the catalogue, the units or the staff changed) comes with its problems
// listed.
func (s casePages[T, D]) Edit(c echo.Context) error {
	pc, v, err := s.load(c)
	if err != nil {
		return err
	}
	if done, err := s.readOnly(c, pc); done {
		return err
	}
	ctx := c.Request().Context()
	p := webctx.Get(c).P
	head, err := s.defs.Head(ctx, pc.view.Code, pc.caseNo)
	if err != nil {
		return err
	}
	ed := caseEditor{head: head, basedOn: head.Revision, loaded: true}
	var d D
	switch {
	case head.Draft > 0:
		d, err = s.defs.Draft(ctx, pc.view.Code, pc.caseNo)
	case head.Current > 0:
		d, err = s.defs.Current(ctx, pc.view.Code, pc.caseNo)
	}
	doc := d.Document()
	if head.Draft == 0 && head.Current == 0 {
		doc = v.outline(p)
	}
	// A draft or version replaced between Head and here: the editor says
	// so when saving, as basedOn is Head's.
	if err != nil && !errors.Is(err, s.kind.errNotFound) {
		return err
	}
	ed.text = string(s.kind.format(doc))
	if head.Draft > 0 {
		errs, err := s.check(ctx, pc, doc)
		if err != nil {
			return err
		}
		ed.problems = problems(p, v, doc, errs)
	}
	return s.renderEditor(c, http.StatusOK, pc, v, ed)
}

// Save checks the submitted definition and saves it as the draft (action
// "save"), or only checks it (action "check": everything Publish would
// check). A definition that is not JSON, or that the service refuses to
// save, comes back with 422, the text kept and the problems listed; a
// draft someone else changed meanwhile with 409.
func (s casePages[T, D]) Save(c echo.Context) error {
	pc, v, err := s.load(c)
	if err != nil {
		return err
	}
	if done, err := s.readOnly(c, pc); done {
		return err
	}
	r := webctx.Get(c)
	p := r.P
	ctx := c.Request().Context()
	code := pc.view.Code
	head, err := s.defs.Head(ctx, code, pc.caseNo)
	if err != nil {
		return err
	}
	ed := caseEditor{text: c.FormValue("definition"), head: head}
	ed.basedOn, _ = strconv.ParseInt(c.FormValue("based_on"), 10, 64) // tampered: a conflict

	doc, err := s.kind.parse([]byte(ed.text))
	var je *strictjson.Error
	if errors.As(err, &je) {
		ed.fieldErr = jsonFieldError(je, "definition", s.kind.keys+"error.json_empty", s.kind.keys+"error.json_unknown_field")
		return s.renderEditor(c, http.StatusUnprocessableEntity, pc, v, ed)
	}
	if err != nil {
		return err
	}
	if c.FormValue("action") == "check" {
		errs, err := s.check(ctx, pc, doc)
		if err != nil {
			return err
		}
		ed.problems, ed.checked = problems(p, v, doc, errs), len(errs) == 0
		return s.renderEditor(c, http.StatusOK, pc, v, ed)
	}
	d, err := s.defs.SaveDraft(ctx, r.User.ID, code, pc.caseNo, doc, ed.basedOn)
	var errs valid.Errors
	switch {
	case errors.As(err, &errs):
		ed.problems = problems(p, v, doc, errs)
		ed.fieldErr.Add("definition", s.kind.keys+"error.check", len(errs))
		return s.renderEditor(c, http.StatusUnprocessableEntity, pc, v, ed)
	case errors.Is(err, s.kind.errConflict):
		// Saving again overwrites what the other person did: the page
		// says so, and carries the revision that is there now.
		if head, err = s.defs.Head(ctx, code, pc.caseNo); err != nil {
			return err
		}
		ed.head, ed.basedOn, ed.conflict = head, head.Revision, true
		return s.renderEditor(c, http.StatusConflict, pc, v, ed)
	case errors.Is(err, s.kind.errNotFound):
		return echo.ErrNotFound
	case err != nil:
		return err
	}
	s.log.InfoContext(ctx, s.kind.what+" draft saved", "code", code, "case", pc.caseNo, "version", d.Info().Version, "by", r.User.ID)
	r.SetFlash(webctx.FlashSuccess, s.kind.keys+"saved")
	return webctx.Redirect(c, s.show(pc))
}

func (s casePages[T, D]) renderEditor(c echo.Context, status int, pc procCase, v caseView[T], ed caseEditor) error {
	p := webctx.Get(c).P
	k := s.texts(p)
	translateJSONKinds(p, ed.fieldErr)
	title := k.T("edit_title")
	props := adminview.CaseEditProps{Page: s.page(c, pc, title, k.T("edit")), K: k, Case: pc.view,
		Title: title, Action: s.kind.routes.edit(pc.view.Code, pc.caseNo), Cancel: s.show(pc),
		Definition: ed.text, BasedOn: strconv.FormatInt(ed.basedOn, 10),
		Errors: form.New(p, nil, ed.fieldErr), Problems: ed.problems, CheckedOK: ed.checked, Help: v.help(p)}
	switch {
	case !ed.loaded:
	case ed.head.Draft > 0:
		props.Notice = &ui.AlertProps{Kind: ui.AlertInfo, Body: k.T("editing_draft", ed.head.Draft)}
	case ed.head.Current > 0:
		props.Notice = &ui.AlertProps{Kind: ui.AlertInfo, Body: k.T("editing_current", ed.head.Current, ed.head.Current+1)}
	default:
		props.Notice = &ui.AlertProps{Kind: ui.AlertInfo, Body: k.T("editing_new")}
	}
	if ed.conflict {
		props.Conflict = &ui.AlertProps{Kind: ui.AlertWarning, Title: k.T("conflict_title"), Body: k.T("conflict")}
	}
	return webctx.Render(c, status, adminview.CaseEdit(props))
}
