// Package catalog owns the procedure catalogue: the national record of an
// administrative procedure (TTHC) with its cases, channels, fees, required
// documents, results, conditions and legal basis; its versions (editing
// makes a draft, publishing makes it current, older versions stay readable,
// a dossier keeps the version it was submitted under); search; and the
// national exchange format (national.go) used by import and export.
//
// It imports only the standard library and the domain packages audit and
// valid; internal/pgstore implements Store.
package catalog
