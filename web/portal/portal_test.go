package portal_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/web/route"
)

func registerForm(kind, name, id, email, phone, pw, pw2 string) url.Values {
	v := url.Values{"kind": {kind}, "full_name": {name}, "email": {email}, "phone": {phone},
		"password": {pw}, "password_confirm": {pw2}}
	if kind == "business" {
		v.Set("tax_code", id)
	} else {
		v.Set("personal_id", id)
	}
	return v
}

func TestRegisterCitizen(t *testing.T) {
	env := apptest.New(t)
	c := env.Client(t)
	if res := c.Get(route.PathRegister); res.Status != http.StatusOK || res.Doc.Find("#personal_id").Length() != 1 {
		t.Fatalf("register form: %d", res.Status)
	}
	before := c.SessionCookie()

	// Invalid: every problem is listed, each field keeps its value, the
	// password is never sent back.
	res := c.Post(route.PathRegister, registerForm("citizen", "Lý Thị Mai", "12345", "mai@", "0123", "ngan", "khac"))
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("invalid registration: status %d, want 422", res.Status)
	}
	for field, msg := range map[string]string{
		"personal_id": "Số định danh cá nhân phải gồm đúng 12 chữ số",
		"email":       "Nhập địa chỉ email đúng dạng",
		"phone":       "Nhập số điện thoại Việt Nam",
		"password":    "Mật khẩu phải có từ 8 đến 128 ký tự",
	} {
		if res.Doc.Find(`.error-summary a[href="#`+field+`"]`).Length() != 1 {
			t.Errorf("error summary lacks a link to #%s", field)
		}
		if got := res.Text("#" + field + "-error"); !strings.Contains(got, msg) {
			t.Errorf("message beside %s = %q, want %q", field, got, msg)
		}
		if v, _ := res.Doc.Find("#" + field).Attr("aria-invalid"); v != "true" {
			t.Errorf("#%s lacks aria-invalid", field)
		}
	}
	if v, _ := res.Doc.Find("#full_name").Attr("value"); v != "Lý Thị Mai" {
		t.Errorf("full name not kept: %q", v)
	}
	if v, _ := res.Doc.Find("#email").Attr("value"); v != "mai@" {
		t.Errorf("email not kept: %q", v)
	}
	if strings.Contains(string(res.Body), "ngan") {
		t.Error("the password was echoed back")
	}

	// Valid: signed in on the account page, under a new session id.
	res = c.Post(route.PathRegister, registerForm("citizen", "  Lý   Thị Mai ", "019300000777", "Mai.Ly@Example.vn",
		"+84 912 111 222", "mot-cum-tu-dai", "mot-cum-tu-dai"))
	if res.Status != http.StatusSeeOther || res.Location != route.PathAccount {
		t.Fatalf("registration: %d to %q; %s", res.Status, res.Location, res.Text(".error-summary"))
	}
	if after := c.SessionCookie(); after == "" || after == before {
		t.Error("session id was not rotated at registration")
	}
	res = c.Get(route.PathAccount)
	body := res.Doc.Find("main").Text()
	for _, want := range []string{"Lý Thị Mai", "019300000777", "mai.ly@example.vn", "0912111222", "Công dân", "Đã tạo tài khoản"} {
		if !strings.Contains(body, want) {
			t.Errorf("account page lacks %q", want)
		}
	}

	// The same personal ID and email cannot register twice; the answer
	// says what to do without telling which of them has an account
	// (TestRegisterNeverTellsWhichDetailsHaveAnAccount).
	c2 := env.Client(t)
	res = c2.Post(route.PathRegister, registerForm("citizen", "Người Khác", "019300000777", "MAI.LY@example.vn",
		"0912111223", "mot-cum-tu-dai", "mot-cum-tu-dai"))
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text(".error-summary"), "hãy đăng nhập hoặc lấy lại mật khẩu") ||
		res.Text("#email-error") != "" || res.Text("#personal_id-error") != "" {
		t.Errorf("duplicate email and ID: %d %q %q %q", res.Status, res.Text(".error-summary"), res.Text("#email-error"),
			res.Text("#personal_id-error"))
	}
}

func TestRegisterBusiness(t *testing.T) {
	env := apptest.New(t)
	c := env.Client(t)
	res := c.Get(string(route.RegisterKind(true)))
	if res.Doc.Find("#tax_code").Length() != 1 || res.Doc.Find("#personal_id").Length() != 0 {
		t.Fatal("business form should ask for the tax code only")
	}
	res = c.Post(string(route.RegisterKind(true)), registerForm("business", "Công ty TNHH Sao Vàng", "0100109107",
		"sv@example.vn", "02083856789", "mot-cum-tu-dai", "mot-cum-tu-dai"))
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text("#tax_code-error"), "Mã số thuế không hợp lệ") {
		t.Fatalf("bad tax code: %d %q", res.Status, res.Text("#tax_code-error"))
	}
	if res.Doc.Find("#tax_code").Length() != 1 {
		t.Error("the business form was not re-rendered")
	}
	res = c.Post(string(route.RegisterKind(true)), registerForm("business", "Công ty TNHH Sao Vàng", "0100109106",
		"sv@example.vn", "02083856789", "mot-cum-tu-dai", "mot-cum-tu-dai"))
	if res.Status != http.StatusSeeOther {
		t.Fatalf("business registration: %d %s", res.Status, res.Text(".error-summary"))
	}
	if !strings.Contains(c.Get(route.PathAccount).Doc.Find("main").Text(), "Doanh nghiệp, tổ chức") {
		t.Error("account page does not show the business role")
	}
}

func TestLoginRotatesSessionAndLogoutRevokesIt(t *testing.T) {
	env := apptest.New(t)
	u := env.Users[account.RoleCitizen]
	c := env.Client(t)
	res := c.Post(route.PathLogin, url.Values{"login": {u.PersonalID}, "password": {"sai-mat-khau"}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text(".error-summary"), "không đúng") {
		t.Fatalf("wrong password: %d %q", res.Status, res.Text(".error-summary"))
	}
	if v, _ := res.Doc.Find("#login").Attr("value"); v != u.PersonalID {
		t.Errorf("login not kept after a failure: %q", v)
	}
	before := c.SessionCookie()
	res = c.Post(string(route.Login("/tai-khoan")), url.Values{"login": {u.PersonalID}, "password": {apptest.Password}})
	if res.Status != http.StatusSeeOther || res.Location != "/tai-khoan" {
		t.Fatalf("login: %d to %q", res.Status, res.Location)
	}
	session := c.SessionCookie()
	if session == "" || session == before {
		t.Fatal("session id was not rotated at login")
	}
	if res := c.Get(route.PathAccount); res.Status != http.StatusOK {
		t.Fatalf("account after login: %d", res.Status)
	}
	// An open redirect is refused: next must be a local path.
	c2 := env.Client(t)
	res = c2.Post(string(route.PathLogin)+"?next=//evil.example/x", url.Values{"login": {u.Email}, "password": {apptest.Password}})
	if res.Status != http.StatusSeeOther || res.Location != route.PathMyDossiers {
		t.Errorf("login with a foreign next: to %q, want the applicant's dossiers", res.Location)
	}

	if res := c.Post(route.PathLogout, nil); res.Status != http.StatusSeeOther || res.Location != route.PathHome {
		t.Fatalf("logout: %d to %q", res.Status, res.Location)
	}
	if res := c.Get(route.PathHome); !strings.Contains(res.Text(".alert"), "Bạn đã đăng xuất") {
		t.Errorf("no logout notice: %q", res.Text(".alert"))
	}
	// Replaying the old session cookie no longer works.
	thief := env.Client(t)
	thief.SetSessionCookie(session)
	if res := thief.Get(route.PathAccount); res.Status != http.StatusSeeOther {
		t.Errorf("old session still valid after logout: %d", res.Status)
	}
}

func TestLoginThrottling(t *testing.T) {
	env := apptest.New(t)
	u := env.Users[account.RoleOfficer]
	c := env.Client(t)
	for i := 0; i < env.App.Config.LoginMaxFailuresAccount; i++ {
		if res := c.Post(route.PathLogin, url.Values{"login": {u.Email}, "password": {"sai"}}); res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("failure %d: status %d", i+1, res.Status)
		}
	}
	// Now even the right password is refused, with a clear message, and
	// from another client too (the limit is per account).
	other := env.Client(t)
	res := other.Post(route.PathLogin, url.Values{"login": {strings.ToUpper(u.Email)}, "password": {apptest.Password}})
	if res.Status != http.StatusTooManyRequests || !strings.Contains(res.Text(".error-summary"), "Vui lòng thử lại sau 15 phút") {
		t.Fatalf("throttled login: %d %q", res.Status, res.Text(".error-summary"))
	}
	// Another account from the same address is not blocked by this one.
	res = other.Post(route.PathLogin, url.Values{"login": {env.Users[account.RoleLeader].Email}, "password": {apptest.Password}})
	if res.Status != http.StatusSeeOther {
		t.Errorf("another account: %d", res.Status)
	}
}

func TestLoginThrottlingPerAddress(t *testing.T) {
	env := apptest.New(t, func(c *config.Config) { c.LoginMaxFailuresIP = 3 })
	c := env.Client(t)
	for i := 0; i < 3; i++ {
		c.Post(route.PathLogin, url.Values{"login": {"nobody" + string(rune('a'+i)) + "@example.vn"}, "password": {"sai"}})
	}
	res := c.Post(route.PathLogin, url.Values{"login": {env.Users[account.RoleClerk].Email}, "password": {apptest.Password}})
	if res.Status != http.StatusTooManyRequests {
		t.Errorf("address over its limit: %d, want 429", res.Status)
	}
}

func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	env := apptest.New(t)
	u := env.Users[account.RoleCitizen]
	laptop, phone := env.Client(t), env.Client(t)
	laptop.Login(u)
	phone.Login(u)

	res := laptop.Post(route.PathAccountPasswd, url.Values{"current_password": {"sai"}, "new_password": {"x"}, "new_password_confirm": {"y"}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text("#current_password-error"), "không đúng") {
		t.Fatalf("wrong current password: %d %q", res.Status, res.Text("#current_password-error"))
	}
	res = laptop.Post(route.PathAccountPasswd, url.Values{"current_password": {apptest.Password},
		"new_password": {"mat-khau-moi-2026"}, "new_password_confirm": {"mat-khau-moi-2026"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("password change: %d %s", res.Status, res.Text(".error-summary"))
	}
	if res := laptop.Get(route.PathAccount); res.Status != http.StatusOK {
		t.Errorf("the changing session was signed out: %d", res.Status)
	}
	if res := phone.Get(route.PathAccount); res.Status != http.StatusSeeOther {
		t.Errorf("the other session survived the password change: %d", res.Status)
	}
	fresh := env.Client(t)
	res = fresh.Post(route.PathLogin, url.Values{"login": {u.Email}, "password": {"mat-khau-moi-2026"}})
	if res.Status != http.StatusSeeOther {
		t.Errorf("login with the new password: %d", res.Status)
	}
}

func TestLanguageSwitchIsRemembered(t *testing.T) {
	env := apptest.New(t)
	c := env.Client(t)
	res := c.Get(string(route.Language("en", route.PathLogin)))
	if res.Status != http.StatusSeeOther || res.Location != route.PathLogin {
		t.Fatalf("switch: %d to %q", res.Status, res.Location)
	}
	res = c.Get(route.PathLogin)
	if res.Doc.Find("html[lang=en]").Length() != 1 || res.Text("h1") != "Sign in" {
		t.Fatalf("login page in English: lang=%v h1=%q", res.Doc.Find("html").AttrOr("lang", ""), res.Text("h1"))
	}
	u := env.Users[account.RoleCitizen]
	c.Login(u)
	// A new device without the cookie gets the language saved in the account.
	other := env.Client(t)
	other.Login(u)
	if res := other.Get(route.PathAccount); res.Text("h1") != "My account" {
		t.Errorf("saved language not used: h1=%q", res.Text("h1"))
	}
	if res := c.Get(string(route.Language("xx", "/"))); res.Status != http.StatusBadRequest {
		t.Errorf("unknown language: %d", res.Status)
	}
}

// TestNoPersonalDataInLogs runs the account flows and checks that no ID
// number, email or phone number reached the log.
func TestNoPersonalDataInLogs(t *testing.T) {
	env := apptest.New(t)
	c := env.Client(t)
	c.Post(route.PathRegister, registerForm("citizen", "Trịnh Văn Long", "019300000999", "long@example.vn",
		"0915999888", "mot-cum-tu-dai", "mot-cum-tu-dai"))
	c.Post(route.PathLogout, nil)
	c.Post(route.PathLogin, url.Values{"login": {"019300000999"}, "password": {"sai"}})
	c.Post(route.PathLogin, url.Values{"login": {"long@example.vn"}, "password": {"mot-cum-tu-dai"}})
	logs := env.Logs()
	if !strings.Contains(logs, `"msg":"login"`) || !strings.Contains(logs, `"msg":"registered"`) {
		t.Fatalf("expected login and registration lines in the log:\n%s", logs)
	}
	for _, pii := range []string{"019300000999", "long@example.vn", "0915999888", "Trịnh Văn Long", "mot-cum-tu-dai"} {
		if strings.Contains(logs, pii) {
			t.Errorf("log contains personal data %q", pii)
		}
	}
	if !strings.Contains(logs, `"request_id"`) {
		t.Error("log lines lack the request id")
	}
}
