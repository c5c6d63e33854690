package route

import (
	"strings"
	"testing"
)

// The result template builders fill in the paths the route table
// registers.
func TestResultTemplateBuilders(t *testing.T) {
	fill := func(path string) string { return strings.ReplaceAll(path, ":code", "1.001612") }
	for got, path := range map[string]string{
		string(AdminResultTemplate("1.001612")): PathAdminResultTemplate,
		string(AdminResultPreview("1.001612")):  PathAdminResultPreview,
	} {
		if want := fill(path); got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
	for q, want := range map[ResultTemplateQuery]string{
		{}:                               "/quan-tri/mau-ket-qua",
		{Text: "hộ kinh doanh", Page: 2}: "/quan-tri/mau-ket-qua?page=2&q=h%E1%BB%99+kinh+doanh",
		{Has: HasTemplateNo, Page: 1}:    "/quan-tri/mau-ket-qua?mau=chua",
	} {
		if got := string(AdminResultTemplates(q)); got != want {
			t.Errorf("%+v: got %q, want %q", q, got, want)
		}
	}
}
