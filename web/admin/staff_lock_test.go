package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
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

// TestMoveStaffToAnotherUnit: an officer moves to another commune. A
// blank name is refused beside the field with the rest kept; the move
// hands their taken dossiers back to the old unit's queue and shows in
// the account's history; the officer's queue is the new unit's at once.
// An administrator cannot take away their own role.
func TestMoveStaffToAnotherUnit(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	ctx := context.Background()
	clerk := env.Staff(t, account.RoleClerk, "001.01.50.H19")
	d := env.SubmitDossier(t, env.Users[account.RoleCitizen], apptest.ProcCommune, "001.00.50.H19")
	if err := env.App.Dossiers.Claim(ctx, clerk, d.Code); err != nil {
		t.Fatal(err)
	}
	to, err := env.App.Units.GetByCode(ctx, "002.01.50.H19")
	if err != nil {
		t.Fatal(err)
	}
	admin := env.Client(t)
	admin.Login(env.Users[account.RoleAdmin])
	page := admin.Get(string(route.AdminUser(clerk.ID)))
	if page.Doc.Find("main a[href='"+string(route.AdminUserEdit(clerk.ID))+"']").Length() != 1 {
		t.Fatal("the account page does not link to its edit form")
	}
	form := admin.Get(string(route.AdminUserEdit(clerk.ID)))
	if v, _ := form.Doc.Find("#full_name").Attr("value"); v != clerk.FullName {
		t.Fatalf("edit form: name %q", v)
	}
	values := url.Values{"full_name": {" "}, "phone": {"0912 333 444"}, "role": {"clerk"},
		"unit_id": {strconv.FormatInt(to.ID, 10)}}
	res := admin.Post(string(route.AdminUserEdit(clerk.ID)), values)
	if res.Status != http.StatusUnprocessableEntity || res.Text("#full_name-error") == "" {
		t.Fatalf("blank name: %d", res.Status)
	}
	if v, _ := res.Doc.Find("#phone").Attr("value"); v != "0912 333 444" { // as typed
		t.Errorf("phone not kept: %q", v)
	}
	if sel, _ := res.Doc.Find("#unit_id option[selected]").Attr("value"); sel != strconv.FormatInt(to.ID, 10) {
		t.Errorf("unit not kept: %q", sel)
	}
	values.Set("full_name", "Ngô Thị Chuyển")
	res = admin.Post(string(route.AdminUserEdit(clerk.ID)), values)
	if res.Status != http.StatusSeeOther || res.Location != string(route.AdminUser(clerk.ID)) {
		t.Fatalf("move: %d %s", res.Status, res.Text(".error-summary"))
	}
	page = admin.Get(res.Location)
	for _, want := range []string{"Đã lưu thông tin cán bộ", "Ngô Thị Chuyển", to.Name, "Sửa thông tin", "Hồ sơ trả về hàng đợi"} {
		if !strings.Contains(page.Text("main"), want) {
			t.Errorf("after the move, the page lacks %q", want)
		}
	}
	if got, _ := env.App.DossierStore.Dossier(ctx, d.Code, false); got.ClaimedBy != 0 {
		t.Error("the dossier is still taken by the moved clerk")
	}
	if u, _ := env.App.Users.Get(ctx, clerk.ID); u.UnitID != to.ID || u.FullName != "Ngô Thị Chuyển" || u.Email != clerk.Email {
		t.Errorf("stored: %+v", u)
	}

	me := env.Users[account.RoleAdmin]
	res = admin.Post(string(route.AdminUserEdit(me.ID)), url.Values{"full_name": {me.FullName}, "phone": {me.Phone},
		"role": {"clerk"}, "unit_id": {strconv.FormatInt(me.UnitID, 10)}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text("#role-error"), "quản trị") {
		t.Errorf("own role taken away: %d %q", res.Status, res.Text("#role-error"))
	}
	if u, _ := env.App.Users.Get(ctx, me.ID); u.Role != account.RoleAdmin {
		t.Fatal("the administrator demoted themselves")
	}
}
