package webctx

import (
	"github.com/motcua/motcua/templates/layout"
	"github.com/motcua/motcua/web/route"
)

// descriptionKey is the message describing the page at route path (its
// <meta name="description">): its own for the public pages people arrive
// at from a search engine and for the staff's main pages, else its area's.
// A page about one thing (a procedure) says so itself.
func descriptionKey(path string, area layout.Area) string {
	switch path {
	case route.PathHome:
		return "meta.home"
	case route.PathCatalog:
		return "meta.catalog"
	case route.PathLookup:
		return "meta.lookup"
	case route.PathVerify, route.PathVerifyCode:
		return "meta.verify"
	case route.PathLogin:
		return "meta.login"
	case route.PathRegister:
		return "meta.register"
	case route.PathForgot:
		return "meta.forgot"
	case route.PathPrivacy:
		return "meta.privacy"
	case route.PathAccessibility:
		return "meta.accessibility"
	case route.PathMyDossiers:
		return "meta.mine"
	case route.PathQueue:
		return "meta.queue"
	case route.PathLedger:
		return "meta.ledger"
	case route.PathDeskIntake:
		return "meta.desk"
	}
	switch area {
	case layout.AreaOffice:
		return "meta.office"
	case layout.AreaAdmin:
		return "meta.admin"
	}
	return "meta.public"
}
