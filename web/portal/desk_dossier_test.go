package portal_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/web/route"
)

// TestDeskDossierJoinsAnAccountOnlyWithItsReceipt: a dossier taken at the
// desk joins no account by itself, neither one registered later with the
// personal ID the clerk typed (a claim, not a proof) nor one that had it
// already. The applicant adds it on "Thêm hồ sơ nộp tại quầy" with the code
// and lookup secret of the receipt (audited); anything else gets one
// answer beside the code, whether the code exists or not, and counts
// against the client address like a failed status lookup.
func TestDeskDossierJoinsAnAccountOnlyWithItsReceipt(t *testing.T) {
	env := apptest.New(t, func(c *config.Config) { c.LookupMaxFailures = 4 })
	env.OpenProcedures(t)
	ctx := context.Background()
	holder := env.Users[account.RoleCitizen]
	clerk := env.StaffClient(t, account.RoleClerk, centreDucXuan)
	mine := takeAtDesk(t, clerk, holder.PersonalID, holder.FullName) // for an ID that has an account
	lans := takeAtDesk(t, clerk, "019199000010", "Nông Thị Lan")     // for one that has none
	secret := func(code string) string {
		d, err := env.App.DossierStore.Dossier(ctx, code, false)
		if err != nil {
			t.Fatal(err)
		}
		return d.Secret
	}

	// Someone registers with the walk-in's personal ID: nothing of hers.
	squatter := env.Client(t)
	if res := squatter.Post(route.PathRegister, registerForm("citizen", "Nông Thị Lan", "019199000010", "gia@example.vn",
		"0912345670", "mot-mat-khau-dai", "mot-mat-khau-dai")); res.Status != http.StatusSeeOther {
		t.Fatalf("register: %d %s", res.Status, res.Text(".error-summary"))
	}
	owner := env.Client(t)
	owner.Login(holder)
	for name, c := range map[string]*apptest.Client{"a new account with the ID": squatter, "the ID's account": owner} {
		for _, code := range []string{mine, lans} {
			if strings.Contains(c.Get(string(route.MyDossiers(1))).Text("main"), code) {
				t.Errorf("%s lists the desk dossier %s", name, code)
			}
			if res := c.Get(string(route.Dossier(code))); res.Status != http.StatusNotFound {
				t.Errorf("%s sees the desk dossier %s: %d", name, code, res.Status)
			}
		}
	}

	// The page is linked from "Hồ sơ của tôi" and from the account page.
	for _, page := range []string{string(route.MyDossiers(1)), route.PathAccount} {
		if owner.Get(page).Doc.Find(`main a[href="`+route.PathAddDeskDossier+`"]`).Length() != 1 {
			t.Errorf("%s does not link to %s", page, route.PathAddDeskDossier)
		}
	}
	res := owner.Get(route.PathAddDeskDossier)
	if res.Status != http.StatusOK || res.Text("h1") != "Thêm hồ sơ nộp tại quầy" || res.Doc.Find("#code").Length() != 1 ||
		res.Doc.Find("#secret").Length() != 1 {
		t.Fatalf("add page: %d %q", res.Status, res.Text("h1"))
	}

	// A wrong secret, an unknown code, and a real code and secret of a
	// dossier filed online (someone else's): one answer, beside the code.
	online := env.SubmitDossier(t, holder, apptest.ProcProvince, "")
	var answer string
	for name, form := range map[string]url.Values{
		"wrong secret": {"code": {lans}, "secret": {"AAAAAAAA"}},
		"unknown code": {"code": {"001.01.50.H19-991231-9999"}, "secret": {secret(lans)}},
		"online":       {"code": {online.Code}, "secret": {online.Secret}},
	} {
		res := squatter.Post(route.PathAddDeskDossier, form)
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("%s: %d, want 422", name, res.Status)
		}
		got := res.Text("#code-error")
		if answer == "" {
			answer = got
		}
		if got != answer || !strings.Contains(got, "không khớp") {
			t.Errorf("%s: beside the code %q (another: %q)", name, got, answer)
		}
		if href, _ := res.Doc.Find(".error-summary a").Attr("href"); href != "#code" {
			t.Errorf("%s: the summary links to %q", name, href)
		}
		if v, _ := res.Doc.Find("#code").Attr("value"); v != form.Get("code") {
			t.Errorf("%s: the code typed is not kept: %q", name, v)
		}
	}
	if strings.Contains(squatter.Get(string(route.MyDossiers(1))).Text("main"), lans) {
		t.Error("a failed attempt added the dossier")
	}

	// The receipt's holder adds it (any case, spaces around): it is theirs,
	// with its files, and the audit trail says who added it.
	res = owner.Post(route.PathAddDeskDossier, url.Values{"code": {" " + mine + " "}, "secret": {strings.ToLower(secret(mine))}})
	if res.Status != http.StatusSeeOther || res.Location != string(route.Dossier(mine)) {
		t.Fatalf("add with the receipt: %d %q %q", res.Status, res.Location, res.Text(".error-summary"))
	}
	page := owner.Get(string(route.Dossier(mine)))
	if page.Status != http.StatusOK || !strings.Contains(page.Text(".alert"), "Đã thêm hồ sơ vào tài khoản") ||
		!strings.Contains(page.Text("main"), "scan-1.pdf") {
		t.Errorf("the added dossier: %d %q", page.Status, page.Text(".alert"))
	}
	if !strings.Contains(owner.Get(string(route.MyDossiers(1))).Text("main"), mine) {
		t.Error("the added dossier is not in Hồ sơ của tôi")
	}
	var audited int
	if err := env.App.DB.SQL().QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE action = 'dossier.add_desk_dossier'
		AND object_type = 'dossier' AND object_id = $1 AND actor_id = $2`, mine, holder.ID).Scan(&audited); err != nil || audited != 1 {
		t.Errorf("audit entries for the addition: %d, %v", audited, err)
	}
	// Adding it again is no error; someone else with the same receipt gets
	// the same answer as for a wrong one.
	if res := owner.Post(route.PathAddDeskDossier, url.Values{"code": {mine}, "secret": {secret(mine)}}); res.Status != http.StatusSeeOther {
		t.Errorf("adding one's own dossier again: %d", res.Status)
	}
	res = squatter.Post(route.PathAddDeskDossier, url.Values{"code": {mine}, "secret": {secret(mine)}})
	if res.Status != http.StatusUnprocessableEntity || res.Text("#code-error") != answer {
		t.Errorf("another account with the receipt: %d %q", res.Status, res.Text("#code-error"))
	}

	// Four failures from the address: even the right receipt must wait.
	res = owner.Post(route.PathAddDeskDossier, url.Values{"code": {lans}, "secret": {secret(lans)}})
	if res.Status != http.StatusTooManyRequests || !strings.Contains(res.Text("#code-error"), "thử lại sau") {
		t.Errorf("after four failures: %d %q", res.Status, res.Text("#code-error"))
	}
}
