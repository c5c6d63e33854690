package document

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/audit"
)

// The administrators keep one result template per procedure. A template
// line prints an answer of the procedure's e-form, so saving checks each
// line against the fields of the procedure's current e-forms (one per
// case): a line naming a field no case asks for is refused.

// TemplateField is an answer a result can print: its path in the answers
// ("ten_ho_kinh_doanh", "thanh_vien.0.ho_ten") and how the administrators
// know it.
type TemplateField struct {
	Path  string
	Label string
	// Cases are the (0-based) cases whose e-forms ask it, when not every
	// case does; nil when all do.
	Cases []int
}

// TemplateFields are the answers a procedure's result can print, in form
// order, the fields of a group named by its first item.
type TemplateFields []TemplateField

// itemIndex matches the item number of a group's sub-field path.
var itemIndex = regexp.MustCompile(`\.[0-9]+\.`)

// Has reports whether a line may print path: one of the fields, or another
// item of a group's sub-field ("thanh_vien.2.ho_ten").
func (fs TemplateFields) Has(path string) bool {
	if path == "" {
		return false
	}
	p := itemIndex.ReplaceAllString(path, ".0.")
	return slices.ContainsFunc(fs, func(f TemplateField) bool { return f.Path == p })
}

// TemplateFilter selects procedures for the list of result templates.
type TemplateFilter struct {
	// Text matches the code or the name (without diacritics).
	Text string
	// With: only procedures that have a template (true) or have none
	// (false); nil for both.
	With    *bool
	Page    int
	PerPage int
}

// TemplateRow is a procedure in force and its result template, if any.
type TemplateRow struct {
	Code       string
	Name       string
	ResultName string // the catalogue's first result
	// HasTemplate: the administrators set a template; Title and Symbol
	// are its own (empty for defaults), UpdatedAt when it was last saved.
	HasTemplate bool
	Title       string
	Symbol      string
	UpdatedAt   time.Time
}

// TemplateStore keeps the result templates.
type TemplateStore interface {
	// ResultTemplate is a procedure's template; the zero template when it
	// has none.
	ResultTemplate(ctx context.Context, procedure string) (ResultTemplate, error)
	PutResultTemplate(ctx context.Context, procedure string, t ResultTemplate, by int64, at time.Time) error
	// AddResultTemplate stores a template unless the procedure has one;
	// it reports whether it did.
	AddResultTemplate(ctx context.Context, procedure string, t ResultTemplate, by int64, at time.Time) (bool, error)
	// ResultTemplateCodes lists the procedures that have a template.
	ResultTemplateCodes(ctx context.Context) ([]string, error)
	// ResultTemplateList lists the procedures in force (published, not
	// retired) by code, with their templates.
	ResultTemplateList(ctx context.Context, f TemplateFilter) ([]TemplateRow, int, error)
}

// FieldSource lists what a procedure's result can print from the current
// e-forms of its cases (internal/dossier.Service implements it); an
// unknown procedure is an error wrapping ErrNotFound.
type FieldSource interface {
	ResultFields(ctx context.Context, procedure string) (TemplateFields, error)
}

// TemplateDeps are what the template service needs.
type TemplateDeps struct {
	Store TemplateStore
	// Tx runs fn in one transaction with stores bound to it.
	Tx     func(ctx context.Context, fn func(TemplateStore, audit.Store) error) error
	Fields FieldSource
	Now    func() time.Time
}

// Templates keeps the procedures' result templates.
type Templates struct{ d TemplateDeps }

// NewTemplates checks the dependencies.
func NewTemplates(d TemplateDeps) (*Templates, error) {
	if d.Store == nil || d.Tx == nil || d.Fields == nil {
		return nil, errors.New("document: templates need a store, transactions and the e-form fields")
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Templates{d: d}, nil
}

// TemplateErrors are the problems that stopped a template being saved.
type TemplateErrors []TemplateError

func (e TemplateErrors) Error() string {
	parts := make([]string, len(e))
	for i, x := range e {
		parts[i] = x.Error()
	}
	return "document: invalid result template: " + strings.Join(parts, ", ")
}

// Get returns a procedure's template (the zero template when it has none).
func (s *Templates) Get(ctx context.Context, procedure string) (ResultTemplate, error) {
	return s.d.Store.ResultTemplate(ctx, procedure)
}

// Fields lists what the procedure's result can print.
func (s *Templates) Fields(ctx context.Context, procedure string) (TemplateFields, error) {
	return s.d.Fields.ResultFields(ctx, procedure)
}

// List lists the procedures in force with their templates.
func (s *Templates) List(ctx context.Context, f TemplateFilter) ([]TemplateRow, int, error) {
	if f.Page < 1 {
		f.Page = 1
	}
	if f.PerPage < 1 || f.PerPage > 100 {
		f.PerPage = 50
	}
	return s.d.Store.ResultTemplateList(ctx, f)
}

// Normalize trims a template's parts and drops empty legal bases and
// lines; it is what Save stores.
func (t ResultTemplate) Normalize() ResultTemplate {
	out := ResultTemplate{Title: strings.TrimSpace(t.Title), Symbol: strings.TrimSpace(t.Symbol),
		SignerTitle: trimLines(t.SignerTitle)}
	for _, b := range t.Bases {
		if b = strings.TrimSpace(b); b != "" {
			out.Bases = append(out.Bases, b)
		}
	}
	for _, l := range t.Lines {
		l = TemplateLine{Label: strings.TrimSpace(l.Label), Field: strings.TrimSpace(l.Field)}
		if l != (TemplateLine{}) {
			out.Lines = append(out.Lines, l)
		}
	}
	return out
}

// trimLines trims every line of a text and drops the empty ones.
func trimLines(s string) string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// Check reports the problems of a procedure's template, each line checked
// against the fields of its e-forms.
func (s *Templates) Check(ctx context.Context, procedure string, t ResultTemplate) (TemplateErrors, error) {
	fields, err := s.d.Fields.ResultFields(ctx, procedure)
	if err != nil {
		return nil, err
	}
	return t.Check(fields.Has), nil
}

// Save checks and stores a procedure's template, with an audit entry in
// the same transaction; an invalid template is refused with
// TemplateErrors.
func (s *Templates) Save(ctx context.Context, actor int64, procedure string, t ResultTemplate) error {
	t = t.Normalize()
	errs, err := s.Check(ctx, procedure, t)
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		return errs
	}
	now := s.d.Now()
	return s.d.Tx(ctx, func(st TemplateStore, log audit.Store) error {
		old, err := st.ResultTemplate(ctx, procedure)
		if err != nil {
			return err
		}
		if err := st.PutResultTemplate(ctx, procedure, t, actor, now); err != nil {
			return err
		}
		return log.Append(ctx, audit.Entry{At: now, ActorID: actor, Action: "document.result_template",
			ObjectType: "result_template", ObjectID: procedure, Changes: templateChanges(old, t)})
	})
}

// templateChanges lists the parts of a template that changed.
func templateChanges(old, next ResultTemplate) []audit.Change {
	var ch audit.Changes
	add := ch.Add
	add("title", old.Title, next.Title)
	add("symbol", old.Symbol, next.Symbol)
	add("signer_title", old.SignerTitle, next.SignerTitle)
	add("bases", strings.Join(old.Bases, "\n"), strings.Join(next.Bases, "\n"))
	lines := func(ls []TemplateLine) string {
		out := make([]string, len(ls))
		for i, l := range ls {
			out[i] = l.Label + " = " + l.Field
		}
		return strings.Join(out, "\n")
	}
	add("lines", lines(old.Lines), lines(next.Lines))
	return ch
}

// SeedReport says what Seed did.
type SeedReport struct {
	Added int
	// Skipped are the templates left out, each "code: reason": a
	// procedure not in force, or a template its e-forms no longer fit.
	Skipped []string
}

// Seed adds the templates of procedures that have none (an
// administrator's template stays, and is not checked again), each checked
// like a saved one.
func (s *Templates) Seed(ctx context.Context, ts map[string]ResultTemplate) (SeedReport, error) {
	var rep SeedReport
	codes := make([]string, 0, len(ts))
	for c := range ts {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	have, err := s.d.Store.ResultTemplateCodes(ctx)
	if err != nil {
		return rep, err
	}
	now := s.d.Now()
	for _, code := range codes {
		if slices.Contains(have, code) {
			continue
		}
		t := ts[code].Normalize()
		errs, err := s.Check(ctx, code, t)
		if errors.Is(err, ErrNotFound) {
			rep.Skipped = append(rep.Skipped, code+": not in the catalogue")
			continue
		}
		if err != nil {
			return rep, fmt.Errorf("result template %s: %w", code, err)
		}
		if len(errs) > 0 {
			rep.Skipped = append(rep.Skipped, code+": "+errs.Error())
			continue
		}
		ok, err := s.d.Store.AddResultTemplate(ctx, code, t, 0, now)
		if err != nil {
			return rep, fmt.Errorf("result template %s: %w", code, err)
		}
		if ok {
			rep.Added++
		}
	}
	return rep, nil
}
