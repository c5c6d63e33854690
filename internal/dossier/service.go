package dossier

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/upload"
)

// Deps are the service's collaborators.
type Deps struct {
	Store    Store
	Tx       Tx
	Catalog  Catalog
	Forms    Forms
	Units    Units
	Registry Registry
	Accounts Accounts
	Files    upload.Store
	Limits   upload.Limits
	Places   eform.PlaceLookup
	// Flows are the internal processes (nil: DefaultFlow for every case);
	// Clocks the working calendars.
	Flows  Flows
	Clocks Clocks
	// Codes makes dossier codes; nil means DailyCodes.
	Codes CodeGenerator
	Now   func() time.Time
	// Secret makes lookup secrets; nil means NewSecret.
	Secret func() string
	// Documents issues the documents of events (nil: none are issued);
	// Templates are the procedures' result templates (nil: defaults).
	Documents Issuer
	Templates ResultTemplates
	// PaperTx runs a revocation in one transaction with the documents'
	// store (nil: results cannot be revoked through the dossier).
	PaperTx PaperTx
	// LookupURL is the absolute address of the public status lookup of
	// a dossier, printed on its receipt (nil: none printed).
	LookupURL func(code string) string
	// Wake tells the job worker that work was queued (nil: it finds it at
	// its next round). It must not block.
	Wake func()
}

// Service holds the rules of drafts, attachments and dossiers.
type Service struct {
	d        Deps
	outcomes outcomesCache
}

// NewService checks deps and fills defaults.
func NewService(d Deps) (*Service, error) {
	if d.Store == nil || d.Tx == nil || d.Catalog == nil || d.Forms == nil || d.Units == nil || d.Files == nil {
		return nil, errors.New("dossier: missing dependency")
	}
	if d.Codes == nil {
		d.Codes = DailyCodes{}
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Secret == nil {
		d.Secret = NewSecret
	}
	if d.Limits == (upload.Limits{}) {
		d.Limits = upload.DefaultLimits()
	}
	if err := d.Limits.Validate(); err != nil {
		return nil, err
	}
	return &Service{d: d}, nil
}

// Limits returns the upload limits in force.
func (s *Service) Limits() upload.Limits { return s.d.Limits }

// vnZone is Asia/Ho_Chi_Minh (UTC+7, no daylight saving): dossier codes
// carry the local date.
var vnZone = time.FixedZone("ICT", 7*60*60)

// secretAlphabet leaves out letters and digits people confuse (0/O, 1/I/L).
const secretAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// SecretLength is the length of lookup secrets.
const SecretLength = 8

// NewSecret returns a random lookup secret of SecretLength characters.
func NewSecret() string {
	b := make([]byte, SecretLength)
	randomBytes(b)
	for i := range b {
		b[i] = secretAlphabet[int(b[i])%len(secretAlphabet)]
	}
	return string(b)
}

// randomBytes fills b from crypto/rand, which does not fail on the
// platforms Go supports (it panics rather than return weak bytes). The
// modulo in callers biases letters by under 1%: fine for identifiers that
// only need to be unguessable.
func randomBytes(b []byte) {
	_, _ = rand.Read(b)
}

// CodeGenerator makes the code of a new dossier received by unit at the
// given instant. It runs inside the submitting transaction, with its store.
type CodeGenerator interface {
	Code(ctx context.Context, st Store, unit org.Unit, at time.Time) (string, error)
}

// DailyCodes makes codes as provincial systems do:
// {unit identifier}-{yyMMdd}-{NNNN}, e.g. 000.01.01.H19-260115-0007, the
// number counting per receiving unit from 1 each day (Asia/Ho_Chi_Minh).
type DailyCodes struct{}

// Code implements CodeGenerator.
func (DailyCodes) Code(ctx context.Context, st Store, unit org.Unit, at time.Time) (string, error) {
	local := at.In(vnZone)
	day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC)
	n, err := st.NextNumber(ctx, unit.ID, day)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s-%s-%04d", unit.Code, local.Format("060102"), n), nil
}

// staffSees reports whether a staff member's unit handles the dossier:
// where it was received, who decides, or who returns the result.
func staffSees(u account.User, d Dossier) bool {
	if !u.Role.Staff() || u.Role == account.RoleAdmin || u.UnitID == 0 {
		return false
	}
	return u.UnitID == d.ReceivingUnitID || u.UnitID == d.CompetentUnitID || u.UnitID == d.ReturningUnitID ||
		u.UnitID == d.StepUnitID
}

// CanSee reports whether u may see dossier d: its applicant, or staff of a
// unit handling it.
func CanSee(u account.User, d Dossier) bool {
	if u.ID == 0 {
		return false
	}
	if d.ApplicantID != 0 && u.ID == d.ApplicantID {
		return true
	}
	return staffSees(u, d)
}

// submittedUnder reads the catalogue record and the e-form the dossier
// was submitted under (its Snapshot).
func submittedUnder(ctx context.Context, st Store, dossierID int64) (catalog.Record, eform.Form, error) {
	var rec catalog.Record
	var form eform.Form
	snap, err := st.Snapshot(ctx, dossierID)
	if err != nil {
		return rec, form, err
	}
	if err := json.Unmarshal(snap.Procedure, &rec); err != nil {
		return rec, form, fmt.Errorf("dossier %d: procedure snapshot: %w", dossierID, err)
	}
	if err := json.Unmarshal(snap.Form, &form); err != nil {
		return rec, form, fmt.Errorf("dossier %d: e-form snapshot: %w", dossierID, err)
	}
	return rec, form, nil
}

// seenDossier loads a dossier actor may see. Any other is ErrNotFound, as
// a code that does not exist, so that nobody learns which codes are real.
func seenDossier(ctx context.Context, st Store, actor account.User, code string) (Dossier, error) {
	d, err := st.Dossier(ctx, code, false)
	if err != nil {
		return Dossier{}, err
	}
	if !CanSee(actor, d) {
		return Dossier{}, ErrNotFound
	}
	return d, nil
}

// ownDraft loads a draft its owner may work on.
func ownDraft(ctx context.Context, st Store, actor account.User, publicID string, lock bool) (Draft, error) {
	d, err := st.Draft(ctx, publicID, lock)
	if err != nil {
		return Draft{}, err
	}
	if d.OwnerID != actor.ID || actor.ID == 0 {
		return Draft{}, ErrNotFound // no probing for other people's drafts
	}
	return d, nil
}

// event appends e to the dossier's timeline and the audit trail.
func event(ctx context.Context, st Store, log audit.Store, d Dossier, e Event) error {
	if err := st.AddEvent(ctx, d.ID, e); err != nil {
		return err
	}
	changes := []audit.Change{}
	if e.From != e.To {
		changes = append(changes, audit.Change{Field: "status", Old: statusText(e.From), New: statusText(e.To)})
	}
	if e.Note != "" {
		changes = append(changes, audit.Change{Field: "note", New: e.Note})
	}
	return log.Append(ctx, audit.Entry{At: e.At, ActorID: e.ActorID, Action: "dossier." + e.Action,
		ObjectType: "dossier", ObjectID: d.Code, Changes: changes})
}

func statusText(s Status) string {
	if s == 0 {
		return ""
	}
	return fmt.Sprint(int(s))
}
