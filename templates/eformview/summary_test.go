package eformview_test

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/a-h/templ"

	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/templates/eformview"
)

func summaryProps(t *testing.T) eformview.SummaryProps {
	t.Helper()
	p := kindsProps()
	clean, errs := p.Form.Clean(p.Answers, eform.Options{Places: places()})
	if len(errs) != 0 {
		t.Fatalf("sample answers do not clean: %v", errs)
	}
	return eformview.SummaryProps{
		P: vi(), Form: p.Form, Answers: clean, Places: places(), Files: p.Files,
		ChangeHref: func(page, _ string) templ.SafeURL { return templ.SafeURL("/to-khai/" + page) },
	}
}

// rows maps each top-level row's label to its answer text and change link.
func rows(dl *goquery.Selection) map[string][2]string {
	out := map[string][2]string{}
	dl.ChildrenFiltered(".summary-row").Each(func(_ int, r *goquery.Selection) {
		dds := r.ChildrenFiltered("dd")
		answer := strings.Join(strings.Fields(dds.First().Text()), " ")
		if lis := dds.First().ChildrenFiltered("ul").Children(); lis.Length() > 0 {
			answer = strings.Join(lis.Map(func(_ int, li *goquery.Selection) string { return li.Text() }), "; ")
		}
		out[strings.TrimSpace(r.ChildrenFiltered("dt").Text())] = [2]string{answer, attr(dds.Eq(1).Find("a"), "href")}
	})
	return out
}

func TestSummary(t *testing.T) {
	doc := render(t, eformview.Summary(summaryProps(t)))
	heads := doc.Find("h2")
	if heads.Length() != 2 || heads.Eq(0).Text() != "Thông tin" || heads.Eq(1).Text() != "Trang sau" {
		t.Fatalf("headings: %d", heads.Length())
	}
	lists := doc.Find("dl.summary-list:not(.summary-nested)")
	got := rows(lists.First())
	for label, want := range map[string][2]string{
		"Họ và tên":                     {"Nguyễn Thị Hoa", "/to-khai/p#ho_ten"},
		"Ghi chú":                       {"Dòng một Dòng hai", "/to-khai/p#ghi_chu"},
		"Diện tích (m²)":                {"2,5", "/to-khai/p#so_nguoi"},
		"Vốn điều lệ":                   {"1.500.000 đồng", "/to-khai/p#von"},
		"Ngày sinh":                     {"17/02/1990", "/to-khai/p#ngay_sinh"},
		"Quốc tịch":                     {"Việt Nam", "/to-khai/p#quoc_tich"},
		"Giới tính":                     {"Nữ", "/to-khai/p#gioi_tinh"},
		"Cách nhận kết quả":             {"Tại bộ phận một cửa; Bản điện tử", "/to-khai/p#so_thich"},
		"Có con chưa thành niên không?": {"Có", "/to-khai/p#co_con"},
		"Mã số thuế":                    {"0101234565-001", "/to-khai/p#ma_so_thue"},
		"Địa chỉ thường trú":            {"Số 5, tổ 3, Phường Bắc Kạn, Tỉnh Thái Nguyên", "/to-khai/p#dia_chi.province"},
		"Giấy khai sinh của con":        {"khai-sinh.pdf; trang-2.jpg", "/to-khai/p#tep_ks"},
	} {
		if got[label] != want {
			t.Errorf("row %q = %q, want %q", label, got[label], want)
		}
	}
	if _, ok := got["Tên quốc tịch khác"]; ok {
		t.Error("hidden field listed")
	}
	if !doc.Find(`a[href="/to-khai/p#ghi_chu"]`).Closest(".summary-row").Find("dd").First().HasClass("eform-multiline") {
		t.Error("textarea answer does not keep its lines")
	}
	// The change link says what it changes, for screen readers.
	a := doc.Find(`a[href="/to-khai/p#ho_ten"]`)
	if got := strings.Join(strings.Fields(a.Text()), " "); got != "Thay đổi họ và tên" {
		t.Errorf("change link %q", got)
	}
	if got := a.Find(".visually-hidden").Text(); got != "họ và tên" {
		t.Errorf("hidden context %q", got)
	}

	// Groups: an item per list entry, each with its own rows and links.
	items := doc.Find(".eform-summary-items > li")
	if items.Length() != 2 {
		t.Fatalf("%d group items", items.Length())
	}
	if items.Eq(0).Find(".eform-item-title").Text() != "Con thứ 1" {
		t.Error("item title")
	}
	sub := rows(items.Eq(0).Find("dl.summary-nested"))
	if sub["Họ và tên"] != [2]string{"Nguyễn Văn An", "/to-khai/p#con.0.ten"} || sub["Số thẻ bảo hiểm y tế"][0] != "TE1191234567890" {
		t.Errorf("item rows %q", sub)
	}
	if _, ok := rows(items.Eq(1).Find("dl.summary-nested"))["Số thẻ bảo hiểm y tế"]; ok {
		t.Error("hidden sub-field listed")
	}
	if got := strings.Join(strings.Fields(doc.Find(`a[href="/to-khai/p#con.1.ten"]`).Text()), " "); got != "Thay đổi họ và tên (Con thứ 2)" {
		t.Errorf("item change link %q", got)
	}

	// An unanswered question says so and offers to answer it.
	q := rows(lists.Eq(1))
	if q["Lý do"] != [2]string{"Chưa trả lời", "/to-khai/q#ly_do"} {
		t.Errorf("unanswered row %q", q["Lý do"])
	}
	if got := strings.TrimSpace(doc.Find(`a[href="/to-khai/q#ly_do"]`).Contents().First().Text()); got != "Trả lời" {
		t.Errorf("unanswered link %q", got)
	}
}

func TestSummaryReadOnlyAndEnglish(t *testing.T) {
	p := summaryProps(t)
	p.ChangeHref = nil
	p.P = catalogue().Printer(i18n.EN)
	p.HeadingLevel = 3
	doc := render(t, eformview.Summary(p))
	if doc.Find("a").Length() != 0 {
		t.Error("change links without ChangeHref")
	}
	if doc.Find("h3").Length() != 2 || doc.Find("h2").Length() != 0 {
		t.Error("heading level 3")
	}
	got := rows(doc.Find("dl.summary-list").First())
	if got["Vốn điều lệ"][0] != "1,500,000 VND" || got["Có con chưa thành niên không?"][0] != "Yes" || got["Diện tích (m²)"][0] != "2.5" {
		t.Errorf("English rows %q", got)
	}
}

func TestTaskList(t *testing.T) {
	doc := render(t, eformview.TaskList(eformview.TaskListProps{P: vi(), Sections: []eformview.TaskSection{
		{Title: "Tờ khai", Tasks: []eformview.Task{
			{Title: "Người đại diện", Href: "/to-khai/a", Status: eformview.TaskDone},
			{Title: "Doanh nghiệp", Href: "/to-khai/b", Status: eformview.TaskInProgress, Hint: "Tên, địa chỉ, vốn"},
			{Title: "Chủ sở hữu", Href: "/to-khai/c", Status: eformview.TaskError},
		}},
		{Title: "Nộp hồ sơ", Tasks: []eformview.Task{
			{Title: "Giấy tờ kèm theo", Href: "/to-khai/d"},
			{Title: "Kiểm tra và nộp", Status: eformview.TaskNotStarted},
		}},
	}}))
	if doc.Find("h2").Length() != 2 || doc.Find("ul.task-list").Length() != 2 {
		t.Fatal("sections")
	}
	want := []struct{ title, status, href string }{
		{"Người đại diện", "Đã xong", "/to-khai/a"},
		{"Doanh nghiệp", "Đang làm", "/to-khai/b"},
		{"Chủ sở hữu", "Có lỗi", "/to-khai/c"},
		{"Giấy tờ kèm theo", "Chưa bắt đầu", "/to-khai/d"},
		{"Kiểm tra và nộp", "Chưa bắt đầu", ""},
	}
	items := doc.Find(".task-list li")
	if items.Length() != len(want) {
		t.Fatalf("%d tasks", items.Length())
	}
	items.Each(func(i int, li *goquery.Selection) {
		w := want[i]
		name := strings.TrimSpace(li.Find(".task-list-name > a, .task-list-name > span").Text())
		status := strings.TrimSpace(li.Find(".task-list-status").Text())
		if name != w.title || status != w.status {
			t.Errorf("task %d: %q %q", i, name, status)
		}
		a := li.Find("a")
		if attr(a, "href") != w.href {
			t.Errorf("task %d href %q", i, attr(a, "href"))
		}
		if w.href != "" {
			d := describedBy(t, doc, a)
			if d[len(d)-1] != w.status {
				t.Errorf("task %d described by %q", i, d)
			}
		}
	})
	if d := describedBy(t, doc, items.Eq(1).Find("a")); d[0] != "Tên, địa chỉ, vốn" {
		t.Errorf("hint not described: %q", d)
	}
}
