package journey

import (
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/web/route"
)

func TestMain(m *testing.M) { browsertest.Main(m) }

// Selectors shared by the journeys. They name the header's parts by their
// structure, not by their text, so they work in every language.
const (
	headerRegister = `.header-tools a[href="` + route.PathRegister + `"]`
	headerLogout   = `.user-box button[type="submit"]`
	headerUserName = `.user-box .user-name`
	langEnglish    = `.lang-switch button[lang="en"]` // signed in, the switch is a form (it saves the choice)
	submitButton   = `main form button[type="submit"]`
	flash          = `main > .alert`
)

func TestCitizenRegistersLogsOutLogsInAndSwitchesLanguage(t *testing.T) {
	env := apptest.New(t)
	const (
		name       = "Nguyễn Thị Minh Khai"
		personalID = "001190012345" // Hà Nội (001); the seeded citizen uses 019…
		email      = "minhkhai@example.vn"
		phone      = "0912 345 678"
		password   = "Hoa-sen-no-trong-dam-9"
	)

	// The front page, anonymous, in the default language.
	p := browsertest.Open(t, env.URL+route.PathHome)
	wantLang(t, p, "vi")
	p.CheckA11y()

	// The header's "Đăng ký" link leads to the citizen registration form.
	if got := p.Text(headerRegister); got != "Đăng ký" {
		t.Errorf("header register link = %q, want %q", got, "Đăng ký")
	}
	p.ClickNav(headerRegister)
	wantPath(t, p, route.PathRegister)
	wantText(t, p, "h1", "Đăng ký tài khoản")
	p.CheckA11y()

	// First attempt: a personal ID that is too short and two passwords that
	// differ. The page comes back with the problems listed in Vietnamese.
	p.Fill("full_name", name).
		Fill("personal_id", "123").
		Fill("email", email).
		Fill("phone", phone).
		Fill("password", password).
		Fill("password_confirm", password+"-khac").
		ClickNav(submitButton)
	wantPath(t, p, route.PathRegister)
	p.WaitVisible(".error-summary")
	wantText(t, p, "#error-summary-title", "Có lỗi cần sửa")
	summary := p.Text(".error-summary ul")
	for _, msg := range []string{
		"Số định danh cá nhân phải gồm đúng 12 chữ số, bắt đầu bằng mã tỉnh nơi đăng ký khai sinh",
		"Hai mật khẩu không khớp nhau",
	} {
		if !strings.Contains(summary, msg) {
			t.Errorf("error summary lacks %q; it reads:\n%s", msg, summary)
		}
	}
	// Each message links to its field, and the field shows it too.
	for field, msg := range map[string]string{
		"personal_id":      "Số định danh cá nhân phải gồm đúng 12 chữ số",
		"password_confirm": "Hai mật khẩu không khớp nhau",
	} {
		if got := p.Attr(`.error-summary a[href="#`+field+`"]`, "href"); got != "#"+field {
			t.Errorf("error summary has no link to #%s", field)
		}
		if got := p.Text("#" + field + "-error"); !strings.Contains(got, msg) {
			t.Errorf("#%s-error = %q, want it to contain %q", field, got, msg)
		}
		if got := p.Attr("#"+field, "aria-invalid"); got != "true" {
			t.Errorf("#%s aria-invalid = %q, want true", field, got)
		}
	}
	// app.js moves focus to the summary so screen readers start there.
	if focused := evaluate[bool](t, p, `document.activeElement === document.querySelector('.error-summary')`); !focused {
		t.Error("focus is not on the error summary after the failed submit")
	}
	p.CheckA11y()
	// What the citizen typed is still there, except the passwords.
	for field, want := range map[string]string{"full_name": name, "email": email, "personal_id": "123", "password": ""} {
		if got := value(t, p, field); got != want {
			t.Errorf("after the failed submit, #%s = %q, want %q", field, got, want)
		}
	}

	// Second attempt, corrected: the account exists and the citizen is in.
	p.Fill("personal_id", personalID).
		Fill("password", password).
		Fill("password_confirm", password).
		ClickNav(submitButton)
	wantAccountPage(t, p, "Tài khoản của tôi", name)
	wantText(t, p, flash, "Đã tạo tài khoản. Chào mừng bạn!")
	p.CheckA11y()

	// Sign out with the header's button.
	p.ClickNav(headerLogout)
	wantPath(t, p, route.PathHome)
	wantText(t, p, flash, "Bạn đã đăng xuất.")
	if n := evaluate[int](t, p, `document.querySelectorAll('.user-box').length`); n != 0 {
		t.Error("the header still shows the user box after signing out")
	}

	// The account page is closed now: it sends the visitor to the login page,
	// which brings them back afterwards.
	p.Navigate(env.URL + route.PathAccount)
	wantPath(t, p, route.PathLogin)
	if got := location(t, p).Query().Get(route.QueryNext); got != route.PathAccount {
		t.Errorf("login page next = %q, want %q", got, route.PathAccount)
	}
	wantText(t, p, "h1", "Đăng nhập")

	// Sign in with the personal ID.
	p.Fill(route.LoginFormIdentity, personalID).
		Fill(route.LoginFormPassword, password).
		ClickNav(submitButton)
	wantAccountPage(t, p, "Tài khoản của tôi", name)
	wantText(t, p, flash, "Bạn đã đăng nhập.")

	// Switch to English with the header's language button (a form: it
	// saves the choice in the account); it comes back to the same page.
	if got := p.Text(langEnglish); got != "English" {
		t.Errorf("language button = %q, want %q", got, "English")
	}
	p.ClickNav(langEnglish)
	wantAccountPage(t, p, "My account", name)
	wantLang(t, p, "en")
	wantText(t, p, headerLogout, "Sign out")
	if got := p.Attr(langEnglish, "aria-current"); got != "true" {
		t.Errorf("English button aria-current = %q, want true", got)
	}
	p.CheckA11y()

	// Sign out, and forget the language cookie the switch set, as another
	// browser would: the anonymous pages are Vietnamese again...
	p.ClickNav(headerLogout)
	wantText(t, p, flash, "You have signed out.")
	if _, err := browsertest.Call(p, network.DeleteCookies,
		network.DeleteCookiesParams{Name: route.LanguageCookieName, URL: env.URL}); err != nil {
		t.Fatal(err)
	}
	p.Navigate(env.URL + route.PathLogin)
	wantLang(t, p, "vi")
	wantText(t, p, "h1", "Đăng nhập")

	// ...and signing in brings English back, because the switch saved it to
	// the account.
	p.Fill(route.LoginFormIdentity, personalID).
		Fill(route.LoginFormPassword, password).
		ClickNav(submitButton)
	// Without a next, an applicant lands on their dossiers.
	wantPath(t, p, route.PathMyDossiers)
	wantText(t, p, "h1", "My dossiers")
	wantText(t, p, headerUserName, name)
	wantLang(t, p, "en")
	wantText(t, p, flash, "You are signed in.")

	if logs := env.Logs(); strings.Contains(logs, `"level":"ERROR"`) {
		t.Errorf("the server logged errors:\n%s", logs)
	}
}

// wantAccountPage checks that p shows the account page with heading h1 for
// the signed-in user name, in the header and in the details.
func wantAccountPage(t *testing.T, p *browsertest.Page, h1, name string) {
	t.Helper()
	wantPath(t, p, route.PathAccount)
	wantText(t, p, "h1", h1)
	wantText(t, p, headerUserName, name)
	if got := p.Text(".summary-list .summary-row:first-child dd"); got != name {
		t.Errorf("account details: first value = %q, want the name %q", got, name)
	}
}

// wantText checks the trimmed visible text of the first element matching css.
func wantText(t *testing.T, p *browsertest.Page, css, want string) {
	t.Helper()
	if got := strings.TrimSpace(p.Text(css)); got != want {
		t.Errorf("%s on %s = %q, want %q", css, location(t, p).Path, got, want)
	}
}

// wantLang checks the document language.
func wantLang(t *testing.T, p *browsertest.Page, want string) {
	t.Helper()
	if got := p.Attr("html", "lang"); got != want {
		t.Errorf(`<html lang> on %s = %q, want %q`, location(t, p).Path, got, want)
	}
}

// wantPath checks the path of the page the tab shows.
func wantPath(t *testing.T, p *browsertest.Page, want string) {
	t.Helper()
	if got := location(t, p).Path; got != want {
		t.Fatalf("the tab shows %s, want %s", got, want)
	}
}

// location returns the URL of the page the tab shows.
func location(t *testing.T, p *browsertest.Page) *url.URL {
	t.Helper()
	s, err := browsertest.Run(p, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// value returns the current value of the form field with the given id.
func value(t *testing.T, p *browsertest.Page, id string) string {
	t.Helper()
	v, err := browsertest.Run(p, chromedp.Value(chromedp.CSS("#"+id)))
	if err != nil {
		t.Fatalf("value of #%s: %v", id, err)
	}
	return v
}

// evaluate runs a JavaScript expression in the page.
func evaluate[T any](t *testing.T, p *browsertest.Page, js string) T {
	t.Helper()
	v, err := browsertest.Run(p, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}
