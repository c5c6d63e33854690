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
	"github.com/motcua/motcua/internal/workflow"
	"github.com/motcua/motcua/web/route"
)

// labourRules is a department procedure of Sở Nội vụ, where the test
// environment has its officer and leader, and the provincial centre its
// clerk: 7 working days (56 hours).
func labourRules() catalog.Record {
	return catalog.Record{Code: "2.001955", Name: "Đăng ký nội quy lao động của doanh nghiệp", Level: catalog.LevelProvince,
		Field: catalog.Field{Code: "LD", Name: "Lao động"}, Subjects: []catalog.Subject{catalog.SubjectBusiness},
		Agencies: []catalog.Agency{{Role: catalog.AgencyImplementing, Name: "Sở Nội vụ", UnitCode: "000.00.02.H19"}},
		Cases: []catalog.Case{{Name: "Đăng ký nội quy lao động", Steps: "Doanh nghiệp nộp hồ sơ; Sở Nội vụ xem xét.",
			Channels: []catalog.Channel{{Kind: catalog.ChannelDirect, Duration: 7, Unit: catalog.WorkingDays},
				{Kind: catalog.ChannelOnline, Duration: 7, Unit: catalog.WorkingDays}},
			Documents: []catalog.Document{{Name: "Văn bản đề nghị đăng ký nội quy lao động", Originals: 1, Required: true}}}},
		Results:     []catalog.Result{{Name: "Thông báo đăng ký nội quy lao động"}},
		LegalBases:  []catalog.LegalBasis{{Number: "45/2019/QH14", Title: "Bộ luật Lao động"}},
		OnlineLevel: catalog.OnlineFull}
}

// deptFlow is a department process of 56 hours; officerName tells
// versions apart.
func deptFlow(officerName string) workflow.Flow {
	ref := func(k workflow.UnitKind) workflow.UnitRef { return workflow.UnitRef{Kind: k} }
	return workflow.Flow{Steps: []workflow.Step{
		{ID: "tiep-nhan", Name: "Tiếp nhận hồ sơ", Unit: ref(workflow.UnitReceiving), Role: workflow.RoleClerk, Mode: workflow.ModeManual,
			BudgetHours: 4, Actions: []workflow.Transition{{Action: workflow.ActionReceive, Target: "chuyen"},
				{Action: workflow.ActionGuide}, {Action: workflow.ActionRefuse}}},
		{ID: "chuyen", Name: "Chuyển hồ sơ", Unit: ref(workflow.UnitReceiving), Role: workflow.RoleClerk, Mode: workflow.ModeAuto,
			Tasks: []workflow.Task{workflow.TaskTransfer}, Actions: []workflow.Transition{{Action: workflow.ActionForward, Target: "tham-dinh"}}},
		{ID: "tham-dinh", Name: officerName, Unit: ref(workflow.UnitCompetent), Role: workflow.RoleOfficer, Mode: workflow.ModeManual,
			BudgetHours: 36, Actions: []workflow.Transition{{Action: workflow.ActionForward, Target: "ky", Label: "Trình lãnh đạo Sở"},
				{Action: workflow.ActionReturn, Target: "tiep-nhan"}, {Action: workflow.ActionSupplement}}},
		{ID: "ky", Name: "Lãnh đạo Sở ký", Unit: ref(workflow.UnitCompetent), Role: workflow.RoleLeader, Mode: workflow.ModeManual,
			BudgetHours: 12, Actions: []workflow.Transition{{Action: workflow.ActionApprove, Target: "tra"},
				{Action: workflow.ActionReturn, Target: "tham-dinh"}, {Action: workflow.ActionStop}}},
		{ID: "tra", Name: "Trả kết quả", Unit: ref(workflow.UnitReceiving), Role: workflow.RoleClerk, Mode: workflow.ModeManual,
			BudgetHours: 4, Actions: []workflow.Transition{{Action: workflow.ActionDeliver}}},
	}}
}

func flowText(f workflow.Flow) string { return string(workflow.FormatFlow(f)) }

// saveFlow posts the editor as a browser would.
func saveFlow(c *apptest.Client, code, text, basedOn, action string) *apptest.Response {
	return c.Post(string(route.AdminWorkflowEdit(code, 0)), url.Values{"definition": {text}, "based_on": {basedOn}, "action": {action}})
}

func TestAdminWritesChecksAndPublishesAWorkflow(t *testing.T) {
	env := apptest.New(t)
	c := env.Client(t)
	c.Login(env.Users[account.RoleAdmin])
	rec := labourRules()
	env.Publish(t, rec)
	code := rec.Code
	show := string(route.AdminWorkflow(code, 0))
	edit := string(route.AdminWorkflowEdit(code, 0))

	// The procedure's page links to its case's process, beside the e-form.
	res := c.Get(string(route.AdminProcedure(code)))
	link := res.Doc.Find(`a[href="` + show + `"]`)
	if res.Status != http.StatusOK || link.Length() != 1 || !strings.Contains(link.Closest("tr").Text(), "Chưa có quy trình") ||
		link.Closest("tr").Find(`a[href="`+string(route.AdminEform(code, 0))+`"]`).Length() != 1 {
		t.Fatalf("procedure page: %d, %d links to the process", res.Status, link.Length())
	}
	res = c.Get(show)
	if res.Status != http.StatusOK || !strings.Contains(res.Text("main"), "Chưa công bố") ||
		res.Text(`main a[href="`+edit+`"]`) != "Soạn quy trình" {
		t.Fatalf("process page without a process: %d %s", res.Status, res.Text("main"))
	}
	res = c.Get(edit)
	if res.Status != http.StatusOK || !strings.Contains(res.Text("#definition"), `"tiep-nhan"`) || basedOn(res) != "0" ||
		!strings.Contains(res.Text("main .alert"), "khung gợi ý bốn bước") ||
		!strings.Contains(res.Text("main"), "Trực tiếp: 56 giờ làm việc") || !strings.Contains(res.Text("main"), "000.00.02.H19 Sở Nội vụ") {
		t.Fatalf("editor of a new process: %d, based on %q: %s", res.Status, basedOn(res), res.Text("main"))
	}

	// Not JSON, or a misspelt attribute: 422, where, the text kept.
	broken := "{\n  \"steps\": [\n    x\n  ]\n}"
	res = saveFlow(c, code, broken, "0", "save")
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text("#definition-error"), "JSON không hợp lệ ở dòng 3, cột 5") ||
		res.Doc.Find(`.error-summary a[href="#definition"]`).Length() != 1 || res.Doc.Find("#definition").Text() != broken {
		t.Errorf("broken JSON: %d %q", res.Status, res.Text("#definition-error"))
	}
	res = saveFlow(c, code, strings.Replace(flowText(deptFlow("Thẩm định")), `"budget_hours"`, `"budget_hour"`, 1), "0", "save")
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text("#definition-error"), `quy trình không có thuộc tính "budget_hour"`) {
		t.Errorf("misspelt attribute: %d %q", res.Status, res.Text("#definition-error"))
	}
	res = saveFlow(c, code, strings.Replace(flowText(deptFlow("Thẩm định")), `"budget_hours": 36`, `"budget_hours": "36"`, 1), "0", "save")
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text("#definition-error"), `giá trị của "steps.budget_hours" phải là một số`) {
		t.Errorf("wrong type: %d %q", res.Status, res.Text("#definition-error"))
	}

	// A flow Check refuses: 422, every problem listed with where it is,
	// nothing saved.
	bad := deptFlow("Thẩm định")
	bad.Steps[2].Actions[0].Target = "ky-duyet"
	bad.Steps[3].Role = "chu-tich"
	res = saveFlow(c, code, flowText(bad), "0", "save")
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text("#definition-error"), "Quy trình có 2 vấn đề") {
		t.Fatalf("invalid process: %d %q", res.Status, res.Text("#definition-error"))
	}
	items := res.Doc.Find("#check-errors li")
	if items.Length() != 2 || !strings.Contains(items.Eq(0).Text(), "Không có bước nào mang mã ky-duyet") ||
		!strings.Contains(items.Eq(0).Text(), "Bước 3 (tham-dinh) › thao tác 1 (forward) › target") ||
		!strings.Contains(items.Eq(0).Text(), "steps.2.actions.0.target") ||
		!strings.Contains(items.Eq(1).Text(), "Vai trò phải là") || !strings.Contains(items.Eq(1).Text(), "Bước 4 (ky) › role") {
		t.Errorf("problems listed: %d: %s", items.Length(), res.Text("#check-errors"))
	}
	if vs, err := env.App.Workflows.Versions(t.Context(), code, 0); err != nil || len(vs) != 0 {
		t.Fatalf("a refused process was saved: %d versions, %v", len(vs), err)
	}
	bad = deptFlow("Thẩm định")
	bad.Steps[4].BudgetHours = 14
	res = saveFlow(c, code, flowText(bad), "0", "check")
	if res.Status != http.StatusOK || !strings.Contains(res.Text("#check-errors li"),
		"Tổng thời gian các bước trên luồng chính (66 giờ làm việc) vượt thời hạn giải quyết khi nộp trực tiếp (56 giờ làm việc)") ||
		!strings.Contains(res.Text("#check-errors li"), "Toàn quy trình") {
		t.Errorf("check of a process over the legal time: %d %s", res.Status, res.Text("main"))
	}
	// Check only: the result, nothing saved.
	res = saveFlow(c, code, flowText(deptFlow("Thẩm định")), "0", "check")
	if res.Status != http.StatusOK || !strings.Contains(res.Text("main .alert-success"), "Quy trình hợp lệ") {
		t.Errorf("check: %d %q", res.Status, res.Text("main"))
	}
	if vs, _ := env.App.Workflows.Versions(t.Context(), code, 0); len(vs) != 0 {
		t.Fatal("a check saved the process")
	}

	res = saveFlow(c, code, flowText(deptFlow("Thẩm định")), basedOn(res), "save")
	if res.Status != http.StatusSeeOther || res.Location != show {
		t.Fatalf("save: %d to %q: %s", res.Status, res.Location, res.Text("main"))
	}
	// The page reads the flow as a table: steps, units, roles, actions.
	res = c.Get(show)
	if !strings.Contains(res.Text(".alert"), "Đã lưu bản nháp quy trình") || !strings.Contains(res.Text("main"), "Bản nháp phiên bản 1") ||
		res.Doc.Find(`a[href="`+string(route.AdminWorkflowPublish(code, 0))+`"]`).Length() != 1 {
		t.Errorf("page after saving: %s", res.Text("main"))
	}
	rows := res.Doc.Find("main table").First().Find("tbody tr")
	if rows.Length() != 5 {
		t.Fatalf("steps table: %d rows", rows.Length())
	}
	for i, want := range []string{"Tiếp nhận hồ sơ", "Tự động: chuyển hồ sơ đúng thời điểm luật định", "Trình lãnh đạo Sở → Lãnh đạo Sở ký (ky)",
		"Phê duyệt → Trả kết quả (tra)", "Trả kết quả"} {
		if row := strings.Join(strings.Fields(rows.Eq(i).Text()), " "); !strings.Contains(row, want) {
			t.Errorf("step %d lacks %q: %s", i+1, want, row)
		}
	}
	if !strings.Contains(rows.Eq(2).Text(), "Chuyên viên xử lý") || !strings.Contains(rows.Eq(2).Text(), "36 giờ") ||
		!strings.Contains(res.Text("main"), "tổng 56 giờ làm việc") {
		t.Errorf("appraisal step or main path: %s", res.Text("main"))
	}

	// Someone else saved meanwhile: 409, the text kept, the revision now
	// there carried, so saving again overwrites.
	mine := flowText(deptFlow("Chuyên viên thẩm định"))
	res = saveFlow(c, code, mine, "0", "save")
	if res.Status != http.StatusConflict || !strings.Contains(res.Text("main .alert-warning"), "người khác thay đổi") ||
		res.Doc.Find("#definition").Text() != mine || basedOn(res) == "0" {
		t.Fatalf("stale save: %d %q, based on %q", res.Status, res.Text("main .alert"), basedOn(res))
	}
	if res = saveFlow(c, code, mine, basedOn(res), "save"); res.Status != http.StatusSeeOther {
		t.Fatalf("save after the conflict: %d", res.Status)
	}

	// Publish: a confirmation page with the changes and the steps, then the
	// POST.
	res = c.Get(string(route.AdminWorkflowPublish(code, 0)))
	if res.Status != http.StatusOK || !strings.Contains(res.Text("main table"), "Bước thêm mới") ||
		!strings.Contains(res.Text("main table"), "tham-dinh (Chuyên viên thẩm định)") ||
		res.Doc.Find(`form[method=post][action="`+string(route.AdminWorkflowPublish(code, 0))+`"]`).Length() != 1 {
		t.Fatalf("publish confirmation: %d %s", res.Status, res.Text("main"))
	}
	res = c.Post(string(route.AdminWorkflowPublish(code, 0)), nil)
	if res.Status != http.StatusSeeOther || res.Location != show {
		t.Fatalf("publish: %d to %q", res.Status, res.Location)
	}
	res = c.Get(show)
	if !strings.Contains(res.Text(".alert"), "Đã công bố quy trình") || !strings.Contains(res.Text("main"), "Đang áp dụng phiên bản 1") ||
		strings.Contains(res.Text("main"), "Bản nháp phiên bản") || !strings.Contains(res.Text("main pre"), `"tham-dinh"`) {
		t.Errorf("page after publishing: %s", res.Text("main"))
	}
	if res = c.Get(string(route.AdminProcedure(code))); !strings.Contains(res.Doc.Find(`a[href="`+show+`"]`).Closest("tr").Text(), "Đang áp dụng phiên bản 1") {
		t.Error("procedure page does not say the process is published")
	}

	// An edit starts from v1 and makes draft v2, which is discarded.
	res = c.Get(edit)
	if !strings.Contains(res.Text("main .alert"), "phiên bản 1 đang áp dụng") {
		t.Errorf("editor over v1: %q", res.Text("main .alert"))
	}
	changed := strings.Replace(res.Doc.Find("#definition").Text(), `"budget_hours": 12`, `"budget_hours": 8`, 1)
	if res = saveFlow(c, code, changed, basedOn(res), "save"); res.Status != http.StatusSeeOther {
		t.Fatalf("save v2: %d %s", res.Status, res.Text("#check-errors"))
	}
	res = c.Post(string(route.AdminWorkflowDiscard(code, 0)), nil)
	if res.Status != http.StatusSeeOther || res.Location != show {
		t.Fatalf("discard: %d to %q", res.Status, res.Location)
	}
	if res = c.Get(show); !strings.Contains(res.Text(".alert"), "Đã hủy bản nháp") || strings.Contains(res.Text("main"), "Bản nháp phiên bản") {
		t.Errorf("page after discarding: %s", res.Text("main"))
	}

	// The trail: who did what, with version numbers and changed steps.
	res = c.Get(string(route.AdminWorkflowHistory(code, 0)))
	var actions []string
	res.Doc.Find(".history-entry h2").Each(func(_ int, s *goquery.Selection) { actions = append(actions, s.Text()) })
	if res.Status != http.StatusOK || strings.Join(actions, ", ") != "Hủy bản nháp, Lưu bản nháp, Công bố, Lưu bản nháp, Lưu bản nháp" {
		t.Errorf("history: %d %v", res.Status, actions)
	}
	for _, want := range []string{env.Users[account.RoleAdmin].FullName, "Bước được sửa", "ky (Lãnh đạo Sở ký)", "Phiên bản"} {
		if !strings.Contains(res.Text("main"), want) {
			t.Errorf("history lacks %q", want)
		}
	}

	// Versions have pages of their own; what does not exist is 404.
	res = c.Get(string(route.AdminWorkflowVersion(code, 0, 1)))
	if res.Status != http.StatusOK || !strings.Contains(res.Text("main pre"), `"tiep-nhan"`) || !strings.Contains(res.Text("main table"), "Chuyên viên thẩm định") {
		t.Errorf("version 1: %d", res.Status)
	}
	for _, path := range []string{string(route.AdminWorkflowVersion(code, 0, 9)), string(route.AdminWorkflow(code, 1)),
		string(route.AdminWorkflow("9.999999", 0)), "/quan-tri/thu-tuc/" + code + "/quy-trinh/01",
		string(route.AdminWorkflowVersion(code, 0, 0)), string(route.AdminWorkflowEdit(code, 7))} {
		if res := c.Get(path); res.Status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, res.Status)
		}
	}
}

// A commune process needs staff in every commune: until they exist the
// draft is saved but cannot be published, and the pages say where staff
// are lacking; with the demo staff it is published.
func TestWorkflowPublicationNeedsStaff(t *testing.T) {
	env := apptest.New(t)
	c := env.Client(t)
	c.Login(env.Users[account.RoleAdmin])
	rec := apptest.SampleRecords()[0] // the birth registration: every commune, the same day
	env.Publish(t, rec)
	code := rec.Code
	flow := deptFlow("Công chức tư pháp - hộ tịch")
	flow.Steps[0].BudgetHours, flow.Steps[2].BudgetHours, flow.Steps[3].BudgetHours, flow.Steps[4].BudgetHours = 1, 4, 2, 1
	if res := saveFlow(c, code, flowText(flow), "0", "save"); res.Status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.Status, res.Text("#check-errors"))
	}
	publish := string(route.AdminWorkflowPublish(code, 0))
	res := c.Get(publish)
	if res.Status != http.StatusOK || !strings.Contains(res.Text("main .alert-warning"), "chưa thể công bố") ||
		res.Doc.Find("main form[method=post]").Length() != 0 ||
		!strings.Contains(res.Text("main .check-list"), "92/92 đơn vị bước này có thể đến chưa có cán bộ một cửa đang hoạt động: "+
			"Trung tâm Phục vụ hành chính công Phường Đức Xuân (001.01.50.H19)") ||
		!strings.Contains(res.Text("main .check-list"), "chưa có chuyên viên đang hoạt động: UBND Phường Đức Xuân (001.00.50.H19)") {
		t.Errorf("confirmation without staff: %d %s", res.Status, res.Text("main"))
	}
	res = c.Post(publish, nil)
	if res.Status != http.StatusSeeOther || res.Location != publish {
		t.Fatalf("publish without staff: %d to %q", res.Status, res.Location)
	}
	if res = c.Get(res.Location); !strings.Contains(res.Text(".alert-error"), "chưa được công bố") {
		t.Errorf("after a refused publication: %s", res.Text("main"))
	}
	if res = c.Get(string(route.AdminWorkflow(code, 0))); !strings.Contains(res.Text("main"), "không qua được kiểm tra") {
		t.Errorf("the draft's problems are not shown: %s", res.Text("main"))
	}
	if _, err := env.App.Workflows.Current(t.Context(), code, 0); err == nil {
		t.Fatal("published without staff")
	}

	if _, err := env.App.SeedDemoStaff(t.Context()); err != nil {
		t.Fatal(err)
	}
	if res = c.Get(publish); res.Doc.Find(`main form[method=post][action="`+publish+`"]`).Length() != 1 {
		t.Fatalf("confirmation with the staff: %s", res.Text("main"))
	}
	if res = c.Post(publish, nil); res.Status != http.StatusSeeOther || res.Location != string(route.AdminWorkflow(code, 0)) {
		t.Fatalf("publish with the staff: %d to %q", res.Status, res.Location)
	}

	// A retired procedure's process can be read, not changed.
	if err := env.App.Catalog.Retire(t.Context(), env.Users[account.RoleAdmin].ID, code, "Bãi bỏ"); err != nil {
		t.Fatal(err)
	}
	show := string(route.AdminWorkflow(code, 0))
	res = c.Get(show)
	if res.Status != http.StatusOK || res.Doc.Find(`a[href="`+string(route.AdminWorkflowEdit(code, 0))+`"]`).Length() != 0 ||
		!strings.Contains(res.Text("main .alert-warning"), "chỉ còn để xem") {
		t.Errorf("retired procedure's process page: %d %s", res.Status, res.Text("main"))
	}
	for _, res := range []*apptest.Response{c.Get(string(route.AdminWorkflowEdit(code, 0))), saveFlow(c, code, flowText(flow), "0", "save"),
		c.Get(publish), c.Post(publish, nil), c.Post(string(route.AdminWorkflowDiscard(code, 0)), nil)} {
		if res.Status != http.StatusSeeOther || res.Location != show {
			t.Errorf("change to a retired procedure's process: %d to %q", res.Status, res.Location)
		}
	}
}

func TestOnlyAdministratorsManageWorkflows(t *testing.T) {
	env := apptest.New(t)
	rec := labourRules()
	env.Publish(t, rec)
	code := rec.Code
	if _, err := env.App.Workflows.SaveDraft(t.Context(), env.Users[account.RoleAdmin].ID, code, 0, deptFlow("Thẩm định"), 0); err != nil {
		t.Fatal(err)
	}
	for _, role := range []account.Role{account.RoleOfficer, account.RoleLeader, account.RoleCitizen} {
		c := env.Client(t)
		c.SkipHTMLCheck = true
		c.Login(env.Users[role])
		for _, get := range []string{string(route.AdminWorkflow(code, 0)), string(route.AdminWorkflowEdit(code, 0)),
			string(route.AdminWorkflowPublish(code, 0)), string(route.AdminWorkflowHistory(code, 0)), string(route.AdminWorkflowVersion(code, 0, 1))} {
			if res := c.Get(get); res.Status != http.StatusForbidden {
				t.Errorf("GET %s as %s: %d", get, role, res.Status)
			}
		}
		for _, post := range []string{string(route.AdminWorkflowEdit(code, 0)), string(route.AdminWorkflowPublish(code, 0)),
			string(route.AdminWorkflowDiscard(code, 0))} {
			if res := c.Post(post, url.Values{"definition": {flowText(deptFlow("x"))}, "based_on": {"0"}}); res.Status != http.StatusForbidden {
				t.Errorf("POST %s as %s: %d", post, role, res.Status)
			}
		}
	}
	// Without the CSRF token, not even an administrator.
	admin := env.Client(t)
	admin.SkipHTMLCheck = true
	admin.Login(env.Users[account.RoleAdmin])
	if res := admin.Post(string(route.AdminWorkflowPublish(code, 0)), url.Values{route.CSRFFormField: {"forged"}}); res.Status != http.StatusForbidden {
		t.Errorf("publish with a forged token: %d", res.Status)
	}
	vs, err := env.App.Workflows.Versions(t.Context(), code, 0)
	if err != nil || len(vs) != 1 || vs[0].Status != workflow.StatusDraft {
		t.Errorf("process changed by someone not allowed: %+v %v", vs, err)
	}
}
