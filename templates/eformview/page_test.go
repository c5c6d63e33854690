package eformview_test

import (
	"html"
	"strconv"
	"strings"
	"testing"

	"github.com/a-h/templ"

	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/internal/htmlcheck"
	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/templates/eformview"
)

// document wraps rendered fragments in a minimal page as a handler would:
// a heading, the error summary, and the fields inside a form with the
// caller's own submit button. The stylesheet and script are app.css and
// app.js beside the page (see the accessibility test).
func document(t testing.TB, title string, parts ...templ.Component) []byte {
	t.Helper()
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">` +
		`<meta name="viewport" content="width=device-width, initial-scale=1">` +
		`<title>` + html.EscapeString(title) + `</title><link rel="stylesheet" href="app.css">` +
		`<script src="app.js" defer></script></head><body><main id="main" class="container site-main"><div class="readable">`)
	for _, c := range parts {
		b.WriteString(renderString(t, c))
	}
	b.WriteString(`</div></main></body></html>`)
	return []byte(b.String())
}

// formPage is one e-form page as the portal would show it.
func formPage(t testing.TB, p eformview.PageProps) []byte {
	t.Helper()
	pg, _ := p.Form.Page(p.PageID)
	return document(t, pg.Title,
		eformview.ErrorSummary(p),
		raw(`<h1>`+html.EscapeString(pg.Title)+`</h1><form method="post" action="/to-khai" enctype="multipart/form-data" novalidate>`),
		eformview.Fields(p),
		raw(`<button type="submit" class="btn">Lưu và tiếp tục</button></form>`),
	)
}

// pageCases lists the pages the validity and accessibility tests check:
// every variant of the test form, and every page of a few seed forms with
// sample answers and, on one of them, every error Clean finds.
func pageCases(t testing.TB) map[string]eformview.PageProps {
	t.Helper()
	cases := map[string]eformview.PageProps{}
	base := kindsProps()
	base.CommunesURL = func(province string) templ.SafeURL { return templ.SafeURL("/dia-gioi/" + province) }
	cases["kinds"] = base

	withErrors := kindsProps()
	withErrors.Reuse = map[string][]eformview.ReuseOption{"tep_ks": {{ID: "old", Label: "Giấy khai sinh đã nộp năm 2025"}}}
	withErrors.Errors = valid.Errors{
		{Field: "ho_ten", Key: "eform.error.required", Args: []any{"họ và tên", "Họ và tên"}},
		{Field: "von", Key: "eform.error.money", Args: []any{"vốn", "Vốn"}},
		{Field: "ngay_sinh", Key: "eform.error.date", Args: []any{"ngày sinh", "Ngày sinh"}},
		{Field: "quoc_tich", Key: "eform.error.required_choice", Args: []any{"quốc tịch", "Quốc tịch"}},
		{Field: "gioi_tinh", Key: "eform.error.required_choice", Args: []any{"giới tính", "Giới tính"}},
		{Field: "so_thich", Key: "eform.error.option", Args: []any{"cách nhận", "Cách nhận"}},
		{Field: "co_con", Key: "eform.error.required_yesno", Args: []any{"có con", "Có con"}},
		{Field: "ghi_chu", Key: "eform.error.too_long", Args: []any{"ghi chú", "Ghi chú", 500}},
		{Field: "dia_chi.commune", Key: "eform.error.commune_required", Args: []any{"địa chỉ", "Địa chỉ"}},
		{Field: "dia_chi.street", Key: "eform.error.street_required", Args: []any{"địa chỉ", "Địa chỉ"}},
		{Field: "con.0.ten", Key: "eform.error.required", Args: []any{"họ và tên (Con thứ 1)", "Họ và tên (Con thứ 1)"}},
		{Field: "con", Key: "eform.error.too_many_items", Args: []any{"con", "Con", 3}},
		{Field: "tep_ks", Key: "eform.error.required_file", Args: []any{"giấy khai sinh", "Giấy khai sinh"}},
	}
	cases["kinds-errors"] = withErrors

	desk := kindsProps()
	desk.Desk = true
	desk.Answers["con"] = eform.Value{Items: []eform.Answers{{}, {}, {}}}
	cases["kinds-desk-full-group"] = desk

	ro := kindsProps()
	ro.ReadOnly = true
	cases["kinds-readonly"] = ro

	q := kindsProps()
	q.PageID = "q"
	cases["kinds-q"] = q

	for _, code := range []string{"2.001583", "1.001193", "1.004194"} {
		for i, f := range seedForms(t, code) {
			a, files := sampleAnswers(f, i, 2)
			for _, pg := range f.Pages {
				cases[code+"/"+strconv.Itoa(i)+"/"+pg.ID] = eformview.PageProps{
					P: vi(), Form: f, PageID: pg.ID, Answers: a, Places: places(), Files: files,
					Documents: sampleDocuments(f),
				}
			}
		}
	}
	// A fresh form: nothing answered, every required question in error.
	f := seedForms(t, "2.001583")[0]
	_, errs := f.Clean(eform.Answers{}, eform.Options{Places: places()})
	for _, pg := range f.Pages {
		cases["2.001583-empty/"+pg.ID] = eformview.PageProps{P: vi(), Form: f, PageID: pg.ID, Places: places(),
			Errors: pageErrors(f, pg.ID, errs), Documents: sampleDocuments(f)}
	}
	return cases
}

// pageErrors keeps the errors of one page's fields.
func pageErrors(f eform.Form, page string, errs valid.Errors) valid.Errors {
	pg, _ := f.Page(page)
	var out valid.Errors
	for _, e := range errs {
		id, _, _ := strings.Cut(e.Field, ".")
		for _, fl := range pg.Fields() {
			if fl.ID == id {
				out = append(out, e)
			}
		}
	}
	return out
}

// sampleDocuments gives every document index a file slot names a row.
func sampleDocuments(f eform.Form) []eformview.DocumentInfo {
	n := 0
	for _, pg := range f.Pages {
		for _, fl := range pg.Fields() {
			if fl.Document != nil && *fl.Document+1 > n {
				n = *fl.Document + 1
			}
		}
	}
	docs := make([]eformview.DocumentInfo, n)
	for i := range docs {
		docs[i] = eformview.DocumentInfo{Name: "Giấy tờ số " + strconv.Itoa(i+1), Originals: 1, Copies: i % 2, Notes: "Ghi chú của giấy tờ"}
	}
	return docs
}

func summaryDocument(t testing.TB) []byte {
	t.Helper()
	p := kindsProps()
	clean, _ := p.Form.Clean(p.Answers, eform.Options{Places: places()})
	f := seedForms(t, "2.001583")[0]
	a, files := sampleAnswers(f, 0, 2)
	a, _ = f.Clean(a, eform.Options{Places: places()})
	change := func(page, _ string) templ.SafeURL { return templ.SafeURL("/to-khai/" + page) }
	return document(t, "Kiểm tra thông tin",
		raw(`<h1>Kiểm tra thông tin trước khi nộp</h1>`),
		eformview.Summary(eformview.SummaryProps{P: vi(), Form: p.Form, Answers: clean, Places: places(), Files: p.Files, ChangeHref: change}),
		eformview.Summary(eformview.SummaryProps{P: vi(), Form: f, Answers: a, Places: places(), Files: files, ChangeHref: change, HeadingLevel: 3}),
	)
}

func taskListDocument(t testing.TB) []byte {
	t.Helper()
	f := seedForms(t, "2.001583")[0]
	var tasks []eformview.Task
	statuses := []eformview.TaskStatus{eformview.TaskDone, eformview.TaskInProgress, eformview.TaskError, eformview.TaskNotStarted}
	for i, pg := range f.Pages {
		tasks = append(tasks, eformview.Task{Title: pg.Title, Href: templ.SafeURL("/to-khai/" + pg.ID), Status: statuses[i%len(statuses)]})
	}
	tasks[1].Hint = "Tên, địa chỉ trụ sở, vốn điều lệ"
	return document(t, "Tờ khai",
		raw(`<h1>Giấy đề nghị đăng ký doanh nghiệp</h1>`),
		eformview.TaskList(eformview.TaskListProps{P: vi(), Sections: []eformview.TaskSection{
			{Title: "Điền tờ khai", Tasks: tasks},
			{Title: "Nộp hồ sơ", Tasks: []eformview.Task{{Title: "Kiểm tra và nộp"}}},
		}}),
	)
}

func raw(s string) templ.Component { return templ.Raw(s) }

func TestHTMLValid(t *testing.T) {
	for name, p := range pageCases(t) {
		t.Run(name, func(t *testing.T) {
			htmlcheck.Validate(t, formPage(t, p))
		})
	}
	t.Run("summary", func(t *testing.T) { htmlcheck.Validate(t, summaryDocument(t)) })
	t.Run("tasklist", func(t *testing.T) { htmlcheck.Validate(t, taskListDocument(t)) })
}
