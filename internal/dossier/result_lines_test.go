package dossier_test

import (
	"context"
	"encoding/json"
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/document"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/pdfgen"
)

// householdBusiness reads the seed e-form and result template of the
// household business registration (1.001612).
func householdBusiness(t *testing.T) (eform.Form, document.ResultTemplate) {
	t.Helper()
	b, err := fs.ReadFile(motcua.SeedFS, "testdata/seed/eforms/1.001612.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Cases []struct {
			Form eform.Form `json:"form"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(b, &file); err != nil {
		t.Fatal(err)
	}
	b, err = fs.ReadFile(motcua.SeedFS, "testdata/seed/result-templates.json")
	if err != nil {
		t.Fatal(err)
	}
	var tpls map[string]document.ResultTemplate
	if err := json.Unmarshal(b, &tpls); err != nil {
		t.Fatal(err)
	}
	return file.Cases[0].Form, tpls["1.001612"]
}

// TestResultPrintsEveryRepeatedAnswer: the household business
// certificate names the lines of business through the group's first item;
// a dossier with two lines prints both, each with its code, numbered, in
// the PDF as issued. A single line keeps its plain label.
func TestResultPrintsEveryRepeatedAnswer(t *testing.T) {
	form, tpl := householdBusiness(t)
	answers := eform.Answers{
		"ten_ho_kinh_doanh": {Text: "HỘ KINH DOANH MINH ANH"},
		"ho_ten":            {Text: "Nguyễn Thị Minh Anh"},
		"von_kinh_doanh":    {Text: "100000000"},
		"nganh_nghe": {Items: []eform.Answers{
			{"ten_nganh": {Text: "Bán lẻ lương thực, thực phẩm"}, "ma_nganh": {Text: "4711"}, "nganh_chinh": {Text: "yes"}},
			{"ten_nganh": {Text: "Dịch vụ ăn uống"}, "ma_nganh": {Text: "5610"}, "nganh_chinh": {Text: "no"}},
		}},
	}
	rec := catalog.Record{Code: "1.001612", Name: "Đăng ký thành lập hộ kinh doanh",
		Results: []catalog.Result{{Name: "Giấy chứng nhận đăng ký hộ kinh doanh"}}}
	unit := org.Unit{Name: "UBND Phường Phan Đình Phùng", Kind: org.KindCommune}
	h := document.Header{Unit: "UBND PHƯỜNG PHAN ĐÌNH PHÙNG", Number: "1/HKD", Place: "Thái Nguyên",
		Date: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	d := dossier.Dossier{Code: "038.01.50.H19-261201-0001", Procedure: rec.Code, Answers: answers}
	res := dossier.BuildResult(rec, form, d, h, unit, document.Party{Name: "Nguyễn Thị Minh Anh"}, "Trần Văn Bình", tpl, nil)

	var got []document.Line
	for _, l := range res.Lines {
		if strings.HasPrefix(l.Label, "Ngành") || strings.HasPrefix(l.Label, "Mã ngành") {
			got = append(got, l)
		}
	}
	want := []document.Line{
		{Label: "Ngành, nghề kinh doanh 1", Value: "Bán lẻ lương thực, thực phẩm"}, {Label: "Mã ngành 1", Value: "4711"},
		{Label: "Ngành, nghề kinh doanh 2", Value: "Dịch vụ ăn uống"}, {Label: "Mã ngành 2", Value: "5610"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("lines of business (-want +got):\n%s", diff)
	}
	pdf, err := pdfgen.New().Render(context.Background(), res)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, pdf)
	for _, w := range []string{"Ngành, nghề kinh doanh 1: Bán lẻ lương thực, thực phẩm", "Mã ngành 1: 4711",
		"Ngành, nghề kinh doanh 2: Dịch vụ ăn uống", "Mã ngành 2: 5610", "Tên hộ kinh doanh: HỘ KINH DOANH MINH ANH"} {
		if !strings.Contains(text, w) {
			t.Errorf("the certificate lacks %q:\n%s", w, text)
		}
	}

	// One line of business: printed once, as the template labels it.
	answers["nganh_nghe"] = eform.Value{Items: answers["nganh_nghe"].Items[:1]}
	res = dossier.BuildResult(rec, form, d, h, unit, document.Party{}, "", tpl, nil)
	got = nil
	for _, l := range res.Lines {
		if strings.HasPrefix(l.Label, "Ngành") || strings.HasPrefix(l.Label, "Mã ngành") {
			got = append(got, l)
		}
	}
	want = []document.Line{{Label: "Ngành, nghề kinh doanh", Value: "Bán lẻ lương thực, thực phẩm"}, {Label: "Mã ngành", Value: "4711"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("one line of business (-want +got):\n%s", diff)
	}

	// A line naming another item prints that item only.
	tpl.Lines = []document.TemplateLine{{Label: "Ngành thứ hai", Field: "nganh_nghe.1.ten_nganh"}}
	answers["nganh_nghe"] = eform.Value{Items: []eform.Answers{{"ten_nganh": {Text: "A"}}, {"ten_nganh": {Text: "B"}}}}
	res = dossier.BuildResult(rec, form, d, h, unit, document.Party{}, "", tpl, nil)
	if diff := cmp.Diff([]document.Line{{Label: "Ngành thứ hai", Value: "B"}}, res.Lines); diff != "" {
		t.Errorf("an item by its number (-want +got):\n%s", diff)
	}
}
