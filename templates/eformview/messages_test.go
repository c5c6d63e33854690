package eformview_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// keyRe matches the message keys the renderer's sources hand to the printer.
var keyRe = regexp.MustCompile(`"((?:eformview|form)\.[a-z_.]+)"`)

// TestMessageKeys checks that every key the sources use is in the
// catalogue, and that every eformview.* key of the catalogue is used.
func TestMessageKeys(t *testing.T) {
	files, err := filepath.Glob("*")
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || strings.HasSuffix(name, "_templ.go") ||
			(!strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, ".templ")) {
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyRe.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = true
		}
	}
	if len(used) < 30 {
		t.Fatalf("found only %d keys in the sources", len(used))
	}
	for k := range used {
		if !catalogue().Has(k) {
			t.Errorf("key %q is not in the catalogue", k)
		}
	}
	for _, k := range catalogue().Keys() {
		if strings.HasPrefix(k, "eformview.") && !used[k] {
			t.Errorf("catalogue key %q is never used", k)
		}
	}
}
