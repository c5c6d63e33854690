package document_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/document"
)

// fakeTemplates keeps templates in memory; a procedure is known when it
// has fields.
type fakeTemplates struct {
	stored map[string]document.ResultTemplate
	fields map[string]document.TemplateFields
	log    []audit.Entry
}

func (f *fakeTemplates) ResultTemplate(_ context.Context, code string) (document.ResultTemplate, error) {
	return f.stored[code], nil
}

func (f *fakeTemplates) PutResultTemplate(_ context.Context, code string, t document.ResultTemplate, _ int64, _ time.Time) error {
	f.stored[code] = t
	return nil
}

func (f *fakeTemplates) AddResultTemplate(_ context.Context, code string, t document.ResultTemplate, _ int64, _ time.Time) (bool, error) {
	if _, ok := f.stored[code]; ok {
		return false, nil
	}
	f.stored[code] = t
	return true, nil
}

func (f *fakeTemplates) ResultTemplateCodes(context.Context) ([]string, error) {
	var out []string
	for c := range f.stored {
		out = append(out, c)
	}
	slices.Sort(out)
	return out, nil
}

func (f *fakeTemplates) ResultTemplateList(context.Context, document.TemplateFilter) ([]document.TemplateRow, int, error) {
	return nil, 0, nil
}

func (f *fakeTemplates) ResultFields(_ context.Context, code string) (document.TemplateFields, error) {
	fs, ok := f.fields[code]
	if !ok {
		return nil, fmt.Errorf("procedure %s: %w", code, document.ErrNotFound)
	}
	return fs, nil
}

func (f *fakeTemplates) Append(_ context.Context, e audit.Entry) error {
	f.log = append(f.log, e)
	return nil
}

func (f *fakeTemplates) ForObject(context.Context, string, string) ([]audit.Entry, error) {
	return f.log, nil
}

func newTemplates(t *testing.T) (*document.Templates, *fakeTemplates) {
	t.Helper()
	f := &fakeTemplates{stored: map[string]document.ResultTemplate{}, fields: map[string]document.TemplateFields{
		"1.001612": {{Path: "ten_ho_kinh_doanh", Label: "Tên hộ kinh doanh"}, {Path: "nganh_nghe.0.ten_nganh", Label: "Ngành"}},
	}}
	s, err := document.NewTemplates(document.TemplateDeps{Store: f, Fields: f,
		Tx:  func(_ context.Context, fn func(document.TemplateStore, audit.Store) error) error { return fn(f, f) },
		Now: func() time.Time { return time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	return s, f
}

// TestSaveTemplate: a template is trimmed, checked against the e-form's
// fields (a line naming none is refused where it is) and saved with an
// audit entry of what changed.
func TestSaveTemplate(t *testing.T) {
	s, f := newTemplates(t)
	ctx := context.Background()
	bad := document.ResultTemplate{Symbol: "HKD/2026", Bases: []string{strings.Repeat("x", 501)},
		Lines: []document.TemplateLine{{Label: "Tên", Field: "ten_ho_kinh_doanh"}, {Label: "", Field: "khong_co"},
			{Label: "Ngành thứ hai", Field: "nganh_nghe.1.ten_nganh"}}}
	err := s.Save(ctx, 7, "1.001612", bad)
	var errs document.TemplateErrors
	if !errors.As(err, &errs) {
		t.Fatalf("bad template: %v", err)
	}
	want := document.TemplateErrors{{Field: "symbol", Key: "document.template.symbol"}, {Field: "bases.0", Key: "document.template.basis"},
		{Field: "lines.1.label", Key: "document.template.label"}, {Field: "lines.1.field", Key: "document.template.field"}}
	if diff := cmp.Diff(want, errs); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	if len(f.stored)+len(f.log) != 0 {
		t.Fatal("a refused template was stored")
	}
	if err := s.Save(ctx, 7, "9.999999", document.ResultTemplate{}); !errors.Is(err, document.ErrNotFound) {
		t.Errorf("unknown procedure: %v", err)
	}

	good := document.ResultTemplate{Title: "  GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH ", Symbol: "HKD",
		Bases: []string{" Căn cứ Nghị định số 168/2025/NĐ-CP; ", "  "}, SignerTitle: "KT. CHỦ TỊCH \r\n\r\n PHÓ CHỦ TỊCH",
		Lines: []document.TemplateLine{{Label: " Tên hộ kinh doanh ", Field: "ten_ho_kinh_doanh"}, {}}}
	if err := s.Save(ctx, 7, "1.001612", good); err != nil {
		t.Fatal(err)
	}
	stored := document.ResultTemplate{Title: "GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH", Symbol: "HKD",
		Bases: []string{"Căn cứ Nghị định số 168/2025/NĐ-CP;"}, SignerTitle: "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
		Lines: []document.TemplateLine{{Label: "Tên hộ kinh doanh", Field: "ten_ho_kinh_doanh"}}}
	if diff := cmp.Diff(stored, f.stored["1.001612"]); diff != "" {
		t.Errorf("stored (-want +got):\n%s", diff)
	}
	if len(f.log) != 1 || f.log[0].ActorID != 7 || f.log[0].ObjectID != "1.001612" || len(f.log[0].Changes) != 5 {
		t.Fatalf("audit: %+v", f.log)
	}
	// Saving again with one change records that change only.
	good.Symbol = "GCN-HKD"
	if err := s.Save(ctx, 8, "1.001612", good); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]audit.Change{{Field: "symbol", Old: "HKD", New: "GCN-HKD"}}, f.log[1].Changes); diff != "" {
		t.Errorf("second change (-want +got):\n%s", diff)
	}
}

// TestSeedTemplates: seeding adds what is missing, leaves what an
// administrator set alone (checked or not), and skips, saying why,
// templates of unknown procedures or that do not fit the e-form.
func TestSeedTemplates(t *testing.T) {
	s, f := newTemplates(t)
	ctx := context.Background()
	f.fields["1.004873"] = document.TemplateFields{{Path: "ho_ten"}}
	f.fields["1.001193"] = document.TemplateFields{{Path: "ks_ho_ten"}}
	mine := document.ResultTemplate{Title: "MẪU CỦA QUẢN TRỊ", Lines: []document.TemplateLine{{Label: "Cũ", Field: "truong_da_xoa"}}}
	f.stored["1.004873"] = mine
	rep, err := s.Seed(ctx, map[string]document.ResultTemplate{
		"1.001612": {Title: "GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH", Symbol: "HKD"},
		"1.004873": {Title: "GIẤY XÁC NHẬN TÌNH TRẠNG HÔN NHÂN"},
		"1.001193": {Title: "GIẤY KHAI SINH", Lines: []document.TemplateLine{{Label: "Họ tên", Field: "ho_ten_tre"}}},
		"9.999999": {Title: "KHÔNG CÓ"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 1 || len(rep.Skipped) != 2 || !strings.HasPrefix(rep.Skipped[0], "1.001193: ") ||
		!strings.HasPrefix(rep.Skipped[1], "9.999999: ") {
		t.Errorf("report: %+v", rep)
	}
	if f.stored["1.001612"].Symbol != "HKD" || f.stored["1.004873"].Title != mine.Title {
		t.Errorf("stored: %+v", f.stored)
	}
	if rep, err := s.Seed(ctx, map[string]document.ResultTemplate{"1.001612": {Title: "KHÁC"}}); err != nil || rep.Added != 0 {
		t.Errorf("second seed: %+v, %v", rep, err)
	}
}
