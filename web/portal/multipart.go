package portal

import (
	"crypto/subtle"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/web/route"
)

// Limits of the text parts of a multipart form: an e-form page is small.
const (
	maxTextPart  = 64 << 10
	maxTextTotal = 1 << 20
	maxParts     = 2000
)

// errCSRF: the multipart form did not start with a valid CSRF token.
var errCSRF = echo.NewHTTPError(http.StatusForbidden, "csrf")

func IsMultipart(r *http.Request) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mt == "multipart/form-data"
}

// readMultipart reads a multipart form part by part, streaming each file
// to onFile as it arrives instead of buffering the body (Echo's and the
// standard library's form parsing would keep files up to 32 MB in memory
// and write the rest to temporary files before the handler runs). The
// CSRF middleware skips multipart requests, so this applies its rules
// (see fetchSite): the first part must be the CSRF token, and it must match
// the cookie unless the browser's Fetch Metadata shows the post comes from
// our own pages; nothing is read further otherwise. Text parts come back
// as url.Values. The whole body is capped at limit plus room for the text
// parts.
func readMultipart(c echo.Context, limit int64, onFile func(field, name string, body io.Reader) error) (url.Values, error) {
	req := c.Request()
	req.Body = http.MaxBytesReader(c.Response(), req.Body, limit+maxTextTotal)
	mr, err := req.MultipartReader()
	if err != nil {
		return nil, echo.ErrBadRequest.WithInternal(err)
	}
	sameOrigin, crossSite := fetchSite(req)
	if crossSite {
		return nil, errCSRF
	}
	want := ""
	if !sameOrigin {
		cookie, err := c.Cookie(route.CSRFCookieName)
		if err != nil || cookie.Value == "" {
			return nil, errCSRF
		}
		want = cookie.Value
	}
	values := url.Values{}
	total := 0
	for n := 0; ; n++ {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, malformed(err)
		}
		name := part.FormName()
		if !valid.CleanName(name) {
			return nil, valid.ErrBadText // the form refused whole, 400 by the error table
		}
		if n == 0 {
			tok, err := io.ReadAll(io.LimitReader(part, 256))
			if err != nil || name != route.CSRFFormField ||
				(!sameOrigin && subtle.ConstantTimeCompare(tok, []byte(want)) != 1) {
				return nil, errCSRF
			}
			continue
		}
		if n > maxParts {
			return nil, echo.NewHTTPError(http.StatusRequestEntityTooLarge)
		}
		if part.FileName() != "" {
			if !cleanFileName(part) {
				return nil, valid.ErrBadFileName
			}
			if err := onFile(name, part.FileName(), part); err != nil {
				return nil, tooLargeOr(err)
			}
			continue
		}
		if part.FileName() == "" && strings.Contains(part.Header.Get("Content-Disposition"), "filename=") {
			continue // an empty file input: nothing chosen
		}
		b, err := io.ReadAll(io.LimitReader(part, maxTextPart+1))
		if err != nil {
			return nil, malformed(err)
		}
		total += len(b)
		if len(b) > maxTextPart || total > maxTextTotal {
			return nil, echo.NewHTTPError(http.StatusRequestEntityTooLarge)
		}
		if !valid.CleanText(string(b)) {
			return nil, valid.ErrBadText
		}
		values.Add(name, string(b))
	}
	return values, nil
}

// fetchSite reads the request's Fetch Metadata as Echo's CSRF middleware
// does. A browser that sends Sec-Fetch-Site "same-origin" (or "none", typed
// by the user) posts from our own pages: the middleware lets such requests
// through without a token, and renders the pages it serves them with a
// placeholder token instead of a real one (and sets no cookie), so the
// token cannot be compared here either. "same-site" and requests without
// the header must show the token; "cross-site" (or any other value) is
// refused outright.
func fetchSite(r *http.Request) (sameOrigin, crossSite bool) {
	switch r.Header.Get(echo.HeaderSecFetchSite) {
	case "same-origin", "none":
		return true, false
	case "", "same-site":
		return false, false
	}
	return false, true
}

// cleanFileName reports whether the part's file name, as the client sent
// it (before FileName keeps only its last element), is one line of text.
func cleanFileName(part *multipart.Part) bool {
	_, params, err := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
	return err == nil && valid.CleanName(params["filename"])
}

// malformed is the answer to a body that cannot be read as a multipart
// form: too large (413), or cut short or badly formed by the client (400,
// not a server error).
func malformed(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return echo.NewHTTPError(http.StatusRequestEntityTooLarge).SetInternal(err)
	}
	return echo.ErrBadRequest.WithInternal(err)
}

// tooLargeOr is 413 when a file's handler failed because the body went
// past its cap, and the handler's own error otherwise.
func tooLargeOr(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return malformed(err)
	}
	return err
}
