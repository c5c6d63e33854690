package browsertest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

func TestMain(m *testing.M) { Main(m) }

// strictCSP forbids inline scripts: only scripts from the page's origin run.
const strictCSP = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'"

const goodPage = `<!DOCTYPE html>
<html lang="vi">
<head><meta charset="utf-8"><title>Đăng ký</title>
<script src="/app.js" defer></script></head>
<body>
<main>
<h1>Đăng ký</h1>
<script>document.title = 'inline script ran';</script>
<form id="f">
<label for="name">Họ tên</label>
<input id="name" name="name" type="text" autocomplete="name">
<button id="go" type="button">Gửi</button>
</form>
<p id="out" hidden></p>
</main>
</body>
</html>`

// appJS is an external same-origin script, allowed by the CSP.
const appJS = `document.getElementById('go').addEventListener('click', () => {
	const out = document.getElementById('out');
	out.textContent = 'Xin chào, ' + document.getElementById('name').value;
	out.hidden = false;
});`

const badPage = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Bad</title></head>
<body>
<main>
<h1>Bad</h1>
<img src="/pixel.png">
<input id="q" type="text">
</main>
</body>
</html>`

func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Security-Policy", strictCSP)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		}
	}
	mux.HandleFunc("/good", page(goodPage))
	mux.HandleFunc("/bad", page(badPage))
	mux.HandleFunc("/app.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		fmt.Fprint(w, appJS)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// fakeTB records errors instead of failing the test; everything else goes to
// the real test.
type fakeTB struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (f *fakeTB) Helper() {}

func (f *fakeTB) Errorf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errs = append(f.errs, fmt.Sprintf(format, args...))
}

func (f *fakeTB) Error(args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errs = append(f.errs, fmt.Sprint(args...))
}

func TestAccessiblePageUnderStrictCSP(t *testing.T) {
	srv := newServer(t)
	p := Open(t, srv.URL+"/good")

	// The CSP is in force: the inline script did not run.
	title, err := chromedp.Run(p.Ctx(), chromedp.Title())
	if err != nil {
		t.Fatal(err)
	}
	if title != "Đăng ký" {
		t.Fatalf("title = %q: the inline script ran, so the CSP is not in force", title)
	}

	start := time.Now()
	p.CheckA11y()
	t.Logf("axe (inject + run) took %v", time.Since(start).Round(time.Millisecond))
	start = time.Now()
	p.CheckA11y() // axe is already in the document
	t.Logf("axe (run only) took %v", time.Since(start).Round(time.Millisecond))

	// The helpers drive the page; the same-origin script runs.
	got := p.Fill("Họ tên", "Lan").Click("#go").Text("#out")
	if got != "Xin chào, Lan" {
		t.Errorf("output = %q, want %q", got, "Xin chào, Lan")
	}
	if got := p.Fill("name", "Minh").Click("#go").Text("#out"); got != "Xin chào, Minh" {
		t.Errorf("output after refill = %q", got)
	}
}

func TestViolationsAreReported(t *testing.T) {
	srv := newServer(t)
	ctx := NewTab(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/bad")); err != nil {
		t.Fatal(err)
	}
	f := &fakeTB{TB: t}
	start := time.Now()
	CheckA11y(f, ctx)
	t.Logf("axe (inject + run) took %v", time.Since(start).Round(time.Millisecond))

	all := strings.Join(f.errs, "\n")
	for _, want := range []string{"image-alt", "[critical]", "img", "label", "#q", srv.URL + "/bad"} {
		if !strings.Contains(all, want) {
			t.Errorf("report lacks %q; got:\n%s", want, all)
		}
	}
	if len(f.errs) != 2 {
		t.Errorf("got %d violations, want 2 (image-alt, label):\n%s", len(f.errs), all)
	}
	t.Logf("reported:\n%s", all)
}

func TestFieldSelectorWaits(t *testing.T) {
	srv := newServer(t)
	p := Open(t, srv.URL+"/good")
	// A field that appears later is found once it exists.
	if _, err := chromedp.Run(p.Ctx(), chromedp.Evaluate[bool](`setTimeout(() => {
		const i = document.createElement('input');
		i.setAttribute('aria-label', 'Mã số');
		document.querySelector('main').append(i);
	}, 200); true`)); err != nil {
		t.Fatal(err)
	}
	p.Fill("Mã số", "42")
	v, err := chromedp.Run(p.Ctx(), chromedp.Value(fieldSelector("Mã số")))
	if err != nil || v != "42" {
		t.Errorf("value = %q, %v", v, err)
	}
}
