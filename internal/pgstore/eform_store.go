package pgstore

import (
	"github.com/motcua/motcua/internal/caseversion"
	"github.com/motcua/motcua/internal/eform"
)

// EformStore implements eform.Store on the eform_versions table: one row
// per version of the e-form of one case of one procedure, the definition
// as jsonb.
type EformStore = CaseStore[eform.Form, eform.Definition]

var _ eform.Store = (*EformStore)(nil)

// NewEformStore returns a store using db (a pool or a transaction).
func NewEformStore(db *DB) *EformStore { return &EformStore{db: db, t: eformVersions} }

// eformVersions is the table; its locks' first key is "efor" in ASCII.
var eformVersions = caseDocs[eform.Form, eform.Definition]{
	caseVersions: caseVersions{table: "eform_versions", body: "definition", seq: "eform_revision_seq",
		fkey: "eform_versions_procedure_code_fkey", lockKey: 0x65666f72, what: "e-form",
		notFound: eform.ErrNotFound, noDraft: eform.ErrNoDraft},
	def: func(m caseversion.Meta, f eform.Form) eform.Definition { return eform.Definition{Meta: m, Form: f} },
}
