package eform_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/eform"
)

// phraseHintRe finds the phrases a seed field's hint says its answer is
// made of ("gồm cụm từ \"HỘ KINH DOANH\" và tên riêng", or two phrases
// joined by "hoặc").
var (
	phraseHintRe = regexp.MustCompile(`gồm cụm từ ("[^"]+"(?: hoặc "[^"]+")*)`)
	quotedRe     = regexp.MustCompile(`"([^"]+)"`)
)

// TestSeedFormsFollowTheirHints: what a seed field's hint asks for is a
// rule of the form, not only words: a name "gồm cụm từ X" must begin with X
// (prefixes), and a group whose hint asks to mark one main line says which
// yes/no question that is (one_yes).
func TestSeedFormsFollowTheirHints(t *testing.T) {
	checked := 0
	for code, sf := range loadSeedForms(t) {
		for _, c := range sf.Cases {
			for _, p := range c.Form.Pages {
				for _, fl := range p.Fields() {
					where := code + " " + fl.ID
					if m := phraseHintRe.FindStringSubmatch(fl.Hint); m != nil {
						checked++
						for _, q := range quotedRe.FindAllStringSubmatch(m[1], -1) {
							if !slices.Contains(fl.Prefixes, q[1]) {
								t.Errorf("%s: the hint asks for %q, but prefixes are %q", where, q[1], fl.Prefixes)
							}
						}
					}
					if fl.Kind == eform.KindGroup && strings.Contains(fl.Hint, "đánh dấu một ngành chính") {
						checked++
						if i := slices.IndexFunc(fl.Fields, func(sf eform.Field) bool { return sf.ID == fl.OneYes }); i < 0 ||
							fl.Fields[i].Kind != eform.KindYesNo {
							t.Errorf("%s: the hint asks for one main line, but one_yes is %q", where, fl.OneYes)
						}
					}
				}
			}
		}
	}
	if checked < 8 {
		t.Errorf("only %d fields with such hints: the test finds nothing", checked)
	}
}
