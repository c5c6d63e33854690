package apptest

import (
	"bytes"
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/internal/upload/uploadtest"
	"github.com/motcua/motcua/internal/workflow"
)

// Codes of the test procedures with e-forms.
const (
	// ProcCommune is decided by each commune (the applicant chooses one).
	ProcCommune = "1.009901"
	// ProcProvince is decided by Sở Tư pháp (received at the province's
	// service centre).
	ProcProvince = "1.009902"
)

// OpenProcedures publishes two small procedures that take dossiers
// online, each with an e-form of two pages: the applicant (prefilled from
// the account and the population registry) and one required document.
// It also loads the demo registries.
func (e *Env) OpenProcedures(t testing.TB) {
	t.Helper()
	ctx := context.Background()
	if _, err := e.App.SeedRegistry(ctx); err != nil {
		t.Fatal(err)
	}
	for _, rec := range TestProcedures() {
		e.Publish(t, rec)
		e.PublishForm(t, rec.Code, 0, TestForm())
	}
}

// TestProcedures are the two test procedures OpenProcedures publishes
// (ProcCommune and ProcProvince), each with one case taking dossiers
// online; TestForm is their e-form. The load test of `make bench` publishes
// them too.
func TestProcedures() []catalog.Record {
	docs := []catalog.Document{
		{Name: "Tờ khai theo mẫu (khai trực tuyến trên tờ khai điện tử)", Originals: 1, Required: true},
		{Name: "Giấy xác nhận của cơ quan có thẩm quyền", Originals: 1, Required: true},
		{Name: "Giấy tờ khác (nếu có)", Copies: 1},
	}
	channels := []catalog.Channel{
		{Kind: catalog.ChannelDirect, Duration: 3, Unit: catalog.WorkingDays, Fees: []catalog.Fee{{Kind: catalog.KindLePhi, Amount: 20000}}},
		{Kind: catalog.ChannelOnline, Duration: 3, Unit: catalog.WorkingDays, Fees: []catalog.Fee{{Kind: catalog.KindLePhi, Amount: 10000,
			Description: "Nộp trực tuyến"}}},
	}
	legal := []catalog.LegalBasis{{Number: "01/2026/TT-TEST", Title: "Thông tư thử nghiệm", Date: "2026-01-01", Issuer: "Bộ Thử nghiệm"}}
	return []catalog.Record{
		{Code: ProcCommune, Name: "Xác nhận thông tin thử nghiệm", Level: catalog.LevelCommune,
			Field: catalog.Field{Code: "TN", Name: "Thử nghiệm"}, Subjects: []catalog.Subject{catalog.SubjectCitizen},
			Agencies: []catalog.Agency{{Role: catalog.AgencyImplementing, Name: "UBND cấp xã", UnitKind: "commune"}},
			Cases:    []catalog.Case{{Name: "Trường hợp chung", Steps: "Nộp hồ sơ.", Channels: channels, Documents: docs}},
			Results:  []catalog.Result{{Name: "Giấy xác nhận"}}, LegalBases: legal, OnlineLevel: catalog.OnlineFull},
		{Code: ProcProvince, Name: "Cấp giấy chứng nhận thử nghiệm", Level: catalog.LevelProvince,
			Field: catalog.Field{Code: "TN", Name: "Thử nghiệm"}, Subjects: []catalog.Subject{catalog.SubjectCitizen, catalog.SubjectBusiness},
			Agencies: []catalog.Agency{{Role: catalog.AgencyImplementing, Name: "Sở Tư pháp", UnitCode: "000.00.04.H19"}},
			Cases:    []catalog.Case{{Name: "Trường hợp chung", Steps: "Nộp hồ sơ.", Channels: channels, Documents: docs}},
			Results:  []catalog.Result{{Name: "Giấy chứng nhận"}}, LegalBases: legal, OnlineLevel: catalog.OnlineFull},
	}
}

// PublishForm publishes an e-form for a case, as an administrator would.
func (e *Env) PublishForm(t testing.TB, code string, caseNo int, f eform.Form) {
	t.Helper()
	ctx := context.Background()
	admin := e.Users["admin"].ID
	if _, err := e.App.Eforms.SaveDraft(ctx, admin, code, caseNo, f, 0); err != nil {
		t.Fatalf("save e-form %s: %v", code, err)
	}
	if _, err := e.App.Eforms.Publish(ctx, admin, code, caseNo); err != nil {
		t.Fatalf("publish e-form %s: %v", code, err)
	}
}

// TestForm is the test procedures' e-form: the applicant's name, personal
// ID, phone and birth date (prefilled), a relative looked up in the
// population registry by personal ID, a repeating group, and a page of
// documents with one required file slot (document 1) and an optional one
// (document 2) shown when the applicant says they have other papers.
func TestForm() eform.Form {
	one, two := 1, 2
	return eform.Form{Title: "Tờ khai thử nghiệm", Pages: []eform.Page{
		{ID: "nguoi-khai", Title: "Người khai", Sections: []eform.Section{{Fields: []eform.Field{
			{ID: "ho_ten", Kind: eform.KindText, Label: "Họ và tên", Required: true, MaxLength: 100, Source: "account.full_name"},
			{ID: "so_dinh_danh", Kind: eform.KindPersonalID, Label: "Số định danh cá nhân", Required: true, Source: "account.personal_id"},
			{ID: "dien_thoai", Kind: eform.KindPhone, Label: "Số điện thoại", Required: true, Source: "account.phone"},
			{ID: "ngay_sinh", Kind: eform.KindDate, Label: "Ngày sinh", MaxDate: "today", Source: "account.birth_date"},
			{ID: "noi_cu_tru", Kind: eform.KindAddress, Label: "Nơi cư trú", Source: "population.permanent_address"},
		}}}},
		{ID: "nguoi-than", Title: "Người thân", Sections: []eform.Section{{Fields: []eform.Field{
			{ID: "nguoi_than_so_dinh_danh", Kind: eform.KindPersonalID, Label: "Số định danh cá nhân của người thân"},
			{ID: "nguoi_than_ho_ten", Kind: eform.KindText, Label: "Họ và tên người thân", Source: "population.full_name",
				SourceKey: "nguoi_than_so_dinh_danh"},
			{ID: "con", Kind: eform.KindGroup, Label: "Con", ItemLabel: "Con thứ {n}", AddLabel: "Thêm con", MaxItems: 5, Fields: []eform.Field{
				{ID: "ten", Kind: eform.KindText, Label: "Họ và tên", Required: true},
				{ID: "nam_sinh", Kind: eform.KindNumber, Label: "Năm sinh", Min: ptr(1900.0), Max: ptr(2100.0)},
			}},
			{ID: "co_giay_khac", Kind: eform.KindYesNo, Label: "Có giấy tờ khác kèm theo?"},
		}}}},
		{ID: "giay-to", Title: "Giấy tờ kèm theo", Sections: []eform.Section{{Fields: []eform.Field{
			{ID: "tep_xac_nhan", Kind: eform.KindFile, Label: "Giấy xác nhận", Required: true, Document: &one},
			{ID: "tep_khac", Kind: eform.KindFile, Label: "Giấy tờ khác", Document: &two,
				ShowIf: &eform.Condition{Field: "co_giay_khac", In: []string{"yes"}}},
		}}}},
	}}
}

func ptr[T any](v T) *T { return &v }

// PublishFlow publishes an internal process for a case, as an
// administrator would (the staff it needs must exist).
func (e *Env) PublishFlow(t testing.TB, code string, caseNo int, f workflow.Flow) {
	t.Helper()
	ctx := context.Background()
	admin := e.Users["admin"].ID
	if _, err := e.App.Workflows.SaveDraft(ctx, admin, code, caseNo, f, 0); err != nil {
		t.Fatalf("save process %s: %v", code, err)
	}
	if _, err := e.App.Workflows.Publish(ctx, admin, code, caseNo); err != nil {
		t.Fatalf("publish process %s: %v", code, err)
	}
}

// SubmitDossier submits, as the applicant u, a complete dossier of one of
// the test procedures (OpenProcedures first): ProcCommune decided by the
// commune with unitCode, or ProcProvince (unitCode ""). It fills the test
// e-form, attaches the required document and submits.
func (e *Env) SubmitDossier(t testing.TB, u account.User, procedure, unitCode string) dossier.Dossier {
	t.Helper()
	d := e.CompleteDraft(t, u, procedure, unitCode)
	out, _, err := e.App.Dossiers.Submit(context.Background(), u, d.PublicID, dossier.SubmitInput{Declaration: true})
	if err != nil {
		t.Fatalf("submit %s: %v", procedure, err)
	}
	return out
}

// CompleteDraft is SubmitDossier's draft before it is submitted: every
// page answered, the document attached, the result to be collected online.
func (e *Env) CompleteDraft(t testing.TB, u account.User, procedure, unitCode string) dossier.Draft {
	t.Helper()
	ctx := context.Background()
	svc := e.App.Dossiers
	d, err := svc.Start(ctx, u, dossier.StartInput{Procedure: procedure, UnitCode: unitCode})
	if err != nil {
		t.Fatalf("start %s: %v", procedure, err)
	}
	for _, page := range []struct {
		id string
		v  url.Values
	}{
		{"nguoi-khai", url.Values{"ho_ten": {u.FullName}, "so_dinh_danh": {u.PersonalID}, "dien_thoai": {"0987000123"}}},
		{"nguoi-than", url.Values{"co_giay_khac": {"no"}}},
	} {
		res, err := svc.SavePage(ctx, u, d.PublicID, page.id, page.v, "")
		if err != nil || len(res.Errors) > 0 {
			t.Fatalf("page %s: %v %v", page.id, err, res.Errors)
		}
	}
	if _, err := svc.Upload(ctx, u, d.PublicID, dossier.UploadInput{Slot: "tep_xac_nhan", Name: "giay-xac-nhan.pdf",
		Body: bytes.NewReader(uploadtest.PDF(4 << 10))}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SaveDelivery(ctx, u, d.PublicID, dossier.Delivery{Method: dossier.DeliverOnline}); err != nil {
		t.Fatal(err)
	}
	return d
}

// Step is one staff action on a dossier.
type Step struct {
	Who    account.User
	Action workflow.Action
}

// Act takes the staff actions in order on dossier code, each advance
// minutes after the previous on the test clock (when it is stopped),
// failing the test at the first one refused.
func (e *Env) Act(t testing.TB, code string, advance time.Duration, steps ...Step) dossier.Dossier {
	t.Helper()
	var d dossier.Dossier
	for _, s := range steps {
		if advance > 0 && e.Clock.Stopped() {
			e.Clock.Add(advance)
		}
		var err error
		if d, err = e.App.Dossiers.Act(context.Background(), s.Who, code, dossier.ActInput{Action: s.Action}); err != nil {
			t.Fatalf("%s by %s: %v", s.Action, s.Who.Role, err)
		}
	}
	return d
}
