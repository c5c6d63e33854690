// Package dossier owns dossiers (hồ sơ) from the first answer to the
// applicant's view of the result: drafts saved page by page and resumable
// on any device, attachments (checked by content, kept in a file store,
// reusable in later dossiers), prefill from the applicant's account and the
// population and business registries, the completeness check, submission
// (one transaction: the dossier code, an immutable snapshot of the
// procedure version and the e-form, the answers and the files), desk
// intake by a clerk, the applicant's list and withdrawal, and the public
// status lookup.
//
// It imports only the standard library and the domain packages account,
// audit, catalog, eform, org, upload and valid; internal/pgstore implements
// its Store and Registry, internal/filestore the file store.
package dossier
