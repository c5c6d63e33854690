package adminview

import (
	"strconv"

	"github.com/a-h/templ"

	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/templates/form"
	"github.com/motcua/motcua/templates/layout"
	"github.com/motcua/motcua/templates/ui"
)

// ResultTemplatesProps lists the procedures in force and their result
// templates, with a search and a filter.
type ResultTemplatesProps struct {
	Page       layout.PageProps
	P          i18n.Printer
	Action     templ.SafeURL
	Query      string
	Has        string
	HasOptions []ui.Option
	Total      int
	Table      ui.TableProps
	Pagination ui.PaginationProps
}

// ResultTemplateForm is the editor's state as typed. Its field names are
// the template's check paths ("title", "lines.2.field"), so errors land
// beside the right control; the legal bases are one textarea, one basis
// a line.
type ResultTemplateForm struct {
	Title       string
	Symbol      string
	SignerTitle string
	Bases       string
	Lines       []ResultLineRow
}

// ResultLineRow is one printed line: a label and the answer it prints.
type ResultLineRow struct {
	Label, Field string
	Remove       bool
}

// ResultDefaults are what the empty parts give, shown as placeholders.
type ResultDefaults struct {
	Title       string
	Symbol      string
	SignerTitle string
	Bases       string
	// Lines are the labels of the answers printed without lines.
	Lines []string
}

// ResultTemplateProps edits one procedure's result template.
type ResultTemplateProps struct {
	Page       layout.PageProps
	P          i18n.Printer
	Code       string
	Name       string
	ResultName string
	Form       ResultTemplateForm
	// Errors holds the field errors (its values are unused).
	Errors   form.Form
	Defaults ResultDefaults
	// Fields are the answers a line can print; NoForm says the procedure
	// has no e-form at all.
	Fields  []ui.Option
	NoForm  bool
	Action  templ.SafeURL
	Preview templ.SafeURL
	Back    templ.SafeURL
}

// LineName is the input name of a part of line i ("lines.2.label").
func LineName(i int, part string) string { return "lines." + strconv.Itoa(i) + "." + part }

func (p ResultTemplateProps) summary() ui.ErrorSummaryProps {
	s := p.Errors.Summary()
	for i := range s.Errors {
		s.Errors[i].FieldID = FieldID(s.Errors[i].FieldID)
	}
	return s
}

// field is a text field of the editor, its default as placeholder.
func (p ResultTemplateProps) field(name, labelKey, hintKey, value, placeholder string) ui.FieldProps {
	f := ui.FieldProps{ID: FieldID(name), Name: name, Label: p.P.T(labelKey), Value: value, Error: p.Errors.Error(name),
		ErrorPrefix: p.P.T("form.error_prefix"), Placeholder: placeholder}
	if hintKey != "" {
		f.Hint = p.P.T(hintKey)
	}
	return f
}

func (p ResultTemplateProps) area(name, labelKey, hintKey, value, placeholder string, rows int) ui.FieldProps {
	f := p.field(name, labelKey, hintKey, value, placeholder)
	f.Type, f.Rows = "textarea", rows
	return f
}

// lineLabel is the label input of line i.
func (p ResultTemplateProps) lineLabel(i int, l ResultLineRow) ui.FieldProps {
	return p.field(LineName(i, "label"), "admin.result.line_label", "", l.Label, "")
}

// lineField is the answer chooser of line i; a field the e-forms no longer
// have stays chosen, so the error beside it can say so.
func (p ResultTemplateProps) lineField(i int, l ResultLineRow) ui.SelectProps {
	name := LineName(i, "field")
	opts := p.Fields
	known := l.Field == ""
	for _, o := range opts {
		known = known || o.Value == l.Field
	}
	if !known {
		opts = append(append([]ui.Option(nil), opts...), ui.Option{Value: l.Field, Label: p.P.T("admin.result.unknown_field", l.Field)})
	}
	return ui.SelectProps{ID: FieldID(name), Name: name, Label: p.P.T("admin.result.line_field"), Options: opts,
		Selected: l.Field, Error: p.Errors.Error(name), ErrorPrefix: p.P.T("form.error_prefix"),
		Placeholder: p.P.T("admin.result.choose_field")}
}
