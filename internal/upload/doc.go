// Package upload owns the safe-upload pipeline for dossier attachments: the
// accepted file types (PDF, JPEG, PNG, DOC, DOCX, XLS, XLSX) recognised by
// their content rather than their name, the per-file and per-dossier size
// limits enforced while the bytes stream in, the SHA-256 of what was stored,
// sanitised display names, the Store interface through which files are
// kept (internal/filestore implements it on a local directory), and Sweep,
// which removes what a crash left in a store (files no record names,
// pending files) once they are a day old.
//
// Nothing is trusted from the client but the bytes: the declared content
// type and the file name's extension are ignored when deciding what a file
// is, and the stored name always carries the extension of the sniffed type.
//
// It imports only the standard library and golang.org/x/text/unicode/norm
// (for NFC names, as catalog does); it never imports net/http: handlers in
// web/ pass the request body in as an io.Reader.
package upload
