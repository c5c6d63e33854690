package portal_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/web/route"
)

// TestLanguageLinkNeverChangesTheSavedLanguage: following a language link
// (a GET anyone can make a signed-in browser send) changes nothing stored
// in the account; saving the language takes a POST with the CSRF token,
// which is what the switch is for someone signed in: the buttons of a
// small form, working without JavaScript.
func TestLanguageLinkNeverChangesTheSavedLanguage(t *testing.T) {
	env := apptest.New(t)
	u := env.Users[account.RoleCitizen]
	saved := func() string { return env.Account(t, u.ID).Locale }
	c := env.Client(t)
	c.Login(u)
	if res := c.Get(string(route.Language("en", route.PathAccount))); res.Status != http.StatusSeeOther {
		t.Fatalf("language link: %d", res.Status)
	}
	if got := saved(); got != "vi" {
		t.Errorf("a GET changed the saved language to %q", got)
	}

	// Signed in, the switch is a form posting to the language route.
	res := c.Get(route.PathAccount)
	sw := res.Doc.Find(`.lang-switch form[method="post"][action="` + route.PathLanguage + `"]`)
	if sw.Length() != 1 || sw.Find(`button[type="submit"][name="lang"][value="en"]`).Length() != 1 ||
		sw.Find(`input[name="_csrf"]`).Length() != 1 || sw.Find(`input[name="next"][value="`+route.PathAccount+`"]`).Length() != 1 {
		t.Fatalf("no language form for a signed-in user: %q", res.Doc.Find(".lang-switch").Text())
	}
	if n := res.Doc.Find(".lang-switch a").Length(); n != 0 {
		t.Errorf("%d language links for a signed-in user", n)
	}

	// Without the token: refused, nothing saved.
	if res := c.Do(http.MethodPost, route.PathLanguage, url.Values{"lang": {"en"}, route.CSRFFormField: {"forged"}}); res.Status != http.StatusForbidden {
		t.Errorf("language POST without the CSRF token: %d, want 403", res.Status)
	}
	if got := saved(); got != "vi" {
		t.Errorf("a forged POST changed the saved language to %q", got)
	}
	// With it: saved, and back to the page.
	res = c.Post(route.PathLanguage, url.Values{"lang": {"en"}, "next": {route.PathAccount}})
	if res.Status != http.StatusSeeOther || res.Location != route.PathAccount {
		t.Fatalf("language POST: %d to %q", res.Status, res.Location)
	}
	if got := saved(); got != "en" {
		t.Errorf("saved language = %q, want en", got)
	}
	if res := c.Get(route.PathAccount); res.Text("h1") != "My account" {
		t.Errorf("after switching: h1 %q", res.Text("h1"))
	}
	if res := c.Post(route.PathLanguage, url.Values{"lang": {"xx"}}); res.Status != http.StatusBadRequest {
		t.Errorf("unknown language: %d", res.Status)
	}

	// Anonymous visitors keep the links (a cookie, nothing stored).
	if n := env.Client(t).Get(route.PathHome).Doc.Find(`.lang-switch a[hreflang="en"]`).Length(); n != 1 {
		t.Errorf("anonymous language links: %d", n)
	}
}
