package catalog

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// foldFrom and foldTo bound the runes foldTable covers: Latin-1 Supplement
// through Latin Extended Additional, where every Vietnamese letter lives.
const foldFrom, foldTo = 0x00C0, 0x1EFF

// foldTable maps each rune in [foldFrom, foldTo] to its folded form when
// that is one rune (0 otherwise, and the slow path decides). Search folds
// every word of every result it shows, so folding must not decompose
// Unicode on each call. Built once, read-only afterwards.
var foldTable = buildFoldTable()

func buildFoldTable() []rune {
	t := make([]rune, foldTo-foldFrom+1)
	var buf []byte
	for r := rune(foldFrom); r <= foldTo; r++ {
		buf = slowFold(buf[:0], r)
		if f, n := utf8.DecodeRune(buf); n == len(buf) && f != utf8.RuneError {
			t[r-foldFrom] = f
		}
	}
	return t
}

// slowFold appends r decomposed (NFD), without combining marks, lower-cased.
func slowFold(dst []byte, r rune) []byte {
	if r == 'đ' || r == 'Đ' {
		return append(dst, 'd')
	}
	var tmp [utf8.UTFMax]byte
	n := utf8.EncodeRune(tmp[:], r)
	for _, c := range norm.NFD.String(string(tmp[:n])) {
		if !unicode.Is(unicode.Mn, c) {
			dst = utf8.AppendRune(dst, unicode.ToLower(c))
		}
	}
	return dst
}

// AppendFold appends r lower-cased and without diacritics ("Ổ" -> "o",
// "đ" -> "d"): the form in which search compares words, equal to the
// database's lower(motcua_unaccent(...)) for Vietnamese text. Combining
// marks (from text already in NFD) append nothing.
func AppendFold(dst []byte, r rune) []byte {
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(dst, byte(r))
	case r >= foldFrom && r <= foldTo:
		if f := foldTable[r-foldFrom]; f != 0 {
			return utf8.AppendRune(dst, f)
		}
	case unicode.Is(unicode.Mn, r):
		return dst
	}
	return slowFold(dst, r)
}

// Fold lowercases s and strips Vietnamese diacritics ("Đổi giấy" -> "doi
// giay"), the form in which search compares words.
func Fold(s string) string {
	dst := make([]byte, 0, len(s))
	for _, r := range s {
		dst = AppendFold(dst, r)
	}
	return string(dst)
}
