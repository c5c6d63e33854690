package pgstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// caseVersions is a table of numbered versions of one JSON document per
// case of a procedure (e-forms, internal processes): at most one draft
// and one published version per case (partial unique indexes), a revision
// from a sequence on every write, writers of one case serialised by an
// advisory lock. The stores of those documents convert its rows.
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
