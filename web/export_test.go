package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// AddTestRoute registers an extra public route, for tests that need a
// handler to fail in a particular way.
func (s *Server) AddTestRoute(path string, h echo.HandlerFunc) {
	s.echo.GET(path, h, authorize(Public))
}

// ClientAddress returns the client address the server decides for r, with
// the given TRUSTED_PROXIES.
func ClientAddress(trusted []string, r *http.Request) (string, error) {
	ipx, _, err := ipExtractor(trusted)
	if err != nil {
		return "", err
	}
	return ipx(r), nil
}
