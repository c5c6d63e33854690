// Package eform owns electronic forms (tờ khai điện tử): the definition of
// the questions of one case of one procedure as data (pages, sections,
// fields of sixteen kinds, conditional visibility, repeating groups, file
// slots bound to required documents, prefill sources), its versions, and
// the one validation code path that the browser form and the API share.
//
// How answers flow:
//
//   - the browser posts one page: Decode reads it into the saved answers,
//     ApplyAction adds or removes a group item when an "_action" button
//     was pressed, and Clean(Options{Page: id}) trims, normalises, drops
//     hidden and unknown answers and reports the page's errors;
//   - the API sends Answers as JSON (Value reads its shape without the
//     form) and calls the same Clean with the whole form;
//   - Summary lists the cleaned answers for "check your answers";
//   - Prefill fills empty fields from the account and the national
//     registries (RegistryKeys says which records are needed);
//   - administrators' definitions go through Check before they are saved.
//
// How definitions are kept: Service (a caseversion.Service) stores
// numbered versions per case, at most one draft and one published; SaveDraft checks the definition against
// the case's documents and refuses an edit based on a revision someone else
// has replaced since (ErrConflict); Publish checks again; every change is an
// audit entry listing what Diff found. ParseForm reads a definition's JSON
// strictly, saying where a problem is; Import loads files of e-forms (the
// seed) all or nothing, publishing only what differs.
//
// Errors are valid.Errors whose paths are the input names ("id",
// "id.province", "id.N.sub"), so the error summary can link to each input,
// and whose keys are in the catalogue (eform.error.*, eform.check.*). An
// answer's message names its question ("Tên hộ kinh doanh: ..."), so the
// summary reads on its own. The rules a paper form states in its hints
// are data of the definition, not code: a pattern with its message, the
// words an answer begins with (prefixes: "HỘ KINH DOANH"), the yes/no
// question exactly one item of a group answers yes (one_yes: the main
// line of business).
//
// It imports only the standard library, golang.org/x/text/unicode/norm
// (answers typed in either Unicode form compare alike) and the domain
// packages valid, org
// (the national list of places that addresses are checked against), audit,
// caseversion (versions, drafts, the audit trail, the import) and
// strictjson (reading definitions); internal/pgstore implements its Store.
package eform
