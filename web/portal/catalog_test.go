package portal_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/web/route"
)

func catalogEnv(t *testing.T) *apptest.Env {
	env := apptest.New(t)
	for _, r := range apptest.SampleRecords() {
		env.Publish(t, r)
	}
	return env
}

func resultCodes(doc *goquery.Document) []string {
	var out []string
	doc.Find(".result-list .result h2 a").Each(func(_ int, s *goquery.Selection) {
		href, _ := s.Attr("href")
		out = append(out, strings.TrimPrefix(href, route.PathCatalog+"/"))
	})
	return out
}

func search(c *apptest.Client, q route.CatalogQuery) *apptest.Response {
	return c.Get(string(route.Catalog(q)))
}

func TestCatalogSearch(t *testing.T) {
	env := catalogEnv(t)
	c := env.Client(t)

	res := c.Get(route.PathCatalog)
	if res.Status != http.StatusOK || len(resultCodes(res.Doc)) != 5 || !strings.Contains(res.Text(".result-count"), "Tìm thấy 5 thủ tục") {
		t.Fatalf("browse: %d %v %q", res.Status, resultCodes(res.Doc), res.Text(".result-count"))
	}
	if !strings.Contains(res.Doc.Find("#facet-field").Parent().Text(), "Hộ tịch (2)") {
		t.Errorf("field facet lacks Hộ tịch (2): %s", res.Doc.Find("#facet-field").Parent().Text())
	}

	// Diacritics and case do not matter; the name match comes first, with
	// the words marked; a body-only match comes later with an excerpt.
	res = search(c, route.CatalogQuery{Text: "GIAY PHEP LAI XE"})
	codes := resultCodes(res.Doc)
	if len(codes) < 2 || codes[0] != "3.000347" {
		t.Fatalf("giay phep lai xe: %v", codes)
	}
	if got := res.Doc.Find(".result").First().Find("h2 mark").Text(); got != "giấy phép lái xe" {
		t.Errorf("marked words in the name: %q", got)
	}
	lltp := res.Doc.Find(`.result:has(a[href="/thu-tuc/3.000333"])`)
	if lltp.Length() != 1 || lltp.Find(".excerpt mark").Length() == 0 {
		t.Errorf("the body-only match (3.000333) is missing or has no highlighted excerpt: %v", codes)
	}
	if a, b := resultCodes(search(c, route.CatalogQuery{Text: "đăng ký"}).Doc), resultCodes(search(c, route.CatalogQuery{Text: "dang ky"}).Doc); strings.Join(a, ",") != strings.Join(b, ",") || len(a) < 3 {
		t.Errorf("đăng ký %v vs dang ky %v", a, b)
	}
	if codes := resultCodes(search(c, route.CatalogQuery{Text: "dang ky khai sjnh"}).Doc); len(codes) == 0 || codes[0] != "1.001193" {
		t.Errorf("a typo: %v", codes)
	}
	if codes := resultCodes(search(c, route.CatalogQuery{Text: "1.001193"}).Doc); len(codes) != 1 || codes[0] != "1.001193" {
		t.Errorf("code: %v", codes)
	}
	res = search(c, route.CatalogQuery{Text: "xyzzy quokka"})
	if len(resultCodes(res.Doc)) != 0 || !strings.Contains(res.Doc.Find("main").Text(), "Không tìm thấy thủ tục phù hợp") {
		t.Error("nonsense query should find nothing and say so")
	}

	// Filters narrow the list, mark the chosen value and offer to clear it.
	res = search(c, route.CatalogQuery{Field: "HT"})
	if codes := resultCodes(res.Doc); len(codes) != 2 {
		t.Errorf("field filter: %v", codes)
	}
	if sel := res.Doc.Find(`#facet-field ~ ul a[aria-current="true"]`).Text(); !strings.Contains(sel, "Hộ tịch") {
		t.Errorf("selected facet: %q", sel)
	}
	if res.Doc.Find(`a[href="`+string(route.Catalog(route.CatalogQuery{}))+`"]`).Length() == 0 {
		t.Error("no link to clear the filter")
	}
	res = search(c, route.CatalogQuery{Level: "province", Subject: "foreigner"})
	if codes := resultCodes(res.Doc); len(codes) != 1 || codes[0] != "3.000347" {
		t.Errorf("level+subject: %v", codes)
	}
	// A commune's own unit finds the procedures every commune does.
	commune, err := env.App.Units.GetByCode(context.Background(), "001.00.50.H19")
	if err != nil {
		t.Fatal(err)
	}
	if codes := resultCodes(search(c, route.CatalogQuery{Unit: commune.Code}).Doc); len(codes) != 3 {
		t.Errorf("commune unit filter: %v", codes)
	}
	// The search keeps the filters through a new query.
	res = search(c, route.CatalogQuery{Field: "HT", Text: "ket hon"})
	if codes := resultCodes(res.Doc); len(codes) != 1 || codes[0] != "1.000894" {
		t.Errorf("text within a filter: %v", codes)
	}
	if v, _ := res.Doc.Find(`form[role=search] input[name="linh-vuc"]`).Attr("value"); v != "HT" {
		t.Errorf("the search form drops the filter: %q", v)
	}
}

func TestProcedurePage(t *testing.T) {
	env := catalogEnv(t)
	c := env.Client(t)
	res := c.Get(string(route.Procedure("3.000347", 0)))
	if res.Status != http.StatusOK || res.Text("h1") != "Đổi giấy phép lái xe do ngành Công an cấp" {
		t.Fatalf("page: %d %q", res.Status, res.Text("h1"))
	}
	main := res.Doc.Find("main").Text()
	for _, want := range []string{"Công an tỉnh Thái Nguyên", "5 ngày làm việc", "Lệ phí: 135.000 đồng", "Lệ phí: 67.500 đồng",
		"Tờ khai theo mẫu", "36/2024/QH15", "27/06/2024", "Trực tuyến toàn trình", "Phiên bản 1"} {
		if !strings.Contains(main, want) {
			t.Errorf("procedure page lacks %q", want)
		}
	}
	if href, _ := res.Doc.Find(`main a.btn`).Attr("href"); href != string(route.ProcedureApply("3.000347")) ||
		res.Doc.Find("main a.btn").Text() != "Nộp hồ sơ trực tuyến" {
		t.Errorf("apply button: %q", href)
	}
	res = c.Get(string(route.Procedure("1.001193", 0)))
	if !strings.Contains(res.Doc.Find("main").Text(), "Trong ngày (nhận sau 15 giờ") {
		t.Error("same-day time not explained")
	}
	if res := c.Get(string(route.Procedure("9.999999", 0))); res.Status != http.StatusNotFound {
		t.Errorf("unknown code: %d", res.Status)
	}
	if res := c.Get(string(route.Procedure("1.001193", 9))); res.Status != http.StatusNotFound {
		t.Errorf("unknown version: %d", res.Status)
	}
	// A draft of a new procedure is not public.
	draft := apptest.SampleRecords()[0]
	draft.Code, draft.Name = "1.999999", "Thủ tục nháp"
	if _, err := env.App.Catalog.SaveDraft(context.Background(), 0, draft); err != nil {
		t.Fatal(err)
	}
	if res := c.Get(string(route.Procedure("1.999999", 0))); res.Status != http.StatusNotFound {
		t.Errorf("draft shown publicly: %d", res.Status)
	}
	if res := c.Get(string(route.Procedure("1.999999", 1))); res.Status != http.StatusNotFound {
		t.Errorf("draft version shown publicly: %d", res.Status)
	}
	if codes := resultCodes(search(c, route.CatalogQuery{Text: "Thủ tục nháp"}).Doc); len(codes) != 0 {
		t.Errorf("draft in search: %v", codes)
	}
}

func TestProcedureFormDownload(t *testing.T) {
	env := catalogEnv(t)
	data := []byte("PK\x03\x04 fake docx for the test")
	if _, err := env.App.CatalogStore.PutTemplate(context.Background(), "1.001193", catalog.File{Name: "to-khai.docx",
		ContentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Data: data}); err != nil {
		t.Fatal(err)
	}
	c := env.Client(t)
	res := c.Get(string(route.ProcedureForm("1.001193", "to-khai.docx")))
	if res.Status != http.StatusOK || string(res.Body) != string(data) {
		t.Fatalf("download: %d", res.Status)
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || res.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("headers: %v", res.Header)
	}
	if res := c.Get(string(route.ProcedureForm("1.001193", "khac.docx"))); res.Status != http.StatusNotFound {
		t.Errorf("unknown form: %d", res.Status)
	}
	if res := c.Get(route.PathCatalog + "/1.001193/mau/" + url.PathEscape("../../etc/passwd")); res.Status != http.StatusNotFound {
		t.Errorf("path trick: %d", res.Status)
	}
}
