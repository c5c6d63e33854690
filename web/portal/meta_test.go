package portal_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/web/route"
)

// TestPagesDescribeThemselves: every page has one <meta name="description">
// saying what the page is for: its own on the public pages (the
// procedure's naming the procedure), its area's elsewhere, in the
// visitor's language.
func TestPagesDescribeThemselves(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	describe := func(c *apptest.Client, path string) string {
		t.Helper()
		res := c.Get(path)
		metas := res.Doc.Find(`head meta[name="description"]`)
		if metas.Length() != 1 {
			t.Errorf("%s (%d): %d meta descriptions, want 1", path, res.Status, metas.Length())
			return ""
		}
		d := strings.TrimSpace(metas.AttrOr("content", ""))
		if len(d) < 40 || strings.Contains(d, "meta.") {
			t.Errorf("%s: description %q", path, d)
		}
		return d
	}
	anon := env.Client(t)
	seen := map[string]string{}
	for _, path := range []string{route.PathHome, route.PathCatalog, string(route.Procedure(apptest.ProcCommune, 0)), route.PathLookup,
		route.PathVerify, route.PathLogin, route.PathRegister, route.PathForgot, route.PathPrivacy, route.PathAccessibility} {
		d := describe(anon, path)
		if other, ok := seen[d]; ok && d != "" {
			t.Errorf("%s and %s share the description %q", other, path, d)
		}
		seen[d] = path
	}
	if d := describe(anon, string(route.Procedure(apptest.ProcCommune, 0))); !strings.Contains(d, "Xác nhận thông tin thử nghiệm") {
		t.Errorf("the procedure's description %q does not name it", d)
	}
	// A page that does not exist still has the site's.
	if res := anon.Get("/khong-co-trang-nay"); res.Status != http.StatusNotFound {
		t.Errorf("unknown page: %d", res.Status)
	}
	describe(anon, "/khong-co-trang-nay")

	citizen := env.Client(t)
	citizen.Login(env.Users[account.RoleCitizen])
	describe(citizen, string(route.MyDossiers(1)))
	describe(citizen, route.PathAccount)
	clerk := env.Client(t)
	clerk.Login(env.Users[account.RoleClerk])
	queue, office := describe(clerk, route.PathQueue), describe(clerk, route.PathOffice)
	if queue == office {
		t.Errorf("the queue says what the dashboard says: %q", queue)
	}
	admin := env.Client(t)
	admin.Login(env.Users[account.RoleAdmin])
	describe(admin, string(route.AdminUsers(1)))

	// In English for a visitor who chose it.
	en := env.Client(t)
	en.Get(string(route.Language("en", route.PathHome)))
	if d := describe(en, route.PathHome); d == "" || d == describe(anon, route.PathHome) {
		t.Errorf("the English home page's description %q", d)
	}
}
