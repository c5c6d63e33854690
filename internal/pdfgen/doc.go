// Package pdfgen renders the documents of internal/document as PDF files
// on A4 paper: the one-stop shop's statutory forms and a procedure's
// result. It is the only package that imports the PDF library
// (github.com/go-pdf/fpdf, the maintained gofpdf fork; depguard enforces
// it) and the QR encoder (rsc.io/qr).
//
// Text is set in DejaVu Sans and DejaVu Sans Bold, embedded in the binary
// (fonts/, with their licence) and cut down to the characters Vietnamese
// documents use (scripts/subset-fonts.sh). Every string is normalised to
// NFC and checked against the fonts' character map before it is drawn, so
// Vietnamese round-trips exactly through text extraction and nothing is
// drawn as an invisible missing glyph.
//
// It imports the domain packages document and i18n (for dates and times),
// golang.org/x/text for normalisation, and the two libraries above.
package pdfgen
