// Package route names every page and builds its URL. It is a leaf: the route
// table in package web uses the Path constants, and templates and handlers
// build links with the typed helpers below, never by concatenating strings.
package route

import (
	"net/url"
	"strconv"

	"github.com/a-h/templ"
)

// Paths, as registered in the route table. Public paths are Vietnamese
// slugs, as citizens read and share them.
const (
	PathHome           = "/"
	PathLogin          = "/dang-nhap"
	PathLogout         = "/dang-xuat"
	PathRegister       = "/dang-ky"
	PathAccount        = "/tai-khoan"
	PathAccountPasswd  = "/tai-khoan/mat-khau"
	PathAccountContact = "/tai-khoan/lien-he"
	PathAccountSignOut = "/tai-khoan/dang-xuat-noi-khac"
	PathAccountData    = "/tai-khoan/du-lieu-ca-nhan.json"
	PathForgot         = "/quen-mat-khau"
	PathPrivacy        = "/quyen-rieng-tu"
	PathAccessibility  = "/tro-nang"
	PathReset          = "/dat-lai-mat-khau/:token"
	PathLanguage       = "/ngon-ngu"
	PathOffice         = "/can-bo"
	PathAdmin          = "/quan-tri"
	PathAdminUsers     = "/quan-tri/nguoi-dung"
	PathAdminUserNew   = "/quan-tri/nguoi-dung/moi"
	PathAdminUser      = "/quan-tri/nguoi-dung/:id"
	PathAdminUserLock  = "/quan-tri/nguoi-dung/:id/khoa"
	PathAdminUserOpen  = "/quan-tri/nguoi-dung/:id/mo-khoa"
	PathAdminUserEdit  = "/quan-tri/nguoi-dung/:id/sua"
	PathAdminUnits     = "/quan-tri/don-vi"
	PathHealth         = "/healthz"
	PathReady          = "/readyz"
	PathMetrics        = "/metrics"
	PathStaticPrefix   = "/static/"
	PathAPIPrefix      = "/api/"
	PathFavicon        = "/favicon.ico"
	PathRobots         = "/robots.txt"
	QueryNext          = "next"
	QueryLang          = "lang"
	QueryPage          = "page"
	LoginFormIdentity  = "login"
	LoginFormPassword  = "password"
	CSRFFormField      = "_csrf"
	SessionCookieName  = "motcua_session"
	LanguageCookieName = "motcua_lang"
	CSRFCookieName     = "motcua_csrf"
)

// Home is the portal's front page.
func Home() templ.SafeURL { return PathHome }

// Login is the login page; next is where to go afterwards (a local path).
func Login(next string) templ.SafeURL {
	if next == "" || !LocalPath(next) {
		return PathLogin
	}
	return templ.SafeURL(PathLogin + "?" + url.Values{QueryNext: {next}}.Encode())
}

// Logout is the logout form's action (POST).
func Logout() templ.SafeURL { return PathLogout }

// Register is the registration page.
func Register() templ.SafeURL { return PathRegister }

// Account is the signed-in user's account page.
func Account() templ.SafeURL { return PathAccount }

// AccountPassword is the password change form's action.
func AccountPassword() templ.SafeURL { return PathAccountPasswd }

// LanguageSave is the language switch's form action for someone signed in
// (POST with lang, next and the CSRF token): it saves the choice in the
// account too, which a link must not do.
func LanguageSave() templ.SafeURL { return PathLanguage }

// Language switches to lang and comes back to next.
func Language(lang, next string) templ.SafeURL {
	v := url.Values{QueryLang: {lang}}
	if next != "" && LocalPath(next) {
		v.Set(QueryNext, next)
	}
	return templ.SafeURL(PathLanguage + "?" + v.Encode())
}

// AccountContact changes the applicant's e-mail and phone (POST).
func AccountContact() templ.SafeURL { return PathAccountContact }

// AccountSignOut ends the account's sessions on other devices (POST).
func AccountSignOut() templ.SafeURL { return PathAccountSignOut }

// AccountData downloads the person's data as JSON.
func AccountData() templ.SafeURL { return PathAccountData }

// Privacy is the notice of how personal data is processed.
func Privacy() templ.SafeURL { return PathPrivacy }

// Accessibility is the accessibility statement.
func Accessibility() templ.SafeURL { return PathAccessibility }

// Forgot is the page asking for a password reset link.
func Forgot() templ.SafeURL { return PathForgot }

// Reset is the page a password reset link opens.
func Reset(token string) templ.SafeURL {
	return templ.SafeURL("/dat-lai-mat-khau/" + url.PathEscape(token))
}

// Office is the staff dashboard.
func Office() templ.SafeURL { return PathOffice }

// Admin is the administration home.
func Admin() templ.SafeURL { return PathAdmin }

// AdminUsers is the user list, page from 1.
func AdminUsers(page int) templ.SafeURL { return withPage(PathAdminUsers, page) }

// withPage adds the page number to a list's path (none for page 1).
func withPage(path string, page int) templ.SafeURL {
	if page <= 1 {
		return templ.SafeURL(path)
	}
	return templ.SafeURL(path + "?" + QueryPage + "=" + strconv.Itoa(page))
}

// AdminUserNew is the staff creation form.
func AdminUserNew() templ.SafeURL { return PathAdminUserNew }

// AdminUser is a staff account's page.
func AdminUser(id int64) templ.SafeURL {
	return templ.SafeURL(PathAdminUsers + "/" + strconv.FormatInt(id, 10))
}

// AdminUserLock locks a staff account (POST, with a reason).
func AdminUserLock(id int64) templ.SafeURL { return AdminUser(id) + "/khoa" }

// AdminUserEdit changes a staff account (GET the form, POST it).
func AdminUserEdit(id int64) templ.SafeURL { return AdminUser(id) + "/sua" }

// AdminUserUnlock unlocks a staff account (POST).
func AdminUserUnlock(id int64) templ.SafeURL { return AdminUser(id) + "/mo-khoa" }

// AdminUserCreate is the staff creation form's action.
func AdminUserCreate() templ.SafeURL { return PathAdminUsers }

// AdminUnits is the unit tree.
func AdminUnits() templ.SafeURL { return PathAdminUnits }

// LocalPath reports whether p is a path on this site (not "//host" or a
// scheme), safe to redirect to.
func LocalPath(p string) bool {
	if len(p) == 0 || p[0] != '/' || (len(p) > 1 && (p[1] == '/' || p[1] == '\\')) {
		return false
	}
	u, err := url.Parse(p)
	return err == nil && u.Scheme == "" && u.Host == ""
}

// RegisterKind is the registration form for a business (true) or a citizen.
func RegisterKind(business bool) templ.SafeURL {
	if business {
		return PathRegister + "?loai=doanh-nghiep"
	}
	return PathRegister
}
