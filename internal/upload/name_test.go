package upload_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/internal/upload"
)

func TestSanitizeName(t *testing.T) {
	long := strings.Repeat("Giấy chứng nhận ", 20) // 320 runes
	tests := []struct {
		name string
		in   string
		typ  upload.Type
		want string
	}{
		{"plain", "don-de-nghi.pdf", upload.PDF, "don-de-nghi.pdf"},
		{"vietnamese kept", "Đơn đề nghị cấp phép xây dựng.pdf", upload.PDF, "Đơn đề nghị cấp phép xây dựng.pdf"},
		{"vietnamese decomposed becomes NFC", norm.NFD.String("Bản sao hộ khẩu.jpg"), upload.JPEG, "Bản sao hộ khẩu.jpg"},
		{"extension case and alias", "Scan 01.JPEG", upload.JPEG, "Scan 01.jpg"},
		{"wrong known extension replaced", "bao-cao.docx", upload.PDF, "bao-cao.pdf"},
		{"unknown extension kept in the stem", "setup.exe", upload.PDF, "setup.exe.pdf"},
		{"dates kept", "Biên bản 12.3.2024", upload.DOCX, "Biên bản 12.3.2024.docx"},
		{"no extension", "README", upload.XLSX, "README.xlsx"},
		{"unix path traversal", "../../etc/passwd", upload.PDF, "passwd.pdf"},
		{"windows path", `C:\Users\An\Desktop\CMND mặt trước.png`, upload.PNG, "CMND mặt trước.png"},
		{"mixed separators", `a/b\..\c.doc`, upload.DOC, "c.doc"},
		{"only a path", "../", upload.PDF, "tep-dinh-kem.pdf"},
		{"empty", "", upload.XLS, "tep-dinh-kem.xls"},
		{"only the extension", ".pdf", upload.PDF, "tep-dinh-kem.pdf"},
		{"leading dots", "...htaccess", upload.PDF, "htaccess.pdf"},
		{"trailing dots and spaces", "to khai . . .pdf", upload.PDF, "to khai.pdf"},
		{"windows-unsafe characters", `a<b>c:d"e|f?g*h.pdf`, upload.PDF, "a b c d e f g h.pdf"},
		{"whitespace collapsed", "  hồ \t sơ \n\n gốc  .pdf", upload.PDF, "hồ sơ gốc.pdf"},
		{"no-break and ideographic spaces", "hồ\u00A0sơ\u3000gốc.pdf", upload.PDF, "hồ sơ gốc.pdf"},
		{"control characters dropped", "bad\x00name\x1b[31m\x7f.pdf", upload.PDF, "badname[31m.pdf"},
		{"right-to-left override", "invoice\u202Efdp.exe", upload.PDF, "invoicefdp.exe.pdf"},
		{"zero-width and BOM", "\uFEFFa\u200Bb\u200Dc.png", upload.PNG, "abc.png"},
		{"line separator is whitespace", "a\u2028b.pdf", upload.PDF, "a b.pdf"},
		{"invalid UTF-8", "ab\xff\xfecd.pdf", upload.PDF, "abcd.pdf"},
		{"windows device", "CON.pdf", upload.PDF, "_CON.pdf"},
		{"windows device, lower case, double extension", "nul.tar.pdf", upload.PDF, "_nul.tar.pdf"},
		{"windows device with digit", "Com1.docx", upload.DOCX, "_Com1.docx"},
		{"windows device with superscript", "LPT¹.pdf", upload.PDF, "_LPT¹.pdf"},
		{"not a device", "CONSOLE.pdf", upload.PDF, "CONSOLE.pdf"},
		{"not a device either", "COM10.pdf", upload.PDF, "COM10.pdf"},
		{"emoji kept", "ảnh 📷.png", upload.PNG, "ảnh 📷.png"},
		{"percent and semicolon kept", "100%; xong.pdf", upload.PDF, "100%; xong.pdf"},
		{"long name cut, extension kept", long + ".pdf", upload.PDF,
			strings.TrimSpace(string([]rune(long)[:116])) + ".pdf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := upload.SanitizeName(tt.in, tt.typ)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("SanitizeName(%q) (-want +got):\n%s", tt.in, diff)
			}
			checkSafeName(t, got, tt.typ)
		})
	}
}

// checkSafeName asserts the properties every sanitised name has, whatever
// the input.
func checkSafeName(t *testing.T, name string, typ upload.Type) {
	t.Helper()
	switch {
	case !utf8.ValidString(name):
		t.Errorf("%q is not valid UTF-8", name)
	case !norm.NFC.IsNormalString(name):
		t.Errorf("%q is not NFC", name)
	case utf8.RuneCountInString(name) > upload.MaxNameRunes:
		t.Errorf("%q has %d runes", name, utf8.RuneCountInString(name))
	case !strings.HasSuffix(name, typ.Ext()):
		t.Errorf("%q does not end in %s", name, typ.Ext())
	case strings.HasPrefix(name, "."), strings.HasPrefix(name, " "):
		t.Errorf("%q starts with a dot or a space", name)
	case strings.ContainsAny(name, "<>:\"/\\|?*\x00\r\n\t\u202E"):
		t.Errorf("%q contains an unsafe character", name)
	case strings.TrimSuffix(name, typ.Ext()) == "":
		t.Errorf("%q has an empty stem", name)
	}
}

func FuzzSanitizeName(f *testing.F) {
	for _, s := range []string{"../../a.pdf", "Đơn.docx", "CON", "a\u202Eb", strings.Repeat("ắ", 200), ". . ."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, typ := range upload.Types() {
			checkSafeName(t, upload.SanitizeName(s, typ), typ)
		}
	})
}

func TestContentDisposition(t *testing.T) {
	tests := []struct{ in, want string }{
		{"don.pdf", "attachment; filename=don.pdf"},
		{"to khai.pdf", `attachment; filename="to khai.pdf"`},
		{"Đơn đề nghị.pdf", "attachment; filename*=utf-8''%C4%90%C6%A1n%20%C4%91%E1%BB%81%20ngh%E1%BB%8B.pdf"},
		{"100%; xong.pdf", `attachment; filename="100%; xong.pdf"`},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, upload.ContentDisposition(tt.in)); diff != "" {
			t.Errorf("ContentDisposition(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}
