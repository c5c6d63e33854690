package webctx

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestLanguageBack(t *testing.T) {
	for _, tc := range []struct {
		method, target, referer, want string
	}{
		{http.MethodGet, "/thu-tuc?q=giay+phep", "", "/thu-tuc?q=giay+phep"},
		{http.MethodHead, "/tra-cuu-ho-so", "", "/tra-cuu-ho-so"},
		// A form answered with its errors: back to the page the form was on.
		{http.MethodPost, "/thu-tuc/1.001612/nop-ho-so/trang/2", "http://example.vn/thu-tuc/1.001612/nop-ho-so/trang/2?x=1", "/thu-tuc/1.001612/nop-ho-so/trang/2?x=1"},
		// Another site's page, or no referer: no way back, the switch leads home.
		{http.MethodPost, "/dang-nhap", "http://evil.example/dang-nhap", ""},
		{http.MethodPost, "/dang-nhap", "", ""},
	} {
		req := httptest.NewRequest(tc.method, "http://example.vn"+tc.target, nil)
		if tc.referer != "" {
			req.Header.Set("Referer", tc.referer)
		}
		if got := languageBack(req); got != tc.want {
			t.Errorf("%s %s (Referer %q): back = %q, want %q", tc.method, tc.target, tc.referer, got, tc.want)
		}
	}
}
