package catalog

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold lowercases s and strips Vietnamese diacritics ("Đổi giấy" -> "doi
// giay"), the form in which search compares words.
func Fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

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
	var out []Segment
	push := func(s string, m bool) {
		if s == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].Match == m {
			out[n-1].Text += s
			return
		}
		out = append(out, Segment{Text: s, Match: m})
	}
	rs := []rune(text)
	for i := 0; i < len(rs); {
		j := i
		word := !notWordRune(rs[i])
		for j < len(rs) && !notWordRune(rs[j]) == word {
			j++
		}
		tok := string(rs[i:j])
		push(tok, word && matchesAny(Fold(tok), words))
		i = j
	}
	return joinMatches(out)
}

// joinMatches folds the spaces between two matched words into one match, so
// "giấy phép lái xe" is marked as one phrase.
func joinMatches(in []Segment) []Segment {
	var out []Segment
	for i := 0; i < len(in); i++ {
		s := in[i]
		if n := len(out); n > 0 && out[n-1].Match && !s.Match && strings.TrimSpace(s.Text) == "" &&
			i+1 < len(in) && in[i+1].Match {
			out[n-1].Text += s.Text + in[i+1].Text
			i++
			continue
		}
		out = append(out, s)
	}
	return out
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

func matchesAny(w string, words []string) bool {
	for _, q := range words {
		if w == q || (len([]rune(q)) >= 4 && len([]rune(w)) >= 4 && withinOneEdit(w, q)) {
			return true
		}
	}
	return false
}

// withinOneEdit reports whether a and b differ by at most one insertion,
// deletion or substitution.
func withinOneEdit(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
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
