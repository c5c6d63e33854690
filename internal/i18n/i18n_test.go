package i18n

import (
	"testing"
	"testing/fstest"
	"time"
)

func TestCatalogueLoads(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Keys()) < 100 {
		t.Errorf("only %d keys", len(c.Keys()))
	}
	vi, en := c.Printer(VI), c.Printer(EN)
	if vi.T("layout.login") != "Đăng nhập" || en.T("layout.login") != "Sign in" {
		t.Errorf("login: %q / %q", vi.T("layout.login"), en.T("layout.login"))
	}
	if got := vi.T("ui.page_n", 3); got != "Trang 3" {
		t.Errorf("args: %q", got)
	}
	if got := vi.T("no.such.key"); got != "no.such.key" {
		t.Errorf("missing key: %q", got)
	}
}

func TestCatalogueRejectsBrokenFiles(t *testing.T) {
	for name, files := range map[string]fstest.MapFS{
		"duplicate": {
			"messages/a.json": {Data: []byte(`{"x.y": {"vi": "a", "en": "b"}}`)},
			"messages/b.json": {Data: []byte(`{"x.y": {"vi": "c", "en": "d"}}`)},
		},
		"missing english": {"messages/a.json": {Data: []byte(`{"x.y": {"vi": "a"}}`)}},
		"bad json":        {"messages/a.json": {Data: []byte(`{"x.y": `)}},
	} {
		if _, err := load(files); err == nil {
			t.Errorf("%s: loaded", name)
		}
	}
}

func TestFormats(t *testing.T) {
	c := MustLoad()
	vi, en := c.Printer(VI), c.Printer(EN)
	for _, tc := range []struct{ got, want string }{
		{vi.Money(20000), "20.000 đồng"},
		{vi.Money(1234567), "1.234.567 đồng"},
		{vi.Money(0), "0 đồng"},
		{vi.Money(-5000), "-5.000 đồng"},
		{en.Money(135000), "135,000 VND"},
		{vi.Money(999), "999 đồng"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	// 23:30 UTC on 31/12 is already 06:30 on 01/01 in Vietnam.
	at := time.Date(2025, 12, 31, 23, 30, 0, 0, time.UTC)
	if got := vi.Date(at); got != "01/01/2026" {
		t.Errorf("Date = %q", got)
	}
	if got := vi.DateTime(at); got != "06:30 01/01/2026" {
		t.Errorf("DateTime = %q", got)
	}
	if l, ok := ParseLang(" EN "); !ok || l != EN {
		t.Errorf("ParseLang: %v %v", l, ok)
	}
	if _, ok := ParseLang("fr"); ok {
		t.Error("fr accepted")
	}
}
