package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/motcua/motcua/internal/caseversion"
)

// caseVersions is a table of numbered versions of one JSON document per
// case of a procedure (e-forms, internal processes): at most one draft
// and one published version per case (partial unique indexes), a revision
// from a sequence on every write, writers of one case serialised by an
// advisory lock. CaseStore reads its rows as documents.
type caseVersions struct {
	table   string // e.g. "eform_versions"
	body    string // the jsonb column holding the document
	seq     string // the revision sequence
	fkey    string // the foreign key on procedure_code
	lockKey int    // the first key of the advisory locks; the second hashes the case
	what    string // names the document in error messages ("e-form")
	// notFound and noDraft are the domain's errors.
	notFound, noDraft error
}

// caseVersionRow is one version as stored.
type caseVersionRow struct {
	ProcedureCode string
	CaseNo        int
	Version       int
	Status        string
	Body          []byte
	Revision      int64
	CreatedAt     time.Time
	CreatedBy     *int64
	PublishedAt   *time.Time
	PublishedBy   *int64
}

// headRow says which versions of one case exist.
type headRow struct {
	CaseNo   int
	Current  int
	Draft    int
	Revision int64
}

func caseID(code string, caseNo int) string { return code + "/" + strconv.Itoa(caseNo) }

func (t caseVersions) columns() string {
	return `procedure_code, case_no, version, status, ` + t.body + ` AS body, revision, created_at, created_by,
	published_at, published_by`
}

// lock takes a transaction-scoped advisory lock on the case. On the pool
// (outside a transaction) it is released as soon as it is taken, so the
// writing methods below take it again inside their own. A hash collision
// only makes two cases' writers take turns.
func (t caseVersions) lock(ctx context.Context, db *DB, code string, caseNo int) error {
	if err := db.ctx(ctx).Exec("SELECT pg_advisory_xact_lock(?, hashtext(?))", t.lockKey, caseID(code, caseNo)).Error; err != nil {
		return fmt.Errorf("lock %s %s: %w", t.what, caseID(code, caseNo), err)
	}
	return nil
}

// read reads the one version matching where (after the case's procedure
// code and case number); notFound when there is none.
func (t caseVersions) read(ctx context.Context, db *DB, code string, caseNo int, where string, args ...any) (caseVersionRow, error) {
	var r caseVersionRow
	res := db.ctx(ctx).Raw("SELECT "+t.columns()+" FROM "+t.table+" WHERE procedure_code = ? AND case_no = ? AND "+where,
		append([]any{code, caseNo}, args...)...).Scan(&r)
	if res.Error != nil {
		return caseVersionRow{}, fmt.Errorf("get %s %s: %w", t.what, caseID(code, caseNo), res.Error)
	}
	if res.RowsAffected == 0 {
		return caseVersionRow{}, fmt.Errorf("%s %s: %w", t.what, caseID(code, caseNo), t.notFound)
	}
	return r, nil
}

// draftVersion is the number of the case's draft; 0 when there is none.
func (t caseVersions) draftVersion(ctx context.Context, tx *DB, code string, caseNo int) (int, error) {
	var draft []int
	if err := tx.ctx(ctx).Raw("SELECT version FROM "+t.table+" WHERE procedure_code = ? AND case_no = ? AND status = 'draft'",
		code, caseNo).Scan(&draft).Error; err != nil {
		return 0, fmt.Errorf("find draft of %s %s: %w", t.what, caseID(code, caseNo), err)
	}
	if len(draft) == 0 {
		return 0, nil
	}
	return draft[0], nil
}

// saveDraft creates the case's draft (number = last version + 1) or
// replaces the existing draft's document, giving it a new revision;
// created_by and created_at then name whoever saved it last. notFound
// when the procedure does not exist.
func (t caseVersions) saveDraft(ctx context.Context, db *DB, code string, caseNo int, body []byte, actor int64, at time.Time) (caseVersionRow, error) {
	at = dbTime(at)
	var r caseVersionRow
	err := db.InTx(ctx, func(tx *DB) error {
		if err := t.lock(ctx, tx, code, caseNo); err != nil {
			return err
		}
		draft, err := t.draftVersion(ctx, tx, code, caseNo)
		if err != nil {
			return err
		}
		q := tx.ctx(ctx)
		if draft > 0 {
			err = q.Raw(`UPDATE `+t.table+` SET `+t.body+` = ?, revision = nextval('`+t.seq+`'),
				created_by = ?, created_at = ?
				WHERE procedure_code = ? AND case_no = ? AND version = ?
				RETURNING `+t.columns(), string(body), nullableID(actor), at, code, caseNo, draft).Scan(&r).Error
		} else {
			err = q.Raw(`INSERT INTO `+t.table+` (procedure_code, case_no, version, status, `+t.body+`, created_by, created_at)
				SELECT ?, ?, coalesce(max(version), 0) + 1, 'draft', ?, ?, ?
				FROM `+t.table+` WHERE procedure_code = ? AND case_no = ?
				RETURNING `+t.columns(), code, caseNo, string(body), nullableID(actor), at, code, caseNo).Scan(&r).Error
		}
		if isForeignKey(err, t.fkey) {
			return fmt.Errorf("procedure %s: %w", code, t.notFound)
		}
		if err != nil {
			return fmt.Errorf("write draft of %s %s: %w", t.what, caseID(code, caseNo), err)
		}
		return nil
	})
	return r, err
}

// publish makes the draft the published version and supersedes the
// previous one, under the case's lock so that two publications cannot
// interleave.
func (t caseVersions) publish(ctx context.Context, db *DB, code string, caseNo int, actor int64, at time.Time) (caseVersionRow, error) {
	at = dbTime(at)
	var r caseVersionRow
	err := db.InTx(ctx, func(tx *DB) error {
		if err := t.lock(ctx, tx, code, caseNo); err != nil {
			return err
		}
		draft, err := t.draftVersion(ctx, tx, code, caseNo)
		if err != nil {
			return err
		}
		if draft == 0 {
			return fmt.Errorf("publish %s %s: %w", t.what, caseID(code, caseNo), t.noDraft)
		}
		q := tx.ctx(ctx)
		// Supersede first: at most one published version per case.
		if err := q.Exec(`UPDATE `+t.table+` SET status = 'superseded'
			WHERE procedure_code = ? AND case_no = ? AND status = 'published'`, code, caseNo).Error; err != nil {
			return fmt.Errorf("supersede %s %s: %w", t.what, caseID(code, caseNo), err)
		}
		if err := q.Raw(`UPDATE `+t.table+` SET status = 'published', published_by = ?, published_at = ?,
				revision = nextval('`+t.seq+`')
			WHERE procedure_code = ? AND case_no = ? AND version = ?
			RETURNING `+t.columns(), nullableID(actor), at, code, caseNo, draft).Scan(&r).Error; err != nil {
			return fmt.Errorf("publish %s %s v%d: %w", t.what, caseID(code, caseNo), draft, err)
		}
		return nil
	})
	return r, err
}

// discard deletes the draft; noDraft when there is none.
func (t caseVersions) discard(ctx context.Context, db *DB, code string, caseNo int) error {
	return db.InTx(ctx, func(tx *DB) error {
		if err := t.lock(ctx, tx, code, caseNo); err != nil {
			return err
		}
		res := tx.ctx(ctx).Exec("DELETE FROM "+t.table+" WHERE procedure_code = ? AND case_no = ? AND status = 'draft'",
			code, caseNo)
		if res.Error != nil {
			return fmt.Errorf("discard draft of %s %s: %w", t.what, caseID(code, caseNo), res.Error)
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("discard draft of %s %s: %w", t.what, caseID(code, caseNo), t.noDraft)
		}
		return nil
	})
}

// list reads every version of the case, newest first.
func (t caseVersions) list(ctx context.Context, db *DB, code string, caseNo int) ([]caseVersionRow, error) {
	var rows []caseVersionRow
	if err := db.ctx(ctx).Raw("SELECT "+t.columns()+" FROM "+t.table+" WHERE procedure_code = ? AND case_no = ? "+
		"ORDER BY version DESC", code, caseNo).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("list versions of %s %s: %w", t.what, caseID(code, caseNo), err)
	}
	return rows, nil
}

// heads says, for each case of a procedure that has a version, which.
func (t caseVersions) heads(ctx context.Context, db *DB, code string) ([]headRow, error) {
	var rows []headRow
	if err := db.ctx(ctx).Raw(`SELECT case_no,
			coalesce(max(version) FILTER (WHERE status = 'published'), 0) AS current,
			coalesce(max(version) FILTER (WHERE status = 'draft'), 0) AS draft,
			coalesce(max(revision) FILTER (WHERE status = 'draft'), max(revision) FILTER (WHERE status = 'published'), 0) AS revision
		FROM `+t.table+` WHERE procedure_code = ? GROUP BY case_no ORDER BY case_no`, code).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("list %s heads of %s: %w", t.what, code, err)
	}
	return rows, nil
}

// count returns how many versions are stored (seed --if-empty).
func (t caseVersions) count(ctx context.Context, db *DB) (int, error) {
	var n int64
	if err := db.ctx(ctx).Raw("SELECT count(*) FROM " + t.table).Scan(&n).Error; err != nil {
		return 0, fmt.Errorf("count %s versions: %w", t.what, err)
	}
	return int(n), nil
}

// isForeignKey reports whether err is a violation of the named foreign key.
func isForeignKey(err error, constraint string) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23503" && pgErr.ConstraintName == constraint
}

// caseDocs is a caseVersions table whose rows are documents of type T,
// read as D: def makes a definition of a row's Meta and its document.
type caseDocs[T any, D any] struct {
	caseVersions
	def func(caseversion.Meta, T) D
}

// CaseStore implements caseversion.Store[T, D] on a caseVersions table:
// EformStore and WorkflowStore are instances.
type CaseStore[T any, D any] struct {
	db *DB
	t  caseDocs[T, D]
}

func (s *CaseStore[T, D]) fromRow(r caseVersionRow) (D, error) {
	var doc T
	if err := json.Unmarshal(r.Body, &doc); err != nil {
		var zero D
		return zero, fmt.Errorf("decode %s %s: %w", s.t.what, caseID(r.ProcedureCode, r.CaseNo), err)
	}
	return s.t.def(caseversion.Meta{Procedure: r.ProcedureCode, Case: r.CaseNo, Version: r.Version,
		Status: caseversion.Status(r.Status), Revision: r.Revision, CreatedAt: utcTime(r.CreatedAt),
		CreatedBy: deref(r.CreatedBy), PublishedAt: utcTime(deref(r.PublishedAt)), PublishedBy: deref(r.PublishedBy)}, doc), nil
}

// read converts what a caseVersions method read.
func (s *CaseStore[T, D]) read(r caseVersionRow, err error) (D, error) {
	if err != nil {
		var zero D
		return zero, err
	}
	return s.fromRow(r)
}

// Lock takes a transaction-scoped advisory lock on the case's document.
func (s *CaseStore[T, D]) Lock(ctx context.Context, code string, caseNo int) error {
	return s.t.lock(ctx, s.db, code, caseNo)
}

// SaveDraft creates the case's draft (number = last version + 1) or
// replaces the existing draft's document, giving it a new revision;
// created_by and created_at then name whoever saved it last. The domain's
// not-found error when the procedure does not exist.
func (s *CaseStore[T, D]) SaveDraft(ctx context.Context, code string, caseNo int, doc T, actor int64, at time.Time) (D, error) {
	body, err := json.Marshal(doc)
	if err != nil {
		var zero D
		return zero, fmt.Errorf("encode %s %s: %w", s.t.what, caseID(code, caseNo), err)
	}
	return s.read(s.t.saveDraft(ctx, s.db, code, caseNo, body, actor, at))
}

// Publish makes the draft the published version and supersedes the
// previous one.
func (s *CaseStore[T, D]) Publish(ctx context.Context, code string, caseNo int, actor int64, at time.Time) (D, error) {
	return s.read(s.t.publish(ctx, s.db, code, caseNo, actor, at))
}

// DiscardDraft deletes the draft; the domain's no-draft error when there
// is none.
func (s *CaseStore[T, D]) DiscardDraft(ctx context.Context, code string, caseNo int) error {
	return s.t.discard(ctx, s.db, code, caseNo)
}

// Current returns the published version.
func (s *CaseStore[T, D]) Current(ctx context.Context, code string, caseNo int) (D, error) {
	return s.read(s.t.read(ctx, s.db, code, caseNo, "status = 'published'"))
}

// Draft returns the draft.
func (s *CaseStore[T, D]) Draft(ctx context.Context, code string, caseNo int) (D, error) {
	return s.read(s.t.read(ctx, s.db, code, caseNo, "status = 'draft'"))
}

// Version returns version n in any status.
func (s *CaseStore[T, D]) Version(ctx context.Context, code string, caseNo, n int) (D, error) {
	return s.read(s.t.read(ctx, s.db, code, caseNo, "version = ?", n))
}

// Versions lists every version of the case, newest first.
func (s *CaseStore[T, D]) Versions(ctx context.Context, code string, caseNo int) ([]D, error) {
	rows, err := s.t.list(ctx, s.db, code, caseNo)
	if err != nil {
		return nil, err
	}
	out := make([]D, len(rows))
	for i, r := range rows {
		if out[i], err = s.fromRow(r); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Heads lists the cases of a procedure that have a document, by case.
func (s *CaseStore[T, D]) Heads(ctx context.Context, code string) ([]caseversion.Head, error) {
	rows, err := s.t.heads(ctx, s.db, code)
	if err != nil {
		return nil, err
	}
	out := make([]caseversion.Head, len(rows))
	for i, r := range rows {
		out[i] = caseversion.Head{Procedure: code, Case: r.CaseNo, Current: r.Current, Draft: r.Draft, Revision: r.Revision}
	}
	return out, nil
}

// Count returns how many versions are stored (seed --if-empty).
func (s *CaseStore[T, D]) Count(ctx context.Context) (int, error) { return s.t.count(ctx, s.db) }
