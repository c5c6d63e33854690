package portal

import (
	"bytes"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/web/route"
)

// csrfPlaceholder is what Echo's CSRF middleware renders as the token for
// a browser that sends Fetch Metadata (middleware.CSRFUsingSecFetchSite).
const csrfPlaceholder = "_echo_csrf_using_sec_fetch_site_"

// multipartPost builds a page post as a browser sends it: the CSRF token
// first, a text field, then a file.
func multipartPost(t *testing.T, token string, header map[string]string, cookie string) echo.Context {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, f := range [][2]string{{route.CSRFFormField, token}, {"ho_ten", "Trần Thị Hoa"}} {
		if err := mw.WriteField(f[0], f[1]); err != nil {
			t.Fatal(err)
		}
	}
	w, err := mw.CreateFormFile("tep", "giay-to.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte("%PDF-1.4\n")); err != nil {
		t.Fatal(err)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/ho-so-nhap/x/trang/giay-to", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for k, v := range header {
		req.Header.Set(k, v)
	}
	if cookie != "" {
		req.AddCookie(&http.Cookie{Name: route.CSRFCookieName, Value: cookie})
	}
	return echo.New().NewContext(req, httptest.NewRecorder())
}

// TestReadMultipartCSRF: the token check of streamed page posts follows
// the CSRF middleware. Browsers that send Sec-Fetch-Site get a placeholder
// token and no cookie, and must be able to upload; other sites never can;
// clients without Fetch Metadata must show the cookie's token.
func TestReadMultipartCSRF(t *testing.T) {
	const cookieToken = "c5b1a0f7e2d94c3b8a6f1e0d9c8b7a65"
	for _, tc := range []struct {
		name   string
		token  string
		header map[string]string
		cookie string
		ok     bool
	}{
		{"browser, same origin", csrfPlaceholder, map[string]string{"Sec-Fetch-Site": "same-origin"}, "", true},
		{"browser, typed in", csrfPlaceholder, map[string]string{"Sec-Fetch-Site": "none"}, "", true},
		{"browser, another site", cookieToken, map[string]string{"Sec-Fetch-Site": "cross-site"}, cookieToken, false},
		{"browser, unknown fetch site", cookieToken, map[string]string{"Sec-Fetch-Site": "elsewhere"}, cookieToken, false},
		{"browser, same site with the token", cookieToken, map[string]string{"Sec-Fetch-Site": "same-site"}, cookieToken, true},
		{"browser, same site with the placeholder", csrfPlaceholder, map[string]string{"Sec-Fetch-Site": "same-site"}, cookieToken, false},
		{"no fetch metadata, token", cookieToken, nil, cookieToken, true},
		{"no fetch metadata, wrong token", "forged", nil, cookieToken, false},
		{"no fetch metadata, placeholder", csrfPlaceholder, nil, cookieToken, false},
		{"no fetch metadata, no cookie", cookieToken, nil, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := multipartPost(t, tc.token, tc.header, tc.cookie)
			var files []string
			values, err := readMultipart(c, 1<<20, func(field, name string, body io.Reader) error {
				_, err := io.Copy(io.Discard, body)
				files = append(files, field+"="+name)
				return err
			})
			if !tc.ok {
				if !errors.Is(err, errCSRF) || len(files) != 0 {
					t.Errorf("err = %v, files %v; want the CSRF refusal before any file", err, files)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if values.Get("ho_ten") != "Trần Thị Hoa" || len(files) != 1 || files[0] != "tep=giay-to.pdf" {
				t.Errorf("values %v, files %v", values, files)
			}
		})
	}
}
