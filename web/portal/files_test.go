package portal_test

import (
	"context"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/upload/uploadtest"
	"github.com/motcua/motcua/web/route"
)

// storedFiles lists the committed files under dir (the file store), by
// key; temporary files are listed apart.
func storedFiles(t *testing.T, dir string) (keys map[string]bool, temp []string) {
	t.Helper()
	keys = map[string]bool{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if filepath.Base(filepath.Dir(p)) == "tmp" {
			temp = append(temp, d.Name())
		} else {
			keys[d.Name()] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys, temp
}

// draftFiles returns what a draft records and what the file store holds.
func draftFiles(t *testing.T, env *apptest.Env, owner account.User, draft string) (recorded []dossier.Attachment,
	keys map[string]bool, temp []string) {
	t.Helper()
	w, err := env.App.Dossiers.Open(context.Background(), owner, strings.TrimPrefix(draft, "/ho-so-nhap/"))
	if err != nil {
		t.Fatal(err)
	}
	keys, temp = storedFiles(t, env.App.Config.FilesDir)
	return w.Files, keys, temp
}

// citizenDraft starts the application with the test procedures and a
// citizen's draft of the commune one, and returns the citizen's client.
func citizenDraft(t *testing.T) (env *apptest.Env, citizen account.User, c *apptest.Client, draft string) {
	t.Helper()
	env = apptest.New(t)
	env.OpenProcedures(t)
	citizen = env.Users[account.RoleCitizen]
	c = env.Client(t)
	c.Login(citizen)
	return env, citizen, c, startDraft(t, c)
}

// Sixteen uploads to one draft at once: each is either recorded or
// refused with a message (409), never a 500, and the store keeps exactly
// the files the draft records.
func TestParallelUploadsToOneDraft(t *testing.T) {
	env, citizen, c, draft := citizenDraft(t)
	c.CSRF()
	c.SkipHTMLCheck = true // sixteen pages at once; the page itself is checked elsewhere

	const n = 16
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := c.PostMultipart(draft+"/trang/giay-to", [][2]string{{"co_giay_khac", "yes"}},
				apptest.Upload{Field: "tep_xac_nhan", Name: "xac-nhan.pdf", Data: uploadtest.PDF(64 << 10)})
			statuses[i] = res.Status
			if got := res.Text(".error-summary"); res.Status == http.StatusConflict && !strings.Contains(got, "chưa được lưu") {
				t.Errorf("409 without saying why: %q", got)
			}
		}()
	}
	wg.Wait()
	accepted := 0
	for _, s := range statuses {
		switch s {
		case http.StatusSeeOther:
			accepted++
		case http.StatusConflict:
		default:
			t.Errorf("an upload answered %d, want 303 or 409 (all: %v)", s, statuses)
		}
	}
	if strings.Contains(env.Logs(), `"level":"ERROR"`) {
		t.Errorf("parallel uploads logged an error:\n%s", env.Logs())
	}

	recorded, keys, temp := draftFiles(t, env, citizen, draft)
	if len(recorded) < accepted {
		t.Errorf("%d uploads accepted, %d recorded", accepted, len(recorded))
	}
	for _, f := range recorded {
		if !keys[f.Key] {
			t.Errorf("recorded file %s is not in the store", f.Key)
		}
		delete(keys, f.Key)
	}
	if len(keys) > 0 || len(temp) > 0 {
		t.Errorf("files left behind with no row: %d stored, %d temporary", len(keys), len(temp))
	}
}

// multipartBody writes a multipart form by hand (the CSRF token first, as
// a browser sends it), with each part given as its raw header lines and
// body, so that a test can send what no encoder would.
func multipartBody(csrf string, parts ...[2]string) (ctype string, body []byte) {
	const boundary = "motcua-test-boundary"
	var b strings.Builder
	part := func(header, content string) {
		b.WriteString("--" + boundary + "\r\n" + header + "\r\n\r\n" + content + "\r\n")
	}
	part(`Content-Disposition: form-data; name="`+route.CSRFFormField+`"`, csrf)
	for _, p := range parts {
		part(p[0], p[1])
	}
	b.WriteString("--" + boundary + "--\r\n")
	return "multipart/form-data; boundary=" + boundary, []byte(b.String())
}

// A line break or NUL in a multipart file name, and a NUL byte or bytes
// that are not UTF-8 in a multipart field, get a 400 page with the reason,
// and nothing is stored or logged as an error.
func TestMultipartBadText(t *testing.T) {
	env, citizen, c, draft := citizenDraft(t)
	pdf := string(uploadtest.PDF(2 << 10))
	file := func(disposition string) [2]string {
		return [2]string{"Content-Disposition: form-data; name=\"tep_xac_nhan\"; " + disposition + "\r\nContent-Type: application/pdf", pdf}
	}
	field := func(name, value string) [2]string {
		return [2]string{`Content-Disposition: form-data; name="` + name + `"`, value}
	}
	const (
		badName = "Tên tệp có ký tự không hợp lệ"
		badText = "Dữ liệu gửi lên có ký tự không hợp lệ"
		badForm = "Yêu cầu không hợp lệ" // a header no browser sends
	)
	for _, tc := range []struct {
		name  string
		parts [][2]string
		want  string
	}{
		{"line break in the file name (RFC 2231)", [][2]string{file(`filename*=UTF-8''giay%0D%0Axac-nhan.pdf`)}, badName},
		{"line feed in the file name (RFC 2231)", [][2]string{file(`filename*=UTF-8''giay%0Axac-nhan.pdf`)}, badName},
		{"NUL in the file name (RFC 2231)", [][2]string{file(`filename*=UTF-8''giay%00xac-nhan.pdf`)}, badName},
		{"invalid UTF-8 in the file name", [][2]string{file("filename=\"giay\xffxac-nhan.pdf\"")}, badName},
		{"NUL in the file name", [][2]string{file("filename=\"giay\x00xac-nhan.pdf\"")}, badForm},
		{"NUL in a field", [][2]string{field("co_giay_khac", "y\x00es"), file(`filename="giay.pdf"`)}, badText},
		{"invalid UTF-8 in a field", [][2]string{field("co_giay_khac", "\xff\xfe"), file(`filename="giay.pdf"`)}, badText},
		{"NUL in a field's name", [][2]string{field("co_giay\x00khac", "yes")}, badForm},
		// The good file was stored and recorded before the bad name came:
		// it is taken back.
		{"a good file, then a bad one", [][2]string{file(`filename="giay.pdf"`), file(`filename*=UTF-8''b%0Ad.pdf`)}, badName},
		{"a good file, then a bad field", [][2]string{file(`filename="giay.pdf"`), field("_action", "save\x00")}, badText},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctype, body := multipartBody(c.CSRF(), tc.parts...)
			res := c.PostBody(draft+"/trang/giay-to", ctype, body)
			if res.Status != http.StatusBadRequest || res.Text("h1") != tc.want {
				t.Errorf("draft page: %d %q, want 400 %q", res.Status, res.Text("h1"), tc.want)
			}
			res = c.PostBody(route.PathVerify, ctype, body)
			if res.Status != http.StatusBadRequest {
				t.Errorf("verification: %d, want 400", res.Status)
			}
		})
	}
	if strings.Contains(env.Logs(), `"level":"ERROR"`) {
		t.Errorf("bad text logged an error:\n%s", env.Logs())
	}
	if recorded, keys, temp := draftFiles(t, env, citizen, draft); len(recorded)+len(keys)+len(temp) > 0 {
		t.Errorf("refused posts left %d attachments, %d files, %d temporary files", len(recorded), len(keys), len(temp))
	}
}

// A full or read-only file store: the upload gets a 503 page that says so
// and keeps what was typed in the other fields, nothing half-saved stays
// (no row, no file, no temporary file), and /readyz says the store is not
// ready until it is writable again.
func TestFileStoreUnavailable(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	f := apptest.TestForm()
	docs := &f.Pages[2].Sections[0]
	docs.Fields = append(docs.Fields, eform.Field{ID: "ghi_chu", Kind: eform.KindText, Label: "Ghi chú về giấy tờ", MaxLength: 200})
	rec := apptest.TestProcedures()[0]
	rec.Code = "1.009909"
	env.Publish(t, rec)
	env.PublishForm(t, rec.Code, 0, f)
	citizen := env.Users[account.RoleCitizen]
	c := env.Client(t)
	c.Login(citizen)
	res := c.Post(string(route.Apply(rec.Code)), url.Values{"unit": {communeDucXuan}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("start: %d %s", res.Status, res.Text(".error-summary"))
	}
	draft := res.Location
	if res := c.Get(route.PathReady); res.Status != http.StatusOK {
		t.Fatalf("readyz before: %d", res.Status)
	}

	for _, errno := range []syscall.Errno{syscall.ENOSPC, syscall.EROFS} {
		env.App.Files.SetFault(func(op filestore.Op) error { return &fs.PathError{Op: string(op), Path: "tmp", Err: errno} })
		// As a browser sends the page: the file, then the note after it.
		note := "Bản sao có chứng thực ngày 02/12/2026"
		ctype, body := multipartBody(c.CSRF(),
			[2]string{"Content-Disposition: form-data; name=\"tep_xac_nhan\"; filename=\"xac-nhan.pdf\"\r\nContent-Type: application/pdf",
				string(uploadtest.PDF(30 << 10))},
			[2]string{`Content-Disposition: form-data; name="ghi_chu"`, note})
		res = c.PostBody(draft+"/trang/giay-to", ctype, body)
		if res.Status != http.StatusServiceUnavailable {
			t.Fatalf("%v: upload answered %d, want 503", errno, res.Status)
		}
		if got := res.Text(".error-summary"); !strings.Contains(got, "kho lưu trữ tệp") {
			t.Errorf("%v: error summary %q does not say the file store is unavailable", errno, got)
		}
		if href, _ := res.Doc.Find(".error-summary a").First().Attr("href"); href != "#tep_xac_nhan" {
			t.Errorf("%v: the message links to %q, want the file field", errno, href)
		}
		if v, _ := res.Doc.Find("#ghi_chu").Attr("value"); v != note {
			t.Errorf("%v: the note typed beside the file is %q, want it kept", errno, v)
		}
		if res := c.Get(route.PathReady); res.Status != http.StatusServiceUnavailable ||
			!strings.Contains(string(res.Body), "file store") {
			t.Errorf("%v: readyz %d %q, want 503 naming the file store", errno, res.Status, res.Body)
		}
		if recorded, keys, temp := draftFiles(t, env, citizen, draft); len(recorded)+len(keys)+len(temp) > 0 {
			t.Errorf("%v: half-saved: %d attachments, %d files, %d temporary files", errno, len(recorded), len(keys), len(temp))
		}
	}

	// Readiness tries the real directory, not only the last upload.
	env.App.Files.SetFault(nil)
	tmp := filepath.Join(env.App.Config.FilesDir, "tmp")
	if err := os.Rename(tmp, tmp+".away"); err != nil {
		t.Fatal(err)
	}
	if res := c.Get(route.PathReady); res.Status != http.StatusServiceUnavailable {
		t.Errorf("readyz without a writable directory: %d, want 503", res.Status)
	}
	if err := os.Rename(tmp+".away", tmp); err != nil {
		t.Fatal(err)
	}
	// Writable again: ready, and the same post goes through.
	if res := c.Get(route.PathReady); res.Status != http.StatusOK {
		t.Errorf("readyz once writable: %d", res.Status)
	}
	res = c.PostMultipart(draft+"/trang/giay-to", [][2]string{{"ghi_chu", "Bản sao"}},
		apptest.Upload{Field: "tep_xac_nhan", Name: "xac-nhan.pdf", Data: uploadtest.PDF(30 << 10)})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("upload once writable: %d %s", res.Status, res.Text(".error-summary"))
	}
	if keys, _ := storedFiles(t, env.App.Config.FilesDir); len(keys) != 1 {
		t.Errorf("%d files stored, want 1", len(keys))
	}
}
