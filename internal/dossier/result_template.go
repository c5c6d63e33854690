package dossier

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/document"
	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/internal/org"
)

// What the administrators need to write a procedure's result template:
// the answers a result can print (BuildResult reads them by path), the
// defaults of the empty parts, and the result drawn for a sample dossier.

// ResultFields lists the answers a procedure's result can print, from the
// current e-forms of the cases of its current version (implements
// document.FieldSource). An unknown or unpublished procedure is
// document.ErrNotFound.
func (s *Service) ResultFields(ctx context.Context, code string) (document.TemplateFields, error) {
	_, forms, err := s.resultForms(ctx, code)
	if err != nil {
		return nil, err
	}
	return TemplateFieldsOf(forms), nil
}

// resultForms loads a procedure's current version and the current e-form
// of each case (nil for a case without one).
func (s *Service) resultForms(ctx context.Context, code string) (catalog.Record, []*eform.Form, error) {
	proc, err := s.d.Catalog.Procedure(ctx, code)
	if errors.Is(err, catalog.ErrNotFound) || (err == nil && proc.CurrentVersion == 0) {
		return catalog.Record{}, nil, fmt.Errorf("procedure %s: %w", code, document.ErrNotFound)
	}
	if err != nil {
		return catalog.Record{}, nil, err
	}
	v, err := s.d.Catalog.Version(ctx, code, proc.CurrentVersion)
	if err != nil {
		return catalog.Record{}, nil, err
	}
	forms := make([]*eform.Form, len(v.Record.Cases))
	for i := range v.Record.Cases {
		def, err := s.d.Forms.Current(ctx, code, i)
		if errors.Is(err, eform.ErrNotFound) {
			continue
		}
		if err != nil {
			return catalog.Record{}, nil, err
		}
		forms[i] = &def.Form
	}
	return v.Record, forms, nil
}

// TemplateFieldsOf lists the answers a result can print from the e-forms
// of a procedure's cases (nil for a case without one), in form order:
// every field but file slots and groups, and each sub-field of a group by
// its first item, which prints it for every item (see templateLines). A
// field some cases lack says which cases ask it.
func TemplateFieldsOf(forms []*eform.Form) document.TemplateFields {
	var out document.TemplateFields
	at := map[string]int{}
	withForm := 0
	for caseNo, f := range forms {
		if f == nil {
			continue
		}
		withForm++
		for _, tf := range formFields(*f) {
			if i, ok := at[tf.Path]; ok {
				out[i].Cases = append(out[i].Cases, caseNo)
				continue
			}
			at[tf.Path] = len(out)
			tf.Cases = []int{caseNo}
			out = append(out, tf)
		}
	}
	for i := range out {
		if len(out[i].Cases) == withForm {
			out[i].Cases = nil
		}
	}
	return out
}

// formFields lists one form's printable answers, each labelled with where
// it sits ("Thông tin người mẹ › Họ, chữ đệm, tên"), because the same
// question is often asked of several people.
func formFields(f eform.Form) []document.TemplateField {
	var out []document.TemplateField
	seen := map[string]bool{}
	for _, p := range f.Pages {
		for _, sec := range p.Sections {
			where := strings.TrimSpace(firstNonEmpty(sec.Title, p.Title))
			for _, fl := range sec.Fields {
				if fl.ID == "" || seen[fl.ID] || fl.Kind == eform.KindFile {
					continue
				}
				seen[fl.ID] = true
				if fl.Kind != eform.KindGroup {
					out = append(out, document.TemplateField{Path: fl.ID, Label: joinNonEmpty(" › ", where, fl.Label)})
					continue
				}
				subSeen := map[string]bool{}
				for _, sf := range fl.Fields {
					if sf.ID == "" || subSeen[sf.ID] || sf.Kind == eform.KindGroup || sf.Kind == eform.KindFile {
						continue
					}
					subSeen[sf.ID] = true
					out = append(out, document.TemplateField{Path: fl.ID + ".0." + sf.ID,
						Label: joinNonEmpty(" › ", where, fl.Label, sf.Label)})
				}
			}
		}
	}
	return out
}

// ResultDefaults are what the empty parts of a procedure's template give,
// its result issued by the procedure's competent unit (the first of them
// when each commune decides).
func (s *Service) ResultDefaults(ctx context.Context, code string) (document.ResultTemplate, error) {
	rec, _, err := s.resultForms(ctx, code)
	if err != nil {
		return document.ResultTemplate{}, err
	}
	unit, err := s.sampleUnit(ctx, rec)
	if err != nil {
		return document.ResultTemplate{}, err
	}
	return ResultDefaults(rec, unit), nil
}

// sampleUnit is the unit a procedure's sample result comes from: its
// competent unit, the first of them when there are several, or the
// province's People's Committee when the record names none in the tree.
func (s *Service) sampleUnit(ctx context.Context, rec catalog.Record) (org.Unit, error) {
	ag, err := s.AgenciesOf(ctx, rec)
	switch {
	case err == nil && ag.Fixed.ID != 0:
		return ag.Fixed, nil
	case err == nil && len(ag.Choices) > 0:
		return ag.Choices[0], nil
	case err != nil && !errors.Is(err, ErrClosed):
		return org.Unit{}, err
	}
	units, err := s.d.Units.List(ctx)
	if err != nil {
		return org.Unit{}, err
	}
	for _, u := range units {
		if u.ParentID == 0 {
			return u, nil
		}
	}
	return org.Unit{}, fmt.Errorf("dossier: no unit tree: %w", document.ErrNotFound)
}

// Sample people of a previewed result.
const (
	sampleHolder = "Nguyễn Văn An"
	sampleSigner = "Trần Thị Bình"
)

// SampleResult draws a procedure's result by template t for a made-up
// dossier, as its competent unit would issue it today: the answers
// eform.Form.Sample makes (of the case whose e-form asks the most of the
// template's fields), number 1 of the template's symbol. It has no
// verification code: the caller may add a placeholder with an address.
func (s *Service) SampleResult(ctx context.Context, code string, t document.ResultTemplate) (document.Result, error) {
	rec, forms, err := s.resultForms(ctx, code)
	if err != nil {
		return document.Result{}, err
	}
	unit, err := s.sampleUnit(ctx, rec)
	if err != nil {
		return document.Result{}, err
	}
	caseNo := sampleCase(forms, t)
	var form eform.Form
	if caseNo >= 0 {
		form = *forms[caseNo]
	}
	now := s.d.Now()
	h, err := s.header(ctx, unit, now)
	if err != nil {
		return document.Result{}, err
	}
	h.Number = "1/" + symbolOf(t)
	addr, where := s.sampleAddress(ctx, unit)
	var show []string
	for _, l := range t.Lines {
		show = append(show, l.Field)
	}
	d := Dossier{Code: unit.Code + "-" + now.In(vnZone).Format("060102") + "-0001", Procedure: rec.Code,
		ProcedureName: rec.Name, Case: max(caseNo, 0), Answers: form.Sample(addr, show...)}
	party := document.Party{Name: sampleHolder, Address: joinNonEmpty(", ", "Số 12, đường Hoàng Văn Thụ", where)}
	return BuildResult(rec, form, d, h, unit, party, sampleSigner, t, s.d.Places), nil
}

// sampleCase is the case whose e-form has the most of the template's
// fields (the first case with an e-form when none does); -1 when no case
// has one.
func sampleCase(forms []*eform.Form, t document.ResultTemplate) int {
	best, bestN := -1, -1
	for i, f := range forms {
		if f == nil {
			continue
		}
		fields := document.TemplateFields(formFields(*f))
		n := 0
		for _, l := range t.Lines {
			if fields.Has(l.Field) {
				n++
			}
		}
		if n > bestN {
			best, bestN = i, n
		}
	}
	return best
}

// sampleAddress is an address in the unit's commune (or the province),
// and the names of its places as printed.
func (s *Service) sampleAddress(ctx context.Context, unit org.Unit) (eform.Address, string) {
	root, commune := unit, org.Unit{}
	for root.ParentID != 0 {
		if root.Kind == org.KindCommune {
			commune = root
		}
		p, err := s.d.Units.Get(ctx, root.ParentID)
		if err != nil {
			break
		}
		root = p
	}
	addr := eform.Address{Province: root.AdminCode, Commune: commune.AdminCode}
	var names []string
	if s.d.Places != nil {
		if c, ok := s.d.Places.Commune(addr.Province, addr.Commune); ok {
			names = append(names, c.Name)
		}
		if p, ok := s.d.Places.Province(addr.Province); ok {
			names = append(names, p.Name)
		}
	}
	if len(names) == 0 {
		names = slices.DeleteFunc([]string{commune.Name, root.Name}, func(n string) bool { return n == "" })
	}
	return addr, strings.Join(names, ", ")
}

// templateLines are the printed answers of a template's lines. A line
// naming a group's sub-field by the group's first item ("nganh_nghe.0.
// ten_nganh", as TemplateFieldsOf offers it) prints that answer of every
// item: the lines in a row naming the same group print item by item, each
// label numbered when there are several ("Ngành, nghề kinh doanh 2", "Mã
// ngành 2"). A line naming another item ("thanh_vien.2.ho_ten") prints
// that one.
func templateLines(lines []document.TemplateLine, summary []eform.SummaryPage) []document.Line {
	byPath, items := answersByPath(summary), itemCounts(summary)
	var out []document.Line
	for i := 0; i < len(lines); {
		group, ok := everyItem(lines[i].Field)
		if !ok {
			out = append(out, document.Line{Label: lines[i].Label, Value: byPath[lines[i].Field]})
			i++
			continue
		}
		j := i + 1
		for j < len(lines) {
			if g, ok := everyItem(lines[j].Field); !ok || g != group {
				break
			}
			j++
		}
		n := items[group]
		for item := range max(n, 1) {
			for _, l := range lines[i:j] {
				label := l.Label
				if n > 1 {
					label += " " + strconv.Itoa(item+1)
				}
				path := group + "." + strconv.Itoa(item) + strings.TrimPrefix(l.Field, group+".0")
				out = append(out, document.Line{Label: label, Value: byPath[path]})
			}
		}
		i = j
	}
	return out
}

// everyItem reports whether path names a group's sub-field by its first
// item ("group.0.sub"), and which group.
func everyItem(path string) (string, bool) {
	parts := strings.Split(path, ".")
	if len(parts) != 3 || parts[1] != "0" {
		return "", false
	}
	return parts[0], true
}

// itemCounts are the shown items of each group of a form's summary.
func itemCounts(summary []eform.SummaryPage) map[string]int {
	out := map[string]int{}
	for _, p := range summary {
		for _, row := range p.Rows {
			if row.Kind == eform.KindGroup {
				out[row.Path] = len(row.Items)
			}
		}
	}
	return out
}
