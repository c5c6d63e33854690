package portal

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/templates/layout"
	"github.com/motcua/motcua/templates/portalview"
	"github.com/motcua/motcua/web/webctx"
)

// infoPage draws an information page from the message catalogue: the keys
// <page>.title, <page>.lead, and for each section n <page>.sN.heading and
// its paragraphs <page>.sN.p1, p2, ...
func infoPage(c echo.Context, page string, sections []int) error {
	r := webctx.Get(c)
	p := r.P
	props := portalview.InfoProps{Page: r.Page(c, p.T(page+".title"), layout.AreaPublic), P: p, Title: p.T(page + ".title"),
		Lead: p.T(page + ".lead"), Updated: p.T(page + ".updated")}
	for i, n := range sections {
		key := page + ".s" + strconv.Itoa(i+1)
		s := portalview.InfoSection{Heading: p.T(key + ".heading")}
		for j := 1; j <= n; j++ {
			s.Paragraphs = append(s.Paragraphs, p.T(key+".p"+strconv.Itoa(j)))
		}
		props.Sections = append(props.Sections, s)
	}
	return webctx.Render(c, http.StatusOK, portalview.Info(props))
}

// Privacy is the notice of how the portal processes personal data
// (Decree 13/2023/NĐ-CP, article 13).
func (h *Handler) Privacy(c echo.Context) error {
	return infoPage(c, "privacy", []int{2, 1, 2, 1, 1, 3, 1})
}

// Accessibility is the accessibility statement.
func (h *Handler) Accessibility(c echo.Context) error { return infoPage(c, "a11y", []int{1, 2, 1, 1}) }
