package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/web/route"
)

// TestLockStaffAccount: an administrator locks a clerk who leaves. A lock
// without a reason is refused beside the field; with one, the clerk's
// session ends, they cannot sign in, the dossier they had taken is back in
// the queue, and the account's page says who locked it and why. The last
// clerk of a unit is flagged before locking; nobody locks their own
// account; unlocking lets the clerk sign in again.
func TestLockStaffAccount(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	ctx := context.Background()
	const centre = "001.01.50.H19" // receives the commune test procedure; no clerk yet
	leaving := env.Staff(t, account.RoleClerk, centre)
	staying := env.Staff(t, account.RoleClerk, centre)
	clerk := env.Client(t)
	clerk.Login(leaving)
	d := env.SubmitDossier(t, env.Users[account.RoleCitizen], apptest.ProcCommune, "001.00.50.H19")
	if err := env.App.Dossiers.Claim(ctx, leaving, d.Code); err != nil {
		t.Fatal(err)
	}

	admin := env.Client(t)
	admin.Login(env.Users[account.RoleAdmin])
	list := admin.Get(route.PathAdminUsers + "?q=" + url.QueryEscape(leaving.Email))
	if list.Doc.Find("table a[href='"+string(route.AdminUser(leaving.ID))+"']").Length() != 1 {
		t.Fatalf("the list does not link to the account: %s", list.Text("table"))
	}
	page := admin.Get(string(route.AdminUser(leaving.ID)))
	if page.Status != http.StatusOK || page.Text("h1") != leaving.FullName || page.Doc.Find(".alert-warning").Length() != 0 {
		t.Fatalf("account page: %d %q, warning %q", page.Status, page.Text("h1"), page.Text(".alert-warning"))
	}

	// No reason: refused beside the field, nothing changes.
	res := admin.Post(string(route.AdminUserLock(leaving.ID)), url.Values{"reason": {"  "}})
	if res.Status != http.StatusUnprocessableEntity || res.Text("#reason-error") != "Lỗi: Nhập lý do khóa tài khoản" ||
		res.Doc.Find(".error-summary a[href='#reason']").Length() != 1 {
		t.Fatalf("lock without a reason: %d %q", res.Status, res.Text("#reason-error"))
	}
	if u, _ := env.App.Users.Get(ctx, leaving.ID); !u.Active {
		t.Fatal("locked without a reason")
	}
	long := strings.Repeat("x", account.MaxLockReason+1)
	if res := admin.Post(string(route.AdminUserLock(leaving.ID)), url.Values{"reason": {long}}); res.Status != http.StatusUnprocessableEntity ||
		res.Doc.Find("#reason").Text() != long {
		t.Errorf("a too long reason: %d, kept %v", res.Status, res.Doc.Find("#reason").Text() == long)
	}

	const reason = "Chuyển công tác sang Sở Tài chính"
	res = admin.Post(string(route.AdminUserLock(leaving.ID)), url.Values{"reason": {reason}})
	if res.Status != http.StatusSeeOther || res.Location != string(route.AdminUser(leaving.ID)) {
		t.Fatalf("lock: %d to %q %s", res.Status, res.Location, res.Text(".error-summary"))
	}
	page = admin.Get(res.Location)
	main := page.Text("main")
	for _, want := range []string{"Đã khóa tài khoản", "Đã khóa", "Khóa tài khoản", reason, "Cán bộ admin", "Hồ sơ trả về hàng đợi",
		"Mở khóa tài khoản"} {
		if !strings.Contains(main, want) {
			t.Errorf("after locking, the page lacks %q:\n%s", want, main)
		}
	}
	if got, err := env.App.DossierStore.Dossier(ctx, d.Code, false); err != nil || got.ClaimedBy != 0 {
		t.Errorf("the dossier is still taken: %d %v", got.ClaimedBy, err)
	}
	// The clerk's session is over, and signing in again is refused.
	if res := clerk.Get(route.PathOffice); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, route.PathLogin) {
		t.Errorf("the locked clerk's session goes on: %d %q", res.Status, res.Location)
	}
	if res := env.Client(t).Post(route.PathLogin, url.Values{"login": {leaving.Email}, "password": {apptest.Password}}); res.Status == http.StatusSeeOther {
		t.Error("a locked account signed in")
	}
	if list := admin.Get(route.PathAdminUsers + "?q=" + url.QueryEscape(leaving.Email)); !strings.Contains(list.Text("table tbody"), "Đã khóa") {
		t.Errorf("the list does not show the lock: %s", list.Text("table tbody"))
	}

	// The last active clerk of the centre is flagged before locking.
	if page := admin.Get(string(route.AdminUser(staying.ID))); !strings.Contains(page.Text(".alert-warning"), "không còn cán bộ nào khác") {
		t.Errorf("no warning for the centre's last clerk: %q", page.Text(".alert-warning"))
	}
	// Nobody locks their own account.
	me := env.Users[account.RoleAdmin]
	if page := admin.Get(string(route.AdminUser(me.ID))); page.Doc.Find("form[action$='/khoa']").Length() != 0 {
		t.Error("the administrator is offered to lock their own account")
	}
	if res := admin.Post(string(route.AdminUserLock(me.ID)), url.Values{"reason": {"thử"}}); res.Status != http.StatusSeeOther {
		t.Errorf("own lock: %d", res.Status)
	}
	if u, _ := env.App.Users.Get(ctx, me.ID); !u.Active {
		t.Fatal("the administrator locked their own account")
	}
	// Applicants' accounts are not administration's to open.
	if res := admin.Get(string(route.AdminUser(env.Users[account.RoleCitizen].ID))); res.Status != http.StatusNotFound {
		t.Errorf("a citizen's account page: %d", res.Status)
	}

	// Unlocked, the clerk signs in again.
	if res := admin.Post(string(route.AdminUserUnlock(leaving.ID)), nil); res.Status != http.StatusSeeOther {
		t.Fatalf("unlock: %d", res.Status)
	}
	back := env.Client(t)
	if res := back.Post(route.PathLogin, url.Values{"login": {leaving.Email}, "password": {apptest.Password}}); res.Status != http.StatusSeeOther ||
		res.Location != route.PathOffice {
		t.Errorf("after unlocking: %d to %q", res.Status, res.Location)
	}
}
