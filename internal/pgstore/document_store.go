package pgstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/motcua/motcua/internal/document"
)

// DocumentStore implements document.Store.
type DocumentStore struct{ db *DB }

// NewDocumentStore builds a DocumentStore.
func NewDocumentStore(db *DB) *DocumentStore { return &DocumentStore{db: db} }

var _ document.Store = (*DocumentStore)(nil)

const documentColumns = `id, public_id, dossier_id, kind, source_key, title, number, unit_id, verify_code, sha256, size,
	storage_key, issued_at, issued_by, revoked_at, revoked_by, revoke_reason, replaced_by`

type rowScanner interface{ Scan(dest ...any) error }

func scanDocument(r rowScanner) (document.Issued, error) {
	var (
		d                             document.Issued
		kind                          string
		code                          sql.NullString
		sum                           []byte
		issuedBy, revokedBy, replaced sql.NullInt64
		revokedAt                     sql.NullTime
	)
	err := r.Scan(&d.ID, &d.PublicID, &d.DossierID, &kind, &d.Source, &d.Title, &d.Number, &d.UnitID, &code, &sum, &d.Size,
		&d.StorageKey, &d.IssuedAt, &issuedBy, &revokedAt, &revokedBy, &d.RevokeReason, &replaced)
	if errors.Is(err, sql.ErrNoRows) {
		return d, document.ErrNotFound
	}
	if err != nil {
		return d, err
	}
	d.Kind, d.VerifyCode = document.Kind(kind), code.String
	copy(d.SHA256[:], sum)
	d.IssuedBy, d.RevokedBy, d.ReplacedBy = idOf(issuedBy), idOf(revokedBy), idOf(replaced)
	d.RevokedAt = timeOf(revokedAt)
	return d, nil
}

func (s *DocumentStore) one(ctx context.Context, where string, args ...any) (document.Issued, error) {
	return scanDocument(sqlConn(ctx, s.db).QueryRowContext(ctx, "SELECT "+documentColumns+" FROM documents WHERE "+where, args...))
}

func (s *DocumentStore) list(ctx context.Context, where string, args ...any) ([]document.Issued, error) {
	rows, err := sqlConn(ctx, s.db).QueryContext(ctx, "SELECT "+documentColumns+" FROM documents WHERE "+where+" ORDER BY id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []document.Issued
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// BySource finds what an event issued.
func (s *DocumentStore) BySource(ctx context.Context, dossierID int64, k document.Kind, source string) (document.Issued, error) {
	return s.one(ctx, "dossier_id = $1 AND kind = $2 AND source_key = $3", dossierID, string(k), source)
}

// NextNumber takes the next number in the caller's transaction; the
// counter's row stays locked until it ends, so numbers have no gaps.
func (s *DocumentStore) NextNumber(ctx context.Context, unitID int64, k document.Kind, year int) (int, error) {
	var n int
	err := sqlConn(ctx, s.db).QueryRowContext(ctx, `INSERT INTO document_counters (unit_id, kind, year, last) VALUES ($1, $2, $3, 1)
		ON CONFLICT (unit_id, kind, year) DO UPDATE SET last = document_counters.last + 1 RETURNING last`,
		unitID, string(k), year).Scan(&n)
	return n, err
}

// Insert adds a document; ErrDuplicate when its source issued one already.
func (s *DocumentStore) Insert(ctx context.Context, d *document.Issued) error {
	var code *string
	if d.VerifyCode != "" {
		code = &d.VerifyCode
	}
	err := sqlConn(ctx, s.db).QueryRowContext(ctx, `INSERT INTO documents (public_id, dossier_id, kind, source_key, title, number,
		unit_id, verify_code, sha256, size, storage_key, issued_at, issued_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
		ON CONFLICT (dossier_id, kind, source_key) DO NOTHING RETURNING id`,
		d.PublicID, d.DossierID, string(d.Kind), d.Source, d.Title, d.Number, d.UnitID, code, d.SHA256[:], d.Size,
		d.StorageKey, dbTime(d.IssuedAt), nullableID(d.IssuedBy)).Scan(&d.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return document.ErrDuplicate
	}
	return err
}

// Get finds a document by its public ID.
func (s *DocumentStore) Get(ctx context.Context, publicID string) (document.Issued, error) {
	return s.one(ctx, "public_id = $1", publicID)
}

// ByID returns a document by its id.
func (s *DocumentStore) ByID(ctx context.Context, id int64) (document.Issued, error) {
	return s.one(ctx, "id = $1", id)
}

// ByVerifyCode finds a result by its verification code.
func (s *DocumentStore) ByVerifyCode(ctx context.Context, code string) (document.Issued, error) {
	return s.one(ctx, "verify_code = $1", code)
}

// BySHA256 lists the documents with this hash.
func (s *DocumentStore) BySHA256(ctx context.Context, sum [32]byte) ([]document.Issued, error) {
	return s.list(ctx, "sha256 = $1", sum[:])
}

// ForDossier lists a dossier's documents in the order issued.
func (s *DocumentStore) ForDossier(ctx context.Context, dossierID int64) ([]document.Issued, error) {
	return s.list(ctx, "dossier_id = $1", dossierID)
}

// Revoke records a revocation unless there is one.
func (s *DocumentStore) Revoke(ctx context.Context, id, by int64, at time.Time, reason string) error {
	res, err := sqlConn(ctx, s.db).ExecContext(ctx, `UPDATE documents SET revoked_at = $2, revoked_by = $3, revoke_reason = $4
		WHERE id = $1 AND revoked_at IS NULL`, id, dbTime(at), by, reason)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return document.ErrRevoked
	}
	return nil
}

// Supersede marks the dossier's other documents of a kind replaced.
func (s *DocumentStore) Supersede(ctx context.Context, dossierID int64, k document.Kind, id int64) error {
	_, err := sqlConn(ctx, s.db).ExecContext(ctx, `UPDATE documents SET replaced_by = $3
		WHERE dossier_id = $1 AND kind = $2 AND id <> $3 AND replaced_by IS NULL`, dossierID, string(k), id)
	return err
}

// ---------------------------------------------------------------------------
// Result templates.

// ResultTemplate is a procedure's result template; the zero template when
// it has none.
func (s *DocumentStore) ResultTemplate(ctx context.Context, procedure string) (document.ResultTemplate, error) {
	var (
		t document.ResultTemplate
		b []byte
	)
	err := sqlConn(ctx, s.db).QueryRowContext(ctx, "SELECT body FROM result_templates WHERE procedure_code = $1", procedure).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return t, nil
	}
	if err != nil {
		return t, err
	}
	return t, json.Unmarshal(b, &t)
}

// PutResultTemplate writes a procedure's result template.
func (s *DocumentStore) PutResultTemplate(ctx context.Context, procedure string, t document.ResultTemplate, by int64, at time.Time) error {
	b, err := json.Marshal(t)
	if err != nil {
		return err
	}
	_, err = sqlConn(ctx, s.db).ExecContext(ctx, `INSERT INTO result_templates (procedure_code, body, updated_by, updated_at)
		VALUES ($1, $2, $3, $4) ON CONFLICT (procedure_code) DO UPDATE SET body = EXCLUDED.body,
		updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`, procedure, string(b), nullableID(by), dbTime(at))
	return err
}

// ResultTemplateCodes lists the procedures that have a result template.
func (s *DocumentStore) ResultTemplateCodes(ctx context.Context) ([]string, error) {
	rows, err := sqlConn(ctx, s.db).QueryContext(ctx, "SELECT procedure_code FROM result_templates ORDER BY procedure_code")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
