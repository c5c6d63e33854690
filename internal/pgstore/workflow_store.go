package pgstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/caseversion"
	"github.com/motcua/motcua/internal/workflow"
)

// WorkflowStore implements workflow.Store on the workflow_versions table:
// one row per version of the internal process of one case of one
// procedure, the flow as jsonb.
type WorkflowStore struct{ db *DB }

var _ workflow.Store = (*WorkflowStore)(nil)

// NewWorkflowStore returns a store using db (a pool or a transaction).
func NewWorkflowStore(db *DB) *WorkflowStore { return &WorkflowStore{db: db} }

// workflowVersions is the table; its locks' first key is "wflw" in ASCII.
var workflowVersions = caseVersions{table: "workflow_versions", body: "flow", seq: "workflow_revision_seq",
	fkey: "workflow_versions_procedure_code_fkey", lockKey: 0x77666c77, what: "internal process",
	notFound: workflow.ErrNotFound, noDraft: workflow.ErrNoDraft}

func workflowFromRow(r caseVersionRow) (workflow.Definition, error) {
	d := workflow.Definition{Meta: caseversion.Meta{Procedure: r.ProcedureCode, Case: r.CaseNo, Version: r.Version,
		Status: workflow.Status(r.Status), Revision: r.Revision, CreatedAt: utcTime(r.CreatedAt), CreatedBy: deref(r.CreatedBy),
		PublishedAt: utcTime(deref(r.PublishedAt)), PublishedBy: deref(r.PublishedBy)}}
	if err := json.Unmarshal(r.Body, &d.Flow); err != nil {
		return workflow.Definition{}, fmt.Errorf("decode internal process %s: %w", workflow.AuditID(r.ProcedureCode, r.CaseNo), err)
	}
	return d, nil
}

// workflowRead converts what a caseVersions method read.
func workflowRead(r caseVersionRow, err error) (workflow.Definition, error) {
	if err != nil {
		return workflow.Definition{}, err
	}
	return workflowFromRow(r)
}

// Lock takes a transaction-scoped advisory lock on the case's process.
func (s *WorkflowStore) Lock(ctx context.Context, code string, caseNo int) error {
	return workflowVersions.lock(ctx, s.db, code, caseNo)
}

// SaveDraft creates the case's draft (number = last version + 1) or
// replaces the existing draft's flow, giving it a new revision;
// created_by and created_at then name whoever saved it last. ErrNotFound
// when the procedure does not exist.
func (s *WorkflowStore) SaveDraft(ctx context.Context, code string, caseNo int, f workflow.Flow, actor int64, at time.Time) (workflow.Definition, error) {
	def, err := json.Marshal(f)
	if err != nil {
		return workflow.Definition{}, fmt.Errorf("encode internal process %s: %w", workflow.AuditID(code, caseNo), err)
	}
	return workflowRead(workflowVersions.saveDraft(ctx, s.db, code, caseNo, def, actor, at))
}

// Publish makes the draft the published version and supersedes the
// previous one.
func (s *WorkflowStore) Publish(ctx context.Context, code string, caseNo int, actor int64, at time.Time) (workflow.Definition, error) {
	return workflowRead(workflowVersions.publish(ctx, s.db, code, caseNo, actor, at))
}

// DiscardDraft deletes the draft; ErrNoDraft when there is none.
func (s *WorkflowStore) DiscardDraft(ctx context.Context, code string, caseNo int) error {
	return workflowVersions.discard(ctx, s.db, code, caseNo)
}

// Current returns the published version.
func (s *WorkflowStore) Current(ctx context.Context, code string, caseNo int) (workflow.Definition, error) {
	return workflowRead(workflowVersions.read(ctx, s.db, code, caseNo, "status = 'published'"))
}

// Draft returns the draft.
func (s *WorkflowStore) Draft(ctx context.Context, code string, caseNo int) (workflow.Definition, error) {
	return workflowRead(workflowVersions.read(ctx, s.db, code, caseNo, "status = 'draft'"))
}

// Version returns version n in any status.
func (s *WorkflowStore) Version(ctx context.Context, code string, caseNo, n int) (workflow.Definition, error) {
	return workflowRead(workflowVersions.read(ctx, s.db, code, caseNo, "version = ?", n))
}

// Versions lists every version of the case, newest first.
func (s *WorkflowStore) Versions(ctx context.Context, code string, caseNo int) ([]workflow.Definition, error) {
	rows, err := workflowVersions.list(ctx, s.db, code, caseNo)
	if err != nil {
		return nil, err
	}
	out := make([]workflow.Definition, len(rows))
	for i, r := range rows {
		if out[i], err = workflowFromRow(r); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Heads lists the cases of a procedure that have a process, by case.
func (s *WorkflowStore) Heads(ctx context.Context, code string) ([]workflow.Head, error) {
	rows, err := workflowVersions.heads(ctx, s.db, code)
	if err != nil {
		return nil, err
	}
	out := make([]workflow.Head, len(rows))
	for i, r := range rows {
		out[i] = workflow.Head{Procedure: code, Case: r.CaseNo, Current: r.Current, Draft: r.Draft, Revision: r.Revision}
	}
	return out, nil
}

// Count returns how many process versions are stored (seed --if-empty).
func (s *WorkflowStore) Count(ctx context.Context) (int, error) {
	return workflowVersions.count(ctx, s.db)
}
