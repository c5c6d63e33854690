package journey

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/upload/uploadtest"
	"github.com/motcua/motcua/web/route"
)

// The applicant of the online journeys: a citizen of the demo population
// registry (testdata/seed/registry.json), so her birth date and gender are
// prefilled from it. She lives in Phường Phan Đình Phùng, Thái Nguyên.
const (
	applicantName  = "Trần Thị Hoa"
	applicantID    = "019192000002"
	applicantEmail = "tranthihoa@example.vn"
	applicantPhone = "0912000222"
	applicantPass  = "Hoa-mai-no-ngay-Tet-2026"
)

// The procedure the journeys apply for, from the real seed catalogue and
// e-forms: permanent residence registration (1.004222), first case, at
// the applicant's commune. Its e-form has four pages: the applicant
// (prefilled), the new home's address, household members, and one required
// document.
const (
	procCode    = "1.004222"
	procName    = "Đăng ký thường trú"
	procCase    = "Đăng ký thường trú tại chỗ ở hợp pháp thuộc quyền sở hữu của mình"
	procUnit    = "UBND Phường Phan Đình Phùng"
	procCentre  = "038.01.50.H19" // its reception centre: the code's prefix
	pdfName     = "giay-chung-nhan-nha-dat.pdf"
	homeStreet  = "Số 8, ngõ 20, đường Lương Ngọc Quyến, tổ 3"
	homeCommune = "Phường Gia Sàng"
	homeProv    = "Tỉnh Thái Nguyên"
)

// Selectors of the draft pages' buttons. The page's first submit button
// may be the hidden default button (eformview.Fields), so these name the
// visible ones by their place and action.
const (
	saveContinue  = `main form .button-group button[type="submit"]:not([name])`
	saveExit      = `main form .button-group button[name="_action"][value="save-exit"]`
	refreshButton = `main form button[data-eform-refresh]`
	navCatalog    = `.main-nav a[href="` + route.PathCatalog + `"]`
	navMine       = `.main-nav a[href="` + route.PathMyDossiers + `"]`
	navLookup     = `.main-nav a[href="` + route.PathLookup + `"]`
	headerLogin   = `.header-tools a[href^="` + route.PathLogin + `"]`
)

// TestCitizenAppliesOnline is the journey, with JavaScript on: a
// citizen signs in, searches the catalogue without diacritics, opens a
// procedure, fills its e-form, triggers a validation error and fixes it,
// uploads a PDF, leaves, resumes on another device, submits, reads the
// dossier code, and looks the dossier up anonymously with the secret. axe
// checks every page visited.
func TestCitizenAppliesOnline(t *testing.T) { applyJourney(t, true) }

// TestCitizenAppliesOnlineWithoutJavaScript is the same journey in a
// browser that runs no script: every page must still work, and the
// address's commune list comes with the refresh button instead of a fetch.
func TestCitizenAppliesOnlineWithoutJavaScript(t *testing.T) { applyJourney(t, false) }

func applyJourney(t *testing.T, scripts bool) {
	env := apptest.New(t)
	ctx := context.Background()
	if _, err := env.App.SeedCatalog(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := env.App.SeedEforms(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := env.App.SeedRegistry(ctx); err != nil {
		t.Fatal(err)
	}
	applicant, err := env.App.Accounts.Register(ctx, account.RegisterInput{Kind: account.RoleCitizen, FullName: applicantName,
		PersonalID: applicantID, Email: applicantEmail, Phone: "0912 000 222", Password: applicantPass,
		Password2: applicantPass})
	if err != nil {
		t.Fatal(err)
	}
	// Her identity is verified, so the registry prefills her form (an
	// unverified one gets nothing from it: TestUnverifiedApplicantGetsNoRegistryData).
	env.VerifyIdentity(t, applicant)
	pdf := filepath.Join(t.TempDir(), pdfName)
	if err := os.WriteFile(pdf, uploadtest.PDF(30<<10), 0o600); err != nil {
		t.Fatal(err)
	}

	// --- Sign in and find the procedure. ---------------------------------
	p := openDevice(t, env.URL+route.PathHome, scripts)
	p.CheckA11y()
	signIn(t, p)

	p.ClickNav(navCatalog)
	wantPath(t, p, route.PathCatalog)
	p.CheckA11y()
	p.Fill("q", "dang ky thuong tru").ClickNav(`form[role="search"] button[type="submit"]`)
	wantPath(t, p, route.PathCatalog)
	procLink := `.result-list a[href="` + string(route.Procedure(procCode, 0)) + `"]`
	if got := p.Text(procLink); got != procName {
		t.Errorf("search result link = %q, want %q", got, procName)
	}
	p.CheckA11y()
	p.ClickNav(procLink)
	wantPath(t, p, string(route.Procedure(procCode, 0)))
	wantText(t, p, "h1", procName)
	p.CheckA11y()

	// --- Start: the case and the commune. --------------------------------
	applyLink := `main a[href="` + string(route.Apply(procCode)) + `"]`
	wantText(t, p, applyLink, "Nộp hồ sơ trực tuyến")
	p.ClickNav(applyLink)
	wantPath(t, p, string(route.Apply(procCode)))
	wantText(t, p, "h1", procName)
	p.CheckA11y()
	p.Choose("case", procCase).Select("unit", procUnit).ClickNav(submitButton)
	draft := location(t, p).Path
	if !regexp.MustCompile(`^/ho-so-nhap/[a-z0-9]{20}$`).MatchString(draft) {
		t.Fatalf("after starting, the tab shows %s, want a draft's task list", draft)
	}
	wantText(t, p, "h1", procName)
	if got := p.Text(".summary-list"); !strings.Contains(got, procUnit) || !strings.Contains(got, applicantName) {
		t.Errorf("task list facts lack the applicant or the unit:\n%s", got)
	}
	if got := taskStatus(t, p, "Người kê khai"); got == "Đã xong" {
		t.Errorf("task Người kê khai is %q before any answer", got)
	}
	p.CheckA11y()

	// --- Page 1, the applicant: prefilled from the account and the ------
	// population registry. A bad phone number comes back with the error.
	p.ClickNav(`.task-list a[href="` + draft + `/trang/nguoi-ke-khai"]`)
	wantPath(t, p, draft+"/trang/nguoi-ke-khai")
	wantText(t, p, "h1", "Người kê khai")
	for field, want := range map[string]string{"ho_ten": applicantName, "so_dinh_danh": applicantID,
		"ngay_sinh": "02/07/1992", "dien_thoai": applicantPhone, "email": applicantEmail} {
		if got := p.Value(field); got != want {
			t.Errorf("prefilled #%s = %q, want %q", field, got, want)
		}
	}
	if !p.Checked("gioi_tinh-2") { // Nữ, from the registry
		t.Error("gender is not prefilled from the population registry")
	}
	p.CheckA11y()
	p.Fill("dien_thoai", "12345").Choose("la_chu_ho", "Có").Choose("chua_thanh_nien", "Không").ClickNav(saveContinue)
	wantPath(t, p, draft+"/trang/nguoi-ke-khai")
	p.WaitVisible(".error-summary")
	wantText(t, p, "#error-summary-title", "Có lỗi cần sửa")
	if title := evaluate[string](t, p, `document.title`); !strings.HasPrefix(title, "Lỗi:") {
		t.Errorf("title after the failed save = %q, want it to start with Lỗi:", title)
	}
	const phoneErr = "phải là số điện thoại Việt Nam"
	if got := p.Text(`.error-summary a[href="#dien_thoai"]`); !strings.Contains(got, phoneErr) {
		t.Errorf("error summary link to #dien_thoai = %q, want it to contain %q", got, phoneErr)
	}
	if n := evaluate[int](t, p, `document.querySelectorAll('.error-summary li').length`); n != 1 {
		t.Errorf("error summary lists %d problems, want 1:\n%s", n, p.Text(".error-summary"))
	}
	if got := p.Text("#dien_thoai-error"); !strings.Contains(got, phoneErr) {
		t.Errorf("#dien_thoai-error = %q", got)
	}
	if got := p.Attr("#dien_thoai", "aria-invalid"); got != "true" {
		t.Errorf("#dien_thoai aria-invalid = %q, want true", got)
	}
	// app.js moves focus to the summary; without it, nothing does.
	if focused := evaluate[bool](t, p, `document.activeElement === document.querySelector('.error-summary')`); focused != scripts {
		t.Errorf("after the failed save, focus on the error summary = %v, want %v", focused, scripts)
	}
	// Every answer is kept, the bad one included.
	for field, want := range map[string]string{"dien_thoai": "12345", "ho_ten": applicantName, "ngay_sinh": "02/07/1992"} {
		if got := p.Value(field); got != want {
			t.Errorf("after the failed save, #%s = %q, want %q", field, got, want)
		}
	}
	if !p.Checked("la_chu_ho") || !p.Checked("chua_thanh_nien-2") || !p.Checked("gioi_tinh-2") {
		t.Error("after the failed save, the chosen answers are lost")
	}
	p.CheckA11y()
	// The summary's link leads to the field (app.js focuses it).
	p.Click(`.error-summary a[href="#dien_thoai"]`)
	if scripts && !evaluate[bool](t, p, `document.activeElement === document.getElementById('dien_thoai')`) {
		t.Error("the error summary's link does not move focus to the field")
	}
	p.Fill("dien_thoai", "0912 000 222").ClickNav(saveContinue)

	// --- Page 2, the new home's address. -------------------------------
	wantPath(t, p, draft+"/trang/noi-dang-ky")
	wantText(t, p, "h1", "Nơi đăng ký thường trú")
	p.CheckA11y()
	const (
		province = "dia_chi_thuong_tru.province"
		commune  = "dia_chi_thuong_tru.commune"
	)
	communeOption := `select[id="` + commune + `"] option`
	if n := evaluate[int](t, p, `document.querySelectorAll('`+communeOption+`').length`); n != 1 {
		t.Errorf("before a province is chosen, the commune list has %d options, want 1 (Chọn)", n)
	}
	p.Select(province, homeProv)
	if scripts {
		// app.js fetches the province's communes; its button is hidden.
		p.WaitReady(communeOption + `[value="05467"]`)
		if !evaluate[bool](t, p, `document.querySelector('`+refreshButton+`').hidden`) {
			t.Error("with JavaScript, the refresh button is shown")
		}
	} else {
		// Without JavaScript the button stays, and saves the page and
		// shows it again with the province's communes.
		if evaluate[bool](t, p, `document.querySelector('`+refreshButton+`').hidden`) {
			t.Fatal("without JavaScript, the refresh button is hidden")
		}
		wantText(t, p, refreshButton, "Cập nhật danh sách xã, phường")
		p.ClickNav(refreshButton)
		wantPath(t, p, draft+"/trang/noi-dang-ky")
		if p.Value(province) != "19" {
			t.Errorf("after the refresh, province = %q, want 19", p.Value(province))
		}
		p.CheckA11y()
	}
	if n := evaluate[int](t, p, `document.querySelectorAll('`+communeOption+`').length`); n < 50 {
		t.Errorf("the commune list of Thái Nguyên has %d options", n)
	}
	p.Select(commune, homeCommune).
		Fill("dia_chi_thuong_tru.street", homeStreet).
		Select("loai_giay_to_cho_o", "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản gắn liền với đất").
		CheckA11y().
		ClickNav(saveContinue)

	// --- Page 3, household members: none. -------------------------------
	wantPath(t, p, draft+"/trang/thanh-vien")
	p.CheckA11y()
	p.Choose("co_thanh_vien", "Không").ClickNav(saveContinue)

	// --- Page 4, the document: upload a PDF, then leave. ----------------
	wantPath(t, p, draft+"/trang/giay-to")
	wantText(t, p, "h1", "Giấy tờ kèm theo")
	p.CheckA11y()
	p.SetFiles("tep_so_huu_cho_o", pdf).ClickNav(saveExit)
	wantPath(t, p, route.PathMyDossiers)
	wantText(t, p, flash, "Đã lưu hồ sơ. Bạn có thể tiếp tục bất cứ lúc nào từ mục Hồ sơ của tôi.")
	p.CheckA11y()

	// --- Another device: sign in, find the draft, resume. ---------------
	q := openDevice(t, env.URL+route.PathHome, scripts)
	q.CheckA11y()
	signIn(t, q)
	q.ClickNav(navMine)
	wantPath(t, q, route.PathMyDossiers)
	wantText(t, q, "h1", "Hồ sơ của tôi")
	draftLink := `main a[href="` + draft + `"]`
	wantText(t, q, draftLink, procName)
	q.CheckA11y()
	q.ClickNav(draftLink)
	wantPath(t, q, draft)
	for _, task := range []string{"Người kê khai", "Nơi đăng ký thường trú", "Thành viên cùng thay đổi", "Giấy tờ kèm theo"} {
		wantTask(t, q, task, "Đã xong")
	}
	wantTask(t, q, "Kiểm tra và nộp hồ sơ", "Chưa bắt đầu")
	q.CheckA11y()
	// The uploaded file is listed on the documents page.
	q.ClickNav(`.task-list a[href="` + draft + `/trang/giay-to"]`)
	wantPath(t, q, draft+"/trang/giay-to")
	if got := q.Text(".eform-files a"); got != pdfName {
		t.Errorf("listed file = %q, want %q", got, pdfName)
	}
	if href := q.Attr(".eform-files a", "href"); !strings.HasPrefix(href, "/tep/") {
		t.Errorf("the listed file links to %q", href)
	}
	q.CheckA11y()
	q.ClickNav(saveContinue)

	// --- Delivery, check, submit. ---------------------------------------
	wantPath(t, q, draft+"/nhan-ket-qua")
	wantText(t, q, "h1", "Nhận kết quả")
	q.CheckA11y()
	q.Choose("delivery_method", "Nhận trực tiếp tại bộ phận một cửa").ClickNav(saveContinue)

	wantPath(t, q, draft+"/kiem-tra")
	wantText(t, q, "h1", "Kiểm tra thông tin trước khi nộp")
	answers := q.Text("main")
	for _, want := range []string{applicantName, "02/07/1992", applicantPhone, "Nữ", homeStreet, homeCommune, homeProv,
		pdfName, "Nhận trực tiếp tại bộ phận một cửa"} {
		if !strings.Contains(answers, want) {
			t.Errorf("the check page lacks %q", want)
		}
	}
	changes := evaluate[[]string](t, q, `[...document.querySelectorAll('.summary-change a')].map(a => a.getAttribute('href'))`)
	if len(changes) < 10 {
		t.Errorf("the check page has %d change links", len(changes))
	}
	for _, href := range changes {
		if !strings.HasPrefix(href, draft+"/trang/") {
			t.Errorf("change link %q does not lead to a page of the draft", href)
		}
	}
	if got := q.Text(".summary-change a"); !strings.HasPrefix(got, "Thay đổi") {
		t.Errorf("first change link reads %q", got)
	}
	q.CheckA11y()
	// The first change link goes back to its question; continuing from
	// there walks the pages again.
	q.ClickNav(".summary-change a")
	wantPath(t, q, draft+"/trang/nguoi-ke-khai")
	for field, want := range map[string]string{"ho_ten": applicantName, "dien_thoai": applicantPhone} {
		if got := q.Value(field); got != want {
			t.Errorf("after resuming, #%s = %q, want %q", field, got, want)
		}
	}
	q.CheckA11y()
	wantText(t, q, `main a[href="`+draft+`"]`, "Quay lại danh sách việc cần làm")
	q.ClickNav(`main a[href="` + draft + `"]`)
	wantPath(t, q, draft)
	q.ClickNav(`.task-list a[href="` + draft + `/kiem-tra"]`)
	wantPath(t, q, draft+"/kiem-tra")
	q.Choose(route.FormDeclaration, "yes").ClickNav(`main form[action$="/nop"] button[type="submit"]`)

	// --- The confirmation: code and secret. -----------------------------
	wantText(t, q, ".panel h1", "Đã nộp hồ sơ")
	code := strings.TrimSpace(q.Text(".panel-ref"))
	today := time.Now().In(i18n.Zone).Format("060102")
	if !regexp.MustCompile(`^` + regexp.QuoteMeta(procCentre+"-"+today) + `-\d{4}$`).MatchString(code) {
		t.Fatalf("dossier code %q, want %s-%s-NNNN", code, procCentre, today)
	}
	wantPath(t, q, string(route.DossierDone(code)))
	secret := strings.TrimSpace(evaluate[string](t, q, `[...document.querySelectorAll('.summary-row')]
		.find(r => r.querySelector('dt').textContent.trim() === 'Mã tra cứu').querySelector('dd').textContent`))
	if !regexp.MustCompile(`^[A-Z0-9]{8}$`).MatchString(secret) {
		t.Errorf("lookup secret %q, want 8 capitals or digits", secret)
	}
	q.CheckA11y()
	q.ClickNav(navMine)
	wantText(t, q, `main table th a[href="`+string(route.Dossier(code))+`"]`, code)
	wantText(t, q, "main table .badge", "Mới đăng ký")
	q.CheckA11y()

	// --- Sign out and look it up with the secret. -----------------------
	q.ClickNav(headerLogout)
	wantText(t, q, flash, "Bạn đã đăng xuất.")
	q.CheckA11y()
	q.ClickNav(navLookup)
	wantPath(t, q, route.PathLookup)
	wantText(t, q, "h1", "Tra cứu hồ sơ")
	q.CheckA11y()
	q.Fill("code", code).Fill("secret", secret).ClickNav(submitButton)
	wantPath(t, q, route.PathLookup)
	wantText(t, q, "#lookup-result", procName)
	wantText(t, q, "section[aria-labelledby=lookup-result] .badge", "Mới đăng ký")
	if got := q.Text("section[aria-labelledby=lookup-result] .summary-list"); !strings.Contains(got, code) {
		t.Errorf("lookup result lacks the code %s:\n%s", code, got)
	}
	q.CheckA11y()

	if logs := env.Logs(); strings.Contains(logs, `"level":"ERROR"`) {
		t.Errorf("the server logged errors:\n%s", logs)
	}
}

// openDevice opens url in a new tab with its own cookies, as another
// device would; without scripts, the tab runs no JavaScript from the first
// page on.
func openDevice(t *testing.T, url string, scripts bool) *browsertest.Page {
	t.Helper()
	p := browsertest.Open(t, url)
	if !scripts {
		p.DisableScripts(true).Navigate(url)
	}
	return p
}

// signIn signs the applicant in through the header's login link, checking
// the login page and the page it leads to.
func signIn(t *testing.T, p *browsertest.Page) {
	t.Helper()
	p.ClickNav(headerLogin)
	wantPath(t, p, route.PathLogin)
	wantText(t, p, "h1", "Đăng nhập")
	p.CheckA11y()
	p.Fill(route.LoginFormIdentity, applicantID).Fill(route.LoginFormPassword, applicantPass).ClickNav(submitButton)
	wantText(t, p, flash, "Bạn đã đăng nhập.")
	wantText(t, p, headerUserName, applicantName)
	p.CheckA11y()
}

// wantTask checks the status tag of the task list's task named name.
func wantTask(t *testing.T, p *browsertest.Page, name, status string) {
	t.Helper()
	if got := taskStatus(t, p, name); got != status {
		t.Errorf("task %q is %q, want %q", name, got, status)
	}
}

// taskStatus is the status tag of the task list's task named name.
func taskStatus(t *testing.T, p *browsertest.Page, name string) string {
	t.Helper()
	k, _ := json.Marshal(name)
	got, err := browsertest.Run(p, chromedp.Evaluate[string](`(n => {
	const li = [...document.querySelectorAll('.task-list-item')].find(li => li.querySelector('.task-list-name a, .task-list-name span').textContent.trim() === n);
	return li ? li.querySelector('.task-list-status').textContent.trim() : '(no such task)';
})(`+string(k)+`)`))
	if err != nil {
		t.Fatal(err)
	}
	return got
}
