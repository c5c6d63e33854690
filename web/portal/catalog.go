package portal

import (
	"context"
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/templates/layout"
	"github.com/motcua/motcua/templates/portalview"
	"github.com/motcua/motcua/templates/ui"
	"github.com/motcua/motcua/web/route"
	"github.com/motcua/motcua/web/webctx"
)

// Catalog is what the public catalogue pages read.
type Catalog interface {
	Search(ctx context.Context, q catalog.Query) (catalog.Results, error)
	Procedure(ctx context.Context, code string) (catalog.Procedure, error)
	Version(ctx context.Context, code string, n int) (catalog.Version, error)
	Versions(ctx context.Context, code string) ([]catalog.Version, error)
	Template(ctx context.Context, code, name string) (catalog.File, error)
}

// CatalogHandler serves the public catalogue.
type CatalogHandler struct {
	Catalog Catalog
	// Outcomes, when set, tells how a procedure's dossiers fared over the
	// last year (shown from dossier.MinShown dossiers or ratings).
	Outcomes func(ctx context.Context, code string) (dossier.ProcStats, error)
}

const perPage = 20

// QueryFrom reads the catalogue query from the URL.
func QueryFrom(c echo.Context) route.CatalogQuery {
	page, _ := strconv.Atoi(c.QueryParam(route.QueryPage))
	return route.CatalogQuery{Text: strings.TrimSpace(c.QueryParam(route.QueryText)), Field: c.QueryParam(route.QueryField),
		Level: c.QueryParam(route.QueryLevel), Unit: c.QueryParam(route.QueryUnit), Subject: c.QueryParam(route.QuerySubject),
		Page: max(page, 1)}
}

// DomainQuery converts a page query into a store query.
func DomainQuery(q route.CatalogQuery, per int) catalog.Query {
	return catalog.Query{Text: q.Text, Field: q.Field, Level: catalog.Level(q.Level), Unit: q.Unit,
		Subject: catalog.Subject(q.Subject), Page: q.Page, PerPage: per}
}

// Search shows the catalogue with search, facets and results.
func (h *CatalogHandler) Search(c echo.Context) error {
	r := webctx.Get(c)
	q := QueryFrom(c)
	res, err := h.Catalog.Search(c.Request().Context(), DomainQuery(q, perPage))
	if err != nil {
		return err
	}
	p := r.P
	props := portalview.CatalogProps{Page: r.Page(c, p.T("catalog.title"), layout.AreaPublic), P: p, Query: q, Total: res.Total,
		Hidden: map[string]string{}}
	for k, v := range map[string]string{route.QueryField: q.Field, route.QueryLevel: q.Level, route.QueryUnit: q.Unit, route.QuerySubject: q.Subject} {
		if v != "" {
			props.Hidden[k] = v
		}
	}
	for _, hit := range res.Items {
		meta := []string{p.T("catalog.level." + string(hit.Level)), hit.Field.Name}
		if len(hit.Units) > 0 {
			meta = append(meta, strings.Join(hit.Units, ", "))
		}
		hv := portalview.HitView{Href: route.Procedure(hit.Code, 0), Name: catalog.Highlight(hit.Name, q.Text), Code: hit.Code,
			Meta: strings.Join(meta, " · ")}
		if hit.OnlineLevel != catalog.OnlineNone && hit.OnlineLevel != "" {
			hv.Online = p.T("catalog.online." + string(hit.OnlineLevel))
		}
		if hit.Excerpt != "" {
			hv.Excerpt = catalog.Highlight(hit.Excerpt, q.Text)
		}
		props.Hits = append(props.Hits, hv)
	}
	props.Facets = facetGroups(p, q, res.Facets)
	pages := (res.Total + perPage - 1) / perPage
	props.Pagination = ui.PaginationProps{Page: q.Page, Pages: pages,
		URL:   func(n int) templ.SafeURL { qq := q; qq.Page = n; return route.Catalog(qq) },
		Label: p.T("ui.pagination"), Previous: p.T("ui.previous"), Next: p.T("ui.next"),
		PageLabel: func(n int) string { return p.T("ui.page_n", n) }}
	return webctx.Render(c, http.StatusOK, portalview.Catalog(props))
}

func facetGroups(p i18n.Printer, q route.CatalogQuery, f catalog.Facets) []portalview.FacetGroup {
	group := func(id, titleKey string, values []catalog.FacetValue, current string, label func(catalog.FacetValue) string,
		with func(route.CatalogQuery, string) route.CatalogQuery) portalview.FacetGroup {
		g := portalview.FacetGroup{ID: id, Title: p.T(titleKey)}
		for _, v := range values {
			sel := v.Value == current
			next := with(q, v.Value)
			if sel {
				next = with(q, "")
			}
			next.Page = 1
			g.Options = append(g.Options, portalview.FacetOption{Label: label(v), Count: v.Count, Href: route.Catalog(next), Selected: sel})
		}
		if current != "" {
			cleared := with(q, "")
			cleared.Page = 1
			g.ClearHref, g.ClearText = route.Catalog(cleared), p.T("catalog.clear_filter")
		}
		return g
	}
	own := func(v catalog.FacetValue) string { return v.Label }
	return []portalview.FacetGroup{
		group("field", "catalog.facet.field", f.Fields, q.Field, own,
			func(q route.CatalogQuery, v string) route.CatalogQuery { q.Field = v; return q }),
		group("level", "catalog.facet.level", f.Levels, q.Level,
			func(v catalog.FacetValue) string { return p.T("catalog.level." + v.Value) },
			func(q route.CatalogQuery, v string) route.CatalogQuery { q.Level = v; return q }),
		group("unit", "catalog.facet.unit", f.Units, q.Unit, own,
			func(q route.CatalogQuery, v string) route.CatalogQuery { q.Unit = v; return q }),
		group("subject", "catalog.facet.subject", f.Subjects, q.Subject,
			func(v catalog.FacetValue) string { return p.T("catalog.subject." + v.Value) },
			func(q route.CatalogQuery, v string) route.CatalogQuery { q.Subject = v; return q }),
	}
}

// Procedure shows a procedure's current version, or ?phien-ban=N.
func (h *CatalogHandler) Procedure(c echo.Context) error {
	r := webctx.Get(c)
	ctx := c.Request().Context()
	code := c.Param("code")
	proc, err := h.Catalog.Procedure(ctx, code)
	if errors.Is(err, catalog.ErrNotFound) {
		return echo.ErrNotFound
	}
	if err != nil {
		return err
	}
	n := proc.CurrentVersion
	if s := c.QueryParam(route.QueryVersion); s != "" {
		if n, err = strconv.Atoi(s); err != nil {
			return echo.ErrNotFound
		}
	}
	if n == 0 {
		return echo.ErrNotFound
	}
	v, err := h.Catalog.Version(ctx, code, n)
	if errors.Is(err, catalog.ErrNotFound) || (err == nil && v.Status == catalog.StatusDraft) {
		return echo.ErrNotFound // drafts are for administrators only
	}
	if err != nil {
		return err
	}
	all, err := h.Catalog.Versions(ctx, code)
	if err != nil {
		return err
	}
	props := ProcedurePage(c, r, proc, v, all)
	if h.Outcomes != nil {
		st, err := h.Outcomes(ctx, code)
		if err != nil {
			return err
		}
		p := r.P
		if st.Decided >= dossier.MinShown {
			props.Summary = append(props.Summary, ui.SummaryRow{Key: p.T("procedure.outcomes"),
				Value: p.T("procedure.outcomes_value", p.Decimal(float64(st.Decided)),
					p.Decimal(math.Round(float64(st.OnTime)*100/float64(st.Decided))))})
		}
		if st.Ratings >= dossier.MinShown {
			props.Summary = append(props.Summary, ui.SummaryRow{Key: p.T("procedure.satisfaction"),
				Value: p.T("procedure.satisfaction_value", p.Decimal(math.Round(float64(st.Satisfied)*100/float64(st.Ratings))),
					p.Decimal(float64(st.Ratings)))})
		}
	}
	return webctx.Render(c, http.StatusOK, portalview.Procedure(props))
}

// ProcedurePage builds a procedure page for version v; the administration
// preview renders drafts with it, so citizens and administrators see the
// same page.
func ProcedurePage(c echo.Context, r *webctx.Request, proc catalog.Procedure, v catalog.Version, all []catalog.Version) portalview.ProcedureProps {
	p := r.P
	rec := v.Record
	props := portalview.ProcedureProps{
		Page: r.Page(c, rec.Name, layout.AreaPublic,
			ui.Crumb{Label: p.T("nav.home"), Href: route.Home()},
			ui.Crumb{Label: p.T("catalog.title"), Href: route.Catalog(route.CatalogQuery{})},
			ui.Crumb{Label: rec.Name}),
		P: p, Name: rec.Name, Code: rec.Code,
		Badges: []string{p.T("catalog.level." + string(rec.Level)), p.T("catalog.online." + string(rec.OnlineLevel))},
	}
	props.Page.Description = p.T("meta.procedure", rec.Name)
	if v.Status == catalog.StatusPublished && !proc.Retired() && rec.AcceptsOnline() {
		props.ApplyHref = route.ProcedureApply(rec.Code)
	}
	var agencies = map[catalog.AgencyRole][]string{}
	for _, a := range rec.Agencies {
		agencies[a.Role] = append(agencies[a.Role], a.Name)
	}
	var subjects, results []string
	for _, s := range rec.Subjects {
		subjects = append(subjects, p.T("catalog.subject."+string(s)))
	}
	for _, res := range rec.Results {
		results = append(results, res.Name)
	}
	row := func(key, value string) {
		if value != "" {
			props.Summary = append(props.Summary, ui.SummaryRow{Key: p.T(key), Value: value})
		}
	}
	row("catalog.field", rec.Field.Name)
	row("catalog.facet.level", p.T("catalog.level."+string(rec.Level)))
	row("catalog.agency.implementing", strings.Join(agencies[catalog.AgencyImplementing], "; "))
	row("catalog.agency.competent", strings.Join(agencies[catalog.AgencyCompetent], "; "))
	row("catalog.agency.coordinating", strings.Join(agencies[catalog.AgencyCoordinating], "; "))
	row("catalog.facet.subject", strings.Join(subjects, ", "))
	row("catalog.results", strings.Join(results, "; "))
	row("catalog.online_level", p.T("catalog.online."+string(rec.OnlineLevel)))
	row("catalog.decision", rec.Decision)
	if rec.EffectiveFrom != "" {
		row("catalog.effective_from", isoDate(rec.EffectiveFrom))
	}
	for _, cs := range rec.Cases {
		props.Cases = append(props.Cases, caseView(p, rec.Code, cs))
	}
	props.Conditions = paragraphs(rec.Conditions)
	props.Legal = ui.TableProps{Caption: p.T("catalog.legal"), CaptionHidden: true,
		Head: []ui.Column{{Label: p.T("catalog.legal_number")}, {Label: p.T("catalog.legal_title")},
			{Label: p.T("catalog.legal_date")}, {Label: p.T("catalog.legal_issuer")}}}
	for _, l := range rec.LegalBases {
		props.Legal.Rows = append(props.Legal.Rows, []ui.Cell{{Text: l.Number, RowHeader: true}, ui.TextCell(l.Title),
			ui.TextCell(isoDate(l.Date)), ui.TextCell(l.Issuer)})
	}
	props.VersionNote = p.T("catalog.version_note", v.Number, p.Date(v.PublishedAt))
	if v.Status == catalog.StatusDraft {
		props.VersionNote = p.T("catalog.draft_note", v.Number)
	}
	if v.Status == catalog.StatusSuperseded {
		props.OldVersion = &ui.AlertProps{Kind: ui.AlertWarning, Title: p.T("catalog.old_version_title"),
			Body: p.T("catalog.old_version_body", v.Number, proc.CurrentVersion)}
	}
	for _, other := range all {
		if other.Status == catalog.StatusDraft {
			continue
		}
		label := p.T("catalog.version_label", other.Number, p.Date(other.PublishedAt))
		if other.Status == catalog.StatusPublished {
			label += " — " + p.T("catalog.version_current")
		}
		props.Versions = append(props.Versions, portalview.VersionLink{Label: label,
			Href: route.Procedure(rec.Code, other.Number), Current: other.Number == v.Number})
	}
	return props
}

func caseView(p i18n.Printer, code string, cs catalog.Case) portalview.CaseView {
	cv := portalview.CaseView{Name: cs.Name, Steps: paragraphs(cs.Steps)}
	cv.Channels = ui.TableProps{Caption: p.T("catalog.time_fee"), CaptionHidden: true,
		Head: []ui.Column{{Label: p.T("catalog.channel")}, {Label: p.T("catalog.duration")}, {Label: p.T("catalog.fees")}}}
	for _, ch := range cs.Channels {
		if ch.NotAvailable {
			continue
		}
		cv.Channels.Rows = append(cv.Channels.Rows, []ui.Cell{{Text: p.T("catalog.channel." + string(ch.Kind)), RowHeader: true},
			ui.TextCell(DurationText(p, ch.Duration, ch.Unit, ch.Description)), ui.TextCell(FeesText(p, ch.Fees))})
	}
	cv.Documents = ui.TableProps{Caption: p.T("catalog.documents"), CaptionHidden: true,
		Head: []ui.Column{{Label: p.T("catalog.document")}, {Label: p.T("catalog.originals"), Numeric: true},
			{Label: p.T("catalog.copies"), Numeric: true}, {Label: p.T("catalog.template")}}}
	for _, d := range cs.Documents {
		name := d.Name
		if d.Notes != "" {
			name += " (" + d.Notes + ")"
		}
		if !d.Required {
			name = p.T("catalog.note") + ": " + name
		}
		tmpl := ui.TextCell("")
		if d.Template != "" {
			tmpl = ui.CompCell(portalview.Download(route.ProcedureForm(code, d.Template), p.T("catalog.download"), d.Template))
		}
		cv.Documents.Rows = append(cv.Documents.Rows, []ui.Cell{ui.TextCell(name), ui.NumCell(d.Originals), ui.NumCell(d.Copies), tmpl})
	}
	for _, s := range cs.Stages {
		cv.Stages = append(cv.Stages, s.Name+" — "+s.Agency+": "+DurationText(p, s.Duration, s.Unit, ""))
	}
	return cv
}

// DurationText says a processing time in words: "3 ngày làm việc",
// "0,5 ngày làm việc", "Trong ngày".
func DurationText(p i18n.Printer, d float64, unit catalog.DurationUnit, desc string) string {
	var s string
	if unit == catalog.SameDay {
		s = p.T("catalog.unit.same_day")
	} else {
		s = p.T("catalog.unit."+string(unit), p.Decimal(d))
	}
	if desc != "" {
		s += " (" + desc + ")"
	}
	return s
}

// FeesText lists the fee lines, or says there is none.
func FeesText(p i18n.Printer, fees []catalog.Fee) string {
	var parts []string
	for _, f := range fees {
		parts = append(parts, feeLine(p, f))
	}
	if len(parts) == 0 {
		return p.T("catalog.no_fee")
	}
	return strings.Join(parts, "; ")
}

func paragraphs(s string) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// isoDate turns YYYY-MM-DD into dd/mm/yyyy.
func isoDate(s string) string {
	if len(s) != 10 {
		return s
	}
	return s[8:10] + "/" + s[5:7] + "/" + s[0:4]
}

// Form serves a procedure's blank form as a download.
func (h *CatalogHandler) Form(c echo.Context) error {
	f, err := h.Catalog.Template(c.Request().Context(), c.Param("code"), c.Param("file"))
	if errors.Is(err, catalog.ErrNotFound) {
		return echo.ErrNotFound
	}
	if err != nil {
		return err
	}
	h2 := c.Response().Header()
	h2.Set("Content-Disposition", `attachment; filename="`+safeFileName(f.Name)+`"`)
	h2.Set("X-Content-Type-Options", "nosniff")
	h2.Set("Cache-Control", "public, max-age=3600")
	h2.Set("ETag", `"`+f.SHA256+`"`)
	return c.Blob(http.StatusOK, f.ContentType, f.Data)
}

func safeFileName(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == '"' || r == '\\' || r == '/' {
			return '_'
		}
		return r
	}, s)
}
