package webctx

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/templates/layout"
	"github.com/motcua/motcua/templates/ui"
	"github.com/motcua/motcua/web/route"
)

// Page builds the layout props of a page: title, area, navigation for the
// user's role, user box, language links, flash message and breadcrumb.
func (r *Request) Page(c echo.Context, title string, area layout.Area, crumbs ...ui.Crumb) layout.PageProps {
	p := r.P
	current := c.Request().URL.Path
	nav := func(key string, href templ.SafeURL) layout.NavItem {
		h := string(href)
		return layout.NavItem{Label: p.T(key), Href: href,
			Current: current == h || (h != "/" && strings.HasPrefix(current, h+"/"))}
	}
	props := layout.PageProps{
		Lang:        string(p.Lang()),
		Title:       title,
		SiteName:    p.T("app.name"),
		Description: p.T(descriptionKey(c.Path(), area)),
		Assets:      r.Assets,
		Area:        area,
		Labels: layout.Labels{
			SkipLink: p.T("layout.skip_link"), MainNav: p.T("layout.main_nav"), Menu: p.T("layout.menu"), Login: p.T("layout.login"),
			Logout: p.T("layout.logout"), Register: p.T("layout.register"), Account: p.T("layout.account"),
			LanguageSwitch: p.T("layout.language_switch"), Breadcrumb: p.T("layout.breadcrumb"),
			FooterNav: p.T("layout.footer_nav"), FooterText: p.T("layout.footer_text"),
			AreaName: p.T(areaKey(area)),
		},
		HomeHref: route.Home(), LoginHref: route.Login(current), RegisterHref: route.Register(),
		AccountHref: route.Account(), LogoutAction: route.Logout(), CSRFToken: r.CSRF,
		Breadcrumb: crumbs,
	}
	props.FooterLinks = []layout.NavItem{nav("nav.privacy", route.Privacy()), nav("nav.accessibility", route.Accessibility())}
	props.Nav = append(props.Nav, nav("nav.home", route.Home()), nav("nav.catalog", route.Catalog(route.CatalogQuery{})),
		nav("nav.lookup", route.Lookup()), nav("nav.verify", route.Verify()))
	if r.User != nil {
		if r.User.Role == account.RoleCitizen || r.User.Role == account.RoleBusiness {
			props.Nav = append(props.Nav, nav("nav.my_dossiers", route.MyDossiers(1)))
		}
		if r.User.Role.Staff() {
			props.Nav = append(props.Nav, nav("nav.office", route.Office()))
		}
		switch r.User.Role {
		case account.RoleClerk, account.RoleOfficer, account.RoleLeader:
			props.Nav = append(props.Nav, nav("nav.queue", route.Queue(route.QueueQuery{})),
				nav("nav.ledger", route.Ledger(route.LedgerQuery{})))
		}
		if r.User.Role == account.RoleClerk {
			props.Nav = append(props.Nav, nav("nav.desk", route.DeskIntake()))
		}
		if r.User.Role == account.RoleAdmin {
			props.Nav = append(props.Nav, nav("nav.admin_catalog", route.AdminCatalog("", 1)),
				nav("nav.admin_users", route.AdminUsers(1)))
			// Inside administration, every part of it is one click away.
			if area == layout.AreaAdmin {
				props.Labels.SubNav = p.T("layout.admin_nav")
				props.SubNav = []layout.NavItem{nav("nav.admin_users", route.AdminUsers(1)),
					nav("nav.admin_units", route.AdminUnits()), nav("nav.admin_catalog", route.AdminCatalog("", 1)),
					nav("nav.admin_calendar", route.AdminCalendar()), nav("nav.admin_templates", route.AdminTemplates()),
					nav("admin.result.title", route.AdminResultTemplates(route.ResultTemplateQuery{}))}
			}
		}
		ui := &layout.UserInfo{Name: r.User.FullName, RoleLabel: p.T(r.User.Role.LabelKey()), InboxHref: route.Inbox(1),
			InboxLabel: p.T("layout.inbox"), Unread: r.Unread, UnreadLabel: p.T("layout.unread", r.Unread)}
		if r.Unit != nil {
			ui.UnitName = r.Unit.Name
		}
		props.User = ui
	}
	markCurrent(props.SubNav, props.Nav)
	back := languageBack(c.Request())
	if r.User != nil {
		// The choice is saved in the account: a POST, not a link.
		props.LangAction, props.LangNext = route.LanguageSave(), back
	}
	for _, l := range i18n.Langs {
		props.LangSwitch = append(props.LangSwitch, layout.LangLink{
			Label: p.T("lang." + string(l)), Href: route.Language(string(l), back),
			Current: l == p.Lang(), HrefLang: string(l),
		})
	}
	if f, ok := r.PopFlash(); ok {
		props.Flash = &layout.Flash{Kind: ui.AlertKind(f.Kind), Message: p.T(f.Key)}
	}
	return props
}

// markCurrent leaves one link of the navigations marked as the page: of
// those that match (the page, or a section above it), the one with the
// longest address (the queue, not the desk above it); on a tie, the one in
// the first navigation given.
func markCurrent(navs ...[]layout.NavItem) {
	var best *layout.NavItem
	for _, nav := range navs {
		for i := range nav {
			if it := &nav[i]; it.Current {
				if best == nil || len(it.Href) > len(best.Href) {
					best = it
				}
				it.Current = false
			}
		}
	}
	if best != nil {
		best.Current = true
	}
}

// languageBack is where the language switch returns to: the page itself,
// or for a page answering a form (a POST re-rendered with its errors) the
// page the form was on, since following a link cannot repeat a POST.
func languageBack(req *http.Request) string {
	if req.Method == http.MethodGet || req.Method == http.MethodHead {
		return req.URL.RequestURI()
	}
	if ref, err := url.Parse(req.Referer()); err == nil && ref.Host == req.Host && ref.Path != "" {
		return ref.RequestURI()
	}
	return ""
}

func areaKey(a layout.Area) string {
	switch a {
	case layout.AreaOffice:
		return "layout.area_office"
	case layout.AreaAdmin:
		return "layout.area_admin"
	}
	return "layout.area_public"
}

// StatusBadge shows a dossier's status (code 1-10 and its name).
func StatusBadge(p i18n.Printer, s dossier.Status) ui.StatusBadgeProps {
	return ui.StatusBadgeProps{Code: int(s), Label: p.T(s.LabelKey())}
}
