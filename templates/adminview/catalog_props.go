package adminview

import (
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"

	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/templates/form"
	"github.com/motcua/motcua/templates/layout"
	"github.com/motcua/motcua/templates/ui"
)

// ProcedureForm is the procedure editor's state: every answer as typed (so a
// rejected number is shown back unchanged), with one slice per repeated
// group. Field names on the page mirror the catalogue's validation paths
// ("cases[0].channels[1].fees[0].amount"), so errors land beside the right
// field.
type ProcedureForm struct {
	Code          string
	Name          string
	Decision      string
	Level         string
	OnlineLevel   string
	FieldCode     string
	FieldName     string
	Subjects      []string
	Conditions    string
	EffectiveFrom string
	EffectiveTo   string
	Agencies      []AgencyRow
	Cases         []CaseRow
	Results       []ResultRow
	LegalBases    []LegalRow
}

// AgencyRow is one agency.
type AgencyRow struct {
	Role, Name, UnitCode, UnitKind string
	Remove                         bool
}

// CaseRow is one case with its own repeated groups.
type CaseRow struct {
	Name, Steps string
	Channels    []ChannelRow
	Documents   []DocumentRow
	Stages      []StageRow
	Remove      bool
}

// ChannelRow is one way of submitting a case.
type ChannelRow struct {
	Kind, Duration, Unit, Description string
	NotAvailable                      bool
	Fees                              []FeeRow
	Remove                            bool
}

// FeeRow is one fee line of a channel.
type FeeRow struct {
	Kind, Amount, Description string
	Remove                    bool
}

// DocumentRow is one document of a case.
type DocumentRow struct {
	Name, Originals, Copies, Template, Notes string
	Required                                 bool
	Remove                                   bool
}

// StageRow is one stage of a case.
type StageRow struct {
	Name, Agency, Duration, Unit string
	Remove                       bool
}

// ResultRow is one result.
type ResultRow struct {
	Code, Name, Template string
	Remove               bool
}

// LegalRow is one legal basis.
type LegalRow struct {
	Number, Title, Date, Issuer string
	Remove                      bool
}

// ProcedureOptions are the labelled choices of the editor's selects and
// checkboxes.
type ProcedureOptions struct {
	Levels        []ui.Option
	OnlineLevels  []ui.Option
	Subjects      []ui.Option
	AgencyRoles   []ui.Option
	UnitKinds     []ui.Option
	ChannelKinds  []ui.Option
	DurationUnits []ui.Option
	FeeKinds      []ui.Option
}

// ProcedureFormProps is the page creating a procedure or editing its draft.
type ProcedureFormProps struct {
	Page  layout.PageProps
	P     i18n.Printer
	Title string
	// Notice, when set, explains where the content comes from.
	Notice *ui.AlertProps
	Action templ.SafeURL
	Cancel templ.SafeURL
	// IsNew shows the code as an input; an existing procedure's code is fixed.
	IsNew bool
	Form  ProcedureForm
	// Errors carries the field errors, keyed by field name.
	Errors  form.Form
	Options ProcedureOptions
}

// FieldID turns a field name ("cases[0].channels[1].kind") into an element
// id ("cases-0-channels-1-kind"): brackets are not allowed in the fragment
// of the error summary's links.
func FieldID(name string) string { return idReplacer.Replace(name) }

var idReplacer = strings.NewReplacer("[", "-", "]", "", ".", "-")

// Path builds the name of row i of a group: at("cases", 2) = "cases[2]".
func at(group string, i int) string { return group + "[" + strconv.Itoa(i) + "]" }

func (p ProcedureFormProps) summary() ui.ErrorSummaryProps {
	s := p.Errors.Summary()
	for i := range s.Errors {
		s.Errors[i].FieldID = FieldID(s.Errors[i].FieldID)
	}
	return s
}

func (p ProcedureFormProps) text(name, labelKey, value string) ui.FieldProps {
	return ui.FieldProps{ID: FieldID(name), Name: name, Label: p.P.T(labelKey), Value: value,
		Error: p.Errors.Error(name), ErrorPrefix: p.P.T("form.error_prefix")}
}

func (p ProcedureFormProps) area(name, labelKey, hintKey, value string) ui.FieldProps {
	f := p.text(name, labelKey, value)
	f.Type, f.Rows = "textarea", 6
	if hintKey != "" {
		f.Hint = p.P.T(hintKey)
	}
	return f
}

// short is a textarea of two lines, for names that may be long.
func (p ProcedureFormProps) short(name, labelKey, value string) ui.FieldProps {
	f := p.area(name, labelKey, "", value)
	f.Rows = 2
	return f
}

func (p ProcedureFormProps) number(name, labelKey, value string) ui.FieldProps {
	f := p.text(name, labelKey, value)
	f.Short, f.InputMode, f.NoSpellcheck = true, "decimal", true
	return f
}

// date is a date input; a value typed wrong in a browser without a date
// picker comes back in a text input, which may hold anything.
func (p ProcedureFormProps) date(name, labelKey, value string) ui.FieldProps {
	f := p.text(name, labelKey, value)
	f.Type, f.Short, f.Hint = "date", true, p.P.T("admin.catalog.date_hint")
	if _, err := time.Parse(time.DateOnly, value); value != "" && err != nil {
		f.Type = "text"
	}
	return f
}

func (p ProcedureFormProps) code(name, labelKey, value string) ui.FieldProps {
	f := p.text(name, labelKey, value)
	f.Short, f.NoSpellcheck, f.Autocomplete = true, true, "off"
	return f
}

func (p ProcedureFormProps) choose(name, labelKey, value string, opts []ui.Option, required bool) ui.SelectProps {
	s := ui.SelectProps{ID: FieldID(name), Name: name, Label: p.P.T(labelKey), Options: opts, Selected: value,
		Error: p.Errors.Error(name), ErrorPrefix: p.P.T("form.error_prefix"), Placeholder: p.P.T("form.choose"),
		Required: required}
	if !required {
		s.Placeholder = p.P.T("admin.catalog.none")
	}
	return s
}

func (p ProcedureFormProps) hasSubject(v string) bool {
	for _, s := range p.Form.Subjects {
		if s == v {
			return true
		}
	}
	return false
}

// CatalogListProps is the administration list of procedures.
type CatalogListProps struct {
	Page       layout.PageProps
	P          i18n.Printer
	Query      string
	Table      ui.TableProps
	Total      int
	Pagination ui.PaginationProps
}

// ProcedureAdminProps is a procedure's administration page.
type ProcedureAdminProps struct {
	Page layout.PageProps
	P    i18n.Printer
	Code string
	Name string
	// Status says in words whether it is published, has a draft, is retired.
	Status   []string
	Retired  *ui.AlertProps
	Versions ui.TableProps
	// Links; empty when the action is not available.
	EditHref    templ.SafeURL
	PreviewHref templ.SafeURL
	PublicHref  templ.SafeURL
	HistoryHref templ.SafeURL
	// ResultTemplateHref edits the template of the result document.
	ResultTemplateHref templ.SafeURL
	// Forms; empty when the action is not available.
	PublishAction templ.SafeURL
	DiscardAction templ.SafeURL
	RetireAction  templ.SafeURL
	// RetireForm keeps the reason and its error.
	RetireForm form.Form
	// Eforms lists the cases of the published version with their e-forms;
	// nil when nothing is published.
	Eforms *EformLinks
}

func (p ProcedureAdminProps) reasonField() ui.FieldProps {
	f := p.RetireForm.Field("reason", "admin.catalog.retire.reason", "admin.catalog.retire.reason_hint")
	f.Type, f.Rows, f.Required = "textarea", 3, true
	return f
}

// HistoryProps is a procedure's audit trail.
type HistoryProps struct {
	Page    layout.PageProps
	P       i18n.Printer
	Code    string
	Name    string
	Entries []HistoryEntry
}

// HistoryEntry is one audited action, labelled.
type HistoryEntry struct {
	When    string
	Who     string
	Action  string
	Changes ui.TableProps
}

// HistoryValue is an old or new value; Long values (JSON of a whole group)
// are shown folded, with Summary as the visible part.
type HistoryValue struct {
	Text    string
	Long    bool
	Summary string
}
