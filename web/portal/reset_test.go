package portal_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"mime"
	"net/http"
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/internal/mailer/smtptest"
	"github.com/motcua/motcua/web/route"
)

// TestPasswordReset: someone who forgot their password asks for a link
// (an address that is no account's gets the same answer and no e-mail);
// the e-mail, over SMTP, carries a link that opens a form; a mismatch is
// refused beside the field; the new password works, the old one and the
// old sessions do not; the link works once; an older link dies when a
// newer one is sent, and an expired one does not work.
func TestPasswordReset(t *testing.T) {
	mailbox := smtptest.Start(t)
	env := apptest.New(t, func(c *config.Config) { c.SMTPAddr = mailbox.Addr; c.BaseURL = "https://dichvucong.example.vn" })
	ctx := context.Background()
	u := env.Users[account.RoleCitizen]
	old := env.Client(t)
	old.Login(u)

	anon := env.Client(t)
	login := anon.Get(route.PathLogin)
	if login.Doc.Find("main a[href='"+route.PathForgot+"']").Length() != 1 {
		t.Fatal("the login page does not offer a reset")
	}
	if res := anon.Post(route.PathForgot, url.Values{"email": {"khong-phai-email"}}); res.Status != http.StatusUnprocessableEntity ||
		res.Text("#email-error") == "" {
		t.Fatalf("a malformed address: %d %q", res.Status, res.Text("#email-error"))
	}
	nobody := anon.Post(route.PathForgot, url.Values{"email": {"khong-co-ai@example.vn"}})
	someone := anon.Post(route.PathForgot, url.Values{"email": {strings.ToUpper(u.Email)}})
	if nobody.Status != http.StatusOK || someone.Status != http.StatusOK ||
		strings.ReplaceAll(nobody.Text("main"), "khong-co-ai@example.vn", "X") != strings.ReplaceAll(someone.Text("main"), strings.ToUpper(u.Email), "X") {
		t.Fatalf("the answers differ: %d %q / %d %q", nobody.Status, nobody.Text("main"), someone.Status, someone.Text("main"))
	}
	msgs := mailbox.Messages()
	if len(msgs) != 1 || msgs[0].To[0] != u.Email {
		t.Fatalf("%d e-mails (want 1, to %s): %+v", len(msgs), u.Email, msgs)
	}
	link := resetLink(t, msgs[0])
	if !strings.HasPrefix(link, "https://dichvucong.example.vn/dat-lai-mat-khau/") {
		t.Fatalf("link %q", link)
	}
	path := strings.TrimPrefix(link, "https://dichvucong.example.vn")

	if res := anon.Get(path); res.Status != http.StatusOK || res.Doc.Find("#new_password").Length() != 1 {
		t.Fatalf("the link's form: %d", res.Status)
	}
	res := anon.Post(path, url.Values{"new_password": {"mot-mat-khau-moi"}, "new_password_confirm": {"mat-khau-khac"}})
	if res.Status != http.StatusUnprocessableEntity || res.Text("#new_password_confirm-error") == "" {
		t.Fatalf("mismatch: %d %q", res.Status, res.Text(".error-summary"))
	}
	res = anon.Post(path, url.Values{"new_password": {"mot-mat-khau-moi"}, "new_password_confirm": {"mot-mat-khau-moi"}})
	if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, route.PathLogin) {
		t.Fatalf("reset: %d to %q %s", res.Status, res.Location, res.Text(".error-summary"))
	}
	if res := anon.Get(res.Location); !strings.Contains(res.Text(".alert"), "Đã đặt mật khẩu mới") {
		t.Errorf("no word after the reset: %q", res.Text(".alert"))
	}
	if res := old.Get(route.PathAccount); res.Status != http.StatusSeeOther {
		t.Errorf("the session from before the reset goes on: %d", res.Status)
	}
	if _, err := env.App.Accounts.Authenticate(ctx, u.Email, apptest.Password, "192.0.2.1"); err == nil {
		t.Error("the old password still works")
	}
	if _, err := env.App.Accounts.Authenticate(ctx, u.Email, "mot-mat-khau-moi", "192.0.2.1"); err != nil {
		t.Errorf("the new password: %v", err)
	}
	// Used once: gone.
	if res := anon.Get(path); res.Status != http.StatusGone || !strings.Contains(res.Text("main"), "Liên kết không còn hiệu lực") {
		t.Errorf("a used link: %d", res.Status)
	}
	if res := anon.Post(path, url.Values{"new_password": {"lan-thu-hai-2026"}, "new_password_confirm": {"lan-thu-hai-2026"}}); res.Status != http.StatusGone {
		t.Errorf("a used link posted: %d", res.Status)
	}

	// A newer link voids the older; an expired one does not work.
	other := env.Client(t)
	other.Post(route.PathForgot, url.Values{"email": {u.Email}})
	other.Post(route.PathForgot, url.Values{"email": {u.Email}})
	msgs = mailbox.Messages()
	if len(msgs) != 3 {
		t.Fatalf("%d e-mails, want 3", len(msgs))
	}
	first, second := pathOf(resetLink(t, msgs[1])), pathOf(resetLink(t, msgs[2]))
	if res := other.Get(first); res.Status != http.StatusGone {
		t.Errorf("the older link: %d", res.Status)
	}
	if _, err := env.App.DB.SQL().ExecContext(ctx, "UPDATE password_resets SET expires_at = $1 WHERE used_at IS NULL",
		time.Now().Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	if res := other.Get(second); res.Status != http.StatusGone {
		t.Errorf("an expired link: %d", res.Status)
	}
	// A fourth request within the hour is refused for that address.
	if res := other.Post(route.PathForgot, url.Values{"email": {u.Email}}); res.Status != http.StatusTooManyRequests {
		t.Errorf("a fourth request: %d", res.Status)
	}
	if strings.Contains(env.Logs(), path) || strings.Contains(env.Logs(), u.Email) {
		t.Error("the link or the address reached the log")
	}
	// A mail server that refuses the link: the person is told what
	// everyone is told; the log says so without the address.
	mailbox.Refuse(550)
	biz := env.Users[account.RoleBusiness]
	if res := env.Client(t).Post(route.PathForgot, url.Values{"email": {biz.Email}}); res.Status != http.StatusOK ||
		!strings.Contains(res.Text("main"), "Hãy kiểm tra hộp thư") {
		t.Errorf("refused by the mail server: %d %q", res.Status, res.Text("main"))
	}
	if logs := env.Logs(); !strings.Contains(logs, "password reset link not sent") || strings.Contains(logs, biz.Email) {
		t.Errorf("the failure is not logged, or logged with the address")
	}
	// Housekeeping deletes the links that ended before its cut-off, and
	// only those.
	if n, err := env.App.Users.PruneResets(ctx, time.Now().Add(-time.Hour)); err != nil || n != 0 {
		t.Errorf("pruned %d links that ended within the hour, %v", n, err)
	}
	if n, err := env.App.Users.PruneResets(ctx, time.Now().Add(2*time.Hour)); err != nil || n != 4 {
		t.Errorf("pruned %d ended links, want 4 (3 used or voided, 1 unused past its hour): %v", n, err)
	}
}

var linkRe = regexp.MustCompile(`https?://\S+/dat-lai-mat-khau/[A-Za-z0-9_-]+`)

// resetLink reads the link out of a reset e-mail (base64 text).
func resetLink(t *testing.T, m smtptest.Message) string {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(m.Raw))
	if err != nil {
		t.Fatal(err)
	}
	subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if subject != "Đặt lại mật khẩu Cổng Dịch vụ công" {
		t.Errorf("subject %q", subject)
	}
	body, err := io.ReadAll(base64.NewDecoder(base64.StdEncoding, msg.Body))
	if err != nil {
		t.Fatal(err)
	}
	link := linkRe.FindString(string(body))
	if link == "" {
		t.Fatalf("no link in %q", body)
	}
	return link
}

func pathOf(link string) string {
	u, _ := url.Parse(link)
	return u.Path
}
