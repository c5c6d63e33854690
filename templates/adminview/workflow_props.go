package adminview

import (
	"strconv"

	"github.com/a-h/templ"

	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/templates/form"
	"github.com/motcua/motcua/templates/layout"
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

// WorkflowVersion describes one version of a process.
type WorkflowVersion struct {
	Version int
	Status  string // in words
	// Size says how many steps and how long the main path is.
	Size string
	// Saved and Published say when and by whom ("" when not published).
	Saved     string
	Published string
	Flow      WorkflowFlow
	// JSON is the flow, indented.
	JSON string
	// Problems are what Check finds in it now, with the staff and the
	// catalogue as they are.
	Problems []Problem
	Href     templ.SafeURL // its own page; "" on that page
}

func (v WorkflowVersion) summary(p i18n.Printer) ui.SummaryListProps {
	rows := []ui.SummaryRow{
		{Key: p.T("admin.workflow.col.version"), Value: strconv.Itoa(v.Version) + " · " + v.Status},
		{Key: p.T("admin.workflow.size"), Value: v.Size},
		{Key: p.T("admin.workflow.saved_by"), Value: v.Saved},
	}
	if v.Published != "" {
		rows = append(rows, ui.SummaryRow{Key: p.T("admin.workflow.published_by"), Value: v.Published})
	}
	return ui.SummaryListProps{Rows: rows}
}

// WorkflowShowProps is the administration page of a case's process.
type WorkflowShowProps struct {
	Page   layout.PageProps
	P      i18n.Printer
	Case   ProcedureCase
	Status []string
	// ReadOnly explains why nothing can be changed (a retired procedure).
	ReadOnly *ui.AlertProps
	Current  *WorkflowVersion
	Draft    *WorkflowVersion
	Versions ui.TableProps
	History  []HistoryEntry
	// Links and forms; empty when the action is not available.
	EditHref      templ.SafeURL
	EditLabel     string
	PublishHref   templ.SafeURL
	DiscardAction templ.SafeURL
	HistoryHref   templ.SafeURL
}

// WorkflowCode is one value the JSON may use, with its meaning.
type WorkflowCode struct {
	Code    string
	Meaning string
}

// WorkflowEditProps is the editor of a case's process draft.
type WorkflowEditProps struct {
	Page   layout.PageProps
	P      i18n.Printer
	Case   ProcedureCase
	Title  string
	Notice *ui.AlertProps
	// Conflict, when set, says someone else changed the process meanwhile.
	Conflict *ui.AlertProps
	Action   templ.SafeURL
	Cancel   templ.SafeURL
	// Definition is the JSON as shown (or as submitted); BasedOn the
	// revision it started from, sent back with it.
	Definition string
	BasedOn    string
	// Errors carries the error of the definition field.
	Errors form.Form
	// Problems are the Check errors, listed beside the editor; CheckedOK
	// says a check found none.
	Problems  []Problem
	CheckedOK bool
	// What the JSON may say, and the legal times it must fit.
	Legal     []string
	UnitKinds []WorkflowCode
	Roles     []WorkflowCode
	Modes     []WorkflowCode
	Tasks     []WorkflowCode
	Actions   []WorkflowCode
	Units     []WorkflowCode // units a "fixed" step may name
}

func (p WorkflowEditProps) definitionField() ui.FieldProps {
	f := p.Errors.Field("definition", "admin.workflow.definition", "admin.workflow.definition_hint")
	f.Value, f.Type, f.Rows, f.NoSpellcheck = p.Definition, "textarea", 30, true
	return f
}

// WorkflowPublishProps asks to confirm the publication of a draft.
type WorkflowPublishProps struct {
	Page  layout.PageProps
	P     i18n.Printer
	Case  ProcedureCase
	Intro string
	Flow  WorkflowFlow
	// Note, when set, says the draft changes nothing.
	Note    string
	Changes ui.TableProps
	// Problems, when any, block the publication.
	Problems []Problem
	Action   templ.SafeURL // "" when blocked
	EditHref templ.SafeURL
	Cancel   templ.SafeURL
}

// WorkflowVersionProps shows one version.
type WorkflowVersionProps struct {
	Page    layout.PageProps
	P       i18n.Printer
	Case    ProcedureCase
	Version WorkflowVersion
	Back    templ.SafeURL
}

// WorkflowHistoryProps is the audit trail of a case's process.
type WorkflowHistoryProps struct {
	Page    layout.PageProps
	P       i18n.Printer
	Case    ProcedureCase
	Entries []HistoryEntry
}
