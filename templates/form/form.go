// Package form binds a submitted form's values and field errors (message
// keys from the domain's valid.Errors) to design-system props, so every page
// shows errors the same way: a summary at the top linking to each field and
// the message beside the field. It never queries; it translates through the
// printer it is given.
package form

import (
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/templates/ui"
)

// Form carries a submitted form's values and errors back to its page.
type Form struct {
	Values map[string]string
	Errors valid.Errors
	p      i18n.Printer
}

// New wraps values and errors for rendering with printer p.
func New(p i18n.Printer, values map[string]string, errs valid.Errors) Form {
	if values == nil {
		values = map[string]string{}
	}
	return Form{Values: values, Errors: errs, p: p}
}

// Value returns a submitted value.
func (f Form) Value(name string) string { return f.Values[name] }

// Error returns the translated error of a field, or "".
func (f Form) Error(name string) string {
	fe, ok := f.Errors.For(name)
	if !ok {
		return ""
	}
	return f.p.T(fe.Key, fe.Args...)
}

// Summary lists every error for the error summary, in field order.
func (f Form) Summary() ui.ErrorSummaryProps {
	s := ui.ErrorSummaryProps{Title: f.p.T("form.error_summary_title")}
	for _, fe := range f.Errors {
		s.Errors = append(s.Errors, ui.FieldError{FieldID: fe.Field, Message: f.p.T(fe.Key, fe.Args...)})
	}
	return s
}

// Field builds the props of a text field bound to this form.
func (f Form) Field(name, labelKey, hintKey string) ui.FieldProps {
	fp := ui.FieldProps{Name: name, Label: f.p.T(labelKey), Value: f.Values[name], Error: f.Error(name),
		ErrorPrefix: f.p.T("form.error_prefix")}
	if hintKey != "" {
		fp.Hint = f.p.T(hintKey)
	}
	return fp
}

// Select builds the props of a select bound to this form.
func (f Form) Select(name, labelKey, hintKey string, opts []ui.Option) ui.SelectProps {
	sp := ui.SelectProps{Name: name, Label: f.p.T(labelKey), Options: opts, Selected: f.Values[name],
		Error: f.Error(name), ErrorPrefix: f.p.T("form.error_prefix"), Placeholder: f.p.T("form.choose"), Required: true}
	if hintKey != "" {
		sp.Hint = f.p.T(hintKey)
	}
	return sp
}
