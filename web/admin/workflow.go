package admin

import (
	"log/slog"
	"slices"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/workflow"
	"github.com/motcua/motcua/templates/adminview"
	"github.com/motcua/motcua/templates/ui"
	"github.com/motcua/motcua/web/route"
)

// Workflows is what the internal-process administration needs;
// *workflow.Service implements it.
type Workflows = CaseDefinitions[workflow.Flow, workflow.Definition]

// WorkflowHandler serves the administration of internal processes, one
// per case of a published procedure (casePages): its page (the steps as a
// table), the JSON editor of its draft, publication after a check against
// the units, staff and legal times, versions and history.
type WorkflowHandler struct {
	Workflows  Workflows
	Procedures Procedures
	Users      UserNames
	// Units names the units fixed steps point at.
	Units Units
	Log   *slog.Logger
}

func (h *WorkflowHandler) pages() casePages[workflow.Flow, workflow.Definition] {
	k := workflowKind
	k.view = h.view
	return casePages[workflow.Flow, workflow.Definition]{defs: h.Workflows, procs: h.Procedures, users: h.Users, log: h.Log,
		kind: k}
}

// workflowKind is what the pages of internal processes say and do as
// their own.
var workflowKind = caseKind[workflow.Flow]{keys: "admin.workflow.", what: "internal process", object: workflow.AuditObject,
	auditActions: []string{"save_draft", "publish", "discard_draft", "import", "import_draft"}, diffFields: workflow.DiffFields,
	routes: caseRoutes{show: route.AdminWorkflow, edit: route.AdminWorkflowEdit, publish: route.AdminWorkflowPublish,
		discard: route.AdminWorkflowDiscard, history: route.AdminWorkflowHistory, version: route.AdminWorkflowVersion},
	// Staff, units or the catalogue changed since the confirmation page:
	// it lists why now.
	refused:     route.AdminWorkflowPublish,
	errNotFound: workflow.ErrNotFound, errConflict: workflow.ErrConflict, errNoDraft: workflow.ErrNoDraft,
	format: workflow.FormatFlow, parse: workflow.ParseFlow, diff: workflow.Diff,
}

// Show is the page of a case's process.
func (h *WorkflowHandler) Show(c echo.Context) error { return h.pages().Show(c) }

// Edit shows the editor of the draft.
func (h *WorkflowHandler) Edit(c echo.Context) error { return h.pages().Edit(c) }

// Save checks the submitted flow and saves it as the draft.
func (h *WorkflowHandler) Save(c echo.Context) error { return h.pages().Save(c) }

// PublishConfirm asks to confirm the publication of the draft.
func (h *WorkflowHandler) PublishConfirm(c echo.Context) error { return h.pages().PublishConfirm(c) }

// Publish makes the draft the version in force.
func (h *WorkflowHandler) Publish(c echo.Context) error { return h.pages().Publish(c) }

// Discard drops the draft.
func (h *WorkflowHandler) Discard(c echo.Context) error { return h.pages().Discard(c) }

// History is the audit trail of a case's process.
func (h *WorkflowHandler) History(c echo.Context) error { return h.pages().History(c) }

// Version shows one version with its steps and JSON: the one a dossier
// started with stays readable after it is superseded.
func (h *WorkflowHandler) Version(c echo.Context) error { return h.pages().Version(c) }

// workflowPage shows processes on the pages of one case, naming the units
// fixed steps point at.
type workflowPage struct {
	procCase
	unitList []org.Unit
	units    map[string]org.Unit // by code
}

func (h *WorkflowHandler) view(c echo.Context, pc procCase) (caseView[workflow.Flow], error) {
	units, err := h.Units.List(c.Request().Context())
	if err != nil {
		return nil, err
	}
	wp := workflowPage{procCase: pc, unitList: units, units: make(map[string]org.Unit, len(units))}
	for _, u := range units {
		wp.units[u.Code] = u
	}
	return wp, nil
}

func (workflowPage) outline(p i18n.Printer) workflow.Flow { return outlineFlow(p.T) }

func (workflowPage) locate(p i18n.Printer, f workflow.Flow, path string) string {
	return locateStep(p, f, path)
}

// facts say how many steps the flow has and how long its main path is.
func (workflowPage) facts(p i18n.Printer, f workflow.Flow) []ui.SummaryRow {
	return []ui.SummaryRow{{Key: p.T("admin.workflow.size"), Value: flowSize(p, f)}}
}

// body is the table of steps.
func (wp workflowPage) body(p i18n.Printer, f workflow.Flow) templ.Component {
	return adminview.WorkflowFlowView(p, flowView(p, wp, f))
}

func (wp workflowPage) publishBody(p i18n.Printer, f workflow.Flow) templ.Component {
	return adminview.WorkflowSteps(p, flowView(p, wp, f))
}

// codes lists values of the model with their meaning, the message of
// prefix + value.
func codes[V ~string](p i18n.Printer, prefix string, values []V) []adminview.CaseCode {
	out := make([]adminview.CaseCode, len(values))
	for i, v := range values {
		out[i] = adminview.CaseCode{Code: string(v), Meaning: p.T(prefix + string(v))}
	}
	return out
}

// fixedKinds are the kinds of unit a fixed step names (the communes and
// their centres are reached through "competent" and "receiving").
var fixedKinds = []org.Kind{org.KindProvince, org.KindOffice, org.KindServiceCentre, org.KindDepartment, org.KindPolice}

// help lists the values the JSON may use, with their meaning, and the
// case's legal times.
func (wp workflowPage) help(p i18n.Printer) templ.Component {
	props := adminview.WorkflowHelpProps{P: p, Legal: legalTimes(p, wp.record.Cases[wp.caseNo]),
		UnitKinds: codes(p, "admin.workflow.unit.", workflow.UnitKinds), Roles: codes(p, "role.", workflow.Roles),
		Modes: codes(p, "admin.workflow.mode.", workflow.Modes), Tasks: codes(p, "admin.workflow.task.", workflow.Tasks),
		Actions: codes(p, "admin.workflow.action_help.", workflow.Actions)}
	for _, u := range wp.unitList {
		if u.Active && slices.Contains(fixedKinds, u.Kind) {
			props.Units = append(props.Units, adminview.CaseCode{Code: u.Code, Meaning: u.Name})
		}
	}
	return adminview.WorkflowHelp(props)
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

// locateStep says in words where a Check path points, numbering from 1 and
// naming steps by their ids: "Bước 3 (ky-duyet) › thao tác 1 › target".
func locateStep(p i18n.Printer, f workflow.Flow, path string) string {
	if path == "steps" {
		return p.T("admin.workflow.loc.flow")
	}
	var step *workflow.Step
	return locatePath(path, func(name string, n int) string {
		switch name {
		case "steps":
			id := ""
			if n < len(f.Steps) {
				step = &f.Steps[n]
				id = step.ID
			}
			return numbered(p, "admin.workflow.loc.step", n, id)
		case "actions":
			code := ""
			if step != nil && n < len(step.Actions) {
				code = string(step.Actions[n].Action)
			}
			return numbered(p, "admin.workflow.loc.action", n, code)
		default: // tasks.N
			return numbered(p, "admin.workflow.loc.task", n, "")
		}
	})
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
