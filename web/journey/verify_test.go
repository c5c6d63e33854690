package journey

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/web/route"
)

// TestAnyoneVerifiesAResult: someone handed a result (an employer, a bank)
// follows the header's link, types the code from under the QR code as it
// comes, then checks the PDF file itself and a changed copy; later the
// result is revoked and the page says so. Every page passes axe.
func TestAnyoneVerifiesAResult(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	env.Clock.Set(time.Date(2026, 11, 30, 8, 0, 0, 0, calendar.Location()))
	r, _ := env.IssueResult(t, env.Users[account.RoleCitizen])
	dir := t.TempDir()
	genuine, changed := filepath.Join(dir, "ket-qua.pdf"), filepath.Join(dir, "ket-qua-sua.pdf")
	pdf := env.DocumentBytes(t, r)
	if err := os.WriteFile(genuine, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	pdf[len(pdf)/2] ^= 1
	if err := os.WriteFile(changed, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	const (
		navVerify  = `.main-nav a[href="` + route.PathVerify + `"]`
		codeSubmit = `main form[method="get"] button[type="submit"]`
		fileSubmit = `main form[method="post"] button[type="submit"]`
	)

	p := browsertest.Open(t, env.URL+route.PathHome)
	p.ClickNav(navVerify)
	wantPath(t, p, route.PathVerify)
	wantText(t, p, "h1", "Xác thực văn bản")
	p.CheckA11y()

	p.Fill("ma", strings.ToLower(strings.ReplaceAll(r.VerifyCode, "-", " "))).ClickNav(codeSubmit)
	wantPath(t, p, string(route.VerifyCode(r.VerifyCode)))
	wantText(t, p, ".verify-result h2", "Văn bản hợp lệ")
	p.CheckA11y()

	p.SetFiles("tep", genuine).ClickNav(fileSubmit)
	wantPath(t, p, route.PathVerify)
	wantText(t, p, ".verify-result h2", "Văn bản hợp lệ")
	if !strings.Contains(p.Text(".verify-result dl"), r.Hash()) {
		t.Errorf("the file's SHA-256 is not shown: %q", p.Text(".verify-result dl"))
	}
	p.CheckA11y()

	p.SetFiles("tep", changed).ClickNav(fileSubmit)
	p.WaitVisible(".error-summary")
	if got := p.Text("#tep-error"); !strings.Contains(got, "Không tìm thấy văn bản") {
		t.Errorf("a changed file: %q", got)
	}
	p.CheckA11y()

	leader := env.Staff(t, account.RoleLeader, "001.00.50.H19")
	if _, err := env.App.Documents.Revoke(context.Background(), leader.ID, r.PublicID, "Cấp nhầm nội dung"); err != nil {
		t.Fatal(err)
	}
	p.Navigate(env.URL + string(route.VerifyCode(r.VerifyCode)))
	wantText(t, p, ".verify-result h2", "Văn bản đã bị thu hồi")
	if got := p.Text(".verify-result .alert"); !strings.Contains(got, "Lý do: Cấp nhầm nội dung") {
		t.Errorf("revoked panel: %q", got)
	}
	p.CheckA11y()
}
