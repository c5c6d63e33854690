package journey

import (
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/web/route"
)

// TestAdministratorLocksALeavingClerk: the administrator signs in, goes
// from the dashboard to the users, finds the clerk who leaves, tries to
// lock the account without a reason (the message is beside the field),
// gives one and sees the account locked with the reason in its history.
// Then every section of the administration, reached through its section
// navigation. axe checks every page.
func TestAdministratorLocksALeavingClerk(t *testing.T) {
	env := apptest.New(t)
	clerk := newStaff(t, env, account.RoleClerk, centreDucXuan, "Phạm Thị Nghỉ", "0987000311")
	admin := env.Users[account.RoleAdmin]

	p := browsertest.Open(t, env.URL+route.PathHome)
	signInAs(t, p, admin.Email, admin.FullName)
	p.ClickNav(`.main-nav a[href="` + route.PathOffice + `"]`)
	p.CheckA11y()
	p.ClickNav(`main a[href="` + route.PathAdminUsers + `"]`)
	wantPath(t, p, route.PathAdminUsers)
	p.CheckA11y()
	p.Fill("q", "Phạm Thị Nghỉ").ClickNav(`main form[method="get"] button`)
	p.ClickNav(`main table a[href="` + string(route.AdminUser(clerk.ID)) + `"]`)
	wantText(t, p, "main h1", "Phạm Thị Nghỉ")
	// The only clerk of the centre: the page warns before locking.
	if w := p.Text("main .alert-warning"); !strings.Contains(w, "Phường Đức Xuân không còn cán bộ nào khác có vai trò Cán bộ một cửa") {
		t.Errorf("warning: %q", w)
	}
	p.CheckA11y()

	// The details form, then back without changing anything.
	p.ClickNav(`main a[href="` + string(route.AdminUserEdit(clerk.ID)) + `"]`)
	wantText(t, p, "main h1", "Sửa thông tin cán bộ")
	p.CheckA11y()
	p.ClickNav(`main form a[href="` + string(route.AdminUser(clerk.ID)) + `"]`)

	p.ClickNav(`main form[action$="/khoa"] button`)
	wantText(t, p, ".error-summary a[href='#reason']", "Nhập lý do khóa tài khoản")
	wantText(t, p, "#reason-error", "Lỗi:\nNhập lý do khóa tài khoản")
	p.CheckA11y()
	p.Fill("reason", "Nghỉ hưu từ 01/12/2026").ClickNav(`main form[action$="/khoa"] button`)
	wantText(t, p, flash, "Đã khóa tài khoản; hồ sơ cán bộ đang nhận đã trả về hàng đợi của đơn vị.")
	if main := p.Text("main"); !strings.Contains(main, "Nghỉ hưu từ 01/12/2026") || !strings.Contains(main, "Mở khóa tài khoản") {
		t.Errorf("the locked account's page: %s", main)
	}
	p.CheckA11y()

	// Every section of the administration, through its own navigation.
	for _, section := range []string{route.PathAdminUnits, route.PathAdminCatalog, route.PathAdminCalendar,
		route.PathAdminTemplates, route.PathAdminResultTemplates, route.PathAdminUsers} {
		p.ClickNav(`.sub-nav a[href^="` + section + `"]`)
		wantPath(t, p, section)
		if got := p.Attr(`.sub-nav a[aria-current="page"]`, "href"); !strings.HasPrefix(got, section) {
			t.Errorf("%s: the section navigation marks %q as current", section, got)
		}
		p.CheckA11y()
	}
}
