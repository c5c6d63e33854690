package dossier

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/document"
	"github.com/motcua/motcua/internal/valid"
)

// Who sees which of a dossier's documents, and revoking a result.
//
// The applicant sees what was issued to them: the receipt (Mẫu 01), the
// request to supplement (Mẫu 02), the refusal (Mẫu 03), the apology with a
// new appointment (Mẫu 04), a stop notice and the result. The process
// control slip (Mẫu 05) is the one-stop shop's internal record of each
// hand-over between units and officials, by name: it goes in the file and
// is printed for staff, not handed to the applicant, who follows the same
// steps on the public timeline. Staff of a unit handling the dossier see
// every document. Any kind added later stays hidden from the applicant
// until it is listed here.
var applicantPapers = map[document.Kind]bool{
	document.KindReceipt: true, document.KindSupplement: true, document.KindRefusal: true,
	document.KindApology: true, document.KindStopNotice: true, document.KindResult: true,
}

// ShowsPaper reports whether viewer sees documents of kind k of dossier d.
func ShowsPaper(viewer account.User, d Dossier, k document.Kind) bool {
	if staffSees(viewer, d) {
		return true
	}
	return viewer.ID != 0 && viewer.ID == d.ApplicantID && applicantPapers[k]
}

// PaperDossier returns the dossier a document of kind k belongs to, for a
// viewer who may see that document; anyone else gets ErrNotFound, so a
// document's address tells them nothing, not even that it exists.
func (s *Service) PaperDossier(ctx context.Context, viewer account.User, dossierID int64, k document.Kind) (Dossier, error) {
	d, err := s.d.Store.DossierByID(ctx, dossierID)
	if err != nil {
		return Dossier{}, err
	}
	if !CanSee(viewer, d) || !ShowsPaper(viewer, d, k) {
		return Dossier{}, ErrNotFound
	}
	return d, nil
}

// PaperProgress is what remains of the documents a viewer will see:
// how many are still being issued and, of those, how many failed at
// least once (the worker keeps trying, with a growing pause).
type PaperProgress struct {
	Pending, Failing int
	// For staff only: the latest failure and when the worker tries again.
	LastError string
	NextTry   time.Time
}

// PendingPapers reports the documents of d that the viewer will see and
// that are still being issued (their jobs are not done yet). Why an
// attempt failed is told to staff, never to the applicant.
func (s *Service) PendingPapers(ctx context.Context, viewer account.User, d Dossier) (PaperProgress, error) {
	if !CanSee(viewer, d) {
		return PaperProgress{}, ErrNotFound
	}
	jobs, err := s.d.Store.PendingJobs(ctx, JobDocument, d.ID)
	if err != nil {
		return PaperProgress{}, err
	}
	var out PaperProgress
	for _, j := range jobs {
		var p paperJob
		if err := json.Unmarshal(j.Payload, &p); err == nil && !ShowsPaper(viewer, d, p.Kind) {
			continue // a payload we cannot read is still work under way
		}
		out.Pending++
		if j.Attempts == 0 {
			continue
		}
		out.Failing++
		if viewer.Role.Staff() && (out.NextTry.IsZero() || j.RunAt.Before(out.NextTry)) {
			out.LastError, out.NextTry = j.LastError, j.RunAt
		}
	}
	return out, nil
}

// PaperTx runs fn in one transaction with the dossier's and the
// documents' stores bound to it: a revocation, its entry on the timeline
// and the notice to the applicant commit together.
type PaperTx func(ctx context.Context, fn func(Store, document.Store, audit.Store) error) error

// MaxRevokeReason is the longest reason for a revocation, in characters.
const MaxRevokeReason = 2000

// CanRevoke reports whether u may revoke document doc: a result that still
// stands, by a leader of the unit that issued it.
func CanRevoke(u account.User, doc document.Issued) bool {
	return u.ID != 0 && u.Role == account.RoleLeader && u.UnitID != 0 && u.UnitID == doc.UnitID &&
		doc.Kind == document.KindResult && !doc.Revoked() && doc.ReplacedBy == 0
}

// RevokeResult revokes a dossier's result with a reason. Only a leader of
// the unit that issued it may (ErrNotAllowed for other staff who see the
// dossier, ErrNotFound for anyone else); a result revoked already gives
// document.ErrRevoked, a replaced one ErrState, a missing reason
// valid.Errors on "reason". The revocation shows on the applicant's
// timeline, and the applicant is told (outbox "revoke").
func (s *Service) RevokeResult(ctx context.Context, actor account.User, publicID, reason string) (document.Issued, error) {
	if s.d.PaperTx == nil {
		return document.Issued{}, errors.New("dossier: revoking results needs PaperTx")
	}
	reason = strings.TrimSpace(reason)
	var out document.Issued
	err := s.d.PaperTx(ctx, func(st Store, docs document.Store, log audit.Store) error {
		doc, err := docs.Get(ctx, publicID)
		if errors.Is(err, document.ErrNotFound) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		d, err := st.DossierByID(ctx, doc.DossierID)
		if err != nil {
			return err
		}
		switch {
		case !CanSee(actor, d) || !ShowsPaper(actor, d, doc.Kind):
			return ErrNotFound
		case doc.Kind != document.KindResult || actor.Role != account.RoleLeader || actor.UnitID != doc.UnitID:
			return ErrNotAllowed
		case doc.Revoked():
			return document.ErrRevoked
		case doc.ReplacedBy != 0:
			return ErrState
		}
		var errs valid.Errors
		if reason == "" {
			errs.Add("reason", "papers.error.revoke_reason")
		} else if utf8.RuneCountInString(reason) > MaxRevokeReason {
			errs.Add("reason", "papers.error.revoke_reason_long", MaxRevokeReason)
		}
		if len(errs) > 0 {
			return errs
		}
		now := s.d.Now()
		if out, err = document.RevokeIn(ctx, docs, log, now, actor.ID, publicID, reason); err != nil {
			return err
		}
		if err := st.AddOutbox(ctx, d.ID, "revoke", map[string]any{"code": d.Code, "reason": reason,
			"document": doc.PublicID, "number": doc.Number}); err != nil {
			return err
		}
		return event(ctx, st, log, d, Event{At: now, ActorID: actor.ID, Action: "revoke", Note: reason, Public: true})
	})
	return out, err
}
