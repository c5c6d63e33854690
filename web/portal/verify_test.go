package portal_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/internal/document"
	"github.com/motcua/motcua/web/portal"
	"github.com/motcua/motcua/web/route"
)

// verifyEnv starts the application with a result issued on Monday
// 30/11/2026 to the seeded citizen.
func verifyEnv(t *testing.T, opts ...apptest.Option) (*apptest.Env, document.Issued) {
	t.Helper()
	env := apptest.New(t, opts...)
	env.OpenProcedures(t)
	env.Clock.Set(time.Date(2026, 11, 30, 8, 0, 0, 0, calendar.Location()))
	res, _ := env.IssueResult(t, env.Users[account.RoleCitizen])
	return env, res
}

// facts reads the result's summary list as key: value lines.
func facts(res *apptest.Response) map[string]string {
	out := map[string]string{}
	keys := res.Doc.Find(".verify-result dt")
	vals := res.Doc.Find(".verify-result dd")
	for i := range keys.Length() {
		out[strings.TrimSpace(keys.Eq(i).Text())] = strings.TrimSpace(vals.Eq(i).Text())
	}
	return out
}

// noHolder fails when a page or answer shows anything of the holder or
// of the dossier beyond its procedure.
func noHolder(t *testing.T, env *apptest.Env, r document.Issued, body []byte) {
	t.Helper()
	u := env.Users[account.RoleCitizen]
	d, err := env.App.Dossiers.PublicFacts(context.Background(), r.DossierID)
	if err != nil {
		t.Fatal(err)
	}
	code, err := env.App.Dossiers.CodeOf(context.Background(), r.DossierID)
	if err != nil {
		t.Fatal(err)
	}
	for _, pii := range []string{u.FullName, u.PersonalID, u.Email, u.Phone, "0987000123", code} {
		if bytes.Contains(body, []byte(pii)) {
			t.Errorf("the answer shows %q (dossier of %s)", pii, d.ProcedureName)
		}
	}
	if bytes.Contains(body, []byte("verify.")) {
		t.Error("the answer shows an untranslated verify.* key")
	}
}

func TestVerifyByCode(t *testing.T) {
	env, r := verifyEnv(t)
	ctx := context.Background()
	unit, err := env.App.Units.Get(ctx, r.UnitID)
	if err != nil {
		t.Fatal(err)
	}
	c := env.Client(t)

	res := c.Get(route.PathVerify)
	if res.Status != http.StatusOK || res.Doc.Find("form[method=get] #ma").Length() != 1 ||
		res.Doc.Find(`form[method=post][enctype="multipart/form-data"] input[type=file]#tep`).Length() != 1 ||
		res.Doc.Find(".verify-result").Length() != 0 {
		t.Fatalf("verification page: %d", res.Status)
	}
	if cur, _ := res.Doc.Find(`.main-nav a[href="/xac-thuc"]`).Attr("aria-current"); cur != "page" {
		t.Errorf("the nav entry is not current: %q", cur)
	}

	// Typed as people type it: lower case, no dashes, spaces around.
	typed := " " + strings.ToLower(strings.ReplaceAll(r.VerifyCode, "-", "")) + " "
	res = c.Get(route.PathVerify + "?ma=" + url.QueryEscape(typed))
	if res.Status != http.StatusSeeOther || res.Location != string(route.VerifyCode(r.VerifyCode)) {
		t.Fatalf("code form: %d to %q", res.Status, res.Location)
	}
	res = c.Get(res.Location)
	if res.Status != http.StatusOK || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("result page: %d, cache %q", res.Status, res.Header.Get("Cache-Control"))
	}
	if got := res.Text(".verify-result .alert-success h2"); got != "Văn bản hợp lệ" {
		t.Errorf("panel: %q", got)
	}
	want := map[string]string{"Tên văn bản": r.Title, "Số văn bản": "1/KQ", "Thủ tục hành chính": "Xác nhận thông tin thử nghiệm",
		"Cơ quan cấp": unit.Name, "Ngày cấp": "30/11/2026", "Mã xác thực": r.VerifyCode}
	got := facts(res)
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if _, ok := got["Mã băm SHA-256 của tệp"]; ok {
		t.Error("a code check shows a file hash")
	}
	if v, _ := res.Doc.Find("#ma").Attr("value"); v != r.VerifyCode {
		t.Errorf("code field = %q", v)
	}
	noHolder(t, env, r, res.Body)

	// The address printed under the QR code works as typed too.
	if res := c.Get("/xac-thuc/" + strings.ToLower(r.VerifyCode)); res.Status != http.StatusOK || res.Text(".alert-success h2") != "Văn bản hợp lệ" {
		t.Errorf("lower-case address: %d", res.Status)
	}

	// Unknown: a neutral message beside the field, what was typed kept.
	res = c.Get(route.PathVerify + "?ma=" + url.QueryEscape("aaaa bbbb cccc"))
	if res.Status != http.StatusNotFound || !strings.Contains(res.Text("#ma-error"), "Không tìm thấy văn bản") ||
		res.Doc.Find(".error-summary a[href='#ma']").Length() != 1 {
		t.Errorf("unknown code: %d %q", res.Status, res.Text("#ma-error"))
	}
	if v, _ := res.Doc.Find("#ma").Attr("value"); v != "aaaa bbbb cccc" {
		t.Errorf("unknown code not kept: %q", v)
	}
	if !strings.HasPrefix(res.Text("title"), "Lỗi:") {
		t.Errorf("title without the error prefix: %q", res.Text("title"))
	}
	if res := c.Get(string(route.VerifyCode("AAAA-BBBB-CCCC"))); res.Status != http.StatusNotFound ||
		!strings.Contains(res.Text("#ma-error"), "Không tìm thấy văn bản") {
		t.Errorf("unknown code's address: %d", res.Status)
	}
	// Malformed and empty codes have their own messages.
	for typed, msg := range map[string]string{"K7QX-M2RD": "gồm 12 chữ cái và chữ số", "ĐĐĐĐ-0000-1111": "gồm 12 chữ cái và chữ số",
		"": "Nhập mã xác thực"} {
		res := c.Get(route.PathVerify + "?ma=" + url.QueryEscape(typed))
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text("#ma-error"), msg) {
			t.Errorf("%q: %d %q", typed, res.Status, res.Text("#ma-error"))
		}
		if v, _ := res.Doc.Find("#ma").Attr("value"); v != typed {
			t.Errorf("%q not kept: %q", typed, v)
		}
	}
	if res := c.Get("/xac-thuc/khong-phai-ma"); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("malformed address: %d", res.Status)
	}

	// In English.
	c.Get(string(route.Language("en", "/")))
	res = c.Get(string(route.VerifyCode(r.VerifyCode)))
	if got := res.Text(".alert-success h2"); got != "Valid document" || facts(res)["Date of issue"] != "30/11/2026" {
		t.Errorf("English: %q %v", got, facts(res))
	}
}

func TestVerifyRevokedAndReplaced(t *testing.T) {
	env, r := verifyEnv(t)
	ctx := context.Background()
	c := env.Client(t)
	leader := env.Staff(t, account.RoleLeader, "001.00.50.H19")

	// Replaced: the page says so and links to the replacement's page.
	env.Clock.Set(time.Date(2026, 12, 2, 9, 0, 0, 0, calendar.Location()))
	r2 := env.ReissueResult(t, r)
	res := c.Get(string(route.VerifyCode(r.VerifyCode)))
	if res.Status != http.StatusOK || res.Text(".verify-result .alert-warning h2") != "Văn bản đã được thay thế" {
		t.Fatalf("replaced: %d %q", res.Status, res.Text(".verify-result"))
	}
	if p := res.Text(".verify-result .alert"); !strings.Contains(p, "số 2/KQ, cấp ngày 02/12/2026") {
		t.Errorf("replacement not named: %q", p)
	}
	if href, _ := res.Doc.Find(".verify-result .alert a").Attr("href"); href != string(route.VerifyCode(r2.VerifyCode)) {
		t.Errorf("replacement link %q", href)
	}
	if res := c.Get(string(route.VerifyCode(r2.VerifyCode))); res.Text(".alert-success h2") != "Văn bản hợp lệ" ||
		facts(res)["Số văn bản"] != "2/KQ" {
		t.Errorf("the replacement: %q %v", res.Text(".verify-result"), facts(res))
	}

	// Revoked: red, with the date and the reason.
	env.Clock.Set(time.Date(2026, 12, 3, 9, 0, 0, 0, calendar.Location()))
	if _, err := env.App.Documents.Revoke(ctx, leader.ID, r2.PublicID, "Cấp nhầm nội dung"); err != nil {
		t.Fatal(err)
	}
	res = c.Get(string(route.VerifyCode(r2.VerifyCode)))
	if res.Status != http.StatusOK || res.Text(".verify-result .alert-error h2") != "Văn bản đã bị thu hồi" {
		t.Fatalf("revoked: %d %q", res.Status, res.Text(".verify-result"))
	}
	panel := res.Text(".verify-result .alert")
	for _, want := range []string{"thu hồi ngày 03/12/2026", "Lý do: Cấp nhầm nội dung"} {
		if !strings.Contains(panel, want) {
			t.Errorf("revoked panel lacks %q: %q", want, panel)
		}
	}
	if res.Doc.Find(".alert-success").Length() != 0 {
		t.Error("a revoked document shows the valid panel")
	}
	noHolder(t, env, r2, res.Body)
}

// upload posts a file to the verification form.
func upload(c *apptest.Client, name string, data []byte) *apptest.Response {
	return c.PostMultipart(route.PathVerify, nil, apptest.Upload{Field: route.FormVerifyFile, Name: name, Data: data})
}

func TestVerifyByFile(t *testing.T) {
	env, r := verifyEnv(t)
	c := env.Client(t)
	pdf := env.DocumentBytes(t, r)

	res := upload(c, "ket-qua.pdf", pdf)
	if res.Status != http.StatusOK || res.Text(".alert-success h2") != "Văn bản hợp lệ" {
		t.Fatalf("the issued file: %d %q %q", res.Status, res.Text(".verify-result"), res.Text(".error-summary"))
	}
	f := facts(res)
	if f["Mã băm SHA-256 của tệp"] != r.Hash() || f["Mã xác thực"] != r.VerifyCode || f["Số văn bản"] != "1/KQ" {
		t.Errorf("file facts: %v", f)
	}
	noHolder(t, env, r, res.Body)

	// One byte changed: nothing matches.
	changed := bytes.Clone(pdf)
	changed[len(changed)/2] ^= 1
	res = upload(c, "ket-qua.pdf", changed)
	if res.Status != http.StatusNotFound || !strings.Contains(res.Text("#tep-error"), "Không tìm thấy văn bản") ||
		res.Doc.Find(".verify-result").Length() != 0 {
		t.Errorf("changed file: %d %q", res.Status, res.Text("#tep-error"))
	}
	if v, _ := res.Doc.Find("#tep").Attr("aria-invalid"); v != "true" {
		t.Error("the file field is not marked invalid")
	}

	// Not a PDF, whatever its name.
	res = upload(c, "anh.pdf", []byte("\x89PNG\r\n\x1a\n not a pdf"))
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text("#tep-error"), "không phải là tệp PDF") {
		t.Errorf("PNG: %d %q", res.Status, res.Text("#tep-error"))
	}
	if res := upload(c, "rong.pdf", []byte("%PD")); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("three bytes: %d", res.Status)
	}
	// Nothing chosen (a browser sends an empty file part).
	res = upload(c, "", nil)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text("#tep-error"), "Chọn tệp PDF") {
		t.Errorf("no file: %d %q", res.Status, res.Text("#tep-error"))
	}
	// Over the limit: refused beside the field, not hashed to the end.
	big := append([]byte("%PDF-1.7\n"), make([]byte, portal.MaxVerifyFile)...)
	res = upload(c, "lon.pdf", big)
	if res.Status != http.StatusRequestEntityTooLarge || !strings.Contains(res.Text("#tep-error"), "lớn hơn 20 MB") {
		t.Errorf("oversize: %d %q", res.Status, res.Text("#tep-error"))
	}
	// Far over it: the body is cut short, the page still says why.
	huge := append([]byte("%PDF-1.7\n"), make([]byte, portal.MaxVerifyFile+(3<<20))...)
	res = upload(c, "rat-lon.pdf", huge)
	if res.Status != http.StatusRequestEntityTooLarge || !strings.Contains(res.Text("#tep-error"), "lớn hơn 20 MB") {
		t.Errorf("far oversize: %d %q", res.Status, res.Text("#tep-error"))
	}
}

// TestVerifyFileNeedsCSRF: the file form streams its body, so the handler
// checks the token itself, first.
func TestVerifyFileNeedsCSRF(t *testing.T) {
	env := apptest.New(t)
	for name, site := range map[string]string{"no token, no cookie": "", "another site": "cross-site"} {
		t.Run(name, func(t *testing.T) {
			var body bytes.Buffer
			mw := multipart.NewWriter(&body)
			w, err := mw.CreateFormFile(route.FormVerifyFile, "ket-qua.pdf")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.Write([]byte("%PDF-1.7\n")); err != nil {
				t.Fatal(err)
			}
			if err := mw.Close(); err != nil {
				t.Fatal(err)
			}
			req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, env.URL+route.PathVerify, &body)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", mw.FormDataContentType())
			if site != "" {
				req.Header.Set("Sec-Fetch-Site", site)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("status %d, want 403", res.StatusCode)
			}
		})
	}
}

// TestVerifyThrottle: unknown codes and unmatched files count per client
// address, apart from the status lookup's count; past the limit even a
// genuine code waits (429).
func TestVerifyThrottle(t *testing.T) {
	env, r := verifyEnv(t, func(c *config.Config) { c.LookupMaxFailures = 3 })
	c := env.Client(t)
	// Malformed codes cannot be guesses: they do not count.
	for range 5 {
		c.Get(route.PathVerify + "?ma=123")
	}
	for i, code := range []string{"AAAA-BBBB-CCCC", "AAAA-BBBB-CCCD"} {
		if res := c.Get(string(route.VerifyCode(code))); res.Status != http.StatusNotFound {
			t.Fatalf("failure %d: %d", i+1, res.Status)
		}
	}
	if res := upload(c, "x.pdf", []byte("%PDF-1.7\nkhong khop")); res.Status != http.StatusNotFound {
		t.Fatalf("unmatched file: %d", res.Status)
	}
	res := c.Get(route.PathVerify + "?ma=" + r.VerifyCode)
	if res.Status != http.StatusTooManyRequests || !strings.Contains(res.Text("#ma-error"), "thử lại sau 15 phút") {
		t.Fatalf("after 3 failures: %d %q", res.Status, res.Text("#ma-error"))
	}
	if res := c.Get(string(route.VerifyCode(r.VerifyCode))); res.Status != http.StatusTooManyRequests {
		t.Errorf("result page while throttled: %d", res.Status)
	}
	res = upload(c, "ket-qua.pdf", env.DocumentBytes(t, r))
	if res.Status != http.StatusTooManyRequests || !strings.Contains(res.Text("#tep-error"), "thử lại sau") {
		t.Errorf("file while throttled: %d %q", res.Status, res.Text("#tep-error"))
	}
	// The dossier lookup keeps its own count.
	if res := c.Post(route.PathLookup, url.Values{"code": {"000.01.01.H19-260101-0042"}, "secret": {"ZZZZZZZZ"}}); res.Status != http.StatusNotFound {
		t.Errorf("lookup after verification failures: %d, want 404", res.Status)
	}
}
