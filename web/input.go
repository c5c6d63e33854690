package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/web/route"
)

// errBadNumber: a query parameter that is a whole number (a page, a
// filter code) is not one, or is too large for any page.
var errBadNumber = errors.New("web: a whole-number query parameter is not a whole number of at most 32 bits")

// wholeNumberParams are the query parameters every handler reads as whole
// numbers. Handlers parse them leniently (a missing or odd value is the
// first page, no filter); refusing here what is no number or past 32 bits
// keeps an overflowing page from reaching an OFFSET.
var wholeNumberParams = []string{route.QueryPage, route.QueryVersion, route.QueueStatus, route.QueueChannel, route.QueueWithin}

// cleanInput refuses, for every route, a path, query or urlencoded form
// that carries a NUL byte or bytes that are not UTF-8 (PostgreSQL refuses
// NUL in text, and no person types either), and a whole-number parameter
// that is not one: 400 with a message saying so (the error table of
// errors.go), never a 500. Multipart
// bodies that handlers stream (streamsUploads) are checked part by part
// as they are read (web/portal/multipart.go); other multipart bodies are
// read whole here, as their handlers would.
func cleanInput(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if !valid.CleanName(r.URL.Path) {
			return valid.ErrBadText
		}
		q, err := url.ParseQuery(r.URL.RawQuery)
		if err != nil || !cleanValues(q) {
			return valid.ErrBadText
		}
		for _, name := range wholeNumberParams {
			for _, v := range q[name] {
				if _, err := strconv.ParseInt(v, 10, 32); v != "" && err != nil {
					return errBadNumber
				}
			}
		}
		if (r.Method == http.MethodPost || r.Method == http.MethodPut || r.Method == http.MethodPatch) && !streamsUploads(c) {
			if _, err := c.FormParams(); err != nil {
				var he *echo.HTTPError
				if errors.As(err, &he) { // too large
					return he
				}
				return echo.NewHTTPError(http.StatusBadRequest).SetInternal(err)
			}
			if !cleanValues(r.PostForm) {
				return valid.ErrBadText
			}
		}
		return next(c)
	}
}

// cleanValues reports whether every name and value is clean text (names
// on one line).
func cleanValues(v url.Values) bool {
	for k, vs := range v {
		if !valid.CleanName(k) {
			return false
		}
		for _, s := range vs {
			if !valid.CleanText(s) {
				return false
			}
		}
	}
	return true
}
