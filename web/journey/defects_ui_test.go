package journey

import (
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/emulation"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/web/route"
)

// The phone the layout journeys emulate: an iPhone SE / 8 sized screen.
const (
	phoneWidth  = 375
	phoneHeight = 667
	// phoneChrome is the most the header, the navigation and the
	// breadcrumb may take above the page's content on that phone: under a
	// quarter of the screen, the rest is the page.
	phoneChrome = 160
	menuToggle  = `.main-nav summary`
)

// onPhone makes the tab a 375 px wide phone screen.
func onPhone(t *testing.T, p *browsertest.Page) {
	t.Helper()
	if _, err := browsertest.Call(p, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: phoneWidth, Height: phoneHeight, DeviceScaleFactor: 2, Mobile: true}); err != nil {
		t.Fatal(err)
	}
}

// wantContentHigh checks that the page's content (the first thing in
// <main>) starts within phoneChrome pixels of the top of the page.
func wantContentHigh(t *testing.T, p *browsertest.Page) {
	t.Helper()
	top := evaluate[float64](t, p, `(() => { const m = document.querySelector('main');
		const first = m.firstElementChild || m;
		return first.getBoundingClientRect().top + window.scrollY - parseFloat(getComputedStyle(first).marginTop); })()`)
	if top > phoneChrome {
		t.Errorf("on a %d px phone, %s's content starts %.0f px down, want at most %d", phoneWidth, location(t, p).Path, top, phoneChrome)
	}
	if w := evaluate[float64](t, p, `document.documentElement.scrollWidth`); w > phoneWidth {
		t.Errorf("on a %d px phone, %s is %.0f px wide: it scrolls sideways", phoneWidth, location(t, p).Path, w)
	}
}

// wantOneCurrent checks that exactly one link on the page says it is the
// page (aria-current="page"), and that it links to want.
func wantOneCurrent(t *testing.T, p *browsertest.Page, want string) {
	t.Helper()
	hrefs := evaluate[[]string](t, p, `[...document.querySelectorAll('[aria-current="page"]')].map(a => a.getAttribute('href'))`)
	if len(hrefs) != 1 || hrefs[0] != want {
		t.Errorf(`on %s, aria-current="page" is on %q, want only on %s`, location(t, p).Path, hrefs, want)
	}
}

// TestPhoneShowsContentFirstAndTheWholeQueue: on a 375 px phone the header
// and the navigation (folded behind a "Menu" button, which opens with
// JavaScript off too) leave the content near the top, and a clerk's queue
// shows each dossier's status and deadlines on the screen, without
// scrolling sideways. One navigation link is the current page.
func TestPhoneShowsContentFirstAndTheWholeQueue(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	d := env.SubmitDossier(t, env.Users[account.RoleCitizen], apptest.ProcCommune, communeDucXuan)
	clerk := env.Staff(t, account.RoleClerk, centreDucXuan)

	p := browsertest.Open(t, env.URL+route.PathHome)
	onPhone(t, p)
	p.Reload()
	wantContentHigh(t, p)
	p.CheckA11y()

	// The menu opens from its button and leads on.
	if visible := evaluate[bool](t, p, `document.querySelector('.main-nav a[href="`+route.PathLookup+`"]').checkVisibility()`); visible {
		t.Error("on a phone the navigation is unfolded before the menu button is pressed")
	}
	p.Click(menuToggle)
	p.WaitVisible(navLookup)
	p.CheckA11y()
	p.ClickNav(navLookup)
	wantPath(t, p, route.PathLookup)
	wantOneCurrent(t, p, route.PathLookup)

	// The clerk's queue.
	p.Navigate(env.URL + route.PathLogin)
	p.Fill(route.LoginFormIdentity, apptest.LoginOf(clerk)).Fill(route.LoginFormPassword, apptest.Password).ClickNav(submitButton)
	p.Navigate(env.URL + route.PathQueue)
	wantText(t, p, "h1", "Hồ sơ cần xử lý")
	wantContentHigh(t, p)
	wantOneCurrent(t, p, route.PathQueue)
	p.CheckA11y()
	// The dossier's row: its status and both deadlines lie on the screen.
	row := fmt.Sprintf(`[...document.querySelectorAll('main table tbody tr')].find(r => r.textContent.includes(%q))`, d.Code)
	if !evaluate[bool](t, p, `!!`+row) {
		t.Fatalf("the queue has no row for %s", d.Code)
	}
	for _, col := range []string{"Trạng thái", "Hạn của bước", "Hạn trả kết quả"} {
		js := fmt.Sprintf(`(() => { const r = %s; const i = [...document.querySelectorAll('main table thead th')].findIndex(h => h.textContent.trim() === %q);
			if (i < 0) return "no column"; const c = r.children[i].getBoundingClientRect();
			return c.width > 0 && c.left >= 0 && c.right <= window.innerWidth ? "" : "from " + Math.round(c.left) + " to " + Math.round(c.right) + " px"; })()`, row, col)
		if got := evaluate[string](t, p, js); got != "" {
			t.Errorf("on a %d px phone the queue's %q cell of %s is off the screen: %s", phoneWidth, col, d.Code, got)
		}
	}

	// Without JavaScript the menu still opens.
	p.DisableScripts(true)
	p.Reload()
	p.Click(menuToggle)
	p.WaitVisible(`.main-nav a[href="` + route.PathLedger + `"]`)
	p.ClickNav(`.main-nav a[href="` + route.PathLedger + `"]`)
	wantPath(t, p, route.PathLedger)
	wantOneCurrent(t, p, route.PathLedger)
	p.CheckA11y()
}

// TestSignInWithoutNextLandsOnOnesWork: a citizen who signs in from the
// login page itself lands on "Hồ sơ của tôi", staff on their desk; an
// administrator's pages mark one link as the current page.
func TestSignInWithoutNextLandsOnOnesWork(t *testing.T) {
	env := apptest.New(t)
	for _, tc := range []struct {
		who        account.Role
		path, head string
	}{
		{account.RoleCitizen, route.PathMyDossiers, "Hồ sơ của tôi"},
		{account.RoleClerk, route.PathOffice, "Bàn làm việc"},
		{account.RoleAdmin, route.PathOffice, "Bàn làm việc"},
	} {
		u := env.Users[tc.who]
		p := browsertest.Open(t, env.URL+route.PathLogin)
		p.Fill(route.LoginFormIdentity, apptest.LoginOf(u)).Fill(route.LoginFormPassword, apptest.Password).ClickNav(submitButton)
		wantPath(t, p, tc.path)
		wantText(t, p, "h1", tc.head)
		wantText(t, p, flash, "Bạn đã đăng nhập.")
		wantOneCurrent(t, p, tc.path)
		p.CheckA11y()
		if tc.who == account.RoleAdmin {
			p.Navigate(env.URL + route.PathAdminUsers)
			wantOneCurrent(t, p, route.PathAdminUsers)
			p.CheckA11y()
		}
	}
}
