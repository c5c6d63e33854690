package catalog

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Segment is a piece of text; Match marks a word the query matched.
type Segment struct {
	Text  string
	Match bool
}

// Highlight splits text into segments, marking each word that matches a
// word of the query ignoring case and diacritics, or within one typo for
// words of four letters or more (as search tolerates). A query that is a
// procedure code marks the code.
func Highlight(text, query string) []Segment {
	query = strings.TrimSpace(query)
	if query == "" || text == "" {
		return []Segment{{Text: text}}
	}
	if ValidCode(query) {
		return splitOn(text, query)
	}
	words := strings.FieldsFunc(Fold(query), notWordRune)
	// Spans of text, merged while they agree on Match; then a non-match of
	// spaces between two matches joins them, so "giấy phép lái xe" is
	// marked as one phrase. Segments slice text: nothing is copied.
	var spans []span
	push := func(a, b int, m bool) {
		if n := len(spans); n > 0 && spans[n-1].match == m {
			spans[n-1].b = b
			return
		}
		spans = append(spans, span{a, b, m})
	}
	var buf []byte
	for i := 0; i < len(text); {
		r, _ := utf8.DecodeRuneInString(text[i:])
		word := IsWordRune(r)
		j := i
		buf = buf[:0]
		for j < len(text) {
			r, size := utf8.DecodeRuneInString(text[j:])
			if IsWordRune(r) != word {
				break
			}
			if word {
				buf = AppendFold(buf, r)
			}
			j += size
		}
		push(i, j, word && matchesAny(buf, words))
		i = j
	}
	out := make([]Segment, 0, len(spans))
	for i := 0; i < len(spans); i++ {
		s := spans[i]
		if n := len(out); n > 0 && out[n-1].Match && !s.match && i+1 < len(spans) && spans[i+1].match &&
			strings.TrimSpace(text[s.a:s.b]) == "" {
			last := &out[n-1]
			last.Text = text[s.a-len(last.Text) : spans[i+1].b] // contiguous: last ends at s.a
			i++
			continue
		}
		out = append(out, Segment{Text: text[s.a:s.b], Match: s.match})
	}
	return out
}

// span is a byte range of the highlighted text.
type span struct {
	a, b  int
	match bool
}

func splitOn(text, code string) []Segment {
	var out []Segment
	for {
		i := strings.Index(text, code)
		if i < 0 {
			if text != "" {
				out = append(out, Segment{Text: text})
			}
			return out
		}
		if i > 0 {
			out = append(out, Segment{Text: text[:i]})
		}
		out = append(out, Segment{Text: code, Match: true})
		text = text[i+len(code):]
	}
}

// IsWordRune reports whether r belongs to a word; combining marks do, so
// decomposed (NFD) text is not cut inside words. Search and highlighting
// split words by this one rule.
func IsWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func notWordRune(r rune) bool { return !IsWordRune(r) }

func matchesAny(w []byte, words []string) bool {
	for _, q := range words {
		if string(w) == q || (utf8.RuneCountInString(q) >= 4 && utf8.RuneCount(w) >= 4 && withinOneEdit(string(w), q)) {
			return true
		}
	}
	return false
}

// withinOneEdit reports whether a and b differ by at most one insertion,
// deletion or substitution.
func withinOneEdit(a, b string) bool {
	if ascii(a) && ascii(b) {
		return oneEdit([]byte(a), []byte(b))
	}
	return oneEdit([]rune(a), []rune(b))
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func oneEdit[T byte | rune](ra, rb []T) bool {
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	if len(ra)-len(rb) > 1 {
		return false
	}
	i, j, edits := 0, 0, 0
	for i < len(ra) && j < len(rb) {
		if ra[i] == rb[j] {
			i++
			j++
			continue
		}
		edits++
		if edits > 1 {
			return false
		}
		if len(ra) == len(rb) {
			j++
		}
		i++
	}
	return edits+(len(ra)-i) <= 1
}
