package office_test

import (
	"net/http"
	"testing"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/web/route"
)

// TestAdminDashboard: /quan-tri leads to the dashboard, whose cards reach
// every part of administration, each of which answers the administrator.
func TestAdminDashboard(t *testing.T) {
	env := apptest.New(t)
	c := env.Client(t)
	c.Login(env.Users[account.RoleAdmin])
	if res := c.Get(route.PathAdmin); res.Status != http.StatusSeeOther || res.Location != route.PathOffice {
		t.Fatalf("/quan-tri: %d to %q", res.Status, res.Location)
	}
	res := c.Get(route.PathOffice)
	for _, href := range []string{string(route.AdminUsers(1)), string(route.AdminUnits()), string(route.AdminCatalog("", 1)),
		string(route.AdminCalendar()), string(route.AdminTemplates()),
		string(route.AdminResultTemplates(route.ResultTemplateQuery{}))} {
		if res.Doc.Find("main a[href='"+href+"']").Length() == 0 {
			t.Errorf("the dashboard does not link to %s", href)
			continue
		}
		if page := c.Get(href); page.Status != http.StatusOK {
			t.Errorf("%s: %d", href, page.Status)
		}
	}
}
