//go:build ignore

// Command forms writes the blank forms (mẫu đơn, tờ khai) of the seed
// catalogue as minimal .docx files.
//
// Run from the repository root:
//
//	go run testdata/seed/catalog/gen/forms.go
//
// It reads testdata/seed/catalog/gen/forms.json and writes one file per
// entry to testdata/seed/catalog/forms/<file>. The output is deterministic:
// fixed zip timestamps and a fixed entry order, so regenerating gives
// identical bytes.
//
// forms.json is a list of objects:
//
//	file       output file name (must end in .docx)
//	title      form title (bold, centred)
//	subtitle   optional line under the title (centred)
//	source     legal source of the form (italic, right-aligned, at the top)
//	motto      national motto header lines (bold, centred)
//	to         optional "Kính gửi: ..." line
//	lines      body lines; a line starting with "## " is bold
//	signature  signature block lines (centred, at the end)
package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

const (
	inFile = "testdata/seed/catalog/gen/forms.json"
	outDir = "testdata/seed/catalog/forms"
)

type form struct {
	File      string   `json:"file"`
	Title     string   `json:"title"`
	Subtitle  string   `json:"subtitle"`
	Source    string   `json:"source"`
	Motto     []string `json:"motto"`
	To        string   `json:"to"`
	Lines     []string `json:"lines"`
	Signature []string `json:"signature"`
}

// Fixed modification time for every zip entry (the zip format starts in 1980).
var stamp = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`</Types>`

const rels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`</Relationships>`

func main() {
	data, err := os.ReadFile(inFile)
	if err != nil {
		fail(err)
	}
	var forms []form
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&forms); err != nil {
		fail(fmt.Errorf("%s: %w", inFile, err))
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		fail(err)
	}
	seen := map[string]bool{}
	for _, f := range forms {
		if !strings.HasSuffix(f.File, ".docx") || strings.ContainsAny(f.File, `/\`) {
			fail(fmt.Errorf("bad file name %q", f.File))
		}
		if seen[f.File] {
			fail(fmt.Errorf("duplicate file name %q", f.File))
		}
		seen[f.File] = true
		b, err := docx(f)
		if err != nil {
			fail(fmt.Errorf("%s: %w", f.File, err))
		}
		if err := os.WriteFile(filepath.Join(outDir, f.File), b, 0o644); err != nil {
			fail(err)
		}
	}
	fmt.Printf("wrote %d forms to %s\n", len(forms), outDir)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "forms:", err)
	os.Exit(1)
}

// docx builds the zip package of one form.
func docx(f form) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", rels},
		{"word/document.xml", document(f)},
	}
	for _, p := range parts {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: stamp})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write([]byte(p.body)); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

type para struct {
	text   string
	align  string // "", "center", "right", "both"
	bold   bool
	italic bool
	size   int // half-points; 0 = 26 (13 pt)
	before int // spacing before, twentieths of a point
}

func document(f form) string {
	var ps []para
	if f.Source != "" {
		ps = append(ps, para{text: f.Source, align: "right", italic: true, size: 22})
	}
	for i, m := range f.Motto {
		ps = append(ps, para{text: m, align: "center", bold: true, before: boolTw(i == 0, 120)})
	}
	if len(f.Motto) > 0 {
		ps = append(ps, para{text: "_______________", align: "center"})
	}
	ps = append(ps, para{text: f.Title, align: "center", bold: true, size: 28, before: 240})
	if f.Subtitle != "" {
		ps = append(ps, para{text: f.Subtitle, align: "center", italic: true})
	}
	if f.To != "" {
		ps = append(ps, para{text: f.To, align: "center", before: 120})
	}
	for _, l := range f.Lines {
		p := para{text: l, align: "both", before: 60}
		if t, ok := strings.CutPrefix(l, "## "); ok {
			p.text, p.bold = t, true
		}
		ps = append(ps, p)
	}
	for i, s := range f.Signature {
		ps = append(ps, para{text: s, align: "center", bold: i == 0, italic: i > 0, before: boolTw(i == 0, 240)})
	}

	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	b.WriteString(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	for _, p := range ps {
		writePara(&b, p)
	}
	// A4 portrait, 2 cm / 3 cm margins as in Vietnamese administrative documents.
	b.WriteString(`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>` +
		`<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1701" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr>`)
	b.WriteString(`</w:body></w:document>`)
	return b.String()
}

func boolTw(cond bool, tw int) int {
	if cond {
		return tw
	}
	return 0
}

func writePara(b *strings.Builder, p para) {
	size := p.size
	if size == 0 {
		size = 26
	}
	b.WriteString(`<w:p><w:pPr>`)
	fmt.Fprintf(b, `<w:spacing w:before="%d" w:after="0"/>`, p.before)
	if p.align != "" {
		fmt.Fprintf(b, `<w:jc w:val="%s"/>`, p.align)
	}
	b.WriteString(`</w:pPr><w:r><w:rPr>`)
	b.WriteString(`<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/>`)
	if p.bold {
		b.WriteString(`<w:b/>`)
	}
	if p.italic {
		b.WriteString(`<w:i/>`)
	}
	fmt.Fprintf(b, `<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, size, size)
	b.WriteString(`</w:rPr><w:t xml:space="preserve">`)
	var esc bytes.Buffer
	_ = xml.EscapeText(&esc, []byte(p.text))
	b.Write(esc.Bytes())
	b.WriteString(`</w:t></w:r></w:p>`)
}
