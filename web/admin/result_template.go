package admin

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/document"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/templates/adminview"
	"github.com/motcua/motcua/templates/form"
	"github.com/motcua/motcua/templates/layout"
	"github.com/motcua/motcua/templates/ui"
	"github.com/motcua/motcua/web/route"
	"github.com/motcua/motcua/web/webctx"
)

// ResultTemplates is what the editor needs of the result templates;
// *document.Templates implements it.
type ResultTemplates interface {
	List(ctx context.Context, f document.TemplateFilter) ([]document.TemplateRow, int, error)
	Get(ctx context.Context, procedure string) (document.ResultTemplate, error)
	Fields(ctx context.Context, procedure string) (document.TemplateFields, error)
	Check(ctx context.Context, procedure string, t document.ResultTemplate) (document.TemplateErrors, error)
	Save(ctx context.Context, actor int64, procedure string, t document.ResultTemplate) error
}

// ResultSamples draws results for the preview; *dossier.Service
// implements it.
type ResultSamples interface {
	ResultDefaults(ctx context.Context, procedure string) (document.ResultTemplate, error)
	SampleResult(ctx context.Context, procedure string, t document.ResultTemplate) (document.Result, error)
}

// ResultTemplateHandler lets administrators set how each procedure's
// result document is drawn, and preview it as a PDF.
type ResultTemplateHandler struct {
	Templates ResultTemplates
	Samples   ResultSamples
	// Catalog names the procedure (its current version; a retired one is
	// not found).
	Catalog interface {
		Current(ctx context.Context, code string) (catalog.Version, error)
	}
	// Renderer draws the preview without issuing anything.
	Renderer interface {
		Preview(ctx context.Context, d document.Document) ([]byte, error)
	}
	// VerifyURL is the public verification address of a code, printed
	// under the preview's QR code.
	VerifyURL func(code string) string
	Log       *slog.Logger
}

const resultTemplatesPerPage = 50

// sampleVerifyCode stands in for a result's verification code in the
// preview, so the QR block shows where it will be.
const sampleVerifyCode = "XXXX-XXXX-XXXX"

// Blank line rows the editor shows below the lines, and adds at a time.
const blankLineRows = 3

// List lists the procedures in force with their result templates.
func (h *ResultTemplateHandler) List(c echo.Context) error {
	r := webctx.Get(c)
	p := r.P
	q := route.ResultTemplateQuery{Text: strings.TrimSpace(c.QueryParam(route.QueryText)), Has: c.QueryParam(route.QueryHasTemplate)}
	q.Page, _ = strconv.Atoi(c.QueryParam(route.QueryPage))
	q.Page = max(q.Page, 1)
	f := document.TemplateFilter{Text: q.Text, Page: q.Page, PerPage: resultTemplatesPerPage}
	switch q.Has {
	case route.HasTemplateYes, route.HasTemplateNo:
		with := q.Has == route.HasTemplateYes
		f.With = &with
	default:
		q.Has = ""
	}
	rows, total, err := h.Templates.List(c.Request().Context(), f)
	if err != nil {
		return err
	}
	table := ui.TableProps{Caption: p.T("admin.result.title"), CaptionHidden: true,
		Head: []ui.Column{{Label: p.T("admin.result.col.code")}, {Label: p.T("admin.result.col.name")},
			{Label: p.T("admin.result.col.result")}, {Label: p.T("admin.result.col.template")},
			{Label: p.T("admin.result.col.updated")}},
		Empty: p.T("admin.result.empty")}
	for _, row := range rows {
		status, updated := p.T("admin.result.defaults"), ""
		if row.HasTemplate {
			status = p.T("admin.result.has_template", firstNonBlank(row.Title, p.T("admin.result.default_title")),
				firstNonBlank(row.Symbol, dossier.DefaultResultSymbol))
			updated = p.DateTime(row.UpdatedAt)
		}
		table.Rows = append(table.Rows, []ui.Cell{{Content: ui.Link(route.AdminResultTemplate(row.Code), row.Code), RowHeader: true},
			ui.TextCell(row.Name), ui.TextCell(row.ResultName), ui.TextCell(status), ui.TextCell(updated)})
	}
	pages := (total + resultTemplatesPerPage - 1) / resultTemplatesPerPage
	return webctx.Render(c, http.StatusOK, adminview.ResultTemplates(adminview.ResultTemplatesProps{
		Page: r.Page(c, p.T("admin.result.title"), layout.AreaAdmin), P: p, Action: route.AdminResultTemplates(route.ResultTemplateQuery{}),
		Query: q.Text, Has: q.Has, Total: total, Table: table,
		HasOptions: []ui.Option{{Value: route.HasTemplateYes, Label: p.T("admin.result.filter_with")},
			{Value: route.HasTemplateNo, Label: p.T("admin.result.filter_without")}},
		Pagination: ui.PaginationProps{Page: q.Page, Pages: pages, URL: func(n int) templ.SafeURL {
			q.Page = n
			return route.AdminResultTemplates(q)
		}, Label: p.T("ui.pagination"), Previous: p.T("ui.previous"), Next: p.T("ui.next"),
			PageLabel: func(n int) string { return p.T("ui.page_n", n) }},
	}))
}

func firstNonBlank(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// procedure loads the procedure in force named by the path, mapping an
// unknown or retired one to 404.
func (h *ResultTemplateHandler) procedure(c echo.Context) (catalog.Record, error) {
	v, err := h.Catalog.Current(c.Request().Context(), c.Param("code"))
	if errors.Is(err, catalog.ErrNotFound) {
		return catalog.Record{}, echo.ErrNotFound
	}
	return v.Record, err
}

// Edit shows the editor of a procedure's result template.
func (h *ResultTemplateHandler) Edit(c echo.Context) error {
	rec, err := h.procedure(c)
	if err != nil {
		return err
	}
	t, err := h.Templates.Get(c.Request().Context(), rec.Code)
	if err != nil {
		return err
	}
	return h.render(c, http.StatusOK, rec, formOfTemplate(t), nil)
}

// Save checks and saves the template, or adds blank line rows.
func (h *ResultTemplateHandler) Save(c echo.Context) error {
	r := webctx.Get(c)
	rec, err := h.procedure(c)
	if err != nil {
		return err
	}
	values, err := c.FormParams()
	if err != nil {
		return err
	}
	f := bindResultTemplate(values)
	if c.FormValue("action") == "add" {
		f.Lines = keepLines(f.Lines, false)
		for range blankLineRows {
			f.Lines = appendLimited(f.Lines, adminview.ResultLineRow{}, document.MaxTemplateLines)
		}
		return h.render(c, http.StatusOK, rec, f, nil)
	}
	f.Lines = keepLines(f.Lines, true)
	err = h.Templates.Save(c.Request().Context(), r.User.ID, rec.Code, templateOfForm(f))
	var terrs document.TemplateErrors
	if errors.As(err, &terrs) {
		return h.render(c, http.StatusUnprocessableEntity, rec, f, fieldErrors(terrs))
	}
	if err != nil {
		return err
	}
	h.Log.InfoContext(c.Request().Context(), "result template saved", "procedure", rec.Code, "by", r.User.ID)
	r.SetFlash(webctx.FlashSuccess, "admin.result.saved")
	return webctx.Redirect(c, route.AdminResultTemplate(rec.Code))
}

// Preview renders the result with a sample dossier as a PDF: the saved
// template (GET) or the one in the editor (POST; one with errors shows
// the editor again with them).
func (h *ResultTemplateHandler) Preview(c echo.Context) error {
	ctx := c.Request().Context()
	rec, err := h.procedure(c)
	if err != nil {
		return err
	}
	var t document.ResultTemplate
	if c.Request().Method == http.MethodPost {
		values, err := c.FormParams()
		if err != nil {
			return err
		}
		f := bindResultTemplate(values)
		f.Lines = keepLines(f.Lines, true)
		t = templateOfForm(f).Normalize()
		terrs, err := h.Templates.Check(ctx, rec.Code, t)
		if err != nil {
			return err
		}
		if len(terrs) > 0 {
			return h.render(c, http.StatusUnprocessableEntity, rec, f, fieldErrors(terrs))
		}
	} else if t, err = h.Templates.Get(ctx, rec.Code); err != nil {
		return err
	}
	res, err := h.Samples.SampleResult(ctx, rec.Code, t)
	if err != nil {
		return err
	}
	if h.VerifyURL != nil {
		res.VerifyCode = sampleVerifyCode
		res.VerifyURL = h.VerifyURL(res.VerifyCode)
	}
	pdf, err := h.Renderer.Preview(ctx, res)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `inline; filename="mau-ket-qua-`+rec.Code+`.pdf"`)
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.Stream(http.StatusOK, "application/pdf", bytes.NewReader(pdf))
}

// render shows the editor with f as typed and errs beside the fields,
// blank line rows below the lines.
func (h *ResultTemplateHandler) render(c echo.Context, status int, rec catalog.Record, f adminview.ResultTemplateForm,
	errs valid.Errors) error {
	r := webctx.Get(c)
	p := r.P
	ctx := c.Request().Context()
	fields, err := h.Templates.Fields(ctx, rec.Code)
	if err != nil {
		return err
	}
	def, err := h.Samples.ResultDefaults(ctx, rec.Code)
	if err != nil {
		return err
	}
	// Without lines a result prints the e-form's short answers: the
	// sample shows which.
	sample, err := h.Samples.SampleResult(ctx, rec.Code, document.ResultTemplate{})
	if err != nil {
		return err
	}
	blank := 0
	for i := len(f.Lines) - 1; i >= 0 && f.Lines[i] == (adminview.ResultLineRow{}); i-- {
		blank++
	}
	for ; blank < blankLineRows && len(f.Lines) < document.MaxTemplateLines; blank++ {
		f.Lines = append(f.Lines, adminview.ResultLineRow{})
	}
	props := adminview.ResultTemplateProps{
		Page: r.Page(c, rec.Name, layout.AreaAdmin, ui.Crumb{Label: p.T("admin.result.title"),
			Href: route.AdminResultTemplates(route.ResultTemplateQuery{})}, ui.Crumb{Label: rec.Code}),
		P: p, Code: rec.Code, Name: rec.Name, Form: f, Errors: form.New(p, nil, errs), NoForm: len(fields) == 0,
		Defaults: adminview.ResultDefaults{Title: def.Title, Symbol: def.Symbol, SignerTitle: def.SignerTitle,
			Bases: strings.Join(def.Bases, "\n")},
		Action: route.AdminResultTemplate(rec.Code), Preview: route.AdminResultPreview(rec.Code),
		Back: route.AdminResultTemplates(route.ResultTemplateQuery{}),
	}
	if len(rec.Results) > 0 {
		props.ResultName = rec.Results[0].Name
	}
	for _, l := range sample.Lines {
		props.Defaults.Lines = append(props.Defaults.Lines, l.Label)
	}
	for _, fl := range fields {
		label := fl.Label + " (" + fl.Path + ")"
		if len(fl.Cases) > 0 {
			nums := make([]string, len(fl.Cases))
			for i, n := range fl.Cases {
				nums[i] = strconv.Itoa(n + 1)
			}
			label += " – " + p.T("admin.result.field_cases", strings.Join(nums, ", "))
		}
		props.Fields = append(props.Fields, ui.Option{Value: fl.Path, Label: label})
	}
	return webctx.Render(c, status, adminview.ResultTemplateEdit(props))
}

// bindResultTemplate reads the editor's form as typed: lines in index
// order, at most MaxTemplateLines plus the blank rows shown.
func bindResultTemplate(v url.Values) adminview.ResultTemplateForm {
	get := func(name string) string { return clean(v.Get(name)) }
	f := adminview.ResultTemplateForm{Title: get("title"), Symbol: get("symbol"), SignerTitle: get("signer_title"),
		Bases: get("bases")}
	for _, i := range lineIndexes(v, document.MaxTemplateLines+blankLineRows*2) {
		n := strconv.Itoa(i)
		f.Lines = append(f.Lines, adminview.ResultLineRow{Label: get("lines." + n + ".label"), Field: get("lines." + n + ".field"),
			Remove: v.Get("lines."+n+".remove") != ""})
	}
	return f
}

// lineIndexes lists the line numbers the form carries ("lines.3.label"),
// sorted, at most limit of them.
func lineIndexes(v url.Values, limit int) []int {
	seen := map[int]bool{}
	for k := range v {
		rest, ok := strings.CutPrefix(k, "lines.")
		if !ok {
			continue
		}
		n, _, ok := strings.Cut(rest, ".")
		i, err := strconv.Atoi(n)
		if !ok || err != nil || i < 0 || i > 10_000 || strconv.Itoa(i) != n {
			continue
		}
		seen[i] = true
	}
	out := make([]int, 0, len(seen))
	for i := range seen {
		out = append(out, i)
	}
	slices.Sort(out)
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// keepLines drops the rows marked "remove" and, when dropBlank, the blank
// ones, so that row i is line i of the template its errors are about.
func keepLines(ls []adminview.ResultLineRow, dropBlank bool) []adminview.ResultLineRow {
	var out []adminview.ResultLineRow
	for _, l := range ls {
		if l.Remove || (dropBlank && l.Label == "" && l.Field == "") {
			continue
		}
		out = append(out, l)
	}
	return out
}

// templateOfForm is the template a compacted form says: the legal bases
// one a line.
func templateOfForm(f adminview.ResultTemplateForm) document.ResultTemplate {
	t := document.ResultTemplate{Title: f.Title, Symbol: f.Symbol, SignerTitle: f.SignerTitle}
	for _, b := range strings.Split(f.Bases, "\n") {
		if b = strings.TrimSpace(b); b != "" {
			t.Bases = append(t.Bases, b)
		}
	}
	for _, l := range f.Lines {
		t.Lines = append(t.Lines, document.TemplateLine{Label: l.Label, Field: l.Field})
	}
	return t
}

// formOfTemplate is the editor's state of a stored template.
func formOfTemplate(t document.ResultTemplate) adminview.ResultTemplateForm {
	f := adminview.ResultTemplateForm{Title: t.Title, Symbol: t.Symbol, SignerTitle: t.SignerTitle,
		Bases: strings.Join(t.Bases, "\n")}
	for _, l := range t.Lines {
		f.Lines = append(f.Lines, adminview.ResultLineRow{Label: l.Label, Field: l.Field})
	}
	return f
}

// fieldErrors puts a template's problems on the editor's fields: a legal
// basis's on the textarea holding them all.
func fieldErrors(terrs document.TemplateErrors) valid.Errors {
	var errs valid.Errors
	for _, e := range terrs {
		field := e.Field
		if strings.HasPrefix(field, "bases.") {
			if errs.Has("bases") {
				continue
			}
			field = "bases"
		}
		errs.Add(field, e.Key)
	}
	return errs
}
