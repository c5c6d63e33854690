package dossier_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/document"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/internal/workflow"
)

// TestResultFollowsItsTemplate: once an administrator sets the
// procedure's result template, an approved dossier's result carries its
// title, its symbol in the number, its legal bases, its lines with the
// applicant's answers and its signer's title.
func TestResultFollowsItsTemplate(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	env.Clock.Set(time.Date(2026, 11, 30, 8, 0, 0, 0, calendar.Location()))
	ctx := context.Background()
	tpl := document.ResultTemplate{Title: "GIẤY XÁC NHẬN THÔNG TIN THỬ NGHIỆM", Symbol: "XNTN",
		Bases:       []string{"Căn cứ Thông tư số 01/2026/TT-TEST của Bộ Thử nghiệm;"},
		Lines:       []document.TemplateLine{{Label: "Người được xác nhận", Field: "ho_ten"}, {Label: "Số định danh", Field: "so_dinh_danh"}},
		SignerTitle: "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"}
	if err := env.App.ResultTemplates.Save(ctx, env.Users[account.RoleAdmin].ID, apptest.ProcCommune, tpl); err != nil {
		t.Fatal(err)
	}
	who := staff(t, env)
	citizen := env.Users[account.RoleCitizen]
	d := newDossier(t, env, citizen)
	for _, step := range []struct {
		u account.User
		a workflow.Action
	}{{who.clerk, workflow.ActionReceive}, {who.officer, workflow.ActionForward}, {who.leader, workflow.ActionApprove}} {
		env.Clock.Add(10 * time.Minute)
		var err error
		if d, err = env.App.Dossiers.Act(ctx, step.u, d.Code, dossier.ActInput{Action: step.a}); err != nil {
			t.Fatalf("%s: %v", step.a, err)
		}
	}
	docs, files := issued(t, env, d)
	results := ofKind(docs, document.KindResult)
	if len(results) != 1 || results[0].Number != "1/XNTN" || results[0].Title != tpl.Title {
		t.Fatalf("result: %+v", results)
	}
	text := pdfText(t, files[results[0].PublicID])
	for _, want := range []string{tpl.Title, "Số: 1/XNTN", tpl.Bases[0], "Người được xác nhận: " + citizen.FullName,
		"Số định danh: " + citizen.PersonalID, "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Cán bộ leader"} {
		if !strings.Contains(text, want) {
			t.Errorf("the result lacks %q:\n%s", want, text)
		}
	}
	// The catalogue's legal basis gave way to the template's.
	if strings.Contains(text, "Thông tư thử nghiệm;") {
		t.Errorf("the default basis is printed too:\n%s", text)
	}
}

// TestTemplateFieldsOf: a result can print every answer but file slots,
// a group's sub-fields by the first item; a field not every case asks
// says which do.
func TestTemplateFieldsOf(t *testing.T) {
	one := apptest.TestForm()
	two := eform.Form{Title: "Tờ khai khác", Pages: []eform.Page{{ID: "p", Title: "Người khai", Sections: []eform.Section{
		{Title: "Thông tin chung", Fields: []eform.Field{
			{ID: "ho_ten", Kind: eform.KindText, Label: "Họ và tên"},
			{ID: "ly_do", Kind: eform.KindTextarea, Label: "Lý do"},
		}}}}}}
	got := dossier.TemplateFieldsOf([]*eform.Form{&one, nil, &two})
	want := document.TemplateFields{
		{Path: "ho_ten", Label: "Người khai › Họ và tên"},
		{Path: "so_dinh_danh", Label: "Người khai › Số định danh cá nhân", Cases: []int{0}},
		{Path: "dien_thoai", Label: "Người khai › Số điện thoại", Cases: []int{0}},
		{Path: "ngay_sinh", Label: "Người khai › Ngày sinh", Cases: []int{0}},
		{Path: "noi_cu_tru", Label: "Người khai › Nơi cư trú", Cases: []int{0}},
		{Path: "nguoi_than_so_dinh_danh", Label: "Người thân › Số định danh cá nhân của người thân", Cases: []int{0}},
		{Path: "nguoi_than_ho_ten", Label: "Người thân › Họ và tên người thân", Cases: []int{0}},
		{Path: "con.0.ten", Label: "Người thân › Con › Họ và tên", Cases: []int{0}},
		{Path: "con.0.nam_sinh", Label: "Người thân › Con › Năm sinh", Cases: []int{0}},
		{Path: "co_giay_khac", Label: "Người thân › Có giấy tờ khác kèm theo?", Cases: []int{0}},
		{Path: "ly_do", Label: "Thông tin chung › Lý do", Cases: []int{2}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
	for path, ok := range map[string]bool{"ho_ten": true, "con.0.ten": true, "con.3.ten": true, "con": false,
		"tep_xac_nhan": false, "noi_cu_tru.province": false, "khong_co": false, "": false} {
		if got.Has(path) != ok {
			t.Errorf("Has(%q) = %v", path, !ok)
		}
	}
}
