package journey

import (
	"bytes"
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/upload/uploadtest"
	"github.com/motcua/motcua/web/route"
)

// The walk-in applicant of the identity journeys: in the demo population
// registry (born 27/02/1999), without an account when her dossier is
// taken at the desk.
const (
	walkInName  = "Nông Thị Lan"
	walkInID    = "019199000010"
	walkInEmail = "nongthilan@example.vn"
	walkInPass  = "Lan-rung-tren-doi-2026"
)

// takeAtTheDesk has a clerk of Phường Đức Xuân's centre take a dossier of
// the commune test procedure for the walk-in applicant, and returns it
// (with its lookup secret, as its receipt prints).
func takeAtTheDesk(t *testing.T, env *apptest.Env) dossier.Dossier {
	t.Helper()
	ctx := context.Background()
	svc := env.App.Dossiers
	clerk := env.Staff(t, account.RoleClerk, centreDucXuan)
	d, err := svc.Start(ctx, clerk, dossier.StartInput{Procedure: apptest.ProcCommune, UnitCode: communeDucXuan, Desk: true,
		Applicant: dossier.Applicant{Kind: dossier.ApplicantCitizen, FullName: walkInName, PersonalID: walkInID, Phone: "0912345678"}})
	if err != nil {
		t.Fatal(err)
	}
	for page, v := range map[string]url.Values{
		"nguoi-khai": {"ho_ten": {walkInName}, "so_dinh_danh": {walkInID}, "dien_thoai": {"0912345678"}},
		"nguoi-than": {"co_giay_khac": {"no"}},
	} {
		if res, err := svc.SavePage(ctx, clerk, d.PublicID, page, v, ""); err != nil || len(res.Errors) > 0 {
			t.Fatalf("page %s: %v %v", page, err, res.Errors)
		}
	}
	if _, err := svc.Upload(ctx, clerk, d.PublicID, dossier.UploadInput{Slot: "tep_xac_nhan", Name: "ban-chup.pdf",
		Body: bytes.NewReader(uploadtest.PDF(4 << 10))}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SaveDelivery(ctx, clerk, d.PublicID, dossier.Delivery{Method: dossier.DeliverDesk}); err != nil {
		t.Fatal(err)
	}
	out, _, err := svc.Submit(ctx, clerk, d.PublicID, dossier.SubmitInput{Declaration: true})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestWalkInAddsTheirDeskDossierWithTheReceipt: someone whose dossier was
// taken at the desk registers with her personal ID and finds nothing of it
// in her account (the ID she typed proves nothing); on "Thêm hồ sơ nộp tại
// quầy", linked from "Hồ sơ của tôi", a wrong lookup secret is refused
// beside the field, and the code and secret of her receipt add it. Her
// identity is not verified, so applying online prefills nothing from the
// population registry, and the form says how to have it prefilled. axe
// checks every page.
func TestWalkInAddsTheirDeskDossierWithTheReceipt(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	d := takeAtTheDesk(t, env)

	// She registers through the header's link.
	p := browsertest.Open(t, env.URL+route.PathHome)
	p.ClickNav(headerRegister)
	wantPath(t, p, route.PathRegister)
	p.Fill("full_name", walkInName).Fill("personal_id", walkInID).Fill("email", walkInEmail).
		Fill("phone", "0912 345 678").Fill("password", walkInPass).Fill("password_confirm", walkInPass).
		ClickNav(submitButton)
	wantAccountPage(t, p, "Tài khoản của tôi", walkInName)
	if got := p.Text("main .summary-list"); !strings.Contains(got, "Chưa xác thực") {
		t.Errorf("the account page does not say the identity is not verified:\n%s", got)
	}
	p.CheckA11y()

	// Her dossiers: not the one taken at the desk.
	p.ClickNav(navMine)
	wantPath(t, p, route.PathMyDossiers)
	if got := p.Text("main"); strings.Contains(got, d.Code) {
		t.Fatalf("registering with the personal ID gave the desk dossier %s:\n%s", d.Code, got)
	}
	addLink := `main a[href="` + route.PathAddDeskDossier + `"]`
	wantText(t, p, addLink, "Thêm hồ sơ nộp tại quầy")
	p.CheckA11y()
	p.ClickNav(addLink)
	wantPath(t, p, route.PathAddDeskDossier)
	wantText(t, p, "h1", "Thêm hồ sơ nộp tại quầy")
	p.CheckA11y()

	// A mistyped secret: the page comes back with the problem beside the
	// code, and the code kept.
	p.Fill("code", d.Code).Fill("secret", "ZZZZ9999").ClickNav(submitButton)
	wantPath(t, p, route.PathAddDeskDossier)
	p.WaitVisible(".error-summary")
	if got := p.Text("#code-error"); !strings.Contains(got, "mã hồ sơ và mã tra cứu không khớp") {
		t.Errorf("beside the code: %q", got)
	}
	if got := p.Attr(`.error-summary a[href="#code"]`, "href"); got != "#code" {
		t.Error("the error summary does not link to the code")
	}
	if got := value(t, p, "code"); got != d.Code {
		t.Errorf("the code typed is not kept: %q", got)
	}
	p.CheckA11y()

	// The receipt's secret, as printed: the dossier is hers.
	p.Fill("secret", d.Secret).ClickNav(submitButton)
	wantPath(t, p, string(route.Dossier(d.Code)))
	wantText(t, p, flash, "Đã thêm hồ sơ vào tài khoản của bạn.")
	if got := p.Text("main"); !strings.Contains(got, "ban-chup.pdf") {
		t.Errorf("the added dossier's page lacks its file:\n%s", got)
	}
	p.CheckA11y()
	p.ClickNav(navMine)
	if got := p.Text("main"); !strings.Contains(got, d.Code) {
		t.Errorf("Hồ sơ của tôi does not list the added dossier %s", d.Code)
	}

	// Applying online: her own answers from the account, nothing from the
	// registry, and the page says how to have it prefilled.
	p.Navigate(env.URL + string(route.Apply(apptest.ProcCommune)))
	p.Select("unit", communeName).ClickNav(submitButton)
	draft := location(t, p).Path
	p.ClickNav(`.task-list a[href="` + draft + `/trang/nguoi-khai"]`)
	wantPath(t, p, draft+"/trang/nguoi-khai")
	if got := p.Value("ho_ten"); got != walkInName {
		t.Errorf("name from the account = %q", got)
	}
	if got := p.Value("ngay_sinh"); got != "" {
		t.Errorf("birth date %q prefilled from the registry for an unverified account", got)
	}
	wantText(t, p, ".readable .alert .alert-title", "Vì sao một số ô chưa được điền sẵn?")
	if got := p.Text(".readable .alert"); !strings.Contains(got, "VNeID") || !strings.Contains(got, "bộ phận một cửa") {
		t.Errorf("the notice does not say how to have the answers prefilled: %q", got)
	}
	p.CheckA11y()
}

// TestSignedInLanguageSwitchIsAFormWithoutJavaScript: in a browser that
// runs no script, a signed-in citizen switches the language with the
// header's buttons (a form with the CSRF token), comes back to the same
// page in English, and the choice is saved in the account; visiting a
// language link, as a page elsewhere could make the browser do, changes
// the page's language but not the saved one.
func TestSignedInLanguageSwitchIsAFormWithoutJavaScript(t *testing.T) {
	env := apptest.New(t)
	u := env.Users[account.RoleCitizen]
	saved := func() string { return env.Account(t, u.ID).Locale }
	p := openDevice(t, env.URL+route.PathLogin, false)
	p.Fill(route.LoginFormIdentity, apptest.LoginOf(u)).Fill(route.LoginFormPassword, apptest.Password).ClickNav(submitButton)
	p.Navigate(env.URL + route.PathAccount)
	wantAccountPage(t, p, "Tài khoản của tôi", u.FullName)

	// A link someone else chose for the browser: the cookie follows, the
	// account keeps Vietnamese.
	p.Navigate(env.URL + string(route.Language("en", route.PathAccount)))
	wantAccountPage(t, p, "My account", u.FullName)
	if got := saved(); got != "vi" {
		t.Errorf("following a language link saved %q in the account", got)
	}

	// The header's button saves it.
	vi := `.lang-switch button[lang="vi"]`
	wantText(t, p, vi, "Tiếng Việt")
	p.ClickNav(vi)
	wantAccountPage(t, p, "Tài khoản của tôi", u.FullName)
	wantLang(t, p, "vi")
	p.ClickNav(langEnglish)
	wantAccountPage(t, p, "My account", u.FullName)
	wantLang(t, p, "en")
	if got := p.Attr(langEnglish, "aria-current"); got != "true" {
		t.Errorf("English button aria-current = %q, want true", got)
	}
	if got := saved(); got != "en" {
		t.Errorf("saved language after the button = %q, want en", got)
	}
	p.CheckA11y()
}
