package layout

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/a-h/templ"

	"github.com/motcua/motcua/static"
	"github.com/motcua/motcua/templates/ui"
)

// fakeAssets fingerprints every name the same way, so tests can tell a
// resolved asset from a raw one.
type fakeAssets struct{}

func (fakeAssets) Path(name string) string {
	i := strings.LastIndex(name, ".")
	return "/static/" + name[:i] + ".abcd1234" + name[i:]
}

func labels() Labels {
	return Labels{
		SkipLink:       "Chuyển đến nội dung chính",
		MainNav:        "Menu chính",
		Login:          "Đăng nhập",
		Logout:         "Đăng xuất",
		Register:       "Đăng ký",
		Account:        "Tài khoản",
		LanguageSwitch: "Ngôn ngữ",
		Breadcrumb:     "Đường dẫn",
		FooterNav:      "Liên kết chân trang",
		FooterText:     "Cơ quan chủ quản: Ủy ban nhân dân tỉnh Thái Nguyên. Đường dây nóng: 1900 0000.",
	}
}

func publicProps() PageProps {
	return PageProps{
		Lang:     "vi",
		Title:    "Hồ sơ của tôi",
		SiteName: "Cổng Dịch vụ công tỉnh Thái Nguyên",
		Assets:   fakeAssets{},
		Nav: []NavItem{
			{Label: "Trang chủ", Href: "/"},
			{Label: "Thủ tục hành chính", Href: "/thu-tuc"},
			{Label: "Hồ sơ của tôi", Href: "/ho-so", Current: true},
			{Label: "Tra cứu hồ sơ", Href: "/tra-cuu"},
			{Label: "Hỏi đáp", Href: "/hoi-dap"},
		},
		User:         &UserInfo{Name: "Nguyễn Thị Hoa", RoleLabel: "Công dân"},
		Labels:       labels(),
		AccountHref:  "/tai-khoan",
		LogoutAction: "/dang-xuat",
		CSRFToken:    "csrf-token-123",
		LangSwitch: []LangLink{
			{Label: "Tiếng Việt", Href: "?lang=vi", Current: true, HrefLang: "vi"},
			{Label: "English", Href: "?lang=en", HrefLang: "en"},
		},
		Flash:       &Flash{Kind: ui.AlertSuccess, Message: "Đã lưu bản nháp. Bạn có thể quay lại hoàn thành sau."},
		Breadcrumb:  []ui.Crumb{{Label: "Trang chủ", Href: "/"}, {Label: "Hồ sơ của tôi", Href: "/ho-so"}},
		FooterLinks: []NavItem{{Label: "Hướng dẫn sử dụng", Href: "/huong-dan"}, {Label: "Tuyên bố trợ năng", Href: "/tro-nang"}, {Label: "Liên hệ", Href: "/lien-he"}},
	}
}

func renderPage(t *testing.T, p PageProps, body templ.Component) (string, *goquery.Document) {
	t.Helper()
	var buf bytes.Buffer
	ctx := templ.WithChildren(context.Background(), body)
	if err := Base(p).Render(ctx, &buf); err != nil {
		t.Fatalf("render: %v", err)
	}
	html := buf.String()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(html))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return html, doc
}

func text(s string) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		_, err := io.WriteString(w, "<h1>"+templ.EscapeString(s)+"</h1>")
		return err
	})
}

func one(t *testing.T, doc *goquery.Document, sel string) *goquery.Selection {
	t.Helper()
	s := doc.Find(sel)
	if s.Length() != 1 {
		t.Errorf("%q: found %d, want 1", sel, s.Length())
	}
	return s
}

func TestBaseSignedIn(t *testing.T) {
	html, doc := renderPage(t, publicProps(), text("Nội dung"))
	if !strings.HasPrefix(html, "<!doctype html>") && !strings.HasPrefix(html, "<!DOCTYPE html>") {
		t.Errorf("missing doctype: %.40q", html)
	}
	if v, _ := doc.Find("html").Attr("lang"); v != "vi" {
		t.Errorf("lang = %q", v)
	}
	if got := doc.Find("title").Text(); got != "Hồ sơ của tôi – Cổng Dịch vụ công tỉnh Thái Nguyên" {
		t.Errorf("title = %q", got)
	}
	one(t, doc, `meta[charset="utf-8"]`)
	one(t, doc, `meta[name="viewport"]`)
	one(t, doc, `link[rel="stylesheet"][href="/static/css/app.abcd1234.css"]`)
	one(t, doc, `script[src="/static/js/app.abcd1234.js"][defer]`)
	if regexp.MustCompile(`\s(style|on[a-z]+)=`).MatchString(html) {
		t.Error("inline style or handler found")
	}
	if doc.Find("script").Text() != "" {
		t.Error("inline script body found")
	}

	skip := one(t, doc, "body > a.skip-link:first-child")
	if h, _ := skip.Attr("href"); h != "#main" {
		t.Errorf("skip link href = %q", h)
	}
	one(t, doc, "main#main")
	one(t, doc, "header.site-header.area-public")
	one(t, doc, "footer")
	one(t, doc, `header a.site-name[href="/"]`)

	cur := one(t, doc, `nav.main-nav a[aria-current="page"]`)
	if cur.Text() != "Hồ sơ của tôi" {
		t.Errorf("current nav = %q", cur.Text())
	}
	// Every navigation landmark has a distinct name.
	seen := map[string]bool{}
	doc.Find("nav").Each(func(_ int, s *goquery.Selection) {
		l, ok := s.Attr("aria-label")
		if !ok || l == "" || seen[l] {
			t.Errorf("nav without a unique aria-label: %q", l)
		}
		seen[l] = true
	})

	// Logout is a POST form carrying the CSRF token, never a GET link.
	form := one(t, doc, `form[method="post"][action="/dang-xuat"]`)
	if v, _ := form.Find(`input[name="_csrf"]`).Attr("value"); v != "csrf-token-123" {
		t.Errorf("csrf = %q", v)
	}
	if form.Find(`button[type="submit"]`).Text() != "Đăng xuất" {
		t.Error("logout button")
	}
	if doc.Find(`a[href="/dang-xuat"]`).Length() != 0 {
		t.Error("logout must not be a link")
	}
	if !strings.Contains(doc.Find(".user-box").Text(), "Nguyễn Thị Hoa") {
		t.Error("user name missing")
	}
	one(t, doc, `.lang-switch a[hreflang="en"][lang="en"]`)
	one(t, doc, `.lang-switch a[aria-current="true"]`)

	// Flash comes first in main, then the page.
	first := doc.Find("main#main").Children().First()
	if !first.HasClass("alert-success") {
		t.Errorf("first child of main: %q", first.AttrOr("class", ""))
	}
	one(t, doc, `nav.breadcrumb [aria-current="page"]`)
	one(t, doc, "main h1")
}

func TestBaseAnonymousOffice(t *testing.T) {
	p := publicProps()
	p.User, p.Flash, p.Breadcrumb, p.Title = nil, nil, nil, ""
	p.Area = AreaOffice
	p.LoginHref, p.RegisterHref = "/dang-nhap", "/dang-ky"
	_, doc := renderPage(t, p, text("x"))
	one(t, doc, "header.area-office")
	if got := doc.Find("title").Text(); got != p.SiteName {
		t.Errorf("title = %q", got)
	}
	one(t, doc, `a[href="/dang-nhap"]`)
	one(t, doc, `a[href="/dang-ky"]`)
	if doc.Find("form").Length() != 0 || doc.Find(".alert").Length() != 0 || doc.Find(".breadcrumb").Length() != 0 {
		t.Error("anonymous page without flash should have no form, alert or breadcrumb")
	}
}

// TestBaseUsesRealAssets catches a misspelt asset name: Path falls back to
// an unfingerprinted URL, which the static handler answers with 404 (see
// static's tests).
func TestBaseUsesRealAssets(t *testing.T) {
	assets, err := static.New()
	if err != nil {
		t.Fatal(err)
	}
	p := publicProps()
	p.Assets = assets
	_, doc := renderPage(t, p, text("x"))
	fingerprinted := regexp.MustCompile(`^/static/.+\.[0-9a-f]{8}\.[a-z0-9]+$`)
	n := 0
	doc.Find("link[href], script[src], img[src]").Each(func(_ int, s *goquery.Selection) {
		u := s.AttrOr("href", s.AttrOr("src", ""))
		if !strings.HasPrefix(u, "/static/") {
			return
		}
		n++
		if !fingerprinted.MatchString(u) {
			t.Errorf("asset URL not fingerprinted (unknown name?): %s", u)
		}
	})
	if n < 3 {
		t.Errorf("found %d asset URLs, want stylesheet, script and icon", n)
	}
}

func TestBaseNilAssets(t *testing.T) {
	p := publicProps()
	p.Assets = nil
	_, doc := renderPage(t, p, text("x"))
	one(t, doc, `link[rel="stylesheet"][href="/static/css/app.css"]`)
}

// TestWriteSample renders a page using most components to the file named by
// MOTCUA_SAMPLE_HTML, for screenshots and the HTML checker. Asset URLs are
// absolute paths into the repository's static directory, so the file opens
// straight from disk (file://).
func TestWriteSample(t *testing.T) {
	out := os.Getenv("MOTCUA_SAMPLE_HTML")
	if out == "" {
		t.Skip("set MOTCUA_SAMPLE_HTML=/tmp/sample.html to write a sample page")
	}
	for _, area := range []Area{AreaPublic, AreaOffice, AreaAdmin} {
		p := publicProps()
		p.Area = area
		p.Assets = diskAssets{}
		p.Labels.AreaName = []string{"", "Một cửa điện tử", "Quản trị hệ thống"}[area]
		html, _ := renderPage(t, p, sampleBody())
		name := out
		if area != AreaPublic {
			name = strings.TrimSuffix(out, ".html") + "-" + []string{"", "office", "admin"}[area] + ".html"
		}
		if err := os.WriteFile(name, []byte(html), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", name)
	}
}

type diskAssets struct{}

func (diskAssets) Path(name string) string {
	wd, _ := os.Getwd()
	return filepath.Join(wd, "..", "..", "static", name)
}

func sampleBody() templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		parts := []templ.Component{
			raw(`<h1><span class="caption">Cấp giấy phép xây dựng nhà ở riêng lẻ</span>Thông tin người nộp hồ sơ</h1>`),
			ui.ErrorSummary(ui.ErrorSummaryProps{Title: "Có lỗi cần sửa", Errors: []ui.FieldError{
				{FieldID: "phone", Message: "Nhập số điện thoại, ví dụ 0912 345 678"},
				{FieldID: "district", Message: "Chọn huyện, thành phố"},
			}}),
			raw(`<form method="post" action="/ho-so" class="readable">`),
			ui.CSRFField("tok"),
			ui.Field(ui.FieldProps{Name: "full_name", Label: "Họ và tên", Hint: "Ghi đúng như trên căn cước công dân", Value: "Nguyễn Thị Hoa", Autocomplete: "name", NoSpellcheck: true}),
			ui.Field(ui.FieldProps{Name: "phone", Label: "Số điện thoại", Type: "tel", Value: "09123", Error: "Nhập số điện thoại, ví dụ 0912 345 678", ErrorPrefix: "Lỗi:", Autocomplete: "tel", Required: true}),
			ui.Field(ui.FieldProps{Name: "id_number", Label: "Số căn cước công dân", Hint: "12 chữ số", InputMode: "numeric", MaxLength: 12, Short: true}),
			ui.Select(ui.SelectProps{Name: "district", Label: "Huyện, thành phố", Placeholder: "— Chọn —", Error: "Chọn huyện, thành phố", ErrorPrefix: "Lỗi:", Options: []ui.Option{{Value: "tn", Label: "Thành phố Thái Nguyên"}, {Value: "dt", Label: "Huyện Đại Từ"}}}),
			ui.Field(ui.FieldProps{Name: "note", Label: "Ghi chú", Type: "textarea", Hint: "Không bắt buộc"}),
			raw(`<div class="actions">`),
			ui.Button(ui.ButtonProps{Label: "Tiếp tục"}),
			ui.Button(ui.ButtonProps{Label: "Lưu và quay lại sau", Variant: ui.ButtonSecondary, Name: "action", Value: "draft"}),
			ui.Button(ui.ButtonProps{Label: "Hủy hồ sơ", Variant: ui.ButtonWarning, Confirm: "Hủy hồ sơ này?"}),
			ui.Button(ui.ButtonProps{Label: "Quay lại", Variant: ui.ButtonLink, Type: "button"}),
			raw(`</div></form><h2>Tổng quan</h2><ul class="cards"><li>`),
			ui.Card(ui.CardProps{Title: "Hồ sơ chờ xử lý", Href: "/ho-so?tt=3", Value: "12", Body: "Cần xử lý trong tuần này"}),
			raw(`</li><li>`),
			ui.Card(ui.CardProps{Title: "Sắp quá hạn", Href: "/ho-so?tt=10", Value: "3", Body: "Hạn trả trong 2 ngày"}),
			raw(`</li><li>`),
			ui.Card(ui.CardProps{Title: "Đã trả kết quả", Value: "248", Body: "Từ đầu năm"}),
			raw(`</li></ul>`),
			ui.Table(ui.TableProps{
				Caption: "Hồ sơ của tôi",
				Head:    []ui.Column{{Label: "Mã hồ sơ"}, {Label: "Thủ tục"}, {Label: "Ngày nộp"}, {Label: "Trạng thái"}, {Label: "Số ngày", Numeric: true}},
				Rows:    sampleRows(),
			}),
			ui.Pagination(ui.PaginationProps{Page: 5, Pages: 12, Label: "Phân trang", Previous: "Trang trước", Next: "Trang sau",
				URL: func(n int) templ.SafeURL { return templ.SafeURL("?trang=" + strconv.Itoa(n)) }}),
			ui.Alert(ui.AlertProps{Kind: ui.AlertInfo, Title: "Thông tin", Body: "Hồ sơ được xử lý trong 15 ngày làm việc."}),
			ui.Alert(ui.AlertProps{Kind: ui.AlertWarning, Title: "Cần bổ sung", Body: "Vui lòng bổ sung bản vẽ thiết kế trước ngày 20/12."}),
			ui.Alert(ui.AlertProps{Kind: ui.AlertError, Title: "Không gửi được", Body: "Hệ thống đang bận, vui lòng thử lại."}),
			raw(`<h2>Kiểm tra thông tin</h2>`),
			ui.SummaryList(ui.SummaryListProps{Rows: []ui.SummaryRow{
				{Key: "Họ và tên", Value: "Nguyễn Thị Hoa", ChangeHref: "/sua#full_name", ChangeLabel: "Thay đổi", ChangeHidden: "họ và tên"},
				{Key: "Số điện thoại", Value: "0912 345 678", ChangeHref: "/sua#phone", ChangeLabel: "Thay đổi", ChangeHidden: "số điện thoại"},
			}}),
			ui.Panel(ui.PanelProps{Title: "Đã nộp hồ sơ", Body: "Mã hồ sơ của bạn là", Reference: "000.00.01.H55-241220-0001"}),
		}
		for _, c := range parts {
			if err := c.Render(ctx, w); err != nil {
				return err
			}
		}
		return nil
	})
}

func sampleRows() [][]ui.Cell {
	labels := []string{"Chờ tiếp nhận", "Đã tiếp nhận", "Đang xử lý", "Chờ bổ sung", "Tạm dừng", "Có kết quả", "Đã trả kết quả", "Từ chối", "Đã rút", "Quá hạn"}
	var rows [][]ui.Cell
	for i, l := range labels {
		code := i + 1
		rows = append(rows, []ui.Cell{
			{Content: raw(`<a href="/ho-so/` + strconv.Itoa(code) + `">H55-241220-000` + strconv.Itoa(code) + `</a>`), RowHeader: true},
			ui.TextCell("Cấp giấy phép xây dựng nhà ở riêng lẻ"),
			ui.TextCell("20/12/2024"),
			ui.CompCell(ui.StatusBadge(ui.StatusBadgeProps{Code: code, Label: l})),
			ui.NumCell(code * 2),
		})
	}
	return rows
}

func raw(s string) templ.Component { return templ.Raw(s) }
