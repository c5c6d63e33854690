package journey

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/upload/uploadtest"
	"github.com/motcua/motcua/internal/workflow"
	"github.com/motcua/motcua/web/route"
)

// Issue 11, points 14, 15, 16, 18 and two of 20: what a person filling
// the forms saw go wrong. The dossiers are prepared through the services;
// the browser does what the person did.

// formsCommune is Phường Đức Xuân, which decides the commune procedures,
// and formsCentre its reception centre.
const (
	formsCommune = "001.00.50.H19"
	formsCentre  = "001.01.50.H19"
)

// TestHouseholdBusinessForm (JavaScript on) and ...WithoutJavaScript: the
// household business application. Its documents are one task; its labels
// carry one "optional" marker; adding a line of business comes back at the
// new line; saving for later with wrong answers saves them and shows no
// error; continuing shows the form's own rules, each error naming its
// field: the name begins with "HỘ KINH DOANH", one line only is the main.
func TestHouseholdBusinessForm(t *testing.T) { householdBusinessJourney(t, true) }

func TestHouseholdBusinessFormWithoutJavaScript(t *testing.T) { householdBusinessJourney(t, false) }

func householdBusinessJourney(t *testing.T, scripts bool) {
	env := apptest.New(t)
	ctx := context.Background()
	if _, err := env.App.SeedCatalog(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := env.App.SeedEforms(ctx); err != nil {
		t.Fatal(err)
	}
	citizen := env.Users[account.RoleCitizen]
	d, err := env.App.Dossiers.Start(ctx, citizen, dossier.StartInput{Procedure: "1.001612", UnitCode: formsCommune})
	if err != nil {
		t.Fatal(err)
	}
	draft := string(route.Draft(d.PublicID))
	page := draft + "/trang/ho-kinh-doanh"

	p := openDevice(t, env.URL+route.PathHome, scripts)
	signInAs(t, p, apptest.LoginOf(citizen), citizen.FullName)
	p.Navigate(env.URL + draft)

	// --- 20: the documents are one task, named as their page. ----------
	if n := evaluate[int](t, p, `document.querySelectorAll('.task-list a[href="`+draft+`/trang/giay-to"]').length`); n != 1 {
		t.Errorf("%d tasks lead to the documents page, want 1", n)
	}
	wantTask(t, p, "Giấy tờ kèm theo", "Chưa bắt đầu")
	wantTask(t, p, "Tải lên giấy tờ", "(no such task)")
	p.CheckA11y()

	// --- 20: a label that says "(nếu có)" gets no second marker. -------
	p.ClickNav(`.task-list a[href="` + page + `"]`)
	wantPath(t, p, page)
	if got := evaluate[string](t, p, `document.querySelector('label[for="email_hkd"]').textContent.trim()`); got != "Email hộ kinh doanh (nếu có)" {
		t.Errorf("label of email_hkd = %q", got)
	}
	if strings.Contains(p.Text("main"), "(nếu có) (không bắt buộc)") {
		t.Error("a label reads “(nếu có) (không bắt buộc)”")
	}
	p.CheckA11y()

	// --- 16: adding a line comes back at the new line, all else kept. --
	p.Fill("ten_ho_kinh_doanh", "MINH ANH").
		Fill("nganh_nghe.0.ten_nganh", "Bán lẻ lương thực, thực phẩm").Fill("nganh_nghe.0.ma_nganh", "4711").
		Choose("nganh_nghe.0.nganh_chinh", "Có").
		ClickNav(`main form button[value^="add:nganh_nghe"]`)
	wantLanding(t, p, page, "nganh_nghe.1.ten_nganh", scripts)
	if got := p.Value("ten_ho_kinh_doanh"); got != "MINH ANH" {
		t.Errorf("after adding a line the name reads %q", got)
	}
	p.CheckA11y()
	p.Fill("nganh_nghe.1.ten_nganh", "Dịch vụ ăn uống").Fill("nganh_nghe.1.ma_nganh", "5610").
		Choose("nganh_nghe.1.nganh_chinh", "Có").Fill("von_kinh_doanh", "100.000.000").Fill("so_lao_dong", "2")
	// The address's communes: fetched with JavaScript; without it the
	// refresh button saves, shows no error yet, and comes back at the list.
	p.Select("dia_chi_tru_so.province", "Tỉnh Thái Nguyên")
	if scripts {
		p.WaitReady(`select[id="dia_chi_tru_so.commune"] option[value="01840"]`)
	} else {
		p.ClickNav(`main form button[data-eform-refresh]`)
		wantLanding(t, p, page, "dia_chi_tru_so.commune", false)
		if n := evaluate[int](t, p, `document.querySelectorAll('.error-summary, .error-message').length`); n != 0 {
			t.Errorf("refreshing the communes shows %d errors", n)
		}
	}
	p.Select("dia_chi_tru_so.commune", "Phường Đức Xuân").Fill("dia_chi_tru_so.street", "Số 5, đường Bắc Kạn")

	// --- 14: saving for later saves the wrong answers, without errors. --
	p.ClickNav(saveExit)
	wantPath(t, p, route.PathMyDossiers)
	wantText(t, p, flash, "Đã lưu hồ sơ. Bạn có thể tiếp tục bất cứ lúc nào từ mục Hồ sơ của tôi.")
	p.Navigate(env.URL + page)
	if n := evaluate[int](t, p, `document.querySelectorAll('.error-summary, .error-message, [aria-invalid]').length`); n != 0 {
		t.Errorf("the page saved for later shows %d errors", n)
	}
	for id, want := range map[string]string{"ten_ho_kinh_doanh": "MINH ANH", "nganh_nghe.1.ten_nganh": "Dịch vụ ăn uống",
		"dia_chi_tru_so.street": "Số 5, đường Bắc Kạn"} {
		if got := p.Value(id); got != want {
			t.Errorf("after saving for later #%s = %q, want %q", id, got, want)
		}
	}
	if !p.Checked("nganh_nghe.1.nganh_chinh") {
		t.Error("the second line's main mark is lost")
	}

	// --- 18: continuing shows the form's rules, each naming its field. -
	p.ClickNav(saveContinue)
	wantPath(t, p, page)
	p.WaitVisible(".error-summary")
	for href, want := range map[string]string{
		"#ten_ho_kinh_doanh":        "Tên hộ kinh doanh: phải bắt đầu bằng “HỘ KINH DOANH”",
		"#nganh_nghe.1.nganh_chinh": "Ngành, nghề thứ 2: câu “Là ngành, nghề kinh doanh chính?” chỉ được trả lời Có ở một mục",
	} {
		if got := p.Text(`.error-summary a[href="` + href + `"]`); got != want {
			t.Errorf("summary link %s reads %q, want %q", href, got, want)
		}
	}
	if n := evaluate[int](t, p, `document.querySelectorAll('.error-summary li').length`); n != 2 {
		t.Errorf("the summary lists %d problems, want 2: %s", n, p.Text(".error-summary"))
	}
	if focused := evaluate[bool](t, p, `document.activeElement === document.querySelector('.error-summary')`); focused != scripts {
		t.Errorf("focus on the error summary = %v, want %v", focused, scripts)
	}
	p.CheckA11y()
	p.Fill("ten_ho_kinh_doanh", "HỘ KINH DOANH MINH ANH").Choose("nganh_nghe.1.nganh_chinh", "Không").ClickNav(saveContinue)
	wantPath(t, p, draft+"/trang/dang-ky-thue")
	if logs := env.Logs(); strings.Contains(logs, `"level":"ERROR"`) {
		t.Errorf("the server logged errors:\n%s", logs)
	}
}

// wantLanding checks that the tab shows path at the control with id:
// the address ends with "#id" and, with JavaScript, the focus is there.
func wantLanding(t *testing.T, p *browsertest.Page, path, id string, scripts bool) {
	t.Helper()
	u := location(t, p)
	if u.Path != path || u.Fragment != id {
		t.Errorf("the tab shows %s#%s, want %s#%s", u.Path, u.Fragment, path, id)
	}
	if n := evaluate[int](t, p, `document.querySelectorAll('[id="`+id+`"]').length`); n != 1 {
		t.Errorf("the page has %d elements #%s", n, id)
	}
	if scripts {
		if got := evaluate[string](t, p, `document.activeElement && document.activeElement.id`); got != id {
			t.Errorf("focus on #%s, want #%s", got, id)
		}
	}
}

// TestSupplementAnswerKeepsTheNote (JavaScript on) and ...WithoutJavaScript:
// the citizen answering a request for documents types a note, uploads a
// file first: the page comes back at the upload box with the note still
// there; a second file, then "Gửi bổ sung" sends that note.
func TestSupplementAnswerKeepsTheNote(t *testing.T) { supplementNoteJourney(t, true) }

func TestSupplementAnswerKeepsTheNoteWithoutJavaScript(t *testing.T) { supplementNoteJourney(t, false) }

func supplementNoteJourney(t *testing.T, scripts bool) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	ctx := context.Background()
	citizen := env.Users[account.RoleCitizen]
	d := env.SubmitDossier(t, citizen, apptest.ProcCommune, formsCommune)
	clerk := env.Staff(t, account.RoleClerk, formsCentre)
	officer := env.Staff(t, account.RoleOfficer, formsCommune)
	if _, err := env.App.Dossiers.Act(ctx, clerk, d.Code, dossier.ActInput{Action: workflow.ActionReceive}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.App.Dossiers.Act(ctx, officer, d.Code, dossier.ActInput{Action: workflow.ActionSupplement,
		Note: "Bản sao giấy xác nhận có chứng thực"}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := []string{filepath.Join(dir, "ban-sao-1.pdf"), filepath.Join(dir, "ban-sao-2.pdf")}
	for _, f := range files {
		if err := os.WriteFile(f, uploadtest.PDF(8<<10), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	const note = "Đã bổ sung bản sao có chứng thực; trang 2 gửi kèm."
	dossierPage := string(route.Dossier(d.Code))
	upload := `form[action="` + string(route.DossierRespond(d.Code)) + `"] button[value="upload"]`
	send := `form[action="` + string(route.DossierRespond(d.Code)) + `"] button[value="send"]`

	p := openDevice(t, env.URL+route.PathHome, scripts)
	signInAs(t, p, apptest.LoginOf(citizen), citizen.FullName)
	p.Navigate(env.URL + dossierPage)
	p.CheckA11y()
	p.Fill("respond-note", note).SetFiles("respond-file", files[0]).ClickNav(upload)
	wantLanding(t, p, dossierPage, "respond-file", scripts)
	wantText(t, p, flash, "Đã tải lên. Tải thêm giấy tờ khác hoặc bấm Gửi bổ sung.")
	if got := p.Value("respond-note"); got != note {
		t.Errorf("after the upload the note reads %q, want %q", got, note)
	}
	if got := p.Text(".respond .list"); !strings.Contains(got, "ban-sao-1.pdf") {
		t.Errorf("uploaded files: %q", got)
	}
	p.CheckA11y()
	// Another file: the note is still kept.
	p.SetFiles("respond-file", files[1]).ClickNav(upload)
	if got := p.Value("respond-note"); got != note {
		t.Errorf("after the second upload the note reads %q", got)
	}
	p.ClickNav(send)
	wantPath(t, p, dossierPage)
	if n := evaluate[int](t, p, `document.querySelectorAll('#respond-note').length`); n != 0 {
		t.Error("the answer form is still there after sending")
	}
	if got := p.Text("main"); !strings.Contains(got, note) {
		t.Errorf("the sent note is not on the dossier page")
	}
	p.CheckA11y()
	full, err := env.App.Dossiers.View(ctx, citizen, d.Code)
	if err != nil {
		t.Fatal(err)
	}
	if e := full.Events[len(full.Events)-1]; e.Note != note {
		t.Errorf("the answer was sent with the note %q, want %q", e.Note, note)
	}
}

// TestDeclarationErrorSummary (JavaScript on) and ...WithoutJavaScript:
// submitting a complete dossier without ticking the declaration comes
// back with the error summary at the top, linking to the box; with
// JavaScript the focus is on the summary and its link moves it to the box.
func TestDeclarationErrorSummary(t *testing.T) { declarationJourney(t, true) }

func TestDeclarationErrorSummaryWithoutJavaScript(t *testing.T) { declarationJourney(t, false) }

func declarationJourney(t *testing.T, scripts bool) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	citizen := env.Users[account.RoleCitizen]
	d := env.CompleteDraft(t, citizen, apptest.ProcCommune, formsCommune)
	check := string(route.DraftCheck(d.PublicID))

	p := openDevice(t, env.URL+route.PathHome, scripts)
	signInAs(t, p, apptest.LoginOf(citizen), citizen.FullName)
	p.Navigate(env.URL + check)
	wantText(t, p, "h1", "Kiểm tra thông tin trước khi nộp")
	p.ClickNav(`main form[action$="/nop"] button[type="submit"]`)
	wantPath(t, p, string(route.DraftSubmit(d.PublicID)))
	p.WaitVisible(".error-summary")
	wantText(t, p, "#error-summary-title", "Có lỗi cần sửa")
	if got := p.Text(`.error-summary a[href="#declaration"]`); got != "Đánh dấu vào ô cam đoan để nộp hồ sơ" {
		t.Errorf("summary link to #declaration reads %q", got)
	}
	if !evaluate[bool](t, p, `(document.querySelector('.error-summary').compareDocumentPosition(document.querySelector('h1')) & Node.DOCUMENT_POSITION_FOLLOWING) > 0`) {
		t.Error("the error summary is not above the heading")
	}
	if title := evaluate[string](t, p, `document.title`); !strings.HasPrefix(title, "Lỗi:") {
		t.Errorf("title %q, want it to start with Lỗi:", title)
	}
	if focused := evaluate[bool](t, p, `document.activeElement === document.querySelector('.error-summary')`); focused != scripts {
		t.Errorf("focus on the error summary = %v, want %v", focused, scripts)
	}
	p.CheckA11y()
	p.Click(`.error-summary a[href="#declaration"]`)
	if scripts && !evaluate[bool](t, p, `document.activeElement === document.getElementById('declaration')`) {
		t.Error("the summary's link does not move the focus to the declaration box")
	}
	p.Choose(route.FormDeclaration, "yes").ClickNav(`main form[action$="/nop"] button[type="submit"]`)
	wantText(t, p, ".panel h1", "Đã nộp hồ sơ")
}

// TestEvery422PageHasItsErrorSummary walks the forms that come back with
// their errors (422), one post each, in the portal, the office and the
// administration: each page has its error summary at the top, before its
// heading and forms, focusable, with a link per problem to a field the
// page has (apptest checks every 422 page the same way, in every test).
func TestEvery422PageHasItsErrorSummary(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	citizen := env.Users[account.RoleCitizen]
	anon := env.Client(t)
	me := env.Client(t)
	me.Login(citizen)
	clerk := env.StaffClient(t, account.RoleClerk, formsCentre)
	officer := env.StaffClient(t, account.RoleOfficer, formsCommune)
	admin := env.Client(t)
	admin.Login(env.Users[account.RoleAdmin])

	res := me.Post(string(route.Apply(apptest.ProcCommune)), url.Values{"unit": {formsCommune}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("start a draft: %d", res.Status)
	}
	draft := res.Location
	code := env.SubmitDossier(t, citizen, apptest.ProcCommune, formsCommune).Code
	if res := clerk.Post(string(route.QueueReceive()), url.Values{"code": {code}}); res.Status != http.StatusSeeOther {
		t.Fatalf("receive: %d", res.Status)
	}
	waiting := env.SubmitDossier(t, citizen, apptest.ProcCommune, formsCommune).Code
	if res := clerk.Post(string(route.QueueReceive()), url.Values{"code": {waiting}}); res.Status != http.StatusSeeOther {
		t.Fatalf("receive: %d", res.Status)
	}
	if res := officer.Post(string(route.DossierAct(waiting)), url.Values{"action": {"supplement"}, "note": {"Bản sao"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("supplement: %d", res.Status)
	}

	for _, tc := range []struct {
		name string
		post func() *apptest.Response
	}{
		{"login, nothing typed", func() *apptest.Response { return anon.Post(route.PathLogin, url.Values{}) }},
		{"login, wrong password", func() *apptest.Response {
			return anon.Post(route.PathLogin, url.Values{route.LoginFormIdentity: {citizen.Email}, route.LoginFormPassword: {"sai"}})
		}},
		{"register", func() *apptest.Response {
			return anon.Post(route.PathRegister, url.Values{"kind": {"citizen"}, "full_name": {""}, "personal_id": {"123"}})
		}},
		{"forgotten password", func() *apptest.Response { return anon.Post(route.PathForgot, url.Values{"email": {""}}) }},
		{"status lookup", func() *apptest.Response { return anon.Post(route.PathLookup, url.Values{}) }},
		{"verify a file that is none", func() *apptest.Response { return anon.Post(route.PathVerify, url.Values{}) }},
		{"account password", func() *apptest.Response {
			return me.Post(route.PathAccountPasswd, url.Values{"current_password": {"sai"}, "new_password": {"x"}, "new_password_confirm": {"y"}})
		}},
		{"apply without a commune", func() *apptest.Response {
			return me.Post(string(route.Apply(apptest.ProcCommune)), url.Values{"unit": {""}})
		}},
		{"e-form page", func() *apptest.Response {
			return me.Post(draft+"/trang/nguoi-khai", url.Values{"dien_thoai": {"12345"}, "ngay_sinh": {"31/02/1992"}})
		}},
		{"delivery", func() *apptest.Response {
			return me.Post(draft+"/nhan-ket-qua", url.Values{"delivery_method": {"post"}})
		}},
		{"submit an incomplete draft", func() *apptest.Response { return me.Post(draft+"/nop", url.Values{}) }},
		{"withdraw without a reason", func() *apptest.Response {
			return me.Post(string(route.DossierCancel(code)), url.Values{"reason": {" "}})
		}},
		{"answer a request with nothing", func() *apptest.Response {
			return me.PostMultipart(string(route.DossierRespond(waiting)), [][2]string{{"_action", "send"}, {"note", " "}})
		}},
		{"add a desk dossier without its code", func() *apptest.Response {
			return me.Post(string(route.AddDeskDossier()), url.Values{"code": {""}, "secret": {""}})
		}},
		{"staff action without its note", func() *apptest.Response {
			return officer.Post(string(route.DossierAct(code)), url.Values{"action": {"supplement"}, "note": {" "}})
		}},
		{"apology with a bad date", func() *apptest.Response {
			return officer.Post(string(route.DossierApology(code)), url.Values{"reason": {"Chờ xác minh"}, "new_due": {"31/02/2026"}})
		}},
		{"find by a name", func() *apptest.Response { return clerk.Get(string(route.Find("nguyen van"))) }},
		{"ledger period", func() *apptest.Response { return clerk.Get(route.PathLedger + "?tu=31%2F02%2F2026&den=abc") }},
		{"new staff", func() *apptest.Response {
			return admin.Post(route.PathAdminUsers, url.Values{"full_name": {""}, "role": {"superuser"}, "password": {"1"}})
		}},
		{"calendar year", func() *apptest.Response { return admin.Post(route.PathAdminCalendar, url.Values{"year": {"1999"}}) }},
		{"notification template preview", func() *apptest.Response {
			return admin.Post(string(route.AdminTemplate("receive", "email")), url.Values{"_action": {"preview"},
				"subject": {"Hồ sơ {ma_hs}"}, "body": {"x"}})
		}},
		{"notification template", func() *apptest.Response {
			return admin.Post(string(route.AdminTemplate("receive", "email")), url.Values{"subject": {"Hồ sơ {ma_hs}"}, "body": {"x"}})
		}},
		{"new procedure", func() *apptest.Response { return admin.Post(route.PathAdminCatalog, url.Values{"name": {""}}) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := tc.post()
			if res.Status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", res.Status)
			}
			for _, p := range apptest.SummaryProblems(res.Doc) {
				t.Error(p)
			}
		})
	}
}
