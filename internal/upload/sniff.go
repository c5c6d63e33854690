package upload

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
)

// ErrType means the content is not one of the accepted formats, whatever
// the file's name or declared content type says.
var ErrType = errors.New("upload: file type not accepted")

// sniffLen is how much of the start of a file the signatures are looked for
// in: PDF readers accept "%PDF-" anywhere in the first 1024 bytes.
const sniffLen = 1024

const (
	magicJPEG = "\xFF\xD8\xFF"
	magicPNG  = "\x89PNG\r\n\x1A\n"
	magicZIP  = "PK\x03\x04"
	magicPDF  = "%PDF-"
)

// Sniff tells the type of the size bytes readable from r by their content.
// It refuses everything but the accepted formats with an error wrapping
// ErrType; any other error is a failure to read r.
//
// It reads a bounded amount whatever the input: the first 1024 bytes, and
// for Office files their directory (compound-file directory or ZIP central
// directory) without decompressing anything, so zip bombs cost nothing.
//
// The signatures at offset 0 are checked before the PDF marker so that a
// polyglot (a ZIP or compound file carrying "%PDF-" early) is judged by its
// real container and refused if that is not an accepted one. A file that
// starts like a PDF is accepted as one without parsing further: a truncated
// or broken PDF is harmless to serve as an attachment, and staff will see
// that it does not open.
func Sniff(r io.ReaderAt, size int64) (Type, error) {
	if size <= 0 {
		return "", fmt.Errorf("%w: empty file", ErrType)
	}
	head := make([]byte, min(size, sniffLen))
	if n, err := r.ReadAt(head, 0); n < len(head) {
		return "", fmt.Errorf("upload: reading the file start: %w", err)
	}
	s := string(head)
	switch {
	case strings.HasPrefix(s, magicJPEG):
		return JPEG, nil
	case strings.HasPrefix(s, magicPNG):
		return PNG, nil
	case strings.HasPrefix(s, cfbMagic):
		return sniffCFB(r, size)
	case strings.HasPrefix(s, magicZIP):
		return sniffOOXML(r, size)
	case bytes.Contains(head, []byte(magicPDF)):
		return PDF, nil
	}
	return "", ErrType
}

// sniffCFB tells a Word document from an Excel workbook by the streams at
// the root of the compound file. Only the root is looked at: a Word document
// with an embedded spreadsheet has a "Workbook" stream too, but deeper down
// (in ObjectPool). Files with VBA macros are refused: no dossier needs them
// and they are the usual way malware travels in Office files.
func sniffCFB(r io.ReaderAt, size int64) (Type, error) {
	entries, err := cfbRootEntries(r, size)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrType, err)
	}
	var word, book bool
	for _, e := range entries {
		switch {
		case e.kind == cfbStream && strings.EqualFold(e.name, "WordDocument"):
			word = true
		case e.kind == cfbStream && (strings.EqualFold(e.name, "Workbook") || strings.EqualFold(e.name, "Book")):
			book = true
		case e.kind == cfbStorage && (strings.EqualFold(e.name, "Macros") || strings.EqualFold(e.name, "_VBA_PROJECT_CUR")):
			return "", fmt.Errorf("%w: document with macros", ErrType)
		}
	}
	switch {
	case word && !book:
		return DOC, nil
	case book && !word:
		return XLS, nil
	}
	// Neither (PowerPoint, MSI installers, Outlook messages, encrypted
	// OOXML) or both (ambiguous): refused.
	return "", fmt.Errorf("%w: compound file is neither a Word nor an Excel file", ErrType)
}

// sniffOOXML tells DOCX from XLSX by the names in the ZIP central directory;
// no entry is opened. Macro-enabled files (docm, xlsm, which keep their VBA
// in vbaProject.bin) are refused for the same reason as in sniffCFB, and
// also because Office refuses to open them under a .docx or .xlsx name.
func sniffOOXML(r io.ReaderAt, size int64) (Type, error) {
	if err := checkZipDirectory(r, size); err != nil {
		return "", err
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrType, err)
	}
	var contentTypes, word, book bool
	for _, f := range zr.File {
		name := f.Name
		switch {
		case strings.EqualFold(name, "[Content_Types].xml"):
			contentTypes = true
		case strings.EqualFold(name, "word/document.xml"):
			word = true
		case strings.EqualFold(name, "xl/workbook.xml"):
			book = true
		case strings.HasSuffix(strings.ToLower(name), "vbaproject.bin"):
			return "", fmt.Errorf("%w: document with macros", ErrType)
		}
	}
	switch {
	case !contentTypes:
	case word && !book:
		return DOCX, nil
	case book && !word:
		return XLSX, nil
	}
	return "", fmt.Errorf("%w: ZIP file is neither a Word nor an Excel document", ErrType)
}

// maxZipDirectory bounds the bytes of a ZIP central directory that
// archive/zip may read. It keeps a File (a few hundred bytes) per 46-byte
// directory record, so an upload made of nothing but empty records would
// otherwise cost about three times its size in memory. 1 MiB is some ten
// thousand entries; Office files have tens, hundreds with many images.
const maxZipDirectory = 1 << 20

// checkZipDirectory finds the end-of-central-directory record the way
// archive/zip does (the last signature in the final 64 KiB whose comment
// fits) and refuses the file if the directory archive/zip would then read
// is larger than maxZipDirectory, or if it is a ZIP64 archive (which no
// Office file of a few megabytes needs, and whose record counts we would
// have to parse too).
func checkZipDirectory(r io.ReaderAt, size int64) error {
	const eocdLen = 22
	tail := make([]byte, min(size, 65*1024))
	tailAt := size - int64(len(tail))
	if n, err := r.ReadAt(tail, tailAt); n < len(tail) {
		return fmt.Errorf("%w: reading the ZIP directory: %w", ErrType, err)
	}
	p := -1
	for i := len(tail) - eocdLen; i >= 0; i-- {
		if string(tail[i:i+4]) == "PK\x05\x06" {
			if i+eocdLen+int(binary.LittleEndian.Uint16(tail[i+20:])) <= len(tail) {
				p = i
			}
			break
		}
	}
	if p < 0 {
		return fmt.Errorf("%w: no ZIP directory", ErrType)
	}
	if p >= 20 && string(tail[p-20:p-16]) == "PK\x06\x07" {
		return fmt.Errorf("%w: ZIP64 archive", ErrType)
	}
	eocd := tailAt + int64(p)
	dirSize := int64(binary.LittleEndian.Uint32(tail[p+12:]))
	dirOffset := int64(binary.LittleEndian.Uint32(tail[p+16:]))
	// archive/zip starts reading at eocd-dirSize, or at dirOffset when that
	// is earlier and a record is found there, and reads until a record does
	// not parse: at most to the end of the file.
	start := min(eocd-dirSize, dirOffset)
	if size-max(start, 0) > maxZipDirectory {
		return fmt.Errorf("%w: ZIP directory too large", ErrType)
	}
	return nil
}
