package static

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"path"
	"regexp"
	"strings"
	"testing"
)

func mustNew(t *testing.T) *Assets {
	t.Helper()
	a, err := New()
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return a
}

func TestPathIsFingerprintedAndStable(t *testing.T) {
	a, b := mustNew(t), mustNew(t)
	want := regexp.MustCompile(`^/static/css/app\.[0-9a-f]{8}\.css$`)
	got := a.Path("css/app.css")
	if !want.MatchString(got) {
		t.Fatalf("Path(css/app.css) = %q, want match %s", got, want)
	}
	if again := b.Path("css/app.css"); again != got {
		t.Errorf("Path not stable across New: %q vs %q", got, again)
	}
	for _, alias := range []string{"/css/app.css", "/static/css/app.css", "static/css/app.css"} {
		if p := a.Path(alias); p != got {
			t.Errorf("Path(%q) = %q, want %q", alias, p, got)
		}
	}
	for _, name := range []string{"js/app.js", "img/favicon.svg"} {
		if p := a.Path(name); p == Prefix+name {
			t.Errorf("Path(%q) not fingerprinted: %q", name, p)
		}
	}
}

func TestPathUnknownIsUnfingerprinted(t *testing.T) {
	a := mustNew(t)
	if got := a.Path("css/nope.css"); got != "/static/css/nope.css" {
		t.Errorf("Path(unknown) = %q, want /static/css/nope.css", got)
	}
	var nilAssets *Assets
	if got := nilAssets.Path("js/app.js"); got != "/static/js/app.js" {
		t.Errorf("nil Assets Path = %q", got)
	}
}

func TestHandlerServesBytesAndHeaders(t *testing.T) {
	a := mustNew(t)
	h := a.Handler()
	cases := []struct {
		name, ctype string
	}{
		{"css/app.css", "text/css; charset=utf-8"},
		{"js/app.js", "text/javascript; charset=utf-8"},
		{"img/favicon.svg", "image/svg+xml"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want, err := files.ReadFile(c.name)
			if err != nil {
				t.Fatal(err)
			}
			// Full path, and the same path after http.StripPrefix("/static").
			for _, p := range []string{a.Path(c.name), strings.TrimPrefix(a.Path(c.name), "/static")} {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p, nil))
				res := rec.Result()
				if res.StatusCode != http.StatusOK {
					t.Fatalf("GET %s: status %d", p, res.StatusCode)
				}
				body, _ := io.ReadAll(res.Body)
				if !bytes.Equal(body, want) {
					t.Errorf("GET %s: body differs from embedded file", p)
				}
				checkHeader(t, res, "Content-Type", c.ctype)
				checkHeader(t, res, "Cache-Control", "public, max-age=31536000, immutable")
				checkHeader(t, res, "X-Content-Type-Options", "nosniff")
				checkHeader(t, res, "Content-Encoding", "")
			}
		})
	}
}

func TestHandlerGzip(t *testing.T) {
	a := mustNew(t)
	req := httptest.NewRequest(http.MethodGet, a.Path("css/app.css"), nil)
	req.Header.Set("Accept-Encoding", "br, gzip;q=0.8")
	rec := httptest.NewRecorder()
	a.Handler().ServeHTTP(rec, req)
	res := rec.Result()
	checkHeader(t, res, "Content-Encoding", "gzip")
	checkHeader(t, res, "Vary", "Accept-Encoding")
	zr, err := gzip.NewReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(zr)
	want, _ := files.ReadFile("css/app.css")
	if !bytes.Equal(got, want) {
		t.Error("gunzipped body differs from embedded file")
	}

	for header, want := range map[string]bool{"": false, "gzip": true, "gzip;q=0": false, "deflate, br": false, "GZIP ; q=0.5": true} {
		if got := acceptsGzip(header); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", header, got, want)
		}
	}
}

func TestHandlerHead(t *testing.T) {
	a := mustNew(t)
	rec := httptest.NewRecorder()
	a.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodHead, a.Path("js/app.js"), nil))
	if rec.Code != http.StatusOK || rec.Body.Len() != 0 {
		t.Errorf("HEAD: status %d, body %d bytes", rec.Code, rec.Body.Len())
	}
	if rec.Header().Get("Content-Length") == "" {
		t.Error("HEAD: missing Content-Length")
	}
}

func TestHandlerUnknownIs404(t *testing.T) {
	a := mustNew(t)
	h := a.Handler()
	for _, p := range []string{
		"/static/css/app.css",          // unfingerprinted
		"/static/css/app.00000000.css", // stale fingerprint
		"/static/nope.js",
		"/static/",
		"/static/../static.go",
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p, nil))
		if rec.Code != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", p, rec.Code)
		}
		if rec.Header().Get("Cache-Control") != "" {
			t.Errorf("GET %s: 404 must not be cached long: %q", p, rec.Header().Get("Cache-Control"))
		}
		checkHeader(t, rec.Result(), "X-Content-Type-Options", "nosniff")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, a.Path("css/app.css"), nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d, want 405", rec.Code)
	}
}

// TestBudget keeps the page weight honest: all CSS and JS together, each
// gzip-compressed as served, must stay under 30 KB.
func TestBudget(t *testing.T) {
	const budget = 30 * 1024
	a := mustNew(t)
	total, raw := 0, 0
	for _, name := range a.Names() {
		if ext := path.Ext(name); ext != ".css" && ext != ".js" {
			continue
		}
		b, err := files.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		gz, err := gzipBytes(b)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%-20s %6d bytes, %6d gzipped", name, len(b), len(gz))
		raw += len(b)
		total += len(gz)
	}
	t.Logf("CSS+JS total: %d bytes, %d bytes gzipped (budget %d)", raw, total, budget)
	if total > budget {
		t.Errorf("CSS+JS gzipped total %d bytes exceeds budget of %d", total, budget)
	}
}

func checkHeader(t *testing.T, res *http.Response, key, want string) {
	t.Helper()
	if got := res.Header.Get(key); got != want {
		t.Errorf("%s = %q, want %q", key, got, want)
	}
}
