package pgstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/caseversion"
	"github.com/motcua/motcua/internal/eform"
)

// EformStore implements eform.Store on the eform_versions table: one row
// per version of the e-form of one case of one procedure, the definition
// as jsonb.
type EformStore struct{ db *DB }

var _ eform.Store = (*EformStore)(nil)

// NewEformStore returns a store using db (a pool or a transaction).
func NewEformStore(db *DB) *EformStore { return &EformStore{db: db} }

// eformVersions is the table; its locks' first key is "efor" in ASCII.
var eformVersions = caseVersions{table: "eform_versions", body: "definition", seq: "eform_revision_seq",
	fkey: "eform_versions_procedure_code_fkey", lockKey: 0x65666f72, what: "e-form",
	notFound: eform.ErrNotFound, noDraft: eform.ErrNoDraft}

func eformFromRow(r caseVersionRow) (eform.Definition, error) {
	d := eform.Definition{Meta: caseversion.Meta{Procedure: r.ProcedureCode, Case: r.CaseNo, Version: r.Version,
		Status: eform.Status(r.Status), Revision: r.Revision, CreatedAt: utcTime(r.CreatedAt), CreatedBy: deref(r.CreatedBy),
		PublishedAt: utcTime(deref(r.PublishedAt)), PublishedBy: deref(r.PublishedBy)}}
	if err := json.Unmarshal(r.Body, &d.Form); err != nil {
		return eform.Definition{}, fmt.Errorf("decode e-form %s: %w", eform.AuditID(r.ProcedureCode, r.CaseNo), err)
	}
	return d, nil
}

// eformRead converts what a caseVersions method read.
func eformRead(r caseVersionRow, err error) (eform.Definition, error) {
	if err != nil {
		return eform.Definition{}, err
	}
	return eformFromRow(r)
}

// Lock takes a transaction-scoped advisory lock on the case's e-form.
func (s *EformStore) Lock(ctx context.Context, code string, caseNo int) error {
	return eformVersions.lock(ctx, s.db, code, caseNo)
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
	return eformRead(eformVersions.saveDraft(ctx, s.db, code, caseNo, def, actor, at))
}

// Publish makes the draft the published version and supersedes the
// previous one.
func (s *EformStore) Publish(ctx context.Context, code string, caseNo int, actor int64, at time.Time) (eform.Definition, error) {
	return eformRead(eformVersions.publish(ctx, s.db, code, caseNo, actor, at))
}

// DiscardDraft deletes the draft; ErrNoDraft when there is none.
func (s *EformStore) DiscardDraft(ctx context.Context, code string, caseNo int) error {
	return eformVersions.discard(ctx, s.db, code, caseNo)
}

// Current returns the published version.
func (s *EformStore) Current(ctx context.Context, code string, caseNo int) (eform.Definition, error) {
	return eformRead(eformVersions.read(ctx, s.db, code, caseNo, "status = 'published'"))
}

// Draft returns the draft.
func (s *EformStore) Draft(ctx context.Context, code string, caseNo int) (eform.Definition, error) {
	return eformRead(eformVersions.read(ctx, s.db, code, caseNo, "status = 'draft'"))
}

// Version returns version n in any status.
func (s *EformStore) Version(ctx context.Context, code string, caseNo, n int) (eform.Definition, error) {
	return eformRead(eformVersions.read(ctx, s.db, code, caseNo, "version = ?", n))
}

// Versions lists every version of the case, newest first.
func (s *EformStore) Versions(ctx context.Context, code string, caseNo int) ([]eform.Definition, error) {
	rows, err := eformVersions.list(ctx, s.db, code, caseNo)
	if err != nil {
		return nil, err
	}
	out := make([]eform.Definition, len(rows))
	for i, r := range rows {
		if out[i], err = eformFromRow(r); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Heads lists the cases of a procedure that have an e-form, by case.
func (s *EformStore) Heads(ctx context.Context, code string) ([]eform.Head, error) {
	rows, err := eformVersions.heads(ctx, s.db, code)
	if err != nil {
		return nil, err
	}
	out := make([]eform.Head, len(rows))
	for i, r := range rows {
		out[i] = eform.Head{Procedure: code, Case: r.CaseNo, Current: r.Current, Draft: r.Draft, Revision: r.Revision}
	}
	return out, nil
}

// Count returns how many e-form versions are stored (seed --if-empty).
func (s *EformStore) Count(ctx context.Context) (int, error) { return eformVersions.count(ctx, s.db) }
