package route

import (
	"strings"
	"testing"
)

// The e-form builders fill in the paths the route table registers.
func TestEformBuilders(t *testing.T) {
	fill := func(path string) string {
		return strings.NewReplacer(":code", "1.001193", ":case", "2", ":version", "3").Replace(path)
	}
	for got, path := range map[string]string{
		string(AdminEform("1.001193", 2)):            PathAdminEform,
		string(AdminEformEdit("1.001193", 2)):        PathAdminEformEdit,
		string(AdminEformPublish("1.001193", 2)):     PathAdminEformPublish,
		string(AdminEformDiscard("1.001193", 2)):     PathAdminEformDiscard,
		string(AdminEformHistory("1.001193", 2)):     PathAdminEformHistory,
		string(AdminEformVersion("1.001193", 2, 3)):  PathAdminEformVersion,
		string(AdminEformPreview("1.001193", 2, "")): PathAdminEformPreview,
	} {
		if want := fill(path); got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
	if got := string(AdminEformPreview("1.001193", 0, "giay-to")); got != "/quan-tri/thu-tuc/1.001193/bieu-mau/0/xem-truoc?trang=giay-to" {
		t.Errorf("preview of a page: %q", got)
	}
	if got := string(AdminEform("a/b", 0)); got != "/quan-tri/thu-tuc/a%2Fb/bieu-mau/0" {
		t.Errorf("code not escaped: %q", got)
	}
}
