package valid_test

import (
	"testing"

	"github.com/motcua/motcua/internal/valid"
)

func TestCleanTextAndName(t *testing.T) {
	for _, tc := range []struct {
		in         string
		text, name bool
	}{
		{"Nguyễn Văn An", true, true},
		{"", true, true},
		{"dòng 1\r\ndòng 2\tcột", true, false},
		{"giay\nxac-nhan.pdf", true, false},
		{"giay\rxac-nhan.pdf", true, false},
		{"a\x00b", false, false},
		{"\x00", false, false},
		{"a\xffb", false, false},
		{"\xc3", false, false},         // a cut multi-byte character
		{"\xed\xa0\x80", false, false}, // a surrogate encoded in UTF-8
	} {
		if got := valid.CleanText(tc.in); got != tc.text {
			t.Errorf("CleanText(%q) = %v, want %v", tc.in, got, tc.text)
		}
		if got := valid.CleanName(tc.in); got != tc.name {
			t.Errorf("CleanName(%q) = %v, want %v", tc.in, got, tc.name)
		}
	}
}
