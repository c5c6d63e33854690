package web

import "github.com/labstack/echo/v4"

// AddTestRoute registers an extra public route, for tests that need a
// handler to fail in a particular way.
func (s *Server) AddTestRoute(path string, h echo.HandlerFunc) {
	s.echo.GET(path, h, authorize(Public))
}
