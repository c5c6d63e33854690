package admin

import (
	"log/slog"
	"strconv"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/templates/adminview"
	"github.com/motcua/motcua/templates/eformview"
	"github.com/motcua/motcua/templates/ui"
	"github.com/motcua/motcua/web/route"
)

// Eforms is what the e-form administration needs; *eform.Service
// implements it.
type Eforms = CaseDefinitions[eform.Form, eform.Definition]

// EformHandler serves the administration of e-forms, one per case of a
// published procedure (casePages): its page, the editor of its draft,
// publication, versions, history and a preview of the draft.
type EformHandler struct {
	Eforms     Eforms
	Procedures Procedures
	Users      UserNames
	// Places lists provinces and communes for address questions in the
	// preview.
	Places eformview.PlaceLister
	Log    *slog.Logger
}

// eformKind is what the pages of e-forms say and do as their own.
var eformKind = caseKind[eform.Form]{keys: "admin.eform.", what: "e-form", object: eform.AuditObject,
	auditActions: []string{"save_draft", "publish", "discard_draft", "import"}, diffFields: eform.DiffFields,
	routes: caseRoutes{show: route.AdminEform, edit: route.AdminEformEdit, publish: route.AdminEformPublish,
		discard: route.AdminEformDiscard, history: route.AdminEformHistory, version: route.AdminEformVersion},
	preview: func(code string, caseNo int) templ.SafeURL { return route.AdminEformPreview(code, caseNo, "") },
	// The catalogue changed since the draft was saved: the editor lists
	// the problems.
	refused:     route.AdminEformEdit,
	errNotFound: eform.ErrNotFound, errConflict: eform.ErrConflict, errNoDraft: eform.ErrNoDraft,
	format: eform.FormatForm, parse: eform.ParseForm, diff: eform.Diff,
	view: func(_ echo.Context, pc procCase) (caseView[eform.Form], error) { return eformView{pc}, nil },
}

func (h *EformHandler) pages() casePages[eform.Form, eform.Definition] {
	return casePages[eform.Form, eform.Definition]{defs: h.Eforms, procs: h.Procedures, users: h.Users, log: h.Log,
		kind: eformKind}
}

// Show is the page of a case's e-form.
func (h *EformHandler) Show(c echo.Context) error { return h.pages().Show(c) }

// Edit shows the editor of the draft.
func (h *EformHandler) Edit(c echo.Context) error { return h.pages().Edit(c) }

// Save checks the submitted definition and saves it as the draft.
func (h *EformHandler) Save(c echo.Context) error { return h.pages().Save(c) }

// PublishConfirm asks to confirm the publication of the draft.
func (h *EformHandler) PublishConfirm(c echo.Context) error { return h.pages().PublishConfirm(c) }

// Publish makes the draft the version in force.
func (h *EformHandler) Publish(c echo.Context) error { return h.pages().Publish(c) }

// Discard drops the draft.
func (h *EformHandler) Discard(c echo.Context) error { return h.pages().Discard(c) }

// History is the audit trail of a case's e-form.
func (h *EformHandler) History(c echo.Context) error { return h.pages().History(c) }

// Version shows one version with its definition.
func (h *EformHandler) Version(c echo.Context) error { return h.pages().Version(c) }

// eformView shows e-forms on the pages of one case, whose documents file
// slots point at.
type eformView struct{ pc procCase }

// outline is where a new e-form starts: a title and an empty first page.
func (v eformView) outline(p i18n.Printer) eform.Form {
	return eform.Form{Title: v.pc.view.CaseName, Pages: []eform.Page{{ID: "nguoi-yeu-cau", Title: p.T("admin.eform.new_page_title"),
		Sections: []eform.Section{{Fields: []eform.Field{}}}}}}
}

func (eformView) locate(p i18n.Printer, f eform.Form, path string) string {
	return locateInForm(p, f, path)
}

// facts are the form's title and size.
func (eformView) facts(p i18n.Printer, f eform.Form) []ui.SummaryRow {
	pages, questions, files := formSize(f)
	return []ui.SummaryRow{{Key: p.T("admin.eform.form_title"), Value: f.Title},
		{Key: p.T("admin.eform.counts"), Value: p.T("admin.eform.counts_value", pages, questions, files)}}
}

// body: the preview shows a form's pages, not its versions.
func (eformView) body(i18n.Printer, eform.Form) templ.Component        { return nil }
func (eformView) publishBody(i18n.Printer, eform.Form) templ.Component { return nil }

// help lists the case's documents, the kinds of field and the prefill
// sources.
func (v eformView) help(p i18n.Printer) templ.Component {
	props := adminview.EformHelpProps{P: p}
	for i, d := range v.pc.documents {
		props.Documents = append(props.Documents, adminview.CaseCode{Code: strconv.Itoa(i), Meaning: d.Name})
	}
	for _, k := range eform.Kinds {
		props.Kinds = append(props.Kinds, adminview.CaseCode{Code: string(k)})
	}
	for _, s := range eform.Sources {
		props.Sources = append(props.Sources, adminview.CaseCode{Code: s})
	}
	return adminview.EformHelp(props)
}

// formSize counts pages, questions (group sub-fields included, file
// uploads not) and file uploads.
func formSize(f eform.Form) (pages, questions, files int) {
	for _, pg := range f.Pages {
		for _, fl := range pg.Fields() {
			if fl.Kind == eform.KindFile {
				files++
			} else {
				questions += 1 + len(fl.Fields)
			}
		}
	}
	return len(f.Pages), questions, files
}

// locateInForm says in words where a Check path points, numbering from 1
// and naming pages and fields by their ids: "Trang 1 (nguoi-khai) ›
// trường 3 (ho_ten) › label".
func locateInForm(p i18n.Printer, f eform.Form, path string) string {
	var page *eform.Page
	var section *eform.Section
	var field *eform.Field
	return locatePath(path, func(name string, n int) string {
		switch name {
		case "pages":
			id := ""
			if n < len(f.Pages) {
				page = &f.Pages[n]
				id = page.ID
			}
			return numbered(p, "admin.eform.loc.page", n, id)
		case "sections":
			if page != nil && n < len(page.Sections) {
				section = &page.Sections[n]
			}
			return numbered(p, "admin.eform.loc.section", n, "")
		case "fields":
			key, id := "admin.eform.loc.field", ""
			switch {
			case field != nil: // a group's sub-field
				key = "admin.eform.loc.sub"
				if n < len(field.Fields) {
					id = field.Fields[n].ID
				}
			case section != nil && n < len(section.Fields):
				field = &section.Fields[n]
				id = field.ID
			}
			return numbered(p, key, n, id)
		case "options":
			return numbered(p, "admin.eform.loc.option", n, "")
		default: // show_if.in.N
			return name + locSeparator + numbered(p, "admin.eform.loc.value", n, "")
		}
	})
}
