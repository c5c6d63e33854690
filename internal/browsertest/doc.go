// Package browsertest runs end-to-end tests in one headless Chromium per test
// binary. It is a helper for _test.go files only.
//
// Wire it up in the package under test:
//
//	func TestMain(m *testing.M) { browsertest.Main(m) }
//
//	func TestLogin(t *testing.T) {
//		p := browsertest.Open(t, srv.URL+"/login")
//		p.Fill("Email", "a@example.com").Click("button[type=submit]")
//		if got := p.Text("h1"); got != "Welcome" { t.Errorf(...) }
//		p.CheckA11y()
//	}
//
// The browser is /usr/bin/chromium, or the path in $CHROMIUM. It starts on the
// first call of [NewTab] (about 1-2 s), so a test binary whose selected tests
// need no browser does not pay for it, and it stops when [Main] returns. When
// no browser binary exists, [NewTab] skips the test and names the script that
// installs it (scripts/browser-deps.sh). Tabs of one site share a renderer
// process (--process-per-site), which makes repeated axe injections cheaper.
//
// [Page] drives forms as a user does: [Page.Fill] types into a text field,
// [Page.Select] chooses an option, [Page.Choose] clicks a radio button or
// checkbox, [Page.SetFiles] picks files for a file input, and [Page.ClickNav]
// submits and waits for the next page. [Page.Table] reads a table, found by
// its caption, as text cell by cell, and [Page.Reload] loads the current page
// again. [Page.DisableScripts] loads the
// following pages with JavaScript off, to check that they work without it.
// Each tab has its own cookies, so a second [Open] in the same test is
// another device.
//
// Every action is bounded by [ActionTimeout] (30 s, or
// $BROWSERTEST_ACTION_TIMEOUT), not the tab's whole life: a long journey on
// a busy machine goes on as long as each step answers. [Run] and [Call] run
// any other chromedp action or DevTools command with the same bound.
//
// [CheckA11y] runs axe-core (node_modules/axe-core/axe.min.js, installed by
// `npm ci` in the repository root) against the current page of a tab and
// reports every WCAG 2.0/2.1 level A and AA violation with t.Errorf. It injects
// axe through the DevTools protocol, which a page's Content-Security-Policy
// does not restrict, so it works on pages with `script-src 'self'`.
package browsertest
