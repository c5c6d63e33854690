package portal

import (
	"errors"
	"maps"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/upload"
	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/templates/eformview"
	"github.com/motcua/motcua/templates/form"
	"github.com/motcua/motcua/templates/layout"
	"github.com/motcua/motcua/templates/portalview"
	"github.com/motcua/motcua/templates/ui"
	"github.com/motcua/motcua/web/route"
	"github.com/motcua/motcua/web/webctx"
)

// Done confirms a submission with the dossier code and lookup secret.
func (h *DossierHandler) Done(c echo.Context) error {
	r := webctx.Get(c)
	ctx := c.Request().Context()
	full, err := h.Dossiers.View(ctx, actor(c), c.Param("code"))
	if err != nil {
		return dossierError(err)
	}
	d := full.Dossier
	p := r.P
	desk := d.Channel == dossier.ChannelDirect && r.Role() == account.RoleClerk
	props := portalview.DoneProps{Page: r.Page(c, p.T("done.title"), area(desk)), P: p, Code: d.Code, Secret: d.Secret,
		Procedure: d.ProcedureName, Unit: h.unitName(ctx, d.ReceivingUnitID), DossierURL: route.Dossier(d.Code),
		LookupURL: route.Lookup(), Desk: desk}
	props.NextSteps = []string{p.T("done.step_receive"), p.T("done.step_notify"), p.T("done.step_result")}
	return webctx.Render(c, http.StatusOK, portalview.Done(props))
}

// Mine lists the applicant's dossiers and drafts.
func (h *DossierHandler) Mine(c echo.Context) error {
	r := webctx.Get(c)
	p := r.P
	ctx := c.Request().Context()
	page, _ := strconv.Atoi(c.QueryParam(route.QueryPage))
	page = max(page, 1)
	const per = 20
	list, total, err := h.Dossiers.Mine(ctx, actor(c), page, per)
	if err != nil {
		return err
	}
	drafts, err := h.Dossiers.Drafts(ctx, actor(c))
	if err != nil {
		return err
	}
	props := portalview.MyDossiersProps{Page: r.Page(c, p.T("mine.title"), layout.AreaPublic), P: p, DraftDays: h.DraftDays,
		AddDesk: route.AddDeskDossier()}
	props.Dossiers = ui.TableProps{Caption: p.T("mine.dossiers"), CaptionHidden: true, Empty: p.T("mine.no_dossiers"),
		Head: []ui.Column{{Label: p.T("mine.code")}, {Label: p.T("mine.procedure")}, {Label: p.T("mine.submitted")},
			{Label: p.T("mine.status")}, {Label: p.T("mine.due")}}}
	for _, d := range list {
		due := p.T("mine.no_due")
		if !d.DueAt.IsZero() {
			due = p.DateTime(d.DueAt)
		}
		props.Dossiers.Rows = append(props.Dossiers.Rows, []ui.Cell{
			{Content: ui.Link(route.Dossier(d.Code), d.Code), RowHeader: true}, ui.TextCell(d.ProcedureName),
			ui.TextCell(p.DateTime(d.SubmittedAt)), ui.CompCell(ui.StatusBadge(webctx.StatusBadge(p, d.Status))), ui.TextCell(due)})
	}
	props.Pagination = ui.PaginationProps{Page: page, Pages: (total + per - 1) / per, URL: route.MyDossiers,
		Label: p.T("ui.pagination"), Previous: p.T("ui.previous"), Next: p.T("ui.next"),
		PageLabel: func(n int) string { return p.T("ui.page_n", n) }}
	props.Drafts = ui.TableProps{Caption: p.T("mine.drafts"), CaptionHidden: true, Empty: p.T("mine.no_drafts"),
		Head: []ui.Column{{Label: p.T("mine.procedure")}, {Label: p.T("mine.saved")}}}
	for _, d := range drafts {
		props.Drafts.Rows = append(props.Drafts.Rows, []ui.Cell{
			{Content: ui.Link(route.Draft(d.PublicID), d.ProcedureName), RowHeader: true}, ui.TextCell(p.DateTime(d.UpdatedAt))})
	}
	return webctx.Render(c, http.StatusOK, portalview.MyDossiers(props))
}

// Dossier shows a dossier to its applicant or to staff handling it.
func (h *DossierHandler) Dossier(c echo.Context) error {
	return h.renderDossier(c, http.StatusOK, form.New(webctx.Get(c).P, nil, nil))
}

func (h *DossierHandler) renderDossier(c echo.Context, status int, wf form.Form) error {
	return h.renderDossierWith(c, status, wf, form.New(webctx.Get(c).P, nil, nil))
}

// renderDossierWith renders the dossier page with the withdrawal form's
// and the staff action forms' values and errors (wf carries the
// applicant's response errors too).
func (h *DossierHandler) renderDossierWith(c echo.Context, status int, wf, af form.Form) error {
	return h.renderDossierPage(c, c.Param("code"), status, pageForms{withdraw: wf, act: af,
		revoke: form.New(webctx.Get(c).P, nil, nil)})
}

// pageForms are the forms of the dossier page, with what came back from
// the one posted.
type pageForms struct {
	withdraw, act, revoke, rate form.Form
}

// renderDossierPage renders dossier code's page with its forms.
func (h *DossierHandler) renderDossierPage(c echo.Context, code string, status int, forms pageForms) error {
	r := webctx.Get(c)
	p := r.P
	ctx := c.Request().Context()
	me := actor(c)
	wf, af := forms.withdraw, forms.act
	full, err := h.Dossiers.View(ctx, me, code)
	if err != nil {
		return dossierError(err)
	}
	d := full.Dossier
	staff := r.Role().Staff()
	title := d.ProcedureName + " " + d.Code
	if len(wf.Errors) > 0 || len(af.Errors) > 0 || len(forms.revoke.Errors) > 0 {
		// The page came back with a form's errors: the title says so
		// first, as on the e-form pages.
		title = p.T("form.error_prefix") + " " + title
	}
	props := portalview.DossierProps{Page: r.Page(c, title, area(staff)), P: p, Code: d.Code,
		Procedure: d.ProcedureName, Status: webctx.StatusBadge(p, d.Status), WithdrawF: wf}
	props.Facts = []ui.SummaryRow{
		{Key: p.T("dossier.applicant"), Value: applicantLine(d.Applicant)},
		{Key: p.T("dossier.channel"), Value: p.T(d.Channel.LabelKey())},
		{Key: p.T("dossier.submitted_at"), Value: p.DateTime(d.SubmittedAt)},
		{Key: p.T("dossier.receiving_unit"), Value: h.unitName(ctx, d.ReceivingUnitID)},
		{Key: p.T("dossier.competent_unit"), Value: h.unitName(ctx, d.CompetentUnitID)},
		{Key: p.T("dossier.delivery"), Value: p.T("dossier.delivery." + string(d.Delivery.Method))},
	}
	if !d.ReceivedAt.IsZero() {
		props.Facts = append(props.Facts, ui.SummaryRow{Key: p.T("dossier.received_at"), Value: p.DateTime(d.ReceivedAt)})
	}
	due := p.T("dossier.due_pending")
	if !d.DueAt.IsZero() {
		due = p.DateTime(d.DueAt)
	}
	props.Facts = append(props.Facts, ui.SummaryRow{Key: p.T("dossier.due_at"), Value: due})
	if me.ID == d.ApplicantID || staff {
		props.Facts = append(props.Facts, ui.SummaryRow{Key: p.T("done.secret"), Value: d.Secret})
	}
	props.Timeline = timeline(p, full.Events)
	wait, err := h.Dossiers.WaitOf(ctx, d)
	if err != nil {
		return err
	}
	props.Wait = waitText(p, wait)
	if props.Fee, err = h.feeView(ctx, p, d); err != nil {
		return err
	}
	props.Files = ui.TableProps{Caption: p.T("dossier.files"), CaptionHidden: true, Empty: p.T("dossier.no_files"),
		Head: []ui.Column{{Label: p.T("dossier.file")}, {Label: p.T("dossier.file_for")}, {Label: p.T("dossier.file_size"), Numeric: true}}}
	files := map[string][]eformview.FileView{}
	for _, f := range full.Files {
		files[f.Slot] = append(files[f.Slot], fileView(p, f))
		label := f.Slot
		if fl, ok := full.Form.Field(f.Slot); ok {
			label = fl.Label
		}
		name := f.Name
		if f.Digitised {
			name += " (" + p.T("eformview.file.is_digitised") + ")"
		}
		props.Files.Rows = append(props.Files.Rows, []ui.Cell{{Content: ui.Link(route.File(f.PublicID), name), RowHeader: true},
			ui.TextCell(label), {Text: formatSize(p, f.Size), Numeric: true}})
	}
	answers := maps.Clone(d.Answers)
	for _, f := range full.Files {
		answers = withFile(answers, f)
	}
	props.Answers = eformview.SummaryProps{P: p, Form: full.Form, Answers: answers, Places: h.Places, Files: files, HeadingLevel: 3}
	reused := 0
	for _, m := range d.Prefilled {
		if m.FromRegistry() {
			reused++
		}
	}
	if reused > 0 {
		props.PrefillNote = p.T("dossier.prefilled_note", reused)
	}
	if dossier.CanWithdraw(me, d) {
		props.Withdraw = route.DossierCancel(d.Code)
	}
	if props.Papers, err = h.papersView(c, d, forms.revoke); err != nil {
		return err
	}
	if staff {
		v, err := h.processView(c, d, af)
		if err != nil && !errors.Is(err, dossier.ErrNotFound) {
			return err
		}
		props.Process = v
	}
	if me.ID == d.ApplicantID && d.Waiting() {
		rv := &portalview.RespondView{Action: route.DossierRespond(d.Code), Error: wf.Error("respond-file"),
			Note: wf.Value("note"), NoteError: wf.Error("respond-note")}
		if _, posted := wf.Values["note"]; !posted {
			rv.Note = keptNote(r, d.Code) // typed before the last upload
		}
		for i := len(full.Events) - 1; i >= 0; i-- {
			if e := full.Events[i]; e.Action == "supplement" || e.Action == "guide" {
				rv.Request = e.Note
				break
			}
		}
		for _, f := range full.Files {
			if f.Slot == dossier.SlotSupplement {
				rv.Files = append(rv.Files, f.Name)
			}
		}
		props.Respond = rv
	}
	if forms.rate.Values == nil {
		forms.rate = form.New(p, nil, nil) // the pages answering other forms
	}
	if props.Rating, err = h.ratingView(c, d, forms.rate); err != nil {
		return err
	}
	return webctx.Render(c, status, portalview.Dossier(props))
}

// ratingView is the satisfaction section: the rating given (for the
// applicant and the staff who see the dossier), or the applicant's form
// while they may rate; nil otherwise.
func (h *DossierHandler) ratingView(c echo.Context, d dossier.Dossier, f form.Form) (*portalview.RatingView, error) {
	p := webctx.Get(c).P
	me := actor(c)
	rt, err := h.Dossiers.RatingOf(c.Request().Context(), me, d)
	switch {
	case err == nil:
		return &portalview.RatingView{Form: f, Given: p.T(rt.Score.LabelKey()), Comment: rt.Comment,
			When: p.DateTime(rt.CreatedAt)}, nil
	case !errors.Is(err, dossier.ErrNotFound):
		return nil, err
	case !dossier.CanRate(me, d):
		return nil, nil
	}
	v := &portalview.RatingView{Action: route.DossierRate(d.Code), Form: f}
	for _, s := range dossier.Scores {
		v.Options = append(v.Options, ui.Option{Value: strconv.Itoa(int(s)), Label: p.T(s.LabelKey())})
	}
	return v, nil
}

func timeline(p i18n.Printer, events []dossier.Event) ui.TableProps {
	t := ui.TableProps{Caption: p.T("dossier.timeline"), CaptionHidden: true, Empty: p.T("dossier.no_events"),
		Head: []ui.Column{{Label: p.T("dossier.event_at")}, {Label: p.T("dossier.event")}, {Label: p.T("dossier.event_status")},
			{Label: p.T("dossier.event_note")}}}
	for i := len(events) - 1; i >= 0; i-- { // newest first
		e := events[i]
		st := ""
		if e.To != 0 {
			st = p.T(e.To.LabelKey())
		}
		t.Rows = append(t.Rows, []ui.Cell{{Text: p.DateTime(e.At), RowHeader: true}, ui.TextCell(p.T("dossier.event." + e.Action)),
			ui.TextCell(st), ui.TextCell(e.Note)})
	}
	return t
}

// Withdraw records the applicant's withdrawal.
func (h *DossierHandler) Withdraw(c echo.Context) error {
	r := webctx.Get(c)
	reason := strings.TrimSpace(c.FormValue(route.FormWithdrawReason))
	if reason == "" {
		var errs valid.Errors
		errs.Add("reason", "dossier.error.withdraw_reason")
		return h.renderDossier(c, http.StatusUnprocessableEntity, form.New(r.P, map[string]string{"reason": reason}, errs))
	}
	d, err := h.Dossiers.Withdraw(c.Request().Context(), actor(c), c.Param("code"), reason)
	if errors.Is(err, dossier.ErrState) {
		r.SetFlash(webctx.FlashError, "dossier.error.state")
		return webctx.Redirect(c, route.Dossier(c.Param("code")))
	}
	if err != nil {
		return dossierError(err)
	}
	r.SetFlash(webctx.FlashSuccess, "dossier.withdrawn")
	return webctx.Redirect(c, route.Dossier(d.Code))
}

// File sends an attachment to its owner or to staff handling its dossier,
// always as a download and never sniffed by the browser.
func (h *DossierHandler) File(c echo.Context) error {
	a, body, err := h.Dossiers.OpenFile(c.Request().Context(), actor(c), c.Param("id"))
	if err != nil {
		return dossierError(err)
	}
	defer body.Close()
	hd := c.Response().Header()
	hd.Set(echo.HeaderContentType, a.Type.ContentType())
	hd.Set(echo.HeaderContentDisposition, upload.ContentDisposition(a.Name))
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Cache-Control", "private, no-store")
	hd.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	http.ServeContent(c.Response(), c.Request(), "", a.CreatedAt, body)
	return nil
}

// ---------------------------------------------------------------------------
// Status lookup.

// LookupForm shows the public status lookup. The applicant and staff see a
// dossier they may see without the secret (?ma=CODE).
func (h *DossierHandler) LookupForm(c echo.Context) error {
	r := webctx.Get(c)
	code := strings.TrimSpace(c.QueryParam("ma"))
	props := portalview.LookupProps{P: r.P, Form: form.New(r.P, map[string]string{"code": code}, nil), Action: route.Lookup()}
	if code != "" && r.User != nil {
		if d, events, err := h.Dossiers.LookupAs(c.Request().Context(), *r.User, code); err == nil {
			if props.Result, err = h.lookupResult(c, d, events); err != nil {
				return err
			}
		}
	}
	props.Page = r.Page(c, r.P.T("lookup.title"), layout.AreaPublic)
	return webctx.Render(c, http.StatusOK, portalview.Lookup(props))
}

// Lookup answers the lookup form (POST, so the secret stays out of URLs
// and logs).
func (h *DossierHandler) Lookup(c echo.Context) error {
	r := webctx.Get(c)
	ctx := c.Request().Context()
	code, secret := strings.TrimSpace(c.FormValue("code")), strings.TrimSpace(c.FormValue("secret"))
	props := portalview.LookupProps{P: r.P, Action: route.Lookup()}
	var errs valid.Errors
	if code == "" {
		errs.Add("code", "dossier.error.lookup_code")
	}
	if secret == "" && r.User == nil {
		errs.Add("secret", "dossier.error.lookup_secret")
	}
	props.Form = form.New(r.P, map[string]string{"code": code}, errs)
	props.Page = r.Page(c, r.P.T("lookup.title"), layout.AreaPublic)
	if len(errs) > 0 {
		return webctx.Render(c, http.StatusUnprocessableEntity, portalview.Lookup(props))
	}
	ok, wait, err := h.Lookups.Allow(ctx, c.RealIP())
	if err != nil {
		return err
	}
	if !ok {
		props.NotFound = r.P.T("dossier.error.lookup_throttled", wait)
		return webctx.Render(c, http.StatusTooManyRequests, portalview.Lookup(props))
	}
	d, events, err := h.lookup(c, code, secret)
	if errors.Is(err, dossier.ErrNotFound) {
		if err := h.Lookups.Failed(ctx, c.RealIP()); err != nil {
			return err
		}
		props.NotFound = r.P.T("dossier.error.lookup")
		return webctx.Render(c, http.StatusNotFound, portalview.Lookup(props))
	}
	if err != nil {
		return err
	}
	if props.Result, err = h.lookupResult(c, d, events); err != nil {
		return err
	}
	return webctx.Render(c, http.StatusOK, portalview.Lookup(props))
}

// lookup tries the secret, then (for someone signed in) their own right
// to see the dossier.
func (h *DossierHandler) lookup(c echo.Context, code, secret string) (dossier.Dossier, []dossier.Event, error) {
	ctx := c.Request().Context()
	if secret != "" {
		d, ev, err := h.Dossiers.Lookup(ctx, code, secret)
		if err == nil || !errors.Is(err, dossier.ErrNotFound) {
			return d, ev, err
		}
	}
	if u := webctx.Get(c).User; u != nil {
		return h.Dossiers.LookupAs(ctx, *u, code)
	}
	return dossier.Dossier{}, nil, dossier.ErrNotFound
}

func (h *DossierHandler) lookupResult(c echo.Context, d dossier.Dossier, events []dossier.Event) (*portalview.LookupResult, error) {
	p := webctx.Get(c).P
	ctx := c.Request().Context()
	res := &portalview.LookupResult{Code: d.Code, Procedure: d.ProcedureName, Status: webctx.StatusBadge(p, d.Status),
		Timeline: timeline(p, events)}
	res.Facts = []ui.SummaryRow{{Key: p.T("mine.code"), Value: d.Code},
		{Key: p.T("dossier.submitted_at"), Value: p.DateTime(d.SubmittedAt)},
		{Key: p.T("dossier.receiving_unit"), Value: h.unitName(ctx, d.ReceivingUnitID)}}
	if !d.ReceivedAt.IsZero() {
		res.Facts = append(res.Facts, ui.SummaryRow{Key: p.T("dossier.received_at"), Value: p.DateTime(d.ReceivedAt)})
	}
	if !d.DueAt.IsZero() {
		res.Facts = append(res.Facts, ui.SummaryRow{Key: p.T("dossier.due_at"), Value: p.DateTime(d.DueAt)})
	}
	wait, err := h.Dossiers.WaitOf(ctx, d)
	if err != nil {
		return nil, err
	}
	res.Wait = waitText(p, wait)
	return res, nil
}

// ---------------------------------------------------------------------------
// Helpers.
