package pdfgen

import (
	"bytes"
	"compress/zlib"
	"context"
	"errors"
	"flag"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/document"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// envRequire, when set (scripts/test.sh sets it after installing them),
// turns missing poppler-utils or zbar-tools into a failure instead of a
// skip.
const envRequire = "MOTCUA_REQUIRE_PDFTOOLS"

// tool returns the path of a command-line tool, skipping the test when it
// is not installed (failing it when envRequire is set).
func tool(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv(envRequire) != "" {
			t.Fatalf("%s is not installed (%s is set): run scripts/pdf-deps.sh", name, envRequire)
		}
		t.Skipf("%s is not installed: run scripts/pdf-deps.sh", name)
	}
	return path
}

// run runs a tool and returns its standard output.
func run(t testing.TB, name string, args ...string) []byte {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.CommandContext(t.Context(), tool(t, name), args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return out
}

// render renders d and writes it to a temporary file, returning both.
func render(t testing.TB, d document.Document) ([]byte, string) {
	t.Helper()
	b, err := New().Render(t.Context(), d)
	if err != nil {
		t.Fatalf("render %s: %v", d.Kind(), err)
	}
	path := filepath.Join(t.TempDir(), string(d.Kind())+".pdf")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return b, path
}

var fixtures = []struct {
	name string
	doc  document.Document
	url  string // the URL of its QR code, if any
}{
	{"receipt", receiptFixture(), receiptFixture().LookupURL},
	{"supplement", supplementFixture(), ""},
	{"refusal", refusalFixture(), ""},
	{"apology", apologyFixture(), ""},
	{"stop_notice", stopNoticeFixture(document.Circular03of2025), ""},
	{"stop_notice_2018", stopNoticeFixture(document.Circular01of2018), ""},
	{"control_slip", controlSlipFixture(), ""},
	{"control_slip_long", longControlSlip(), ""},
	{"result", resultFixture(), resultFixture().VerifyURL},
}

// TestGolden renders every fixture and compares its text, as pdftotext
// -layout reads it back, with testdata/<name>.golden.txt: the Vietnamese
// exactly, diacritics included. go test -update rewrites the files.
func TestGolden(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			_, path := render(t, fx.doc)
			got := layoutText(run(t, "pdftotext", "-layout", "-enc", "UTF-8", path, "-"))
			golden := filepath.Join("testdata", fx.name+".golden.txt")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o600); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := lineDiff(string(want), got); diff != "" {
				t.Errorf("%s differs from the rendered text (go test -update rewrites it):\n%s", golden, diff)
			}
		})
	}
}

// lineDiff lists the lines that differ, numbered, golden first: plain
// text, so that a wrong diacritic reads as such.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := range max(len(w), len(g)) {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  golden:   %s\n  rendered: %s\n", i+1, wl, gl)
		}
	}
	return b.String()
}

// layoutText drops trailing spaces, which editors strip from golden files.
func layoutText(b []byte) string {
	lines := strings.Split(string(b), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// TestFile checks the file itself: a PDF, its fonts embedded as subsets
// with a Unicode map (so text can be extracted and searched), and small.
func TestFile(t *testing.T) {
	// The regular font alone, compressed as a PDF would store it: a file
	// smaller than this cannot hold a whole font.
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	_, _ = zw.Write(fontRegular)
	_ = zw.Close()
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			b, path := render(t, fx.doc)
			if !bytes.HasPrefix(b, []byte("%PDF-1.")) || !bytes.HasSuffix(bytes.TrimSpace(b), []byte("%%EOF")) {
				t.Errorf("not a PDF file: starts %q", b[:min(len(b), 8)])
			}
			if len(b) >= z.Len() {
				t.Errorf("%d bytes, at least the whole compressed font (%d): fonts not subsetted?", len(b), z.Len())
			}
			fonts := pdffonts(t, path)
			if len(fonts) == 0 || len(fonts) > 2 {
				t.Fatalf("fonts: %q, want DejaVu Sans regular and bold only", fonts)
			}
			for _, f := range fonts {
				if !strings.HasPrefix(f[0], "utf8dejavusans") || f[3] != "yes" || f[5] != "yes" {
					t.Errorf("font %q: want an embedded DejaVu Sans with a Unicode map", f)
				}
			}
		})
	}
	b, _ := render(t, receiptFixture())
	if len(b) > 100_000 {
		t.Errorf("receipt: %d bytes, want at most 100 KB", len(b))
	}
}

// pdffonts lists a file's fonts: name, type, encoding, emb, sub, uni.
func pdffonts(t *testing.T, path string) [][]string {
	var out [][]string
	for i, l := range strings.Split(string(run(t, "pdffonts", path)), "\n") {
		if f := strings.Fields(l); i >= 2 && len(f) >= 6 {
			// "CID TrueType" is two fields: name, type (2), encoding, emb, sub, uni.
			out = append(out, []string{f[0], f[1] + " " + f[2], f[3], f[4], f[5], f[6]})
		}
	}
	return out
}

// TestQRCode decodes the QR code on the page back to its URL.
func TestQRCode(t *testing.T) {
	for _, fx := range fixtures {
		if fx.url == "" {
			continue
		}
		t.Run(fx.name, func(t *testing.T) {
			_, path := render(t, fx.doc)
			tool(t, "zbarimg")
			png := filepath.Join(t.TempDir(), "page")
			run(t, "pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-singlefile", "-png", path, png)
			got := strings.TrimSpace(string(run(t, "zbarimg", "-q", "--raw", png+".png")))
			if got != fx.url {
				t.Errorf("QR code reads %q, want %q", got, fx.url)
			}
		})
	}
}

var wordRE = regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>`)

// TestNothingClipped renders long Vietnamese names, addresses and notes
// and checks that every word of them comes back, and that no word of any
// fixture runs past the margins or off the page.
func TestNothingClipped(t *testing.T) {
	long := receiptFixture()
	long.Applicant.Name = "Công ty Trách nhiệm hữu hạn Một thành viên Thương mại và Dịch vụ Xây dựng Hoàng Gia Phú Lương Thái Nguyên"
	long.Applicant.Address = strings.Repeat("Xóm Khuôn Ngục, xã Phú Lương, ", 6) + "tỉnh Thái Nguyên"
	long.Matter = strings.Repeat("Cấp điều chỉnh Giấy phép xây dựng đối với công trình không theo tuyến; ", 4)
	long.Receiver = "Nguyễn Hoàng Phương Thảo Nguyên Ngọc Bích Hạnh Dung"
	long.Documents = append(long.Documents, document.ReceivedDocument{
		Name: strings.Repeat("Văn bản thẩm định thiết kế xây dựng triển khai sau thiết kế cơ sở của cơ quan chuyên môn về xây dựng; ", 5), Copies: 1})
	slip := longControlSlip()
	slip.HandOvers[3].Note = strings.Repeat("Chuyển lại để bổ sung ý kiến thẩm định của phòng chuyên môn; ", 4)

	cases := []struct {
		name  string
		doc   document.Document
		wants []string // texts that must come back whole
	}{
		{"long_receipt", long, []string{long.Applicant.Name, long.Applicant.Address, long.Matter, long.Receiver,
			long.Documents[len(long.Documents)-1].Name}},
		{"long_note", slip, []string{slip.HandOvers[3].Note}},
	}
	for _, fx := range fixtures {
		cases = append(cases, struct {
			name  string
			doc   document.Document
			wants []string
		}{fx.name, fx.doc, nil})
	}
	const mm = 72 / 25.4
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, path := render(t, c.doc)
			var words []string
			for _, m := range wordRE.FindAllStringSubmatch(string(run(t, "pdftotext", "-bbox", path, "-")), -1) {
				xMin, _ := strconv.ParseFloat(m[1], 64)
				xMax, _ := strconv.ParseFloat(m[3], 64)
				yMax, _ := strconv.ParseFloat(m[4], 64)
				if xMin < marginL*mm-0.5 || xMax > (pageW-marginR)*mm+0.5 || yMax > pageH*mm {
					t.Errorf("word %q at x %s-%s, y ..%s pt runs past the margins", m[5], m[1], m[3], m[4])
				}
				words = append(words, html.UnescapeString(m[5]))
			}
			// Compare without spaces: the words come back one by one,
			// wherever the lines broke.
			text := strings.Join(words, "")
			for _, want := range c.wants {
				if !strings.Contains(text, strings.Join(strings.Fields(want), "")) {
					t.Errorf("%q is not all on the page", want)
				}
			}
		})
	}
}

// TestPages: a control slip longer than a page repeats its table's head
// row and numbers its pages; a one-page document has no page number.
func TestPages(t *testing.T) {
	_, path := render(t, longControlSlip())
	text := string(run(t, "pdftotext", "-layout", path, "-"))
	pages := strings.Split(strings.TrimRight(text, "\f"), "\f")
	if len(pages) < 2 {
		t.Fatalf("%d page, want several", len(pages))
	}
	for i, pg := range pages {
		if !strings.Contains(pg, "Bên giao") {
			t.Errorf("page %d has no table head", i+1)
		}
		if want := "Trang " + strconv.Itoa(i+1) + "/" + strconv.Itoa(len(pages)); !strings.Contains(pg, want) {
			t.Errorf("page %d lacks %q", i+1, want)
		}
	}
	_, path = render(t, receiptFixture())
	if text := string(run(t, "pdftotext", "-layout", path, "-")); strings.Contains(text, "Trang 1") {
		t.Error("a one-page receipt has a page number")
	}
}

func TestDeterministic(t *testing.T) {
	a, err := New().Render(t.Context(), resultFixture())
	if err != nil {
		t.Fatal(err)
	}
	b, err := New().Render(t.Context(), resultFixture())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("the same document rendered twice differs")
	}
}

// TestConcurrent renders from several goroutines (go test -race checks
// the shared font data).
func TestConcurrent(t *testing.T) {
	r := New()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 4 {
		wg.Go(func() {
			for _, fx := range fixtures[:3] {
				if _, err := r.Render(t.Context(), fx.doc); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestRenderErrors(t *testing.T) {
	noCode := receiptFixture()
	noCode.Code = " "
	newRules := receiptFixture()
	newRules.Header.RuleSet = "99/2030/TT-VPCP"
	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	for _, c := range []struct {
		name string
		ctx  context.Context
		doc  document.Document
		want error
	}{
		{"invalid", t.Context(), noCode, document.ErrInvalid},
		{"nil", t.Context(), nil, document.ErrInvalid},
		{"unknown rule set", t.Context(), newRules, document.ErrNoForm},
		{"no layout", t.Context(), ledger{}, document.ErrNoForm},
		{"pointer", t.Context(), (*document.Receipt)(nil), document.ErrNoForm},
		{"cancelled", cancelled, receiptFixture(), context.Canceled},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, err := New().Render(c.ctx, c.doc)
			if !errors.Is(err, c.want) || b != nil {
				t.Errorf("Render = %d bytes, %v; want %v", len(b), err, c.want)
			}
		})
	}
}

// ledger is a kind the renderer has no layout for (a register, not a
// document).
type ledger struct{}

func (ledger) Kind() document.Kind { return document.KindLedger }
func (ledger) Validate() error     { return nil }

func TestClean(t *testing.T) {
	cov, err := covered()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ in, want string }{
		{"Nguye\u0302\u0303n Thi\u0323 Ho\u0302\u0300ng", "Nguyễn Thị Hồng"}, // decomposed, as some keyboards type it
		{"a\tb\r\nc\x00d\u00ADe", "a b\ncde"},
		{"Lý 李 😀", "Lý \uFFFD \uFFFD"},
		{"₫ – “x” …", "₫ – “x” …"},
	} {
		if got := clean(cov, c.in); got != c.want {
			t.Errorf("clean(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// vietnamese is every letter of the Vietnamese alphabet with every tone.
const vietnamese = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"

func TestCoverage(t *testing.T) {
	cov, err := covered()
	if err != nil {
		t.Fatal(err)
	}
	all := vietnamese + strings.ToUpper(vietnamese) + "0123456789 .,;:!?()[]/-–—“”‘’…•№₫%²³"
	for _, r := range all + string(replacement) {
		if cov[r/64]&(1<<(r%64)) == 0 {
			t.Errorf("the fonts lack %q (U+%04X)", r, r)
		}
	}
	if cov['中'/64]&(1<<('中'%64)) != 0 {
		t.Error("the subset fonts claim CJK: coverage is not being read")
	}
}

func TestDateLine(t *testing.T) {
	for _, c := range []struct {
		t    time.Time
		want string
	}{
		{at("2026-01-05 09:00"), "Thái Nguyên, ngày 05 tháng 01 năm 2026"},
		{at("2026-02-28 09:00"), "Thái Nguyên, ngày 28 tháng 02 năm 2026"},
		{at("2026-03-15 09:00"), "Thái Nguyên, ngày 15 tháng 3 năm 2026"},
		{at("2026-12-01 09:00"), "Thái Nguyên, ngày 01 tháng 12 năm 2026"},
		// 20:00 UTC is the next morning in Viet Nam.
		{time.Date(2026, 3, 4, 20, 0, 0, 0, time.UTC), "Thái Nguyên, ngày 05 tháng 3 năm 2026"},
	} {
		if got := dateLine("Thái Nguyên", c.t); got != c.want {
			t.Errorf("dateLine(%v) = %q, want %q", c.t, got, c.want)
		}
	}
}
