package portal_test

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

// lookup is one row of registry_lookups.
type lookup struct {
	actor                      int64
	registry, subject, purpose string
	draft                      string
	dossier                    int64
}

func registryLookups(t *testing.T, env *apptest.Env) []lookup {
	t.Helper()
	rows, err := env.App.DB.SQL().QueryContext(context.Background(), `SELECT coalesce(actor_id, 0), registry, subject,
		purpose, draft, coalesce(dossier_id, 0) FROM registry_lookups ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []lookup
	for rows.Next() {
		var l lookup
		if err := rows.Scan(&l.actor, &l.registry, &l.subject, &l.purpose, &l.draft, &l.dossier); err != nil {
			t.Fatal(err)
		}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestUnverifiedApplicantGetsNoRegistryData: registering with someone
// else's personal ID (one in the population registry) and applying
// prefills nothing of theirs, neither for the applicant's own record nor
// for an ID typed into the form, and the registry is not even asked; the
// page says how to have those answers prefilled. A verified applicant's
// and a clerk's drafts are prefilled, and every read is recorded: who, for
// which draft and then which dossier, which registry and ID.
func TestUnverifiedApplicantGetsNoRegistryData(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	ctx := context.Background()

	// Trần Thị Hoa (019192000002) is in the registry, born 02/07/1992.
	c := env.Client(t)
	if res := c.Post(route.PathRegister, registerForm("citizen", "Trần Thị Hoa", "019192000002", "gia-mao@example.vn",
		"0912345670", "mot-mat-khau-dai", "mot-mat-khau-dai")); res.Status != http.StatusSeeOther {
		t.Fatalf("register: %d %s", res.Status, res.Text(".error-summary"))
	}
	if got := c.Get(route.PathAccount).Text("main"); !strings.Contains(got, "Chưa xác thực") {
		t.Errorf("the account page does not say the identity is not verified: %q", got)
	}
	draft := startDraft(t, c)
	res := c.Get(draft + "/trang/nguoi-khai")
	if v, _ := res.Doc.Find("#ho_ten").Attr("value"); v != "Trần Thị Hoa" {
		t.Errorf("the account's own answers are not prefilled: name %q", v)
	}
	if v, _ := res.Doc.Find("#ngay_sinh").Attr("value"); v != "" {
		t.Errorf("birth date prefilled from the registry for an unverified account: %q", v)
	}
	if v, _ := res.Doc.Find(`[name="noi_cu_tru.street"]`).Attr("value"); v != "" {
		t.Errorf("home address prefilled from the registry for an unverified account: %q", v)
	}
	notice := res.Text(".readable .alert")
	for _, want := range []string{"xác thực", "VNeID", "một cửa"} {
		if !strings.Contains(notice, want) {
			t.Errorf("the page does not say how to have the answers prefilled (%q): %q", want, notice)
		}
	}
	// An ID typed into the form is not looked up either.
	if res := c.Post(draft+"/trang/nguoi-than", url.Values{"nguoi_than_so_dinh_danh": {"019090000001"},
		"_action": {"add:con"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("relative page: %d %s", res.Status, res.Text(".error-summary"))
	}
	res = c.Get(draft + "/trang/nguoi-than")
	if v, _ := res.Doc.Find("#nguoi_than_ho_ten").Attr("value"); v != "" {
		t.Errorf("a relative's name from the registry for an unverified account: %q", v)
	}
	if got := registryLookups(t, env); len(got) != 0 {
		t.Errorf("the registry was read for an unverified account: %+v", got)
	}

	// A verified applicant: prefilled, and the read recorded for the draft,
	// then the dossier it became; the page says nothing of verification.
	citizen := env.Users[account.RoleCitizen]
	v := env.Client(t)
	v.Login(citizen)
	draft = startDraft(t, v)
	if res := v.Get(draft + "/trang/nguoi-khai"); res.Doc.Find(".readable .alert").Length() != 0 {
		t.Errorf("a notice for a verified applicant: %q", res.Text(".readable .alert"))
	}
	v.Post(draft+"/trang/nguoi-than", url.Values{"nguoi_than_so_dinh_danh": {"019090000001"}, "_action": {"add:con"}})
	if v, _ := v.Get(draft + "/trang/nguoi-than").Doc.Find("#nguoi_than_ho_ten").Attr("value"); v != "Nguyễn Văn An" {
		t.Errorf("relative's name from the registry for a verified applicant: %q", v)
	}
	publicID := strings.TrimPrefix(draft, "/ho-so-nhap/")
	var relative *lookup
	for _, l := range registryLookups(t, env) {
		if l.subject == "019090000001" {
			relative = &l
		}
		if l.actor != citizen.ID || l.registry != "population" || l.purpose != "prefill" || l.draft != publicID {
			t.Errorf("lookup recorded as %+v, want citizen %d's prefill of population records for %s", l, citizen.ID, publicID)
		}
	}
	if relative == nil {
		t.Fatal("the relative's lookup was not recorded")
	}
	fillDraft(t, v, draft)
	res = v.Post(draft+"/nop", url.Values{"declaration": {"yes"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("submit: %d %s", res.Status, res.Text(".error-summary"))
	}
	code := strings.TrimSuffix(strings.TrimPrefix(res.Location, "/ho-so/"), "/da-nop")
	d, err := env.App.DossierStore.Dossier(ctx, code, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range registryLookups(t, env) {
		if l.draft == publicID && l.dossier != d.ID {
			t.Errorf("a lookup of the submitted draft is not tied to dossier %d: %+v", d.ID, l)
		}
	}

	// The clerk at the desk has the person in front of them: prefilled.
	clerk := env.Staff(t, account.RoleClerk, centreDucXuan)
	cc := env.Client(t)
	cc.Login(clerk)
	res = cc.Post(string(route.Apply(apptest.ProcCommune)), url.Values{"unit": {communeDucXuan}, "applicant_kind": {"citizen"},
		"applicant_name": {"Trần Thị Hoa"}, "applicant_personal_id": {"019192000002"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("desk start: %d %s", res.Status, res.Text(".error-summary"))
	}
	page := cc.Get(res.Location + "/trang/nguoi-khai")
	if v, _ := page.Doc.Find("#ngay_sinh").Attr("value"); v != "02/07/1992" {
		t.Errorf("the clerk's draft: birth date %q, want 02/07/1992 from the registry", v)
	}
	deskDraft := strings.TrimPrefix(res.Location, "/ho-so-nhap/")
	found := false
	for _, l := range registryLookups(t, env) {
		found = found || (l.actor == clerk.ID && l.subject == "019192000002" && l.draft == deskDraft)
	}
	if !found {
		t.Error("the clerk's lookup was not recorded")
	}
}
