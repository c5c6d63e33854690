package portal

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/document"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/templates/eformview"
	"github.com/motcua/motcua/templates/form"
	"github.com/motcua/motcua/templates/layout"
	"github.com/motcua/motcua/templates/portalview"
	"github.com/motcua/motcua/templates/ui"
	"github.com/motcua/motcua/web/route"
	"github.com/motcua/motcua/web/webctx"
)

// DossierHandler serves applying online (and, for clerks, at the desk),
// drafts, dossiers, files and the public status lookup.
type DossierHandler struct {
	Dossiers *dossier.Service
	Catalog  Catalog
	Units    interface {
		Get(ctx context.Context, id int64) (org.Unit, error)
	}
	Places *org.Places
	// Lookups throttles failed status lookups per client address.
	Lookups LookupLimiter
	// DraftDays is how long untouched drafts are kept.
	DraftDays int
	// Deliveries lists a dossier's notifications, for staff.
	Deliveries func(ctx context.Context, dossierID int64) ([]notify.Delivery, error)
	// Documents are the documents issued on dossiers (nil: the dossier
	// page lists none).
	Documents *document.Service
}

// LookupLimiter counts failed lookups per client address.
type LookupLimiter interface {
	// Allow reports whether the address may try again, and if not, for how
	// many minutes it must wait.
	Allow(ctx context.Context, ip string) (bool, int, error)
	Failed(ctx context.Context, ip string) error
}

// dossierError maps the domain's refusals to HTTP: objects someone may not
// see do not exist for them.
func dossierError(err error) error {
	switch {
	case errors.Is(err, dossier.ErrNotFound), errors.Is(err, dossier.ErrForbidden), errors.Is(err, catalog.ErrNotFound),
		errors.Is(err, eform.ErrNotFound):
		return echo.ErrNotFound.WithInternal(err)
	case errors.Is(err, dossier.ErrState):
		return echo.NewHTTPError(http.StatusConflict).SetInternal(err)
	}
	return err
}

func actor(c echo.Context) account.User {
	if u := webctx.Get(c).User; u != nil {
		return *u
	}
	return account.User{}
}

func area(desk bool) layout.Area {
	if desk {
		return layout.AreaOffice
	}
	return layout.AreaPublic
}

// ---------------------------------------------------------------------------
// Starting.

// ApplyForm asks which case (and which commune decides) before a draft
// starts; a clerk also names the walk-in applicant.
func (h *DossierHandler) ApplyForm(c echo.Context) error {
	return h.renderApply(c, http.StatusOK, form.New(webctx.Get(c).P, map[string]string{
		"case": c.QueryParam(route.QueryCase), "applicant_kind": string(dossier.ApplicantCitizen)}, nil))
}

func (h *DossierHandler) renderApply(c echo.Context, status int, f form.Form) error {
	r := webctx.Get(c)
	ctx := c.Request().Context()
	code := c.Param("code")
	proc, err := h.Catalog.Procedure(ctx, code)
	if err != nil {
		return dossierError(err)
	}
	if proc.CurrentVersion == 0 || proc.Retired() {
		return echo.ErrNotFound
	}
	v, err := h.Catalog.Version(ctx, code, proc.CurrentVersion)
	if err != nil {
		return err
	}
	desk := r.Role() == account.RoleClerk
	if !desk && !v.Record.AcceptsOnline() {
		return echo.ErrNotFound
	}
	props := portalview.ApplyProps{Page: r.Page(c, v.Record.Name, area(desk)), P: r.P, Form: f, Action: route.Apply(code),
		Procedure: v.Record.Name, Code: code, Desk: desk}
	if len(v.Record.Cases) > 1 {
		for i, cs := range v.Record.Cases {
			props.Cases = append(props.Cases, ui.Option{Value: strconv.Itoa(i), Label: cs.Name})
		}
	}
	ag, err := h.Dossiers.AgenciesOf(ctx, v.Record)
	if err != nil {
		return dossierError(err)
	}
	if ag.Fixed.ID != 0 {
		props.UnitName = ag.Fixed.Name
	}
	org.SortForChoice(ag.Choices)
	for _, u := range ag.Choices {
		props.Units = append(props.Units, ui.Option{Value: u.Code, Label: u.Name})
	}
	if desk {
		props.Kinds = []ui.Option{{Value: string(dossier.ApplicantCitizen), Label: r.P.T("desk.kind_citizen")},
			{Value: string(dossier.ApplicantBusiness), Label: r.P.T("desk.kind_business")}}
	}
	return webctx.Render(c, status, portalview.Apply(props))
}

// Apply starts a draft and opens its task list.
func (h *DossierHandler) Apply(c echo.Context) error {
	r := webctx.Get(c)
	in := dossier.StartInput{Procedure: c.Param("code"), UnitCode: c.FormValue("unit")}
	values := map[string]string{"unit": in.UnitCode, "case": c.FormValue("case")}
	var errs valid.Errors
	if s := c.FormValue("case"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			return echo.ErrBadRequest
		}
		in.Case = n
	} else if h.caseCount(c) > 1 {
		errs.Add("case", "dossier.error.choose_case")
	}
	if r.Role() == account.RoleClerk {
		in.Desk = true
		in.Applicant = dossier.Applicant{Kind: dossier.ApplicantKind(c.FormValue("applicant_kind")),
			FullName: c.FormValue("applicant_name"), PersonalID: c.FormValue("applicant_personal_id"),
			TaxCode: c.FormValue("applicant_tax_code"), Phone: c.FormValue("applicant_phone"),
			Email: c.FormValue("applicant_email"), Address: c.FormValue("applicant_address")}
		for _, k := range []string{"applicant_kind", "applicant_name", "applicant_personal_id", "applicant_tax_code",
			"applicant_phone", "applicant_email", "applicant_address"} {
			values[k] = c.FormValue(k)
		}
	}
	var d dossier.Draft
	err := errs.OrNil()
	if err == nil {
		d, err = h.Dossiers.Start(c.Request().Context(), actor(c), in)
	}
	if errors.As(err, &errs) {
		return h.renderApply(c, http.StatusUnprocessableEntity, form.New(r.P, values, errs))
	}
	if errors.Is(err, dossier.ErrClosed) {
		r.SetFlash(webctx.FlashError, "dossier.error.closed")
		return webctx.Redirect(c, route.Procedure(in.Procedure, 0))
	}
	if err != nil {
		return dossierError(err)
	}
	return webctx.Redirect(c, route.Draft(d.PublicID))
}

func (h *DossierHandler) caseCount(c echo.Context) int {
	ctx := c.Request().Context()
	proc, err := h.Catalog.Procedure(ctx, c.Param("code"))
	if err != nil || proc.CurrentVersion == 0 {
		return 0
	}
	v, err := h.Catalog.Version(ctx, proc.Code, proc.CurrentVersion)
	if err != nil {
		return 0
	}
	return len(v.Record.Cases)
}

// ---------------------------------------------------------------------------
// The task list.

// Draft shows a draft's task list.
func (h *DossierHandler) Draft(c echo.Context) error {
	r := webctx.Get(c)
	ctx := c.Request().Context()
	w, list, err := h.Dossiers.Check(ctx, actor(c), c.Param("id"))
	if err != nil {
		return dossierError(err)
	}
	if w.Draft.DossierID != 0 {
		return h.redirectSubmitted(c, w.Draft)
	}
	id := w.Draft.PublicID
	// The page with the file slots is the documents task: one task, named
	// as the page it opens, not also a task of the form.
	filesAt := filePage(w.Form)
	docs := eformview.Task{Title: r.P.T("draft.task_documents"), Status: eformview.TaskDone}
	if p, ok := w.Form.Page(filesAt); ok {
		docs.Title, docs.Href = p.Title, route.DraftPage(id, filesAt)
	}
	uploaded, missing := 0, false
	for _, dc := range list.Documents {
		uploaded += dc.Files
		missing = missing || !dc.Done()
	}
	var form []eformview.Task
	for _, pc := range list.Pages {
		if pc.ID == filesAt && len(list.Documents) > 0 {
			missing = missing || pc.Errors > 0
			uploaded += btoi(pc.Started)
			continue
		}
		t := eformview.Task{Title: pc.Title, Href: route.DraftPage(id, pc.ID), Status: eformview.TaskNotStarted}
		switch {
		case pc.Errors > 0 && pc.Started:
			t.Status = eformview.TaskInProgress
		case pc.Errors == 0 && pc.Started:
			t.Status = eformview.TaskDone
		case pc.Errors == 0:
			t.Status, t.Hint = eformview.TaskDone, r.P.T("draft.optional")
		}
		form = append(form, t)
	}
	switch {
	case missing && uploaded > 0:
		docs.Status = eformview.TaskInProgress
	case missing:
		docs.Status = eformview.TaskNotStarted
	}
	delivery := eformview.Task{Title: r.P.T("draft.task_delivery"), Href: route.DraftDelivery(id), Status: eformview.TaskDone}
	if !list.Delivery {
		delivery.Status = eformview.TaskNotStarted
	}
	check := eformview.Task{Title: r.P.T("draft.task_check"), Href: route.DraftCheck(id), Status: eformview.TaskNotStarted}
	sections := []eformview.TaskSection{{Title: r.P.T("draft.section_form"), Tasks: form}}
	if len(list.Documents) > 0 {
		sections = append(sections, eformview.TaskSection{Title: r.P.T("draft.section_documents"), Tasks: []eformview.Task{docs}})
	}
	sections = append(sections, eformview.TaskSection{Title: r.P.T("draft.section_submit"), Tasks: []eformview.Task{delivery, check}})
	unit := ""
	if u, err := h.Units.Get(ctx, w.Draft.CompetentUnitID); err == nil {
		unit = u.Name
	}
	props := portalview.DraftProps{Page: r.Page(c, w.Record.Name, area(w.Draft.Desk)), P: r.P, Procedure: w.Record.Name,
		Applicant: applicantLine(w.Draft.Applicant), Unit: unit, SavedAt: r.P.DateTime(w.Draft.UpdatedAt),
		Tasks: eformview.TaskListProps{P: r.P, Sections: sections}, DiscardHref: route.DraftDiscard(id), Desk: w.Draft.Desk}
	return webctx.Render(c, http.StatusOK, portalview.DraftTasks(props))
}

func applicantLine(a dossier.Applicant) string {
	if id := a.Identifier(); id != "" {
		return a.FullName + " (" + id + ")"
	}
	return a.FullName
}

// filePage is the first page with a file slot ("" when none).
func filePage(f eform.Form) string {
	for _, p := range f.Pages {
		for _, fl := range p.Fields() {
			if fl.Kind == eform.KindFile {
				return p.ID
			}
		}
	}
	return ""
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// withAnchor adds "#id" to u, so the page opens at the control the
// applicant used ("" adds nothing).
func withAnchor(u templ.SafeURL, id string) templ.SafeURL {
	if id == "" {
		return u
	}
	return u + templ.SafeURL("#"+id)
}

func hasFiles(p eform.Page) bool {
	return slices.ContainsFunc(p.Fields(), func(f eform.Field) bool { return f.Kind == eform.KindFile })
}

// redirectSubmitted sends a request about a submitted draft to its dossier.
func (h *DossierHandler) redirectSubmitted(c echo.Context, d dossier.Draft) error {
	full, err := h.Dossiers.DossierOfDraft(c.Request().Context(), actor(c), d)
	if err != nil {
		return dossierError(err)
	}
	return webctx.Redirect(c, route.DossierDone(full.Code))
}

// Discard deletes a draft.
func (h *DossierHandler) Discard(c echo.Context) error {
	r := webctx.Get(c)
	if err := h.Dossiers.Discard(c.Request().Context(), actor(c), c.Param("id")); err != nil {
		return dossierError(err)
	}
	r.SetFlash(webctx.FlashSuccess, "draft.discarded")
	if r.Role() == account.RoleClerk {
		return webctx.Redirect(c, route.DeskIntake())
	}
	return webctx.Redirect(c, route.MyDossiers(1))
}

// ---------------------------------------------------------------------------
// Form pages.

// Page shows one page of a draft's e-form.
func (h *DossierHandler) Page(c echo.Context) error {
	w, err := h.Dossiers.Open(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return dossierError(err)
	}
	if w.Draft.DossierID != 0 {
		return h.redirectSubmitted(c, w.Draft)
	}
	page, ok := w.Form.Page(c.Param("page"))
	if !ok {
		return echo.ErrNotFound
	}
	return h.renderPage(c, http.StatusOK, w, page, nil)
}

func (h *DossierHandler) renderPage(c echo.Context, status int, w dossier.Work, page eform.Page, errs valid.Errors) error {
	r := webctx.Get(c)
	ctx := c.Request().Context()
	id := w.Draft.PublicID
	fp := eformview.PageProps{P: r.P, Form: w.Form, PageID: page.ID, Answers: w.Draft.Answers, Errors: errs,
		Places: h.Places, CommunesURL: route.APICommunes, Files: map[string][]eformview.FileView{},
		Prefilled: map[string]string{}, Desk: w.Draft.Desk}
	for path, m := range w.Draft.Prefilled {
		fp.Prefilled[path] = m.Source
	}
	for _, f := range w.Files {
		fp.Files[f.Slot] = append(fp.Files[f.Slot], fileView(r.P, f))
		fp.Answers = withFile(fp.Answers, f)
	}
	for _, d := range w.Case.Documents {
		fp.Documents = append(fp.Documents, eformview.DocumentInfo{Name: d.Name, Originals: d.Originals, Copies: d.Copies, Notes: d.Notes})
	}
	if hasFiles(page) && !w.Draft.Desk {
		reuse, err := h.Dossiers.ReusableDocuments(ctx, actor(c))
		if err != nil {
			return err
		}
		if len(reuse) > 0 {
			fp.Reuse = map[string][]eformview.ReuseOption{}
			for _, fl := range page.Fields() {
				if fl.Kind != eform.KindFile {
					continue
				}
				for _, a := range reuse {
					fp.Reuse[fl.ID] = append(fp.Reuse[fl.ID], eformview.ReuseOption{ID: a.PublicID,
						Label: a.Name + " (" + r.P.Date(a.CreatedAt) + ")"})
				}
			}
		}
	}
	title := page.Title
	if len(errs) > 0 {
		title = r.P.T("form.error_prefix") + " " + title
	}
	props := portalview.DraftPageProps{Page: r.Page(c, title, area(w.Draft.Desk), ui.Crumb{Label: w.Record.Name, Href: route.Draft(id)}),
		P: r.P, Procedure: w.Record.Name, Fields: fp, Action: route.DraftPage(id, page.ID), Multipart: hasFiles(page),
		BackHref: route.Draft(id), Heading: page.Title}
	if dossier.RegistryWithheld(actor(c), w.Draft, page) {
		props.RegistryWithheld = &ui.AlertProps{Kind: ui.AlertInfo, Title: r.P.T("draft.registry_withheld_title"),
			Body: r.P.T("draft.registry_withheld")}
	}
	return webctx.Render(c, status, portalview.DraftPage(props))
}

// withFile answers a file slot with the file's id, as the page posts it.
func withFile(a eform.Answers, f dossier.Attachment) eform.Answers {
	if a == nil {
		a = eform.Answers{}
	}
	v := a[f.Slot]
	v.List = append(slices.Clone(v.List), f.PublicID)
	a[f.Slot] = v
	return a
}

func fileView(p i18n.Printer, f dossier.Attachment) eformview.FileView {
	return eformview.FileView{ID: f.PublicID, Name: f.Name, Size: formatSize(p, f.Size), Href: route.File(f.PublicID),
		Digitised: f.Digitised}
}

// formatSize writes a byte count as "850 KB" or "1,2 MB".
func formatSize(p i18n.Printer, n int64) string {
	switch {
	case n >= 1<<20:
		return p.Decimal(float64(n*10/(1<<20))/10) + " MB"
	case n >= 1<<10:
		return strconv.FormatInt(n/(1<<10), 10) + " KB"
	}
	return strconv.FormatInt(n, 10) + " B"
}

// SavePage saves a posted page: answers, then (for pages with file slots,
// posted as multipart) each file as it streams in. A post that fails
// takes back the files it uploaded.
func (h *DossierHandler) SavePage(c echo.Context) (err error) {
	ctx := c.Request().Context()
	id, pageID := c.Param("id"), c.Param("page")
	me := actor(c)
	var (
		values   url.Values
		fileErrs valid.Errors
		status   = http.StatusUnprocessableEntity // of the page shown again
		uploaded = map[string][]string{}          // slot -> attachment ids
	)
	defer func() {
		if err != nil {
			h.discardUploads(ctx, me, id, uploaded)
		}
	}()
	if IsMultipart(c.Request()) {
		values, err = readMultipart(c, h.Dossiers.Limits().Dossier, func(field, name string, body io.Reader) error {
			a, err := h.Dossiers.Upload(ctx, me, id, dossier.UploadInput{Slot: field, Name: name, Body: body, Digitised: true})
			if errs, st, ok := refusedFile(field, err); ok {
				fileErrs = append(fileErrs, errs...)
				status = max(status, st)
				return nil
			}
			if err != nil {
				return err
			}
			uploaded[field] = append(uploaded[field], a.PublicID)
			return nil
		})
		if err != nil {
			return dossierError(err)
		}
	} else {
		form, err := c.FormParams()
		if err != nil {
			return echo.ErrBadRequest
		}
		values = form
	}
	action, anchor := eformview.SplitAction(values.Get(route.FormAction))
	values.Set(route.FormAction, action)
	if fid, ok := strings.CutPrefix(action, eformview.ActionRemoveFile); ok {
		if err := h.Dossiers.RemoveFile(ctx, me, id, fid); err != nil && !errors.Is(err, dossier.ErrNotFound) {
			return dossierError(err)
		}
		action = string(dossier.ActionRefresh)
		values.Set(route.FormAction, string(dossier.ActionRefresh))
	}
	for k, vs := range values {
		slot, ok := strings.CutPrefix(k, eformview.ReusePrefix)
		if !ok || len(vs) == 0 || vs[0] == "" {
			continue
		}
		_, err := h.Dossiers.Reuse(ctx, me, id, slot, vs[0])
		var errs valid.Errors
		switch {
		case errors.As(err, &errs):
			fileErrs = append(fileErrs, errs...)
		case errors.Is(err, dossier.ErrNotFound):
			fileErrs.Add(slot, "dossier.error.reuse")
		case err != nil:
			return dossierError(err)
		}
	}
	for slot, ids := range uploaded {
		if values.Has(eformview.DigitisedPrefix + slot) {
			continue
		}
		for _, aid := range ids {
			// Only desk uploads carry the box; SetDigitised refuses others.
			if err := h.Dossiers.SetDigitised(ctx, me, id, aid, false); err != nil && !errors.Is(err, dossier.ErrNotFound) {
				return dossierError(err)
			}
		}
	}
	res, err := h.Dossiers.SavePage(ctx, me, id, pageID, values, action)
	if errors.Is(err, dossier.ErrConflict) {
		h.discardUploads(ctx, me, id, uploaded)
		return h.renderConflict(c, id, pageID, uploaded)
	}
	if err != nil {
		return dossierError(err)
	}
	page, _ := res.Work.Form.Page(pageID)
	if len(fileErrs) > 0 || len(res.Errors) > 0 {
		return h.renderPage(c, status, res.Work, page, append(fileErrs, res.Errors...))
	}
	draft := res.Work.Draft.PublicID
	switch {
	case res.Stay:
		return webctx.Redirect(c, withAnchor(route.DraftPage(draft, pageID), anchor))
	case dossier.Action(action) == dossier.ActionSaveExit:
		webctx.Get(c).SetFlash(webctx.FlashSuccess, "draft.saved")
		if res.Work.Draft.Desk {
			return webctx.Redirect(c, route.Draft(draft))
		}
		return webctx.Redirect(c, route.MyDossiers(1))
	}
	for i, p := range res.Work.Form.Pages {
		if p.ID == pageID && i+1 < len(res.Work.Form.Pages) {
			return webctx.Redirect(c, route.DraftPage(draft, res.Work.Form.Pages[i+1].ID))
		}
	}
	return webctx.Redirect(c, route.DraftDelivery(draft))
}

// ---------------------------------------------------------------------------
// Delivery.

// deliveryForm is the delivery choice as an e-form, so it renders and
// reads like every other page (the address with its province and commune).
func deliveryForm(p i18n.Printer) eform.Form {
	post := &eform.Condition{Field: "delivery_method", In: []string{string(dossier.DeliverPost)}}
	var opts []eform.Option
	for _, m := range dossier.DeliveryMethods {
		opts = append(opts, eform.Option{Value: string(m), Label: p.T("dossier.delivery." + string(m))})
	}
	return eform.Form{Title: p.T("delivery.title"), Pages: []eform.Page{{ID: "nhan-ket-qua", Title: p.T("delivery.title"),
		Intro: p.T("delivery.intro"), Sections: []eform.Section{{Fields: []eform.Field{
			{ID: "delivery_method", Kind: eform.KindRadio, Label: p.T("delivery.method"), Required: true, Options: opts},
			{ID: "delivery_recipient", Kind: eform.KindText, Label: p.T("delivery.recipient"), Required: true, ShowIf: post},
			{ID: "delivery_phone", Kind: eform.KindPhone, Label: p.T("delivery.phone"), Required: true, ShowIf: post},
			{ID: "delivery_address", Kind: eform.KindAddress, Label: p.T("delivery.address"), Required: true, ShowIf: post},
		}}}}}}
}

func deliveryAnswers(dl dossier.Delivery) eform.Answers {
	a := eform.Answers{"delivery_method": {Text: string(dl.Method)}}
	if dl.Method == dossier.DeliverPost {
		a["delivery_recipient"] = eform.Value{Text: dl.Recipient}
		a["delivery_phone"] = eform.Value{Text: dl.Phone}
		addr := dl.Address
		a["delivery_address"] = eform.Value{Address: &addr}
	}
	return a
}

// Delivery shows the delivery choice.
func (h *DossierHandler) Delivery(c echo.Context) error {
	w, err := h.Dossiers.Open(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return dossierError(err)
	}
	if w.Draft.DossierID != 0 {
		return h.redirectSubmitted(c, w.Draft)
	}
	return h.renderDelivery(c, http.StatusOK, w, deliveryAnswers(w.Draft.Delivery), nil)
}

func (h *DossierHandler) renderDelivery(c echo.Context, status int, w dossier.Work, a eform.Answers, errs valid.Errors) error {
	r := webctx.Get(c)
	f := deliveryForm(r.P)
	id := w.Draft.PublicID
	fp := eformview.PageProps{P: r.P, Form: f, PageID: f.Pages[0].ID, Answers: a, Errors: errs, Places: h.Places,
		CommunesURL: route.APICommunes}
	props := portalview.DraftPageProps{Page: r.Page(c, f.Title, area(w.Draft.Desk), ui.Crumb{Label: w.Record.Name, Href: route.Draft(id)}),
		P: r.P, Procedure: w.Record.Name, Fields: fp, Action: route.DraftDelivery(id), BackHref: route.Draft(id), Heading: f.Title}
	return webctx.Render(c, status, portalview.DraftPage(props))
}

// SaveDelivery records the delivery choice.
func (h *DossierHandler) SaveDelivery(c echo.Context) error {
	r := webctx.Get(c)
	values, err := c.FormParams()
	if err != nil {
		return echo.ErrBadRequest
	}
	a := deliveryForm(r.P).Decode(values, "", eform.Answers{})
	dl := dossier.Delivery{Method: dossier.DeliveryMethod(a["delivery_method"].Text), Recipient: a["delivery_recipient"].Text,
		Phone: a["delivery_phone"].Text}
	if addr := a["delivery_address"].Address; addr != nil {
		dl.Address = *addr
	}
	w, err := h.Dossiers.SaveDelivery(c.Request().Context(), actor(c), c.Param("id"), dl)
	action, anchor := eformview.SplitAction(values.Get(route.FormAction))
	// The choice is saved as typed either way; its problems are shown
	// when the applicant goes on, not when they refresh or leave.
	var errs valid.Errors
	later := action == string(dossier.ActionRefresh) || action == string(dossier.ActionSaveExit)
	if errors.As(err, &errs) && !later {
		return h.renderDelivery(c, http.StatusUnprocessableEntity, w, a, errs)
	}
	if err != nil && !errors.As(err, &errs) {
		return dossierError(err)
	}
	if action == string(dossier.ActionRefresh) {
		return webctx.Redirect(c, withAnchor(route.DraftDelivery(w.Draft.PublicID), anchor))
	}
	if action == string(dossier.ActionSaveExit) {
		r.SetFlash(webctx.FlashSuccess, "draft.saved")
		return webctx.Redirect(c, route.Draft(w.Draft.PublicID))
	}
	return webctx.Redirect(c, route.DraftCheck(w.Draft.PublicID))
}

// ---------------------------------------------------------------------------
// Check and submit.

// CheckPage shows the answers, the completeness checklist and the
// declaration.
func (h *DossierHandler) CheckPage(c echo.Context) error {
	w, list, err := h.Dossiers.Check(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return dossierError(err)
	}
	if w.Draft.DossierID != 0 {
		return h.redirectSubmitted(c, w.Draft)
	}
	return h.renderCheck(c, http.StatusOK, w, list, "")
}

func (h *DossierHandler) renderCheck(c echo.Context, status int, w dossier.Work, list dossier.Checklist, declareErr string) error {
	r := webctx.Get(c)
	p := r.P
	id := w.Draft.PublicID
	files := map[string][]eformview.FileView{}
	for _, f := range w.Files {
		files[f.Slot] = append(files[f.Slot], fileView(p, f))
	}
	props := portalview.CheckProps{Page: r.Page(c, p.T("check.title"), area(w.Draft.Desk), ui.Crumb{Label: w.Record.Name, Href: route.Draft(id)}),
		P: p, Procedure: w.Record.Name, Complete: list.Complete(), Action: route.DraftSubmit(id),
		Declare: p.T("check.declaration"), DeclareErr: declareErr, Desk: w.Draft.Desk,
		Summary: eformview.SummaryProps{P: p, Form: w.Form, Answers: w.Answers(), Places: h.Places, Files: files,
			ChangeHref: func(page, _ string) templ.SafeURL { return route.DraftPage(id, page) }}}
	props.Problems.Title = p.T("check.problems")
	for _, e := range list.Errors {
		props.Problems.Errors = append(props.Problems.Errors, ui.FieldError{FieldID: e.Field, Message: p.T(e.Key, e.Args...)})
	}
	// The summary links go to the page holding the field, not an anchor
	// here: rewrite them.
	for i, e := range list.Errors {
		if page := pageOf(w.Form, e.Field); page != "" {
			props.Problems.Errors[i].Href = route.DraftPage(id, page) + templ.SafeURL("#"+e.Field)
		}
	}
	if !list.Delivery {
		props.Problems.Errors = append(props.Problems.Errors, ui.FieldError{Message: p.T("dossier.error.delivery_method"),
			Href: route.DraftDelivery(id)})
	}
	if declareErr != "" && props.Complete {
		// Only the declaration is missing: the summary says so, like any
		// form's, and links to the box.
		props.Problems.Title = p.T("form.error_summary_title")
		props.Problems.Errors = append(props.Problems.Errors, ui.FieldError{FieldID: route.FormDeclaration, Message: declareErr})
	}
	if status == http.StatusUnprocessableEntity {
		props.Page.Title = p.T("form.error_prefix") + " " + props.Page.Title
	}
	props.Documents = ui.TableProps{Caption: p.T("check.documents"), CaptionHidden: true,
		Head:  []ui.Column{{Label: p.T("check.document")}, {Label: p.T("check.document_files"), Numeric: true}, {Label: p.T("check.document_state")}},
		Empty: p.T("check.no_documents")}
	for _, dc := range list.Documents {
		state := p.T("check.doc_ok")
		switch {
		case !dc.Done():
			state = p.T("check.doc_missing")
		case !dc.Required && dc.Files == 0:
			state = p.T("check.doc_optional")
		}
		props.Documents.Rows = append(props.Documents.Rows, []ui.Cell{{Text: dc.Label, RowHeader: true}, ui.NumCell(dc.Files), ui.TextCell(state)})
	}
	dl := w.Draft.Delivery
	method := p.T("check.not_chosen")
	if dl.Method != "" {
		method = p.T("dossier.delivery." + string(dl.Method))
	}
	props.Delivery = []ui.SummaryRow{{Key: p.T("delivery.method"), Value: method, ChangeHref: route.DraftDelivery(id),
		ChangeLabel: p.T("eformview.summary.change"), ChangeHidden: p.T("delivery.method")}}
	if dl.Method == dossier.DeliverPost {
		props.Delivery = append(props.Delivery, ui.SummaryRow{Key: p.T("delivery.address"),
			Value: dl.Recipient + ", " + dl.Phone + ", " + h.addressText(dl.Address)})
	}
	for _, ch := range w.Case.Channels {
		if ch.Kind == catalog.ChannelOnline || (w.Draft.Desk && ch.Kind == catalog.ChannelDirect) {
			for _, fee := range ch.Fees {
				line := p.Money(fee.Amount)
				if fee.Description != "" {
					line += ": " + fee.Description
				}
				props.Fee = append(props.Fee, line)
			}
			break
		}
	}
	return webctx.Render(c, status, portalview.Check(props))
}

// pageOf is the page of the field an error path names.
func pageOf(f eform.Form, path string) string {
	top, _, _ := strings.Cut(path, ".")
	for _, p := range f.Pages {
		for _, fl := range p.Fields() {
			if fl.ID == top {
				return p.ID
			}
		}
	}
	return ""
}

func (h *DossierHandler) addressText(a eform.Address) string {
	parts := []string{a.Street}
	if pr, ok := h.Places.Province(a.Province); ok {
		if cm, ok := h.Places.Commune(a.Province, a.Commune); ok {
			parts = append(parts, cm.Name)
		}
		parts = append(parts, pr.Name)
	}
	return strings.Join(slices.DeleteFunc(parts, func(s string) bool { return s == "" }), ", ")
}

// Submit submits a complete draft.
func (h *DossierHandler) Submit(c echo.Context) error {
	r := webctx.Get(c)
	ctx := c.Request().Context()
	d, list, err := h.Dossiers.Submit(ctx, actor(c), c.Param("id"),
		dossier.SubmitInput{Declaration: c.FormValue(route.FormDeclaration) == "yes"})
	if errors.Is(err, dossier.ErrIncomplete) {
		w, err := h.Dossiers.Open(ctx, actor(c), c.Param("id"))
		if err != nil {
			return dossierError(err)
		}
		declareErr := ""
		if e, ok := list.Errors.For(route.FormDeclaration); ok {
			declareErr = r.P.T(e.Key)
			list.Errors = slices.DeleteFunc(list.Errors, func(fe valid.FieldError) bool { return fe.Field == route.FormDeclaration })
		}
		return h.renderCheck(c, http.StatusUnprocessableEntity, w, list, declareErr)
	}
	if err != nil {
		return dossierError(err)
	}
	return webctx.Redirect(c, route.DossierDone(d.Code))
}

// unitName names a unit, or says nothing.
func (h *DossierHandler) unitName(ctx context.Context, id int64) string {
	if u, err := h.Units.Get(ctx, id); err == nil {
		return u.Name
	}
	return ""
}
