package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/web"
	"github.com/motcua/motcua/web/route"
)

// TestEveryRouteAgainstEveryRole calls every route in the table as an
// anonymous visitor and as each role, and checks the access rule holds:
// allowed callers get through, anonymous ones are sent to sign in, and
// signed-in ones without the role get 403.
func TestEveryRouteAgainstEveryRole(t *testing.T) {
	env := apptest.New(t)
	routes := env.Web.Routes()
	if len(routes) == 0 {
		t.Fatal("empty route table")
	}
	callers := append([]account.Role{""}, account.Roles...)
	for _, r := range routes {
		for _, role := range callers {
			name := r.Name + "/" + string(role)
			if role == "" {
				name = r.Name + "/anonymous"
			}
			t.Run(name, func(t *testing.T) {
				c := env.Client(t)
				c.SkipHTMLCheck = true // pages are validated by the page tests
				if role != "" {
					c.Login(env.Users[role])
				}
				path := strings.ReplaceAll(r.Path, ":id", "1")
				res := c.Do(r.Method, path, url.Values{})
				loginRedirect := res.Status == http.StatusSeeOther && strings.HasPrefix(res.Location, route.PathLogin+"?")
				allowed := r.Access.Allows(role)
				switch {
				case allowed && (res.Status == http.StatusUnauthorized || res.Status == http.StatusForbidden || loginRedirect):
					t.Errorf("%s %s as %q: status %d (to %q), want access", r.Method, r.Path, role, res.Status, res.Location)
				case !allowed && role == "" && r.Method == http.MethodGet && !loginRedirect:
					t.Errorf("%s %s anonymous: status %d (to %q), want 303 to login", r.Method, r.Path, res.Status, res.Location)
				case !allowed && role == "" && r.Method != http.MethodGet && res.Status != http.StatusUnauthorized:
					t.Errorf("%s %s anonymous: status %d, want 401", r.Method, r.Path, res.Status)
				case !allowed && role != "" && res.Status != http.StatusForbidden:
					t.Errorf("%s %s as %q: status %d, want 403", r.Method, r.Path, role, res.Status)
				}
				if res.Status >= 500 {
					t.Errorf("%s %s as %q: status %d", r.Method, r.Path, role, res.Status)
				}
				checkNotStored(t, r, role, res)
				if r.Method == http.MethodGet {
					// HEAD answers every GET route as its GET does, with no body.
					head := c.Do(http.MethodHead, path, nil)
					if head.Status != res.Status || head.Location != res.Location || len(head.Body) != 0 {
						t.Errorf("HEAD %s as %q: status %d (to %q, %d bytes), want the GET's %d (to %q) and no body",
							r.Path, role, head.Status, head.Location, len(head.Body), res.Status, res.Location)
					}
					checkNotStored(t, r, role, head)
				}
			})
		}
	}
}

// checkNotStored: every answer of a route that needs an account, and every
// page shown to someone signed in, tells caches not to store it (a shared
// computer's browser or a proxy would otherwise keep a person's dossier).
// Only a file that is the same for everyone may say it is public.
func checkNotStored(t *testing.T, r web.Route, role account.Role, res *apptest.Response) {
	t.Helper()
	if r.Access.Allows("") && role == "" {
		return
	}
	cc := res.Header.Get("Cache-Control")
	shared := r.Access.Allows("") && strings.HasPrefix(cc, "public") &&
		!strings.HasPrefix(res.Header.Get("Content-Type"), "text/html")
	if !strings.Contains(cc, "no-store") && !shared {
		t.Errorf("%s %s as %q: Cache-Control %q, want no-store", r.Method, r.Path, role, cc)
	}
}

func TestOpsEndpoints(t *testing.T) {
	env := apptest.New(t)
	c := env.Client(t)
	if res := c.Get(route.PathHealth); res.Status != http.StatusOK {
		t.Errorf("healthz: %d", res.Status)
	}
	if res := c.Get(route.PathReady); res.Status != http.StatusOK {
		t.Errorf("readyz: %d", res.Status)
	}
	c.Get(route.PathHome)
	res := c.Get(route.PathMetrics)
	body := string(res.Body)
	for _, want := range []string{
		`motcua_http_requests_total{method="GET",route="/",status="200"}`,
		`motcua_http_request_duration_seconds_bucket{method="GET",route="/",status="200"`,
		"go_sql_max_open_connections",
		"go_sql_in_use_connections",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s; got %.300s", want, body)
		}
	}
	// Readiness follows the database.
	if err := env.App.DB.Close(); err != nil {
		t.Fatal(err)
	}
	if res := c.Get(route.PathReady); res.Status != http.StatusServiceUnavailable {
		t.Errorf("readyz with the database closed: %d, want 503", res.Status)
	}
	if res := c.Get(route.PathHealth); res.Status != http.StatusOK {
		t.Errorf("healthz with the database closed: %d, want 200", res.Status)
	}
}

func TestSecurityHeaders(t *testing.T) {
	env := apptest.New(t)
	res := env.Client(t).Get(route.PathHome)
	h := res.Header
	csp := h.Get("Content-Security-Policy")
	for _, want := range []string{"script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP allows inline code: %q", csp)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" || h.Get("X-Request-Id") == "" {
		t.Errorf("headers: %v", h)
	}
	// No inline scripts or styles on the page, so the CSP costs nothing.
	if n := res.Doc.Find("script:not([src]), style, [style]").Length(); n != 0 {
		t.Errorf("%d inline scripts or styles", n)
	}
}

func TestErrorPages(t *testing.T) {
	env := apptest.New(t)
	c := env.Client(t)
	res := c.Get("/khong-ton-tai")
	if res.Status != http.StatusNotFound || res.Text("h1") != "Không tìm thấy trang" {
		t.Errorf("404: %d %q", res.Status, res.Text("h1"))
	}
	if res.Doc.Find("html[lang=vi]").Length() != 1 {
		t.Error("404 page is not in Vietnamese")
	}
	res = c.Do(http.MethodPut, route.PathHome, url.Values{})
	if res.Status != http.StatusMethodNotAllowed || res.Text("h1") != "Phương thức không được hỗ trợ" {
		t.Errorf("405: %d %q", res.Status, res.Text("h1"))
	}
	res = c.Get("/api/v1/khong-co")
	if res.Status != http.StatusNotFound || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Errorf("API 404: %d %s", res.Status, res.Header.Get("Content-Type"))
	}
	// A POST without the CSRF token is refused.
	res = c.Do(http.MethodPost, route.PathLogin, url.Values{route.CSRFFormField: {"forged"}, "login": {"x"}})
	if res.Status != http.StatusForbidden || res.Text("h1") != "Không có quyền truy cập" {
		t.Errorf("CSRF: %d %q", res.Status, res.Text("h1"))
	}
}

// TestCompression: pages and error pages of 1 KB or more go gzipped to
// clients that accept it, whole and readable; small answers and clients
// that do not accept gzip get plain bytes.
func TestCompression(t *testing.T) {
	env := apptest.New(t)
	get := func(path string, gz bool) (http.Header, int, []byte) {
		t.Helper()
		req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, env.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if gz {
			req.Header.Set("Accept-Encoding", "gzip")
		}
		res, err := http.DefaultTransport.RoundTrip(req) // no transparent decompression
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		return res.Header, res.StatusCode, b
	}
	for _, tc := range []struct {
		path   string
		status int
	}{{route.PathHome, http.StatusOK}, {"/khong-ton-tai", http.StatusNotFound}} {
		h, status, b := get(tc.path, true)
		if status != tc.status || h.Get("Content-Encoding") != "gzip" || !strings.Contains(h.Get("Vary"), "Accept-Encoding") {
			t.Fatalf("%s: %d %v", tc.path, status, h)
		}
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		page, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("%s: %v", tc.path, err)
		}
		if !bytes.Contains(page, []byte("</html>")) || len(page) <= len(b) {
			t.Errorf("%s: %d bytes gzipped to %d, ends %q", tc.path, len(page), len(b), page[max(0, len(page)-20):])
		}
		plain, _, pb := get(tc.path, false)
		// The same page (its request id and CSRF token differ, not their length).
		if plain.Get("Content-Encoding") != "" || len(pb) != len(page) || !bytes.Contains(pb, []byte("</html>")) {
			t.Errorf("%s without gzip: encoding %q, %d bytes, want the same %d-byte page plain", tc.path,
				plain.Get("Content-Encoding"), len(pb), len(page))
		}
	}
	if h, _, b := get(route.PathHealth, true); h.Get("Content-Encoding") != "" || string(b) != "ok\n" {
		t.Errorf("healthz: encoding %q body %q, want small answers plain", h.Get("Content-Encoding"), b)
	}
}

// TestCrossSiteFormsRefused: a form posted from another site is refused
// even with a valid token (a sibling subdomain could have planted the
// token's cookie); the browser's own same-origin posts, and clients that
// say nothing (no Sec-Fetch-Site, no Origin), go through.
func TestCrossSiteFormsRefused(t *testing.T) {
	env := apptest.New(t)
	for _, tc := range []struct {
		site, origin string
		want         int
	}{
		{"cross-site", "", http.StatusForbidden},
		{"same-site", "", http.StatusForbidden},
		{"", "https://evil.example", http.StatusForbidden},
		{"same-origin", "", http.StatusSeeOther},
		{"", "", http.StatusSeeOther},
	} {
		c := env.Client(t)
		c.Login(env.Users[account.RoleCitizen])
		c.Header = http.Header{}
		if tc.site != "" {
			c.Header.Set("Sec-Fetch-Site", tc.site)
		}
		if tc.origin != "" {
			c.Header.Set("Origin", tc.origin)
		}
		c.SkipHTMLCheck = true
		if res := c.Post(route.PathLogout, nil); res.Status != tc.want {
			t.Errorf("logout posted with Sec-Fetch-Site %q, Origin %q: %d, want %d", tc.site, tc.origin, res.Status, tc.want)
		}
	}
}
