// Package workflow owns internal processes (quy trình nội bộ) as data: the
// ordered steps of one case of one procedure, each with its responsible
// unit, the role that acts, its mode (manual, semi-automatic, automatic),
// its time budget in working hours and the actions allowed there; their
// versions (a dossier keeps the version it started with); and the checks
// that refuse to publish a process that cannot run.
//
// It imports only the standard library and the domain packages audit and
// valid; internal/pgstore implements its Store.
package workflow
