package journey

import (
	"bytes"
	"encoding/base64"
	"io"
	"net/mail"
	"regexp"
	"testing"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/internal/mailer/smtptest"
	"github.com/motcua/motcua/web/route"
)

// TestCitizenResetsAForgottenPassword: from the login page to "Quên mật
// khẩu", the e-mail (over SMTP), its link, a new password and signing in
// with it. axe checks every page.
func TestCitizenResetsAForgottenPassword(t *testing.T) {
	mailbox := smtptest.Start(t)
	env := apptest.New(t, func(c *config.Config) { c.SMTPAddr = mailbox.Addr })
	u := env.Users[account.RoleCitizen]

	p := browsertest.Open(t, env.URL+route.PathLogin)
	p.ClickNav(`main a[href="` + route.PathForgot + `"]`)
	wantPath(t, p, route.PathForgot)
	p.CheckA11y()
	p.ClickNav(submitButton)
	wantText(t, p, "#email-error", "Lỗi:\nNhập địa chỉ email")
	p.CheckA11y()
	p.Fill("email", u.Email).ClickNav(submitButton)
	wantText(t, p, "main h1", "Hãy kiểm tra hộp thư")
	p.CheckA11y()

	msgs := mailbox.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d e-mails, want 1", len(msgs))
	}
	msg, err := mail.ReadMessage(bytes.NewReader(msgs[0].Raw))
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(base64.NewDecoder(base64.StdEncoding, msg.Body))
	if err != nil {
		t.Fatal(err)
	}
	link := regexp.MustCompile(`https?://\S+/dat-lai-mat-khau/[A-Za-z0-9_-]+`).FindString(string(body))
	if link == "" {
		t.Fatalf("no link in %q", body)
	}
	p.Navigate(link)
	wantText(t, p, "main h1", "Đặt mật khẩu mới")
	p.CheckA11y()
	p.Fill("new_password", "chuoi-mat-khau-moi").Fill("new_password_confirm", "chuoi-mat-khau-moi").ClickNav(submitButton)
	wantPath(t, p, route.PathLogin)
	wantText(t, p, flash, "Đã đặt mật khẩu mới. Hãy đăng nhập bằng mật khẩu mới; các phiên đăng nhập cũ đã kết thúc.")
	p.CheckA11y()
	p.Fill(route.LoginFormIdentity, u.Email).Fill(route.LoginFormPassword, "chuoi-mat-khau-moi").ClickNav(submitButton)
	wantText(t, p, headerUserName, u.FullName)
}
