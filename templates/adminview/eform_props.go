package adminview

import (
	"github.com/a-h/templ"

	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/templates/eformview"
	"github.com/motcua/motcua/templates/layout"
	"github.com/motcua/motcua/templates/ui"
)

// EformHelpProps is what an e-form's JSON may refer to, beside the editor:
// the case's documents by the index file slots name them with, the kinds of
// field and the prefill sources.
type EformHelpProps struct {
	P         i18n.Printer
	Documents []CaseCode
	Kinds     []CaseCode
	Sources   []CaseCode
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
