package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/motcua/motcua/web"
)

// TestClientAddressTrustsOnlyListedProxies: X-Forwarded-For counts only
// when it comes from a balancer in TRUSTED_PROXIES, and only the part
// that balancer (and other listed ones) added; another private or
// loopback peer is a client like any, whatever header it writes.
func TestClientAddressTrustsOnlyListedProxies(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.5/32")}
	for _, tc := range []struct{ peer, xff, trusted, want string }{
		{"203.0.113.9:4000", "", "", "203.0.113.9"},
		{"127.0.0.1:4000", "198.51.100.1", "", "127.0.0.1"},
		{"10.0.0.5:4000", "198.51.100.1", "yes", "198.51.100.1"},
		{"10.0.0.5:4000", "127.0.0.1, 198.51.100.1", "yes", "198.51.100.1"},
		{"10.0.0.5:4000", "198.51.100.1, 10.9.9.9", "yes", "10.9.9.9"},
		{"127.0.0.1:4000", "198.51.100.1", "yes", "127.0.0.1"},
		{"192.168.1.20:4000", "127.0.0.1", "yes", "192.168.1.20"},
		{"[::1]:4000", "198.51.100.1", "yes", "::1"},
	} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = tc.peer
		if tc.xff != "" {
			r.Header.Set("X-Forwarded-For", tc.xff)
		}
		var proxies []netip.Prefix
		if tc.trusted != "" {
			proxies = trusted
		}
		if got := web.ClientAddress(proxies, r); got != tc.want {
			t.Errorf("peer %s, X-Forwarded-For %q, proxies %v: client %s, want %s", tc.peer, tc.xff, proxies, got, tc.want)
		}
	}
}
