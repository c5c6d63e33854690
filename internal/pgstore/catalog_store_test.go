package pgstore_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/dbtest"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/pgstore"
)

// Unit codes of the test province.
const (
	unitProvince   = "000.00.00.H19"
	unitJustice    = "000.00.04.H19"
	unitBuilding   = "000.00.09.H19"
	unitPolice     = "000.00.20.H19"
	unitTanCuong   = "001.00.50.H19"
	unitPhanDinhPh = "001.00.51.H19"
)

// Procedure codes of the test records.
const (
	codeLicence   = "3.000347" // Đổi giấy phép lái xe
	codeBirth     = "1.001193" // Đăng ký khai sinh
	codeMarriage  = "1.000894" // Đăng ký kết hôn
	codeBuilding  = "1.009994" // Cấp giấy phép xây dựng ... nhà ở riêng lẻ
	codeResidence = "1.004194" // Đăng ký thường trú
)

var testUnits = []org.SeedUnit{
	{Code: unitProvince, Name: "UBND tỉnh Thái Nguyên", Kind: org.KindProvince, AdminCode: "19"},
	{Code: unitJustice, Name: "Sở Tư pháp", Kind: org.KindDepartment, ParentCode: unitProvince, SortOrder: 4},
	{Code: unitBuilding, Name: "Sở Xây dựng", Kind: org.KindDepartment, ParentCode: unitProvince, SortOrder: 9},
	{Code: unitPolice, Name: "Công an tỉnh", Kind: org.KindPolice, ParentCode: unitProvince, SortOrder: 20},
	{Code: unitTanCuong, Name: "UBND xã Tân Cương", Kind: org.KindCommune, ParentCode: unitProvince, SortOrder: 101},
	{Code: unitPhanDinhPh, Name: "UBND phường Phan Đình Phùng", Kind: org.KindCommune, ParentCode: unitProvince, SortOrder: 102},
}

func onlineChannel(days float64, fee int64) []catalog.Channel {
	chs := []catalog.Channel{
		{Kind: catalog.ChannelDirect, Duration: days, Unit: catalog.WorkingDays},
		{Kind: catalog.ChannelOnline, Duration: days, Unit: catalog.WorkingDays},
	}
	if fee > 0 {
		for i := range chs {
			chs[i].Fees = []catalog.Fee{{Kind: catalog.KindLePhi, Amount: fee}}
		}
	}
	return chs
}

func recLicence() catalog.Record {
	return catalog.Record{
		Code: codeLicence, Name: "Đổi giấy phép lái xe", Level: catalog.LevelProvince,
		Field:    catalog.Field{Code: "DB", Name: "Đường bộ"},
		Subjects: []catalog.Subject{catalog.SubjectCitizen, catalog.SubjectForeigner},
		Agencies: []catalog.Agency{
			{Role: catalog.AgencyCompetent, Name: "Sở Xây dựng", UnitCode: unitBuilding},
			{Role: catalog.AgencyImplementing, Name: "Sở Xây dựng", UnitCode: unitBuilding},
		},
		Cases: []catalog.Case{{
			Name:     "Đổi giấy phép lái xe do ngành Giao thông vận tải cấp",
			Steps:    "Cá nhân nộp hồ sơ trực tuyến hoặc tại Trung tâm Phục vụ hành chính công; cơ quan tiếp nhận kiểm tra, chụp ảnh và cấp giấy phép lái xe mới.",
			Channels: onlineChannel(5, 135000),
			Documents: []catalog.Document{
				{Name: "Đơn đề nghị đổi giấy phép lái xe theo mẫu", Originals: 1, Required: true, Template: "don-doi-gplx.docx"},
				{Name: "Giấy khám sức khỏe của người lái xe do cơ sở y tế có thẩm quyền cấp", Originals: 1, Required: true},
			},
		}},
		Results:     []catalog.Result{{Name: "Giấy phép lái xe"}},
		LegalBases:  []catalog.LegalBasis{{Number: "35/2024/TT-BGTVT", Title: "Thông tư quy định về đào tạo, sát hạch, cấp giấy phép lái xe"}},
		OnlineLevel: catalog.OnlineFull,
	}
}

func recBirth() catalog.Record {
	return catalog.Record{
		Code: codeBirth, Name: "Đăng ký khai sinh", Level: catalog.LevelCommune,
		Field:    catalog.Field{Code: "HT", Name: "Hộ tịch"},
		Subjects: []catalog.Subject{catalog.SubjectCitizen},
		Agencies: []catalog.Agency{{Role: catalog.AgencyImplementing, Name: "UBND cấp xã", UnitKind: "commune"}},
		Cases: []catalog.Case{{
			Name:     "Đăng ký khai sinh cho trẻ em sinh ra tại Việt Nam",
			Steps:    "Người đi đăng ký nộp tờ khai và giấy chứng sinh; công chức tư pháp - hộ tịch ghi vào Sổ hộ tịch và trình Chủ tịch UBND cấp xã ký Giấy khai sinh.",
			Channels: onlineChannel(1, 0),
			Documents: []catalog.Document{
				{Name: "Tờ khai đăng ký khai sinh theo mẫu", Originals: 1, Required: true},
				{Name: "Giấy chứng sinh do cơ sở y tế cấp", Originals: 1, Required: true},
			},
		}},
		Results:     []catalog.Result{{Name: "Giấy khai sinh (bản chính)"}},
		LegalBases:  []catalog.LegalBasis{{Number: "60/2014/QH13", Title: "Luật Hộ tịch"}},
		OnlineLevel: catalog.OnlineFull,
	}
}

func recMarriage() catalog.Record {
	return catalog.Record{
		Code: codeMarriage, Name: "Đăng ký kết hôn", Level: catalog.LevelCommune,
		Field:    catalog.Field{Code: "HT", Name: "Hộ tịch"},
		Subjects: []catalog.Subject{catalog.SubjectCitizen},
		Agencies: []catalog.Agency{{Role: catalog.AgencyImplementing, Name: "UBND cấp xã", UnitKind: "commune"}},
		Cases: []catalog.Case{{
			Name: "Đăng ký kết hôn giữa công dân Việt Nam với nhau",
			Steps: "Hai bên nam, nữ nộp tờ khai và cùng có mặt khi đăng ký. Người yêu cầu xuất trình giấy tờ tùy thân; " +
				"trường hợp cơ sở dữ liệu hộ tịch chưa có thông tin thì nộp thêm bản sao giấy khai sinh để đối chiếu ngày sinh.",
			Channels: onlineChannel(1, 0),
			Documents: []catalog.Document{
				{Name: "Tờ khai đăng ký kết hôn theo mẫu", Originals: 1, Required: true},
				{Name: "Giấy xác nhận tình trạng hôn nhân", Originals: 1, Required: true},
			},
		}},
		Results:     []catalog.Result{{Name: "Giấy chứng nhận kết hôn"}},
		LegalBases:  []catalog.LegalBasis{{Number: "60/2014/QH13", Title: "Luật Hộ tịch"}},
		OnlineLevel: catalog.OnlinePartial,
	}
}

func recBuilding() catalog.Record {
	return catalog.Record{
		Code: codeBuilding, Name: "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ", Level: catalog.LevelCommune,
		Field:    catalog.Field{Code: "XD", Name: "Hoạt động xây dựng"},
		Subjects: []catalog.Subject{catalog.SubjectCitizen, catalog.SubjectBusiness},
		Agencies: []catalog.Agency{{Role: catalog.AgencyImplementing, Name: "UBND cấp xã", UnitKind: "commune"}},
		Cases: []catalog.Case{{
			Name:     "Nhà ở riêng lẻ",
			Steps:    "Chủ đầu tư nộp hồ sơ đề nghị cấp giấy phép xây dựng; cơ quan cấp phép thẩm định hồ sơ, kiểm tra thực địa.",
			Channels: onlineChannel(15, 75000),
			Documents: []catalog.Document{
				{Name: "Đơn đề nghị cấp giấy phép xây dựng", Originals: 1, Required: true},
				{Name: "Bản sao giấy tờ chứng minh quyền sử dụng đất", Copies: 1, Required: true},
				{Name: "Bản vẽ thiết kế xây dựng", Copies: 2, Required: true},
			},
		}},
		Results:     []catalog.Result{{Name: "Giấy phép xây dựng"}},
		Conditions:  "Phù hợp với quy hoạch chi tiết xây dựng; bảo đảm an toàn cho công trình lân cận.",
		LegalBases:  []catalog.LegalBasis{{Number: "50/2014/QH13", Title: "Luật Xây dựng"}},
		OnlineLevel: catalog.OnlinePartial,
	}
}

func recResidence() catalog.Record {
	return catalog.Record{
		Code: codeResidence, Name: "Đăng ký thường trú", Level: catalog.LevelCommune,
		Field:    catalog.Field{Code: "CT", Name: "Đăng ký, quản lý cư trú"},
		Subjects: []catalog.Subject{catalog.SubjectCitizen},
		Agencies: []catalog.Agency{
			{Role: catalog.AgencyCompetent, Name: "Công an tỉnh", UnitCode: unitPolice},
			{Role: catalog.AgencyImplementing, Name: "Công an xã, phường"},
		},
		Cases: []catalog.Case{{
			Name:     "Đăng ký thường trú tại chỗ ở hợp pháp thuộc quyền sở hữu của mình",
			Steps:    "Người đăng ký nộp hồ sơ tại Công an cấp xã nơi mình cư trú; cơ quan đăng ký cư trú cập nhật thông tin vào Cơ sở dữ liệu về cư trú.",
			Channels: onlineChannel(7, 0),
			Documents: []catalog.Document{
				{Name: "Tờ khai thay đổi thông tin cư trú", Originals: 1, Required: true},
				{Name: "Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp", Copies: 1, Required: true},
			},
		}},
		Results:     []catalog.Result{{Name: "Thông báo về kết quả giải quyết"}},
		LegalBases:  []catalog.LegalBasis{{Number: "68/2020/QH14", Title: "Luật Cư trú"}},
		OnlineLevel: catalog.OnlineFull,
	}
}

var t0 = time.Date(2025, 7, 1, 8, 0, 0, 0, time.UTC)

type catalogFixture struct {
	db    *pgstore.DB
	store *pgstore.CatalogStore
	admin int64
}

// newCatalog returns a store on a fresh database with the test units and
// one administrator.
func newCatalog(t testing.TB) catalogFixture {
	t.Helper()
	ctx := context.Background()
	db := dbtest.Open(t)
	units := pgstore.NewUnitStore(db)
	if _, _, err := units.Upsert(ctx, testUnits); err != nil {
		t.Fatal(err)
	}
	u, err := units.GetByCode(ctx, unitProvince)
	if err != nil {
		t.Fatal(err)
	}
	admin := account.User{Role: account.RoleAdmin, FullName: "Quản trị", Email: "admin@example.vn",
		PasswordHash: "x", UnitID: u.ID, Locale: "vi", Active: true}
	if err := pgstore.NewUserStore(db).Create(ctx, &admin); err != nil {
		t.Fatal(err)
	}
	return catalogFixture{db: db, store: pgstore.NewCatalogStore(db), admin: admin.ID}
}

// publish saves rec as a draft and publishes it.
func (f catalogFixture) publish(t testing.TB, rec catalog.Record) catalog.Version {
	t.Helper()
	ctx := context.Background()
	if _, err := f.store.SaveDraft(ctx, rec, f.admin, t0); err != nil {
		t.Fatalf("SaveDraft(%s): %v", rec.Code, err)
	}
	v, err := f.store.Publish(ctx, rec.Code, f.admin, t0.Add(time.Hour))
	if err != nil {
		t.Fatalf("Publish(%s): %v", rec.Code, err)
	}
	return v
}

func hitCodes(r catalog.Results) []string {
	codes := make([]string, len(r.Items))
	for i, h := range r.Items {
		codes[i] = h.Code
	}
	return codes
}

func TestCatalogVersioning(t *testing.T) {
	ctx := context.Background()
	f := newCatalog(t)
	s := f.store
	rec := recBirth()

	d1, err := s.SaveDraft(ctx, rec, f.admin, t0)
	if err != nil {
		t.Fatal(err)
	}
	if d1.Number != 1 || d1.Status != catalog.StatusDraft || d1.CreatedBy != f.admin {
		t.Errorf("first draft = v%d %s by %d; want v1 draft by %d", d1.Number, d1.Status, d1.CreatedBy, f.admin)
	}
	p, err := s.Procedure(ctx, codeBirth)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(catalog.Procedure{Code: codeBirth, DraftVersion: 1}, p); diff != "" {
		t.Errorf("Procedure() after the first draft (-want +got):\n%s", diff)
	}
	if _, err := s.Current(ctx, codeBirth); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("Current() before publishing: err = %v, want ErrNotFound", err)
	}
	if r, err := s.Search(ctx, catalog.Query{Text: "khai sinh"}); err != nil || r.Total != 0 {
		t.Errorf("Search() finds an unpublished draft: %v, %v", hitCodes(r), err)
	}

	v1, err := s.Publish(ctx, codeBirth, f.admin, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	want1 := catalog.Version{Code: codeBirth, Number: 1, Status: catalog.StatusPublished, Record: rec,
		CreatedAt: t0, CreatedBy: f.admin, PublishedAt: t0.Add(time.Hour), PublishedBy: f.admin}
	if diff := cmp.Diff(want1, v1); diff != "" {
		t.Errorf("Publish() (-want +got):\n%s", diff)
	}
	if _, err := s.Publish(ctx, codeBirth, f.admin, t0); !errors.Is(err, catalog.ErrNoDraft) {
		t.Errorf("Publish() without a draft: err = %v, want ErrNoDraft", err)
	}

	// Editing makes a v2 draft; v1 stays current and readable.
	edited := rec
	edited.Name = "Đăng ký khai sinh (sửa đổi)"
	d2, err := s.SaveDraft(ctx, edited, f.admin, t0.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if d2.Number != 2 {
		t.Errorf("edit draft number = %d, want 2", d2.Number)
	}
	// Saving again replaces the draft rather than adding a version.
	edited.Name = "Đăng ký khai sinh cho trẻ em"
	d2, err = s.SaveDraft(ctx, edited, 0, t0.Add(3*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if d2.Number != 2 {
		t.Errorf("second save of the draft: number = %d, want 2", d2.Number)
	}
	cur, err := s.Current(ctx, codeBirth)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want1, cur); diff != "" {
		t.Errorf("Current() while v2 is a draft (-want +got):\n%s", diff)
	}
	got2, err := s.Version(ctx, codeBirth, 2)
	if err != nil {
		t.Fatal(err)
	}
	want2 := catalog.Version{Code: codeBirth, Number: 2, Status: catalog.StatusDraft, Record: edited, CreatedAt: t0.Add(3 * time.Hour)}
	if diff := cmp.Diff(want2, got2); diff != "" {
		t.Errorf("Version(2) draft (-want +got):\n%s", diff)
	}
	if p, _ := s.Procedure(ctx, codeBirth); p.CurrentVersion != 1 || p.DraftVersion != 2 {
		t.Errorf("Procedure() = current %d, draft %d; want 1, 2", p.CurrentVersion, p.DraftVersion)
	}
	r, err := s.Search(ctx, catalog.Query{Text: "khai sinh"})
	if err != nil || len(r.Items) != 1 || r.Items[0].Name != rec.Name || r.Items[0].Version != 1 {
		t.Errorf("Search() while v2 is a draft = %+v, %v; want v1 %q", r.Items, err, rec.Name)
	}

	// Publishing v2 supersedes v1.
	if _, err := s.Publish(ctx, codeBirth, f.admin, t0.Add(4*time.Hour)); err != nil {
		t.Fatal(err)
	}
	vs, err := s.Versions(ctx, codeBirth)
	if err != nil {
		t.Fatal(err)
	}
	var summary []string
	for _, v := range vs {
		summary = append(summary, fmt.Sprintf("v%d %s %s", v.Number, v.Status, v.Record.Name))
	}
	wantSummary := []string{"v2 published Đăng ký khai sinh cho trẻ em", "v1 superseded Đăng ký khai sinh"}
	if diff := cmp.Diff(wantSummary, summary); diff != "" {
		t.Errorf("Versions() (-want +got):\n%s", diff)
	}
	if r, _ := s.Search(ctx, catalog.Query{Text: "khai sinh"}); len(r.Items) != 1 || r.Items[0].Version != 2 {
		t.Errorf("Search() after publishing v2 = %+v; want v2", r.Items)
	}

	// Retiring hides it from search and stops drafts; versions stay readable.
	if err := s.Retire(ctx, codeBirth, "Bãi bỏ theo Quyết định 123/QĐ-UBND", t0.Add(5*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if r, err := s.Search(ctx, catalog.Query{Text: "khai sinh"}); err != nil || r.Total != 0 || len(r.Items) != 0 {
		t.Errorf("Search() finds a retired procedure: %v (total %d), %v", hitCodes(r), r.Total, err)
	}
	if r, _ := s.Search(ctx, catalog.Query{}); r.Total != 0 {
		t.Errorf("browsing lists a retired procedure: %v", hitCodes(r))
	}
	if v, err := s.Version(ctx, codeBirth, 1); err != nil || v.Status != catalog.StatusSuperseded {
		t.Errorf("Version(1) of a retired procedure = %s, %v", v.Status, err)
	}
	p, err = s.Procedure(ctx, codeBirth)
	if err != nil || !p.Retired() || p.RetiredReason == "" || !p.RetiredAt.Equal(t0.Add(5*time.Hour)) {
		t.Errorf("Procedure() after Retire = %+v, %v", p, err)
	}
	if _, err := s.SaveDraft(ctx, rec, f.admin, t0); !errors.Is(err, catalog.ErrRetired) {
		t.Errorf("SaveDraft() of a retired procedure: err = %v, want ErrRetired", err)
	}
	if err := s.Retire(ctx, codeBirth, "again", t0); !errors.Is(err, catalog.ErrRetired) {
		t.Errorf("Retire() twice: err = %v, want ErrRetired", err)
	}
}

func TestCatalogNotFound(t *testing.T) {
	ctx := context.Background()
	s := newCatalog(t).store
	const missing = "9.999999"
	if _, err := s.Procedure(ctx, missing); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("Procedure: err = %v", err)
	}
	if _, err := s.Current(ctx, missing); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("Current: err = %v", err)
	}
	if _, err := s.Version(ctx, missing, 1); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("Version: err = %v", err)
	}
	if _, err := s.Versions(ctx, missing); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("Versions: err = %v", err)
	}
	if _, err := s.Publish(ctx, missing, 0, t0); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("Publish: err = %v", err)
	}
	if err := s.Retire(ctx, missing, "", t0); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("Retire: err = %v", err)
	}
	if err := s.DiscardDraft(ctx, missing); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("DiscardDraft: err = %v", err)
	}
	bad := recBirth()
	bad.Code = "1001193"
	if _, err := s.SaveDraft(ctx, bad, 0, t0); err == nil {
		t.Error("SaveDraft accepted a malformed code")
	}
}

func TestCatalogDiscardDraft(t *testing.T) {
	ctx := context.Background()
	f := newCatalog(t)
	s := f.store

	// Discarding the first draft of a new procedure forgets the procedure.
	if _, err := s.SaveDraft(ctx, recMarriage(), f.admin, t0); err != nil {
		t.Fatal(err)
	}
	if err := s.DiscardDraft(ctx, codeMarriage); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Procedure(ctx, codeMarriage); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("Procedure() after discarding its only draft: err = %v, want ErrNotFound", err)
	}

	// Discarding an edit keeps the published version.
	f.publish(t, recMarriage())
	if err := s.DiscardDraft(ctx, codeMarriage); !errors.Is(err, catalog.ErrNoDraft) {
		t.Errorf("DiscardDraft() without a draft: err = %v, want ErrNoDraft", err)
	}
	if _, err := s.SaveDraft(ctx, recMarriage(), f.admin, t0); err != nil {
		t.Fatal(err)
	}
	if err := s.DiscardDraft(ctx, codeMarriage); err != nil {
		t.Fatal(err)
	}
	p, err := s.Procedure(ctx, codeMarriage)
	if err != nil || p.CurrentVersion != 1 || p.DraftVersion != 0 {
		t.Errorf("Procedure() after discarding an edit = %+v, %v", p, err)
	}
	// The next draft takes the number after the last version.
	if d, err := s.SaveDraft(ctx, recMarriage(), f.admin, t0); err != nil || d.Number != 2 {
		t.Errorf("draft after a discard = v%d, %v; want v2", d.Number, err)
	}
}

// Concurrent first saves of one procedure end with one procedure and one
// draft.
func TestCatalogConcurrentDrafts(t *testing.T) {
	ctx := context.Background()
	f := newCatalog(t)
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Go(func() {
			rec := recResidence()
			rec.Decision = fmt.Sprintf("QĐ %d", i)
			_, errs[i] = f.store.SaveDraft(ctx, rec, f.admin, t0)
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("SaveDraft %d: %v", i, err)
		}
	}
	vs, err := f.store.Versions(ctx, codeResidence)
	if err != nil || len(vs) != 1 || vs[0].Number != 1 || vs[0].Status != catalog.StatusDraft {
		t.Errorf("Versions() after concurrent drafts = %d versions, %v; want one v1 draft", len(vs), err)
	}
}

func TestCatalogAdminList(t *testing.T) {
	ctx := context.Background()
	f := newCatalog(t)
	s := f.store
	f.publish(t, recBirth())
	f.publish(t, recMarriage())
	f.publish(t, recLicence())
	if _, err := s.SaveDraft(ctx, recResidence(), f.admin, t0); err != nil { // draft only
		t.Fatal(err)
	}
	edit := recMarriage()
	edit.Name = "Đăng ký kết hôn (dự thảo)"
	if _, err := s.SaveDraft(ctx, edit, f.admin, t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.Retire(ctx, codeLicence, "Chuyển giao", t0.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}

	rows, total, err := s.AdminList(ctx, catalog.AdminFilter{PerPage: 10})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, fmt.Sprintf("%s %s cur=%d draft=%d retired=%t", r.Code, r.Name, r.CurrentVersion, r.DraftVersion, r.Retired()))
	}
	want := []string{ // most recently changed first
		codeLicence + " Đổi giấy phép lái xe cur=1 draft=0 retired=true",
		codeMarriage + " Đăng ký kết hôn (dự thảo) cur=1 draft=2 retired=false",
		codeBirth + " Đăng ký khai sinh cur=1 draft=0 retired=false",
		codeResidence + " Đăng ký thường trú cur=0 draft=1 retired=false",
	}
	if total != 4 {
		t.Errorf("AdminList total = %d, want 4", total)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("AdminList (-want +got):\n%s", diff)
	}

	for _, tc := range []struct {
		text string
		want []string
	}{
		{"dang ky", []string{codeMarriage, codeBirth, codeResidence}},
		{"ĐĂNG KÝ KẾT", []string{codeMarriage}},
		{"1.00", []string{codeMarriage, codeBirth, codeResidence}},
		{"100%", nil},
	} {
		rows, total, err := s.AdminList(ctx, catalog.AdminFilter{Text: tc.text, PerPage: 10})
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, r := range rows {
			codes = append(codes, r.Code)
		}
		if !slices.Equal(codes, tc.want) || total != len(tc.want) {
			t.Errorf("AdminList(%q) = %v (total %d), want %v", tc.text, codes, total, tc.want)
		}
	}

	page2, total, err := s.AdminList(ctx, catalog.AdminFilter{Page: 2, PerPage: 3})
	if err != nil || total != 4 || len(page2) != 1 || page2[0].Code != codeResidence {
		t.Errorf("AdminList page 2 of 3 = %d rows (total %d), %v", len(page2), total, err)
	}
}

func TestCatalogTemplates(t *testing.T) {
	ctx := context.Background()
	f := newCatalog(t)
	s := f.store
	f.publish(t, recLicence())
	const name = "don-doi-gplx.docx"
	const docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	file := catalog.File{Name: name, ContentType: docx, Data: []byte("PK\x03\x04 mẫu đơn")}

	for i, want := range []bool{true, false} {
		changed, err := s.PutTemplate(ctx, codeLicence, file)
		if err != nil || changed != want {
			t.Errorf("PutTemplate #%d = %t, %v; want %t", i+1, changed, err, want)
		}
	}
	got, err := s.Template(ctx, codeLicence, name)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != name || got.ContentType != docx || string(got.Data) != string(file.Data) || len(got.SHA256) != 64 {
		t.Errorf("Template() = %+v", got)
	}

	file.Data = []byte("PK\x03\x04 mẫu đơn mới")
	if changed, err := s.PutTemplate(ctx, codeLicence, file); err != nil || !changed {
		t.Errorf("PutTemplate(new bytes) = %t, %v; want true", changed, err)
	}
	if again, _ := s.Template(ctx, codeLicence, name); again.SHA256 == got.SHA256 || string(again.Data) != string(file.Data) {
		t.Errorf("Template() after an update = %q, %s", again.Data, again.SHA256)
	}
	file.SHA256 = strings.Repeat("0", 64)
	if _, err := s.PutTemplate(ctx, codeLicence, file); err == nil {
		t.Error("PutTemplate accepted a wrong SHA256")
	}
	if _, err := s.Template(ctx, codeLicence, "khac.pdf"); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("Template(unknown name): err = %v, want ErrNotFound", err)
	}
	if _, err := s.PutTemplate(ctx, "9.999999", catalog.File{Name: name, Data: []byte("x")}); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("PutTemplate(unknown procedure): err = %v, want ErrNotFound", err)
	}
}

// searchFixture publishes the five test records plus a retired one and a
// draft-only one, neither of which may ever be found.
func searchFixture(t *testing.T) *pgstore.CatalogStore {
	t.Helper()
	ctx := context.Background()
	f := newCatalog(t)
	for _, rec := range []catalog.Record{recLicence(), recBirth(), recMarriage(), recBuilding(), recResidence()} {
		f.publish(t, rec)
	}
	retired := recLicence()
	retired.Code, retired.Name = "3.000350", "Cấp giấy phép lái xe quốc tế"
	f.publish(t, retired)
	if err := f.store.Retire(ctx, retired.Code, "Chuyển Bộ Công an", t0); err != nil {
		t.Fatal(err)
	}
	draft := recBirth()
	draft.Code, draft.Name = "1.001022", "Đăng ký khai sinh có yếu tố nước ngoài"
	if _, err := f.store.SaveDraft(ctx, draft, f.admin, t0); err != nil {
		t.Fatal(err)
	}
	return f.store
}

func TestCatalogSearchText(t *testing.T) {
	ctx := context.Background()
	s := searchFixture(t)
	search := func(text string) catalog.Results {
		t.Helper()
		r, err := s.Search(ctx, catalog.Query{Text: text})
		if err != nil {
			t.Fatalf("Search(%q): %v", text, err)
		}
		if r.Total != len(r.Items) {
			t.Errorf("Search(%q): total %d, %d items on the only page", text, r.Total, len(r.Items))
		}
		return r
	}

	for _, tc := range []struct {
		name, text string
		want       []string // every hit, in order
	}{
		{"without diacritics", "giay phep lai xe", []string{codeLicence}},
		{"upper case", "GIẤY PHÉP", []string{codeLicence, codeBuilding}},
		{"d for đ", "dang ky ket hon", []string{codeMarriage}},
		{"typo in the last word", "giay phep lai xr", []string{codeLicence}},
		{"typo in a word", "khai sjnh", []string{codeBirth}},
		{"typo matches names only", "kiem tra thuc dja", nil}, // "thực địa" is in a body
		{"swapped letters", "dnag ky ket hon", []string{codeMarriage}},
		{"code", codeBirth, []string{codeBirth}},
		{"code with spaces", "  " + codeBirth + " ", []string{codeBirth}},
		{"body only", "kiểm tra thực địa", []string{codeBuilding}},
		{"nonsense", "xyzzy qwerty", nil},
		{"one letter", "d", nil},
		{"unknown code", "9.999999", nil},
		{"retired", "giay phep lai xe quoc te", nil},
		{"draft only", "yeu to nuoc ngoai", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := hitCodes(search(tc.text))
			if !slices.Equal(got, tc.want) {
				t.Errorf("Search(%q) = %v, want %v", tc.text, got, tc.want)
			}
		})
	}

	t.Run("accents do not matter", func(t *testing.T) {
		a, b := search("đăng ký"), search("dang ky")
		if diff := cmp.Diff(a, b); diff != "" {
			t.Errorf(`"đăng ký" and "dang ky" differ (-accented +plain):\n%s`, diff)
		}
		got := hitCodes(a)
		// Every "Đăng ký ..." name, the closest (shortest) names first.
		if want := []string{codeMarriage, codeBirth, codeResidence}; !slices.Equal(got, want) {
			t.Errorf(`Search("đăng ký") starts %v, want %v`, got, want)
		}
	})

	t.Run("name before body", func(t *testing.T) {
		r := search("khai sinh")
		if got, want := hitCodes(r), []string{codeBirth, codeMarriage}; !slices.Equal(got, want) {
			t.Fatalf(`Search("khai sinh") = %v, want %v`, got, want)
		}
		name, body := r.Items[0], r.Items[1]
		if name.Rank <= body.Rank {
			t.Errorf("name match rank %v <= body match rank %v", name.Rank, body.Rank)
		}
		if name.Excerpt != "" {
			t.Errorf("name match has an excerpt: %q", name.Excerpt)
		}
		if !strings.Contains(body.Excerpt, "bản sao giấy khai sinh") || len([]rune(body.Excerpt)) > 170 {
			t.Errorf("body match excerpt = %q; want ~160 characters around \"giấy khai sinh\"", body.Excerpt)
		}
	})

	t.Run("code first", func(t *testing.T) {
		r := search(codeLicence)
		if len(r.Items) != 1 || r.Items[0].Rank < 4 {
			t.Errorf("Search(code) = %+v", r.Items)
		}
	})

	t.Run("hit fields", func(t *testing.T) {
		r := search("giay phep lai xe")
		want := catalog.Hit{Code: codeLicence, Name: "Đổi giấy phép lái xe", Level: catalog.LevelProvince,
			Field: catalog.Field{Code: "DB", Name: "Đường bộ"}, Subjects: []catalog.Subject{catalog.SubjectCitizen, catalog.SubjectForeigner},
			Units: []string{"Sở Xây dựng"}, OnlineLevel: catalog.OnlineFull, Version: 1}
		got := r.Items[0]
		got.Rank = 0
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("hit (-want +got):\n%s", diff)
		}
	})
}

func TestCatalogSearchFilters(t *testing.T) {
	ctx := context.Background()
	s := searchFixture(t)
	all := []string{codeBuilding, codeMarriage, codeBirth, codeResidence, codeLicence} // by unaccented name

	for _, tc := range []struct {
		name string
		q    catalog.Query
		want []string
	}{
		{"browse", catalog.Query{}, all},
		{"field", catalog.Query{Field: "HT"}, []string{codeMarriage, codeBirth}},
		{"level", catalog.Query{Level: catalog.LevelProvince}, []string{codeLicence}},
		{"subject", catalog.Query{Subject: catalog.SubjectBusiness}, []string{codeBuilding}},
		{"commune unit: every commune's procedures", catalog.Query{Unit: unitTanCuong}, []string{codeBuilding, codeMarriage, codeBirth}},
		{"department unit", catalog.Query{Unit: unitBuilding}, []string{codeLicence}},
		{"unknown unit", catalog.Query{Unit: "999.99.99.H19"}, nil},
		{"text and field", catalog.Query{Text: "dang ky", Field: "CT"}, []string{codeResidence}},
		{"everything", catalog.Query{Text: "giay", Level: catalog.LevelCommune, Subject: catalog.SubjectCitizen, Unit: unitPhanDinhPh},
			[]string{codeBuilding, codeMarriage, codeBirth}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := s.Search(ctx, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			got := hitCodes(r)
			if tc.q.Text != "" {
				slices.Sort(got)
				tc.want = slices.Sorted(slices.Values(tc.want))
			}
			if !slices.Equal(got, tc.want) || r.Total != len(tc.want) {
				t.Errorf("Search(%+v) = %v (total %d), want %v", tc.q, got, r.Total, tc.want)
			}
		})
	}

	t.Run("facets", func(t *testing.T) {
		// The field filter narrows the other facets but not the field facet.
		r, err := s.Search(ctx, catalog.Query{Text: "dang ky", Field: "HT"})
		if err != nil {
			t.Fatal(err)
		}
		want := catalog.Facets{
			Fields:   []catalog.FacetValue{{Value: "HT", Label: "Hộ tịch", Count: 2}, {Value: "CT", Label: "Đăng ký, quản lý cư trú", Count: 1}},
			Levels:   []catalog.FacetValue{{Value: "commune", Count: 2}},
			Units:    []catalog.FacetValue{{Value: "kind:commune", Label: "UBND cấp xã", Count: 2}},
			Subjects: []catalog.FacetValue{{Value: "citizen", Count: 2}},
		}
		if diff := cmp.Diff(want, r.Facets); diff != "" {
			t.Errorf("facets of %q in HT (-want +got):\n%s", "dang ky", diff)
		}

		r, err = s.Search(ctx, catalog.Query{Level: catalog.LevelCommune})
		if err != nil {
			t.Fatal(err)
		}
		want = catalog.Facets{
			Fields: []catalog.FacetValue{{Value: "HT", Label: "Hộ tịch", Count: 2}, {Value: "CT", Label: "Đăng ký, quản lý cư trú", Count: 1},
				{Value: "XD", Label: "Hoạt động xây dựng", Count: 1}},
			Levels: []catalog.FacetValue{{Value: "province", Count: 1}, {Value: "commune", Count: 4}},
			Units: []catalog.FacetValue{{Value: "kind:commune", Label: "UBND cấp xã", Count: 3},
				{Value: unitPolice, Label: "Công an tỉnh", Count: 1}},
			Subjects: []catalog.FacetValue{{Value: "citizen", Count: 4}, {Value: "business", Count: 1}},
		}
		if diff := cmp.Diff(want, r.Facets); diff != "" {
			t.Errorf("facets of level commune (-want +got):\n%s", diff)
		}
	})

	t.Run("pagination", func(t *testing.T) {
		var got []string
		for page := 1; page <= 3; page++ {
			r, err := s.Search(ctx, catalog.Query{Page: page, PerPage: 2})
			if err != nil {
				t.Fatal(err)
			}
			if r.Total != 5 || r.Page != page || r.PerPage != 2 || len(r.Items) != min(2, 5-2*(page-1)) {
				t.Errorf("page %d: total %d, page %d, per page %d, %d items", page, r.Total, r.Page, r.PerPage, len(r.Items))
			}
			got = append(got, hitCodes(r)...)
		}
		if !slices.Equal(got, all) {
			t.Errorf("pages = %v, want %v", got, all)
		}
		r, err := s.Search(ctx, catalog.Query{Text: "dang ky", Page: 9, PerPage: 2})
		if err != nil || len(r.Items) != 0 || r.Total != 3 {
			t.Errorf("page past the end = %d items, total %d, %v; want 0, 3", len(r.Items), r.Total, err)
		}
		r, err = s.Search(ctx, catalog.Query{PerPage: 1000})
		if err != nil || r.PerPage != 100 || r.Page != 1 {
			t.Errorf("PerPage 1000 = page %d per page %d, %v; want 1, 100", r.Page, r.PerPage, err)
		}
	})
}

// benchRecords varies the seed catalogue into n procedures: the real ones,
// then copies with new codes, names qualified by a case and a place, and
// rotated levels and fields, so search sees realistic text at volume.
func benchRecords(b *testing.B, n int) []catalog.Record {
	b.Helper()
	var base []catalog.Record
	err := fs.WalkDir(motcua.SeedFS, "testdata/seed/catalog", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".json" || strings.Contains(p, "/gen/") {
			return err
		}
		f, err := motcua.SeedFS.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		nrs, err := catalog.DecodeFile(p, f)
		if err != nil {
			return err
		}
		for _, nr := range nrs {
			r, err := catalog.FromNational(nr)
			if err != nil {
				return err
			}
			base = append(base, r)
		}
		return nil
	})
	if err != nil || len(base) == 0 {
		b.Skipf("no seed catalogue (%v)", err)
	}
	places := []string{"Phường Phan Đình Phùng", "Xã Đại Từ", "Xã Phú Bình", "Phường Sông Công", "Xã Võ Nhai", "Xã Định Hóa"}
	cases := []string{"cho người nước ngoài", "trường hợp có yếu tố nước ngoài", "đối với hộ nghèo", "bản sao",
		"lần thứ hai", "qua dịch vụ bưu chính", "cho người khuyết tật", "đối với doanh nghiệp nhỏ và vừa"}
	levels := []catalog.Level{catalog.LevelProvince, catalog.LevelCommune, catalog.LevelCentral}
	out := base
	for i := 0; len(out) < n; i++ {
		r := base[i%len(base)]
		r.Code = fmt.Sprintf("8.%06d", i+1)
		r.Name += " " + cases[i%len(cases)] + " tại " + places[(i/len(cases))%len(places)]
		r.Level = levels[i%len(levels)]
		r.Field.Code = fmt.Sprintf("%s%d", r.Field.Code, i%5)
		out = append(out, r)
	}
	return out[:n]
}

// BenchmarkCatalogSearch runs a mix of catalogue queries from 32 clients
// against 2,000 procedures and reports latency percentiles.
func BenchmarkCatalogSearch(b *testing.B) {
	ctx := context.Background()
	f := newCatalog(b)
	for _, r := range benchRecords(b, 2000) {
		if _, err := f.store.SaveDraft(ctx, r, 0, t0); err != nil {
			b.Fatal(err)
		}
		if _, err := f.store.Publish(ctx, r.Code, 0, t0); err != nil {
			b.Fatal(err)
		}
	}
	var queries []catalog.Query
	for _, text := range []string{"giấy phép lái xe", "giay phep lai xe", "đăng ký khai sinh", "dang ky khai sinh",
		"khai sjnh", "kết hôn", "thuong tru", "hộ kinh doanh", "lý lịch tư pháp", "chứng thực", "1.001193",
		"doanh nghiep", "xay dung nha o", "tro cap that nghiep", "cho thuê lại lao động"} {
		queries = append(queries, catalog.Query{Text: text})
	}
	queries = append(queries, catalog.Query{}, catalog.Query{Level: catalog.LevelCommune},
		catalog.Query{Field: "HT", Text: "dang ky"}, catalog.Query{Level: catalog.LevelProvince, Page: 3},
		catalog.Query{Subject: catalog.SubjectBusiness, Text: "dang ky"}, catalog.Query{Unit: unitTanCuong})
	for _, q := range queries { // warm up
		if _, err := f.store.Search(ctx, q); err != nil {
			b.Fatalf("Search(%+v): %v", q, err)
		}
	}
	var (
		mu        sync.Mutex
		latencies []time.Duration
		next      atomic.Int64
	)
	b.SetParallelism(max(1, 32/runtime.GOMAXPROCS(0)))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var local []time.Duration
		for pb.Next() {
			q := queries[int(next.Add(1))%len(queries)]
			start := time.Now()
			if _, err := f.store.Search(ctx, q); err != nil {
				b.Error(err)
				return
			}
			local = append(local, time.Since(start))
		}
		mu.Lock()
		latencies = append(latencies, local...)
		mu.Unlock()
	})
	b.StopTimer()
	slices.Sort(latencies)
	if len(latencies) > 0 {
		p := func(q float64) float64 {
			return float64(latencies[int(q*float64(len(latencies)-1))].Microseconds()) / 1000
		}
		b.ReportMetric(p(0.50), "p50-ms")
		b.ReportMetric(p(0.99), "p99-ms")
	}
}

// TestCatalogGeneration: every change a search could see moves the
// generation (publication, retirement, a unit's new name), including
// changes made outside the store, and reading does not.
func TestCatalogGeneration(t *testing.T) {
	ctx := context.Background()
	f := newCatalog(t)
	gen := func() int64 {
		t.Helper()
		g, err := f.store.Generation(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	moved := func(what string, change func()) {
		t.Helper()
		before := gen()
		change()
		if after := gen(); after <= before {
			t.Errorf("%s: generation %d -> %d, want it to move", what, before, after)
		}
	}
	moved("publish", func() { f.publish(t, recBirth()) })
	moved("retire", func() {
		if err := f.store.Retire(ctx, codeBirth, "bãi bỏ", t0); err != nil {
			t.Fatal(err)
		}
	})
	moved("unit renamed", func() {
		units := slices.Clone(testUnits)
		units[0].Name += " (mới)"
		if _, _, err := pgstore.NewUnitStore(f.db).Upsert(ctx, units); err != nil {
			t.Fatal(err)
		}
	})
	moved("plain SQL", func() {
		if err := f.db.SQL().QueryRowContext(ctx, "UPDATE procedures SET retired_reason = 'x' RETURNING 1").Scan(new(int)); err != nil {
			t.Fatal(err)
		}
	})
	before := gen()
	if _, err := f.store.Search(ctx, catalog.Query{Text: "khai sinh"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.Current(ctx, codeBirth); err != nil {
		t.Fatal(err)
	}
	if after := gen(); after != before {
		t.Errorf("reading moved the generation %d -> %d", before, after)
	}
}

// TestFoldMatchesDatabase: search folds the visitor's words and result
// excerpts in Go, and the stored rows in PostgreSQL; the two must agree on
// every Vietnamese letter, precomposed or decomposed, in both cases.
// (Punctuation may differ: unaccent turns "–" into "-". Both sides split
// words on anything that is not a letter or digit, so it never matters.)
func TestFoldMatchesDatabase(t *testing.T) {
	ctx := context.Background()
	f := newCatalog(t)
	const lower = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
	texts := []string{lower, strings.ToUpper(lower), norm.NFD.String(lower), norm.NFD.String(strings.ToUpper(lower)),
		"Đổi giấy phép lái xe 1.001193 - Ngày 17/02/2026"}
	for _, s := range texts {
		var want string
		if err := f.db.SQL().QueryRowContext(ctx, "SELECT lower(motcua_unaccent($1))", s).Scan(&want); err != nil {
			t.Fatal(err)
		}
		if got := catalog.Fold(s); got != want {
			t.Errorf("Fold(%q) = %q, database says %q", s, got, want)
		}
	}
}
