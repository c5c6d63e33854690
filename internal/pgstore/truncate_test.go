package pgstore

import (
	"testing"
	"unicode/utf8"
)

func TestTruncateCutsBetweenCharacters(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"lỗi", 10, "lỗi"},
		{"lỗi", 4, "lỗ"},
		{"lỗi", 3, "l"}, // "ỗ" is 3 bytes: cutting inside it drops it
		{"lỗi", 2, "l"},
		{"abc", 0, ""},
	} {
		got := truncate(tc.in, tc.n)
		if got != tc.want || !utf8.ValidString(got) {
			t.Errorf("truncate(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}
