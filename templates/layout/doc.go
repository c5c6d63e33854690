// Package layout owns the page shell every screen shares: the HTML document
// (<!doctype>, lang, head with fingerprinted CSS and JS), skip link, header
// with site name, user box, language switch and main navigation, the
// breadcrumb, the flash message, <main id="main"> and the footer.
//
// Base takes a typed PageProps whose strings are already translated; the
// page layer fills it from the request (user, locale, CSRF token, current
// route). Like ui, this package never translates, never queries and never
// reads the request. It may import only the standard library,
// github.com/a-h/templ and templates/ui.
package layout
