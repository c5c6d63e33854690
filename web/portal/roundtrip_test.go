package portal_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/upload/uploadtest"
	"github.com/motcua/motcua/web/route"
)

// tasks reads a task list: task name -> status text and link.
func tasks(res *apptest.Response) (status, href map[string]string, names []string) {
	status, href = map[string]string{}, map[string]string{}
	res.Doc.Find(".task-list-item").Each(func(_ int, li *goquery.Selection) {
		name := strings.TrimSpace(li.Find(".task-list-name a, .task-list-name span").First().Text())
		names = append(names, name)
		status[name] = strings.TrimSpace(li.Find(".task-list-status").Text())
		href[name], _ = li.Find(".task-list-name a").Attr("href")
	})
	return status, href, names
}

// signedInDraft signs the demo citizen in and starts a draft of the commune
// test procedure: the client and the draft's task-list path.
func signedInDraft(t *testing.T) (*apptest.Client, string) {
	t.Helper()
	env := apptest.New(t)
	env.OpenProcedures(t)
	c := env.Client(t)
	c.Login(env.Users[account.RoleCitizen])
	return c, startDraft(t, c)
}

// TestSaveForLaterAlwaysSaves: "Lưu và quay lại sau" on a half-filled
// page with wrong answers saves them as typed, says so and shows no
// errors; they show when the applicant continues or checks the answers.
func TestSaveForLaterAlwaysSaves(t *testing.T) {
	c, draft := signedInDraft(t)
	page := draft + "/trang/nguoi-khai"
	bad := url.Values{"ho_ten": {"Đỗ Thị Hoa"}, "so_dinh_danh": {"0191"}, "dien_thoai": {"12345"}, "ngay_sinh": {"31/02/1992"}}

	saveExit := url.Values{"_action": {"save-exit"}}
	for k, v := range bad {
		saveExit[k] = v
	}
	res := c.Post(page, saveExit)
	if res.Status != http.StatusSeeOther || res.Location != string(route.MyDossiers(1)) {
		t.Fatalf("save for later: %d to %q, want 303 to My dossiers; %q", res.Status, res.Location, res.Text(".error-summary"))
	}
	mine := c.Get(res.Location)
	if got := mine.Text("main > .alert"); !strings.Contains(got, "Đã lưu hồ sơ") {
		t.Errorf("no confirmation after saving for later: %q", got)
	}
	res = c.Get(page)
	if res.Doc.Find(".error-summary, .error-message, [aria-invalid]").Length() != 0 {
		t.Errorf("the page shows errors after saving for later: %q", res.Text(".error-summary"))
	}
	for id, want := range map[string]string{"ho_ten": "Đỗ Thị Hoa", "so_dinh_danh": "0191", "dien_thoai": "12345", "ngay_sinh": "31/02/1992"} {
		if got, _ := res.Doc.Find(`[id="` + id + `"]`).Attr("value"); got != want {
			t.Errorf("#%s = %q after saving for later, want %q as typed", id, got, want)
		}
	}
	status, _, _ := tasks(c.Get(draft))
	if got := status["Người khai"]; got != "Đang làm" {
		t.Errorf("task Người khai is %q, want Đang làm", got)
	}
	// Checking the answers lists the problems; continuing shows them.
	if res := c.Get(draft + "/kiem-tra"); res.Doc.Find(`.error-summary a[href$="/trang/nguoi-khai#dien_thoai"]`).Length() != 1 {
		t.Errorf("the check page does not list the saved wrong phone: %q", res.Text(".error-summary"))
	}
	res = c.Post(page, bad)
	if res.Status != http.StatusUnprocessableEntity || res.Doc.Find(".error-summary li").Length() != 3 {
		t.Errorf("continue: %d, %q; want 422 with 3 problems", res.Status, res.Text(".error-summary"))
	}

	// The delivery page too: half a postal address is saved as it is.
	res = c.Post(draft+"/nhan-ket-qua", url.Values{"delivery_method": {"post"}, "delivery_recipient": {"Đỗ Thị Hoa"},
		"delivery_phone": {"0987"}, "_action": {"save-exit"}})
	if res.Status != http.StatusSeeOther || res.Location != draft {
		t.Fatalf("save the delivery for later: %d to %q; %q", res.Status, res.Location, res.Text(".error-summary"))
	}
	res = c.Get(draft + "/nhan-ket-qua")
	if got, _ := res.Doc.Find("#delivery_phone").Attr("value"); got != "0987" || res.Doc.Find(".error-summary").Length() != 0 {
		t.Errorf("delivery phone %q kept, errors %q", got, res.Text(".error-summary"))
	}
}

// TestRoundTripsLandOnTheirField: a page's own buttons (add or remove an
// item, refresh the communes, remove a file) save what was typed, show no
// errors yet, and bring the applicant back to the field they used.
func TestRoundTripsLandOnTheirField(t *testing.T) {
	c, draft := signedInDraft(t)

	res := c.Post(draft+"/trang/nguoi-than", url.Values{"nguoi_than_ho_ten": {"Lê Văn Bình"}, "_action": {"add:con#con.0.ten"}})
	if want := draft + "/trang/nguoi-than#con.0.ten"; res.Status != http.StatusSeeOther || res.Location != want {
		t.Fatalf("add a child: %d to %q, want %q", res.Status, res.Location, want)
	}
	res = c.Get(draft + "/trang/nguoi-than")
	if res.Doc.Find(`[id="con.0.ten"]`).Length() != 1 {
		t.Error("the page it lands on has no #con.0.ten")
	}
	if got, _ := res.Doc.Find("#nguoi_than_ho_ten").Attr("value"); got != "Lê Văn Bình" {
		t.Errorf("the name typed before adding = %q", got)
	}
	res = c.Post(draft+"/trang/nguoi-than", url.Values{"con.0": {""}, "con.0.ten": {""}, "_action": {"remove:con:0#con"}})
	if want := draft + "/trang/nguoi-than#con"; res.Status != http.StatusSeeOther || res.Location != want {
		t.Errorf("remove the child: %d to %q, want %q", res.Status, res.Location, want)
	}
	// Refreshing the communes with a wrong phone on the page: no errors yet.
	res = c.Post(draft+"/trang/nguoi-khai", url.Values{"dien_thoai": {"12345"}, "noi_cu_tru.province": {"19"},
		"_action": {"refresh#noi_cu_tru.commune"}})
	if want := draft + "/trang/nguoi-khai#noi_cu_tru.commune"; res.Status != http.StatusSeeOther || res.Location != want {
		t.Errorf("refresh: %d to %q, want %q; %q", res.Status, res.Location, want, res.Text(".error-summary"))
	}
	// An anchor that could not be an id of ours is left out.
	res = c.Post(draft+"/trang/nguoi-khai", url.Values{"_action": {"refresh#\"><script>"}})
	if want := draft + "/trang/nguoi-khai"; res.Status != http.StatusSeeOther || res.Location != want {
		t.Errorf("crafted anchor: %d to %q, want %q", res.Status, res.Location, want)
	}
	// Removing a file lands on its slot.
	if res := c.PostMultipart(draft+"/trang/giay-to", [][2]string{{"_action", "save-exit"}},
		apptest.Upload{Field: "tep_xac_nhan", Name: "giay.pdf", Data: uploadtest.PDF(4 << 10)}); res.Status != http.StatusSeeOther {
		t.Fatalf("upload: %d %q", res.Status, res.Text(".error-summary"))
	}
	res = c.Get(draft + "/trang/giay-to")
	value, _ := res.Doc.Find(`button[value^="remove-file:"]`).Attr("value")
	res = c.PostMultipart(draft+"/trang/giay-to", [][2]string{{"_action", value}})
	if want := draft + "/trang/giay-to#tep_xac_nhan"; res.Status != http.StatusSeeOther || res.Location != want {
		t.Errorf("remove the file (%q): %d to %q, want %q", value, res.Status, res.Location, want)
	}
	// The delivery page's refresh: no errors for the half-typed address.
	res = c.Post(draft+"/nhan-ket-qua", url.Values{"delivery_method": {"post"}, "delivery_address.province": {"19"},
		"_action": {"refresh#delivery_address.commune"}})
	if want := draft + "/nhan-ket-qua#delivery_address.commune"; res.Status != http.StatusSeeOther || res.Location != want {
		t.Errorf("delivery refresh: %d to %q, want %q; %q", res.Status, res.Location, want, res.Text(".error-summary"))
	}
}

// TestOneTaskForTheDocuments: the documents page is one task of the task
// list, named as its page, not a form task and an upload task.
func TestOneTaskForTheDocuments(t *testing.T) {
	c, draft := signedInDraft(t)
	check := func(when, want string) {
		t.Helper()
		status, href, names := tasks(c.Get(draft))
		n := 0
		for _, name := range names {
			if href[name] == draft+"/trang/giay-to" {
				n++
			}
		}
		if n != 1 || status["Giấy tờ kèm theo"] != want {
			t.Errorf("%s: %d tasks lead to the documents page, Giấy tờ kèm theo is %q (want %q); tasks %q", when, n,
				status["Giấy tờ kèm theo"], want, names)
		}
	}
	check("before any upload", "Chưa bắt đầu")
	if res := c.PostMultipart(draft+"/trang/giay-to", nil,
		apptest.Upload{Field: "tep_xac_nhan", Name: "giay.pdf", Data: uploadtest.PDF(4 << 10)}); res.Status != http.StatusSeeOther {
		t.Fatalf("upload: %d %q", res.Status, res.Text(".error-summary"))
	}
	check("after the upload", "Đã xong")
}

// TestDeclarationInErrorSummary: submitting without ticking the
// declaration comes back with the error summary at the top, linking to
// the box, and the title saying so.
func TestDeclarationInErrorSummary(t *testing.T) {
	c, draft := signedInDraft(t)
	fillDraft(t, c, draft)
	res := c.Post(draft+"/nop", url.Values{})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("submit without the declaration: %d", res.Status)
	}
	if got := res.Text(".error-summary h2"); got != "Có lỗi cần sửa" {
		t.Errorf("summary title %q", got)
	}
	link := res.Doc.Find(`.error-summary a[href="#declaration"]`)
	if link.Length() != 1 || !strings.Contains(link.Text(), "Đánh dấu vào ô cam đoan") {
		t.Errorf("summary %q has no link to the declaration", res.Text(".error-summary"))
	}
	if res.Doc.Find(`input#declaration[aria-invalid="true"]`).Length() != 1 {
		t.Error("the declaration box is not marked invalid")
	}
	if title := res.Text("title"); !strings.HasPrefix(title, "Lỗi:") {
		t.Errorf("title %q, want it to start with Lỗi:", title)
	}
}

// waitingDossier submits a dossier for owner, has it received and asks
// for a document, and returns its code.
func waitingDossier(t *testing.T, env *apptest.Env, owner *apptest.Client) string {
	t.Helper()
	code := submitted(t, owner)
	clerk := env.StaffClient(t, account.RoleClerk, centreDucXuan)
	officer := env.StaffClient(t, account.RoleOfficer, communeDucXuan)
	if res := clerk.Post(string(route.QueueReceive()), url.Values{"code": {code}}); res.Status != http.StatusSeeOther {
		t.Fatalf("receive: %d", res.Status)
	}
	if res := officer.Post(string(route.DossierAct(code)), url.Values{"action": {"supplement"},
		"note": {"Bản sao giấy xác nhận có chứng thực"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("supplement: %d %q", res.Status, res.Text(".error-summary"))
	}
	return code
}

// TestRespondKeepsTheNote: uploading a file of the answer to a request
// keeps the note typed beside it, refused or not, and comes back to the
// upload box; sending then sends that note.
func TestRespondKeepsTheNote(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	owner := env.Client(t)
	owner.Login(env.Users[account.RoleCitizen])
	code := waitingDossier(t, env, owner)
	respond := string(route.DossierRespond(code))
	const note = "Đã bổ sung bản sao có chứng thực, kèm bản chụp"

	res := owner.PostMultipart(respond, [][2]string{{"note", note}, {"_action", "upload"}},
		apptest.Upload{Field: "file", Name: "ban-sao.pdf", Data: uploadtest.PDF(6 << 10)})
	if want := string(route.Dossier(code)) + "#respond-file"; res.Status != http.StatusSeeOther || res.Location != want {
		t.Fatalf("upload: %d to %q, want %q; %q", res.Status, res.Location, want, res.Text(".error-summary"))
	}
	page := owner.Get(string(route.Dossier(code)))
	if got := page.Text("#respond-note"); got != note {
		t.Errorf("after the upload the note reads %q, want %q", got, note)
	}
	if !strings.Contains(page.Text(".respond"), "ban-sao.pdf") || page.Doc.Find("#respond-file").Length() != 1 {
		t.Errorf("the answer lacks the uploaded file or the upload box: %q", page.Text(".respond"))
	}
	// A refused file: 422, the note as typed now.
	res = owner.PostMultipart(respond, [][2]string{{"note", note + " (2)"}, {"_action", "upload"}},
		apptest.Upload{Field: "file", Name: "xac-nhan.pdf", Data: []byte("<html><script>alert(1)</script></html>")})
	if res.Status != http.StatusUnprocessableEntity || res.Text("#respond-note") != note+" (2)" ||
		res.Doc.Find(`.error-summary a[href="#respond-file"]`).Length() != 1 {
		t.Errorf("refused file: %d, note %q, summary %q", res.Status, res.Text("#respond-note"), res.Text(".error-summary"))
	}
	res = owner.PostMultipart(respond, [][2]string{{"note", note}, {"_action", "send"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("send: %d %q", res.Status, res.Text(".error-summary"))
	}
	page = owner.Get(string(route.Dossier(code)))
	if !strings.Contains(page.Text("main table"), note) && !strings.Contains(page.Text("main"), note) {
		t.Errorf("the sent note is not on the dossier page")
	}
	if page.Doc.Find("#respond-note").Length() != 0 {
		t.Error("the answer form is still offered after sending")
	}
}
