// Command gen writes the generated upload fixtures into testdata/uploads
// (the Office ones come from LibreOffice: see office.sh and ../README.md).
// Run it from the repository root:
//
//	go run ./testdata/uploads/gen
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/motcua/motcua/internal/upload/uploadtest"
)

func main() {
	refused := uploadtest.Refused()
	files := map[string][]byte{
		// Accepted.
		"sample.pdf": uploadtest.PDF(0),
		"sample.jpg": uploadtest.JPEG(),
		"sample.png": uploadtest.PNG(),
		// Accepted by content whatever the name says.
		"pdf-renamed.docx":  uploadtest.PDF(0),
		"photo-named.pdf":   uploadtest.PNG(),
		"header-only.pdf":   []byte("%PDF-1.7\n"),
		"junk-then-pdf.pdf": append([]byte("\x00\x00junk before the marker\n"), uploadtest.PDF(0)...),
		// Refused.
		"html-named.pdf":     refused["html"],
		"exe-header.pdf":     refused["exe"],
		"not-ooxml.docx":     refused["zip"],
		"script.svg":         refused["svg"],
		"image.gif":          refused["gif"],
		"text-named.doc":     refused["text"],
		"installer-like.xls": refused["msi"],
		"macros.docx":        refused["docm"],
		"macros.doc":         refused["docmac"],
		"empty.pdf":          {},
	}
	dir := filepath.Join("testdata", "uploads")
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
