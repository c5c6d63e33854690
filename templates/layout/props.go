package layout

import (
	"github.com/a-h/templ"

	"github.com/motcua/motcua/templates/ui"
)

// Area is the part of the site a page belongs to. It changes the header's
// colour band (red for citizens, navy for staff, charcoal for administrators)
// so staff always know which side they are on.
type Area int

// Areas of the site.
const (
	AreaPublic Area = iota
	AreaOffice
	AreaAdmin
)

func (a Area) class() string {
	switch a {
	case AreaOffice:
		return "site-header area-office"
	case AreaAdmin:
		return "site-header area-admin"
	}
	return "site-header area-public"
}

// AssetPather resolves a logical asset name ("css/app.css") to its
// fingerprinted URL; *static.Assets implements it.
type AssetPather interface {
	Path(name string) string
}

// NavItem is one link in the main or footer navigation.
type NavItem struct {
	Label   string
	Href    templ.SafeURL
	Current bool
}

// UserInfo is the signed-in user shown in the header.
type UserInfo struct {
	Name      string
	RoleLabel string
	UnitName  string
	// InboxHref links to the in-app messages; Unread counts the unread
	// ones (UnreadLabel says it for screen readers: "3 tin chưa đọc").
	InboxHref   templ.SafeURL
	InboxLabel  string
	Unread      int
	UnreadLabel string
}

// LangLink switches the interface language. Label is written in the target
// language ("English", "Tiếng Việt"); HrefLang is its BCP 47 tag.
type LangLink struct {
	Label    string
	Href     templ.SafeURL
	Current  bool
	HrefLang string
}

// Flash is a one-off message carried across a redirect.
type Flash struct {
	Kind    ui.AlertKind
	Message string
}

// Labels are the translated strings the shell itself needs.
type Labels struct {
	SkipLink       string // "Chuyển đến nội dung chính"
	MainNav        string // aria-label of the main navigation
	Menu           string // the button that unfolds it on a phone ("Menu")
	SubNav         string // aria-label of the area's own navigation
	Login          string
	Logout         string
	Register       string
	Account        string
	LanguageSwitch string // aria-label of the language links
	Breadcrumb     string // aria-label of the breadcrumb
	FooterNav      string // aria-label of the footer links
	FooterText     string // owner and contact line
	AreaName       string // optional tag under the site name, e.g. "Một cửa điện tử"
}

// PageProps is everything Base needs to draw the shell around a page.
type PageProps struct {
	Lang string // "vi" or "en"
	// Title is this page's title; the document title is "Title – SiteName".
	Title       string
	SiteName    string
	Description string // optional meta description
	Assets      AssetPather
	Area        Area
	Nav         []NavItem
	// SubNav lists the sections of the area the page is in (the
	// administration's), under the main navigation; empty for most pages.
	SubNav []NavItem
	// User is nil when nobody is signed in.
	User   *UserInfo
	Labels Labels
	// HomeHref is where the site name links; defaults to "/".
	HomeHref     templ.SafeURL
	LoginHref    templ.SafeURL
	RegisterHref templ.SafeURL
	AccountHref  templ.SafeURL
	// LogoutAction receives a POST with CSRFToken; logout is never a GET.
	LogoutAction templ.SafeURL
	CSRFToken    string
	LangSwitch   []LangLink
	Flash        *Flash
	Breadcrumb   []ui.Crumb
	FooterLinks  []NavItem
	// LangAction, when set, makes the language switch a form posting
	// lang, next (LangNext) and CSRFToken there instead of links.
	LangAction templ.SafeURL
	LangNext   string
}

func (p PageProps) documentTitle() string {
	switch {
	case p.Title == "":
		return p.SiteName
	case p.SiteName == "":
		return p.Title
	}
	return p.Title + " – " + p.SiteName
}

func (p PageProps) menuLabel() string {
	if p.Labels.Menu == "" {
		return "Menu"
	}
	return p.Labels.Menu
}

func (p PageProps) lang() string {
	if p.Lang == "" {
		return "vi"
	}
	return p.Lang
}

func (p PageProps) asset(name string) string {
	if p.Assets == nil {
		return "/static/" + name
	}
	return p.Assets.Path(name)
}

func (p PageProps) home() templ.SafeURL {
	if p.HomeHref == "" {
		return "/"
	}
	return p.HomeHref
}

func (p PageProps) themeColor() string {
	switch p.Area {
	case AreaOffice:
		return "#163a66"
	case AreaAdmin:
		return "#2f3337"
	}
	return "#a50e0e"
}

func (u UserInfo) detail() string {
	switch {
	case u.RoleLabel == "":
		return u.UnitName
	case u.UnitName == "":
		return u.RoleLabel
	}
	return u.RoleLabel + " · " + u.UnitName
}
