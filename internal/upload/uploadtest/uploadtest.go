// Package uploadtest builds files for the tests and benchmarks of uploads:
// valid PDFs of any size, JPEG and PNG images, ZIP archives with chosen
// entry names, and compound files (the container of .doc and .xls) with
// chosen directory entries. testdata/uploads/gen uses it to write the
// committed fixtures.
//
// It imports only the standard library. Import it from tests only.
package uploadtest

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"unicode/utf16"
)

// PDF returns a valid one-page PDF 1.4 of at least size bytes (about 600
// when size is small), saying "MotCua" on an A4 page, with a correct
// cross-reference table, so that pdfinfo and browsers open it. Large sizes
// are reached with comment lines in the page's content stream, so the file
// stays one page and renders the same.
func PDF(size int) []byte {
	const text = "BT /F1 24 Tf 72 760 Td (MotCua: tep dinh kem thu nghiem) Tj ET\n"
	b := pdf(text)
	if len(b) >= size {
		return b
	}
	// Padding only lengthens the file (offsets in the cross-reference table
	// have a fixed width), so one pass is enough.
	const line = "% padding to make the file as large as a scanned page would be\n"
	n := (size - len(b) + len(line) - 1) / len(line)
	return pdf(text + strings.Repeat(line, n))
}

func pdf(content string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n") // the binary comment tells tools the file is binary
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", len(content), content),
	}
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f\r\n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n\r\n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// picture is a small gradient, so that the encoders have something to do.
func picture() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 32, 24))
	for y := range 24 {
		for x := range 32 {
			img.Set(x, y, color.RGBA{R: uint8(x * 8), G: uint8(y * 10), B: 160, A: 255})
		}
	}
	return img
}

// JPEG returns a small valid JPEG image.
func JPEG() []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, picture(), &jpeg.Options{Quality: 80}); err != nil {
		panic(err) // cannot fail when writing to memory
	}
	return b.Bytes()
}

// PNG returns a small valid PNG image.
func PNG() []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, picture()); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// ZipEntry is one file of a ZIP archive built by Zip.
type ZipEntry struct {
	Name, Body string
}

// Zip returns a ZIP archive of the entries, in order.
func Zip(entries ...ZipEntry) []byte {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, e := range entries {
		f, err := w.Create(e.Name)
		if err != nil {
			panic(err)
		}
		if _, err := f.Write([]byte(e.Body)); err != nil {
			panic(err)
		}
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// DOCX returns a minimal valid Word document (the parts Word needs to open
// it) with one paragraph.
func DOCX() []byte {
	return Zip(
		ZipEntry{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		ZipEntry{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		ZipEntry{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Đơn đề nghị (MotCua)</w:t></w:r></w:p></w:body></w:document>`},
	)
}

// XLSX returns a minimal valid Excel workbook with one sheet and one cell.
func XLSX() []byte {
	return Zip(
		ZipEntry{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`},
		ZipEntry{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		ZipEntry{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		ZipEntry{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
		ZipEntry{"xl/worksheets/sheet1.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>MotCua</t></is></c></row></sheetData></worksheet>`},
	)
}

// CFBEntry is a directory entry of a compound file built by CFB: a stream
// (its content is left empty) or, with Storage set, a storage holding
// Children.
type CFBEntry struct {
	Name     string
	Storage  bool
	Children []CFBEntry
}

// CFB returns a compound file (version 3, or 4 when major is 4) whose root
// storage holds entries. Streams are empty: what a sniffer reads is the
// directory, and an empty stream is valid. The result is well formed
// enough for a directory reader, not a document Word or Excel would open;
// real .doc and .xls fixtures come from LibreOffice (see
// testdata/uploads/README.md).
func CFB(major int, entries ...CFBEntry) []byte {
	shift := 9
	if major == 4 {
		shift = 12
	} else {
		major = 3
	}
	sectorSize := 1 << shift

	// Flatten the tree into directory entries. Siblings are linked as a
	// right-leaning chain (every node black): readers must cope with any
	// tree shape, and this is the simplest one.
	type dirEntry struct {
		name               string
		kind               byte
		left, right, child uint32
	}
	const none = 0xFFFFFFFF
	dir := []dirEntry{{name: "Root Entry", kind: 5, left: none, right: none, child: none}}
	var add func(es []CFBEntry) uint32
	add = func(es []CFBEntry) uint32 {
		first := uint32(none)
		prev := -1
		for _, e := range es {
			id := len(dir)
			kind := byte(2)
			if e.Storage {
				kind = 1
			}
			dir = append(dir, dirEntry{name: e.Name, kind: kind, left: none, right: none, child: none})
			if prev < 0 {
				first = uint32(id)
			} else {
				dir[prev].right = uint32(id)
			}
			prev = id
			if e.Storage {
				child := add(e.Children)
				dir[id].child = child
			}
		}
		return first
	}
	dir[0].child = add(entries)

	perSector := sectorSize / 128
	dirSectors := (len(dir) + perSector - 1) / perSector
	// Layout: sector 0 is the FAT, sectors 1..dirSectors the directory.
	if dirSectors+1 > sectorSize/4 {
		panic("uploadtest: too many CFB entries for one FAT sector")
	}
	le := binary.LittleEndian
	out := make([]byte, sectorSize*(2+dirSectors))

	h := out[:512]
	copy(h, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
	le.PutUint16(h[0x18:], 0x3E)
	le.PutUint16(h[0x1A:], uint16(major))
	le.PutUint16(h[0x1C:], 0xFFFE)
	le.PutUint16(h[0x1E:], uint16(shift))
	le.PutUint16(h[0x20:], 6)
	le.PutUint32(h[0x2C:], 1)    // one FAT sector
	le.PutUint32(h[0x30:], 1)    // the directory starts at sector 1
	le.PutUint32(h[0x38:], 4096) // mini stream cutoff
	le.PutUint32(h[0x3C:], 0xFFFFFFFE)
	le.PutUint32(h[0x44:], 0xFFFFFFFE)
	for i := range 109 {
		le.PutUint32(h[0x4C+4*i:], 0xFFFFFFFF)
	}
	le.PutUint32(h[0x4C:], 0) // the FAT is sector 0

	sector := func(n int) []byte { return out[(n+1)*sectorSize : (n+2)*sectorSize] }
	fat := sector(0)
	for i := range sectorSize / 4 {
		le.PutUint32(fat[4*i:], 0xFFFFFFFF)
	}
	le.PutUint32(fat[0:], 0xFFFFFFFD) // FATSECT
	for i := 1; i <= dirSectors; i++ {
		next := uint32(i + 1)
		if i == dirSectors {
			next = 0xFFFFFFFE
		}
		le.PutUint32(fat[4*i:], next)
	}

	for i, d := range dir {
		s := sector(1 + i/perSector)
		e := s[(i%perSector)*128:][:128]
		units := utf16.Encode([]rune(d.name))
		if len(units) > 31 {
			panic("uploadtest: CFB name too long: " + d.name)
		}
		for j, u := range units {
			le.PutUint16(e[2*j:], u)
		}
		le.PutUint16(e[0x40:], uint16(2*(len(units)+1)))
		e[0x42] = d.kind
		e[0x43] = 1 // black
		le.PutUint32(e[0x44:], d.left)
		le.PutUint32(e[0x48:], d.right)
		le.PutUint32(e[0x4C:], d.child)
		le.PutUint32(e[0x74:], 0xFFFFFFFE) // no data: start sector ENDOFCHAIN, size 0
	}
	// Unused entries in the last directory sector are empty (type 0) with
	// no siblings or child.
	for i := len(dir); i < dirSectors*perSector; i++ {
		s := sector(1 + i/perSector)
		e := s[(i%perSector)*128:][:128]
		le.PutUint32(e[0x44:], 0xFFFFFFFF)
		le.PutUint32(e[0x48:], 0xFFFFFFFF)
		le.PutUint32(e[0x4C:], 0xFFFFFFFF)
	}
	return out
}

// Refused returns small files of formats that are not accepted, by name:
// what a fixture or a table test feeds the sniffer to see it refused.
func Refused() map[string][]byte {
	return map[string][]byte{
		"html":   []byte("<!DOCTYPE html>\n<html><head><title>x</title></head><body><script>alert(document.cookie)</script></body></html>\n"),
		"exe":    exe(),
		"zip":    Zip(ZipEntry{"readme.txt", "not an office document"}),
		"svg":    []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>` + "\n"),
		"gif":    []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"),
		"text":   []byte(strings.Repeat("Họ và tên: Nguyễn Văn A\n", 4)),
		"msi":    CFB(3, CFBEntry{Name: "\u4840\u3b3f\u4577\u446c\u3b6a\u45e4\u4824"}, CFBEntry{Name: "\x05SummaryInformation"}),
		"docm":   Zip(ZipEntry{"[Content_Types].xml", "<Types/>"}, ZipEntry{"word/document.xml", "<w:document/>"}, ZipEntry{"word/vbaProject.bin", "VBA"}),
		"docmac": CFB(3, CFBEntry{Name: "WordDocument"}, CFBEntry{Name: "1Table"}, CFBEntry{Name: "Macros", Storage: true, Children: []CFBEntry{{Name: "VBA", Storage: true}}}),
	}
}

// exe is the start of a Windows executable: a DOS header pointing at a PE
// header.
func exe() []byte {
	b := make([]byte, 256)
	copy(b, "MZ")
	binary.LittleEndian.PutUint32(b[0x3C:], 0x80)
	copy(b[0x40:], "This program cannot be run in DOS mode.\r\r\n$")
	copy(b[0x80:], "PE\x00\x00\x4c\x01")
	return b
}
