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
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/internal/workflow"
	"github.com/motcua/motcua/templates/adminview"
	"github.com/motcua/motcua/templates/layout"
	"github.com/motcua/motcua/templates/ui"
	"github.com/motcua/motcua/web/route"
	"github.com/motcua/motcua/web/webctx"
)

// Workflows is what the internal-process administration needs;
// *workflow.Service implements it.
type Workflows interface {
	Current(ctx context.Context, code string, caseNo int) (workflow.Definition, error)
	Draft(ctx context.Context, code string, caseNo int) (workflow.Definition, error)
	Version(ctx context.Context, code string, caseNo, n int) (workflow.Definition, error)
	Versions(ctx context.Context, code string, caseNo int) ([]workflow.Definition, error)
	Head(ctx context.Context, code string, caseNo int) (workflow.Head, error)
	Check(ctx context.Context, code string, caseNo int, f workflow.Flow) (valid.Errors, error)
	SaveDraft(ctx context.Context, actor int64, code string, caseNo int, f workflow.Flow, basedOn int64) (workflow.Definition, error)
	Publish(ctx context.Context, actor int64, code string, caseNo int) (workflow.Definition, error)
	DiscardDraft(ctx context.Context, actor int64, code string, caseNo int) error
	History(ctx context.Context, code string, caseNo int) ([]audit.Entry, error)
}

// WorkflowHandler serves the administration of internal processes, one
// per case of a published procedure: its page (the steps as a table), the
// JSON editor of its draft, publication after a check against the units,
// staff and legal times, versions and history.
type WorkflowHandler struct {
	Workflows  Workflows
	Procedures Procedures
	Users      UserNames
	// Units names the units fixed steps point at.
	Units Units
	Log   *slog.Logger
}

// workflowPage holds what every page of a case's process needs.
type workflowPage struct {
	procCase
	unitList []org.Unit
	units    map[string]org.Unit // by code
}

func (h *WorkflowHandler) load(c echo.Context) (workflowPage, error) {
	ec, err := loadCase(c, h.Procedures)
	if err != nil {
		return workflowPage{}, err
	}
	units, err := h.Units.List(c.Request().Context())
	if err != nil {
		return workflowPage{}, err
	}
	wp := workflowPage{procCase: ec, unitList: units, units: make(map[string]org.Unit, len(units))}
	for _, u := range units {
		wp.units[u.Code] = u
	}
	return wp, nil
}

// page builds the layout props with the trail catalogue > procedure >
// process > here (here empty on the process's own page).
func (h *WorkflowHandler) page(c echo.Context, wp workflowPage, title, here string) layout.PageProps {
	return casePage(c, wp.procCase, webctx.Get(c).P.T("admin.workflow.open", wp.caseNo+1),
		route.AdminWorkflow(wp.view.Code, wp.caseNo), title, here)
}

// readOnlyWorkflow redirects back to the process's page, with a notice,
// when the procedure is retired; done is true when it did.
func readOnlyWorkflow(c echo.Context, wp workflowPage) (done bool, err error) {
	return retired(c, wp.procCase, route.AdminWorkflow(wp.view.Code, wp.caseNo), "admin.workflow.retired_readonly")
}

// Show is the page of a case's process: status, actions, the version in
// force, the draft, every version and the history.
func (h *WorkflowHandler) Show(c echo.Context) error {
	wp, err := h.load(c)
	if err != nil {
		return err
	}
	p := webctx.Get(c).P
	ctx := c.Request().Context()
	code := wp.view.Code
	versions, err := h.Workflows.Versions(ctx, code, wp.caseNo)
	if err != nil {
		return err
	}
	names := newUserNames(ctx, h.Users, p)
	props := adminview.WorkflowShowProps{Page: h.page(c, wp, p.T("admin.workflow.open", wp.caseNo+1), ""), P: p, Case: wp.view,
		HistoryHref: route.AdminWorkflowHistory(code, wp.caseNo)}
	var current, draft *workflow.Definition
	for i, v := range versions {
		switch v.Status {
		case workflow.StatusPublished:
			current = &versions[i]
		case workflow.StatusDraft:
			draft = &versions[i]
		}
	}
	if current != nil {
		props.Status = append(props.Status, p.T("admin.workflow.status.published_n", current.Version))
		if props.Current, err = h.versionView(ctx, p, names, wp, *current); err != nil {
			return err
		}
	} else {
		props.Status = append(props.Status, p.T("admin.workflow.status.unpublished"))
	}
	if draft != nil {
		props.Status = append(props.Status, p.T("admin.workflow.status.draft_n", draft.Version))
		if props.Draft, err = h.versionView(ctx, p, names, wp, *draft); err != nil {
			return err
		}
	}
	if wp.proc.Retired() {
		props.ReadOnly = &ui.AlertProps{Kind: ui.AlertWarning, Body: p.T("admin.workflow.retired_readonly")}
	} else {
		props.EditHref = route.AdminWorkflowEdit(code, wp.caseNo)
		switch {
		case draft != nil:
			props.EditLabel = p.T("admin.workflow.edit_draft")
			props.PublishHref = route.AdminWorkflowPublish(code, wp.caseNo)
			props.DiscardAction = route.AdminWorkflowDiscard(code, wp.caseNo)
		case current != nil:
			props.EditLabel = p.T("admin.workflow.edit_current")
		default:
			props.EditLabel = p.T("admin.workflow.create")
		}
	}
	props.Versions = ui.TableProps{Caption: p.T("admin.workflow.versions"), CaptionHidden: true,
		Head: []ui.Column{{Label: p.T("admin.workflow.col.version"), Numeric: true}, {Label: p.T("admin.workflow.col.status")},
			{Label: p.T("admin.workflow.col.created")}, {Label: p.T("admin.workflow.col.published")}, {Label: p.T("admin.workflow.col.view")}},
		Empty: p.T("admin.workflow.no_versions")}
	for _, v := range versions {
		published := ""
		if !v.PublishedAt.IsZero() {
			published = p.DateTime(v.PublishedAt)
		}
		props.Versions.Rows = append(props.Versions.Rows, []ui.Cell{
			{Text: strconv.Itoa(v.Version), Numeric: true, RowHeader: true},
			ui.TextCell(p.T("admin.workflow.version_status." + string(v.Status))), ui.TextCell(p.DateTime(v.CreatedAt)),
			ui.TextCell(published),
			ui.CompCell(ui.Link(route.AdminWorkflowVersion(code, wp.caseNo, v.Version), p.T("admin.workflow.view_version", v.Version)))})
	}
	entries, err := h.Workflows.History(ctx, code, wp.caseNo)
	if err != nil {
		return err
	}
	if props.History, err = historyEntries(p, names, entries, workflowActionLabel(p), workflowFieldLabel(p)); err != nil {
		return err
	}
	return webctx.Render(c, http.StatusOK, adminview.WorkflowShow(props))
}

// check runs Check on f with the world as it is now; a procedure whose
// case vanished meanwhile is a 404.
func (h *WorkflowHandler) check(ctx context.Context, wp workflowPage, f workflow.Flow) (valid.Errors, error) {
	errs, err := h.Workflows.Check(ctx, wp.view.Code, wp.caseNo, f)
	if errors.Is(err, workflow.ErrNotFound) {
		return nil, echo.ErrNotFound
	}
	return errs, err
}

// versionView describes a version for the pages, with what Check finds in
// it now (the staff or the catalogue may have changed since).
func (h *WorkflowHandler) versionView(ctx context.Context, p i18n.Printer, names *userNames, wp workflowPage,
	d workflow.Definition) (*adminview.WorkflowVersion, error) {
	errs, err := h.check(ctx, wp, d.Flow)
	if err != nil {
		return nil, err
	}
	v := &adminview.WorkflowVersion{Version: d.Version, Status: p.T("admin.workflow.version_status." + string(d.Status)),
		Size: flowSize(p, d.Flow), Flow: flowView(p, wp, d.Flow), JSON: string(workflow.FormatFlow(d.Flow)),
		Problems: flowProblems(p, d.Flow, errs), Href: route.AdminWorkflowVersion(wp.view.Code, wp.caseNo, d.Version)}
	by, err := names.name(d.CreatedBy)
	if err != nil {
		return nil, err
	}
	v.Saved = p.T("admin.workflow.at_by", p.DateTime(d.CreatedAt), by)
	if !d.PublishedAt.IsZero() {
		if by, err = names.name(d.PublishedBy); err != nil {
			return nil, err
		}
		v.Published = p.T("admin.workflow.at_by", p.DateTime(d.PublishedAt), by)
	}
	return v, nil
}

// flowSize says how many steps a flow has and how long its main path is.
func flowSize(p i18n.Printer, f workflow.Flow) string {
	hours, ok := f.MainPathHours()
	if !ok {
		return p.T("admin.workflow.size_no_path", len(f.Steps))
	}
	return p.T("admin.workflow.size_value", len(f.Steps), p.Decimal(hours))
}

// flowView puts a flow in words for the table of steps.
func flowView(p i18n.Printer, wp workflowPage, f workflow.Flow) adminview.WorkflowFlow {
	var out adminview.WorkflowFlow
	byID := map[string]workflow.Step{}
	for _, s := range f.Steps {
		if _, dup := byID[s.ID]; !dup {
			byID[s.ID] = s
		}
	}
	path, ok := f.MainPath()
	for i, s := range f.Steps {
		st := adminview.WorkflowStep{Number: i + 1, ID: s.ID, Name: s.Name, Unit: unitText(p, wp, s.Unit),
			Role:   known(p, "role.", string(s.Role), slices.Contains(workflow.Roles, s.Role)),
			Mode:   known(p, "admin.workflow.mode.", string(s.Mode), slices.Contains(workflow.Modes, s.Mode)),
			Budget: p.T("admin.workflow.hours", p.Decimal(s.BudgetHours)), Main: ok && slices.Contains(path, i)}
		if len(s.Tasks) > 0 {
			tasks := make([]string, len(s.Tasks))
			for j, t := range s.Tasks {
				tasks[j] = known(p, "admin.workflow.task.", string(t), slices.Contains(workflow.Tasks, t))
			}
			st.Mode += ": " + strings.Join(tasks, ", ")
		}
		for _, a := range s.Actions {
			wa := adminview.WorkflowAction{Code: string(a.Action), Label: a.Label}
			if wa.Label == "" {
				wa.Label = known(p, "admin.workflow.action.", string(a.Action), slices.Contains(workflow.Actions, a.Action))
			}
			if a.Target != "" {
				wa.Target = a.Target
				if t, found := byID[a.Target]; found {
					wa.Target = t.Name + " (" + t.ID + ")"
				}
			}
			st.Actions = append(st.Actions, wa)
		}
		out.Steps = append(out.Steps, st)
	}
	if ok {
		names := make([]string, len(path))
		for i, j := range path {
			names[i] = f.Steps[j].Name
		}
		hours, _ := f.MainPathHours()
		out.MainPath = p.T("admin.workflow.main_path_value", strings.Join(names, " → "), p.Decimal(hours))
	}
	out.Legal = legalTimes(p, wp.record.Cases[wp.caseNo])
	out.Supplement = p.T("admin.workflow.supplement." + string(orPause(f.Supplement)))
	return out
}

func orPause(m workflow.PauseMode) workflow.PauseMode {
	if m == workflow.PauseRestarts {
		return m
	}
	return workflow.PauseAddsBack
}

// known translates a value of the model, or shows it as written when the
// model has no such value (a draft Check refused).
func known(p i18n.Printer, prefix, value string, ok bool) string {
	if !ok {
		return value
	}
	return p.T(prefix + value)
}

// unitText says where a step happens.
func unitText(p i18n.Printer, wp workflowPage, ref workflow.UnitRef) string {
	switch ref.Kind {
	case workflow.UnitReceiving, workflow.UnitCompetent:
		return p.T("admin.workflow.unit." + string(ref.Kind))
	case workflow.UnitFixed:
		if u, ok := wp.units[ref.Code]; ok {
			return u.Name + " (" + u.Code + ")"
		}
		return p.T("admin.workflow.unit.fixed_unknown", ref.Code)
	}
	return string(ref.Kind)
}

// legalTimes lists the legal time of each channel of the case that is
// open, in working hours as Check counts them.
func legalTimes(p i18n.Printer, cs catalog.Case) []string {
	var out []string
	for _, ch := range cs.Channels {
		if ch.NotAvailable {
			continue
		}
		hours, upper := calendar.Duration{Amount: ch.Duration, Unit: calendar.Unit(ch.Unit)}.BudgetHours()
		key := "admin.workflow.legal_value"
		if upper {
			key = "admin.workflow.legal_value_upper"
		}
		out = append(out, p.T(key, p.T("catalog.channel."+string(ch.Kind)), p.Decimal(hours)))
	}
	return out
}

// flowProblems locates Check errors for the pages.
func flowProblems(p i18n.Printer, f workflow.Flow, errs valid.Errors) []adminview.Problem {
	out := make([]adminview.Problem, len(errs))
	for i, fe := range errs {
		out[i] = adminview.Problem{Message: p.T(fe.Key, fe.Args...), Where: locateStep(p, f, fe.Field), Path: fe.Field}
	}
	return out
}

// locateStep says in words where a Check path points, numbering from 1 and
// naming steps by their ids: "Bước 3 (ky-duyet) › thao tác 1 › target".
func locateStep(p i18n.Printer, f workflow.Flow, path string) string {
	parts := strings.Split(path, ".")
	if len(parts) == 1 {
		if parts[0] == "steps" {
			return p.T("admin.workflow.loc.flow")
		}
		return parts[0]
	}
	var out []string
	var step *workflow.Step
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
		switch parts[i] {
		case "steps":
			s := p.T("admin.workflow.loc.step", n+1)
			if n < len(f.Steps) {
				step = &f.Steps[n]
				if step.ID != "" {
					s += " (" + step.ID + ")"
				}
			}
			out = append(out, s)
		case "actions":
			s := p.T("admin.workflow.loc.action", n+1)
			if step != nil && n < len(step.Actions) && step.Actions[n].Action != "" {
				s += " (" + string(step.Actions[n].Action) + ")"
			}
			out = append(out, s)
		default: // tasks.N
			out = append(out, p.T("admin.workflow.loc.task", n+1))
		}
		i++
	}
	return strings.Join(out, " › ")
}

// workflowActions are the audit actions the trail names in words; anything
// else shows as recorded.
var workflowActions = map[string]string{
	"workflow.save_draft":    "admin.workflow.audit.save_draft",
	"workflow.publish":       "admin.workflow.audit.publish",
	"workflow.discard_draft": "admin.workflow.audit.discard_draft",
	"workflow.import":        "admin.workflow.audit.import",
	"workflow.import_draft":  "admin.workflow.audit.import_draft",
}

func workflowActionLabel(p i18n.Printer) func(string) string {
	return func(a string) string {
		if k, ok := workflowActions[a]; ok {
			return p.T(k)
		}
		return a
	}
}

func workflowFieldLabel(p i18n.Printer) func(string) string {
	return func(f string) string {
		if f == "version" || slices.Contains(workflow.DiffFields, f) {
			return p.T("admin.workflow.audit_field." + f)
		}
		return f
	}
}

// History is the audit trail of a case's process.
func (h *WorkflowHandler) History(c echo.Context) error {
	wp, err := h.load(c)
	if err != nil {
		return err
	}
	p := webctx.Get(c).P
	ctx := c.Request().Context()
	entries, err := h.Workflows.History(ctx, wp.view.Code, wp.caseNo)
	if err != nil {
		return err
	}
	props := adminview.WorkflowHistoryProps{Page: h.page(c, wp, p.T("admin.workflow.history_title"), p.T("admin.workflow.history")),
		P: p, Case: wp.view}
	if props.Entries, err = historyEntries(p, newUserNames(ctx, h.Users, p), entries, workflowActionLabel(p), workflowFieldLabel(p)); err != nil {
		return err
	}
	return webctx.Render(c, http.StatusOK, adminview.WorkflowHistory(props))
}

// Version shows one version with its steps and JSON: the one a dossier
// started with stays readable after it is superseded.
func (h *WorkflowHandler) Version(c echo.Context) error {
	wp, err := h.load(c)
	if err != nil {
		return err
	}
	p := webctx.Get(c).P
	ctx := c.Request().Context()
	n, err := strconv.Atoi(c.Param("version"))
	if err != nil || n < 1 {
		return echo.ErrNotFound
	}
	d, err := h.Workflows.Version(ctx, wp.view.Code, wp.caseNo, n)
	if errors.Is(err, workflow.ErrNotFound) {
		return echo.ErrNotFound
	}
	if err != nil {
		return err
	}
	v, err := h.versionView(ctx, p, newUserNames(ctx, h.Users, p), wp, d)
	if err != nil {
		return err
	}
	v.Href = ""
	title := p.T("admin.workflow.version_title", n)
	return webctx.Render(c, http.StatusOK, adminview.WorkflowVersionPage(adminview.WorkflowVersionProps{
		Page: h.page(c, wp, title, title), P: p, Case: wp.view, Version: *v, Back: route.AdminWorkflow(wp.view.Code, wp.caseNo)}))
}

// PublishConfirm asks to confirm the publication of the draft, showing it,
// what it changes and, when Check refuses it with the units, staff and
// legal times as they are now, why it cannot be published.
func (h *WorkflowHandler) PublishConfirm(c echo.Context) error {
	wp, err := h.load(c)
	if err != nil {
		return err
	}
	if done, err := readOnlyWorkflow(c, wp); done {
		return err
	}
	r := webctx.Get(c)
	p := r.P
	ctx := c.Request().Context()
	code := wp.view.Code
	draft, err := h.Workflows.Draft(ctx, code, wp.caseNo)
	if errors.Is(err, workflow.ErrNotFound) {
		r.SetFlash(webctx.FlashInfo, "admin.workflow.no_draft")
		return webctx.Redirect(c, route.AdminWorkflow(code, wp.caseNo))
	}
	if err != nil {
		return err
	}
	var old workflow.Flow
	intro := p.T("admin.workflow.publish_intro_first", draft.Version)
	from := ""
	switch cur, err := h.Workflows.Current(ctx, code, wp.caseNo); {
	case err == nil:
		old, from = cur.Flow, strconv.Itoa(cur.Version)
		intro = p.T("admin.workflow.publish_intro", draft.Version, cur.Version)
	case !errors.Is(err, workflow.ErrNotFound):
		return err
	}
	errs, err := h.check(ctx, wp, draft.Flow)
	if err != nil {
		return err
	}
	diff := workflow.Diff(old, draft.Flow)
	changes := append([]audit.Change{{Field: "version", Old: from, New: strconv.Itoa(draft.Version)}}, diff...)
	title := p.T("admin.workflow.publish_title")
	props := adminview.WorkflowPublishProps{Page: h.page(c, wp, title, title), P: p, Case: wp.view, Intro: intro,
		Flow: flowView(p, wp, draft.Flow), Changes: changesTable(p, changes, workflowFieldLabel(p)),
		Problems: flowProblems(p, draft.Flow, errs),
		EditHref: route.AdminWorkflowEdit(code, wp.caseNo), Cancel: route.AdminWorkflow(code, wp.caseNo)}
	if len(diff) == 0 && from != "" {
		props.Note = p.T("admin.workflow.no_changes")
	}
	if len(props.Problems) == 0 {
		props.Action = route.AdminWorkflowPublish(code, wp.caseNo)
	}
	return webctx.Render(c, http.StatusOK, adminview.WorkflowPublish(props))
}

// Publish makes the draft the version in force; the service checks it
// again.
func (h *WorkflowHandler) Publish(c echo.Context) error {
	wp, err := h.load(c)
	if err != nil {
		return err
	}
	if done, err := readOnlyWorkflow(c, wp); done {
		return err
	}
	r := webctx.Get(c)
	ctx := c.Request().Context()
	code := wp.view.Code
	d, err := h.Workflows.Publish(ctx, r.User.ID, code, wp.caseNo)
	var errs valid.Errors
	switch {
	case errors.As(err, &errs):
		// Staff, units or the catalogue changed since the confirmation
		// page: it lists why now.
		r.SetFlash(webctx.FlashError, "admin.workflow.publish_invalid")
		return webctx.Redirect(c, route.AdminWorkflowPublish(code, wp.caseNo))
	case errors.Is(err, workflow.ErrNoDraft):
		r.SetFlash(webctx.FlashInfo, "admin.workflow.no_draft")
		return webctx.Redirect(c, route.AdminWorkflow(code, wp.caseNo))
	case errors.Is(err, workflow.ErrNotFound):
		return echo.ErrNotFound
	case err != nil:
		return err
	}
	h.Log.InfoContext(ctx, "internal process published", "code", code, "case", wp.caseNo, "version", d.Version, "by", r.User.ID)
	r.SetFlash(webctx.FlashSuccess, "admin.workflow.published")
	return webctx.Redirect(c, route.AdminWorkflow(code, wp.caseNo))
}

// Discard drops the draft.
func (h *WorkflowHandler) Discard(c echo.Context) error {
	wp, err := h.load(c)
	if err != nil {
		return err
	}
	if done, err := readOnlyWorkflow(c, wp); done {
		return err
	}
	r := webctx.Get(c)
	ctx := c.Request().Context()
	code := wp.view.Code
	err = h.Workflows.DiscardDraft(ctx, r.User.ID, code, wp.caseNo)
	if errors.Is(err, workflow.ErrNoDraft) {
		r.SetFlash(webctx.FlashInfo, "admin.workflow.no_draft")
		return webctx.Redirect(c, route.AdminWorkflow(code, wp.caseNo))
	}
	if err != nil {
		return err
	}
	h.Log.InfoContext(ctx, "internal process draft discarded", "code", code, "case", wp.caseNo, "by", r.User.ID)
	r.SetFlash(webctx.FlashSuccess, "admin.workflow.discarded")
	return webctx.Redirect(c, route.AdminWorkflow(code, wp.caseNo))
}
