package upload_test

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/upload"
	"github.com/motcua/motcua/internal/upload/uploadtest"
)

const fixtures = "../../testdata/uploads"

// sniffed is what a test compares: the type, or that the file was refused.
type sniffed struct {
	Type    upload.Type
	Refused bool
}

func sniff(t *testing.T, b []byte) sniffed {
	t.Helper()
	typ, err := upload.Sniff(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		if !errors.Is(err, upload.ErrType) {
			t.Fatalf("Sniff: error %v does not wrap ErrType", err)
		}
		return sniffed{Refused: true}
	}
	return sniffed{Type: typ}
}

func TestSniffFixtures(t *testing.T) {
	tests := []struct {
		file string
		want sniffed
	}{
		{"sample.pdf", sniffed{Type: upload.PDF}},
		{"sample.jpg", sniffed{Type: upload.JPEG}},
		{"sample.png", sniffed{Type: upload.PNG}},
		{"sample.doc", sniffed{Type: upload.DOC}},   // LibreOffice
		{"sample.docx", sniffed{Type: upload.DOCX}}, // LibreOffice
		{"sample.xls", sniffed{Type: upload.XLS}},   // LibreOffice
		{"sample.xlsx", sniffed{Type: upload.XLSX}}, // LibreOffice
		// The content decides, not the name.
		{"pdf-renamed.docx", sniffed{Type: upload.PDF}},
		{"photo-named.pdf", sniffed{Type: upload.PNG}},
		{"header-only.pdf", sniffed{Type: upload.PDF}},
		{"junk-then-pdf.pdf", sniffed{Type: upload.PDF}},
		// Refused.
		{"html-named.pdf", sniffed{Refused: true}},
		{"exe-header.pdf", sniffed{Refused: true}},
		{"not-ooxml.docx", sniffed{Refused: true}},
		{"script.svg", sniffed{Refused: true}},
		{"image.gif", sniffed{Refused: true}},
		{"text-named.doc", sniffed{Refused: true}},
		{"installer-like.xls", sniffed{Refused: true}},
		{"macros.docx", sniffed{Refused: true}},
		{"macros.doc", sniffed{Refused: true}},
		{"empty.pdf", sniffed{Refused: true}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(fixtures, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, sniff(t, b)); diff != "" {
				t.Errorf("Sniff(%s) (-want +got):\n%s", tt.file, diff)
			}
		})
	}
}

// cfbOf builds a version-3 compound file with these root entries.
func cfbOf(entries ...uploadtest.CFBEntry) []byte { return uploadtest.CFB(3, entries...) }

func stream(name string) uploadtest.CFBEntry { return uploadtest.CFBEntry{Name: name} }

func storage(name string, children ...uploadtest.CFBEntry) uploadtest.CFBEntry {
	return uploadtest.CFBEntry{Name: name, Storage: true, Children: children}
}

// patch returns a copy of b with a little-endian uint32 written at off.
func patch(b []byte, off int, v uint32) []byte {
	c := bytes.Clone(b)
	binary.LittleEndian.PutUint32(c[off:], v)
	return c
}

// bigDoc returns a Word compound file large enough (200 sectors) to claim
// 110 FAT sectors, one more than the header lists, so that the reader must
// follow the DIFAT: numDIFAT DIFAT sectors starting at sector difatAt. The
// FAT sectors other than the first are blank (the directory only needs the
// first one).
func bigDoc(numDIFAT, difatAt uint32) []byte {
	b := cfbOf(stream("WordDocument"))
	b = append(b, make([]byte, 512*200-len(b))...)
	le := binary.LittleEndian
	le.PutUint32(b[0x2C:], 110)
	for i := 1; i < 109; i++ {
		le.PutUint32(b[0x4C+4*i:], 2) // a blank sector
	}
	le.PutUint32(b[0x44:], difatAt)
	le.PutUint32(b[0x48:], numDIFAT)
	// DIFAT sector 3: the 110th FAT sector is sector 2, then end of chain.
	d := b[512*4:]
	le.PutUint32(d[0:], 2)
	for i := 1; i < 127; i++ {
		le.PutUint32(d[4*i:], 0xFFFFFFFF)
	}
	le.PutUint32(d[4*127:], 0xFFFFFFFE)
	return b
}

func TestSniffBuilt(t *testing.T) {
	doc := cfbOf(stream("WordDocument"), stream("1Table"), stream("\x05SummaryInformation"))
	// Offsets in a version-3 file from uploadtest.CFB: the FAT is sector 0
	// (file offset 512), the directory sector 1 (offset 1024).
	const fat, dir = 512, 1024
	ole := func(name string) uploadtest.CFBEntry { return storage(name, stream("\x01Ole")) }
	tests := []struct {
		name string
		b    []byte
		want sniffed
	}{
		{"pdf 1 MB", uploadtest.PDF(1 << 20), sniffed{Type: upload.PDF}},
		{"minimal docx", uploadtest.DOCX(), sniffed{Type: upload.DOCX}},
		{"minimal xlsx", uploadtest.XLSX(), sniffed{Type: upload.XLSX}},
		{"doc", doc, sniffed{Type: upload.DOC}},
		{"doc, version 4 (4096-byte sectors)", uploadtest.CFB(4, stream("WordDocument"), stream("0Table")), sniffed{Type: upload.DOC}},
		{"xls", cfbOf(stream("Workbook")), sniffed{Type: upload.XLS}},
		{"xls, Excel 5 (Book)", cfbOf(stream("Book")), sniffed{Type: upload.XLS}},
		{"xls, names in other case", cfbOf(stream("WORKBOOK")), sniffed{Type: upload.XLS}},
		{"doc with an embedded workbook", cfbOf(stream("WordDocument"), storage("ObjectPool", storage("_1234", stream("Workbook")))), sniffed{Type: upload.DOC}},
		{"xls with an embedded document", cfbOf(stream("Workbook"), storage("MBD0001", stream("WordDocument"))), sniffed{Type: upload.XLS}},
		{"many root entries", cfbOf(stream("WordDocument"), ole("a"), ole("b"), ole("c"), ole("d"), ole("e"), ole("f")), sniffed{Type: upload.DOC}},
		{"workbook stored as a storage", cfbOf(storage("Workbook")), sniffed{Refused: true}},
		{"both document and workbook at the root", cfbOf(stream("WordDocument"), stream("Workbook")), sniffed{Refused: true}},
		{"powerpoint", cfbOf(stream("PowerPoint Document"), stream("Current User")), sniffed{Refused: true}},
		{"encrypted ooxml", cfbOf(stream("EncryptionInfo"), stream("EncryptedPackage")), sniffed{Refused: true}},
		{"xls with macros", cfbOf(stream("Workbook"), storage("_VBA_PROJECT_CUR", storage("VBA"))), sniffed{Refused: true}},
		{"empty compound file", cfbOf(), sniffed{Refused: true}},
		{"compound file cut short", doc[:700], sniffed{Refused: true}},
		{"compound header only", doc[:512], sniffed{Refused: true}},
		{"directory chain loops", patch(doc, fat+4, 1), sniffed{Refused: true}},
		{"directory sector out of range", patch(doc, 0x30, 1000), sniffed{Refused: true}},
		{"FAT count absurd", patch(doc, 0x2C, 0xFFFFFFFF), sniffed{Refused: true}},
		{"FAT sector out of range", patch(doc, 0x4C, 0xFFFFFFF0), sniffed{Refused: true}},
		{"FAT beyond the header (DIFAT sector)", bigDoc(1, 3), sniffed{Type: upload.DOC}},
		{"DIFAT sector missing", bigDoc(0, 3), sniffed{Refused: true}},
		{"DIFAT sector out of range", bigDoc(1, 5000), sniffed{Refused: true}},
		{"sibling loop", patch(doc, dir+128+0x48, 1), sniffed{Refused: true}},
		{"sibling points back to root", patch(doc, dir+128+0x48, 0), sniffed{Refused: true}},
		{"child out of range", patch(doc, dir+0x4C, 0x7FFFFFFF), sniffed{Refused: true}},
		{"bad sector shift", patch(doc, 0x1C, 0x000CFFFE), sniffed{Refused: true}},
		{"name length odd", patch(doc, dir+128+0x40, 0x0201_0007), sniffed{Refused: true}},
		{"zip with both word and xl parts", uploadtest.Zip(
			uploadtest.ZipEntry{Name: "[Content_Types].xml"}, uploadtest.ZipEntry{Name: "word/document.xml"}, uploadtest.ZipEntry{Name: "xl/workbook.xml"},
		), sniffed{Refused: true}},
		{"zip without [Content_Types].xml", uploadtest.Zip(uploadtest.ZipEntry{Name: "word/document.xml"}), sniffed{Refused: true}},
		{"xlsm", uploadtest.Zip(
			uploadtest.ZipEntry{Name: "[Content_Types].xml"}, uploadtest.ZipEntry{Name: "xl/workbook.xml"}, uploadtest.ZipEntry{Name: "xl/vbaProject.bin"},
		), sniffed{Refused: true}},
		{"odt (OpenDocument)", uploadtest.Zip(
			uploadtest.ZipEntry{Name: "mimetype", Body: "application/vnd.oasis.opendocument.text"}, uploadtest.ZipEntry{Name: "content.xml"},
		), sniffed{Refused: true}},
		{"zip cut short", uploadtest.DOCX()[:200], sniffed{Refused: true}},
		{"zip signature only", []byte("PK\x03\x04"), sniffed{Refused: true}},
		{"zip with %PDF- early", append(uploadtest.Zip(uploadtest.ZipEntry{Name: "%PDF-1.4"}), uploadtest.PDF(0)...), sniffed{Refused: true}},
		{"PDF marker after 1024 bytes", append(bytes.Repeat([]byte(" "), 1024), uploadtest.PDF(0)...), sniffed{Refused: true}},
		{"PDF marker at the last possible place", append(bytes.Repeat([]byte(" "), 1019), "%PDF-1.4"...), sniffed{Type: upload.PDF}},
		{"JPEG signature only", []byte{0xFF, 0xD8, 0xFF}, sniffed{Type: upload.JPEG}},
		{"two bytes of JPEG", []byte{0xFF, 0xD8}, sniffed{Refused: true}},
		{"PNG signature cut", []byte("\x89PNG\r\n"), sniffed{Refused: true}},
	}
	for name, b := range uploadtest.Refused() {
		tests = append(tests, struct {
			name string
			b    []byte
			want sniffed
		}{"refused " + name, b, sniffed{Refused: true}})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, sniff(t, tt.b)); diff != "" {
				t.Errorf("Sniff (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSniffZipDirectoryBounded checks that a ZIP made of a huge number of
// empty entries is refused before archive/zip builds a File for each (which
// would cost about three times the upload's size), and that ZIP64 archives
// are refused.
func TestSniffZipDirectoryBounded(t *testing.T) {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, name := range []string{"[Content_Types].xml", "word/document.xml"} {
		if _, err := w.Create(name); err != nil {
			t.Fatal(err)
		}
	}
	for range 60000 { // about 5 MB of directory
		if _, err := w.CreateRaw(&zip.FileHeader{Method: zip.Store}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	got := sniff(t, b.Bytes())
	runtime.ReadMemStats(&after)
	if diff := cmp.Diff(sniffed{Refused: true}, got); diff != "" {
		t.Errorf("Sniff of %d bytes of empty entries (-want +got):\n%s", b.Len(), diff)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
		t.Errorf("Sniff allocated %d bytes for a %d-byte file", alloc, b.Len())
	}

	// A ZIP64 locator before the end record.
	docx := uploadtest.DOCX()
	end := bytes.LastIndex(docx, []byte("PK\x05\x06"))
	zip64 := append(append(bytes.Clone(docx[:end]), "PK\x06\x07\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00"...), docx[end:]...)
	if diff := cmp.Diff(sniffed{Refused: true}, sniff(t, zip64)); diff != "" {
		t.Errorf("Sniff of a ZIP64 archive (-want +got):\n%s", diff)
	}
}

// TestSniffReadError checks that a failure to read is reported as such,
// not as a refused type (the caller answers 500, not 415).
func TestSniffReadError(t *testing.T) {
	_, err := upload.Sniff(failingReaderAt{}, 100)
	if err == nil || errors.Is(err, upload.ErrType) {
		t.Fatalf("Sniff on a failing reader: got %v, want a read error", err)
	}
}

type failingReaderAt struct{}

func (failingReaderAt) ReadAt([]byte, int64) (int, error) { return 0, errors.New("disk on fire") }

func TestTypes(t *testing.T) {
	type row struct{ Type, ContentType, Ext string }
	var got []row
	for _, typ := range upload.Types() {
		parsed, err := upload.ParseType(typ.String())
		if err != nil || parsed != typ {
			t.Errorf("ParseType(%q) = %q, %v", typ, parsed, err)
		}
		got = append(got, row{string(typ), typ.ContentType(), typ.Ext()})
	}
	want := []row{
		{"pdf", "application/pdf", ".pdf"},
		{"jpeg", "image/jpeg", ".jpg"},
		{"png", "image/png", ".png"},
		{"doc", "application/msword", ".doc"},
		{"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"},
		{"xls", "application/vnd.ms-excel", ".xls"},
		{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("types (-want +got):\n%s", diff)
	}
	for _, bad := range []string{"", "PDF", "exe", "svg"} {
		if _, err := upload.ParseType(bad); err == nil {
			t.Errorf("ParseType(%q) accepted", bad)
		}
	}
}

// FuzzSniff feeds the sniffer arbitrary bytes, starting from every fixture
// and from corrupted compound files: it must never panic, and must either
// name an accepted type or refuse with ErrType (a bytes.Reader cannot fail
// otherwise).
func FuzzSniff(f *testing.F) {
	entries, err := os.ReadDir(fixtures)
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		if e.Type().IsRegular() {
			b, err := os.ReadFile(filepath.Join(fixtures, e.Name()))
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	f.Add(uploadtest.DOCX())
	f.Add(uploadtest.XLSX())
	f.Add(uploadtest.CFB(4, stream("Workbook"), storage("ObjectPool", stream("WordDocument"))))
	f.Add(cfbOf(stream("WordDocument"), storage("Macros")))
	f.Fuzz(func(t *testing.T, b []byte) {
		typ, err := upload.Sniff(bytes.NewReader(b), int64(len(b)))
		switch {
		case err != nil && !errors.Is(err, upload.ErrType):
			t.Fatalf("error %v does not wrap ErrType", err)
		case err == nil && !typ.Valid():
			t.Fatalf("accepted with invalid type %q", typ)
		}
	})
}
