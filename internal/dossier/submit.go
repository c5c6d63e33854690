package dossier

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/valid"
)

// PageCheck is the state of one e-form page in the checklist.
type PageCheck struct {
	ID, Title string
	Started   bool // some answer on it
	Errors    int
}

// DocCheck is one required document (file slot) in the checklist.
type DocCheck struct {
	Slot     string
	Label    string
	Document int // index in the case's documents, -1 when none
	Required bool
	Files    int
}

// Done reports whether the slot has what it needs.
func (d DocCheck) Done() bool { return !d.Required || d.Files > 0 }

// Checklist is the completeness check before submission.
type Checklist struct {
	Pages     []PageCheck
	Documents []DocCheck
	// Errors are all the e-form's problems (field paths), files included.
	Errors   valid.Errors
	Delivery bool // a valid delivery choice is made
}

// Complete reports whether the dossier may be submitted.
func (c Checklist) Complete() bool { return len(c.Errors) == 0 && c.Delivery }

// Check runs the completeness check of a draft.
func (s *Service) Check(ctx context.Context, actor account.User, publicID string) (Work, Checklist, error) {
	w, err := s.Open(ctx, actor, publicID)
	if err != nil {
		return Work{}, Checklist{}, err
	}
	_, c := s.checklist(w)
	return w, c, nil
}

func (s *Service) checklist(w Work) (eform.Answers, Checklist) {
	cleaned, errs := w.Form.Clean(w.Answers(), eform.Options{Today: s.d.Now(), Places: s.d.Places})
	var c Checklist
	c.Errors = errs
	visible := w.Form.Visible(cleaned)
	for _, p := range w.Form.Pages {
		pc := PageCheck{ID: p.ID, Title: p.Title}
		hasFields := false
		for _, fl := range p.Fields() {
			if fl.Kind == eform.KindFile {
				if visible[fl.ID] {
					c.Documents = append(c.Documents, DocCheck{Slot: fl.ID, Label: fl.Label, Document: docIndex(fl),
						Required: fl.Required, Files: len(w.SlotFiles(fl.ID))})
				}
			} else {
				hasFields = true
			}
			if _, ok := w.Draft.Answers[fl.ID]; ok {
				pc.Started = true
			}
			for _, e := range errs {
				if e.Field == fl.ID || hasPrefix(e.Field, fl.ID+".") {
					pc.Errors++
				}
			}
		}
		if hasFields || pc.Errors > 0 {
			c.Pages = append(c.Pages, pc)
		}
	}
	_, derrs := s.cleanDelivery(w.Draft.Delivery)
	c.Delivery = len(derrs) == 0
	return cleaned, c
}

func hasPrefix(s, p string) bool { return len(s) >= len(p) && s[:len(p)] == p }

// SubmitInput is the applicant's last step.
type SubmitInput struct {
	// Declaration: the applicant declares the answers true (cam đoan).
	Declaration bool
}

// Submit turns a complete draft into a dossier in one transaction: the
// dossier code of the receiving unit, an immutable snapshot of the
// procedure version and the e-form, the cleaned answers, the files, status
// 1 (Mới đăng ký) — at the desk too, for the clerk to receive. Submitting
// the same draft again returns the dossier it made. An incomplete draft
// returns ErrIncomplete with the checklist.
//
// Everything read from the catalogue, the e-forms, the units and the
// accounts is read before the transaction; the transaction then locks the
// draft and, if it changed since (another tab saved), starts over.
func (s *Service) Submit(ctx context.Context, actor account.User, publicID string, in SubmitInput) (Dossier, Checklist, error) {
	for range maxTries {
		d, err := ownDraft(ctx, s.d.Store, actor, publicID, false)
		if err != nil {
			return Dossier{}, Checklist{}, err
		}
		if d.DossierID != 0 {
			out, err := s.d.Store.DossierByID(ctx, d.DossierID)
			return out, Checklist{}, err
		}
		p, list, err := s.prepare(ctx, actor, d, in)
		if errors.Is(err, ErrIncomplete) {
			// Another click may have submitted it meanwhile (its files
			// then belong to the dossier and this check saw none).
			if again, aerr := ownDraft(ctx, s.d.Store, actor, publicID, false); aerr == nil && again.DossierID != 0 {
				continue
			}
		}
		if err != nil {
			return Dossier{}, list, err
		}
		out, err := s.commit(ctx, actor, d, p)
		if errors.Is(err, ErrConflict) {
			continue
		}
		return out, list, err
	}
	return Dossier{}, Checklist{}, ErrConflict
}

// submission is a checked draft ready to become a dossier.
type submission struct {
	work        Work
	answers     eform.Answers
	competent   org.Unit
	receiving   org.Unit
	applicantID int64
	snapshot    Snapshot
	now         time.Time
	first       firstStep
}

// prepare checks the draft and reads what the dossier needs.
func (s *Service) prepare(ctx context.Context, actor account.User, d Draft, in SubmitInput) (submission, Checklist, error) {
	w, err := s.work(ctx, d)
	if err != nil {
		return submission{}, Checklist{}, err
	}
	answers, list := s.checklist(w)
	if !list.Complete() || !in.Declaration {
		if !in.Declaration {
			list.Errors.Add("declaration", "dossier.error.declaration")
		}
		return submission{}, list, ErrIncomplete
	}
	p := submission{work: w, answers: withoutFiles(w.Form, answers), applicantID: actor.ID}
	if p.competent, err = s.d.Units.Get(ctx, d.CompetentUnitID); err != nil {
		return submission{}, list, err
	}
	if p.receiving, err = s.receivingUnit(ctx, actor, d, p.competent); err != nil {
		return submission{}, list, err
	}
	if d.Desk {
		// Nobody's account, even one registered with the same personal ID
		// (a claim, not a proof): the applicant adds it with the receipt
		// (AddDeskDossier).
		p.applicantID = 0
	}
	if p.snapshot, err = snapshot(w); err != nil {
		return submission{}, list, err
	}
	p.now = s.d.Now()
	if p.first, err = s.prepareFirstStep(ctx, d.Procedure, d.Case, p.receiving, p.now); err != nil {
		return submission{}, list, err
	}
	return p, list, nil
}

// commit writes the dossier in one transaction that uses only its stores.
func (s *Service) commit(ctx context.Context, actor account.User, prepared Draft, p submission) (Dossier, error) {
	var out Dossier
	err := s.d.Tx(ctx, func(st Store, log audit.Store) error {
		d, err := ownDraft(ctx, st, actor, prepared.PublicID, true)
		if err != nil {
			return err
		}
		if d.DossierID != 0 { // the other click won
			out, err = st.DossierByID(ctx, d.DossierID)
			return err
		}
		if d.Revision != prepared.Revision {
			return ErrConflict
		}
		now := p.now
		code, err := s.d.Codes.Code(ctx, st, p.receiving, now)
		if err != nil {
			return err
		}
		rec := p.work.Record
		out = Dossier{Code: code, Procedure: d.Procedure, ProcedureName: rec.Name, ProcedureVersion: d.ProcedureVersion,
			Case: d.Case, FormVersion: d.FormVersion, ApplicantID: p.applicantID, Applicant: d.Applicant,
			Channel: ChannelOnline, Status: StatusNew, ReceivingUnitID: p.receiving.ID, CompetentUnitID: p.competent.ID,
			ReturningUnitID: p.receiving.ID, Answers: p.answers, Prefilled: d.Prefilled, Delivery: d.Delivery,
			Summary: summary(rec, d.Applicant), Secret: s.d.Secret(), CreatedBy: actor.ID, SubmittedAt: now}
		if d.Desk {
			out.Channel = ChannelDirect
		}
		if err := st.CreateDossier(ctx, &out, p.snapshot); err != nil {
			return err
		}
		if err := s.startProcessing(ctx, st, &out, p.first.flow, p.first.version, p.first.due); err != nil {
			return err
		}
		if err := st.MoveAttachments(ctx, d.ID, out.ID); err != nil {
			return err
		}
		if err := st.LinkRegistryLookups(ctx, d.PublicID, out.ID); err != nil {
			return err
		}
		d.DossierID, d.UpdatedAt = out.ID, now
		if err := st.UpdateDraft(ctx, &d); err != nil {
			return err
		}
		if err := event(ctx, st, log, out, Event{At: now, ActorID: actor.ID, Action: "submit", To: StatusNew, Public: true}); err != nil {
			return err
		}
		return st.AddOutbox(ctx, out.ID, "submit", map[string]any{"code": out.Code, "status": int(out.Status)})
	})
	return out, err
}

// receivingUnit is where a dossier is received: the clerk's own desk for a
// walk-in dossier (any centre of the province may receive any dossier);
// online, the reception centre of the commune that decides, or the
// province's service centre for the province's departments and police.
func (s *Service) receivingUnit(ctx context.Context, actor account.User, d Draft, competent org.Unit) (org.Unit, error) {
	if d.Desk {
		return s.d.Units.Get(ctx, actor.UnitID)
	}
	units, err := s.d.Units.List(ctx)
	if err != nil {
		return org.Unit{}, err
	}
	if u, ok := OnlineReception(units, competent); ok {
		return u, nil
	}
	return org.Unit{}, errors.New("dossier: no reception centre for " + competent.Code)
}

// OnlineReception is the reception centre, among the province's units,
// where an online dossier decided by competent is received: the reception
// centre of the commune that decides, or the province's service centre for
// the province's departments and police. Internal processes check that it
// has clerks.
func OnlineReception(units []org.Unit, competent org.Unit) (org.Unit, bool) {
	for _, u := range units {
		if !u.Reception || !u.Active {
			continue
		}
		if competent.Kind == org.KindCommune && u.ParentID == competent.ID {
			return u, true
		}
		if competent.Kind != org.KindCommune && u.Kind == org.KindServiceCentre {
			return u, true
		}
	}
	return org.Unit{}, false
}

func snapshot(w Work) (Snapshot, error) {
	rec, err := json.Marshal(w.Record)
	if err != nil {
		return Snapshot{}, err
	}
	form, err := json.Marshal(w.Form)
	if err != nil {
		return Snapshot{}, err
	}
	return Snapshot{Procedure: rec, Form: form}, nil
}

// summary is the dossier's one-line abstract (trích yếu).
func summary(rec catalog.Record, a Applicant) string {
	return rec.Name + " - " + a.FullName
}
