// Package caseversion keeps a versioned JSON document per case of a
// procedure: numbered versions, at most one draft and one published
// version per case, superseded versions kept; drafts checked before they
// are saved and again, possibly more strictly, before they are published;
// optimistic concurrency for editors (a revision per write); every change
// an audit entry listing what the document type's Diff found; an import
// of files of such documents that is all or nothing and idempotent.
//
// E-forms (internal/eform) and internal processes (internal/workflow) are
// such documents. Each instantiates Service with its document type T and
// its definition type D (a struct embedding Meta beside its T), and Hooks
// for what differs: the checks of a case, Diff, equality, the audit object
// type, the strict JSON reader and the name of the document in import
// files.
//
// It imports only the standard library and the domain packages audit and
// valid; internal/pgstore implements its Store.
package caseversion
