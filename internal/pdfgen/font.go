package pdfgen

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// The fonts: DejaVu Sans and DejaVu Sans Bold cut down to the Vietnamese
// repertoire (about 1,000 glyphs instead of 6,000). fpdf parses a font
// anew for every document and walks all of its glyphs when it writes the
// file; it offers no way to share a parsed font between documents, so the
// size of the font is what we can control.
var (
	//go:embed fonts/DejaVuSans-vi.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Bold-vi.ttf
	fontBold []byte
)

const family = "DejaVuSans"

// replacement stands for a character the fonts cannot draw.
const replacement = '\uFFFD'

// covered is the set of characters both fonts can draw: a bit per code
// point of the Basic Multilingual Plane (8 KB). It is read-only once built;
// it is built lazily, once, from the embedded fonts' character maps
// because it depends only on them: package-level data, not state, so
// sharing it between goroutines rendering at the same time is safe.
var covered = sync.OnceValues(func() (*[1 << 16 / 64]uint64, error) {
	reg, err := cmapCoverage(fontRegular)
	if err != nil {
		return nil, err
	}
	bold, err := cmapCoverage(fontBold)
	if err != nil {
		return nil, err
	}
	for i := range reg {
		reg[i] &= bold[i]
	}
	return reg, nil
})

// clean prepares a string for drawing: NFC (precomposed Vietnamese
// letters, which the fonts have, rather than letters with combining marks,
// which fpdf cannot position), line breaks as "\n", tabs as spaces, other
// control characters dropped, and characters the fonts lack replaced by
// U+FFFD (fpdf would otherwise draw nothing, or panic outside the BMP).
func clean(cov *[1 << 16 / 64]uint64, s string) string {
	s = norm.NFC.String(s)
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteRune(r)
		case r == '\t' || r == '\r':
			b.WriteByte(' ')
		case unicode.IsControl(r) || r == '\u00AD': // soft hyphen: fpdf does not hyphenate
		case r > 0xFFFF || cov[r/64]&(1<<(r%64)) == 0:
			b.WriteRune(replacement)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

var errFont = errors.New("pdfgen: unreadable font")

// cmapCoverage reads a TrueType font's Unicode BMP character map (format 4)
// and returns which code points map to a glyph.
func cmapCoverage(ttf []byte) (*[1 << 16 / 64]uint64, error) {
	u16 := func(off int) (int, bool) {
		if off < 0 || off+2 > len(ttf) {
			return 0, false
		}
		return int(binary.BigEndian.Uint16(ttf[off:])), true
	}
	u32 := func(off int) (int, bool) {
		if off < 0 || off+4 > len(ttf) {
			return 0, false
		}
		return int(binary.BigEndian.Uint32(ttf[off:])), true
	}
	// The table directory: find "cmap".
	n, ok := u16(4)
	if !ok {
		return nil, errFont
	}
	cmap := -1
	for i := range n {
		rec := 12 + 16*i
		if rec+16 > len(ttf) {
			return nil, errFont
		}
		if string(ttf[rec:rec+4]) == "cmap" {
			cmap, _ = u32(rec + 8)
		}
	}
	if cmap < 0 {
		return nil, errFont
	}
	// The encoding records: Unicode BMP is (3,1) or (0,3), format 4.
	sub := -1
	nsub, ok := u16(cmap + 2)
	if !ok {
		return nil, errFont
	}
	for i := range nsub {
		rec := cmap + 4 + 8*i
		pid, _ := u16(rec)
		eid, _ := u16(rec + 2)
		off, ok := u32(rec + 4)
		if !ok {
			return nil, errFont
		}
		if format, _ := u16(cmap + off); format == 4 && (pid == 3 && eid == 1 || pid == 0 && eid == 3) {
			sub = cmap + off
			break
		}
	}
	if sub < 0 {
		return nil, errFont
	}
	segX2, ok := u16(sub + 6)
	if !ok {
		return nil, errFont
	}
	ends, starts := sub+14, sub+16+segX2
	deltas, ranges := starts+segX2, starts+2*segX2
	var cov [1 << 16 / 64]uint64
	for i := 0; i < segX2; i += 2 {
		end, ok1 := u16(ends + i)
		start, ok2 := u16(starts + i)
		delta, ok3 := u16(deltas + i)
		ro, ok4 := u16(ranges + i)
		if !ok1 || !ok2 || !ok3 || !ok4 {
			return nil, errFont
		}
		for c := start; c <= end && c < 0xFFFF; c++ {
			glyph := c
			if ro != 0 {
				var ok bool
				if glyph, ok = u16(ranges + i + ro + 2*(c-start)); !ok {
					return nil, errFont
				}
				if glyph == 0 {
					continue
				}
			}
			if (glyph+delta)&0xFFFF != 0 {
				cov[c/64] |= 1 << (c % 64)
			}
		}
	}
	return &cov, nil
}
