// Package document owns the documents MotCua issues on paper or as PDF for
// a dossier: the statutory forms of the one-stop shop (receipt and
// appointment slip, request to supplement, refusal, apology with a new
// appointment, process control slip) and the result of a procedure (a
// licence or certificate). It holds their typed data, the form numbering
// of each rule set (forms.go) and the Renderer interface; it draws nothing.
//
// The wording printed on the forms is statutory Vietnamese and lives with
// the renderer (internal/pdfgen), not in the message catalogue: these
// documents are issued in Vietnamese whatever the reader's language.
//
// It imports only the standard library; internal/pdfgen implements
// Renderer.
package document
