package dossier

import (
	"context"
	"crypto/subtle"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/eform"
)

// Mine pages the dossiers of an applicant's account, newest first.
func (s *Service) Mine(ctx context.Context, actor account.User, page, perPage int) ([]Dossier, int, error) {
	if actor.ID == 0 {
		return nil, 0, ErrForbidden
	}
	return s.d.Store.ApplicantDossiers(ctx, actor.ID, page, perPage)
}

// Full is a dossier with what its page shows.
type Full struct {
	Dossier Dossier
	Record  catalog.Record // as submitted
	Form    eform.Form     // as submitted
	Files   []Attachment
	Events  []Event // the applicant sees the public ones only
}

// View returns a dossier viewer may see (its applicant, or staff of a unit
// handling it); anyone else gets ErrNotFound.
func (s *Service) View(ctx context.Context, viewer account.User, code string) (Full, error) {
	d, err := s.d.Store.Dossier(ctx, code, false)
	if err != nil {
		return Full{}, err
	}
	if !CanSee(viewer, d) {
		return Full{}, ErrNotFound
	}
	out := Full{Dossier: d}
	if out.Record, out.Form, err = submittedUnder(ctx, s.d.Store, d.ID); err != nil {
		return Full{}, err
	}
	if out.Files, err = s.d.Store.DossierAttachments(ctx, d.ID); err != nil {
		return Full{}, err
	}
	events, err := s.d.Store.Events(ctx, d.ID)
	if err != nil {
		return Full{}, err
	}
	staff := staffSees(viewer, d)
	for _, e := range events {
		if e.Public || staff {
			out.Events = append(out.Events, e)
		}
	}
	return out, nil
}

// DossierOfDraft returns the dossier a submitted draft became, for the
// draft's owner.
func (s *Service) DossierOfDraft(ctx context.Context, actor account.User, d Draft) (Dossier, error) {
	if d.DossierID == 0 || d.OwnerID != actor.ID {
		return Dossier{}, ErrNotFound
	}
	return s.d.Store.DossierByID(ctx, d.DossierID)
}

// CodeOf returns the code of a dossier by its id.
func (s *Service) CodeOf(ctx context.Context, id int64) (string, error) {
	d, err := s.d.Store.DossierByID(ctx, id)
	if err != nil {
		return "", err
	}
	return d.Code, nil
}

// CanWithdraw reports whether the applicant may still withdraw d.
func CanWithdraw(viewer account.User, d Dossier) bool {
	return viewer.ID != 0 && viewer.ID == d.ApplicantID && !d.Status.Decided()
}

// Withdraw records the applicant's request to withdraw the dossier (status
// 7), allowed while no decision has been made.
func (s *Service) Withdraw(ctx context.Context, actor account.User, code, reason string) (Dossier, error) {
	reason = strings.TrimSpace(reason)
	var out Dossier
	err := s.d.Tx(ctx, func(st Store, log audit.Store) error {
		d, err := st.Dossier(ctx, code, true)
		if err != nil {
			return err
		}
		if d.ApplicantID == 0 || d.ApplicantID != actor.ID {
			return ErrNotFound
		}
		if !CanWithdraw(actor, d) {
			return ErrState
		}
		now := s.d.Now()
		from := d.Status
		if d.Step != "" {
			if err := st.FinishStep(ctx, d.ID, StepRecord{FinishedAt: now, ActorID: actor.ID, Action: "withdraw",
				DecidedBy: DecidedByPerson, Note: reason}); err != nil {
				return err
			}
		}
		d.Status, d.WithdrawnAt, d.UpdatedAt = StatusWithdrawn, now, now
		d.Step, d.StepUnitID, d.StepRole, d.StepDueAt, d.ClaimedBy, d.ClaimedAt = "", 0, "", time.Time{}, 0, time.Time{}
		if err := st.UpdateProcessing(ctx, &d); err != nil {
			return err
		}
		if err := st.AddOutbox(ctx, d.ID, "withdraw", map[string]any{"code": d.Code}); err != nil {
			return err
		}
		out = d
		return event(ctx, st, log, d, Event{At: now, ActorID: actor.ID, Action: "withdraw", From: from,
			To: StatusWithdrawn, Note: reason, Public: true})
	})
	return out, err
}

// Lookup finds a dossier by code and lookup secret for anyone holding the
// receipt. An unknown code and a wrong secret give the same ErrNotFound,
// so the lookup cannot be used to find out which codes exist.
func (s *Service) Lookup(ctx context.Context, code, secret string) (Dossier, []Event, error) {
	d, err := s.byReceipt(ctx, code, secret)
	if err != nil {
		return Dossier{}, nil, err
	}
	return s.timeline(ctx, d)
}

// byReceipt finds a dossier by what its receipt prints: the code and the
// lookup secret (any case). An unknown code and a wrong secret are the
// same ErrNotFound.
func (s *Service) byReceipt(ctx context.Context, code, secret string) (Dossier, error) {
	d, err := s.d.Store.Dossier(ctx, strings.TrimSpace(code), false)
	if err != nil {
		return Dossier{}, ErrNotFound
	}
	secret = strings.ToUpper(strings.TrimSpace(secret))
	if subtle.ConstantTimeCompare([]byte(secret), []byte(d.Secret)) != 1 {
		return Dossier{}, ErrNotFound
	}
	return d, nil
}

// LookupAs is the lookup for someone signed in who may see the dossier
// (its applicant, or staff handling it): no secret needed.
func (s *Service) LookupAs(ctx context.Context, viewer account.User, code string) (Dossier, []Event, error) {
	d, err := s.d.Store.Dossier(ctx, strings.TrimSpace(code), false)
	if err != nil || !CanSee(viewer, d) {
		return Dossier{}, nil, ErrNotFound
	}
	return s.timeline(ctx, d)
}

func (s *Service) timeline(ctx context.Context, d Dossier) (Dossier, []Event, error) {
	events, err := s.d.Store.Events(ctx, d.ID)
	if err != nil {
		return Dossier{}, nil, err
	}
	var public []Event
	for _, e := range events {
		if e.Public {
			e.ActorID = 0 // staff names stay inside
			public = append(public, e)
		}
	}
	return d, public, nil
}

// AddDeskDossier gives a dossier taken at the desk that no account owns
// to the applicant holding its receipt: its code and lookup secret, the
// proof the status lookup asks for. A personal ID typed at registration is
// a claim, not a proof, so nothing else links one. Anything but a match
// with such a dossier (an unknown code, a wrong secret, a dossier filed
// online or owned by another account) is ErrNotFound, so the page cannot
// tell which codes exist; the applicant's own dossier comes back as it is.
func (s *Service) AddDeskDossier(ctx context.Context, actor account.User, code, secret string) (Dossier, error) {
	if actor.ID == 0 || (actor.Role != account.RoleCitizen && actor.Role != account.RoleBusiness) {
		return Dossier{}, ErrForbidden
	}
	d, err := s.byReceipt(ctx, code, secret)
	if err != nil || d.ApplicantID == actor.ID {
		return d, err
	}
	if d.ApplicantID != 0 || d.Channel != ChannelDirect {
		return Dossier{}, ErrNotFound
	}
	err = s.d.Tx(ctx, func(st Store, log audit.Store) error {
		ok, err := st.ClaimDossier(ctx, d.ID, actor.ID)
		if err != nil {
			return err
		}
		if !ok {
			return ErrNotFound // another account added it meanwhile
		}
		return log.Append(ctx, audit.Entry{At: s.d.Now(), ActorID: actor.ID, Action: "dossier.add_desk_dossier",
			ObjectType: "dossier", ObjectID: d.Code,
			Changes: []audit.Change{{Field: "applicant_id", New: strconv.FormatInt(actor.ID, 10)}}})
	})
	if err != nil {
		return Dossier{}, err
	}
	d.ApplicantID = actor.ID
	return d, nil
}
