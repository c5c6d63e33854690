package pgstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/internal/upload"
	"github.com/motcua/motcua/internal/workflow"
)

// DossierStore implements dossier.Store with plain SQL: every column is
// named, so nothing is skipped or guessed.
type DossierStore struct{ db *DB }

// NewDossierStore builds a DossierStore.
func NewDossierStore(db *DB) *DossierStore { return &DossierStore{db: db} }

var _ dossier.Store = (*DossierStore)(nil)

func jsonText(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := dbTime(t)
	return &u
}

func timeOf(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time
}

func idOf(n sql.NullInt64) int64 {
	if !n.Valid {
		return 0
	}
	return n.Int64
}

// ---------------------------------------------------------------------------
// Drafts.

const draftColumns = `id, public_id, owner_id, desk, procedure_code, procedure_version, case_no, form_version,
	competent_unit_id, applicant, answers, prefilled, delivery, dossier_id, revision, created_at, updated_at`

func scanDraft(row interface{ Scan(...any) error }) (dossier.Draft, error) {
	var (
		d                                 dossier.Draft
		competent, dossierID              sql.NullInt64
		applicant, answers, pre, delivery []byte
	)
	err := row.Scan(&d.ID, &d.PublicID, &d.OwnerID, &d.Desk, &d.Procedure, &d.ProcedureVersion, &d.Case, &d.FormVersion,
		&competent, &applicant, &answers, &pre, &delivery, &dossierID, &d.Revision, &d.CreatedAt, &d.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return dossier.Draft{}, dossier.ErrNotFound
	}
	if err != nil {
		return dossier.Draft{}, err
	}
	d.CompetentUnitID, d.DossierID = idOf(competent), idOf(dossierID)
	for _, j := range []struct {
		b []byte
		v any
	}{{applicant, &d.Applicant}, {answers, &d.Answers}, {pre, &d.Prefilled}, {delivery, &d.Delivery}} {
		if err := json.Unmarshal(j.b, j.v); err != nil {
			return dossier.Draft{}, fmt.Errorf("decode draft %s: %w", d.PublicID, err)
		}
	}
	return d, nil
}

func draftJSON(d dossier.Draft) (applicant, answers, pre, delivery string, err error) {
	if applicant, err = jsonText(d.Applicant); err != nil {
		return
	}
	if d.Answers == nil {
		d.Answers = eform.Answers{}
	}
	if answers, err = jsonText(d.Answers); err != nil {
		return
	}
	if d.Prefilled == nil {
		d.Prefilled = map[string]dossier.Prefill{}
	}
	if pre, err = jsonText(d.Prefilled); err != nil {
		return
	}
	delivery, err = jsonText(d.Delivery)
	return
}

// CreateDraft inserts d and sets its ID.
func (s *DossierStore) CreateDraft(ctx context.Context, d *dossier.Draft) error {
	applicant, answers, pre, delivery, err := draftJSON(*d)
	if err != nil {
		return err
	}
	return sqlConn(ctx, s.db).QueryRowContext(ctx, `INSERT INTO drafts (public_id, owner_id, desk, procedure_code,
		procedure_version, case_no, form_version, competent_unit_id, applicant, answers, prefilled, delivery, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id`,
		d.PublicID, d.OwnerID, d.Desk, d.Procedure, d.ProcedureVersion, d.Case, d.FormVersion, nullableID(d.CompetentUnitID),
		applicant, answers, pre, delivery, dbTime(d.CreatedAt)).Scan(&d.ID)
}

// Draft returns a draft by its public id.
func (s *DossierStore) Draft(ctx context.Context, publicID string, lock bool) (dossier.Draft, error) {
	q := "SELECT " + draftColumns + " FROM drafts WHERE public_id = $1"
	if lock {
		q += " FOR UPDATE"
	}
	return scanDraft(sqlConn(ctx, s.db).QueryRowContext(ctx, q, publicID))
}

// DraftOwner returns the owner of a draft.
func (s *DossierStore) DraftOwner(ctx context.Context, id int64) (int64, error) {
	var owner int64
	err := sqlConn(ctx, s.db).QueryRowContext(ctx, "SELECT owner_id FROM drafts WHERE id = $1", id).Scan(&owner)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, dossier.ErrNotFound
	}
	return owner, err
}

// UpdateDraft writes the changing parts of a draft if it is still at
// d.Revision, and advances the revision; dossier.ErrConflict when another
// write came first.
func (s *DossierStore) UpdateDraft(ctx context.Context, d *dossier.Draft) error {
	applicant, answers, pre, delivery, err := draftJSON(*d)
	if err != nil {
		return err
	}
	res, err := sqlConn(ctx, s.db).ExecContext(ctx, `UPDATE drafts SET competent_unit_id = $2, applicant = $3, answers = $4,
		prefilled = $5, delivery = $6, dossier_id = $7, updated_at = $8, revision = revision + 1
		WHERE id = $1 AND revision = $9`,
		d.ID, nullableID(d.CompetentUnitID), applicant, answers, pre, delivery, nullableID(d.DossierID), dbTime(d.UpdatedAt), d.Revision)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return dossier.ErrConflict
	}
	d.Revision++
	return nil
}

// DeleteDraft deletes a draft.
func (s *DossierStore) DeleteDraft(ctx context.Context, id int64) error {
	_, err := sqlConn(ctx, s.db).ExecContext(ctx, "DELETE FROM drafts WHERE id = $1", id)
	return err
}

// Drafts lists an owner's unsubmitted drafts.
func (s *DossierStore) Drafts(ctx context.Context, ownerID int64) ([]dossier.DraftSummary, error) {
	rows, err := sqlConn(ctx, s.db).QueryContext(ctx, `SELECT d.public_id, d.procedure_code, v.name, d.desk, d.updated_at
		FROM drafts d JOIN procedures p ON p.code = d.procedure_code
		JOIN procedure_versions v ON v.procedure_id = p.id AND v.version = d.procedure_version
		WHERE d.owner_id = $1 AND d.dossier_id IS NULL ORDER BY d.updated_at DESC LIMIT 100`, ownerID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dossier.DraftSummary
	for rows.Next() {
		var d dossier.DraftSummary
		if err := rows.Scan(&d.PublicID, &d.Procedure, &d.ProcedureName, &d.Desk, &d.UpdatedAt); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// StaleDrafts lists drafts untouched since before.
func (s *DossierStore) StaleDrafts(ctx context.Context, before time.Time, limit int) ([]dossier.Draft, error) {
	rows, err := sqlConn(ctx, s.db).QueryContext(ctx, "SELECT "+draftColumns+
		" FROM drafts WHERE updated_at < $1 ORDER BY updated_at LIMIT $2", dbTime(before), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dossier.Draft
	for rows.Next() {
		d, err := scanDraft(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// ---------------------------------------------------------------------------
// Attachments.

const attachmentColumns = `id, public_id, draft_id, dossier_id, owner_id, uploaded_by, slot, document_index, name,
	file_type, size, sha256, storage_key, digitised, reused_from, created_at`

func scanAttachment(row interface{ Scan(...any) error }) (dossier.Attachment, error) {
	var (
		a                                             dossier.Attachment
		draft, dossierID, owner, uploadedBy, reusedOf sql.NullInt64
		typ                                           string
	)
	err := row.Scan(&a.ID, &a.PublicID, &draft, &dossierID, &owner, &uploadedBy, &a.Slot, &a.Document, &a.Name,
		&typ, &a.Size, &a.SHA256, &a.Key, &a.Digitised, &reusedOf, &a.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return dossier.Attachment{}, dossier.ErrNotFound
	}
	if err != nil {
		return dossier.Attachment{}, err
	}
	a.DraftID, a.DossierID, a.OwnerID, a.UploadedBy, a.ReusedFrom = idOf(draft), idOf(dossierID), idOf(owner),
		idOf(uploadedBy), idOf(reusedOf)
	a.Type = upload.Type(typ)
	return a, nil
}

func (s *DossierStore) attachments(ctx context.Context, where string, args ...any) ([]dossier.Attachment, error) {
	rows, err := sqlConn(ctx, s.db).QueryContext(ctx, "SELECT "+attachmentColumns+" FROM attachments WHERE "+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dossier.Attachment
	for rows.Next() {
		a, err := scanAttachment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// AddAttachment inserts a and sets its ID.
func (s *DossierStore) AddAttachment(ctx context.Context, a *dossier.Attachment) error {
	return sqlConn(ctx, s.db).QueryRowContext(ctx, `INSERT INTO attachments (public_id, draft_id, dossier_id, owner_id,
		uploaded_by, slot, document_index, name, file_type, size, sha256, storage_key, digitised, reused_from, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
		a.PublicID, nullableID(a.DraftID), nullableID(a.DossierID), nullableID(a.OwnerID), nullableID(a.UploadedBy), a.Slot,
		a.Document, a.Name, string(a.Type), a.Size, a.SHA256, a.Key, a.Digitised, nullableID(a.ReusedFrom),
		dbTime(a.CreatedAt)).Scan(&a.ID)
}

// Attachment returns an attachment by public id.
func (s *DossierStore) Attachment(ctx context.Context, publicID string) (dossier.Attachment, error) {
	return scanAttachment(sqlConn(ctx, s.db).QueryRowContext(ctx,
		"SELECT "+attachmentColumns+" FROM attachments WHERE public_id = $1", publicID))
}

// DraftAttachments lists a draft's files in upload order.
func (s *DossierStore) DraftAttachments(ctx context.Context, draftID int64) ([]dossier.Attachment, error) {
	return s.attachments(ctx, "draft_id = $1 AND dossier_id IS NULL ORDER BY id", draftID)
}

// DossierAttachments lists a dossier's files in upload order.
func (s *DossierStore) DossierAttachments(ctx context.Context, dossierID int64) ([]dossier.Attachment, error) {
	return s.attachments(ctx, "dossier_id = $1 ORDER BY id", dossierID)
}

// DeleteAttachment deletes an attachment row.
func (s *DossierStore) DeleteAttachment(ctx context.Context, id int64) error {
	_, err := sqlConn(ctx, s.db).ExecContext(ctx, "DELETE FROM attachments WHERE id = $1", id)
	return err
}

// SetDigitised sets an attachment's digitised flag.
func (s *DossierStore) SetDigitised(ctx context.Context, id int64, digitised bool) error {
	_, err := sqlConn(ctx, s.db).ExecContext(ctx, "UPDATE attachments SET digitised = $2 WHERE id = $1", id, digitised)
	return err
}

// KeyInUse reports whether an attachment names the stored file.
func (s *DossierStore) KeyInUse(ctx context.Context, key string) (bool, error) {
	var in bool
	err := sqlConn(ctx, s.db).QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM attachments WHERE storage_key = $1)", key).Scan(&in)
	return in, err
}

// OwnerDocuments lists the owner's submitted files, one per content.
func (s *DossierStore) OwnerDocuments(ctx context.Context, ownerID int64, limit int) ([]dossier.Attachment, error) {
	return s.attachments(ctx, `id IN (SELECT DISTINCT ON (sha256) id FROM attachments
		WHERE owner_id = $1 AND dossier_id IS NOT NULL ORDER BY sha256, id DESC) ORDER BY id DESC LIMIT $2`, ownerID, limit)
}

// MoveAttachments hands a draft's files to its dossier, owned by the
// dossier's applicant account.
func (s *DossierStore) MoveAttachments(ctx context.Context, draftID, dossierID int64) error {
	_, err := sqlConn(ctx, s.db).ExecContext(ctx, `UPDATE attachments SET dossier_id = $2, draft_id = NULL,
		owner_id = (SELECT applicant_id FROM dossiers WHERE id = $2) WHERE draft_id = $1 AND dossier_id IS NULL`, draftID, dossierID)
	return err
}

// ---------------------------------------------------------------------------
// Dossiers.

// NextNumber increments the unit's counter for day in the caller's
// transaction: the row lock serialises concurrent submissions, and a
// rollback gives the number back.
func (s *DossierStore) NextNumber(ctx context.Context, unitID int64, day time.Time) (int, error) {
	var n int
	err := sqlConn(ctx, s.db).QueryRowContext(ctx, `INSERT INTO dossier_counters (unit_id, day, last) VALUES ($1, $2, 1)
		ON CONFLICT (unit_id, day) DO UPDATE SET last = dossier_counters.last + 1 RETURNING last`,
		unitID, day.Format(time.DateOnly)).Scan(&n)
	return n, err
}

const dossierColumns = `id, code, procedure_code, procedure_name, procedure_version, case_no, form_version, applicant_id,
	applicant, channel, status, receiving_unit_id, competent_unit_id, returning_unit_id, answers, prefilled, delivery,
	summary, lookup_secret, created_by, submitted_at, received_at, due_at, finished_at, returned_at, withdrawn_at, updated_at,
	revision, workflow_version, step, step_unit_id, step_role, step_since, step_due_at, claimed_by, claimed_at,
	due_explanation, apology_due_at, supplements, awaiting_applicant, timeliness`

func scanDossier(row interface{ Scan(...any) error }) (dossier.Dossier, error) {
	var (
		d                                           dossier.Dossier
		applicantID, createdBy, stepUnit, claimedBy sql.NullInt64
		applicant, answers, pre, delivery, due      []byte
		received, dueAt, finished, returned         sql.NullTime
		withdrawn, stepSince, stepDue, claimedAt    sql.NullTime
		apology                                     sql.NullTime
		channel, status                             int
		role                                        string
	)
	err := row.Scan(&d.ID, &d.Code, &d.Procedure, &d.ProcedureName, &d.ProcedureVersion, &d.Case, &d.FormVersion,
		&applicantID, &applicant, &channel, &status, &d.ReceivingUnitID, &d.CompetentUnitID, &d.ReturningUnitID,
		&answers, &pre, &delivery, &d.Summary, &d.Secret, &createdBy, &d.SubmittedAt, &received, &dueAt, &finished,
		&returned, &withdrawn, &d.UpdatedAt,
		&d.Revision, &d.WorkflowVersion, &d.Step, &stepUnit, &role, &stepSince, &stepDue, &claimedBy, &claimedAt,
		&due, &apology, &d.Supplements, &d.AwaitingApplicant, &d.Timeliness)
	if errors.Is(err, sql.ErrNoRows) {
		return dossier.Dossier{}, dossier.ErrNotFound
	}
	if err != nil {
		return dossier.Dossier{}, err
	}
	d.ApplicantID, d.CreatedBy = idOf(applicantID), idOf(createdBy)
	d.Channel, d.Status = dossier.Channel(channel), dossier.Status(status)
	d.ReceivedAt, d.DueAt, d.FinishedAt = timeOf(received), timeOf(dueAt), timeOf(finished)
	d.ReturnedAt, d.WithdrawnAt = timeOf(returned), timeOf(withdrawn)
	d.StepUnitID, d.StepRole, d.StepSince, d.StepDueAt = idOf(stepUnit), workflow.Role(role), timeOf(stepSince), timeOf(stepDue)
	d.ClaimedBy, d.ClaimedAt, d.ApologyDueAt = idOf(claimedBy), timeOf(claimedAt), timeOf(apology)
	for _, j := range []struct {
		b []byte
		v any
	}{{applicant, &d.Applicant}, {answers, &d.Answers}, {pre, &d.Prefilled}, {delivery, &d.Delivery}} {
		if err := json.Unmarshal(j.b, j.v); err != nil {
			return dossier.Dossier{}, fmt.Errorf("decode dossier %s: %w", d.Code, err)
		}
	}
	if len(due) > 0 && string(due) != "{}" && string(due) != "null" {
		var dl calendar.Deadline
		if err := json.Unmarshal(due, &dl); err != nil {
			return dossier.Dossier{}, fmt.Errorf("decode due of %s: %w", d.Code, err)
		}
		d.Due = &dl
	}
	return d, nil
}

// CreateDossier inserts d with its snapshot and sets its ID.
func (s *DossierStore) CreateDossier(ctx context.Context, d *dossier.Dossier, snap dossier.Snapshot) error {
	applicant, err := jsonText(d.Applicant)
	if err != nil {
		return err
	}
	answers, err := jsonText(d.Answers)
	if err != nil {
		return err
	}
	if d.Prefilled == nil {
		d.Prefilled = map[string]dossier.Prefill{}
	}
	pre, err := jsonText(d.Prefilled)
	if err != nil {
		return err
	}
	delivery, err := jsonText(d.Delivery)
	if err != nil {
		return err
	}
	db := sqlConn(ctx, s.db)
	err = db.QueryRowContext(ctx, `INSERT INTO dossiers (code, procedure_code, procedure_name, procedure_version, case_no,
		form_version, applicant_id, applicant, applicant_pid, channel, status, receiving_unit_id, competent_unit_id,
		returning_unit_id, answers, prefilled, delivery, summary, lookup_secret, created_by, submitted_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $21)
		RETURNING id, updated_at`,
		d.Code, d.Procedure, d.ProcedureName, d.ProcedureVersion, d.Case, d.FormVersion, nullableID(d.ApplicantID), applicant,
		d.Applicant.Identifier(), int(d.Channel), int(d.Status), d.ReceivingUnitID, d.CompetentUnitID, d.ReturningUnitID,
		answers, pre, delivery, d.Summary, d.Secret, nullableID(d.CreatedBy), dbTime(d.SubmittedAt)).Scan(&d.ID, &d.UpdatedAt)
	if err != nil {
		return fmt.Errorf("insert dossier %s: %w", d.Code, err)
	}
	_, err = db.ExecContext(ctx, "INSERT INTO dossier_snapshots (dossier_id, procedure, form) VALUES ($1, $2, $3)",
		d.ID, string(snap.Procedure), string(snap.Form))
	return err
}

// Dossier returns a dossier by code.
func (s *DossierStore) Dossier(ctx context.Context, code string, lock bool) (dossier.Dossier, error) {
	q := "SELECT " + dossierColumns + " FROM dossiers WHERE code = $1"
	if lock {
		q += " FOR UPDATE"
	}
	return scanDossier(sqlConn(ctx, s.db).QueryRowContext(ctx, q, code))
}

// ApplicantDossiersAt lists, newest first, the dossiers of an applicant
// (by personal ID or tax code) that a unit received, decides, returns or
// holds at a step.
func (s *DossierStore) ApplicantDossiersAt(ctx context.Context, identifier string, unitID int64, limit int) ([]dossier.Dossier, error) {
	rows, err := sqlConn(ctx, s.db).QueryContext(ctx, "SELECT "+dossierColumns+` FROM dossiers
		WHERE applicant_pid = $1 AND applicant_pid <> ''
		AND $2 IN (receiving_unit_id, competent_unit_id, returning_unit_id, coalesce(step_unit_id, 0))
		ORDER BY submitted_at DESC LIMIT $3`, identifier, unitID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dossier.Dossier
	for rows.Next() {
		d, err := scanDossier(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// DossierByID returns a dossier by id.
func (s *DossierStore) DossierByID(ctx context.Context, id int64) (dossier.Dossier, error) {
	return scanDossier(sqlConn(ctx, s.db).QueryRowContext(ctx, "SELECT "+dossierColumns+" FROM dossiers WHERE id = $1", id))
}

// ApplicantDossiers pages an account's dossiers, newest first.
func (s *DossierStore) ApplicantDossiers(ctx context.Context, applicantID int64, page, perPage int) ([]dossier.Dossier, int, error) {
	page, perPage = pageBounds(page, perPage)
	db := sqlConn(ctx, s.db)
	var total int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM dossiers WHERE applicant_id = $1", applicantID).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := db.QueryContext(ctx, "SELECT "+dossierColumns+
		" FROM dossiers WHERE applicant_id = $1 ORDER BY submitted_at DESC, id DESC LIMIT $2 OFFSET $3",
		applicantID, perPage, (page-1)*perPage)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []dossier.Dossier
	for rows.Next() {
		d, err := scanDossier(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, d)
	}
	return out, total, rows.Err()
}

// UpdateProcessing writes the status, the timestamps and the processing
// state if the dossier is still at d.Revision, and advances the revision.
func (s *DossierStore) UpdateProcessing(ctx context.Context, d *dossier.Dossier) error {
	due := "{}"
	if d.Due != nil {
		b, err := json.Marshal(d.Due)
		if err != nil {
			return err
		}
		due = string(b)
	}
	res, err := sqlConn(ctx, s.db).ExecContext(ctx, `UPDATE dossiers SET status = $2, received_at = $3, due_at = $4,
		finished_at = $5, returned_at = $6, withdrawn_at = $7, updated_at = $8, workflow_version = $9, step = $10,
		step_unit_id = $11, step_role = $12, step_since = $13, step_due_at = $14, claimed_by = $15, claimed_at = $16,
		due_explanation = $17, apology_due_at = $18, supplements = $19, awaiting_applicant = $20, timeliness = $21,
		revision = revision + 1
		WHERE id = $1 AND revision = $22`,
		d.ID, int(d.Status), nullTime(d.ReceivedAt), nullTime(d.DueAt), nullTime(d.FinishedAt), nullTime(d.ReturnedAt),
		nullTime(d.WithdrawnAt), dbTime(d.UpdatedAt), d.WorkflowVersion, d.Step, nullableID(d.StepUnitID), string(d.StepRole),
		nullTime(d.StepSince), nullTime(d.StepDueAt), nullableID(d.ClaimedBy), nullTime(d.ClaimedAt), due,
		nullTime(d.ApologyDueAt), d.Supplements, d.AwaitingApplicant, d.Timeliness, d.Revision)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return dossier.ErrConflict
	}
	d.Revision++
	return nil
}

// AddEvent appends to a dossier's timeline.
func (s *DossierStore) AddEvent(ctx context.Context, dossierID int64, e dossier.Event) error {
	var from, to *int16
	if e.From != 0 {
		v := int16(e.From)
		from = &v
	}
	if e.To != 0 {
		v := int16(e.To)
		to = &v
	}
	_, err := sqlConn(ctx, s.db).ExecContext(ctx, `INSERT INTO dossier_events (dossier_id, at, actor_id, action,
		status_from, status_to, note, public) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		dossierID, dbTime(e.At), nullableID(e.ActorID), e.Action, from, to, e.Note, e.Public)
	return err
}

// Events lists a dossier's timeline, oldest first.
func (s *DossierStore) Events(ctx context.Context, dossierID int64) ([]dossier.Event, error) {
	rows, err := sqlConn(ctx, s.db).QueryContext(ctx, `SELECT at, actor_id, action, status_from, status_to, note, public
		FROM dossier_events WHERE dossier_id = $1 ORDER BY at, id`, dossierID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dossier.Event
	for rows.Next() {
		var (
			e        dossier.Event
			actor    sql.NullInt64
			from, to sql.NullInt16
		)
		if err := rows.Scan(&e.At, &actor, &e.Action, &from, &to, &e.Note, &e.Public); err != nil {
			return nil, err
		}
		e.ActorID, e.From, e.To = idOf(actor), dossier.Status(from.Int16), dossier.Status(to.Int16)
		out = append(out, e)
	}
	return out, rows.Err()
}

// Snapshot returns what a dossier was submitted under.
func (s *DossierStore) Snapshot(ctx context.Context, dossierID int64) (dossier.Snapshot, error) {
	var snap dossier.Snapshot
	err := sqlConn(ctx, s.db).QueryRowContext(ctx, "SELECT procedure, form FROM dossier_snapshots WHERE dossier_id = $1",
		dossierID).Scan(&snap.Procedure, &snap.Form)
	if errors.Is(err, sql.ErrNoRows) {
		return dossier.Snapshot{}, dossier.ErrNotFound
	}
	return snap, err
}

// ClaimDossier gives a dossier no account owns, with its files, to the
// account.
func (s *DossierStore) ClaimDossier(ctx context.Context, dossierID, userID int64) (bool, error) {
	res, err := sqlConn(ctx, s.db).ExecContext(ctx, `UPDATE dossiers SET applicant_id = $2 WHERE id = $1
		AND applicant_id IS NULL`, dossierID, userID)
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	_, err = sqlConn(ctx, s.db).ExecContext(ctx, `UPDATE attachments SET owner_id = $2 WHERE dossier_id = $1
		AND owner_id IS NULL`, dossierID, userID)
	return err == nil, err
}

// RecordRegistryLookup keeps one read of a national registry.
func (s *DossierStore) RecordRegistryLookup(ctx context.Context, l dossier.RegistryLookup) error {
	_, err := sqlConn(ctx, s.db).ExecContext(ctx, `INSERT INTO registry_lookups (at, actor_id, registry, subject,
		purpose, draft, dossier_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`, dbTime(l.At), nullableID(l.ActorID),
		l.Registry, l.Subject, l.Purpose, l.Draft, nullableID(l.DossierID))
	return err
}

// LinkRegistryLookups ties a draft's registry reads to its dossier.
func (s *DossierStore) LinkRegistryLookups(ctx context.Context, draftPublicID string, dossierID int64) error {
	_, err := sqlConn(ctx, s.db).ExecContext(ctx, `UPDATE registry_lookups SET dossier_id = $2 WHERE draft = $1
		AND dossier_id IS NULL`, draftPublicID, dossierID)
	return err
}
