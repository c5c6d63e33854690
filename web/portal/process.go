package portal

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/internal/workflow"
	"github.com/motcua/motcua/internal/worktime"
	"github.com/motcua/motcua/templates/form"
	"github.com/motcua/motcua/templates/portalview"
	"github.com/motcua/motcua/templates/ui"
	"github.com/motcua/motcua/web/route"
	"github.com/motcua/motcua/web/webctx"
)

// processView builds the staff's panel of a dossier.
func (h *DossierHandler) processView(c echo.Context, d dossier.Dossier, f form.Form) (*portalview.ProcessView, error) {
	r := webctx.Get(c)
	p := r.P
	ctx := c.Request().Context()
	me := actor(c)
	info, err := h.Dossiers.Process(ctx, me, d)
	if err != nil {
		return nil, err
	}
	v := &portalview.ProcessView{Form: f}
	if me.Role == account.RoleClerk || me.Role == account.RoleOfficer || me.Role == account.RoleLeader {
		v.ControlSlip = route.ControlSlip(d.Code)
	}
	step := p.T("process.ended")
	if d.Step != "" {
		step = info.StepName
	}
	v.Facts = []ui.SummaryRow{{Key: p.T("process.step"), Value: step}}
	if d.Step != "" {
		v.Facts = append(v.Facts, ui.SummaryRow{Key: p.T("process.step_unit"), Value: h.unitName(ctx, d.StepUnitID) + " · " +
			p.T(account.Role(d.StepRole).LabelKey())})
		if !d.StepDueAt.IsZero() {
			v.Facts = append(v.Facts, ui.SummaryRow{Key: p.T("process.step_due"), Value: p.DateTime(d.StepDueAt)})
		}
		if d.ClaimedBy != 0 {
			v.Facts = append(v.Facts, ui.SummaryRow{Key: p.T("process.claimed_by"), Value: info.ClaimedByName})
		}
	}
	if !d.ApologyDueAt.IsZero() {
		v.Facts = append(v.Facts, ui.SummaryRow{Key: p.T("process.new_appointment"), Value: p.DateTime(d.ApologyDueAt)})
	}
	if d.Timeliness != "" {
		v.Facts = append(v.Facts, ui.SummaryRow{Key: p.T("process.timeliness"), Value: p.T("process.timeliness." + d.Timeliness)})
	}
	works := d.Step != "" && me.UnitID == d.StepUnitID && string(me.Role) == string(d.StepRole)
	if works && info.Mode != workflow.ModeAuto {
		switch d.ClaimedBy {
		case 0:
			v.Claim = route.DossierClaim(d.Code)
		case me.ID:
			v.Release = route.DossierRelease(d.Code)
		}
	}
	for _, fd := range info.Findings {
		args := make([]any, len(fd.Args))
		for i, a := range fd.Args {
			args[i] = a
		}
		if fd.Task == string(workflow.TaskFee) && len(fd.Args) == 1 {
			n, _ := strconv.ParseInt(fd.Args[0], 10, 64)
			args[0] = p.Money(n)
		}
		v.Findings = append(v.Findings, portalview.Finding{OK: fd.OK, Text: p.T(fd.Key, args...)})
	}
	if info.Proposal != "" {
		v.Proposal = actionLabel(p, workflow.Transition{Action: info.Proposal})
	}
	allowed, err := h.Dossiers.Allowed(ctx, me, d)
	if err != nil {
		return nil, err
	}
	for i, tr := range allowed {
		a := portalview.ActionForm{ID: "act-" + strconv.Itoa(i+1), Action: string(tr.Action), Target: tr.Target,
			Label: actionLabel(p, tr), URL: route.DossierAct(d.Code), Proposed: info.Proposal == tr.Action,
			Warning: tr.Action == workflow.ActionRefuse || tr.Action == workflow.ActionStop}
		switch {
		case noteRequired(tr.Action):
			a.NoteLabel, a.NoteHint = p.T("process.note."+string(tr.Action)), p.T("process.note_hint."+string(tr.Action))
		case info.Proposal != "" && info.Proposal != tr.Action:
			a.NoteLabel, a.NoteHint = p.T("process.note.override"), p.T("process.note_hint.override")
		default:
			a.NoteLabel = p.T("process.note.comment")
		}
		a.NeedsAmount = tr.Action == workflow.ActionPayment
		v.Actions = append(v.Actions, a)
	}
	if d.Status == dossier.StatusPayment && works {
		v.PaidAction = route.DossierPaid(d.Code)
	}
	if d.Due != nil {
		v.Explanation = explain(p, *d.Due)
	}
	v.Slip = ui.TableProps{Caption: p.T("process.slip"), CaptionHidden: true, Empty: p.T("process.no_steps"),
		Head: []ui.Column{{Label: p.T("process.col.step")}, {Label: p.T("process.col.unit")}, {Label: p.T("process.col.received")},
			{Label: p.T("process.col.due")}, {Label: p.T("process.col.done")}, {Label: p.T("process.col.by")},
			{Label: p.T("process.col.action")}, {Label: p.T("process.col.timeliness")}}}
	for _, s := range info.Steps {
		cell := func(t time.Time) ui.Cell {
			if t.IsZero() {
				return ui.TextCell("")
			}
			return ui.TextCell(p.DateTime(t))
		}
		by := info.Names[s.ActorID]
		switch {
		case s.FinishedAt.IsZero():
			by = ""
		case s.DecidedBy == dossier.DecidedByRule && s.ActorID == 0:
			by = p.T("process.by_system")
		case s.DecidedBy == dossier.DecidedByRule:
			by += " (" + p.T("process.confirmed_rule") + ")"
		}
		act := ""
		if s.Action != "" {
			act = actionLabel(p, workflow.Transition{Action: s.Action})
			if s.Note != "" {
				act += ": " + s.Note
			}
		}
		tl := ""
		if s.Timeliness != "" {
			tl = p.T("process.timeliness." + s.Timeliness)
		}
		v.Slip.Rows = append(v.Slip.Rows, []ui.Cell{{Text: s.StepName, RowHeader: true}, ui.TextCell(h.unitName(ctx, s.UnitID)),
			cell(s.StartedAt), cell(s.DueAt), cell(s.FinishedAt), ui.TextCell(by), ui.TextCell(act), ui.TextCell(tl)})
	}
	v.Pauses = ui.TableProps{Caption: p.T("process.pauses"), CaptionHidden: true,
		Head: []ui.Column{{Label: p.T("process.col.pause")}, {Label: p.T("process.col.from")}, {Label: p.T("process.col.to")},
			{Label: p.T("process.col.due_before")}, {Label: p.T("process.col.due_after")}}}
	for _, ps := range info.Pauses {
		row := []ui.Cell{{Text: p.T("process.pause."+ps.Kind) + ": " + ps.Reason, RowHeader: true}, ui.TextCell(p.DateTime(ps.StartedAt))}
		for _, t := range []time.Time{ps.EndedAt, ps.DueBefore, ps.DueAfter} {
			if t.IsZero() {
				row = append(row, ui.TextCell(""))
			} else {
				row = append(row, ui.TextCell(p.DateTime(t)))
			}
		}
		v.Pauses.Rows = append(v.Pauses.Rows, row)
	}
	v.Deliveries = ui.TableProps{Caption: p.T("process.deliveries"), CaptionHidden: true, Empty: p.T("process.no_deliveries"),
		Head: []ui.Column{{Label: p.T("process.col.channel")}, {Label: p.T("process.col.address")}, {Label: p.T("process.col.subject")},
			{Label: p.T("process.col.delivery_status")}, {Label: p.T("process.col.attempts"), Numeric: true}, {Label: p.T("process.col.sent")}}}
	if h.Deliveries != nil {
		ds, err := h.Deliveries(ctx, d.ID)
		if err != nil {
			return nil, err
		}
		for _, x := range ds {
			key := "process.delivery." + string(x.Status)
			if x.Status == notify.Logged {
				key += "." + string(x.Channel) // only logged: say which server is missing
			}
			state := p.T(key)
			if x.LastError != "" && x.Status != notify.Sent {
				state += ": " + x.LastError
			}
			sent := ""
			if !x.SentAt.IsZero() && x.Status == notify.Sent {
				sent = p.DateTime(x.SentAt)
			}
			subject := x.Subject
			if subject == "" {
				subject = x.Body
			}
			v.Deliveries.Rows = append(v.Deliveries.Rows, []ui.Cell{{Text: p.T("notify.channel." + string(x.Channel)), RowHeader: true},
				ui.TextCell(x.Address), ui.TextCell(subject), ui.TextCell(state), ui.NumCell(x.Attempts), ui.TextCell(sent)})
		}
	}
	if dossier.HandlesApology(me, d) {
		a := &portalview.ApologyView{}
		for _, ap := range info.Apologies {
			desc := p.T("process.apology_desc", ap.Reason, p.DateTime(ap.NewDueAt))
			if ap.ApprovedAt.IsZero() {
				a.Pending = p.T("process.apology_pending") + " " + desc
				if me.Role == account.RoleLeader {
					a.Approve = route.DossierApproveApology(d.Code)
				}
			} else {
				a.Done = p.T("process.apology_done", p.DateTime(ap.ApprovedAt)) + " " + desc
			}
		}
		if h.Dossiers.CanProposeApology(me, d, info.Apologies) {
			a.Propose = route.DossierApology(d.Code)
		}
		v.Apology = a
	}
	return v, nil
}

func noteRequired(a workflow.Action) bool {
	switch a {
	case workflow.ActionGuide, workflow.ActionRefuse, workflow.ActionReturn, workflow.ActionSupplement,
		workflow.ActionPayment, workflow.ActionStop:
		return true
	}
	return false
}

// actionLabel names an action (a transition's own label wins).
func actionLabel(p i18n.Printer, tr workflow.Transition) string {
	if tr.Label != "" {
		return tr.Label
	}
	return p.T("process.action." + string(tr.Action))
}

// explain writes a deadline's explanation as sentences.
func explain(p i18n.Printer, dl calendar.Deadline) []string {
	out := []string{p.T("process.explain.start", p.DateTime(dl.Start),
		DurationText(p, dl.Duration.Amount, catalog.DurationUnit(dl.Duration.Unit), ""))}
	for _, st := range dl.Explanation() {
		switch {
		case st.Segment != nil:
			out = append(out, p.T("process.explain.work", p.Date(st.Segment.From), st.Segment.From.In(i18n.Zone).Format("15:04"),
				st.Segment.To.In(i18n.Zone).Format("15:04"), p.Decimal(st.Segment.Worked.Hours())))
		case st.Skip != nil:
			name := st.Skip.Name
			if name == "" {
				name = p.T("process.skip." + string(st.Skip.Reason))
			}
			out = append(out, p.T("process.explain.skip", p.Date(st.Skip.Day.Start()), name))
		}
	}
	if dl.Paused > 0 {
		out = append(out, p.T("process.explain.paused", p.Decimal(dl.Paused.Hours())))
	}
	return append(out, p.T("process.explain.due", p.DateTime(dl.Due)))
}

// Act takes a staff member's action from the dossier page.
func (h *DossierHandler) Act(c echo.Context) error {
	r := webctx.Get(c)
	code := c.Param("code")
	in := dossier.ActInput{Action: workflow.Action(c.FormValue("action")), Target: c.FormValue("target"),
		Note: c.FormValue("note")}
	if s := strings.TrimSpace(strings.NewReplacer(".", "", ",", "", " ", "").Replace(c.FormValue("amount"))); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			in.Amount = -1
		} else {
			in.Amount = n
		}
	}
	d, err := h.Dossiers.Act(c.Request().Context(), actor(c), code, in)
	var errs valid.Errors
	switch {
	case errors.As(err, &errs):
		return h.renderActError(c, code, in, errs)
	case errors.Is(err, dossier.ErrNotAllowed), errors.Is(err, dossier.ErrClaimed), errors.Is(err, dossier.ErrConflict):
		r.SetFlash(webctx.FlashError, "process.error.not_allowed")
		return webctx.Redirect(c, route.Dossier(code))
	case err != nil:
		return dossierError(err)
	}
	r.SetFlash(webctx.FlashSuccess, "process.done."+string(in.Action))
	if d.Step == "" || !actsHereUser(actor(c), d) {
		return webctx.Redirect(c, route.Queue(route.QueueQuery{}))
	}
	return webctx.Redirect(c, route.Dossier(code))
}

func actsHereUser(u account.User, d dossier.Dossier) bool {
	return u.UnitID == d.StepUnitID && string(u.Role) == string(d.StepRole)
}

// renderActError shows the page again with the action's errors beside its
// fields (each action form has its own field ids).
func (h *DossierHandler) renderActError(c echo.Context, code string, in dossier.ActInput, errs valid.Errors) error {
	r := webctx.Get(c)
	full, err := h.Dossiers.View(c.Request().Context(), actor(c), code)
	if err != nil {
		return dossierError(err)
	}
	allowed, err := h.Dossiers.Allowed(c.Request().Context(), actor(c), full.Dossier)
	if err != nil {
		return err
	}
	id := ""
	for i, tr := range allowed {
		if tr.Action == in.Action && (in.Target == "" || tr.Target == in.Target) {
			id = "act-" + strconv.Itoa(i+1)
		}
	}
	values := map[string]string{id + "-note": in.Note}
	if in.Amount > 0 {
		values[id+"-amount"] = strconv.FormatInt(in.Amount, 10)
	}
	var mapped valid.Errors
	for _, e := range errs {
		mapped = append(mapped, valid.FieldError{Field: id + "-" + e.Field, Key: e.Key, Args: e.Args})
	}
	return h.renderDossierWith(c, http.StatusUnprocessableEntity, form.New(r.P, nil, nil), form.New(r.P, values, mapped))
}

// Claim takes the dossier to work on it.
func (h *DossierHandler) Claim(c echo.Context) error {
	r := webctx.Get(c)
	if err := h.Dossiers.Claim(c.Request().Context(), actor(c), c.Param("code")); err != nil {
		if !errors.Is(err, dossier.ErrClaimed) {
			return dossierError(err)
		}
		r.SetFlash(webctx.FlashError, "process.error.claimed")
	} else {
		r.SetFlash(webctx.FlashSuccess, "process.claimed")
	}
	return webctx.Redirect(c, route.Dossier(c.Param("code")))
}

// Release gives the dossier back to the queue.
func (h *DossierHandler) Release(c echo.Context) error {
	r := webctx.Get(c)
	if err := h.Dossiers.Release(c.Request().Context(), actor(c), c.Param("code")); err != nil && !errors.Is(err, dossier.ErrNotAllowed) {
		return dossierError(err)
	}
	r.SetFlash(webctx.FlashSuccess, "process.released")
	return webctx.Redirect(c, route.Dossier(c.Param("code")))
}

// Paid confirms a requested payment.
func (h *DossierHandler) Paid(c echo.Context) error {
	r := webctx.Get(c)
	if _, err := h.Dossiers.ConfirmPayment(c.Request().Context(), actor(c), c.Param("code"), c.FormValue("note")); err != nil {
		if errors.Is(err, dossier.ErrNotAllowed) || errors.Is(err, dossier.ErrState) {
			r.SetFlash(webctx.FlashError, "process.error.not_allowed")
			return webctx.Redirect(c, route.Dossier(c.Param("code")))
		}
		return dossierError(err)
	}
	r.SetFlash(webctx.FlashSuccess, "process.done.paid")
	return webctx.Redirect(c, route.Dossier(c.Param("code")))
}

// Apology proposes an apology with a new appointment date.
func (h *DossierHandler) Apology(c echo.Context) error {
	r := webctx.Get(c)
	code := c.Param("code")
	reason, date := c.FormValue("reason"), strings.TrimSpace(c.FormValue("new_due"))
	var errs valid.Errors
	day, ok := worktime.ParseDate(date)
	if !ok {
		errs.Add("new_due", "process.error.apology_date_format")
	}
	if len(errs) == 0 {
		_, err := h.Dossiers.ProposeApology(c.Request().Context(), actor(c), code, reason, day)
		if !errors.As(err, &errs) {
			if errors.Is(err, dossier.ErrNotAllowed) || errors.Is(err, dossier.ErrState) {
				r.SetFlash(webctx.FlashError, "process.error.not_allowed")
				return webctx.Redirect(c, route.Dossier(code))
			}
			if err != nil {
				return dossierError(err)
			}
			r.SetFlash(webctx.FlashSuccess, "process.apology_proposed")
			return webctx.Redirect(c, route.Dossier(code))
		}
	}
	return h.renderDossierWith(c, http.StatusUnprocessableEntity, form.New(r.P, nil, nil),
		form.New(r.P, map[string]string{"reason": reason, "new_due": date}, errs))
}

// ApproveApology approves the pending apology.
func (h *DossierHandler) ApproveApology(c echo.Context) error {
	r := webctx.Get(c)
	if _, err := h.Dossiers.ApproveApology(c.Request().Context(), actor(c), c.Param("code")); err != nil {
		if errors.Is(err, dossier.ErrNotAllowed) || errors.Is(err, dossier.ErrState) {
			r.SetFlash(webctx.FlashError, "process.error.not_allowed")
			return webctx.Redirect(c, route.Dossier(c.Param("code")))
		}
		return dossierError(err)
	}
	r.SetFlash(webctx.FlashSuccess, "process.apology_approved")
	return webctx.Redirect(c, route.Dossier(c.Param("code")))
}

// Respond takes the applicant's documents and answer to a request
// (multipart: the file streams to the store).
func (h *DossierHandler) Respond(c echo.Context) error {
	r := webctx.Get(c)
	ctx := c.Request().Context()
	code := c.Param("code")
	me := actor(c)
	var fileErrs valid.Errors
	status := http.StatusUnprocessableEntity
	values, err := readMultipart(c, h.Dossiers.Limits().File+(1<<20), func(field, name string, body io.Reader) error {
		_, err := h.Dossiers.UploadToDossier(ctx, me, code, dossier.UploadInput{Slot: dossier.SlotSupplement, Name: name, Body: body})
		if errs, st, ok := refusedFile(field, err); ok {
			for _, e := range errs {
				fileErrs = append(fileErrs, valid.FieldError{Field: "respond-file", Key: e.Key, Args: e.Args})
			}
			status = max(status, st)
			return nil
		}
		return err
	})
	if err != nil {
		return dossierError(err)
	}
	if len(fileErrs) > 0 {
		return h.renderDossierWith(c, status, form.New(r.P, map[string]string{"note": values.Get("note")}, fileErrs),
			form.New(r.P, nil, nil))
	}
	if values.Get(route.FormAction) != "send" {
		// Another file may follow: back to the upload box, the note kept.
		keepNote(r, code, values.Get("note"))
		r.SetFlash(webctx.FlashSuccess, "respond.uploaded")
		return webctx.Redirect(c, withAnchor(route.Dossier(code), respondFileID))
	}
	if _, err := h.Dossiers.Respond(ctx, me, code, values.Get("note")); err != nil {
		var errs valid.Errors
		if errors.As(err, &errs) {
			for i := range errs {
				errs[i].Field = "respond-note" // the field's id on the page
			}
			return h.renderDossierWith(c, http.StatusUnprocessableEntity,
				form.New(r.P, map[string]string{"note": values.Get("note")}, errs), form.New(r.P, nil, nil))
		}
		if errors.Is(err, dossier.ErrState) {
			r.SetFlash(webctx.FlashError, "dossier.error.state")
			return webctx.Redirect(c, route.Dossier(code))
		}
		return dossierError(err)
	}
	keepNote(r, code, "")
	r.SetFlash(webctx.FlashSuccess, "respond.sent")
	return webctx.Redirect(c, route.Dossier(code))
}

// respondFileID is the id of the answer's upload box on the dossier page.
const respondFileID = "respond-file"

// keepNote keeps in the session the note typed in the answer to a
// request while its files are uploaded one round trip at a time, until it
// is sent ("" forgets it).
func keepNote(r *webctx.Request, code, note string) {
	key := respondNoteKey + code
	if strings.TrimSpace(note) == "" {
		if _, ok := r.Session.Values[key]; !ok {
			return
		}
		delete(r.Session.Values, key)
	} else {
		r.Session.Values[key] = note
	}
	r.MarkDirty()
}

// keptNote is the note keepNote kept for dossier code.
func keptNote(r *webctx.Request, code string) string {
	s, _ := r.Session.Values[respondNoteKey+code].(string)
	return s
}

const respondNoteKey = "respond_note:"

// Rate records the applicant's satisfaction with a finished dossier.
func (h *DossierHandler) Rate(c echo.Context) error {
	r := webctx.Get(c)
	code := c.Param("code")
	score, _ := strconv.Atoi(c.FormValue("score"))
	_, err := h.Dossiers.Rate(c.Request().Context(), actor(c), code, dossier.Score(score), c.FormValue("comment"))
	var errs valid.Errors
	switch {
	case errors.As(err, &errs):
		return h.renderDossierPage(c, code, http.StatusUnprocessableEntity, pageForms{withdraw: form.New(r.P, nil, nil),
			act: form.New(r.P, nil, nil), revoke: form.New(r.P, nil, nil),
			rate: form.New(r.P, map[string]string{"score": c.FormValue("score"), "comment": c.FormValue("comment")}, errs)})
	case errors.Is(err, dossier.ErrRated), errors.Is(err, dossier.ErrState):
		r.SetFlash(webctx.FlashError, "rating.error.closed")
		return webctx.Redirect(c, route.Dossier(code))
	case err != nil:
		return dossierError(err)
	}
	r.SetFlash(webctx.FlashSuccess, "rating.thanks")
	return webctx.Redirect(c, route.Dossier(code))
}
