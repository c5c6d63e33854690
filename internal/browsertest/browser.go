package browsertest

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// ActionTimeout bounds each action on a tab: a navigation with its load, a
// wait for an element, a click, one axe run. A journey of many actions may
// take as long as it needs (up to the test's own deadline); what is bounded
// is each step, so a slow machine slows a journey down without failing it,
// and a page that never answers still fails within this time.
//
// BROWSERTEST_ACTION_TIMEOUT (a Go duration) overrides it.
var ActionTimeout = actionTimeoutFromEnv(30 * time.Second)

func actionTimeoutFromEnv(def time.Duration) time.Duration {
	if v := os.Getenv("BROWSERTEST_ACTION_TIMEOUT"); v != "" {
		if d, err := time.ParseDuration(v); err == nil && d > 0 {
			return d
		}
	}
	return def
}

// Bound returns a context for one action on the tab ctx, bounded by
// ActionTimeout. Call cancel when the action is done.
func Bound(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, ActionTimeout)
}

// browser is the one Chromium of the test binary. It starts lazily on the
// first NewTab and stops in Main.
var browser struct {
	once    sync.Once
	main    bool // Main is running
	ctx     context.Context
	cancel  context.CancelFunc // cancels the browser context
	acancel context.CancelFunc // cancels the allocator
	dataDir string
	skip    string // reason to skip browser tests, if any
	err     error  // launch error
	started time.Duration
}

// Main is the body of a TestMain: it runs the tests, then stops the browser
// that they started (if any) and exits with the tests' status.
//
//	func TestMain(m *testing.M) { browsertest.Main(m) }
func Main(m *testing.M) {
	browser.main = true
	code := m.Run()
	shutdown()
	os.Exit(code)
}

// execPath returns the Chromium binary to run.
func execPath() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// launch starts the browser. It runs once per test binary.
func launch() {
	path := execPath()
	if _, err := os.Stat(path); err != nil {
		browser.skip = fmt.Sprintf("no Chromium at %s (set $CHROMIUM, or run scripts/browser-deps.sh)", path)
		return
	}
	dir, err := os.MkdirTemp("", "browsertest-profile-")
	if err != nil {
		browser.err = err
		return
	}
	browser.dataDir = dir

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		// Tabs on the same site (all of 127.0.0.1) share one renderer
		// process, so V8's compilation cache makes the second and later
		// injections of axe.min.js about twice as fast, and each tab costs
		// less memory.
		chromedp.Flag("process-per-site", true),
		chromedp.UserDataDir(dir),
	)
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	browser.ctx, browser.cancel, browser.acancel = bctx, bcancel, acancel

	// The first Run binds the browser's life to its context: no timeout here.
	start := time.Now()
	if err := chromedp.Do(bctx); err != nil {
		browser.err = fmt.Errorf("start %s: %w", path, err)
		return
	}
	browser.started = time.Since(start)
}

// shutdown stops the browser and removes its profile directory.
func shutdown() {
	if browser.cancel == nil {
		return
	}
	done := make(chan struct{})
	go func() {
		// Cancel closes the browser gracefully and waits for the process.
		_ = chromedp.Cancel(browser.ctx)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
	}
	browser.cancel()
	browser.acancel()
	if browser.dataDir != "" {
		_ = os.RemoveAll(browser.dataDir)
	}
}

// EnvRequire, when set (make test sets it), turns a missing browser into a
// test failure instead of a skip.
const EnvRequire = "MOTCUA_REQUIRE_BROWSER"

// NewTab opens a new tab in the shared browser and returns its context,
// which ends shortly before the test's deadline (if it has one); the tab
// closes when the test ends. The context bounds no single action: run each
// one with a context from Bound, as Page and CheckA11y do. NewTab skips the test when no
// Chromium is installed and fails it when the browser cannot start.
func NewTab(t testing.TB) context.Context {
	t.Helper()
	if !browser.main {
		t.Fatal("browsertest: call browsertest.Main(m) from TestMain")
	}
	first := false
	browser.once.Do(func() { first = true; launch() })
	switch {
	case browser.skip != "" && os.Getenv(EnvRequire) != "":
		// make test installs Chromium and sets EnvRequire: there, a missing
		// browser is a failure, never a silently skipped journey.
		t.Fatal("browsertest: " + browser.skip + " (" + EnvRequire + " is set)")
	case browser.skip != "":
		t.Skip("browsertest: " + browser.skip)
	case browser.err != nil:
		t.Fatalf("browsertest: %v", browser.err)
	case first:
		t.Logf("browsertest: Chromium started in %v", browser.started.Round(time.Millisecond))
	}

	// Each tab gets its own browser context (like an incognito window), so
	// journeys never share cookies.
	tab, closeTab := chromedp.NewContext(browser.ctx, chromedp.WithNewBrowserContext())
	// Open the tab with a context without a timeout: the timeout goes on the
	// derived context below, so it can never close the tab or the browser.
	if err := chromedp.Do(tab); err != nil {
		closeTab()
		t.Fatalf("browsertest: open tab: %v", err)
	}
	ctx, cancel := context.WithCancel(tab)
	if d, ok := t.(interface{ Deadline() (time.Time, bool) }); ok {
		if td, ok := d.Deadline(); ok {
			cancel()
			ctx, cancel = context.WithDeadline(tab, td.Add(-time.Second)) // leave time to report
		}
	}
	t.Cleanup(func() {
		cancel()
		closeTab()
	})
	return ctx
}
