package route

import (
	"net/url"
	"strconv"

	"github.com/a-h/templ"
)

// Result template paths: the administrators' list of procedures with the
// templates of their result documents, the editor of one, and its PDF
// preview with a sample dossier.
const (
	PathAdminResultTemplates = "/quan-tri/mau-ket-qua"
	PathAdminResultTemplate  = "/quan-tri/mau-ket-qua/:code"
	PathAdminResultPreview   = "/quan-tri/mau-ket-qua/:code/xem-truoc"
	// QueryHasTemplate filters the list: "co" (with a template) or
	// "chua" (without).
	QueryHasTemplate = "mau"
)

// Values of QueryHasTemplate.
const (
	HasTemplateYes = "co"
	HasTemplateNo  = "chua"
)

// ResultTemplateQuery is the state of the list page.
type ResultTemplateQuery struct {
	Text string
	Has  string // "", HasTemplateYes or HasTemplateNo
	Page int
}

// AdminResultTemplates is the list of procedures and their result
// templates.
func AdminResultTemplates(q ResultTemplateQuery) templ.SafeURL {
	v := url.Values{}
	if q.Text != "" {
		v.Set(QueryText, q.Text)
	}
	if q.Has != "" {
		v.Set(QueryHasTemplate, q.Has)
	}
	if q.Page > 1 {
		v.Set(QueryPage, strconv.Itoa(q.Page))
	}
	if len(v) == 0 {
		return PathAdminResultTemplates
	}
	return templ.SafeURL(PathAdminResultTemplates + "?" + v.Encode())
}

// AdminResultTemplate edits a procedure's result template.
func AdminResultTemplate(code string) templ.SafeURL {
	return templ.SafeURL(PathAdminResultTemplates + "/" + url.PathEscape(code))
}

// AdminResultPreview renders the result with a sample dossier as a PDF:
// GET the saved template, POST the one in the editor.
func AdminResultPreview(code string) templ.SafeURL {
	return templ.SafeURL(PathAdminResultTemplates + "/" + url.PathEscape(code) + "/xem-truoc")
}
