package office_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/web/route"
)

// TestFindADossier: from the queue, a clerk finds a dossier of the centre
// by its code (straight to its page, in any case) or by the applicant's
// personal ID (a list); another commune's clerk finds neither; a query
// that is neither is refused beside the field with the text kept.
func TestFindADossier(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	citizen := env.Users[account.RoleCitizen]
	first := env.SubmitDossier(t, citizen, apptest.ProcCommune, communeDucXuan)
	second := env.SubmitDossier(t, citizen, apptest.ProcCommune, communeDucXuan)
	clerk := env.StaffClient(t, account.RoleClerk, centreDucXuan)
	if res := clerk.Get(route.PathQueue); res.Doc.Find("main a[href='"+route.PathFind+"']").Length() != 1 {
		t.Fatal("the queue does not link to the search")
	}
	res := clerk.Get(string(route.Find(strings.ToLower(first.Code))))
	if res.Status != http.StatusSeeOther || res.Location != string(route.Dossier(first.Code)) {
		t.Fatalf("by code: %d to %q", res.Status, res.Location)
	}
	res = clerk.Get(string(route.Find(citizen.PersonalID)))
	rows := res.Doc.Find("main table tbody tr")
	if res.Status != http.StatusOK || rows.Length() != 2 || !strings.Contains(rows.First().Text(), second.Code) {
		t.Fatalf("by personal ID: %d, %d rows: %s", res.Status, rows.Length(), rows.Text())
	}
	res = clerk.Get(string(route.Find("nguyen van")))
	if res.Status != http.StatusUnprocessableEntity || res.Text("#q-error") == "" {
		t.Fatalf("a name: %d %q", res.Status, res.Text("#q-error"))
	}
	if v, _ := res.Doc.Find("#q").Attr("value"); v != "nguyen van" {
		t.Errorf("query not kept: %q", v)
	}
	other := env.StaffClient(t, account.RoleClerk, "002.01.50.H19")
	if res := other.Get(string(route.Find(first.Code))); res.Status != http.StatusOK ||
		!strings.Contains(res.Text("main"), "Không tìm thấy hồ sơ nào") {
		t.Errorf("another centre by code: %d %q", res.Status, res.Text("main"))
	}
	if res := other.Get(route.PathFind + "?" + url.Values{"q": {citizen.PersonalID}}.Encode()); strings.Contains(res.Text("main"), first.Code) ||
		!strings.Contains(res.Text("main"), "Không tìm thấy hồ sơ nào") {
		t.Errorf("another centre by personal ID: %s", res.Text("main"))
	}
}
