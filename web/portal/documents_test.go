package portal_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/document"
	"github.com/motcua/motcua/web/route"
)

// rawResponse is a response as sent, its body read.
type rawResponse struct {
	StatusCode int
	Header     http.Header
}

// rawGet fetches path as c's session with extra headers, without the
// client's transparent decompression, so the headers are as sent.
func rawGet(t *testing.T, env *apptest.Env, c *apptest.Client, path string, hdr map[string]string) (rawResponse, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, env.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.AddCookie(&http.Cookie{Name: route.SessionCookieName, Value: c.SessionCookie()})
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return rawResponse{StatusCode: res.StatusCode, Header: res.Header}, b
}

// papersOf runs the document worker and returns the dossier's documents
// with their stored files.
func papersOf(t *testing.T, env *apptest.Env, code string) ([]document.Issued, map[string][]byte) {
	t.Helper()
	ctx := context.Background()
	if _, err := env.App.Dossiers.RunJobs(ctx); err != nil {
		t.Fatal(err)
	}
	d, err := env.App.DossierStore.Dossier(ctx, code, false)
	if err != nil {
		t.Fatal(err)
	}
	docs, err := env.App.Documents.ForDossier(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, doc := range docs {
		f, err := env.App.Documents.Open(ctx, doc)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		files[doc.PublicID] = b
	}
	return docs, files
}

func paperOf(t *testing.T, docs []document.Issued, k document.Kind) document.Issued {
	t.Helper()
	for _, d := range docs {
		if d.Kind == k {
			return d
		}
	}
	t.Fatalf("no %s among %+v", k, docs)
	return document.Issued{}
}

// TestDossierDocuments: the applicant sees and downloads what was issued
// to them (the exact stored bytes, as a download, with the SHA-256 as
// ETag, 304 and byte ranges); nobody else may, not even to learn that the
// document exists; the control slip is for staff; a leader of the issuing
// unit revokes a result with a reason, and nobody else can.
func TestDossierDocuments(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	env.Clock.Set(time.Date(2026, 12, 1, 8, 0, 0, 0, calendar.Location())) // Tuesday
	owner := env.Client(t)
	owner.Login(env.Users[account.RoleCitizen])
	code := submitted(t, owner)
	page := string(route.Dossier(code))
	clerk := env.StaffClient(t, account.RoleClerk, centreDucXuan)
	officer := env.StaffClient(t, account.RoleOfficer, communeDucXuan)
	leader := env.StaffClient(t, account.RoleLeader, communeDucXuan)
	stranger := env.Client(t)
	stranger.Login(env.Users[account.RoleBusiness])
	elsewhere := env.StaffClient(t, account.RoleOfficer, "002.00.50.H19") // another commune
	act := func(c *apptest.Client, action string) {
		t.Helper()
		env.Clock.Add(10 * time.Minute)
		if res := c.Post(string(route.DossierAct(code)), url.Values{"action": {action}}); res.Status != http.StatusSeeOther {
			t.Fatalf("%s: %d %s", action, res.Status, res.Text(".error-summary"))
		}
	}

	res := owner.Get(page)
	if res.Status != http.StatusOK || !strings.Contains(res.Text(".papers"), "Chưa có văn bản") {
		t.Fatalf("before reception: %d %q", res.Status, res.Text(".papers"))
	}
	act(clerk, "receive")
	if got := owner.Get(page).Text(".papers [role=status]"); !strings.Contains(got, "Đang tạo văn bản") {
		t.Errorf("while the receipt is issued: %q", got)
	}
	docs, files := papersOf(t, env, code)
	receipt := paperOf(t, docs, document.KindReceipt)
	res = owner.Get(page)
	row := res.Doc.Find(".papers tbody tr").First()
	if res.Doc.Find(".papers [role=status]").Length() != 0 ||
		row.Find("a[href='"+string(route.Document(receipt.PublicID))+"']").Length() != 1 ||
		!strings.Contains(row.Text(), "Giấy tiếp nhận hồ sơ và hẹn trả kết quả") || !strings.Contains(row.Text(), "1/GTN") ||
		!strings.Contains(row.Text(), receipt.IssuedAt.In(calendar.Location()).Format("15:04 02/01/2006")) {
		t.Fatalf("receipt row: %q", row.Text())
	}

	// The download is the stored file, byte for byte, with its headers.
	dl := string(route.Document(receipt.PublicID))
	hr, body := rawGet(t, env, owner, dl, map[string]string{"Accept-Encoding": "gzip"})
	if hr.StatusCode != http.StatusOK || !bytes.Equal(body, files[receipt.PublicID]) {
		t.Fatalf("download: %d, %d bytes, want the stored %d", hr.StatusCode, len(body), len(files[receipt.PublicID]))
	}
	etag := `"` + receipt.Hash() + `"`
	for k, want := range map[string]string{
		"Content-Type": "application/pdf", "X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store",
		"ETag": etag, "Content-Encoding": "", "Accept-Ranges": "bytes",
	} {
		if got := hr.Header.Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
	cd := hr.Header.Get("Content-Disposition")
	ascii, utf, _ := strings.Cut(cd, "; filename*=UTF-8''")
	if name, err := url.PathUnescape(utf); ascii != `attachment; filename="giay-tiep-nhan-1-GTN.pdf"` || err != nil ||
		name != "Giấy tiếp nhận hồ sơ và hẹn trả kết quả 1-GTN.pdf" || strings.ContainsAny(utf, " ;\"'") {
		t.Errorf("Content-Disposition: %q", cd)
	}
	if hr, body := rawGet(t, env, owner, dl, map[string]string{"If-None-Match": etag}); hr.StatusCode != http.StatusNotModified || len(body) != 0 {
		t.Errorf("If-None-Match: %d, %d bytes", hr.StatusCode, len(body))
	}
	if hr, body := rawGet(t, env, owner, dl, map[string]string{"Range": "bytes=0-7"}); hr.StatusCode != http.StatusPartialContent ||
		!bytes.Equal(body, files[receipt.PublicID][:8]) || !strings.HasPrefix(hr.Header.Get("Content-Range"), "bytes 0-7/") {
		t.Errorf("Range: %d %q %q", hr.StatusCode, body, hr.Header.Get("Content-Range"))
	}
	// Nobody else may have it, nor learn that it exists.
	for name, c := range map[string]*apptest.Client{"another applicant": stranger, "another commune's officer": elsewhere} {
		if res := c.Get(dl); res.Status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", name, res.Status)
		}
	}
	if res := env.Client(t).Get(dl); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location, route.PathLogin) {
		t.Errorf("anonymous: %d %q", res.Status, res.Location)
	}
	if res := owner.Get(string(route.Document("0123456789abcdef0123456789abcdef"))); res.Status != http.StatusNotFound {
		t.Errorf("an unknown document: %d", res.Status)
	}

	// The control slip as it stands: staff print it from the panel; the
	// applicant may not.
	slip := string(route.ControlSlip(code))
	if res := clerk.Get(page); res.Doc.Find(".process a[href='"+slip+"']").Length() != 1 {
		t.Errorf("no control slip link in the staff panel")
	}
	if owner.Get(page).Doc.Find("a[href='"+slip+"']").Length() != 0 {
		t.Errorf("the applicant is offered the control slip")
	}
	hr, body = rawGet(t, env, clerk, slip, nil)
	if hr.StatusCode != http.StatusOK || hr.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(body, []byte("%PDF-")) ||
		hr.Header.Get("Cache-Control") != "private, no-store" || hr.Header.Get("X-Content-Type-Options") != "nosniff" ||
		!strings.Contains(hr.Header.Get("Content-Disposition"), `filename="phieu-kiem-soat-`+code+`.pdf"`) {
		t.Errorf("control slip: %d %v", hr.StatusCode, hr.Header)
	}
	if res := owner.Get(slip); res.Status != http.StatusForbidden {
		t.Errorf("control slip for the applicant: %d", res.Status)
	}
	if res := elsewhere.Get(slip); res.Status != http.StatusNotFound {
		t.Errorf("control slip for another commune's officer: %d", res.Status)
	}
	if docs, _ := papersOf(t, env, code); len(docs) != 1 {
		t.Errorf("printing the control slip stored it: %+v", docs)
	}

	// The result, with its verification code.
	act(officer, "forward")
	act(leader, "approve")
	docs, files = papersOf(t, env, code)
	result := paperOf(t, docs, document.KindResult)
	res = owner.Get(page)
	verify := res.Doc.Find(".papers a[href='" + string(route.VerifyCode(result.VerifyCode)) + "']")
	if verify.Length() != 1 || !strings.Contains(verify.Text(), result.VerifyCode) || !strings.Contains(res.Text(".papers"), "Còn hiệu lực") {
		t.Fatalf("result row: %q", res.Text(".papers"))
	}
	if hr, body := rawGet(t, env, owner, string(route.Document(result.PublicID)), nil); hr.StatusCode != http.StatusOK ||
		!bytes.Equal(body, files[result.PublicID]) || hr.Header.Get("ETag") != `"`+result.Hash()+`"` {
		t.Errorf("result download: %d", hr.StatusCode)
	}
	if res := stranger.Get(string(route.Document(result.PublicID))); res.Status != http.StatusNotFound {
		t.Errorf("result for another applicant: %d", res.Status)
	}

	// Revocation: offered to the issuing unit's leader only.
	revoke := string(route.DocumentRevoke(result.PublicID))
	form := "form[action='" + revoke + "']"
	if res := leader.Get(page); res.Doc.Find(form+" textarea[name="+route.FormRevokeReason+"]").Length() != 1 {
		t.Fatalf("no revocation form for the leader: %q", res.Text(".papers"))
	}
	for name, c := range map[string]*apptest.Client{"applicant": owner, "officer": officer, "clerk": clerk} {
		if c.Get(page).Doc.Find(form).Length() != 0 {
			t.Errorf("the %s is offered revocation", name)
		}
	}
	centreLeader := env.StaffClient(t, account.RoleLeader, centreDucXuan) // sees the dossier, did not issue it
	otherLeader := env.StaffClient(t, account.RoleLeader, "002.00.50.H19")
	for name, tc := range map[string]struct {
		c    *apptest.Client
		want int
	}{
		"officer of the issuing unit":    {officer, http.StatusForbidden},
		"leader of the receiving centre": {centreLeader, http.StatusForbidden},
		"leader of another commune":      {otherLeader, http.StatusNotFound},
		"applicant":                      {owner, http.StatusForbidden},
	} {
		if res := tc.c.Post(revoke, url.Values{route.FormRevokeReason: {"Cấp nhầm"}}); res.Status != tc.want {
			t.Errorf("%s: %d, want %d", name, res.Status, tc.want)
		}
	}
	// Without the CSRF token: refused.
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, env.URL+revoke,
		strings.NewReader(url.Values{route.FormRevokeReason: {"Cấp nhầm"}}.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: route.SessionCookieName, Value: leader.SessionCookie()})
	if hr, err := http.DefaultTransport.RoundTrip(req); err != nil || hr.StatusCode != http.StatusForbidden {
		t.Errorf("without CSRF: %v %v", hr, err)
	} else {
		hr.Body.Close()
	}
	// Without a reason (and with one too long) the page comes back with
	// the message beside the field and the text kept.
	field := "#revoke-" + result.PublicID
	res = leader.Post(revoke, url.Values{route.FormRevokeReason: {"   "}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text(".error-summary"), "Nhập lý do thu hồi") ||
		res.Doc.Find(".error-summary a[href='"+field+"']").Length() != 1 || res.Doc.Find(field+"[aria-invalid=true]").Length() != 1 ||
		res.Doc.Find("details.revoke[open] "+field).Length() != 1 || !strings.HasPrefix(res.Text("title"), "Lỗi:") {
		t.Fatalf("without a reason: %d %q", res.Status, res.Text(".error-summary"))
	}
	long := strings.Repeat("Lý do rất dài. ", 150)
	res = leader.Post(revoke, url.Values{route.FormRevokeReason: {long}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text(".papers"), "tối đa 2000 ký tự") ||
		res.Doc.Find(field).Text() != long {
		t.Fatalf("a reason too long: %d %q", res.Status, res.Text(".error-summary"))
	}
	if got, _ := env.App.Documents.Get(context.Background(), result.PublicID); got.Revoked() {
		t.Fatal("revoked by a refused request")
	}
	env.Clock.Add(time.Hour)
	res = leader.Post(revoke, url.Values{route.FormRevokeReason: {"Cấp nhầm thông tin người được cấp"}})
	if res.Status != http.StatusSeeOther || res.Location != page {
		t.Fatalf("revoke: %d %q %s", res.Status, res.Location, res.Text(".error-summary"))
	}
	res = leader.Get(page)
	if !strings.Contains(res.Text(".alert"), "Đã thu hồi kết quả") || res.Doc.Find(form).Length() != 0 {
		t.Errorf("after revoking, the leader's page: %q", res.Text(".alert"))
	}
	got, err := env.App.Documents.Get(context.Background(), result.PublicID)
	if err != nil || !got.Revoked() || got.RevokeReason != "Cấp nhầm thông tin người được cấp" {
		t.Fatalf("stored: %+v %v", got, err)
	}
	res = owner.Get(page)
	papers := res.Text(".papers")
	if !strings.Contains(papers, "Đã thu hồi") || !strings.Contains(papers, "Cấp nhầm thông tin người được cấp") ||
		!strings.Contains(papers, got.RevokedAt.In(calendar.Location()).Format("15:04 02/01/2006")) {
		t.Errorf("the applicant's documents after revocation: %q", papers)
	}
	if !strings.Contains(res.Doc.Find("table").Text(), "Thu hồi kết quả") {
		t.Errorf("the timeline lacks the revocation")
	}
	// A second attempt (from a page open before) is told, not repeated.
	if res := leader.Post(revoke, url.Values{route.FormRevokeReason: {"Lần nữa"}}); res.Status != http.StatusSeeOther {
		t.Errorf("revoke again: %d", res.Status)
	} else if got := leader.Get(page).Text(".alert"); !strings.Contains(got, "đã được thu hồi trước đó") {
		t.Errorf("revoke again told: %q", got)
	}

	// The hand-back issues the control slip: kept for staff only.
	act(clerk, "deliver")
	docs, _ = papersOf(t, env, code)
	cs := paperOf(t, docs, document.KindControlSlip)
	csURL := string(route.Document(cs.PublicID))
	if owner.Get(page).Doc.Find("a[href='"+csURL+"']").Length() != 0 {
		t.Error("the applicant's page lists the control slip")
	}
	if res := owner.Get(csURL); res.Status != http.StatusNotFound {
		t.Errorf("control slip download by the applicant: %d", res.Status)
	}
	if clerk.Get(page).Doc.Find("a[href='"+csURL+"']").Length() != 1 {
		t.Error("the clerk's page lacks the control slip")
	}
	if hr, _ := rawGet(t, env, clerk, csURL, nil); hr.StatusCode != http.StatusOK {
		t.Errorf("control slip download by the clerk: %d", hr.StatusCode)
	}
}
