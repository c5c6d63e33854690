package ui

import (
	"bytes"
	"context"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/a-h/templ"
)

// render renders c and parses the result as an HTML fragment inside <body>.
func render(t *testing.T, c templ.Component) *goquery.Document {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Render(context.Background(), &buf); err != nil {
		t.Fatalf("render: %v", err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return doc
}

func attr(t *testing.T, s *goquery.Selection, name string) string {
	t.Helper()
	v, ok := s.Attr(name)
	if !ok {
		t.Errorf("%s: missing attribute %s", goquery.NodeName(s), name)
	}
	return v
}

func count(t *testing.T, doc *goquery.Document, sel string, want int) *goquery.Selection {
	t.Helper()
	s := doc.Find(sel)
	if s.Length() != want {
		t.Errorf("%q: found %d, want %d", sel, s.Length(), want)
	}
	return s
}

// checkDescribedBy asserts every id in aria-describedby exists in doc.
func checkDescribedBy(t *testing.T, doc *goquery.Document, s *goquery.Selection) []string {
	t.Helper()
	ids := strings.Fields(attr(t, s, "aria-describedby"))
	for _, id := range ids {
		if doc.Find("#"+id).Length() != 1 {
			t.Errorf("aria-describedby points at missing id %q", id)
		}
	}
	return ids
}

func TestButton(t *testing.T) {
	doc := render(t, Button(ButtonProps{Label: "Nộp hồ sơ"}))
	b := count(t, doc, "button.btn", 1)
	if attr(t, b, "type") != "submit" || b.Text() != "Nộp hồ sơ" {
		t.Errorf("default button: type %q, text %q", attr(t, b, "type"), b.Text())
	}
	if b.HasClass("btn-secondary") {
		t.Error("default variant should be primary")
	}

	doc = render(t, Button(ButtonProps{
		Label: "Lưu nháp", Variant: ButtonSecondary, Name: "action", Value: "draft",
		FormAction: "/ho-so/luu", Confirm: "Chắc chắn?", Disabled: true,
	}))
	b = count(t, doc, "button.btn.btn-secondary", 1)
	if attr(t, b, "name") != "action" || attr(t, b, "value") != "draft" || attr(t, b, "formaction") != "/ho-so/luu" {
		t.Error("name/value/formaction not rendered")
	}
	if attr(t, b, "data-confirm") != "Chắc chắn?" {
		t.Error("data-confirm not rendered")
	}
	attr(t, b, "disabled")

	doc = render(t, Button(ButtonProps{Label: "Hủy", Variant: ButtonWarning, Type: "button"}))
	if attr(t, count(t, doc, "button.btn-warning", 1), "type") != "button" {
		t.Error("type=button not kept")
	}

	doc = render(t, Button(ButtonProps{Label: "Bắt đầu", Href: "/bat-dau"}))
	a := count(t, doc, "a.btn", 1)
	if attr(t, a, "href") != "/bat-dau" {
		t.Error("link button href")
	}
	count(t, doc, "button", 0)

	doc = render(t, Button(ButtonProps{Label: "Đăng xuất", Variant: ButtonLink}))
	count(t, doc, "button.btn-link", 1)
	count(t, doc, ".btn", 0)
}

func TestFieldWithError(t *testing.T) {
	doc := render(t, Field(FieldProps{
		ID: "phone", Name: "phone", Label: "Số điện thoại", Hint: "Ví dụ: 0912 345 678",
		Error: "Nhập số điện thoại", ErrorPrefix: "Lỗi:", Type: "tel", Value: "09x",
		Required: true, Autocomplete: "tel", InputMode: "tel", MaxLength: 15,
	}))
	count(t, doc, ".field.field-error-state", 1)
	in := count(t, doc, "input#phone", 1)
	if attr(t, in, "aria-invalid") != "true" {
		t.Error("aria-invalid not true")
	}
	ids := checkDescribedBy(t, doc, in)
	if len(ids) != 2 || ids[0] != "phone-hint" || ids[1] != "phone-error" {
		t.Errorf("aria-describedby = %v, want [phone-hint phone-error]", ids)
	}
	if attr(t, doc.Find("label"), "for") != "phone" {
		t.Error("label not tied to input")
	}
	for name, want := range map[string]string{
		"type": "tel", "value": "09x", "autocomplete": "tel", "inputmode": "tel", "maxlength": "15", "name": "phone",
	} {
		if got := attr(t, in, name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	attr(t, in, "required")
	errP := doc.Find("#phone-error")
	if got := errP.Find(".visually-hidden").Text(); strings.TrimSpace(got) != "Lỗi:" {
		t.Errorf("hidden error prefix = %q", got)
	}
	if !strings.Contains(errP.Text(), "Nhập số điện thoại") {
		t.Errorf("error text = %q", errP.Text())
	}
}

func TestFieldPlain(t *testing.T) {
	doc := render(t, Field(FieldProps{Name: "full_name", Label: "Họ và tên", Type: "bogus"}))
	in := count(t, doc, "input#full_name", 1) // ID defaults to Name
	if attr(t, in, "type") != "text" {
		t.Error("unknown type should fall back to text")
	}
	for _, a := range []string{"aria-invalid", "aria-describedby", "required", "maxlength"} {
		if _, ok := in.Attr(a); ok {
			t.Errorf("plain field has %s", a)
		}
	}
	count(t, doc, ".field-error-state", 0)
	count(t, doc, ".hint", 0)

	doc = render(t, Field(FieldProps{Name: "note", Label: "Ghi chú", Type: "textarea", Value: "<b>x</b>", Hint: "Tối đa 500 ký tự"}))
	ta := count(t, doc, "textarea#note", 1)
	if attr(t, ta, "rows") != "5" {
		t.Errorf("default rows = %q", attr(t, ta, "rows"))
	}
	if ta.Text() != "<b>x</b>" {
		t.Errorf("textarea value not escaped/kept: %q", ta.Text())
	}
	checkDescribedBy(t, doc, ta)
}

func TestSelect(t *testing.T) {
	doc := render(t, Select(SelectProps{
		Name:        "district",
		Label:       "Huyện",
		Placeholder: "— Chọn —",
		Selected:    "pl",
		Options:     []Option{{Value: "dt", Label: "Đại Từ"}, {Value: "pl", Label: "Phú Lương"}},
		Error:       "Chọn huyện",
		ErrorPrefix: "Lỗi:",
	}))
	s := count(t, doc, "select#district", 1)
	if attr(t, s, "aria-invalid") != "true" {
		t.Error("aria-invalid missing")
	}
	checkDescribedBy(t, doc, s)
	count(t, doc, "option", 3)
	sel := count(t, doc, "option[selected]", 1)
	if attr(t, sel, "value") != "pl" {
		t.Errorf("selected option = %q", attr(t, sel, "value"))
	}
}

func TestErrorSummary(t *testing.T) {
	doc := render(t, ErrorSummary(ErrorSummaryProps{Title: "Có lỗi", Errors: []FieldError{
		{FieldID: "phone", Message: "Nhập số điện thoại"},
		{FieldID: "email", Message: "Email không hợp lệ"},
	}}))
	s := count(t, doc, ".error-summary", 1)
	if attr(t, s, "role") != "alert" || attr(t, s, "tabindex") != "-1" {
		t.Error("role/tabindex")
	}
	if doc.Find("#"+attr(t, s, "aria-labelledby")).Text() != "Có lỗi" {
		t.Error("aria-labelledby does not name the title")
	}
	links := count(t, doc, ".error-summary li a", 2)
	if attr(t, links.First(), "href") != "#phone" {
		t.Errorf("first link href = %q", attr(t, links.First(), "href"))
	}

	var buf bytes.Buffer
	if err := ErrorSummary(ErrorSummaryProps{Title: "Có lỗi"}).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	if buf.Len() != 0 {
		t.Errorf("empty summary rendered %q", buf.String())
	}
}

func TestCSRFField(t *testing.T) {
	doc := render(t, CSRFField(`tok"en`))
	in := count(t, doc, `input[type="hidden"][name="_csrf"]`, 1)
	if attr(t, in, "value") != `tok"en` {
		t.Error("token not kept")
	}
}

func TestTable(t *testing.T) {
	doc := render(t, Table(TableProps{
		Caption: "Hồ sơ của tôi",
		Head:    []Column{{Label: "Mã hồ sơ"}, {Label: "Trạng thái"}, {Label: "Số ngày", Numeric: true}},
		Rows: [][]Cell{
			{{Text: "H01-0001", RowHeader: true}, CompCell(StatusBadge(StatusBadgeProps{Code: 3, Label: "Đang xử lý"})), NumCell(4)},
			{{Text: "H01-0002", RowHeader: true}, TextCell("Mới"), NumCell(12)},
		},
	}))
	w := count(t, doc, "div.table-wrap", 1)
	if attr(t, w, "role") != "region" || attr(t, w, "tabindex") != "0" || attr(t, w, "aria-label") != "Hồ sơ của tôi" {
		t.Error("scroll wrapper is not a labelled focusable region")
	}
	count(t, doc, "table caption", 1)
	count(t, doc, `thead th[scope="col"]`, 3)
	count(t, doc, `tbody th[scope="row"]`, 2)
	count(t, doc, "tbody td .badge.badge-s3", 1)
	count(t, doc, "thead th.num", 1)
	count(t, doc, "tbody td.num", 2)

	doc = render(t, Table(TableProps{Caption: "x", Empty: "Chưa có hồ sơ"}))
	count(t, doc, "table", 0)
	if doc.Find(".table-empty").Text() != "Chưa có hồ sơ" {
		t.Error("empty message")
	}
}

func TestPagination(t *testing.T) {
	url := func(n int) templ.SafeURL { return templ.SafeURL("/ho-so?trang=" + strconv.Itoa(n)) }
	doc := render(t, Pagination(PaginationProps{
		Page: 5, Pages: 10, URL: url, Label: "Phân trang", Previous: "Trước", Next: "Sau",
		PageLabel: func(n int) string { return "Trang " + strconv.Itoa(n) },
	}))
	nav := count(t, doc, "nav.pagination", 1)
	if attr(t, nav, "aria-label") != "Phân trang" {
		t.Error("nav aria-label")
	}
	cur := count(t, doc, `[aria-current="page"]`, 1)
	if cur.Text() != "5" || attr(t, cur, "aria-label") != "Trang 5" {
		t.Errorf("current = %q", cur.Text())
	}
	var got []string
	doc.Find("li").Each(func(_ int, s *goquery.Selection) { got = append(got, strings.TrimSpace(s.Text())) })
	want := "‹ Trước|1|…|4|5|6|…|10|Sau ›"
	if strings.Join(got, "|") != want {
		t.Errorf("items = %q, want %q", strings.Join(got, "|"), want)
	}
	if attr(t, doc.Find(`a[rel="next"]`), "href") != "/ho-so?trang=6" {
		t.Error("next href")
	}

	// A single-page gap is shown as the page, not an ellipsis; ends have no prev/next.
	doc = render(t, Pagination(PaginationProps{Page: 1, Pages: 4, URL: url}))
	got = got[:0]
	doc.Find("li").Each(func(_ int, s *goquery.Selection) { got = append(got, strings.TrimSpace(s.Text())) })
	if strings.Join(got, "|") != "1|2|3|4|›" {
		t.Errorf("items = %q", strings.Join(got, "|"))
	}
	count(t, doc, `a[rel="prev"]`, 0)

	var buf bytes.Buffer
	if err := Pagination(PaginationProps{Page: 1, Pages: 1, URL: url}).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	if buf.Len() != 0 {
		t.Error("single page rendered pagination")
	}
}

func TestAlert(t *testing.T) {
	for kind, role := range map[AlertKind]string{
		AlertInfo: "status", AlertSuccess: "status", AlertWarning: "alert", AlertError: "alert", "": "status",
	} {
		doc := render(t, Alert(AlertProps{Kind: kind, Title: "Tiêu đề", Body: "Nội dung"}))
		a := count(t, doc, ".alert", 1)
		if attr(t, a, "role") != role {
			t.Errorf("kind %q: role = %q, want %q", kind, attr(t, a, "role"), role)
		}
		k := kind
		if k == "" {
			k = AlertInfo
		}
		if !a.HasClass("alert-" + string(k)) {
			t.Errorf("kind %q: class %q", kind, attr(t, a, "class"))
		}
	}
	// Children render after the body.
	child := templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		_, err := io.WriteString(w, `<a href="/x">Xem</a>`)
		return err
	})
	var buf bytes.Buffer
	if err := Alert(AlertProps{Body: "b"}).Render(templ.WithChildren(context.Background(), child), &buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `<p>b</p><a href="/x">Xem</a></div>`) {
		t.Errorf("children not rendered after body: %s", buf.String())
	}
}

func TestStatusBadge(t *testing.T) {
	for code := 1; code <= 10; code++ {
		doc := render(t, StatusBadge(StatusBadgeProps{Code: code, Label: "L"}))
		if !doc.Find("span.badge").HasClass("badge-s" + strconv.Itoa(code)) {
			t.Errorf("code %d: class missing", code)
		}
	}
	doc := render(t, StatusBadge(StatusBadgeProps{Code: 42, Label: "?"}))
	if attr(t, doc.Find("span"), "class") != "badge" {
		t.Error("unknown code should be neutral")
	}
}

func TestBreadcrumb(t *testing.T) {
	doc := render(t, Breadcrumb(BreadcrumbProps{Label: "Đường dẫn", Items: []Crumb{
		{Label: "Trang chủ", Href: "/"}, {Label: "Thủ tục", Href: "/thu-tuc"}, {Label: "Cấp phép", Href: "/thu-tuc/1"},
	}}))
	if attr(t, count(t, doc, "nav.breadcrumb", 1), "aria-label") != "Đường dẫn" {
		t.Error("aria-label")
	}
	count(t, doc, "li a", 2)
	cur := count(t, doc, `li:last-child [aria-current="page"]`, 1)
	if cur.Text() != "Cấp phép" {
		t.Errorf("current = %q", cur.Text())
	}
}

func TestCardSummaryPanel(t *testing.T) {
	doc := render(t, Card(CardProps{Title: "Chờ xử lý", Href: "/can-bo/ho-so", Value: "12", Body: "Hồ sơ"}))
	count(t, doc, ".card h2.card-title a[href='/can-bo/ho-so']", 1)
	count(t, doc, ".card-value", 1)

	doc = render(t, SummaryList(SummaryListProps{Rows: []SummaryRow{
		{Key: "Họ và tên", Value: "Nguyễn Văn A", ChangeHref: "/sua", ChangeLabel: "Thay đổi", ChangeHidden: "họ và tên"},
		{Key: "Email", Value: "a@example.vn"},
	}}))
	count(t, doc, "dl.summary-list .summary-row", 2)
	count(t, doc, "dd a .visually-hidden", 1)

	doc = render(t, Panel(PanelProps{Title: "Đã nộp", Body: "Mã hồ sơ", Reference: "H01-0001"}))
	if doc.Find(".panel-ref").Text() != "H01-0001" {
		t.Error("reference")
	}
}
