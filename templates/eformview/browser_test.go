package eformview_test

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/a-h/templ"
	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/browsertest"
)

func TestMain(m *testing.M) { browsertest.Main(m) }

// site writes pages into a directory beside copies of the real app.css and
// app.js and returns the directory's file:// URL. Templates may not import
// net/http (the depguard rules), so the browser reads files instead of a
// test server; the pages are the same.
func site(t *testing.T, pages map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range map[string]string{"app.css": "../../static/css/app.css", "app.js": "../../static/js/app.js"} {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for name, b := range pages {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(dir) + "/"}).String()
}

func fileName(name string) string {
	return strings.NewReplacer("/", "_", ".", "_").Replace(name) + ".html"
}

// TestAccessibility runs axe on every page of the test form (with errors,
// at the desk, read-only), on every page of three seed forms, and on the
// summary and the task list: no WCAG 2.1 A or AA violation.
func TestAccessibility(t *testing.T) {
	pages := map[string][]byte{"summary.html": summaryDocument(t), "tasklist.html": taskListDocument(t)}
	for name, p := range pageCases(t) {
		pages[fileName(name)] = formPage(t, p)
	}
	base := site(t, pages)
	tab := browsertest.Open(t, base+"summary.html")
	names := make([]string, 0, len(pages))
	for name := range pages {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			tab.Navigate(base + name)
			tab.CheckA11yIn(t)
		})
	}
}

// TestScript checks app.js on a rendered page: conditional questions
// follow the answers, and choosing a province fills its communes from the
// URL its option names (a data: URL here) with the refresh button hidden.
func TestScript(t *testing.T) {
	p := kindsProps()
	p.CommunesURL = func(province string) templ.SafeURL {
		if province != "01" {
			return "data:application/json,%5B%5D"
		}
		type place struct {
			Code string `json:"code"`
			Name string `json:"name"`
		}
		var list []place
		for _, c := range places().Communes(province) {
			list = append(list, place{c.Code, c.Name})
		}
		b, _ := json.Marshal(list)
		return templ.SafeURL("data:application/json," + url.PathEscape(string(b)))
	}
	base := site(t, map[string][]byte{"page.html": formPage(t, p)})
	tab := browsertest.Open(t, base+"page.html")
	hidden := func(id string) bool {
		t.Helper()
		return evaluate[bool](t, tab, `document.getElementById(`+quote(id)+`).closest("[hidden]") !== null`)
	}
	choose := func(id, value string) {
		t.Helper()
		evaluate[bool](t, tab, `(s => { s.value = `+quote(value)+`; s.dispatchEvent(new Event("change", {bubbles: true})); return true })(document.getElementById(`+quote(id)+`))`)
	}

	// Choosing "Quốc tịch khác" shows the question that asks which.
	if !hidden("quoc_tich_khac") {
		t.Fatal("quoc_tich_khac shown before choosing khac")
	}
	choose("quoc_tich", "khac")
	if hidden("quoc_tich_khac") {
		t.Error("quoc_tich_khac still hidden after choosing khac")
	}
	// A sub-field follows its sibling in the same item only.
	if !hidden("con.1.so_the") || hidden("con.0.so_the") {
		t.Fatal("so_the visibility before the click")
	}
	tab.Click(`[id="con.1.co_the"]`)
	if hidden("con.1.so_the") || hidden("con.0.so_the") {
		t.Error("so_the of item 2 still hidden after answering yes")
	}
	tab.Click(`[id="co_con-2"]`) // no children: the whole group goes
	if !hidden("con.0.ten") {
		t.Error("group still shown after answering no")
	}

	// The refresh button is hidden, and a province's communes arrive.
	if !evaluate[bool](t, tab, `document.querySelector("[data-eform-refresh]").hidden`) {
		t.Error("refresh button shown although app.js fills the communes")
	}
	choose("dia_chi.province", "01")
	want := len(places().Communes("01")) + 1
	js := `document.getElementById("dia_chi.commune").options.length`
	if _, err := browsertest.Run(tab, chromedp.Poll[chromedp.Void](js+` === `+strconv.Itoa(want), chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("commune options after choosing 01: %d, want %d (%v)", evaluate[int](t, tab, js), want, err)
	}
	if got := evaluate[string](t, tab, `document.getElementById("dia_chi.commune").options[1].value`); got != places().Communes("01")[0].Code {
		t.Errorf("first commune %q", got)
	}
	tab.CheckA11y()
}

// evaluate runs a JavaScript expression in the page.
func evaluate[T any](t *testing.T, p *browsertest.Page, js string) T {
	t.Helper()
	v, err := browsertest.Run(p, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
