package pgstore

import (
	"github.com/motcua/motcua/internal/caseversion"
	"github.com/motcua/motcua/internal/workflow"
)

// WorkflowStore implements workflow.Store on the workflow_versions table:
// one row per version of the internal process of one case of one
// procedure, the flow as jsonb.
type WorkflowStore = CaseStore[workflow.Flow, workflow.Definition]

var _ workflow.Store = (*WorkflowStore)(nil)

// NewWorkflowStore returns a store using db (a pool or a transaction).
func NewWorkflowStore(db *DB) *WorkflowStore { return &WorkflowStore{db: db, t: workflowVersions} }

// workflowVersions is the table; its locks' first key is "wflw" in ASCII.
var workflowVersions = caseDocs[workflow.Flow, workflow.Definition]{
	caseVersions: caseVersions{table: "workflow_versions", body: "flow", seq: "workflow_revision_seq",
		fkey: "workflow_versions_procedure_code_fkey", lockKey: 0x77666c77, what: "internal process",
		notFound: workflow.ErrNotFound, noDraft: workflow.ErrNoDraft},
	def: func(m caseversion.Meta, f workflow.Flow) workflow.Definition {
		return workflow.Definition{Meta: m, Flow: f}
	},
}
