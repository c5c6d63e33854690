package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/motcua/motcua/internal/eform"
)

// EformStore implements eform.Store on the eform_versions table: one row
// per version of the e-form of one case of one procedure, the definition
// as jsonb.
type EformStore struct{ db *DB }

var _ eform.Store = (*EformStore)(nil)

// NewEformStore returns a store using db (a pool or a transaction).
func NewEformStore(db *DB) *EformStore { return &EformStore{db: db} }

// eformLockKey is the first key of the advisory locks on one case's
// e-form ("efor" in ASCII); the second is a hash of the case's AuditID. A
// hash collision only makes two cases' writers take turns.
const eformLockKey = 0x65666f72

type eformRow struct {
	ProcedureCode string
	CaseNo        int
	Version       int
	Status        string
	Definition    []byte
	Revision      int64
	CreatedAt     time.Time
	CreatedBy     *int64
	PublishedAt   *time.Time
	PublishedBy   *int64
}

const eformColumns = `procedure_code, case_no, version, status, definition, revision, created_at, created_by,
	published_at, published_by`

func eformFromRow(r eformRow) (eform.Definition, error) {
	d := eform.Definition{Procedure: r.ProcedureCode, Case: r.CaseNo, Version: r.Version, Status: eform.Status(r.Status),
		Revision: r.Revision, CreatedAt: utcTime(r.CreatedAt), CreatedBy: deref(r.CreatedBy),
		PublishedAt: utcTime(deref(r.PublishedAt)), PublishedBy: deref(r.PublishedBy)}
	if err := json.Unmarshal(r.Definition, &d.Form); err != nil {
		return eform.Definition{}, fmt.Errorf("decode e-form %s: %w", eform.AuditID(r.ProcedureCode, r.CaseNo), err)
	}
	return d, nil
}

// Lock takes a transaction-scoped advisory lock on the case's e-form. On
// the pool (outside a transaction) it is released as soon as it is taken,
// so the writing methods below take it again inside their own.
func (s *EformStore) Lock(ctx context.Context, code string, caseNo int) error {
	if err := s.db.ctx(ctx).Exec("SELECT pg_advisory_xact_lock(?, hashtext(?))", eformLockKey,
		eform.AuditID(code, caseNo)).Error; err != nil {
		return fmt.Errorf("lock e-form %s: %w", eform.AuditID(code, caseNo), err)
	}
	return nil
}

// readEform reads the one version matching where (after the case's
// procedure code and case number); ErrNotFound when there is none.
func readEform(ctx context.Context, db *DB, code string, caseNo int, where string, args ...any) (eform.Definition, error) {
	var r eformRow
	res := db.ctx(ctx).Raw("SELECT "+eformColumns+" FROM eform_versions WHERE procedure_code = ? AND case_no = ? AND "+where,
		append([]any{code, caseNo}, args...)...).Scan(&r)
	if res.Error != nil {
		return eform.Definition{}, fmt.Errorf("get e-form %s: %w", eform.AuditID(code, caseNo), res.Error)
	}
	if res.RowsAffected == 0 {
		return eform.Definition{}, fmt.Errorf("e-form %s: %w", eform.AuditID(code, caseNo), eform.ErrNotFound)
	}
	return eformFromRow(r)
}

// SaveDraft creates the case's draft (number = last version + 1) or
// replaces the existing draft's definition, giving it a new revision;
// created_by and created_at then name whoever saved it last. ErrNotFound
// when the procedure does not exist.
func (s *EformStore) SaveDraft(ctx context.Context, code string, caseNo int, f eform.Form, actor int64, at time.Time) (eform.Definition, error) {
	def, err := json.Marshal(f)
	if err != nil {
		return eform.Definition{}, fmt.Errorf("encode e-form %s: %w", eform.AuditID(code, caseNo), err)
	}
	at = dbTime(at)
	var out eform.Definition
	err = s.db.InTx(ctx, func(tx *DB) error {
		if err := NewEformStore(tx).Lock(ctx, code, caseNo); err != nil {
			return err
		}
		db := tx.ctx(ctx)
		var draft []int
		if err := db.Raw("SELECT version FROM eform_versions WHERE procedure_code = ? AND case_no = ? AND status = 'draft'",
			code, caseNo).Scan(&draft).Error; err != nil {
			return fmt.Errorf("find draft of e-form %s: %w", eform.AuditID(code, caseNo), err)
		}
		var r eformRow
		if len(draft) == 1 {
			err = db.Raw(`UPDATE eform_versions SET definition = ?, revision = nextval('eform_revision_seq'),
				created_by = ?, created_at = ?
				WHERE procedure_code = ? AND case_no = ? AND version = ?
				RETURNING `+eformColumns, string(def), nullableID(actor), at, code, caseNo, draft[0]).Scan(&r).Error
		} else {
			err = db.Raw(`INSERT INTO eform_versions (procedure_code, case_no, version, status, definition, created_by, created_at)
				SELECT ?, ?, coalesce(max(version), 0) + 1, 'draft', ?, ?, ?
				FROM eform_versions WHERE procedure_code = ? AND case_no = ?
				RETURNING `+eformColumns, code, caseNo, string(def), nullableID(actor), at, code, caseNo).Scan(&r).Error
		}
		if isForeignKey(err, "eform_versions_procedure_code_fkey") {
			return fmt.Errorf("procedure %s: %w", code, eform.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("write draft of e-form %s: %w", eform.AuditID(code, caseNo), err)
		}
		out, err = eformFromRow(r)
		return err
	})
	if err != nil {
		return eform.Definition{}, err
	}
	return out, nil
}

// Publish makes the draft the published version and supersedes the
// previous one, under the case's lock so that two publications cannot
// interleave.
func (s *EformStore) Publish(ctx context.Context, code string, caseNo int, actor int64, at time.Time) (eform.Definition, error) {
	at = dbTime(at)
	var out eform.Definition
	err := s.db.InTx(ctx, func(tx *DB) error {
		if err := NewEformStore(tx).Lock(ctx, code, caseNo); err != nil {
			return err
		}
		db := tx.ctx(ctx)
		var draft []int
		if err := db.Raw("SELECT version FROM eform_versions WHERE procedure_code = ? AND case_no = ? AND status = 'draft'",
			code, caseNo).Scan(&draft).Error; err != nil {
			return fmt.Errorf("find draft of e-form %s: %w", eform.AuditID(code, caseNo), err)
		}
		if len(draft) == 0 {
			return fmt.Errorf("publish e-form %s: %w", eform.AuditID(code, caseNo), eform.ErrNoDraft)
		}
		// Supersede first: at most one published version per case.
		if err := db.Exec(`UPDATE eform_versions SET status = 'superseded'
			WHERE procedure_code = ? AND case_no = ? AND status = 'published'`, code, caseNo).Error; err != nil {
			return fmt.Errorf("supersede e-form %s: %w", eform.AuditID(code, caseNo), err)
		}
		var r eformRow
		if err := db.Raw(`UPDATE eform_versions SET status = 'published', published_by = ?, published_at = ?,
				revision = nextval('eform_revision_seq')
			WHERE procedure_code = ? AND case_no = ? AND version = ?
			RETURNING `+eformColumns, nullableID(actor), at, code, caseNo, draft[0]).Scan(&r).Error; err != nil {
			return fmt.Errorf("publish e-form %s v%d: %w", eform.AuditID(code, caseNo), draft[0], err)
		}
		var err error
		out, err = eformFromRow(r)
		return err
	})
	if err != nil {
		return eform.Definition{}, err
	}
	return out, nil
}

// DiscardDraft deletes the draft; ErrNoDraft when there is none.
func (s *EformStore) DiscardDraft(ctx context.Context, code string, caseNo int) error {
	return s.db.InTx(ctx, func(tx *DB) error {
		if err := NewEformStore(tx).Lock(ctx, code, caseNo); err != nil {
			return err
		}
		res := tx.ctx(ctx).Exec("DELETE FROM eform_versions WHERE procedure_code = ? AND case_no = ? AND status = 'draft'",
			code, caseNo)
		if res.Error != nil {
			return fmt.Errorf("discard draft of e-form %s: %w", eform.AuditID(code, caseNo), res.Error)
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("discard draft of e-form %s: %w", eform.AuditID(code, caseNo), eform.ErrNoDraft)
		}
		return nil
	})
}

// Current returns the published version.
func (s *EformStore) Current(ctx context.Context, code string, caseNo int) (eform.Definition, error) {
	return readEform(ctx, s.db, code, caseNo, "status = 'published'")
}

// Draft returns the draft.
func (s *EformStore) Draft(ctx context.Context, code string, caseNo int) (eform.Definition, error) {
	return readEform(ctx, s.db, code, caseNo, "status = 'draft'")
}

// Version returns version n in any status.
func (s *EformStore) Version(ctx context.Context, code string, caseNo, n int) (eform.Definition, error) {
	return readEform(ctx, s.db, code, caseNo, "version = ?", n)
}

// Versions lists every version of the case, newest first.
func (s *EformStore) Versions(ctx context.Context, code string, caseNo int) ([]eform.Definition, error) {
	var rows []eformRow
	if err := s.db.ctx(ctx).Raw("SELECT "+eformColumns+" FROM eform_versions WHERE procedure_code = ? AND case_no = ? "+
		"ORDER BY version DESC", code, caseNo).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("list versions of e-form %s: %w", eform.AuditID(code, caseNo), err)
	}
	out := make([]eform.Definition, len(rows))
	for i, r := range rows {
		d, err := eformFromRow(r)
		if err != nil {
			return nil, err
		}
		out[i] = d
	}
	return out, nil
}

type eformHeadRow struct {
	CaseNo   int
	Current  int
	Draft    int
	Revision int64
}

// Heads lists the cases of a procedure that have an e-form, by case.
func (s *EformStore) Heads(ctx context.Context, code string) ([]eform.Head, error) {
	var rows []eformHeadRow
	if err := s.db.ctx(ctx).Raw(`SELECT case_no,
			coalesce(max(version) FILTER (WHERE status = 'published'), 0) AS current,
			coalesce(max(version) FILTER (WHERE status = 'draft'), 0) AS draft,
			coalesce(max(revision) FILTER (WHERE status = 'draft'), max(revision) FILTER (WHERE status = 'published'), 0) AS revision
		FROM eform_versions WHERE procedure_code = ? GROUP BY case_no ORDER BY case_no`, code).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("list e-forms of %s: %w", code, err)
	}
	out := make([]eform.Head, len(rows))
	for i, r := range rows {
		out[i] = eform.Head{Procedure: code, Case: r.CaseNo, Current: r.Current, Draft: r.Draft, Revision: r.Revision}
	}
	return out, nil
}

// Count returns how many e-form versions are stored (seed --if-empty).
func (s *EformStore) Count(ctx context.Context) (int, error) {
	var n int64
	if err := s.db.ctx(ctx).Raw("SELECT count(*) FROM eform_versions").Scan(&n).Error; err != nil {
		return 0, fmt.Errorf("count e-forms: %w", err)
	}
	return int(n), nil
}

// isForeignKey reports whether err is a violation of the named foreign key.
func isForeignKey(err error, constraint string) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23503" && pgErr.ConstraintName == constraint
}
