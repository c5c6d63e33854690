package portal_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/upload/uploadtest"
	"github.com/motcua/motcua/web/route"
)

// TestProcessingPages: the queue lists a new dossier for the reception
// clerk; the clerk receives it from the dossier page; the officer asks for
// documents (the reason is required: 422 keeps the form); the applicant
// answers with a file; the officer forwards; the slip shows each step.
func TestProcessingPages(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	vn := calendar.Location()
	env.Clock.Set(time.Date(2026, 12, 1, 8, 0, 0, 0, vn)) // Tuesday
	owner := env.Client(t)
	owner.Login(env.Users[account.RoleCitizen])
	code := submitted(t, owner)
	clerk := env.StaffClient(t, account.RoleClerk, centreDucXuan)
	officer := env.StaffClient(t, account.RoleOfficer, communeDucXuan)

	res := clerk.Get(string(route.Queue(route.QueueQuery{})))
	if res.Status != http.StatusOK || res.Doc.Find("a[href='"+string(route.Dossier(code))+"']").Length() != 1 {
		t.Fatalf("clerk's queue: %d %q", res.Status, res.Text("main"))
	}
	if got := res.Doc.Find("input[name=code][value='" + code + "']").Length(); got != 1 {
		t.Errorf("no bulk-receive box for the new dossier")
	}
	if res := officer.Get(string(route.Queue(route.QueueQuery{}))); strings.Contains(res.Text("main"), code) {
		t.Error("the officer's queue shows a dossier not yet received")
	}
	// Bulk receive.
	env.Clock.Add(30 * time.Minute)
	if res := clerk.Post(string(route.QueueReceive()), url.Values{"code": {code}}); res.Status != http.StatusSeeOther {
		t.Fatalf("bulk receive: %d", res.Status)
	}
	page := clerk.Get(string(route.Dossier(code)))
	if !strings.Contains(page.Text(".badge"), "Được tiếp nhận") || !strings.Contains(page.Text("main"), "Hạn: ") {
		t.Fatalf("after reception: %q", page.Text("main"))
	}
	// The officer's dashboard counts it; nothing is late yet.
	dash := officer.Get(string(route.Office()))
	if got := dash.Doc.Find(".card").First().Find(".card-value").Text(); strings.TrimSpace(got) != "1" {
		t.Errorf("dashboard's waiting count = %q, want 1: %q", got, dash.Text("main"))
	}
	// The officer's page offers the appraisal actions; a supplement
	// request without its reason is refused beside the field.
	res = officer.Get(string(route.Dossier(code)))
	if res.Doc.Find("form[action$='/xu-ly'] input[name=action][value=supplement]").Length() != 1 {
		t.Fatalf("no supplement action for the officer: %q", res.Text(".process"))
	}
	res = officer.Post(string(route.DossierAct(code)), url.Values{"action": {"supplement"}, "note": {" "}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text(".error-summary"), "giấy tờ cần bổ sung") {
		t.Fatalf("supplement without a reason: %d %q", res.Status, res.Text(".error-summary"))
	}
	env.Clock.Add(time.Hour)
	if res := officer.Post(string(route.DossierAct(code)), url.Values{"action": {"supplement"},
		"note": {"Bản sao giấy xác nhận có chứng thực"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("supplement: %d %q", res.Status, res.Text(".error-summary"))
	}
	// The applicant sees the request, uploads a file and sends.
	res = owner.Get(string(route.Dossier(code)))
	if !strings.Contains(res.Text(".respond"), "Bản sao giấy xác nhận có chứng thực") {
		t.Fatalf("applicant does not see the request: %q", res.Text("main"))
	}
	// Sending nothing at all (no new file, no word) is refused beside the
	// note, and the dossier keeps waiting.
	res = owner.PostMultipart(string(route.DossierRespond(code)), [][2]string{{"_action", "send"}, {"note", "  "}})
	if res.Status != http.StatusUnprocessableEntity ||
		res.Text("#respond-note-error") != "Lỗi: Hãy đính kèm giấy tờ được yêu cầu bổ sung hoặc ghi rõ nội dung đã bổ sung" ||
		res.Doc.Find(".error-summary a[href='#respond-note']").Length() != 1 || !strings.Contains(res.Text(".badge"), "bổ sung") {
		t.Fatalf("empty answer: %d %q %q %q", res.Status, res.Text("#respond-note-error"), res.Text(".error-summary"), res.Text(".badge"))
	}
	if res := owner.PostMultipart(string(route.DossierRespond(code)), [][2]string{{"_action", "upload"}},
		apptest.Upload{Field: "file", Name: "ban-sao.pdf", Data: uploadtest.PDF(6 << 10)}); res.Status != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", res.Status, res.Text(".error-summary"))
	}
	env.Clock.Add(24 * time.Hour)
	// With the new file, the note may stay empty.
	if res := owner.PostMultipart(string(route.DossierRespond(code)), [][2]string{{"_action", "send"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("send: %d", res.Status)
	}
	res = officer.Get(string(route.Dossier(code)))
	if !strings.Contains(res.Text(".badge"), "Đang xử lý") || !strings.Contains(res.Text("main"), "ban-sao.pdf") {
		t.Fatalf("after the answer: %q", res.Text("main"))
	}
	if !strings.Contains(res.Text(".process"), "Hạn sau") {
		t.Error("the pause table lacks the due instants")
	}
	// Someone else's action on a taken dossier is refused.
	if res := officer.Post(string(route.DossierClaim(code)), nil); res.Status != http.StatusSeeOther {
		t.Fatalf("claim: %d", res.Status)
	}
	other := env.StaffClient(t, account.RoleOfficer, communeDucXuan)
	if res := other.Post(string(route.DossierAct(code)), url.Values{"action": {"forward"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("colleague's action: %d", res.Status)
	}
	if res := other.Get(string(route.Dossier(code))); !strings.Contains(res.Text(".alert"), "Không thực hiện được") {
		t.Errorf("colleague not told: %q", res.Text(".alert"))
	}
	if res := officer.Post(string(route.DossierAct(code)), url.Values{"action": {"forward"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("forward: %d %s", res.Status, res.Text(".error-summary"))
	}
	slip := clerk.Get(string(route.Dossier(code))).Text(".process table")
	for _, want := range []string{"Tiếp nhận hồ sơ", "Thẩm định hồ sơ", "Phê duyệt"} {
		if !strings.Contains(slip, want) {
			t.Errorf("slip lacks %q: %q", want, slip)
		}
	}
}
