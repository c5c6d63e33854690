package portal_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/internal/upload/uploadtest"
	"github.com/motcua/motcua/web/route"
)

// A commune of the demo province, and its reception centre's code.
const (
	communeDucXuan = "001.00.50.H19"
	centreDucXuan  = "001.01.50.H19"
)

var codeRE = regexp.MustCompile(`^` + regexp.QuoteMeta(centreDucXuan) + `-\d{6}-(\d{4})$`)

// startDraft starts a draft of the commune test procedure and returns its
// task-list path.
func startDraft(t *testing.T, c *apptest.Client) string {
	t.Helper()
	res := c.Post(string(route.Apply(apptest.ProcCommune)), url.Values{"unit": {communeDucXuan}})
	if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, "/ho-so-nhap/") {
		t.Fatalf("start: %d %q %s", res.Status, res.Location, res.Text(".error-summary"))
	}
	return res.Location
}

// fillDraft answers every page, uploads the required PDF, chooses delivery
// at the desk and returns the check page's path.
func fillDraft(t *testing.T, c *apptest.Client, draft string) {
	t.Helper()
	for _, step := range []struct {
		path   string
		fields url.Values
	}{
		{draft + "/trang/nguoi-khai", url.Values{"ho_ten": {"Đỗ Thị Hoa"}, "so_dinh_danh": {"019190000123"},
			"dien_thoai": {"0987000123"}, "ngay_sinh": {"02/07/1992"}}},
		{draft + "/trang/nguoi-than", url.Values{"co_giay_khac": {"no"}}},
		{draft + "/nhan-ket-qua", url.Values{"delivery_method": {"desk"}}},
	} {
		if res := c.Post(step.path, step.fields); res.Status != http.StatusSeeOther {
			t.Fatalf("%s: %d %s", step.path, res.Status, res.Text(".error-summary"))
		}
	}
	res := c.PostMultipart(draft+"/trang/giay-to", nil,
		apptest.Upload{Field: "tep_xac_nhan", Name: "giay-xac-nhan.pdf", Data: uploadtest.PDF(20 << 10)})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", res.Status, res.Text(".error-summary"))
	}
}

func TestApplyOnline(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	citizen := env.Users[account.RoleCitizen]
	c := env.Client(t)

	// Anonymous visitors are sent to sign in first.
	if res := c.Get(string(route.Apply(apptest.ProcCommune))); res.Status != http.StatusSeeOther ||
		!strings.HasPrefix(res.Location, route.PathLogin) {
		t.Fatalf("anonymous apply: %d %s", res.Status, res.Location)
	}
	c.Login(citizen)
	res := c.Get(string(route.Apply(apptest.ProcCommune)))
	if res.Status != http.StatusOK || res.Doc.Find("select#unit option").Length() < 90 {
		t.Fatalf("apply form: %d, %d communes", res.Status, res.Doc.Find("select#unit option").Length())
	}
	// No commune chosen: asked again, beside the field.
	res = c.Post(string(route.Apply(apptest.ProcCommune)), url.Values{"unit": {""}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text(".error-summary"), "Chọn cơ quan giải quyết") {
		t.Fatalf("apply without a commune: %d %q", res.Status, res.Text(".error-summary"))
	}
	draft := startDraft(t, c)

	// The first page is prefilled from the account.
	res = c.Get(draft + "/trang/nguoi-khai")
	if v, _ := res.Doc.Find("#ho_ten").Attr("value"); v != citizen.FullName {
		t.Errorf("prefilled name = %q, want %q", v, citizen.FullName)
	}
	// A bad phone number: 422, the error in the summary and beside the
	// field, every answer kept.
	res = c.Post(draft+"/trang/nguoi-khai", url.Values{"ho_ten": {"Đỗ Thị Hoa"}, "so_dinh_danh": {"019190000123"},
		"dien_thoai": {"12345"}, "ngay_sinh": {"31/02/1992"}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("bad page: %d, want 422", res.Status)
	}
	if n := res.Doc.Find(".error-summary li").Length(); n != 2 {
		t.Errorf("%d errors in the summary, want 2 (phone, date): %q", n, res.Text(".error-summary"))
	}
	if href, _ := res.Doc.Find(".error-summary a").First().Attr("href"); href != "#dien_thoai" {
		t.Errorf("first summary link %q, want #dien_thoai", href)
	}
	if v, _ := res.Doc.Find("#dien_thoai").Attr("value"); v != "12345" {
		t.Errorf("bad phone not kept: %q", v)
	}
	if v, _ := res.Doc.Find("#ho_ten").Attr("value"); v != "Đỗ Thị Hoa" {
		t.Errorf("other answers not kept: %q", v)
	}
	if inv, _ := res.Doc.Find("#dien_thoai").Attr("aria-invalid"); inv != "true" {
		t.Error("the bad field is not marked invalid")
	}

	// The relative's name comes from the population registry by ID.
	res = c.Post(draft+"/trang/nguoi-than", url.Values{"nguoi_than_so_dinh_danh": {"019090000001"}, "_action": {"add:con"}})
	if res.Status != http.StatusSeeOther || !strings.HasSuffix(res.Location, "/trang/nguoi-than") {
		t.Fatalf("add a child: %d %s", res.Status, res.Location)
	}
	res = c.Get(draft + "/trang/nguoi-than")
	if v, _ := res.Doc.Find("#nguoi_than_ho_ten").Attr("value"); v != "Nguyễn Văn An" {
		t.Errorf("relative's name from the registry = %q", v)
	}
	if res.Doc.Find("#con\\.0\\.ten").Length() != 1 {
		t.Error("the added child has no name field")
	}

	fillDraft(t, c, draft)

	// A file that is not what its name says is refused, with the reason.
	res = c.PostMultipart(draft+"/trang/giay-to", nil,
		apptest.Upload{Field: "tep_xac_nhan", Name: "xac-nhan.pdf", Data: []byte("<html><script>alert(1)</script></html>")})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text(".error-summary"), "PDF, JPG, PNG") {
		t.Fatalf("HTML named .pdf: %d %q", res.Status, res.Text(".error-summary"))
	}
	// A child without a name: the page says so, and the dossier stays
	// incomplete (the answers are saved anyway).
	res = c.Post(draft+"/trang/nguoi-than", url.Values{"con.0": {""}, "con.0.ten": {""}, "co_giay_khac": {"no"}})
	if res.Status != http.StatusUnprocessableEntity || res.Doc.Find("#con\\.0\\.ten[aria-invalid=true]").Length() != 1 {
		t.Fatalf("unnamed child: %d %q", res.Status, res.Text(".error-summary"))
	}
	res = c.Get(draft + "/kiem-tra")
	if res.Status != http.StatusOK || res.Doc.Find("form[action$='/nop']").Length() != 0 {
		t.Fatalf("incomplete draft offers submission: %d", res.Status)
	}
	if href, _ := res.Doc.Find(".error-summary a").First().Attr("href"); !strings.HasSuffix(href, "/trang/nguoi-than#con.0.ten") {
		t.Errorf("problem links to %q, want the page and the field", href)
	}
	if res := c.Post(draft+"/trang/nguoi-than", url.Values{"_action": {"remove:con:0"}, "con.0": {""}, "co_giay_khac": {"no"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("remove child: %d", res.Status)
	}

	// Complete now: the check page lists answers with change links.
	res = c.Get(draft + "/kiem-tra")
	if res.Doc.Find("form[action$='/nop']").Length() != 1 {
		t.Fatalf("complete draft cannot be submitted: %q", res.Text(".error-summary"))
	}
	if !strings.Contains(res.Text("main"), "giay-xac-nhan.pdf") || !strings.Contains(res.Text("main"), "02/07/1992") {
		t.Error("check page lacks the file or the date as dd/mm/yyyy")
	}
	// Without the declaration: asked for it.
	res = c.Post(draft+"/nop", url.Values{})
	if res.Status != http.StatusUnprocessableEntity || res.Doc.Find("#declaration-error").Length() != 1 {
		t.Fatalf("submit without declaration: %d", res.Status)
	}
	res = c.Post(draft+"/nop", url.Values{"declaration": {"yes"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("submit: %d %s", res.Status, res.Text(".error-summary"))
	}
	done := res.Location
	// Submitting again (double click, retry) gives the same dossier.
	if again := c.Post(draft+"/nop", url.Values{"declaration": {"yes"}}); again.Location != done {
		t.Errorf("second submit went to %q, want %q", again.Location, done)
	}
	res = c.Get(done)
	code := res.Text(".panel-ref")
	if m := codeRE.FindStringSubmatch(code); m == nil || m[1] != "0001" {
		t.Fatalf("dossier code %q, want %s-yyMMdd-0001", code, centreDucXuan)
	}
	full, err := env.App.Dossiers.View(context.Background(), citizen, code)
	if err != nil {
		t.Fatal(err)
	}
	if d := full.Dossier; len(d.Secret) != 8 || !strings.Contains(res.Text("main"), d.Secret) || d.Status != 1 || d.Channel != 2 {
		t.Errorf("dossier: secret %q shown %v, status %d, channel %d", d.Secret, strings.Contains(res.Text("main"), d.Secret), d.Status, d.Channel)
	}
	if len(full.Files) != 1 || full.Files[0].Name != "giay-xac-nhan.pdf" || full.Files[0].Type != "pdf" {
		t.Errorf("files = %+v", full.Files)
	}

	// My dossiers lists it with status 1; the draft is gone from drafts.
	res = c.Get(string(route.MyDossiers(1)))
	if !strings.Contains(res.Text("main"), code) || !strings.Contains(res.Text("main"), "Mới đăng ký") {
		t.Errorf("my dossiers: %q", res.Text("main"))
	}
}

// submitted makes a complete dossier for c's user and returns its code.
func submitted(t *testing.T, c *apptest.Client) string {
	t.Helper()
	draft := startDraft(t, c)
	fillDraft(t, c, draft)
	res := c.Post(draft+"/nop", url.Values{"declaration": {"yes"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("submit: %d %s", res.Status, res.Text(".error-summary"))
	}
	code := strings.TrimSuffix(strings.TrimPrefix(res.Location, "/ho-so/"), "/da-nop")
	return code
}

// TestDossierAccess: the applicant and staff of the units handling a
// dossier see it and its files; anyone else gets 404, as if it did not
// exist. Files go out as downloads that browsers must not sniff.
func TestDossierAccess(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	owner := env.Client(t)
	owner.Login(env.Users[account.RoleCitizen])
	code := submitted(t, owner)
	page := string(route.Dossier(code))

	res := owner.Get(page)
	if res.Status != http.StatusOK || !strings.Contains(res.Text("main"), "giay-xac-nhan.pdf") {
		t.Fatalf("owner: %d", res.Status)
	}
	file, _ := res.Doc.Find("a[href^='/tep/']").First().Attr("href")
	if file == "" {
		t.Fatal("no file link on the dossier page")
	}
	dl := owner.Get(file)
	if dl.Status != http.StatusOK || !strings.HasPrefix(string(dl.Body), "%PDF-") ||
		dl.Header.Get("Content-Type") != "application/pdf" || dl.Header.Get("X-Content-Type-Options") != "nosniff" ||
		!strings.HasPrefix(dl.Header.Get("Content-Disposition"), "attachment;") {
		t.Errorf("download: %d %v", dl.Status, dl.Header)
	}

	// Another citizen, a business, an officer of another unit, an
	// administrator: not found.
	other := env.Client(t)
	if res := other.Post(route.PathRegister, registerForm("citizen", "Lý Văn Tư", "019088000005", "tu@example.vn",
		"0912777666", "mot-mat-khau-dai", "mot-mat-khau-dai")); res.Status != http.StatusSeeOther {
		t.Fatalf("register: %d", res.Status)
	}
	for name, c := range map[string]*apptest.Client{"other citizen": other,
		"business": login(env, account.RoleBusiness), "officer": login(env, account.RoleOfficer),
		"admin": login(env, account.RoleAdmin), "clerk of another centre": login(env, account.RoleClerk)} {
		if res := c.Get(page); res.Status != http.StatusNotFound {
			t.Errorf("%s sees the dossier: %d", name, res.Status)
		}
		if res := c.Get(file); res.Status != http.StatusNotFound {
			t.Errorf("%s downloads the file: %d", name, res.Status)
		}
	}
	if res := env.Client(t).Get(file); res.Status != http.StatusSeeOther {
		t.Errorf("anonymous download: %d, want a redirect to sign in", res.Status)
	}

	// The commune centre's clerk, where it was received, sees it.
	clerk := env.StaffClient(t, account.RoleClerk, centreDucXuan)
	if res := clerk.Get(page); res.Status != http.StatusOK {
		t.Errorf("receiving clerk: %d", res.Status)
	}
	if res := clerk.Get(file); res.Status != http.StatusOK {
		t.Errorf("receiving clerk's download: %d", res.Status)
	}
}

func login(env *apptest.Env, r account.Role) *apptest.Client {
	c := env.Client(env.T)
	c.Login(env.Users[r])
	return c
}

func TestWithdraw(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	c := env.Client(t)
	c.Login(env.Users[account.RoleCitizen])
	code := submitted(t, c)
	cancel := string(route.DossierCancel(code))
	if res := c.Post(cancel, url.Values{"reason": {"  "}}); res.Status != http.StatusUnprocessableEntity ||
		res.Doc.Find("#reason[aria-invalid=true]").Length() != 1 {
		t.Fatalf("withdraw without a reason: %d", res.Status)
	}
	if res := c.Post(cancel, url.Values{"reason": {"Nộp nhầm thủ tục"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("withdraw: %d", res.Status)
	}
	res := c.Get(string(route.Dossier(code)))
	if !strings.Contains(res.Text(".badge"), "rút hồ sơ") || !strings.Contains(res.Text("main"), "Nộp nhầm thủ tục") {
		t.Errorf("after withdrawal: %q", res.Text("main"))
	}
	if res.Doc.Find("form[action$='/rut']").Length() != 0 {
		t.Error("a withdrawn dossier offers withdrawal again")
	}
	if res := c.Post(cancel, url.Values{"reason": {"lần nữa"}}); res.Status != http.StatusSeeOther {
		t.Errorf("second withdrawal: %d", res.Status)
	}
	// Someone else cannot withdraw it.
	biz := login(env, account.RoleBusiness)
	if res := biz.Post(cancel, url.Values{"reason": {"x"}}); res.Status != http.StatusNotFound {
		t.Errorf("business withdraws a citizen's dossier: %d", res.Status)
	}
}

// TestStatusLookup: the page and the API answer with the code and the
// secret; an unknown code and a wrong secret get the same 404; failures
// are throttled per address; the applicant needs no secret.
func TestStatusLookup(t *testing.T) {
	env := apptest.New(t, func(c *config.Config) { c.LookupMaxFailures = 3 })
	env.OpenProcedures(t)
	owner := env.Client(t)
	owner.Login(env.Users[account.RoleCitizen])
	code := submitted(t, owner)
	full, err := env.App.Dossiers.View(context.Background(), env.Users[account.RoleCitizen], code)
	if err != nil {
		t.Fatal(err)
	}
	secret := full.Dossier.Secret

	anon := env.Client(t)
	res := anon.Post(route.PathLookup, url.Values{"code": {code}, "secret": {strings.ToLower(secret)}})
	if res.Status != http.StatusOK || !strings.Contains(res.Text("main"), "Mới đăng ký") {
		t.Fatalf("lookup: %d %q", res.Status, res.Text("main"))
	}
	api := anon.Get(route.APIStatus(code) + "?secret=" + secret)
	var got struct {
		Code          string           `json:"code"`
		ProcedureCode string           `json:"procedure_code"`
		Status        int              `json:"status"`
		StatusLabel   string           `json:"status_label"`
		SubmittedAt   string           `json:"submitted_at"`
		ReceivedAt    *string          `json:"received_at"`
		DueAt         *string          `json:"due_at"`
		Timeline      []map[string]any `json:"timeline"`
	}
	if err := json.Unmarshal(api.Body, &got); err != nil || api.Status != http.StatusOK {
		t.Fatalf("API: %d %s", api.Status, api.Body)
	}
	if got.ProcedureCode != apptest.ProcCommune || got.Status != 1 || got.StatusLabel != "Mới đăng ký" ||
		!strings.HasSuffix(got.SubmittedAt, "+07:00") || len(got.Timeline) != 1 {
		t.Errorf("API body: %s", api.Body)
	}

	unknown := anon.Get(route.APIStatus("000.01.01.H19-260101-9999") + "?secret=" + secret)
	wrong := anon.Get(route.APIStatus(code) + "?secret=ZZZZZZZZ")
	if unknown.Status != http.StatusNotFound || wrong.Status != http.StatusNotFound || string(unknown.Body) != string(wrong.Body) {
		t.Errorf("unknown code %d %s vs wrong secret %d %s: want the same 404", unknown.Status, unknown.Body, wrong.Status, wrong.Body)
	}
	res = anon.Post(route.PathLookup, url.Values{"code": {code}, "secret": {"ZZZZZZZZ"}})
	if res.Status != http.StatusNotFound {
		t.Errorf("page with a wrong secret: %d", res.Status)
	}
	// Three failures from this address: the next try, even a right one,
	// waits.
	if res := anon.Get(route.APIStatus(code) + "?secret=" + secret); res.Status != http.StatusTooManyRequests ||
		res.Header.Get("Retry-After") == "" {
		t.Errorf("after 3 failures: %d %v", res.Status, res.Header)
	}
	if res := anon.Post(route.PathLookup, url.Values{"code": {code}, "secret": {secret}}); res.Status != http.StatusTooManyRequests {
		t.Errorf("page after 3 failures: %d", res.Status)
	}
	// The applicant, signed in, needs no secret (a different address is
	// not needed: its own lookups never failed... but the address is the
	// same in tests, so use the page's ?ma= view, which is not throttled).
	res = owner.Get(string(route.Lookup()) + "?ma=" + url.QueryEscape(code))
	if res.Status != http.StatusOK || !strings.Contains(res.Text("main"), "Mới đăng ký") {
		t.Errorf("owner's lookup without the secret: %d", res.Status)
	}
}

// TestResumeOnAnotherDevice: answers saved on one device are there after
// signing in on another, and the draft is listed under My dossiers.
func TestResumeOnAnotherDevice(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	phone := env.Client(t)
	phone.Login(env.Users[account.RoleCitizen])
	draft := startDraft(t, phone)
	res := phone.Post(draft+"/trang/nguoi-khai", url.Values{"ho_ten": {"Đỗ Thị Hoa"}, "so_dinh_danh": {"019190000123"},
		"dien_thoai": {"0987000999"}, "_action": {"save-exit"}})
	if res.Status != http.StatusSeeOther || res.Location != string(route.MyDossiers(1)) {
		t.Fatalf("save and come back later: %d %s", res.Status, res.Location)
	}
	laptop := env.Client(t)
	laptop.Login(env.Users[account.RoleCitizen])
	res = laptop.Get(string(route.MyDossiers(1)))
	if res.Doc.Find("a[href='"+draft+"']").Length() != 1 {
		t.Fatalf("draft %s not listed on the other device", draft)
	}
	res = laptop.Get(draft + "/trang/nguoi-khai")
	if v, _ := res.Doc.Find("#dien_thoai").Attr("value"); v != "0987000999" {
		t.Errorf("saved phone on the other device = %q", v)
	}
	// Discarding removes it.
	if res := laptop.Post(draft+"/xoa", nil); res.Status != http.StatusSeeOther {
		t.Fatalf("discard: %d", res.Status)
	}
	if res := phone.Get(draft); res.Status != http.StatusNotFound {
		t.Errorf("discarded draft: %d", res.Status)
	}
}

// takeAtDesk takes a walk-in dossier of the commune test procedure for
// the citizen with personalID through the desk's pages, with two scans
// (the second marked digitised), and returns its code.
func takeAtDesk(t *testing.T, clerk *apptest.Client, personalID, name string) string {
	t.Helper()
	res := clerk.Post(string(route.Apply(apptest.ProcCommune)), url.Values{"unit": {communeDucXuan},
		"applicant_kind": {"citizen"}, "applicant_name": {name}, "applicant_personal_id": {personalID},
		"applicant_phone": {"0912345678"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("take: %d %s", res.Status, res.Text(".error-summary"))
	}
	draft := res.Location
	for path, v := range map[string]url.Values{
		draft + "/trang/nguoi-khai": {"ho_ten": {name}, "so_dinh_danh": {personalID}, "dien_thoai": {"0912345678"}},
		draft + "/trang/nguoi-than": {"co_giay_khac": {"no"}},
		draft + "/nhan-ket-qua":     {"delivery_method": {"desk"}},
	} {
		if res := clerk.Post(path, v); res.Status != http.StatusSeeOther {
			t.Fatalf("%s: %d %s", path, res.Status, res.Text(".error-summary"))
		}
	}
	// Two scans: one marked digitised (the box checked), one not.
	res = clerk.PostMultipart(draft+"/trang/giay-to", [][2]string{},
		apptest.Upload{Field: "tep_xac_nhan", Name: "scan-1.pdf", Data: uploadtest.PDF(4 << 10)})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("scan without the box: %d %s", res.Status, res.Text(".error-summary"))
	}
	res = clerk.PostMultipart(draft+"/trang/giay-to", [][2]string{{"digitised.tep_xac_nhan", "1"}},
		apptest.Upload{Field: "tep_xac_nhan", Name: "scan-2.pdf", Data: uploadtest.PDF(5 << 10)})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("scan: %d", res.Status)
	}
	res = clerk.Post(draft+"/nop", url.Values{"declaration": {"yes"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("submit at the desk: %d %s", res.Status, res.Text(".error-summary"))
	}
	return strings.TrimSuffix(strings.TrimPrefix(res.Location, "/ho-so/"), "/da-nop")
}

// TestDeskIntake: a clerk takes a walk-in dossier through the same pages
// (channel 1, scans marked digitised, received at the clerk's centre); it
// joins no account by itself, neither one that has the applicant's
// personal ID nor one registered with it later: the applicant adds it with
// the receipt (TestDeskDossierJoinsAnAccountOnlyWithItsReceipt).
func TestDeskIntake(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	ctx := context.Background()
	clerk := env.StaffClient(t, account.RoleClerk, centreDucXuan)
	if res := clerk.Get(string(route.DeskIntake()) + "?q=thu+nghiem"); res.Status != http.StatusOK ||
		res.Doc.Find("a[href='"+string(route.Apply(apptest.ProcCommune))+"']").Length() != 1 {
		t.Fatalf("desk search: %d", res.Status)
	}
	// The multipart fields in takeAtDesk come before the file, as in the
	// page; the box after the file (as the page renders it) is covered by
	// the browser journey.

	// Someone with an account: not theirs until they add it with the
	// receipt.
	owner := env.Users[account.RoleCitizen]
	code := takeAtDesk(t, clerk, owner.PersonalID, owner.FullName)
	if _, err := env.App.Dossiers.View(ctx, owner, code); err == nil {
		t.Fatal("a desk dossier joined the account that has the personal ID the clerk typed")
	}
	oc := env.Client(t)
	oc.Login(owner)
	withReceipt := func(c *apptest.Client, code string) {
		t.Helper()
		d, err := env.App.DossierStore.Dossier(ctx, code, false)
		if err != nil {
			t.Fatal(err)
		}
		if res := c.Post(route.PathAddDeskDossier, url.Values{"code": {code}, "secret": {d.Secret}}); res.Status != http.StatusSeeOther {
			t.Fatalf("add %s with its receipt: %d %s", code, res.Status, res.Text(".error-summary"))
		}
	}
	withReceipt(oc, code)
	full, err := env.App.Dossiers.View(ctx, owner, code)
	if err != nil {
		t.Fatalf("the account holder cannot see their desk dossier: %v", err)
	}
	if d := full.Dossier; d.Channel != 1 || !codeRE.MatchString(d.Code) {
		t.Errorf("desk dossier: channel %d code %s", d.Channel, d.Code)
	}
	digitised := map[string]bool{}
	for _, f := range full.Files {
		digitised[f.Name] = f.Digitised
	}
	if !digitised["scan-2.pdf"] || digitised["scan-1.pdf"] {
		t.Errorf("digitised marks: %v", digitised)
	}

	// Someone without an account: not linked when they register, but
	// theirs once they add it with the receipt.
	code = takeAtDesk(t, clerk, "019199000010", "Nông Thị Lan")
	lan := env.Client(t)
	if res := lan.Post(route.PathRegister, registerForm("citizen", "Nông Thị Lan", "019199000010", "lan@example.vn",
		"0912345678", "mot-mat-khau-dai", "mot-mat-khau-dai")); res.Status != http.StatusSeeOther {
		t.Fatalf("register: %d", res.Status)
	}
	if res := lan.Get(string(route.MyDossiers(1))); strings.Contains(res.Text("main"), code) {
		t.Errorf("registering with the personal ID gave the desk dossier %s", code)
	}
	withReceipt(lan, code)
	if res := lan.Get(string(route.MyDossiers(1))); !strings.Contains(res.Text("main"), code) {
		t.Errorf("registered applicant does not see the desk dossier %s after adding it", code)
	}
	// A citizen cannot pose as a clerk: the applicant fields are ignored
	// and the draft is theirs, online.
	c := env.Client(t)
	c.Login(owner)
	res := c.Post(string(route.Apply(apptest.ProcCommune)), url.Values{"unit": {communeDucXuan},
		"applicant_name": {"Người khác"}, "applicant_personal_id": {"019088000005"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("citizen start: %d", res.Status)
	}
	if page := c.Get(res.Location); !strings.Contains(page.Text("main"), owner.FullName) {
		t.Errorf("citizen's draft is not for the citizen: %q", page.Text("main"))
	}
}
