package admin_test

import (
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/document"
	"github.com/motcua/motcua/internal/pgstore"
	"github.com/motcua/motcua/web/route"
)

// pdfText reads a PDF back with pdftotext (poppler-utils, installed by
// scripts/test.sh), words joined by single spaces.
func pdfText(t *testing.T, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.CommandContext(t.Context(), "pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// TestResultTemplateList: the procedures in force with their result and
// whether they have a template, searched by code or name and filtered.
func TestResultTemplateList(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	admin := env.Client(t)
	admin.Login(env.Users[account.RoleAdmin])
	if err := env.App.ResultTemplates.Save(t.Context(), env.Users[account.RoleAdmin].ID, apptest.ProcProvince,
		document.ResultTemplate{Title: "GIẤY CHỨNG NHẬN THỬ NGHIỆM", Symbol: "GCNTN"}); err != nil {
		t.Fatal(err)
	}
	res := admin.Get(string(route.AdminResultTemplates(route.ResultTemplateQuery{})))
	if res.Status != http.StatusOK {
		t.Fatalf("list: %d", res.Status)
	}
	rows := res.Doc.Find("table tbody tr")
	if rows.Length() != 2 {
		t.Fatalf("%d rows, want the 2 procedures in force", rows.Length())
	}
	commune, province := rows.Eq(0).Text(), rows.Eq(1).Text()
	for _, want := range []string{apptest.ProcCommune, "Xác nhận thông tin thử nghiệm", "Giấy xác nhận", "Mặc định"} {
		if !strings.Contains(commune, want) {
			t.Errorf("the commune procedure's row lacks %q: %s", want, commune)
		}
	}
	for _, want := range []string{apptest.ProcProvince, "GIẤY CHỨNG NHẬN THỬ NGHIỆM (số …/GCNTN)"} {
		if !strings.Contains(province, want) {
			t.Errorf("the province procedure's row lacks %q: %s", want, province)
		}
	}
	if res.Doc.Find("a[href='"+string(route.AdminResultTemplate(apptest.ProcCommune))+"']").Length() != 1 {
		t.Error("no link to the editor")
	}
	// The procedure's administration page links to it too.
	if res := admin.Get(string(route.AdminProcedure(apptest.ProcCommune))); res.Doc.Find("a[href='"+
		string(route.AdminResultTemplate(apptest.ProcCommune))+"']").Length() != 1 {
		t.Error("no link from the procedure's page")
	}
	for q, want := range map[route.ResultTemplateQuery]string{
		{Text: "xac nhan"}:             apptest.ProcCommune,
		{Text: "1.009902"}:             apptest.ProcProvince,
		{Has: route.HasTemplateYes}:    apptest.ProcProvince,
		{Has: route.HasTemplateNo}:     apptest.ProcCommune,
		{Text: "xac", Has: "co"}:       "",
		{Text: "không có thủ tục này"}: "",
	} {
		res := admin.Get(string(route.AdminResultTemplates(q)))
		rows := res.Doc.Find("table tbody tr th a")
		got := ""
		if rows.Length() == 1 {
			got = rows.Text()
		} else if rows.Length() > 1 {
			got = "several"
		}
		if res.Status != http.StatusOK || got != want {
			t.Errorf("%+v: %d, got %q, want %q", q, res.Status, got, want)
		}
	}
}

// TestResultTemplateEditor: a line naming a field the e-form lacks and an
// over-long symbol are refused beside their fields with everything typed
// kept; "add lines" adds blank rows; a good template is saved, audited,
// previewed as a PDF, and shown again in the editor.
func TestResultTemplateEditor(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	adminUser := env.Users[account.RoleAdmin]
	admin := env.Client(t)
	admin.Login(adminUser)
	page := string(route.AdminResultTemplate(apptest.ProcCommune))

	res := admin.Get(page)
	if res.Status != http.StatusOK {
		t.Fatalf("editor: %d", res.Status)
	}
	// The defaults show as placeholders; the fields of the e-form are the
	// choices (a group's sub-field by its first item, no file slot).
	if ph, _ := res.Doc.Find("#title").Attr("placeholder"); ph != "GIẤY XÁC NHẬN" {
		t.Errorf("title placeholder %q", ph)
	}
	if ph, _ := res.Doc.Find("#symbol").Attr("placeholder"); ph != "KQ" {
		t.Errorf("symbol placeholder %q", ph)
	}
	if ph := res.Doc.Find("#bases").AttrOr("placeholder", ""); !strings.Contains(ph, "Căn cứ 01/2026/TT-TEST Thông tư thử nghiệm;") {
		t.Errorf("bases placeholder %q", ph)
	}
	if ph := res.Doc.Find("#signer_title").AttrOr("placeholder", ""); ph != "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH" {
		t.Errorf("signer placeholder %q", ph)
	}
	opts := res.Doc.Find("#lines-0-field option")
	var values []string
	opts.Each(func(_ int, s *goquery.Selection) { values = append(values, s.AttrOr("value", "")) })
	if got := strings.Join(values, ","); got != ",ho_ten,so_dinh_danh,dien_thoai,ngay_sinh,noi_cu_tru,nguoi_than_so_dinh_danh,"+
		"nguoi_than_ho_ten,con.0.ten,con.0.nam_sinh,co_giay_khac" {
		t.Errorf("field choices: %s", got)
	}
	if n := res.Doc.Find("select[name$='.field']").Length(); n != 3 {
		t.Errorf("%d blank line rows, want 3", n)
	}

	form := url.Values{"title": {"GIẤY XÁC NHẬN THÔNG TIN"}, "symbol": {"XÁC-NHẬN-THÔNG-TIN-CỦA-XÃ"},
		"bases":         {"Căn cứ Thông tư số 01/2026/TT-TEST;\n\n  Xét đề nghị của người nộp hồ sơ,  "},
		"signer_title":  {"KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"},
		"lines.0.label": {"Họ và tên"}, "lines.0.field": {"ho_ten"},
		"lines.1.label": {"Nơi ở"}, "lines.1.field": {"noi_o"},
		"lines.2.label": {""}, "lines.2.field": {""},
		"lines.3.label": {"Con"}, "lines.3.field": {"con.0.ten"}}
	res = admin.Post(page, form)
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("bad template: %d", res.Status)
	}
	if e := res.Text("#symbol-error"); !strings.Contains(e, "tối đa 20 ký tự") {
		t.Errorf("symbol error %q", e)
	}
	if e := res.Text("#lines-1-field-error"); !strings.Contains(e, "tờ khai điện tử") {
		t.Errorf("field error %q", e)
	}
	if res.Text("#lines-0-field-error") != "" || res.Text("#title-error") != "" {
		t.Error("errors beside good fields")
	}
	if !strings.Contains(res.Text(".error-summary"), "tối đa 20 ký tự") ||
		res.Doc.Find(".error-summary a[href='#lines-1-field']").Length() != 1 {
		t.Errorf("error summary: %q", res.Text(".error-summary"))
	}
	// Everything typed is kept; the blank row is gone, so line 3 moved up.
	for id, want := range map[string]string{"#title": "GIẤY XÁC NHẬN THÔNG TIN", "#symbol": "XÁC-NHẬN-THÔNG-TIN-CỦA-XÃ",
		"#lines-0-label": "Họ và tên", "#lines-1-label": "Nơi ở", "#lines-2-label": "Con"} {
		if v, _ := res.Doc.Find(id).Attr("value"); v != want {
			t.Errorf("%s = %q, want %q", id, v, want)
		}
	}
	if v := res.Text("#signer_title"); v != "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH" {
		t.Errorf("signer title %q", v)
	}
	if v := res.Doc.Find("#lines-1-field option[selected]").AttrOr("value", ""); v != "noi_o" {
		t.Errorf("the unknown field is not kept chosen: %q", v)
	}
	if v := res.Doc.Find("#lines-2-field option[selected]").AttrOr("value", ""); v != "con.0.ten" {
		t.Errorf("line 3 field %q", v)
	}
	if tpl, _ := env.App.ResultTemplates.Get(t.Context(), apptest.ProcCommune); tpl.Title != "" {
		t.Errorf("a refused template was stored: %+v", tpl)
	}

	// "Add lines" keeps what is typed, drops removed rows and adds blanks.
	add := cloneForm(form)
	add.Set("action", "add")
	add.Set("lines.3.remove", "1")
	res = admin.Post(page, add)
	if res.Status != http.StatusOK || res.Doc.Find("select[name$='.field']").Length() != 6 ||
		res.Doc.Find("#lines-2-label").AttrOr("value", "") != "" {
		t.Errorf("add lines: %d, %d rows", res.Status, res.Doc.Find("select[name$='.field']").Length())
	}

	// Fixed, it saves, with an audit entry.
	form.Set("symbol", "XNTT")
	form.Set("lines.1.field", "noi_cu_tru")
	res = admin.Post(page, form)
	if res.Status != http.StatusSeeOther || res.Location != page {
		t.Fatalf("save: %d %q", res.Status, res.Text(".error-summary"))
	}
	want := document.ResultTemplate{Title: "GIẤY XÁC NHẬN THÔNG TIN", Symbol: "XNTT",
		Bases:       []string{"Căn cứ Thông tư số 01/2026/TT-TEST;", "Xét đề nghị của người nộp hồ sơ,"},
		SignerTitle: "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
		Lines: []document.TemplateLine{{Label: "Họ và tên", Field: "ho_ten"}, {Label: "Nơi ở", Field: "noi_cu_tru"},
			{Label: "Con", Field: "con.0.ten"}}}
	got, err := env.App.ResultTemplates.Get(t.Context(), apptest.ProcCommune)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("stored template (-want +got):\n%s", diff)
	}
	entries, err := pgstore.NewAuditStore(env.App.DB).ForObject(t.Context(), "result_template", apptest.ProcCommune)
	if err != nil || len(entries) != 1 || entries[0].ActorID != adminUser.ID || entries[0].Action != "document.result_template" ||
		len(entries[0].Changes) != 5 {
		t.Errorf("audit: %+v, %v", entries, err)
	}
	res = admin.Get(res.Location)
	if !strings.Contains(res.Text(".alert"), "Đã lưu mẫu kết quả") || res.Doc.Find("#symbol").AttrOr("value", "") != "XNTT" ||
		res.Doc.Find("#lines-2-field option[selected]").AttrOr("value", "") != "con.0.ten" {
		t.Errorf("after saving: %q", res.Text(".alert"))
	}

	// The preview of the saved template, and of an edit not saved yet.
	res = admin.Get(string(route.AdminResultPreview(apptest.ProcCommune)))
	if res.Status != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" ||
		!strings.HasPrefix(res.Header.Get("Content-Disposition"), "inline") {
		t.Fatalf("preview: %d %s", res.Status, res.Header.Get("Content-Type"))
	}
	text := pdfText(t, res.Body)
	for _, want := range []string{"GIẤY XÁC NHẬN THÔNG TIN", "Số: 1/XNTT", "Căn cứ Thông tư số 01/2026/TT-TEST;", "Họ và tên:",
		"Nơi ở:", "Con:", "PHÓ CHỦ TỊCH", "Mã xác thực: XXXX-XXXX-XXXX"} {
		if !strings.Contains(text, want) {
			t.Errorf("the preview lacks %q:\n%s", want, text)
		}
	}
	edit := cloneForm(form)
	edit.Set("title", "GIẤY XÁC NHẬN ĐANG SỬA")
	edit.Set("lines.4.label", "Năm sinh của con")
	edit.Set("lines.4.field", "con.0.nam_sinh")
	res = admin.Post(string(route.AdminResultPreview(apptest.ProcCommune)), edit)
	if res.Status != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("preview of an edit: %d %s", res.Status, res.Text(".error-summary"))
	}
	if text := pdfText(t, res.Body); !strings.Contains(text, "GIẤY XÁC NHẬN ĐANG SỬA") || !strings.Contains(text, "Năm sinh của con: 1900") {
		t.Errorf("the preview of an edit:\n%s", text)
	}
	if got, _ := env.App.ResultTemplates.Get(t.Context(), apptest.ProcCommune); got.Title != want.Title {
		t.Errorf("a preview saved the template: %+v", got)
	}
	// A preview of a template with errors shows them instead.
	edit.Set("lines.4.field", "khong_co")
	res = admin.Post(string(route.AdminResultPreview(apptest.ProcCommune)), edit)
	if res.Status != http.StatusUnprocessableEntity || res.Text("#lines-3-field-error") == "" {
		t.Errorf("preview with errors: %d", res.Status)
	}

	// An unknown procedure is not found.
	if res := admin.Get(string(route.AdminResultTemplate("9.999999"))); res.Status != http.StatusNotFound {
		t.Errorf("unknown procedure: %d", res.Status)
	}
}

// TestResultTemplateAccess: only administrators, and only with the CSRF
// token.
func TestResultTemplateAccess(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	page := string(route.AdminResultTemplate(apptest.ProcCommune))
	form := url.Values{"title": {"GIẢ MẠO"}}
	for _, role := range []account.Role{account.RoleCitizen, account.RoleClerk, account.RoleLeader} {
		c := env.Client(t)
		c.SkipHTMLCheck = true
		c.Login(env.Users[role])
		for _, get := range []string{string(route.AdminResultTemplates(route.ResultTemplateQuery{})), page,
			string(route.AdminResultPreview(apptest.ProcCommune))} {
			if res := c.Get(get); res.Status != http.StatusForbidden {
				t.Errorf("GET %s as %s: %d", get, role, res.Status)
			}
		}
		for _, post := range []string{page, string(route.AdminResultPreview(apptest.ProcCommune))} {
			if res := c.Post(post, form); res.Status != http.StatusForbidden {
				t.Errorf("POST %s as %s: %d", post, role, res.Status)
			}
		}
	}
	if res := env.Client(t).Get(page); res.Status != http.StatusSeeOther {
		t.Errorf("anonymous: %d", res.Status)
	}
	admin := env.Client(t)
	admin.SkipHTMLCheck = true
	admin.Login(env.Users[account.RoleAdmin])
	forged := cloneForm(form)
	forged.Set(route.CSRFFormField, "forged")
	if res := admin.Post(page, forged); res.Status != http.StatusForbidden {
		t.Errorf("a forged token: %d", res.Status)
	}
	// No token at all: the administrator's session, the bare form.
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, env.URL+page, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: route.SessionCookieName, Value: admin.SessionCookie()})
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("no token: %d", res.StatusCode)
	}
	if got, _ := env.App.ResultTemplates.Get(t.Context(), apptest.ProcCommune); got.Title != "" {
		t.Errorf("stored without a token: %+v", got)
	}
}

func cloneForm(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
