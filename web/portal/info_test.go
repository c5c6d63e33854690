package portal_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/web/route"
)

// TestPrivacyAndAccessibilityPages: every page's footer links to the
// privacy notice and the accessibility statement, which say what they
// must; registration points to the notice.
func TestPrivacyAndAccessibilityPages(t *testing.T) {
	env := apptest.New(t)
	c := env.Client(t)
	home := c.Get(route.PathHome)
	for _, path := range []string{route.PathPrivacy, route.PathAccessibility} {
		if home.Doc.Find("footer a[href='"+path+"']").Length() != 1 {
			t.Errorf("the footer does not link to %s", path)
		}
	}
	for path, wants := range map[string][]string{
		route.PathPrivacy:       {"Nghị định 13/2023/NĐ-CP", "Quyền của bạn", "Dữ liệu cá nhân của bạn", "không được dùng cho quảng cáo"},
		route.PathAccessibility: {"WCAG 2.1", "tắt JavaScript", "axe", "Hạn chế đã biết"},
	} {
		res := c.Get(path)
		if res.Status != http.StatusOK {
			t.Fatalf("%s: %d", path, res.Status)
		}
		for _, w := range wants {
			if !strings.Contains(res.Text("main"), w) {
				t.Errorf("%s lacks %q", path, w)
			}
		}
	}
	if reg := c.Get(route.PathRegister); reg.Doc.Find("main form a[href='"+route.PathPrivacy+"']").Length() != 1 {
		t.Error("registration does not point to the privacy notice")
	}
}
