package web_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/apptest"
)

// TestServerErrorsRevealNothing makes handlers fail with a database-looking
// error and a panic, and checks the page says only what a citizen needs.
func TestServerErrorsRevealNothing(t *testing.T) {
	env := apptest.New(t)
	s := env.Web
	s.AddTestRoute("/test/fail", func(echo.Context) error {
		return errors.New(`pq: relation "users" does not exist SELECT * FROM users`)
	})
	s.AddTestRoute("/test/panic", func(echo.Context) error { panic("boom at secret.go:42") })
	for _, path := range []string{"/test/fail", "/test/panic"} {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		body := rec.Body.String()
		if rec.Code != http.StatusInternalServerError {
			t.Errorf("%s: status %d", path, rec.Code)
		}
		for _, leak := range []string{"SELECT", "relation", "secret.go", "boom", "goroutine"} {
			if strings.Contains(body, leak) {
				t.Errorf("%s: page leaks %q", path, leak)
			}
		}
		if !strings.Contains(body, "Hệ thống đang gặp sự cố") {
			t.Errorf("%s: no Vietnamese error page", path)
		}
		if !strings.Contains(body, rec.Header().Get("X-Request-Id")) {
			t.Errorf("%s: page does not show the request id", path)
		}
	}
	if !strings.Contains(env.Logs(), "relation") {
		t.Error("the server error was not logged")
	}
}
