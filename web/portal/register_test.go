package portal_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/web/route"
)

// TestRegisterNeverTellsWhichDetailsHaveAnAccount: a personal ID, a tax
// code or an e-mail that already has an account all get one neutral
// answer that says what to do (sign in, or reset the password) without
// naming the detail, so registering cannot be used to find out whether
// someone has an account.
func TestRegisterNeverTellsWhichDetailsHaveAnAccount(t *testing.T) {
	env := apptest.New(t)
	citizen, business := env.Users[account.RoleCitizen], env.Users[account.RoleBusiness]
	const pw = "mot-cum-tu-dai"
	var first string
	for name, form := range map[string][]string{
		"taken personal ID":  {"citizen", "Người Khác", citizen.PersonalID, "nguoikhac@example.vn", "0912111223"},
		"taken e-mail":       {"citizen", "Người Khác", "019300000888", strings.ToUpper(citizen.Email), "0912111223"},
		"both taken":         {"citizen", "Người Khác", citizen.PersonalID, citizen.Email, "0912111223"},
		"taken tax code":     {"business", "Công ty Khác", business.TaxCode, "congtykhac@example.vn", "0912111224"},
		"business's e-mail":  {"business", "Công ty Khác", "0100109106", business.Email, "0912111224"},
		"citizen's e-mail 2": {"business", "Công ty Khác", "0100109106", citizen.Email, "0912111224"},
	} {
		res := env.Client(t).Post(string(route.RegisterKind(form[0] == "business")),
			registerForm(form[0], form[1], form[2], form[3], form[4], pw, pw))
		if res.Status != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422", name, res.Status)
			continue
		}
		summary := res.Text(".error-summary")
		if first == "" {
			first = summary
		}
		if summary != first {
			t.Errorf("%s: the summary reads %q, another clash %q", name, summary, first)
		}
		for _, leak := range []string{"này đã có tài khoản", "đã được dùng", "Số định danh", "Mã số thuế", "Email"} {
			if strings.Contains(summary, leak) {
				t.Errorf("%s: the summary says %q: %q", name, leak, summary)
			}
		}
		for _, field := range []string{"email", "personal_id", "tax_code"} {
			if got := res.Text("#" + field + "-error"); got != "" {
				t.Errorf("%s: an error beside %s: %q", name, field, got)
			}
		}
		// It says what to do: sign in, or reset the password.
		for _, href := range []string{route.PathLogin, route.PathForgot} {
			if res.Doc.Find(`main a[href="`+href+`"]`).Length() == 0 {
				t.Errorf("%s: no link to %s", name, href)
			}
		}
	}
	if !strings.Contains(first, "đăng nhập") || !strings.Contains(first, "lấy lại mật khẩu") {
		t.Errorf("the answer does not say what to do: %q", first)
	}
}

// TestRegistrationIsLimitedPerAddress: like failed logins, registrations
// from one client address are limited within a window, whatever their
// outcome (an account made, or details that have one).
func TestRegistrationIsLimitedPerAddress(t *testing.T) {
	env := apptest.New(t, func(c *config.Config) { c.RegisterMaxPerIP = 2 })
	const pw = "mot-cum-tu-dai"
	c := env.Client(t)
	if res := c.Post(route.PathRegister, registerForm("citizen", "Lý Thị Mai", "019300000777", "mai@example.vn",
		"0912111222", pw, pw)); res.Status != http.StatusSeeOther {
		t.Fatalf("first registration: %d %s", res.Status, res.Text(".error-summary"))
	}
	other := env.Client(t) // another browser, the same address
	if res := other.Post(route.PathRegister, registerForm("citizen", "Lý Thị Mai", "019300000777", "mai2@example.vn",
		"0912111222", pw, pw)); res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("second registration (a taken ID): %d", res.Status)
	}
	res := other.Post(route.PathRegister, registerForm("citizen", "Lê Văn Tám", "019300000778", "tam@example.vn",
		"0912111225", pw, pw))
	if res.Status != http.StatusTooManyRequests || !strings.Contains(res.Text(".error-summary"), "thử lại sau") {
		t.Fatalf("third registration from the address: %d %q", res.Status, res.Text(".error-summary"))
	}
	if v, _ := res.Doc.Find("#full_name").Attr("value"); v != "Lê Văn Tám" {
		t.Errorf("the refused form lost what was typed: %q", v)
	}
	if _, err := env.App.Users.FindByLogin(t.Context(), "tam@example.vn"); err == nil {
		t.Error("the refused registration made an account")
	}
}
