package admin_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/web/route"
)

// eformText is a valid e-form of the sample birth registration (one
// document row), as an administrator would type it; label tells versions
// apart.
func eformText(label string) string {
	doc := 0
	return string(eform.FormatForm(eform.Form{Title: "Tờ khai đăng ký khai sinh", Pages: []eform.Page{
		{ID: "nguoi-yeu-cau", Title: "Người yêu cầu", Sections: []eform.Section{{Fields: []eform.Field{
			{ID: "ho_ten", Kind: eform.KindText, Label: label, Required: true, Source: "account.full_name"},
		}}}},
		{ID: "giay-to", Title: "Giấy tờ kèm theo", Sections: []eform.Section{{Fields: []eform.Field{
			{ID: "tep_to_khai", Kind: eform.KindFile, Label: "Tờ khai", Document: &doc},
		}}}},
	}}))
}

// save posts the editor as a browser would: the text, the revision the
// page carried and the button pressed.
func save(c *apptest.Client, code string, text, basedOn, action string) *apptest.Response {
	return c.Post(string(route.AdminEformEdit(code, 0)), url.Values{"definition": {text}, "based_on": {basedOn}, "action": {action}})
}

func basedOn(res *apptest.Response) string { return value(res, `input[name="based_on"]`) }

func TestAdminWritesChecksAndPublishesAnEform(t *testing.T) {
	env := apptest.New(t)
	c := env.Client(t)
	c.Login(env.Users[account.RoleAdmin])
	rec := apptest.SampleRecords()[0]
	env.Publish(t, rec)
	code := rec.Code
	show := string(route.AdminEform(code, 0))

	// The procedure's page links to its case's e-form.
	res := c.Get(string(route.AdminProcedure(code)))
	link := res.Doc.Find(`a[href="` + show + `"]`)
	if res.Status != http.StatusOK || link.Length() != 1 || !strings.Contains(link.Closest("tr").Text(), "Chưa có biểu mẫu") {
		t.Fatalf("procedure page: %d, %d links to the e-form", res.Status, link.Length())
	}
	res = c.Get(show)
	if res.Status != http.StatusOK || !strings.Contains(res.Text("main"), "Chưa công bố") ||
		res.Text(`main a[href="`+string(route.AdminEformEdit(code, 0))+`"]`) != "Soạn biểu mẫu" {
		t.Fatalf("e-form page without an e-form: %d %s", res.Status, res.Text("main"))
	}

	res = c.Get(string(route.AdminEformEdit(code, 0)))
	if res.Status != http.StatusOK || !strings.Contains(res.Text("#definition"), `"nguoi-yeu-cau"`) || basedOn(res) != "0" ||
		!strings.Contains(res.Text("main"), "Tờ khai theo mẫu") || !strings.Contains(res.Text("main"), "chưa có biểu mẫu điện tử") {
		t.Fatalf("editor of a new e-form: %d, based on %q: %s", res.Status, basedOn(res), res.Text("#definition"))
	}

	// Not JSON: 422, where in Vietnamese, the text kept as typed.
	broken := "{\n  \"title\": \"Tờ khai\",\n  \"pages\": x\n}"
	res = save(c, code, broken, "0", "save")
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text("#definition-error"), "JSON không hợp lệ ở dòng 3, cột 12") ||
		res.Doc.Find(`.error-summary a[href="#definition"]`).Length() != 1 {
		t.Errorf("broken JSON: %d %q", res.Status, res.Text("#definition-error"))
	}
	if got := res.Doc.Find("#definition").Text(); got != broken {
		t.Errorf("broken JSON not kept: %q", got)
	}
	res = save(c, code, strings.Replace(eformText("Họ tên"), `"required"`, `"bat_buoc"`, 1), "0", "save")
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text("#definition-error"), `không có thuộc tính "bat_buoc"`) {
		t.Errorf("misspelt attribute: %d %q", res.Status, res.Text("#definition-error"))
	}
	res = save(c, code, strings.Replace(eformText("Họ tên"), `"required": true`, `"required": "có"`, 1), "0", "save")
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text("#definition-error"), `giá trị của "pages.sections.fields.required" phải là true hoặc false`) {
		t.Errorf("wrong type: %d %q", res.Status, res.Text("#definition-error"))
	}

	// JSON that Check refuses: 422, every problem listed beside the text
	// with where it is, and nothing saved.
	bad := strings.Replace(strings.Replace(eformText("Họ tên"), `"ho_ten"`, `"Ho-ten"`, 1), `"document": 0`, `"document": 3`, 1)
	res = save(c, code, bad, "0", "save")
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text("#definition-error"), "Định nghĩa có 2 lỗi") {
		t.Fatalf("invalid e-form: %d %q", res.Status, res.Text("#definition-error"))
	}
	items := res.Doc.Find("#check-errors li")
	if items.Length() != 2 || !strings.Contains(items.Eq(0).Text(), "Mã trường chỉ gồm chữ thường") ||
		!strings.Contains(items.Eq(0).Text(), "Trang 1 (nguoi-yeu-cau) › phần 1 › trường 1 (Ho-ten) › id") ||
		!strings.Contains(items.Eq(0).Text(), "pages.0.sections.0.fields.0.id") ||
		!strings.Contains(items.Eq(1).Text(), "Chọn một trong 1 giấy tờ") {
		t.Errorf("problems listed: %d: %s", items.Length(), res.Text("#check-errors"))
	}
	if got := res.Doc.Find("#definition").Text(); got != bad {
		t.Errorf("invalid e-form not kept")
	}
	if vs, err := env.App.Eforms.Versions(t.Context(), code, 0); err != nil || len(vs) != 0 {
		t.Fatalf("a refused e-form was saved: %d versions, %v", len(vs), err)
	}
	// Check only: the result, nothing saved.
	res = save(c, code, eformText("Họ tên"), "0", "check")
	if res.Status != http.StatusOK || !strings.Contains(res.Text("main .alert-success"), "Định nghĩa hợp lệ") {
		t.Errorf("check: %d %q", res.Status, res.Text("main"))
	}
	if vs, _ := env.App.Eforms.Versions(t.Context(), code, 0); len(vs) != 0 {
		t.Fatal("a check saved the e-form")
	}

	res = save(c, code, eformText("Họ tên"), basedOn(res), "save")
	if res.Status != http.StatusSeeOther || res.Location != show {
		t.Fatalf("save: %d to %q: %s", res.Status, res.Location, res.Text("main"))
	}
	res = c.Get(show)
	if !strings.Contains(res.Text(".alert"), "Đã lưu bản nháp biểu mẫu") || !strings.Contains(res.Text("main"), "Bản nháp phiên bản 1") ||
		res.Doc.Find(`a[href="`+string(route.AdminEformPublish(code, 0))+`"]`).Length() != 1 {
		t.Errorf("page after saving: %s", res.Text("main"))
	}

	// Someone else saved meanwhile: 409, the text kept, and the page now
	// carries the revision that is there, so saving again overwrites.
	mine := eformText("Họ, chữ đệm, tên")
	res = save(c, code, mine, "0", "save")
	if res.Status != http.StatusConflict || !strings.Contains(res.Text("main .alert-warning"), "người khác thay đổi") ||
		res.Doc.Find("#definition").Text() != mine || basedOn(res) == "0" {
		t.Fatalf("stale save: %d %q, based on %q", res.Status, res.Text("main .alert"), basedOn(res))
	}
	if d, _ := env.App.Eforms.Draft(t.Context(), code, 0); d.Form.Pages[0].Sections[0].Fields[0].Label != "Họ tên" {
		t.Error("a stale save replaced the draft")
	}
	if res = save(c, code, mine, basedOn(res), "save"); res.Status != http.StatusSeeOther {
		t.Fatalf("save after the conflict: %d", res.Status)
	}

	// Publish: a confirmation page showing what changes, then the POST.
	res = c.Get(string(route.AdminEformPublish(code, 0)))
	if res.Status != http.StatusOK || !strings.Contains(res.Text("main table"), "Trường thêm mới") ||
		!strings.Contains(res.Text("main table"), "ho_ten (Họ, chữ đệm, tên)") ||
		res.Doc.Find(`form[method=post][action="`+string(route.AdminEformPublish(code, 0))+`"]`).Length() != 1 {
		t.Fatalf("publish confirmation: %d %s", res.Status, res.Text("main"))
	}
	res = c.Post(string(route.AdminEformPublish(code, 0)), nil)
	if res.Status != http.StatusSeeOther || res.Location != show {
		t.Fatalf("publish: %d to %q", res.Status, res.Location)
	}
	res = c.Get(show)
	if !strings.Contains(res.Text(".alert"), "Đã công bố biểu mẫu") || !strings.Contains(res.Text("main"), "Đang áp dụng phiên bản 1") ||
		strings.Contains(res.Text("main"), "Bản nháp phiên bản") || !strings.Contains(res.Text("main pre"), `"tep_to_khai"`) {
		t.Errorf("page after publishing: %s", res.Text("main"))
	}
	if res = c.Get(string(route.AdminProcedure(code))); !strings.Contains(res.Doc.Find(`a[href="`+show+`"]`).Closest("tr").Text(), "Đang áp dụng phiên bản 1") {
		t.Error("procedure page does not say the e-form is published")
	}

	// An edit starts from v1 and makes draft v2, which is discarded.
	res = c.Get(string(route.AdminEformEdit(code, 0)))
	if !strings.Contains(res.Text("main .alert"), "phiên bản 1 đang áp dụng") || !strings.Contains(res.Text("main .alert"), "phiên bản 2") {
		t.Errorf("editor over v1: %q", res.Text("main .alert"))
	}
	same := res.Doc.Find("#definition").Text()
	if res = save(c, code, same, basedOn(res), "save"); res.Status != http.StatusSeeOther {
		t.Fatalf("save v2 unchanged: %d %s", res.Status, res.Text("#check-errors"))
	}
	if res = c.Get(string(route.AdminEformPublish(code, 0))); !strings.Contains(res.Text("main"), "giống hệt phiên bản đang áp dụng") {
		t.Errorf("confirmation of an unchanged draft: %s", res.Text("main"))
	}
	res = c.Get(string(route.AdminEformEdit(code, 0)))
	edited := strings.Replace(res.Doc.Find("#definition").Text(), `"Tờ khai"`, `"Tờ khai đăng ký khai sinh (bản chính)"`, 1)
	if res = save(c, code, edited, basedOn(res), "save"); res.Status != http.StatusSeeOther {
		t.Fatalf("save v2: %d %s", res.Status, res.Text("#check-errors"))
	}
	res = c.Post(string(route.AdminEformDiscard(code, 0)), nil)
	if res.Status != http.StatusSeeOther || res.Location != show {
		t.Fatalf("discard: %d to %q", res.Status, res.Location)
	}
	if res = c.Get(show); !strings.Contains(res.Text(".alert"), "Đã hủy bản nháp") || strings.Contains(res.Text("main"), "Bản nháp phiên bản") {
		t.Errorf("page after discarding: %s", res.Text("main"))
	}
	if res = c.Post(string(route.AdminEformDiscard(code, 0)), nil); res.Status != http.StatusSeeOther {
		t.Errorf("discard without a draft: %d", res.Status)
	} else if res = c.Get(res.Location); !strings.Contains(res.Text(".alert"), "Không có bản nháp") {
		t.Errorf("discard without a draft: %q", res.Text(".alert"))
	}

	// The trail: who did what, with version numbers and changed fields.
	res = c.Get(string(route.AdminEformHistory(code, 0)))
	if res.Status != http.StatusOK {
		t.Fatalf("history: %d", res.Status)
	}
	var actions []string
	res.Doc.Find(".history-entry h2").Each(func(_ int, s *goquery.Selection) { actions = append(actions, s.Text()) })
	if strings.Join(actions, ", ") != "Hủy bản nháp, Lưu bản nháp, Lưu bản nháp, Công bố, Lưu bản nháp, Lưu bản nháp" {
		t.Errorf("history actions: %v", actions)
	}
	main := res.Text("main")
	for _, want := range []string{env.Users[account.RoleAdmin].FullName, "Trường được sửa", "tep_to_khai (Tờ khai)", "Phiên bản"} {
		if !strings.Contains(main, want) {
			t.Errorf("history lacks %q", want)
		}
	}
	entries, err := env.App.Eforms.History(t.Context(), code, 0)
	if err != nil || len(entries) != 6 || entries[2].Action != "eform.publish" || entries[2].ActorID != env.Users[account.RoleAdmin].ID {
		t.Errorf("audit entries: %+v, %v", entries, err)
	}

	// Versions have pages of their own; what does not exist is 404.
	res = c.Get(string(route.AdminEformVersion(code, 0, 1)))
	if res.Status != http.StatusOK || !strings.Contains(res.Text("main pre"), `"ho_ten"`) || !strings.Contains(res.Text("main"), "Đang áp dụng") {
		t.Errorf("version 1: %d", res.Status)
	}
	for _, path := range []string{string(route.AdminEformVersion(code, 0, 9)), string(route.AdminEform(code, 1)),
		string(route.AdminEform("9.999999", 0)), "/quan-tri/thu-tuc/" + code + "/bieu-mau/01",
		"/quan-tri/thu-tuc/" + code + "/bieu-mau/-1", string(route.AdminEformEdit(code, 7))} {
		if res := c.Get(path); res.Status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, res.Status)
		}
	}
	if res := save(c, code+"9", eformText("x"), "0", "save"); res.Status != http.StatusNotFound {
		t.Errorf("save for an unknown procedure: %d", res.Status)
	}
}

// A draft that stopped fitting the catalogue cannot be published: the
// confirmation page lists why, and the editor shows it.
func TestEformPublicationFollowsTheCatalogue(t *testing.T) {
	env := apptest.New(t)
	c := env.Client(t)
	c.Login(env.Users[account.RoleAdmin])
	rec := apptest.SampleRecords()[0]
	env.Publish(t, rec)
	code := rec.Code
	if res := save(c, code, eformText("Họ tên"), "0", "save"); res.Status != http.StatusSeeOther {
		t.Fatalf("save: %d", res.Status)
	}
	rec.Cases[0].Documents = nil // the file slot now points nowhere
	env.Publish(t, rec)

	res := c.Get(string(route.AdminEformPublish(code, 0)))
	if res.Status != http.StatusOK || !strings.Contains(res.Text("main .alert-warning"), "chưa thể công bố") ||
		res.Doc.Find("main form[method=post]").Length() != 0 || !strings.Contains(res.Text("main .check-list"), "Chọn một trong 0 giấy tờ") {
		t.Errorf("confirmation of an invalid draft: %d %s", res.Status, res.Text("main"))
	}
	res = c.Post(string(route.AdminEformPublish(code, 0)), nil)
	if res.Status != http.StatusSeeOther || res.Location != string(route.AdminEformEdit(code, 0)) {
		t.Fatalf("publish an invalid draft: %d to %q", res.Status, res.Location)
	}
	res = c.Get(res.Location)
	if !strings.Contains(res.Text(".alert-error"), "chưa được công bố") || res.Doc.Find("#check-errors li").Length() != 1 ||
		!strings.Contains(res.Text("main"), "Trường hợp này không có giấy tờ nào") {
		t.Errorf("editor after a refused publication: %s", res.Text("main"))
	}
	if res = c.Get(string(route.AdminEform(code, 0))); !strings.Contains(res.Text("main"), "không khớp với thành phần hồ sơ") {
		t.Errorf("e-form page does not warn about the draft: %s", res.Text("main"))
	}
	if _, err := env.App.Eforms.Current(t.Context(), code, 0); err == nil {
		t.Error("the invalid draft was published")
	}

	// A retired procedure's e-forms can be read, not changed.
	if err := env.App.Catalog.Retire(t.Context(), env.Users[account.RoleAdmin].ID, code, "Bãi bỏ"); err != nil {
		t.Fatal(err)
	}
	res = c.Get(string(route.AdminEform(code, 0)))
	if res.Status != http.StatusOK || res.Doc.Find(`a[href="`+string(route.AdminEformEdit(code, 0))+`"]`).Length() != 0 ||
		!strings.Contains(res.Text("main .alert"), "chỉ còn để xem") {
		t.Errorf("retired procedure's e-form page: %d %s", res.Status, res.Text("main"))
	}
	for _, res := range []*apptest.Response{c.Get(string(route.AdminEformEdit(code, 0))), save(c, code, eformText("x"), "0", "save"),
		c.Post(string(route.AdminEformPublish(code, 0)), nil), c.Post(string(route.AdminEformDiscard(code, 0)), nil)} {
		if res.Status != http.StatusSeeOther || res.Location != string(route.AdminEform(code, 0)) {
			t.Errorf("change to a retired procedure's e-form: %d to %q", res.Status, res.Location)
		}
	}
	if d, err := env.App.Eforms.Draft(t.Context(), code, 0); err != nil || d.Version != 1 {
		t.Errorf("the draft changed: %+v %v", d, err)
	}
}

func TestOnlyAdministratorsManageEforms(t *testing.T) {
	env := apptest.New(t)
	rec := apptest.SampleRecords()[0]
	env.Publish(t, rec)
	code := rec.Code
	if _, err := env.App.Eforms.SaveDraft(t.Context(), env.Users[account.RoleAdmin].ID, code, 0,
		mustParse(t, eformText("Họ tên")), 0); err != nil {
		t.Fatal(err)
	}
	for _, role := range []account.Role{account.RoleOfficer, account.RoleCitizen} {
		c := env.Client(t)
		c.SkipHTMLCheck = true
		c.Login(env.Users[role])
		for _, get := range []string{string(route.AdminEform(code, 0)), string(route.AdminEformEdit(code, 0)),
			string(route.AdminEformPublish(code, 0)), string(route.AdminEformHistory(code, 0)), string(route.AdminEformVersion(code, 0, 1)),
			string(route.AdminEformPreview(code, 0, ""))} {
			if res := c.Get(get); res.Status != http.StatusForbidden {
				t.Errorf("GET %s as %s: %d", get, role, res.Status)
			}
		}
		for _, post := range []string{string(route.AdminEformEdit(code, 0)), string(route.AdminEformPublish(code, 0)),
			string(route.AdminEformDiscard(code, 0))} {
			if res := c.Post(post, url.Values{"definition": {eformText("x")}, "based_on": {"0"}}); res.Status != http.StatusForbidden {
				t.Errorf("POST %s as %s: %d", post, role, res.Status)
			}
		}
	}
	// Without the CSRF token, not even an administrator.
	admin := env.Client(t)
	admin.SkipHTMLCheck = true
	admin.Login(env.Users[account.RoleAdmin])
	if res := admin.Post(string(route.AdminEformPublish(code, 0)), url.Values{route.CSRFFormField: {"forged"}}); res.Status != http.StatusForbidden {
		t.Errorf("publish with a forged token: %d", res.Status)
	}
	vs, err := env.App.Eforms.Versions(t.Context(), code, 0)
	if err != nil || len(vs) != 1 || vs[0].Status != eform.StatusDraft {
		t.Errorf("e-form changed by someone not allowed: %+v %v", vs, err)
	}
}

func mustParse(t *testing.T, text string) eform.Form {
	t.Helper()
	f, err := eform.ParseForm([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// The preview draws each page of the draft with the applicants' renderer,
// every control locked, with links between the pages.
func TestAdminPreviewsTheDraft(t *testing.T) {
	env := apptest.New(t)
	ctx := t.Context()
	if _, err := env.App.SeedCatalog(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := env.App.SeedEforms(ctx); err != nil {
		t.Fatal(err)
	}
	c := env.Client(t)
	c.Login(env.Users[account.RoleAdmin])
	const code = "1.001193" // birth registration: groups, addresses, choices, conditions, file slots
	show := string(route.AdminEform(code, 0))
	if res := c.Get(string(route.AdminEformPreview(code, 0, ""))); res.Status != http.StatusSeeOther || res.Location != show {
		t.Errorf("preview without a draft: %d to %q", res.Status, res.Location)
	}
	cur, err := env.App.Eforms.Current(ctx, code, 0)
	if err != nil {
		t.Fatal(err)
	}
	f := cur.Form
	f.Pages[0].Title = "Trang đầu (nháp)"
	if _, err := env.App.Eforms.SaveDraft(ctx, env.Users[account.RoleAdmin].ID, code, 0, f, cur.Revision); err != nil {
		t.Fatal(err)
	}
	res := c.Get(show)
	first := string(route.AdminEformPreview(code, 0, ""))
	if res.Doc.Find(`main a[href="`+first+`"]`).Length() != 1 {
		t.Fatalf("the e-form page does not link to the preview: %s", res.Text("main .actions"))
	}
	for i, pg := range f.Pages {
		path := string(route.AdminEformPreview(code, 0, pg.ID))
		if i == 0 {
			path = first
		}
		res := c.Get(path)
		if res.Status != http.StatusOK || res.Text("#preview-page-title") != pg.Title {
			t.Fatalf("preview of page %s: %d %q", pg.ID, res.Status, res.Text("#preview-page-title"))
		}
		if !strings.Contains(res.Text("main .alert-warning"), "bản nháp phiên bản 2") {
			t.Errorf("page %s: no preview banner: %q", pg.ID, res.Text("main .alert"))
		}
		links := res.Doc.Find("nav .preview-pages a")
		current := res.Doc.Find(`nav .preview-pages a[aria-current="page"]`)
		if links.Length() != len(f.Pages) || current.Length() != 1 || !strings.Contains(current.Text(), pg.Title) {
			t.Errorf("page %s: %d page links, current %q", pg.ID, links.Length(), current.Text())
		}
		questions := res.Doc.Find(".preview-page input, .preview-page select, .preview-page textarea, .preview-page button")
		if questions.Length() == 0 {
			t.Errorf("page %s: no controls rendered", pg.ID)
		}
		if open := questions.Not("[disabled], [type=hidden]"); open.Length() != 0 {
			name, _ := open.First().Attr("name")
			t.Errorf("page %s: %d controls not locked, first %q", pg.ID, open.Length(), name)
		}
		if res.Doc.Find("main form").Length() != 0 {
			t.Errorf("page %s: the preview has a form", pg.ID)
		}
		if i+1 < len(f.Pages) {
			want := string(route.AdminEformPreview(code, 0, f.Pages[i+1].ID))
			if res.Doc.Find(`main .actions a[href="`+want+`"]`).Length() != 1 {
				t.Errorf("page %s: no link to the next page", pg.ID)
			}
		}
	}
	if res := c.Get(string(route.AdminEformPreview(code, 0, "khong-co"))); res.Status != http.StatusNotFound {
		t.Errorf("preview of an unknown page: %d", res.Status)
	}
}
