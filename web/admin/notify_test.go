package admin_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/web/route"
)

// TestNotificationTemplates: administrators list, preview and change the
// templates; a template with an unknown field is refused beside the
// field, the text kept.
func TestNotificationTemplates(t *testing.T) {
	env := apptest.New(t)
	c := env.Client(t)
	c.Login(env.Users[account.RoleAdmin])
	res := c.Get(string(route.AdminTemplates()))
	if res.Status != http.StatusOK || res.Doc.Find("a[href='"+string(route.AdminTemplate("receive", "email"))+"']").Length() != 1 {
		t.Fatalf("list: %d", res.Status)
	}
	page := string(route.AdminTemplate("receive", "email"))
	res = c.Post(page, url.Values{"_action": {"preview"}, "subject": {"Hồ sơ {ma_ho_so}"}, "body": {"Hẹn trả {han_tra}."}})
	if res.Status != http.StatusOK || !strings.Contains(res.Text(".preview"), "000.01.01.H19-261201-0001") ||
		!strings.Contains(res.Text(".preview"), "17:00 15/12/2026") {
		t.Fatalf("preview: %d %q", res.Status, res.Text(".preview"))
	}
	res = c.Post(page, url.Values{"subject": {"Hồ sơ {ma_hs}"}, "body": {"Hẹn trả {han_tra}."}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text(".error-summary"), "ma_hs") {
		t.Fatalf("unknown field: %d %q", res.Status, res.Text(".error-summary"))
	}
	if v, _ := res.Doc.Find("#subject").Attr("value"); v != "Hồ sơ {ma_hs}" {
		t.Errorf("subject not kept: %q", v)
	}
	if res := c.Post(page, url.Values{"subject": {"Đã tiếp nhận {ma_ho_so}"}, "body": {"Hẹn trả {han_tra}."}}); res.Status != http.StatusSeeOther {
		t.Fatalf("save: %d %q", res.Status, res.Text(".error-summary"))
	}
	tpl, err := env.App.Notify.Template(t.Context(), "receive", "email", i18n.VI)
	if err != nil || tpl.Subject != "Đã tiếp nhận {ma_ho_so}" || tpl.UpdatedBy != env.Users[account.RoleAdmin].ID {
		t.Errorf("saved template %+v, %v", tpl, err)
	}
	// The English one is edited on its own page; the Vietnamese stays.
	en := string(route.AdminTemplateIn("receive", "email", "en"))
	if list := c.Get(string(route.AdminTemplates())); list.Doc.Find("a[href='"+en+"']").Length() != 1 {
		t.Error("the list does not link to the English template")
	}
	if res := c.Get(en); res.Status != http.StatusOK || !strings.Contains(res.Text(".caption"), "English") {
		t.Errorf("English editor: %d %q", res.Status, res.Text(".caption"))
	}
	if res := c.Post(en, url.Values{"subject": {"Dossier {ma_ho_so} accepted"}, "body": {"Due by {han_tra}."}}); res.Status != http.StatusSeeOther ||
		res.Location != en {
		t.Fatalf("save English: %d to %q", res.Status, res.Location)
	}
	if tpl, err := env.App.Notify.Template(t.Context(), "receive", "email", i18n.EN); err != nil || tpl.Subject != "Dossier {ma_ho_so} accepted" {
		t.Errorf("English template %+v, %v", tpl, err)
	}
	if tpl, _ := env.App.Notify.Template(t.Context(), "receive", "email", i18n.VI); tpl.Subject != "Đã tiếp nhận {ma_ho_so}" {
		t.Errorf("the Vietnamese template changed with the English one: %q", tpl.Subject)
	}
	if res := c.Get(string(route.AdminTemplate("receive", "email")) + "?lang=fr"); res.Status != http.StatusNotFound {
		t.Errorf("an unknown language: %d", res.Status)
	}
	// Not for citizens.
	cit := env.Client(t)
	cit.Login(env.Users[account.RoleCitizen])
	if res := cit.Get(page); res.Status != http.StatusForbidden {
		t.Errorf("citizen opens the editor: %d", res.Status)
	}
}
