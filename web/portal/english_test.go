package portal_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/web/route"
)

// TestNewPagesInEnglish: the account, password reset, staff account and
// administration pages read in English when English is chosen, with no
// Vietnamese heading left over and no untranslated key (the client checks
// every page for those).
func TestNewPagesInEnglish(t *testing.T) {
	env := apptest.New(t)
	for _, tc := range []struct {
		role  account.Role
		paths map[string]string // path -> its h1 in English
	}{
		{"", map[string]string{route.PathForgot: "Forgotten password", "/dat-lai-mat-khau/khong-co": "This link no longer works"}},
		{account.RoleCitizen, map[string]string{route.PathAccount: "My account"}},
		{account.RoleAdmin, map[string]string{
			string(route.AdminUser(env.Users[account.RoleClerk].ID)):     env.Users[account.RoleClerk].FullName,
			string(route.AdminUserEdit(env.Users[account.RoleClerk].ID)): "Change the details",
			string(route.AdminTemplates()):                               "Notification templates",
		}},
	} {
		c := env.Client(t)
		if tc.role != "" {
			c.Login(env.Users[tc.role])
		}
		c.Get(string(route.Language("en", "/")))
		for path, h1 := range tc.paths {
			res := c.Get(path)
			if res.Status != http.StatusOK && res.Status != http.StatusGone {
				t.Errorf("%s: %d", path, res.Status)
				continue
			}
			if got := res.Text("main h1"); got != h1 || res.Doc.Find("html[lang=en]").Length() != 1 {
				t.Errorf("%s: h1 %q, want %q", path, got, h1)
			}
			if strings.Contains(res.Text("main"), "Đăng xuất trên mọi thiết bị khác") {
				t.Errorf("%s: Vietnamese text in the English page", path)
			}
		}
	}
}
