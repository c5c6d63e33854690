package webctx

import (
	"testing"

	"github.com/motcua/motcua/templates/layout"
	"github.com/motcua/motcua/web/route"
)

// TestMarkCurrent: of the links that match the page, only the most
// specific stays marked (the queue, not the desk above it); on a tie the
// first navigation's (the area's own) wins.
func TestMarkCurrent(t *testing.T) {
	nav := []layout.NavItem{{Href: route.PathHome}, {Href: route.PathOffice, Current: true}, {Href: route.PathQueue, Current: true}}
	markCurrent(nil, nav)
	if nav[1].Current || !nav[2].Current {
		t.Errorf("office %v, queue %v: want only the queue", nav[1].Current, nav[2].Current)
	}
	main := []layout.NavItem{{Href: route.PathAdminUsers, Current: true}}
	sub := []layout.NavItem{{Href: route.PathAdminUnits}, {Href: route.PathAdminUsers, Current: true}}
	markCurrent(sub, main)
	if main[0].Current || !sub[1].Current {
		t.Errorf("main %v, sub %v: want only the section navigation's", main[0].Current, sub[1].Current)
	}
	none := []layout.NavItem{{Href: route.PathHome}}
	markCurrent(nil, none)
	if none[0].Current {
		t.Error("marked a link that does not match")
	}
}

// TestDescriptionKey: public pages have their own description, others
// their area's.
func TestDescriptionKey(t *testing.T) {
	for path, want := range map[string]string{route.PathHome: "meta.home", route.PathVerifyCode: "meta.verify",
		route.PathQueue: "meta.queue", "": "meta.public", route.PathDossier: "meta.public"} {
		if got := descriptionKey(path, layout.AreaPublic); got != want {
			t.Errorf("%q: %s, want %s", path, got, want)
		}
	}
	if got := descriptionKey(route.PathFind, layout.AreaOffice); got != "meta.office" {
		t.Errorf("find: %s", got)
	}
	if got := descriptionKey(route.PathAdminUsers, layout.AreaAdmin); got != "meta.admin" {
		t.Errorf("admin users: %s", got)
	}
}
