package admin

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/templates/adminview"
	"github.com/motcua/motcua/templates/form"
	"github.com/motcua/motcua/templates/ui"
	"github.com/motcua/motcua/web/route"
	"github.com/motcua/motcua/web/webctx"
)

// eformEditor is the state of the editor page.
type eformEditor struct {
	text     string
	basedOn  int64
	head     eform.Head
	fieldErr valid.Errors // the definition field's error
	problems []adminview.Problem
	checked  bool // a check found no problem
	conflict bool
	// loaded: the text is what was loaded, not what was submitted, so the
	// page may say where it comes from.
	loaded bool
}

// Edit shows the editor with the draft, or with the version in force when
// there is no draft (saving then creates the draft), or with an outline for
// a case without an e-form. A draft that no longer passes Check (the
// catalogue changed) comes with its problems listed.
func (h *EformHandler) Edit(c echo.Context) error {
	ec, err := h.load(c)
	if err != nil {
		return err
	}
	if done, err := readOnly(c, ec); done {
		return err
	}
	ctx := c.Request().Context()
	p := webctx.Get(c).P
	head, err := h.Eforms.Head(ctx, ec.view.Code, ec.caseNo)
	if err != nil {
		return err
	}
	ed := eformEditor{head: head, basedOn: head.Revision, loaded: true}
	var def eform.Definition
	switch {
	case head.Draft > 0:
		def, err = h.Eforms.Draft(ctx, ec.view.Code, ec.caseNo)
	case head.Current > 0:
		def, err = h.Eforms.Current(ctx, ec.view.Code, ec.caseNo)
	default:
		def.Form = outline(ec.view.CaseName, p.T("admin.eform.new_page_title"))
	}
	// A draft or version replaced between Head and here: the editor says
	// so when saving, as basedOn is Head's.
	if err != nil && !errors.Is(err, eform.ErrNotFound) {
		return err
	}
	ed.text = string(eform.FormatForm(def.Form))
	if head.Draft > 0 {
		ed.problems = problems(p, def.Form, def.Form.Check(len(ec.documents)))
	}
	return h.renderEditor(c, http.StatusOK, ec, ed)
}

// outline is where a new e-form starts: a title and an empty first page.
func outline(title, pageTitle string) eform.Form {
	return eform.Form{Title: title, Pages: []eform.Page{{ID: "nguoi-yeu-cau", Title: pageTitle,
		Sections: []eform.Section{{Fields: []eform.Field{}}}}}}
}

// Save checks the submitted definition and saves it as the draft (action
// "save"), or only checks it (action "check"). A definition that is not
// JSON, or that Check refuses, comes back with 422, the text kept and the
// problems listed; a draft someone else changed meanwhile with 409.
func (h *EformHandler) Save(c echo.Context) error {
	ec, err := h.load(c)
	if err != nil {
		return err
	}
	if done, err := readOnly(c, ec); done {
		return err
	}
	r := webctx.Get(c)
	p := r.P
	ctx := c.Request().Context()
	code := ec.view.Code
	head, err := h.Eforms.Head(ctx, code, ec.caseNo)
	if err != nil {
		return err
	}
	ed := eformEditor{text: c.FormValue("definition"), head: head}
	ed.basedOn, _ = strconv.ParseInt(c.FormValue("based_on"), 10, 64) // tampered: a conflict
	check := c.FormValue("action") == "check"

	f, err := eform.ParseForm([]byte(ed.text))
	var je *eform.JSONError
	if errors.As(err, &je) {
		ed.fieldErr = jsonFieldError(je, "definition", "admin.eform.error.json_empty", "admin.eform.error.json_unknown_field")
		return h.renderEditor(c, http.StatusUnprocessableEntity, ec, ed)
	}
	if err != nil {
		return err
	}
	if check {
		errs := f.Check(len(ec.documents))
		ed.problems, ed.checked = problems(p, f, errs), len(errs) == 0
		return h.renderEditor(c, http.StatusOK, ec, ed)
	}
	d, err := h.Eforms.SaveDraft(ctx, r.User.ID, code, ec.caseNo, f, ed.basedOn)
	var errs valid.Errors
	switch {
	case errors.As(err, &errs):
		ed.problems = problems(p, f, errs)
		ed.fieldErr.Add("definition", "admin.eform.error.check", len(errs))
		return h.renderEditor(c, http.StatusUnprocessableEntity, ec, ed)
	case errors.Is(err, eform.ErrConflict):
		// Saving again overwrites what the other person did: the page
		// says so, and carries the revision that is there now.
		if head, err = h.Eforms.Head(ctx, code, ec.caseNo); err != nil {
			return err
		}
		ed.head, ed.basedOn, ed.conflict = head, head.Revision, true
		return h.renderEditor(c, http.StatusConflict, ec, ed)
	case errors.Is(err, eform.ErrNotFound):
		return echo.ErrNotFound
	case err != nil:
		return err
	}
	h.Log.InfoContext(ctx, "e-form draft saved", "code", code, "case", ec.caseNo, "version", d.Version, "by", r.User.ID)
	r.SetFlash(webctx.FlashSuccess, "admin.eform.saved")
	return webctx.Redirect(c, route.AdminEform(code, ec.caseNo))
}

func (h *EformHandler) renderEditor(c echo.Context, status int, ec procCase, ed eformEditor) error {
	r := webctx.Get(c)
	p := r.P
	code := ec.view.Code
	translateJSONKinds(p, ed.fieldErr)
	title := p.T("admin.eform.edit_title")
	props := adminview.EformEditProps{Page: h.page(c, ec, title, p.T("admin.eform.edit")), P: p, Case: ec.view,
		Title: title, Action: route.AdminEformEdit(code, ec.caseNo),
		Cancel: route.AdminEform(code, ec.caseNo), Definition: ed.text, BasedOn: strconv.FormatInt(ed.basedOn, 10),
		Errors: form.New(p, nil, ed.fieldErr), Problems: ed.problems, CheckedOK: ed.checked, Sources: eform.Sources}
	for _, k := range eform.Kinds {
		props.Kinds = append(props.Kinds, string(k))
	}
	for i, d := range ec.documents {
		props.Documents = append(props.Documents, adminview.EformDocument{Index: i, Name: d.Name})
	}
	switch {
	case !ed.loaded:
	case ed.head.Draft > 0:
		props.Notice = &ui.AlertProps{Kind: ui.AlertInfo, Body: p.T("admin.eform.editing_draft", ed.head.Draft)}
	case ed.head.Current > 0:
		props.Notice = &ui.AlertProps{Kind: ui.AlertInfo, Body: p.T("admin.eform.editing_current", ed.head.Current, ed.head.Current+1)}
	default:
		props.Notice = &ui.AlertProps{Kind: ui.AlertInfo, Body: p.T("admin.eform.editing_new")}
	}
	if ed.conflict {
		props.Conflict = &ui.AlertProps{Kind: ui.AlertWarning, Title: p.T("admin.eform.conflict_title"), Body: p.T("admin.eform.conflict")}
	}
	return webctx.Render(c, status, adminview.EformEdit(props))
}
