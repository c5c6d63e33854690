package portal_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/internal/mailer/smtptest"
	"github.com/motcua/motcua/web/route"
)

// TestApplicantChangesContactDetails: the account page's contact form
// starts from the account's details; a wrong password or another
// account's e-mail is refused beside the field with the answers kept; a
// new phone and e-mail are saved, the old address is told over SMTP, and
// the new e-mail signs in. Staff have no such form.
func TestApplicantChangesContactDetails(t *testing.T) {
	mailbox := smtptest.Start(t)
	env := apptest.New(t, func(c *config.Config) { c.SMTPAddr = mailbox.Addr })
	ctx := context.Background()
	u := env.Users[account.RoleCitizen]
	c := env.Client(t)
	c.Login(u)

	page := c.Get(route.PathAccount)
	if v, _ := page.Doc.Find("#email").Attr("value"); v != u.Email {
		t.Fatalf("contact form: email %q", v)
	}
	post := func(email, phone, pw string) *apptest.Response {
		return c.Post(route.PathAccountContact, url.Values{"email": {email}, "phone": {phone}, "contact_password": {pw}})
	}
	res := post("hoa.moi@example.vn", "0912 000 111", "sai-mat-khau")
	if res.Status != http.StatusUnprocessableEntity || res.Text("#contact_password-error") == "" {
		t.Fatalf("wrong password: %d %q", res.Status, res.Text(".error-summary"))
	}
	if v, _ := res.Doc.Find("#email").Attr("value"); v != "hoa.moi@example.vn" {
		t.Errorf("email not kept: %q", v)
	}
	res = post(env.Users[account.RoleBusiness].Email, "0912000111", apptest.Password)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text("#email-error"), "đã") {
		t.Fatalf("another account's email: %d %q", res.Status, res.Text("#email-error"))
	}
	if got, _ := env.App.Users.Get(ctx, u.ID); got.Email != u.Email || got.Phone != u.Phone {
		t.Fatalf("changed by a refused form: %+v", got)
	}
	if n := len(mailbox.Messages()); n != 0 {
		t.Fatalf("%d e-mails before any change", n)
	}

	res = post("Hoa.Moi@Example.vn", "0912 000 111", apptest.Password)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("save: %d %q", res.Status, res.Text(".error-summary"))
	}
	if page := c.Get(route.PathAccount); !strings.Contains(page.Text(".alert"), "Đã lưu thông tin liên hệ") ||
		!strings.Contains(page.Text("main"), "hoa.moi@example.vn") || !strings.Contains(page.Text("main"), "0912000111") {
		t.Errorf("after saving: %q", page.Text("main"))
	}
	msgs := mailbox.Messages()
	if len(msgs) != 1 || msgs[0].To[0] != u.Email {
		t.Fatalf("notice to the old address: %+v", msgs)
	}
	if _, err := env.App.Accounts.Authenticate(ctx, "hoa.moi@example.vn", apptest.Password, "192.0.2.9"); err != nil {
		t.Errorf("the new email does not sign in: %v", err)
	}
	entries, err := env.App.Accounts.History(ctx, u.ID)
	if err != nil || len(entries) == 0 || entries[len(entries)-1].Action != "account.update_contact" {
		t.Errorf("audit: %+v %v", entries, err)
	}

	staff := env.Client(t)
	staff.Login(env.Users[account.RoleClerk])
	if page := staff.Get(route.PathAccount); page.Doc.Find("form[action='"+route.PathAccountContact+"']").Length() != 0 {
		t.Error("staff are offered the contact form")
	}
	if res := staff.Post(route.PathAccountContact, url.Values{"email": {"x@example.vn"}}); res.Status != http.StatusForbidden {
		t.Errorf("staff post the contact form: %d", res.Status)
	}
}

// TestSignOutElsewhere: signing out on other devices ends the other
// sessions and keeps this one; the staff account's history names it.
func TestSignOutElsewhere(t *testing.T) {
	env := apptest.New(t)
	u := env.Users[account.RoleClerk]
	here, there := env.Client(t), env.Client(t)
	here.Login(u)
	there.Login(u)
	if res := here.Post(route.PathAccountSignOut, nil); res.Status != http.StatusSeeOther {
		t.Fatalf("sign out elsewhere: %d", res.Status)
	}
	if res := here.Get(route.PathAccount); res.Status != http.StatusOK || !strings.Contains(res.Text(".alert"), "Đã đăng xuất trên mọi thiết bị khác") {
		t.Errorf("this device: %d %q", res.Status, res.Text(".alert"))
	}
	if res := there.Get(route.PathAccount); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, route.PathLogin) {
		t.Errorf("the other device is still signed in: %d %q", res.Status, res.Location)
	}
	admin := env.Client(t)
	admin.Login(env.Users[account.RoleAdmin])
	if res := admin.Get(string(route.AdminUser(u.ID))); !strings.Contains(res.Text("main"), "Đăng xuất trên mọi thiết bị khác") {
		t.Errorf("the history does not name it: %q", res.Text("main"))
	}
}
