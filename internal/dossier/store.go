package dossier

import (
	"context"
	"time"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/internal/org"
)

// Store persists drafts, attachments and dossiers. Methods taking lock
// read the row FOR UPDATE (inside a transaction).
type Store interface {
	CreateDraft(ctx context.Context, d *Draft) error
	Draft(ctx context.Context, publicID string, lock bool) (Draft, error)
	// UpdateDraft writes the draft's applicant, competent unit, answers,
	// prefilled marks, delivery, dossier id and updated_at if it is still
	// at d.Revision (ErrConflict otherwise), and advances d.Revision.
	UpdateDraft(ctx context.Context, d *Draft) error
	DeleteDraft(ctx context.Context, id int64) error
	// DraftOwner returns the owner of a draft by its id.
	DraftOwner(ctx context.Context, id int64) (int64, error)
	// Drafts lists an owner's drafts not yet submitted, most recent first.
	Drafts(ctx context.Context, ownerID int64) ([]DraftSummary, error)
	// StaleDrafts lists up to limit drafts untouched since before (submitted
	// or not).
	StaleDrafts(ctx context.Context, before time.Time, limit int) ([]Draft, error)

	AddAttachment(ctx context.Context, a *Attachment) error
	Attachment(ctx context.Context, publicID string) (Attachment, error)
	DraftAttachments(ctx context.Context, draftID int64) ([]Attachment, error)
	DossierAttachments(ctx context.Context, dossierID int64) ([]Attachment, error)
	DeleteAttachment(ctx context.Context, id int64) error
	SetDigitised(ctx context.Context, id int64, digitised bool) error
	// KeyInUse reports whether any attachment row names the stored file.
	KeyInUse(ctx context.Context, key string) (bool, error)
	// OwnerDocuments lists files of the owner's submitted dossiers, one per
	// content (newest first), for reuse in a new dossier.
	OwnerDocuments(ctx context.Context, ownerID int64, limit int) ([]Attachment, error)
	// MoveAttachments hands a draft's files to its dossier.
	MoveAttachments(ctx context.Context, draftID, dossierID int64) error

	// NextNumber returns the next dossier number of the unit on day (a
	// date in Asia/Ho_Chi_Minh), 1 for the first.
	NextNumber(ctx context.Context, unitID int64, day time.Time) (int, error)
	CreateDossier(ctx context.Context, d *Dossier, snap Snapshot) error
	Dossier(ctx context.Context, code string, lock bool) (Dossier, error)
	DossierByID(ctx context.Context, id int64) (Dossier, error)
	// ApplicantDossiers pages an account's dossiers, newest first.
	ApplicantDossiers(ctx context.Context, applicantID int64, page, perPage int) ([]Dossier, int, error)
	AddEvent(ctx context.Context, dossierID int64, e Event) error
	Events(ctx context.Context, dossierID int64) ([]Event, error)
	// ProcedureOutcomes counts a procedure's dossiers decided since a time
	// (and how many on time or early) and its ratings (and how many
	// satisfied).
	ProcedureOutcomes(ctx context.Context, code string, since time.Time) (ProcStats, error)
	// ApplicantDossiersAt lists, newest first, the dossiers of the
	// applicant with this personal ID or tax code that a unit handles.
	ApplicantDossiersAt(ctx context.Context, identifier string, unitID int64, limit int) ([]Dossier, error)
	// AddRating stores a dossier's rating (ErrRated when it has one);
	// RatingFor reads it (ErrNotFound when there is none).
	AddRating(ctx context.Context, r Rating) error
	RatingFor(ctx context.Context, dossierID int64) (Rating, error)
	// RatingCounts counts by score the ratings given since a time to the
	// dossiers a unit received or decided.
	RatingCounts(ctx context.Context, unitID int64, since time.Time) (map[Score]int, error)
	Snapshot(ctx context.Context, dossierID int64) (Snapshot, error)
	// UpdateProcessing writes the dossier's status, timestamps and
	// processing state if it is still at d.Revision (ErrConflict
	// otherwise), and advances d.Revision.
	UpdateProcessing(ctx context.Context, d *Dossier) error
	// AddStep opens a hand-over record; FinishStep closes the open one.
	AddStep(ctx context.Context, dossierID int64, r StepRecord) error
	FinishStep(ctx context.Context, dossierID int64, r StepRecord) error
	// OpenStep is the record of the step the dossier is at.
	OpenStep(ctx context.Context, dossierID int64) (StepRecord, error)
	SetFindings(ctx context.Context, stepRecordID int64, findings []Finding, proposal string) error
	Steps(ctx context.Context, dossierID int64) ([]StepRecord, error)
	OpenPause(ctx context.Context, dossierID int64, p PauseRecord) error
	// ClosePause ends the open pause with p's EndedAt, ResolvedBy and
	// DueAfter.
	ClosePause(ctx context.Context, dossierID int64, p PauseRecord) error
	Pauses(ctx context.Context, dossierID int64) ([]PauseRecord, error)
	// EnqueueJob adds work unless the same kind and key exist already.
	EnqueueJob(ctx context.Context, j Job) error
	// TakeJob leases the next due job until now+lease (ErrNotFound when
	// none), safely with several workers.
	TakeJob(ctx context.Context, now time.Time, lease time.Duration) (Job, error)
	FinishJob(ctx context.Context, id int64, at time.Time) error
	RetryJob(ctx context.Context, id int64, runAt time.Time, errText string) error
	// PendingJobs lists the jobs of a kind not yet done of the dossiers
	// (one, or a queue's page), oldest first.
	PendingJobs(ctx context.Context, kind string, dossierIDs ...int64) ([]Job, error)
	AddOutbox(ctx context.Context, dossierID int64, kind string, payload any) error
	// Claim gives the dossier to userID if it is at unitID/role and free
	// (or theirs); Release frees it if userID holds it.
	Claim(ctx context.Context, code string, userID, unitID int64, role string, at time.Time) (bool, error)
	Release(ctx context.Context, code string, userID int64) (bool, error)
	Queue(ctx context.Context, q QueueQuery) (QueuePage, error)
	AddApology(ctx context.Context, a Apology) error
	Apologies(ctx context.Context, dossierID int64) ([]Apology, error)
	ApproveApology(ctx context.Context, id, by int64, at time.Time) error

	// ClaimDossier gives a dossier no account owns, with its files, to the
	// account; false when an account owns it already.
	ClaimDossier(ctx context.Context, dossierID, userID int64) (bool, error)
	// RecordRegistryLookup keeps one read of a national registry;
	// LinkRegistryLookups ties a draft's reads to the dossier it became.
	RecordRegistryLookup(ctx context.Context, l RegistryLookup) error
	LinkRegistryLookups(ctx context.Context, draftPublicID string, dossierID int64) error
}

// DraftSummary is a line of the applicant's draft list.
type DraftSummary struct {
	PublicID      string
	Procedure     string
	ProcedureName string
	Desk          bool
	UpdatedAt     time.Time
}

// Catalog is what the dossier needs of the procedure catalogue.
type Catalog interface {
	Procedure(ctx context.Context, code string) (catalog.Procedure, error)
	Version(ctx context.Context, code string, n int) (catalog.Version, error)
}

// Forms is what the dossier needs of the e-forms.
type Forms interface {
	// Current is the published e-form of a case (eform.ErrNotFound if none).
	Current(ctx context.Context, code string, caseNo int) (eform.Definition, error)
	Version(ctx context.Context, code string, caseNo, n int) (eform.Definition, error)
}

// Units is what the dossier needs of the unit tree.
type Units interface {
	Get(ctx context.Context, id int64) (org.Unit, error)
	GetByCode(ctx context.Context, code string) (org.Unit, error)
	List(ctx context.Context) ([]org.Unit, error)
	// Payment is how a unit takes fees (zero when it set none).
	Payment(ctx context.Context, unitID int64) (org.Payment, error)
}

// Person is a population-registry record. Gender, Ethnicity and
// Nationality use the e-forms' option values ("nam", "kinh", "vn").
type Person struct {
	PersonalID       string
	FullName         string
	BirthDate        string // YYYY-MM-DD
	Gender           string
	Ethnicity        string
	Nationality      string
	PermanentAddress eform.Address
}

// Business is a business-registry record.
type Business struct {
	TaxCode             string
	Name                string
	Address             eform.Address
	LegalRepresentative string
	Founded             string // YYYY-MM-DD
}

// Registry answers from the population and business registries; ErrNotFound
// when the registry has no such record.
type Registry interface {
	Person(ctx context.Context, personalID string) (Person, error)
	Business(ctx context.Context, taxCode string) (Business, error)
}

// Accounts tells about the accounts dossiers name.
type Accounts interface {
	// Name is the full name of an account.
	Name(ctx context.Context, id int64) (string, error)
}

// Tx runs fn in one transaction with stores bound to it. fn must use only
// those stores: a transaction waiting for a second connection of a
// bounded pool deadlocks once enough of them do so at once.
type Tx func(ctx context.Context, fn func(Store, audit.Store) error) error
