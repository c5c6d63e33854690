package admin

import (
	"errors"
	"net/http"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/strictjson"
	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/internal/workflow"
	"github.com/motcua/motcua/templates/adminview"
	"github.com/motcua/motcua/templates/form"
	"github.com/motcua/motcua/templates/ui"
	"github.com/motcua/motcua/web/route"
	"github.com/motcua/motcua/web/webctx"
)

// workflowEditor is the state of the editor page.
type workflowEditor struct {
	text     string
	basedOn  int64
	head     workflow.Head
	fieldErr valid.Errors // the definition field's error
	problems []adminview.Problem
	checked  bool // a check found no problem
	conflict bool
	// loaded: the text is what was loaded, not what was submitted.
	loaded bool
}

// Edit shows the editor with the draft, or with the version in force when
// there is no draft (saving then creates the draft), or with an outline
// for a case without a process. A draft with problems (the staff, units
// or catalogue changed) comes with them listed.
func (h *WorkflowHandler) Edit(c echo.Context) error {
	wp, err := h.load(c)
	if err != nil {
		return err
	}
	if done, err := readOnlyWorkflow(c, wp); done {
		return err
	}
	ctx := c.Request().Context()
	p := webctx.Get(c).P
	head, err := h.Workflows.Head(ctx, wp.view.Code, wp.caseNo)
	if err != nil {
		return err
	}
	ed := workflowEditor{head: head, basedOn: head.Revision, loaded: true}
	var def workflow.Definition
	switch {
	case head.Draft > 0:
		def, err = h.Workflows.Draft(ctx, wp.view.Code, wp.caseNo)
	case head.Current > 0:
		def, err = h.Workflows.Current(ctx, wp.view.Code, wp.caseNo)
	default:
		def.Flow = outlineFlow(p.T)
	}
	// A draft or version replaced between Head and here: the editor says
	// so when saving, as basedOn is Head's.
	if err != nil && !errors.Is(err, workflow.ErrNotFound) {
		return err
	}
	ed.text = string(workflow.FormatFlow(def.Flow))
	if head.Draft > 0 {
		errs, err := h.check(ctx, wp, def.Flow)
		if err != nil {
			return err
		}
		ed.problems = flowProblems(p, def.Flow, errs)
	}
	return h.renderEditor(c, http.StatusOK, wp, ed)
}

// outlineFlow is where a new process starts: reception, appraisal and
// signature by the unit that decides, return; budgets to be filled in.
func outlineFlow(t func(string, ...any) string) workflow.Flow {
	return workflow.Flow{Steps: []workflow.Step{
		{ID: "tiep-nhan", Name: t("admin.workflow.outline.reception"), Unit: workflow.UnitRef{Kind: workflow.UnitReceiving},
			Role: workflow.RoleClerk, Mode: workflow.ModeManual, Actions: []workflow.Transition{
				{Action: workflow.ActionReceive, Target: "tham-dinh"}, {Action: workflow.ActionGuide}, {Action: workflow.ActionRefuse}}},
		{ID: "tham-dinh", Name: t("admin.workflow.outline.appraisal"), Unit: workflow.UnitRef{Kind: workflow.UnitCompetent},
			Role: workflow.RoleOfficer, Mode: workflow.ModeManual, Actions: []workflow.Transition{
				{Action: workflow.ActionForward, Target: "ky-duyet"}, {Action: workflow.ActionReturn, Target: "tiep-nhan"},
				{Action: workflow.ActionSupplement}}},
		{ID: "ky-duyet", Name: t("admin.workflow.outline.signature"), Unit: workflow.UnitRef{Kind: workflow.UnitCompetent},
			Role: workflow.RoleLeader, Mode: workflow.ModeManual, Actions: []workflow.Transition{
				{Action: workflow.ActionApprove, Target: "tra-ket-qua"}, {Action: workflow.ActionReturn, Target: "tham-dinh"},
				{Action: workflow.ActionStop}}},
		{ID: "tra-ket-qua", Name: t("admin.workflow.outline.return"), Unit: workflow.UnitRef{Kind: workflow.UnitReceiving},
			Role: workflow.RoleClerk, Mode: workflow.ModeManual, Actions: []workflow.Transition{{Action: workflow.ActionDeliver}}},
	}}
}

// Save checks the submitted flow and saves it as the draft (action
// "save"), or only checks it (action "check", everything Publish would
// check, staff included). A flow that is not JSON, or that CheckDraft
// refuses, comes back with 422, the text kept and the problems listed; a
// draft someone else changed meanwhile with 409.
func (h *WorkflowHandler) Save(c echo.Context) error {
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
	head, err := h.Workflows.Head(ctx, code, wp.caseNo)
	if err != nil {
		return err
	}
	ed := workflowEditor{text: c.FormValue("definition"), head: head}
	ed.basedOn, _ = strconv.ParseInt(c.FormValue("based_on"), 10, 64) // tampered: a conflict

	f, err := workflow.ParseFlow([]byte(ed.text))
	var je *strictjson.Error
	if errors.As(err, &je) {
		ed.fieldErr = jsonFieldError(je, "definition", "admin.workflow.error.json_empty", "admin.workflow.error.json_unknown_field")
		return h.renderEditor(c, http.StatusUnprocessableEntity, wp, ed)
	}
	if err != nil {
		return err
	}
	if c.FormValue("action") == "check" {
		errs, err := h.check(ctx, wp, f)
		if err != nil {
			return err
		}
		ed.problems, ed.checked = flowProblems(p, f, errs), len(errs) == 0
		return h.renderEditor(c, http.StatusOK, wp, ed)
	}
	d, err := h.Workflows.SaveDraft(ctx, r.User.ID, code, wp.caseNo, f, ed.basedOn)
	var errs valid.Errors
	switch {
	case errors.As(err, &errs):
		ed.problems = flowProblems(p, f, errs)
		ed.fieldErr.Add("definition", "admin.workflow.error.check", len(errs))
		return h.renderEditor(c, http.StatusUnprocessableEntity, wp, ed)
	case errors.Is(err, workflow.ErrConflict):
		// Saving again overwrites what the other person did: the page
		// says so, and carries the revision that is there now.
		if head, err = h.Workflows.Head(ctx, code, wp.caseNo); err != nil {
			return err
		}
		ed.head, ed.basedOn, ed.conflict = head, head.Revision, true
		return h.renderEditor(c, http.StatusConflict, wp, ed)
	case errors.Is(err, workflow.ErrNotFound):
		return echo.ErrNotFound
	case err != nil:
		return err
	}
	h.Log.InfoContext(ctx, "internal process draft saved", "code", code, "case", wp.caseNo, "version", d.Version, "by", r.User.ID)
	r.SetFlash(webctx.FlashSuccess, "admin.workflow.saved")
	return webctx.Redirect(c, route.AdminWorkflow(code, wp.caseNo))
}

// fixedKinds are the kinds of unit a fixed step names (the communes and
// their centres are reached through "competent" and "receiving").
var fixedKinds = []org.Kind{org.KindProvince, org.KindOffice, org.KindServiceCentre, org.KindDepartment, org.KindPolice}

func (h *WorkflowHandler) renderEditor(c echo.Context, status int, wp workflowPage, ed workflowEditor) error {
	r := webctx.Get(c)
	p := r.P
	code := wp.view.Code
	translateJSONKinds(p, ed.fieldErr)
	title := p.T("admin.workflow.edit_title")
	props := adminview.WorkflowEditProps{Page: h.page(c, wp, title, p.T("admin.workflow.edit")), P: p, Case: wp.view,
		Title: title, Action: route.AdminWorkflowEdit(code, wp.caseNo),
		Cancel: route.AdminWorkflow(code, wp.caseNo), Definition: ed.text, BasedOn: strconv.FormatInt(ed.basedOn, 10),
		Errors: form.New(p, nil, ed.fieldErr), Problems: ed.problems, CheckedOK: ed.checked,
		Legal: legalTimes(p, wp.record.Cases[wp.caseNo])}
	for _, k := range workflow.UnitKinds {
		props.UnitKinds = append(props.UnitKinds, adminview.WorkflowCode{Code: string(k), Meaning: p.T("admin.workflow.unit." + string(k))})
	}
	for _, x := range workflow.Roles {
		props.Roles = append(props.Roles, adminview.WorkflowCode{Code: string(x), Meaning: p.T("role." + string(x))})
	}
	for _, x := range workflow.Modes {
		props.Modes = append(props.Modes, adminview.WorkflowCode{Code: string(x), Meaning: p.T("admin.workflow.mode." + string(x))})
	}
	for _, x := range workflow.Tasks {
		props.Tasks = append(props.Tasks, adminview.WorkflowCode{Code: string(x), Meaning: p.T("admin.workflow.task." + string(x))})
	}
	for _, x := range workflow.Actions {
		props.Actions = append(props.Actions, adminview.WorkflowCode{Code: string(x), Meaning: p.T("admin.workflow.action_help." + string(x))})
	}
	for _, u := range wp.unitList {
		if u.Active && slices.Contains(fixedKinds, u.Kind) {
			props.Units = append(props.Units, adminview.WorkflowCode{Code: u.Code, Meaning: u.Name})
		}
	}
	switch {
	case !ed.loaded:
	case ed.head.Draft > 0:
		props.Notice = &ui.AlertProps{Kind: ui.AlertInfo, Body: p.T("admin.workflow.editing_draft", ed.head.Draft)}
	case ed.head.Current > 0:
		props.Notice = &ui.AlertProps{Kind: ui.AlertInfo, Body: p.T("admin.workflow.editing_current", ed.head.Current, ed.head.Current+1)}
	default:
		props.Notice = &ui.AlertProps{Kind: ui.AlertInfo, Body: p.T("admin.workflow.editing_new")}
	}
	if ed.conflict {
		props.Conflict = &ui.AlertProps{Kind: ui.AlertWarning, Title: p.T("admin.workflow.conflict_title"), Body: p.T("admin.workflow.conflict")}
	}
	return webctx.Render(c, status, adminview.WorkflowEdit(props))
}
