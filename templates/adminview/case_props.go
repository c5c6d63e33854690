package adminview

import (
	"strconv"

	"github.com/a-h/templ"

	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/templates/form"
	"github.com/motcua/motcua/templates/layout"
	"github.com/motcua/motcua/templates/ui"
)

// ProcedureCase names the case of a procedure a page is about (its e-form,
// its internal process).
type ProcedureCase struct {
	Code      string
	Procedure string // the procedure's name
	CaseNo    int    // 0-based, as in the procedure record
	CaseName  string
}

// Problem is one Check error of a definition (an e-form, an internal
// process), located.
type Problem struct {
	Message string
	// Where says where in words ("Trang 1 › trường 3 (ho_ten) › label").
	Where string
	// Path is Check's path ("pages.0.sections.0.fields.2.label").
	Path string
}

// CaseCode is one value a definition's JSON may use or refer to (a kind of
// field, a role, a document's index), with its meaning when it needs one.
type CaseCode struct {
	Code    string
	Meaning string
}

// CaseTexts are the messages of the pages of one kind of a case's
// definition: the keys under Prefix ("admin.eform.", "admin.workflow."),
// which every kind has alike.
type CaseTexts struct {
	P      i18n.Printer
	Prefix string
}

// T is the message of key under the prefix.
func (t CaseTexts) T(key string, args ...any) string { return t.P.T(t.Prefix+key, args...) }

// CaseVersion describes one version of a case's definition.
type CaseVersion struct {
	Version int
	Status  string // in words
	// Facts sum up what the definition says (the form's title and size, the
	// number of steps), shown after the version number.
	Facts []ui.SummaryRow
	// Saved and Published say when and by whom ("" when not published).
	Saved     string
	Published string
	// Body shows the definition in words (a process's steps); nil for none.
	Body templ.Component
	// JSON is the definition, indented.
	JSON string
	// Problems are what Check finds in it now: the catalogue, the units or
	// the staff may have changed since it was saved.
	Problems []Problem
	Href     templ.SafeURL // its own page; "" on that page
}

func (v CaseVersion) summary(k CaseTexts) ui.SummaryListProps {
	rows := append([]ui.SummaryRow{{Key: k.T("col.version"), Value: strconv.Itoa(v.Version) + " · " + v.Status}}, v.Facts...)
	rows = append(rows, ui.SummaryRow{Key: k.T("saved_by"), Value: v.Saved})
	if v.Published != "" {
		rows = append(rows, ui.SummaryRow{Key: k.T("published_by"), Value: v.Published})
	}
	return ui.SummaryListProps{Rows: rows}
}

// CaseShowProps is the administration page of a case's definition.
type CaseShowProps struct {
	Page   layout.PageProps
	K      CaseTexts
	Case   ProcedureCase
	Status []string
	// ReadOnly explains why nothing can be changed (a retired procedure).
	ReadOnly *ui.AlertProps
	Current  *CaseVersion
	Draft    *CaseVersion
	Versions ui.TableProps
	History  []HistoryEntry
	// Links and forms; empty when the action is not available.
	EditHref      templ.SafeURL
	EditLabel     string
	PreviewHref   templ.SafeURL // the draft's preview, for a kind that has one
	PublishHref   templ.SafeURL
	DiscardAction templ.SafeURL
	HistoryHref   templ.SafeURL
}

// CaseEditProps is the editor of a case's draft definition.
type CaseEditProps struct {
	Page   layout.PageProps
	K      CaseTexts
	Case   ProcedureCase
	Title  string
	Notice *ui.AlertProps
	// Conflict, when set, says someone else changed the definition
	// meanwhile.
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
	// Help, below them, says what the JSON may say and refer to.
	Help templ.Component
}

func (p CaseEditProps) definitionField() ui.FieldProps {
	f := p.Errors.Field("definition", p.K.Prefix+"definition", p.K.Prefix+"definition_hint")
	f.Value, f.Type, f.Rows, f.NoSpellcheck = p.Definition, "textarea", 30, true
	return f
}

// CasePublishProps asks to confirm the publication of a draft.
type CasePublishProps struct {
	Page  layout.PageProps
	K     CaseTexts
	Case  ProcedureCase
	Intro string
	// Note, when set, says the draft changes nothing.
	Note    string
	Changes ui.TableProps
	// Body shows the draft in words after the changes; nil for none.
	Body templ.Component
	// Problems, when any, block the publication.
	Problems []Problem
	Action   templ.SafeURL // "" when blocked
	EditHref templ.SafeURL
	Cancel   templ.SafeURL
}

// CaseVersionProps shows one version.
type CaseVersionProps struct {
	Page    layout.PageProps
	K       CaseTexts
	Case    ProcedureCase
	Version CaseVersion
	Back    templ.SafeURL
}

// CaseHistoryProps is the audit trail of a case's definition.
type CaseHistoryProps struct {
	Page    layout.PageProps
	K       CaseTexts
	Case    ProcedureCase
	Entries []HistoryEntry
}
