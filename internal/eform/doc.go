// Package eform owns electronic forms (tờ khai điện tử): the definition of
// the questions of one case of one procedure as data (pages, sections,
// fields of sixteen kinds, conditional visibility, repeating groups, file
// slots bound to required documents, prefill sources), its versions, and
// the one validation code path that the browser form and the API share.
//
// It imports only the standard library and the domain packages valid and
// audit; internal/pgstore implements its Store.
package eform
