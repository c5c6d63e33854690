package admin_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/web/admin"
	"github.com/motcua/motcua/web/route"
)

func testRecord() catalog.Record {
	return catalog.Record{
		Code: "1.999001", Name: "Cấp bản sao trích lục thử nghiệm", Decision: "1234/QĐ-UBND", Level: catalog.LevelCommune,
		Field:    catalog.Field{Code: "HT", Name: "Hộ tịch"},
		Subjects: []catalog.Subject{catalog.SubjectCitizen},
		Agencies: []catalog.Agency{{Role: catalog.AgencyImplementing, Name: "UBND cấp xã", UnitKind: "commune"}},
		Cases: []catalog.Case{{Name: "Cấp bản sao", Steps: "Nộp tờ khai.\nNhận bản sao.",
			Channels: []catalog.Channel{
				{Kind: catalog.ChannelDirect, Duration: 0.5, Unit: catalog.WorkingDays,
					Fees: []catalog.Fee{{Kind: catalog.KindPhi, Amount: 8000, Description: "mỗi bản"}}},
				{Kind: catalog.ChannelOnline, Duration: 0.5, Unit: catalog.WorkingDays},
			},
			Documents: []catalog.Document{{Name: "Tờ khai cấp bản sao", Originals: 1, Template: "to-khai.docx", Required: true}}}},
		Results:     []catalog.Result{{Name: "Bản sao trích lục"}},
		LegalBases:  []catalog.LegalBasis{{Number: "60/2014/QH13", Title: "Luật Hộ tịch", Date: "2014-11-20", Issuer: "Quốc hội"}},
		OnlineLevel: catalog.OnlinePartial,
	}
}

// formValues reads the values a browser would submit from the first form
// matching sel: inputs, ticked check boxes, textareas and selected options.
func formValues(doc *goquery.Document, sel string) url.Values {
	v := url.Values{}
	doc.Find(sel).First().Find("input, textarea, select").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		typ, _ := s.Attr("type")
		switch {
		case name == "" || name == route.CSRFFormField || typ == "submit":
		case goquery.NodeName(s) == "textarea":
			v.Add(name, s.Text())
		case goquery.NodeName(s) == "select":
			o := s.Find("option[selected]")
			if o.Length() == 0 {
				o = s.Find("option").First()
			}
			val, _ := o.Attr("value")
			v.Add(name, val)
		case typ == "checkbox":
			if _, on := s.Attr("checked"); on {
				val, _ := s.Attr("value")
				v.Add(name, val)
			}
		default:
			val, _ := s.Attr("value")
			v.Add(name, val)
		}
	})
	return v
}

func value(res *apptest.Response, css string) string {
	v, _ := res.Doc.Find(css).Attr("value")
	return v
}

func TestAdminCreatesEditsPublishesAndRetiresAProcedure(t *testing.T) {
	env := apptest.New(t)
	c := env.Client(t)
	c.Login(env.Users[account.RoleAdmin])
	rec := testRecord()
	code := rec.Code

	res := c.Get(route.PathAdminCatalog)
	if res.Status != http.StatusOK || res.Doc.Find(`a[href="`+route.PathAdminProcNew+`"]`).Length() != 1 {
		t.Fatalf("catalogue list: %d", res.Status)
	}
	res = c.Get(route.PathAdminProcNew)
	if res.Status != http.StatusOK || res.Doc.Find("#code").Length() != 1 || res.Doc.Find("#cases-0-channels-0-fees-0-amount").Length() != 1 {
		t.Fatalf("new procedure form: %d", res.Status)
	}

	// Invalid: an unreadable amount and an empty name. 422, the message
	// beside each field, linked from the summary, and every answer kept.
	form := admin.ProcedureFormValues(rec)
	form.Set("name", "")
	form.Set("cases[0].channels[0].fees[0].amount", "tám nghìn")
	form.Del("subjects")
	res = c.Post(route.PathAdminCatalog, form)
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("invalid procedure: %d", res.Status)
	}
	if got := res.Text("#cases-0-channels-0-fees-0-amount-error"); !strings.Contains(got, "Nhập số tiền bằng chữ số") {
		t.Errorf("amount error: %q", got)
	}
	if got := res.Text("#name-error"); !strings.Contains(got, "không được để trống") {
		t.Errorf("name error: %q", got)
	}
	if got := res.Text("#subjects-error"); !strings.Contains(got, "Chọn ít nhất một đối tượng") {
		t.Errorf("subjects error: %q", got)
	}
	if res.Doc.Find(`.error-summary a[href="#cases-0-channels-0-fees-0-amount"]`).Length() != 1 ||
		res.Doc.Find(`.error-summary a[href="#name"]`).Length() != 1 || res.Doc.Find(`.error-summary a[href="#subjects"]`).Length() != 1 {
		t.Errorf("error summary: %s", res.Text(".error-summary"))
	}
	for css, want := range map[string]string{"#cases-0-channels-0-fees-0-amount": "tám nghìn", "#code": code,
		"#field-name": "Hộ tịch", "#cases-0-channels-0-duration": "0,5", "#agencies-0-name": "UBND cấp xã"} {
		if got := value(res, css); got != want {
			t.Errorf("%s kept as %q, want %q", css, got, want)
		}
	}
	if got := res.Text("#cases-0-steps"); got != "Nộp tờ khai.\nNhận bản sao." {
		t.Errorf("steps kept as %q", got)
	}

	// "Add a row" re-renders with one more blank fee line, saving nothing.
	form = formValues(res.Doc, "main form[method=post]")
	form.Set("action", "add:cases[0].channels[0].fees")
	res = c.Post(route.PathAdminCatalog, form)
	if res.Status != http.StatusOK || res.Doc.Find("#cases-0-channels-0-fees-2-amount").Length() != 1 {
		t.Fatalf("add a fee line: %d", res.Status)
	}
	if _, err := env.App.Catalog.Procedure(t.Context(), code); err == nil {
		t.Fatal("adding a row saved the procedure")
	}

	form = formValues(res.Doc, "main form[method=post]")
	form.Set("name", rec.Name)
	form.Set("subjects", "citizen")
	form.Set("cases[0].channels[0].fees[0].amount", "8.000")
	form.Set("action", "save")
	res = c.Post(route.PathAdminCatalog, form)
	if res.Status != http.StatusSeeOther || res.Location != string(route.AdminProcedure(code)) {
		t.Fatalf("create: %d to %q: %s", res.Status, res.Location, res.Text(".error-summary"))
	}
	res = c.Get(res.Location)
	if !strings.Contains(res.Text(".alert"), "Đã lưu bản nháp") || res.Text("h1") != rec.Name {
		t.Errorf("procedure page after save: %q, %q", res.Text(".alert"), res.Text("h1"))
	}
	v1, err := env.App.Catalog.Version(t.Context(), code, 1)
	if err != nil {
		t.Fatal(err)
	}
	if v1.Record.Cases[0].Channels[0].Fees[0].Amount != 8000 || len(v1.Record.Cases[0].Channels[0].Fees) != 1 {
		t.Errorf("saved fees: %+v", v1.Record.Cases[0].Channels[0].Fees)
	}
	// A second procedure with the same code is refused.
	res = c.Post(route.PathAdminCatalog, admin.ProcedureFormValues(rec))
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text("#code-error"), "Đã có thủ tục") {
		t.Errorf("duplicate code: %d %q", res.Status, res.Text("#code-error"))
	}

	res = c.Post(string(route.AdminProcedurePublish(code)), nil)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("publish v1: %d", res.Status)
	}
	if res := c.Get(res.Location); !strings.Contains(res.Text(".alert"), "Đã công bố") {
		t.Errorf("publish notice: %q", res.Text(".alert"))
	}
	pub := env.Client(t)
	if res := pub.Get(string(route.Procedure(code, 0))); res.Status != http.StatusOK || res.Text("h1") != rec.Name {
		t.Fatalf("public v1: %d %q", res.Status, res.Text("h1"))
	}

	// Edit: the form starts from v1; saving creates draft v2 while the
	// public page still shows v1.
	res = c.Get(string(route.AdminProcedureEdit(code)))
	if res.Status != http.StatusOK || value(res, "#cases-0-channels-0-fees-0-amount") != "8.000" ||
		!strings.Contains(res.Text("main .alert"), "phiên bản 1") {
		t.Fatalf("edit form: %d, amount %q, notice %q", res.Status, value(res, "#cases-0-channels-0-fees-0-amount"), res.Text("main .alert"))
	}
	newName := "Cấp bản sao trích lục hộ tịch"
	form = formValues(res.Doc, "main form[method=post]")
	form.Set("name", newName)
	form.Set("cases[0].channels[0].fees[0].amount", "10.000")
	form.Set("cases[0].channels[1].remove", "1") // drop the online channel...
	form.Set("online_level", "none")             // ...so the service is information only
	res = c.Post(string(route.AdminProcedureEdit(code)), form)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("save draft v2: %d %s", res.Status, res.Text(".error-summary"))
	}
	if res := pub.Get(string(route.Procedure(code, 0))); res.Text("h1") != rec.Name {
		t.Errorf("public page shows the draft: %q", res.Text("h1"))
	}
	res = c.Get(string(route.AdminProcedure(code)))
	if !strings.Contains(res.Text("main"), "Bản nháp phiên bản 2") ||
		res.Doc.Find(`form[action="`+string(route.AdminProcedurePublish(code))+`"]`).Length() != 1 {
		t.Errorf("admin page does not offer draft v2: %s", res.Text("main"))
	}
	res = c.Get(string(route.AdminProcedurePreview(code)))
	if res.Status != http.StatusOK || res.Text("h1") != newName || !strings.Contains(res.Text("main .alert"), "Bản xem trước") ||
		res.Doc.Find("header.area-admin").Length() != 1 || !strings.Contains(res.Text("main"), "10.000 đồng") {
		t.Fatalf("preview: %d %q %q", res.Status, res.Text("h1"), res.Text("main .alert"))
	}

	res = c.Post(string(route.AdminProcedurePublish(code)), nil)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("publish v2: %d", res.Status)
	}
	c.Get(res.Location)
	if res := pub.Get(string(route.Procedure(code, 0))); res.Text("h1") != newName {
		t.Errorf("public page after publishing v2: %q", res.Text("h1"))
	}
	res = pub.Get(string(route.Procedure(code, 1)))
	if res.Text("h1") != rec.Name || !strings.Contains(res.Text("main"), "Đây là phiên bản cũ") {
		t.Errorf("version 1: %q, notice %q", res.Text("h1"), res.Text("main .alert"))
	}

	// The audit trail: who changed which field from what to what.
	res = c.Get(string(route.AdminProcedureHistory(code)))
	if res.Status != http.StatusOK {
		t.Fatalf("history: %d", res.Status)
	}
	var nameRow *goquery.Selection
	res.Doc.Find("tr").Each(func(_ int, tr *goquery.Selection) {
		if strings.TrimSpace(tr.Find("th").Text()) == "Tên thủ tục" && strings.Contains(tr.Text(), newName) && nameRow == nil {
			nameRow = tr
		}
	})
	if nameRow == nil {
		t.Fatalf("no name change in history: %s", res.Text("main"))
	}
	if cells := nameRow.Find("td"); strings.TrimSpace(cells.Eq(0).Text()) != rec.Name || strings.TrimSpace(cells.Eq(1).Text()) != newName {
		t.Errorf("name change: %q -> %q", cells.Eq(0).Text(), cells.Eq(1).Text())
	}
	main := res.Text("main")
	for _, want := range []string{env.Users[account.RoleAdmin].FullName, "Lưu bản nháp", "Công bố", "Trường hợp", "10000"} {
		if !strings.Contains(main, want) {
			t.Errorf("history lacks %q", want)
		}
	}
	if res.Doc.Find("details summary").Length() == 0 {
		t.Error("long values are not folded")
	}

	// Retire: a reason is required; then the procedure leaves the public
	// search while its versions stay readable.
	search := route.Catalog(route.CatalogQuery{Text: newName})
	if res := pub.Get(string(search)); res.Doc.Find(`a[href="`+string(route.Procedure(code, 0))+`"]`).Length() == 0 {
		t.Fatalf("published procedure not found by the public search")
	}
	res = c.Post(string(route.AdminProcedureRetire(code)), url.Values{"reason": {"  "}})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text("#reason-error"), "Nhập lý do") {
		t.Fatalf("retire without a reason: %d %q", res.Status, res.Text("#reason-error"))
	}
	res = c.Post(string(route.AdminProcedureRetire(code)), url.Values{"reason": {"Bãi bỏ theo Quyết định 99/QĐ-UBND"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("retire: %d", res.Status)
	}
	res = c.Get(res.Location)
	if !strings.Contains(res.Text("main"), "Bãi bỏ theo Quyết định 99/QĐ-UBND") || res.Doc.Find(`a[href="`+string(route.AdminProcedureEdit(code))+`"]`).Length() != 0 {
		t.Errorf("retired procedure page: %s", res.Text("main"))
	}
	if res := pub.Get(string(search)); res.Doc.Find(`a[href="`+string(route.Procedure(code, 0))+`"]`).Length() != 0 {
		t.Error("retired procedure still in the public search")
	}
	if res := pub.Get(string(route.Procedure(code, 1))); res.Status != http.StatusOK || res.Text("h1") != rec.Name {
		t.Errorf("retired procedure's version 1: %d %q", res.Status, res.Text("h1"))
	}
	res = c.Get(route.PathAdminCatalog + "?q=" + url.QueryEscape("trích lục"))
	if row := res.Doc.Find("tbody tr"); row.Length() != 1 || !strings.Contains(row.Text(), "Đã ngừng áp dụng") {
		t.Errorf("admin list: %s", res.Text("tbody"))
	}
}

func TestAdminDiscardsADraft(t *testing.T) {
	env := apptest.New(t)
	c := env.Client(t)
	c.Login(env.Users[account.RoleAdmin])
	rec := testRecord()
	env.Publish(t, rec)
	res := c.Get(string(route.AdminProcedureEdit(rec.Code)))
	form := formValues(res.Doc, "main form[method=post]")
	form.Set("name", "Tên tạm")
	if res := c.Post(string(route.AdminProcedureEdit(rec.Code)), form); res.Status != http.StatusSeeOther {
		t.Fatalf("save: %d", res.Status)
	}
	res = c.Post(string(route.AdminProcedureDiscard(rec.Code)), nil)
	if res.Status != http.StatusSeeOther || res.Location != string(route.AdminProcedure(rec.Code)) {
		t.Fatalf("discard: %d to %q", res.Status, res.Location)
	}
	res = c.Get(res.Location)
	if res.Text("h1") != rec.Name || !strings.Contains(res.Text(".alert"), "Đã hủy bản nháp") {
		t.Errorf("after discard: %q %q", res.Text("h1"), res.Text(".alert"))
	}
	// A procedure never published goes with its only draft.
	other := testRecord()
	other.Code = "1.999002"
	if res := c.Post(route.PathAdminCatalog, admin.ProcedureFormValues(other)); res.Status != http.StatusSeeOther {
		t.Fatalf("create: %d %s", res.Status, res.Text(".error-summary"))
	}
	res = c.Post(string(route.AdminProcedureDiscard(other.Code)), nil)
	if res.Status != http.StatusSeeOther || res.Location != route.PathAdminCatalog {
		t.Errorf("discard the only draft: %d to %q", res.Status, res.Location)
	}
	if res := c.Get(string(route.AdminProcedure(other.Code))); res.Status != http.StatusNotFound {
		t.Errorf("discarded new procedure: %d", res.Status)
	}
}

func TestOnlyAdministratorsManageTheCatalogue(t *testing.T) {
	env := apptest.New(t)
	code := apptest.SampleRecords()[0].Code
	env.Publish(t, apptest.SampleRecords()[0])
	officer := env.Client(t)
	officer.SkipHTMLCheck = true
	officer.Login(env.Users[account.RoleOfficer])
	for _, get := range []string{route.PathAdminCatalog, route.PathAdminProcNew, string(route.AdminProcedure(code)),
		string(route.AdminProcedureEdit(code)), string(route.AdminProcedurePreview(code)), string(route.AdminProcedureHistory(code))} {
		if res := officer.Get(get); res.Status != http.StatusForbidden {
			t.Errorf("GET %s as officer: %d", get, res.Status)
		}
	}
	for _, post := range []string{route.PathAdminCatalog, string(route.AdminProcedureEdit(code)), string(route.AdminProcedurePublish(code)),
		string(route.AdminProcedureDiscard(code)), string(route.AdminProcedureRetire(code))} {
		if res := officer.Post(post, url.Values{"reason": {"x"}}); res.Status != http.StatusForbidden {
			t.Errorf("POST %s as officer: %d", post, res.Status)
		}
	}
	if p, err := env.App.Catalog.Procedure(t.Context(), code); err != nil || p.Retired() {
		t.Errorf("procedure changed by an officer: %+v %v", p, err)
	}
}
