package dossier

import (
	"context"
	"errors"
	"io"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/internal/upload"
	"github.com/motcua/motcua/internal/valid"
)

// UploadInput is one file posted into a file slot of a draft.
type UploadInput struct {
	Slot string
	Name string
	Body io.Reader
	// Digitised marks a scan of a paper document made at the desk.
	Digitised bool
}

// fileSlot returns the draft form's file field named slot.
func fileSlot(f eform.Form, slot string) (eform.Field, bool) {
	fl, ok := f.Field(slot)
	return fl, ok && fl.Kind == eform.KindFile
}

// Upload streams one file into the file store and attaches it to a slot of
// the draft. The file is checked by content and against the per-file and
// per-dossier limits while it streams; nothing is kept when a check fails.
// Problems with the file come back as valid.Errors on the slot.
func (s *Service) Upload(ctx context.Context, actor account.User, publicID string, in UploadInput) (Attachment, error) {
	d, err := ownDraft(ctx, s.d.Store, actor, publicID, false)
	if err != nil {
		return Attachment{}, err
	}
	if d.DossierID != 0 {
		return Attachment{}, ErrState
	}
	w, err := s.work(ctx, d)
	if err != nil {
		return Attachment{}, err
	}
	fl, ok := fileSlot(w.Form, in.Slot)
	if !ok {
		return Attachment{}, ErrNotFound
	}
	info, err := upload.Receive(ctx, s.d.Files, upload.NewKey(), upload.Incoming{Name: in.Name, Body: in.Body},
		s.d.Limits.Quota(used(w.Files)))
	if err != nil {
		return Attachment{}, uploadError(in.Slot, err)
	}
	a := Attachment{PublicID: NewPublicID(), DraftID: d.ID, UploadedBy: actor.ID, Slot: in.Slot,
		Document: docIndex(fl), Name: info.Name, Type: info.Type, Size: info.Size, SHA256: info.SHA256,
		Key: info.Key, Digitised: d.Desk && in.Digitised, CreatedAt: s.d.Now()}
	if !d.Desk {
		a.OwnerID = actor.ID
	}
	if err := s.attach(ctx, actor, publicID, &a); err != nil {
		// Even when the client went away: a refused file leaves nothing.
		_ = s.d.Files.Delete(context.WithoutCancel(ctx), info.Key)
		return Attachment{}, err
	}
	return a, nil
}

// attach records a under the draft's row lock, checking the dossier's
// total again: two uploads running side by side both passed the quota
// when they started.
func (s *Service) attach(ctx context.Context, actor account.User, publicID string, a *Attachment) error {
	return s.d.Tx(ctx, func(st Store, _ audit.Store) error {
		d, err := ownDraft(ctx, st, actor, publicID, true)
		if err != nil {
			return err
		}
		if d.DossierID != 0 {
			return ErrState
		}
		files, err := st.DraftAttachments(ctx, d.ID)
		if err != nil {
			return err
		}
		if used(files)+a.Size > s.d.Limits.Dossier {
			return uploadError(a.Slot, upload.ErrDossierFull)
		}
		if err := st.AddAttachment(ctx, a); err != nil {
			return err
		}
		d.UpdatedAt = s.d.Now()
		return st.UpdateDraft(ctx, &d)
	})
}

func used(files []Attachment) int64 {
	var n int64
	for _, f := range files {
		n += f.Size
	}
	return n
}

func docIndex(fl eform.Field) int {
	if fl.Document == nil {
		return -1
	}
	return *fl.Document
}

// uploadError turns the upload package's refusals into a field error.
func uploadError(slot string, err error) error {
	var errs valid.Errors
	switch {
	case errors.Is(err, upload.ErrType):
		errs.Add(slot, "dossier.error.file_type")
	case errors.Is(err, upload.ErrDossierFull):
		errs.Add(slot, "dossier.error.dossier_full")
	case errors.Is(err, upload.ErrTooLarge):
		errs.Add(slot, "dossier.error.file_too_large")
	default:
		return err
	}
	return errs
}

// Reuse attaches to a slot of the draft a document the applicant submitted
// with an earlier dossier, without uploading it again: a new attachment
// sharing the stored file.
func (s *Service) Reuse(ctx context.Context, actor account.User, publicID, slot, attachmentID string) (Attachment, error) {
	d, err := ownDraft(ctx, s.d.Store, actor, publicID, false)
	if err != nil {
		return Attachment{}, err
	}
	w, err := s.work(ctx, d)
	if err != nil {
		return Attachment{}, err
	}
	fl, ok := fileSlot(w.Form, slot)
	if !ok {
		return Attachment{}, ErrNotFound
	}
	src, err := s.d.Store.Attachment(ctx, attachmentID)
	if err != nil {
		return Attachment{}, err
	}
	if d.Desk || src.OwnerID != actor.ID || src.DossierID == 0 {
		return Attachment{}, ErrNotFound
	}
	a := src
	a.ID, a.PublicID, a.DraftID, a.DossierID = 0, NewPublicID(), d.ID, 0
	a.Slot, a.Document, a.UploadedBy, a.Digitised = slot, docIndex(fl), actor.ID, false
	a.ReusedFrom, a.CreatedAt = src.ID, s.d.Now()
	if err := s.attach(ctx, actor, publicID, &a); err != nil {
		return Attachment{}, err
	}
	return a, nil
}

// ReusableDocuments lists the documents actor submitted before, newest
// first, one per content.
func (s *Service) ReusableDocuments(ctx context.Context, actor account.User) ([]Attachment, error) {
	if actor.Role != account.RoleCitizen && actor.Role != account.RoleBusiness {
		return nil, nil
	}
	return s.d.Store.OwnerDocuments(ctx, actor.ID, 50)
}

// RemoveFile takes a file off a draft (and out of the store when nothing
// else names it).
func (s *Service) RemoveFile(ctx context.Context, actor account.User, publicID, attachmentID string) error {
	var key string
	err := s.d.Tx(ctx, func(st Store, _ audit.Store) error {
		d, err := ownDraft(ctx, st, actor, publicID, true)
		if err != nil {
			return err
		}
		if d.DossierID != 0 {
			return ErrState
		}
		a, err := st.Attachment(ctx, attachmentID)
		if err != nil {
			return err
		}
		if a.DraftID != d.ID || a.DossierID != 0 {
			return ErrNotFound
		}
		key = a.Key
		if err := st.DeleteAttachment(ctx, a.ID); err != nil {
			return err
		}
		d.UpdatedAt = s.d.Now()
		return st.UpdateDraft(ctx, &d)
	})
	if err != nil {
		return err
	}
	s.deleteUnused(ctx, []string{key})
	return nil
}

// OpenFile returns a file for viewer to download: the owner of its draft,
// or someone who may see its dossier. Anyone else gets ErrNotFound.
func (s *Service) OpenFile(ctx context.Context, viewer account.User, attachmentID string) (Attachment, io.ReadSeekCloser, error) {
	a, err := s.d.Store.Attachment(ctx, attachmentID)
	if err != nil {
		return Attachment{}, nil, err
	}
	allowed := false
	switch {
	case a.DossierID != 0:
		d, err := s.d.Store.DossierByID(ctx, a.DossierID)
		if err != nil {
			return Attachment{}, nil, err
		}
		allowed = CanSee(viewer, d)
	case a.DraftID != 0:
		owner, err := s.d.Store.DraftOwner(ctx, a.DraftID)
		if err != nil {
			return Attachment{}, nil, err
		}
		allowed = viewer.ID != 0 && owner == viewer.ID
	}
	if !allowed {
		return Attachment{}, nil, ErrNotFound
	}
	r, err := s.d.Files.Open(ctx, a.Key)
	if err != nil {
		return Attachment{}, nil, err
	}
	return a, r, nil
}

// SetDigitised marks a desk upload as scanned from the paper original or
// not (the clerk's box beside the file).
func (s *Service) SetDigitised(ctx context.Context, actor account.User, publicID, attachmentID string, digitised bool) error {
	return s.d.Tx(ctx, func(st Store, _ audit.Store) error {
		d, err := ownDraft(ctx, st, actor, publicID, true)
		if err != nil {
			return err
		}
		a, err := st.Attachment(ctx, attachmentID)
		if err != nil {
			return err
		}
		if !d.Desk || a.DraftID != d.ID || a.DossierID != 0 {
			return ErrNotFound
		}
		return st.SetDigitised(ctx, a.ID, digitised)
	})
}
