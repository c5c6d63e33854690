package dossier

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/upload"
	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/internal/workflow"
)

// Waiting reports whether the dossier waits for its applicant: documents
// asked during processing (status 5), or completion asked at reception.
func (d Dossier) Waiting() bool {
	return d.Status == StatusSupplement || (d.Status == StatusNew && d.AwaitingApplicant)
}

// UploadToDossier adds a document the applicant was asked for to a
// dossier that waits for them, checked like any upload.
func (s *Service) UploadToDossier(ctx context.Context, actor account.User, code string, in UploadInput) (Attachment, error) {
	d, err := s.d.Store.Dossier(ctx, code, false)
	if err != nil {
		return Attachment{}, err
	}
	if d.ApplicantID == 0 || d.ApplicantID != actor.ID {
		return Attachment{}, ErrNotFound
	}
	if !d.Waiting() {
		return Attachment{}, ErrState
	}
	files, err := s.d.Store.DossierAttachments(ctx, d.ID)
	if err != nil {
		return Attachment{}, err
	}
	info, err := upload.Receive(ctx, s.d.Files, upload.NewKey(), upload.Incoming{Name: in.Name, Body: in.Body},
		s.d.Limits.Quota(used(files)))
	if err != nil {
		return Attachment{}, uploadError(in.Slot, err)
	}
	a := Attachment{PublicID: NewPublicID(), DossierID: d.ID, OwnerID: actor.ID, UploadedBy: actor.ID, Slot: in.Slot,
		Document: -1, Name: info.Name, Type: info.Type, Size: info.Size, SHA256: info.SHA256, Key: info.Key,
		CreatedAt: s.d.Now()}
	if err := s.d.Store.AddAttachment(ctx, &a); err != nil {
		_ = s.d.Files.Delete(context.WithoutCancel(ctx), info.Key)
		return Attachment{}, err
	}
	return a, nil
}

// Respond is the applicant's answer to a request: the documents asked for
// during processing are supplied (the clock resumes; the previous and new
// due instants are recorded), or the file reception asked to complete is
// completed (reception sees it again).
func (s *Service) Respond(ctx context.Context, actor account.User, code, note string) (Dossier, error) {
	note = strings.TrimSpace(note)
	for range maxTries {
		d, err := s.d.Store.Dossier(ctx, code, false)
		if err != nil {
			return Dossier{}, err
		}
		if d.ApplicantID == 0 || d.ApplicantID != actor.ID {
			return Dossier{}, ErrNotFound
		}
		if !d.Waiting() {
			return Dossier{}, ErrState
		}
		if note == "" {
			// An answer brings what was asked: a document, or at least a
			// word on what was changed or why nothing can be.
			n, err := s.answeredFiles(ctx, d)
			if err != nil {
				return Dossier{}, err
			}
			if n == 0 {
				return Dossier{}, valid.Errors{{Field: "note", Key: "respond.error.empty"}}
			}
		}
		out, err := s.resume(ctx, actor.ID, d, "supplemented", note, "supplement")
		if errors.Is(err, ErrConflict) {
			continue
		}
		if err == nil {
			s.wake()
		}
		return out, err
	}
	return Dossier{}, ErrConflict
}

// answeredFiles counts the documents the applicant added since they were
// last asked (the latest supplement request or completion guidance).
func (s *Service) answeredFiles(ctx context.Context, d Dossier) (int, error) {
	events, err := s.d.Store.Events(ctx, d.ID)
	if err != nil {
		return 0, err
	}
	var since time.Time
	for i := len(events) - 1; i >= 0; i-- {
		if a := events[i].Action; a == string(workflow.ActionSupplement) || a == string(workflow.ActionGuide) {
			since = events[i].At
			break
		}
	}
	files, err := s.d.Store.DossierAttachments(ctx, d.ID)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, f := range files {
		if f.Slot == SlotSupplement && f.UploadedBy == d.ApplicantID && !f.CreatedAt.Before(since) {
			n++
		}
	}
	return n, nil
}

// ConfirmPayment records that the requested fee or tax was paid (status 6
// back to processing; the clock resumes), by the staff member at the step.
// Staff who may not see the dossier get ErrNotFound, as for a code that
// does not exist (so is it for the apologies: seenDossier).
func (s *Service) ConfirmPayment(ctx context.Context, actor account.User, code, note string) (Dossier, error) {
	for range maxTries {
		d, err := seenDossier(ctx, s.d.Store, actor, code)
		if err != nil {
			return Dossier{}, err
		}
		if !actsHere(actor, d) {
			return Dossier{}, ErrNotAllowed
		}
		if d.Status != StatusPayment {
			return Dossier{}, ErrState
		}
		out, err := s.resume(ctx, actor.ID, d, "paid", strings.TrimSpace(note), "payment")
		if errors.Is(err, ErrConflict) {
			continue
		}
		return out, err
	}
	return Dossier{}, ErrConflict
}

// resume ends a wait: it closes the open pause (if any), recomputes the
// due instant with every pause so far, and returns the dossier to
// processing, in one transaction.
func (s *Service) resume(ctx context.Context, actorID int64, d Dossier, action, note, kind string) (Dossier, error) {
	now := s.d.Now()
	var newDue *calendar.Deadline
	pauses, err := s.d.Store.Pauses(ctx, d.ID)
	if err != nil {
		return Dossier{}, err
	}
	paused := d.Status == StatusSupplement || d.Status == StatusPayment
	if paused && d.Due != nil {
		var ps []calendar.Pause
		for _, p := range pauses {
			end := p.EndedAt
			if end.IsZero() {
				end = now
			}
			ps = append(ps, calendar.Pause{From: p.StartedAt, To: end})
		}
		c, err := s.clock(ctx, d.ReceivingUnitID)
		if err != nil {
			return Dossier{}, err
		}
		f, err := s.flowOf(ctx, d)
		if err != nil {
			return Dossier{}, err
		}
		mode := calendar.PauseAddsBack
		if f.Supplement == workflow.PauseRestarts && kind == "supplement" {
			mode = calendar.PauseRestarts
		}
		dl, err := c.WithPauses(*d.Due, ps, mode)
		if err != nil {
			return Dossier{}, err
		}
		newDue = &dl
	}
	// The step's own due instant moves by the same working time.
	stepDue := d.StepDueAt
	if paused && !d.StepDueAt.IsZero() && len(pauses) > 0 {
		last := pauses[len(pauses)-1]
		c, err := s.clock(ctx, d.StepUnitID)
		if err != nil {
			return Dossier{}, err
		}
		w, err := c.WorkingTime(last.StartedAt, now)
		if err != nil {
			return Dossier{}, err
		}
		if w > 0 {
			dl, err := c.Due(d.StepDueAt, calendar.Duration{Amount: w.Hours(), Unit: calendar.WorkingHours})
			if err != nil {
				return Dossier{}, err
			}
			stepDue = dl.Due
		}
	}
	var out Dossier
	err = s.d.Tx(ctx, func(st Store, log audit.Store) error {
		cur, err := st.Dossier(ctx, d.Code, true)
		if err != nil {
			return err
		}
		if cur.Revision != d.Revision {
			return ErrConflict
		}
		from := cur.Status
		payload := map[string]any{"code": cur.Code}
		if paused {
			p := PauseRecord{EndedAt: now, ResolvedBy: actorID}
			if newDue != nil {
				p.DueAfter = newDue.Due
				payload["due_before"], payload["due_after"] = cur.DueAt, newDue.Due
				cur.Due, cur.DueAt = newDue, newDue.Due
			}
			if err := st.ClosePause(ctx, cur.ID, p); err != nil {
				return err
			}
			cur.Status = StatusProcessing
			cur.StepDueAt = stepDue
		}
		cur.AwaitingApplicant = false
		cur.UpdatedAt = now
		if err := st.UpdateProcessing(ctx, &cur); err != nil {
			return err
		}
		ev := Event{At: now, ActorID: actorID, Action: action, Note: note, Public: true}
		if cur.Status != from {
			ev.From, ev.To = from, cur.Status
		}
		if err := event(ctx, st, log, cur, ev); err != nil {
			return err
		}
		payload["status"] = int(cur.Status)
		if err := st.AddOutbox(ctx, cur.ID, action, payload); err != nil {
			return err
		}
		out = cur
		return nil
	})
	return out, err
}

// Apology is a letter to the applicant of a dossier that will be late
// (Mẫu 04): the reason and a new appointment, proposed by the processing
// unit and approved by its leader before the due instant passes.
type Apology struct {
	ID         int64
	DossierID  int64
	Reason     string
	NewDueAt   time.Time
	ProposedBy int64
	ProposedAt time.Time
	ApprovedBy int64
	ApprovedAt time.Time
}

// ProposeApology drafts an apology with a new appointment, by an officer
// or leader of the unit that decides, before the due instant.
func (s *Service) ProposeApology(ctx context.Context, actor account.User, code, reason string, day calendar.Date) (Apology, error) {
	d, err := seenDossier(ctx, s.d.Store, actor, code)
	if err != nil {
		return Apology{}, err
	}
	if !HandlesApology(actor, d) {
		return Apology{}, ErrNotAllowed
	}
	existing, err := s.d.Store.Apologies(ctx, d.ID)
	if err != nil {
		return Apology{}, err
	}
	if !s.CanProposeApology(actor, d, existing) {
		return Apology{}, ErrState
	}
	now := s.d.Now()
	reason = strings.TrimSpace(reason)
	var errs valid.Errors
	if reason == "" {
		errs.Add("reason", "process.error.apology_reason")
	}
	// The new appointment is at the close of that working day, by the
	// calendar the dossier's due date is counted in.
	c, err := s.clock(ctx, d.ReceivingUnitID)
	if err != nil {
		return Apology{}, err
	}
	newDue, working, err := c.Closing(day)
	if err != nil {
		return Apology{}, err
	}
	switch {
	case !working:
		errs.Add("new_due", "process.error.apology_day_off")
	case !newDue.After(d.DueAt):
		errs.Add("new_due", "process.error.apology_date")
	}
	if err := errs.OrNil(); err != nil {
		return Apology{}, err
	}
	a := Apology{DossierID: d.ID, Reason: reason, NewDueAt: newDue, ProposedBy: actor.ID, ProposedAt: now}
	if err := s.d.Store.AddApology(ctx, a); err != nil {
		return Apology{}, err
	}
	return a, nil
}

// HandlesApology reports whether u deals with d's apology: an officer or
// a leader of the unit that decides it, while it is being processed
// against a due date.
func HandlesApology(u account.User, d Dossier) bool {
	return d.Step != "" && !d.DueAt.IsZero() && u.UnitID == d.CompetentUnitID &&
		(u.Role == account.RoleOfficer || u.Role == account.RoleLeader)
}

// CanProposeApology reports whether u may propose an apology for d now:
// before its due date passes, and only one per dossier (existing are its
// apologies so far, pending or approved).
func (s *Service) CanProposeApology(u account.User, d Dossier, existing []Apology) bool {
	return HandlesApology(u, d) && s.d.Now().Before(d.DueAt) && len(existing) == 0
}

// ApproveApology approves the pending apology, by a leader of the unit
// that decides, before the due instant passes; the applicant is told the
// new appointment.
func (s *Service) ApproveApology(ctx context.Context, actor account.User, code string) (Dossier, error) {
	for range maxTries {
		d, err := seenDossier(ctx, s.d.Store, actor, code)
		if err != nil {
			return Dossier{}, err
		}
		if actor.UnitID != d.CompetentUnitID || actor.Role != account.RoleLeader {
			return Dossier{}, ErrNotAllowed
		}
		now := s.d.Now()
		if d.DueAt.IsZero() || !now.Before(d.DueAt) {
			return Dossier{}, ErrState
		}
		list, err := s.d.Store.Apologies(ctx, d.ID)
		if err != nil {
			return Dossier{}, err
		}
		var pending *Apology
		for i := range list {
			if list[i].ApprovedAt.IsZero() {
				pending = &list[i]
			}
		}
		if pending == nil {
			return Dossier{}, ErrState
		}
		var out Dossier
		err = s.d.Tx(ctx, func(st Store, log audit.Store) error {
			cur, err := st.Dossier(ctx, code, true)
			if err != nil {
				return err
			}
			if cur.Revision != d.Revision {
				return ErrConflict
			}
			if err := st.ApproveApology(ctx, pending.ID, actor.ID, now); err != nil {
				return err
			}
			cur.ApologyDueAt, cur.UpdatedAt = pending.NewDueAt, now
			if err := st.UpdateProcessing(ctx, &cur); err != nil {
				return err
			}
			if err := event(ctx, st, log, cur, Event{At: now, ActorID: actor.ID, Action: "apology", Note: pending.Reason,
				Public: true}); err != nil {
				return err
			}
			out = cur
			if err := s.apologyPaper(ctx, st, cur, *pending, actor, now); err != nil {
				return err
			}
			return st.AddOutbox(ctx, cur.ID, "apology", map[string]any{"code": cur.Code, "reason": pending.Reason,
				"due_at": cur.DueAt, "new_due_at": pending.NewDueAt})
		})
		if errors.Is(err, ErrConflict) {
			continue
		}
		if err == nil {
			s.wake()
		}
		return out, err
	}
	return Dossier{}, ErrConflict
}
