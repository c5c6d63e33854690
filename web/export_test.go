package web

import (
	"net/http"
	"net/netip"

	"github.com/labstack/echo/v4"
)

// AddTestRoute registers an extra public route, for tests that need a
// handler to fail in a particular way.
func (s *Server) AddTestRoute(path string, h echo.HandlerFunc) {
	s.echo.GET(path, h, authorize(Public))
}

// ClientAddress returns the client address the server decides for r, with
// the given TRUSTED_PROXIES.
func ClientAddress(trusted []netip.Prefix, r *http.Request) string {
	return ipExtractor(trusted)(r)
}
