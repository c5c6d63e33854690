package browsertest

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
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
	title, err := Run(p, chromedp.Title())
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
	if _, err := Run(p, chromedp.Evaluate[bool](`setTimeout(() => {
		const i = document.createElement('input');
		i.setAttribute('aria-label', 'Mã số');
		document.querySelector('main').append(i);
	}, 200); true`)); err != nil {
		t.Fatal(err)
	}
	p.Fill("Mã số", "42")
	v, err := Run(p, chromedp.Value(fieldSelector("Mã số")))
	if err != nil || v != "42" {
		t.Errorf("value = %q, %v", v, err)
	}
}

// formPage has every kind of control the helpers drive. Its script
// (formJS) marks the document and echoes the select's change events.
const formPage = `<!DOCTYPE html>
<html lang="vi">
<head><meta charset="utf-8"><title>Tờ khai</title>
<script src="/form.js" defer></script></head>
<body>
<main>
<h1>Tờ khai</h1>
<form method="post" action="/echo" enctype="multipart/form-data">
<label for="tinh">Tỉnh</label>
<select id="tinh" name="tinh">
<option value="">Chọn</option>
<option value="01">Thành phố Hà Nội</option>
<option value="19">Tỉnh Thái Nguyên</option>
</select>
<fieldset><legend>Giới tính</legend>
<input type="radio" id="gioi_tinh" name="gioi_tinh" value="nam"><label for="gioi_tinh">Nam</label>
<input type="radio" id="gioi_tinh-2" name="gioi_tinh" value="nu"><label for="gioi_tinh-2">Nữ</label>
</fieldset>
<input type="checkbox" id="cam_doan" name="cam_doan" value="yes"><label for="cam_doan">Tôi cam đoan</label>
<label for="tep">Tệp</label>
<input type="file" id="tep" name="tep" multiple>
<button type="submit">Gửi</button>
</form>
<p id="changed"></p>
</main>
</body>
</html>`

const formJS = `document.documentElement.dataset.js = 'on';
document.getElementById('tinh').addEventListener('change', e => {
	document.getElementById('changed').textContent = 'changed to ' + e.target.value;
});`

// echo answers a multipart post with what it received, one "name=value"
// line per field and "name=file:size" per file, sorted.
func echo(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var lines []string
	for k, vs := range r.MultipartForm.Value {
		for _, v := range vs {
			lines = append(lines, k+"="+v)
		}
	}
	for k, fs := range r.MultipartForm.File {
		for _, f := range fs {
			lines = append(lines, fmt.Sprintf("%s=%s:%d", k, f.Filename, f.Size))
		}
	}
	slices.Sort(lines)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Đã gửi</title></head><body><main><h1>Đã gửi</h1><pre id="got">%s</pre></main></body></html>`,
		html.EscapeString(strings.Join(lines, "\n")))
}

func formServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/form", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", strictCSP)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, formPage)
	})
	mux.HandleFunc("/form.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		fmt.Fprint(w, formJS)
	})
	mux.HandleFunc("/echo", echo)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// TestFormHelpers: Select, Choose, Checked, Value and SetFiles drive a
// form whose post the server echoes, with the page's script running and
// then with scripts disabled.
func TestFormHelpers(t *testing.T) {
	srv := formServer(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "giay-to.pdf")
	if err := os.WriteFile(file, []byte("%PDF-1.4\n%%EOF\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	p := Open(t, srv.URL+"/form")
	scripts := func() bool {
		on, err := Run(p, chromedp.Evaluate[bool](`document.documentElement.dataset.js === 'on'`))
		if err != nil {
			t.Fatal(err)
		}
		return on
	}
	if !scripts() {
		t.Fatal("the page's script did not run")
	}

	// By option text, through the label: the script sees the change.
	p.Select("Tỉnh", "Tỉnh Thái Nguyên")
	if got := p.Value("tinh"); got != "19" {
		t.Errorf("select by text: value %q, want 19", got)
	}
	if got := p.Text("#changed"); got != "changed to 19" {
		t.Errorf("change event: %q", got)
	}
	p.Select("tinh", "01") // by value
	if got := p.Value("tinh"); got != "01" {
		t.Errorf("select by value: %q, want 01", got)
	}
	p.Choose("gioi_tinh", "Nữ").Choose("cam_doan", "yes")
	if !p.Checked("gioi_tinh-2") || p.Checked("gioi_tinh") || !p.Checked("cam_doan") {
		t.Error("Choose did not check the right boxes")
	}
	p.Choose("gioi_tinh", "nam")
	if !p.Checked("gioi_tinh") || p.Checked("gioi_tinh-2") {
		t.Error("Choose by value did not move the radio button")
	}
	p.SetFiles("Tệp", file).ClickNav("button[type=submit]")
	want := "cam_doan=yes\ngioi_tinh=nam\ntep=giay-to.pdf:15\ntinh=01"
	if got := p.Text("#got"); got != want {
		t.Errorf("posted:\n%s\nwant:\n%s", got, want)
	}

	// Without scripts: the page's script does not run, the helpers still
	// work and the form still posts.
	p.DisableScripts(true).Navigate(srv.URL + "/form")
	if scripts() {
		t.Fatal("the page's script ran with scripts disabled")
	}
	// axe runs (it needs scripting for its promises) and leaves it off.
	p.CheckA11y()
	p.Navigate(srv.URL + "/form")
	if scripts() {
		t.Fatal("the page's script ran after CheckA11y without scripts")
	}
	p.Select("tinh", "Thành phố Hà Nội").Choose("gioi_tinh", "Nữ").SetFiles("tep", file).ClickNav("button[type=submit]")
	if got, want := p.Text("#got"), "gioi_tinh=nu\ntep=giay-to.pdf:15\ntinh=01"; got != want {
		t.Errorf("posted without scripts:\n%s\nwant:\n%s", got, want)
	}
	p.DisableScripts(false).Navigate(srv.URL + "/form")
	if !scripts() {
		t.Error("scripts still off after DisableScripts(false)")
	}
}

// tablePage has two tables: Table finds each by its caption (one of them
// visually hidden) and reads its cells; a counter shows reloads.
const tablePage = `<!DOCTYPE html>
<html lang="vi">
<head><meta charset="utf-8"><title>Bảng</title>
<style>.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }</style></head>
<body>
<main>
<h1>Bảng</h1>
<p id="visit">%d</p>
<table>
<caption>Các bước</caption>
<thead><tr><th scope="col">Chọn</th><th scope="col">Bước</th><th scope="col">Xong   lúc</th></tr></thead>
<tbody>
<tr><td><input type="checkbox" aria-label="Chọn Tiếp nhận"></td><th scope="row">Tiếp nhận</th><td>08:30 01/12/2026</td></tr>
<tr><td>Tiếp nhận</td><th scope="row">Thẩm
 định</th><td><span class="visually-hidden">Chưa</span></td></tr>
</tbody>
</table>
<table>
<caption class="visually-hidden">Tạm dừng</caption>
<thead><tr><th scope="col">Lý do</th><th scope="col">Hạn sau</th></tr></thead>
<tbody><tr><td>Bổ sung</td><td>10:00 07/12/2026</td></tr></tbody>
</table>
</main>
</body>
</html>`

// TestTableAndReload: Table reads a table by its caption, hidden or not,
// as rows of normalized cell text; Reload loads the page again.
func TestTableAndReload(t *testing.T) {
	var mu sync.Mutex
	visits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" { // the browser asks for /favicon.ico too
			http.NotFound(w, r)
			return
		}
		mu.Lock()
		visits++
		n := visits
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, tablePage, n)
	}))
	t.Cleanup(srv.Close)
	p := Open(t, srv.URL)
	p.CheckA11y()

	steps := p.Table("Các bước")
	if want := []string{"Chọn", "Bước", "Xong lúc"}; !slices.Equal(steps.Head, want) {
		t.Errorf("head = %q, want %q", steps.Head, want)
	}
	if len(steps.Rows) != 2 {
		t.Fatalf("rows = %q, want 2", steps.Rows)
	}
	// A row is found by its header cell (th), not by its first cell.
	if got, ok := steps.Cell("Tiếp nhận", "Xong lúc"); !ok || got != "08:30 01/12/2026" {
		t.Errorf("cell = %q, %v", got, ok)
	}
	if want := []string{"", "Tiếp nhận", "08:30 01/12/2026"}; !slices.Equal(steps.Rows[0], want) {
		t.Errorf("first row = %q, want %q", steps.Rows[0], want)
	}
	if got, ok := steps.Cell("Thẩm định", "Xong lúc"); !ok || got != "Chưa" {
		t.Errorf("hidden text in a cell = %q, %v, want Chưa", got, ok)
	}
	if _, ok := steps.Cell("Phê duyệt", "Xong lúc"); ok {
		t.Error("a missing row gives a cell")
	}
	if _, ok := steps.Cell("Tiếp nhận", "Hạn"); ok {
		t.Error("a missing column gives a cell")
	}
	if steps.Col("Bước") != 1 || steps.Col("Hạn") != -1 {
		t.Errorf("Col: %d, %d", steps.Col("Bước"), steps.Col("Hạn"))
	}
	// Without a th, a row's first cell is its header.
	if got, ok := p.Table("Tạm dừng").Cell("Bổ sung", "Hạn sau"); !ok || got != "10:00 07/12/2026" {
		t.Errorf("table with a hidden caption: %q, %v", got, ok)
	}

	if got := p.Text("#visit"); got != "1" {
		t.Fatalf("first visit = %q", got)
	}
	if got := p.Reload().Text("#visit"); got != "2" {
		t.Errorf("after Reload, visit = %q, want 2", got)
	}
}

// TestEachActionIsBoundedNotTheTab: a journey of many actions may last
// longer than one action's bound (a busy machine slows every step down),
// while a single action that takes longer than the bound fails.
func TestEachActionIsBoundedNotTheTab(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		d, _ := time.ParseDuration(r.URL.Query().Get("d"))
		time.Sleep(d)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Chậm</title></head>`+
			`<body><main><h1>Chậm</h1></main></body></html>`)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	defer func(d time.Duration) { ActionTimeout = d }(ActionTimeout)
	ActionTimeout = 3 * time.Second
	p := Open(t, srv.URL+"/slow?d=0s")
	start := time.Now()
	for range 10 {
		p.Navigate(srv.URL + "/slow?d=500ms")
	}
	if took := time.Since(start); took <= ActionTimeout {
		t.Fatalf("the journey took %v, not more than one action's bound %v: the test proves nothing", took, ActionTimeout)
	}
	// One action longer than the bound fails with the deadline.
	_, err := Run(p, chromedp.Navigate(srv.URL+"/slow?d=10s"))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a 10 s navigation under a 3 s bound: err = %v, want context.DeadlineExceeded", err)
	}
	// The tab is still usable after an action ran out of time.
	if got := p.Navigate(srv.URL + "/slow?d=0s").Text("h1"); got != "Chậm" {
		t.Errorf("h1 after the timed-out action = %q", got)
	}
}
