// Package workflow owns internal processes (quy trình nội bộ) as data: the
// ordered steps of one case of one procedure, each with its responsible
// unit, the role that acts, its mode (manual, semi-automatic, automatic),
// its time budget in working hours and the actions allowed there; their
// versions (a dossier keeps the version it started with); and the checks
// that refuse to publish a process that cannot run.
//
// How definitions are kept: Service (a caseversion.Service) stores
// numbered versions per case, at most one draft and one published. Flow.Check says why a flow cannot run,
// by path ("steps.2.actions.0.target") and message key (workflow.check.*):
// the flow on its own, and through a World the service builds for the
// case, the units each step may land on, their active staff and the
// procedure's legal time per channel. SaveDraft runs CheckDraft (all but
// the staff, who may be appointed later) and refuses an edit based on a
// revision someone else has replaced since (ErrConflict); Publish runs
// Check; every change is an audit entry listing what Diff found. ParseFlow
// reads a flow's JSON strictly, saying where a problem is; Import loads
// files of processes (the seed) all or nothing, publishing what differs
// and passes Check, keeping as drafts what waits for staff.
//
// It imports only the standard library and the domain packages audit,
// caseversion, strictjson and valid; internal/pgstore implements its Store.
package workflow
