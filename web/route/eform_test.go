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
		string(AdminEform("1.001193", 2)):           PathAdminEform,
		string(AdminEformEdit("1.001193", 2)):       PathAdminEformEdit,
		string(AdminEformPublish("1.001193", 2)):    PathAdminEformPublish,
		string(AdminEformDiscard("1.001193", 2)):    PathAdminEformDiscard,
		string(AdminEformHistory("1.001193", 2)):    PathAdminEformHistory,
		string(AdminEformVersion("1.001193", 2, 3)): PathAdminEformVersion,
	} {
		if want := fill(path); got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
	if got := string(AdminEform("a/b", 0)); got != "/quan-tri/thu-tuc/a%2Fb/bieu-mau/0" {
		t.Errorf("code not escaped: %q", got)
	}
}
