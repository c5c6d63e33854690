package adminview

import (
	"strconv"

	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/templates/ui"
)

// WorkflowAction is one action of a step, in words.
type WorkflowAction struct {
	Label string // the button's text, or the action's name
	Code  string // the action ("forward")
	// Target names the step it goes to ("Thẩm định (tham-dinh)"); "" for
	// an action that moves nothing.
	Target string
}

// WorkflowStep is one step of a flow, in words.
type WorkflowStep struct {
	Number int
	ID     string
	Name   string
	Unit   string // where it happens ("Cơ quan giải quyết", "Sở Nội vụ (000.00.02.H19)")
	Role   string
	Mode   string // with the tasks of a semi-automatic or automatic step
	Budget string
	// Main says the step is on the main path.
	Main    bool
	Actions []WorkflowAction
}

// WorkflowFlow is a flow an administrator reads without its JSON: the
// steps as a table, the main path with its time, and the case's legal
// times.
type WorkflowFlow struct {
	Steps []WorkflowStep
	// MainPath lists the main path's steps and their time ("" when the
	// flow has none).
	MainPath string
	// Legal lists each channel's legal time in working hours.
	Legal      []string
	Supplement string
}

func (f WorkflowFlow) table(p i18n.Printer) ui.TableProps {
	t := ui.TableProps{Caption: p.T("admin.workflow.steps_caption"), CaptionHidden: true,
		Head: []ui.Column{{Label: "#", Numeric: true}, {Label: p.T("admin.workflow.col.step")}, {Label: p.T("admin.workflow.col.unit")},
			{Label: p.T("admin.workflow.col.role")}, {Label: p.T("admin.workflow.col.mode")},
			{Label: p.T("admin.workflow.col.budget"), Numeric: true}, {Label: p.T("admin.workflow.col.actions")}},
		Empty: p.T("admin.workflow.no_steps")}
	for _, s := range f.Steps {
		t.Rows = append(t.Rows, []ui.Cell{{Text: strconv.Itoa(s.Number), Numeric: true},
			{Content: stepName(p, s), RowHeader: true}, ui.TextCell(s.Unit), ui.TextCell(s.Role), ui.TextCell(s.Mode),
			{Text: s.Budget, Numeric: true}, ui.CompCell(stepActions(s.Actions))})
	}
	return t
}

// WorkflowHelpProps is what a process's JSON may say, and the legal times
// it must fit, beside the editor.
type WorkflowHelpProps struct {
	P         i18n.Printer
	Legal     []string
	UnitKinds []CaseCode
	Roles     []CaseCode
	Modes     []CaseCode
	Tasks     []CaseCode
	Actions   []CaseCode
	Units     []CaseCode // units a "fixed" step may name
}
