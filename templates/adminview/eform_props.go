package adminview

import (
	"strconv"

	"github.com/a-h/templ"

	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/templates/eformview"
	"github.com/motcua/motcua/templates/form"
	"github.com/motcua/motcua/templates/layout"
	"github.com/motcua/motcua/templates/ui"
)

// EformVersion describes one version of an e-form.
type EformVersion struct {
	Version int
	Status  string // in words
	Title   string // the form's title
	// Size says how many pages, questions and file uploads it has.
	Size string
	// Saved and Published say when and by whom ("" when not published).
	Saved     string
	Published string
	// JSON is the definition, indented.
	JSON string
	// Problems are what Check finds in it now (a draft can stop fitting
	// the procedure when the catalogue changes).
	Problems []Problem
	Href     templ.SafeURL // its own page; "" on that page
}

func (v EformVersion) summary(p i18n.Printer) ui.SummaryListProps {
	rows := []ui.SummaryRow{
		{Key: p.T("admin.eform.col.version"), Value: strconv.Itoa(v.Version) + " · " + v.Status},
		{Key: p.T("admin.eform.form_title"), Value: v.Title},
		{Key: p.T("admin.eform.counts"), Value: v.Size},
		{Key: p.T("admin.eform.saved_by"), Value: v.Saved},
	}
	if v.Published != "" {
		rows = append(rows, ui.SummaryRow{Key: p.T("admin.eform.published_by"), Value: v.Published})
	}
	return ui.SummaryListProps{Rows: rows}
}

// EformShowProps is the administration page of a case's e-form.
type EformShowProps struct {
	Page   layout.PageProps
	P      i18n.Printer
	Case   ProcedureCase
	Status []string
	// ReadOnly explains why nothing can be changed (a retired procedure).
	ReadOnly *ui.AlertProps
	Current  *EformVersion
	Draft    *EformVersion
	Versions ui.TableProps
	History  []HistoryEntry
	// Links and forms; empty when the action is not available.
	EditHref      templ.SafeURL
	EditLabel     string
	PreviewHref   templ.SafeURL // the draft's, when there is one
	PublishHref   templ.SafeURL
	DiscardAction templ.SafeURL
	HistoryHref   templ.SafeURL
}

// EformDocument is one document row of the case, numbered as file uploads
// name it.
type EformDocument struct {
	Index int
	Name  string
}

// EformEditProps is the editor of a case's e-form draft.
type EformEditProps struct {
	Page   layout.PageProps
	P      i18n.Printer
	Case   ProcedureCase
	Title  string
	Notice *ui.AlertProps
	// Conflict, when set, says someone else changed the e-form meanwhile.
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
	Documents []EformDocument
	Kinds     []string
	Sources   []string
}

func (p EformEditProps) definitionField() ui.FieldProps {
	f := p.Errors.Field("definition", "admin.eform.definition", "admin.eform.definition_hint")
	f.Value, f.Type, f.Rows, f.NoSpellcheck = p.Definition, "textarea", 30, true
	return f
}

// EformPublishProps asks to confirm the publication of a draft.
type EformPublishProps struct {
	Page  layout.PageProps
	P     i18n.Printer
	Case  ProcedureCase
	Intro string
	// Note, when set, says the draft changes nothing.
	Note    string
	Changes ui.TableProps
	// Problems, when any, block the publication.
	Problems []Problem
	Action   templ.SafeURL // "" when blocked
	EditHref templ.SafeURL
	Cancel   templ.SafeURL
}

// EformVersionProps shows one version.
type EformVersionProps struct {
	Page    layout.PageProps
	P       i18n.Printer
	Case    ProcedureCase
	Version EformVersion
	Back    templ.SafeURL
}

// EformHistoryProps is the audit trail of a case's e-form.
type EformHistoryProps struct {
	Page    layout.PageProps
	P       i18n.Printer
	Case    ProcedureCase
	Entries []HistoryEntry
}

// EformLinks is the list of a procedure's cases with their e-forms, on the
// procedure's administration page.
type EformLinks struct {
	Table ui.TableProps
}

// EformPreviewPage is one page of the draft in the preview's page list.
type EformPreviewPage struct {
	Label   string
	Href    templ.SafeURL
	Current bool
}

// EformPreviewProps shows one page of the draft as applicants will see it,
// rendered read-only by eformview, with links to every page.
type EformPreviewProps struct {
	Page   layout.PageProps
	P      i18n.Printer
	Case   ProcedureCase
	Banner ui.AlertProps
	Pages  []EformPreviewPage
	// Title is the shown page's title; Fields renders its questions.
	Title  string
	Fields eformview.PageProps
	// Previous and Next link the neighbouring pages ("" at either end).
	PreviousHref, NextHref   templ.SafeURL
	PreviousLabel, NextLabel string
	Back                     templ.SafeURL
}
