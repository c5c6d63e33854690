package csvfile_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/csvfile"
)

// TestText: a cell that begins with =, +, -, @, tab or carriage return is
// prefixed with a single quote; any other is kept as it is.
func TestText(t *testing.T) {
	for in, want := range map[string]string{
		"":                      "",
		"Đỗ Thị Hoa":            "Đỗ Thị Hoa",
		"=1+1":                  "'=1+1",
		"+84 912 000 123":       "'+84 912 000 123",
		"-2+3":                  "'-2+3",
		"@SUM(A1:A2)":           "'@SUM(A1:A2)",
		"\t=1+1":                "'\t=1+1",
		"\r=1+1":                "'\r=1+1",
		"a=1":                   "a=1",
		"'=1":                   "'=1",
		" =1":                   " =1",
		"12":                    "12",
		`=cmd|' /C calc'!A0`:    `'=cmd|' /C calc'!A0`,
		"Ghi chú: =HYPERLINK()": "Ghi chú: =HYPERLINK()",
	} {
		if got := csvfile.Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestWriter: the file starts with a byte-order mark, reads back with
// encoding/csv, and its formula-like cells come back prefixed.
func TestWriter(t *testing.T) {
	var b bytes.Buffer
	w := csvfile.NewWriter(&b)
	if b.Len() != 0 {
		t.Fatalf("wrote %q before the first record", b.String())
	}
	in := [][]string{{"STT", "Tên"}, {"1", `=HYPERLINK("http://x","y")`}, {"2", "Nguyễn Văn A, \"B\""}}
	for _, r := range in {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	body, ok := bytes.CutPrefix(b.Bytes(), []byte("\xef\xbb\xbf"))
	if !ok {
		t.Fatalf("no byte-order mark: %q", b.String())
	}
	got, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"STT", "Tên"}, {"1", `'=HYPERLINK("http://x","y")`}, {"2", "Nguyễn Văn A, \"B\""}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("records (-want +got):\n%s", d)
	}
}

type failing struct{}

func (failing) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// TestWriterError: a failed write is reported, by Write or by Flush.
func TestWriterError(t *testing.T) {
	w := csvfile.NewWriter(failing{})
	err := w.Write([]string{"a"})
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		t.Fatal("no error from a failing writer")
	}
}
