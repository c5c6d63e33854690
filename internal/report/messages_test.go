package report

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/i18n"
)

// TestMessageKeys: every message key the package hands out is in the
// catalogue, in both languages.
func TestMessageKeys(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	keyRe := regexp.MustCompile(`^report\.[a-z_]+\.[a-z_]+$`)
	fset := token.NewFileSet()
	used := map[string]bool{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil && keyRe.MatchString(s) {
					used[s] = true
				}
			}
			return true
		})
	}
	if len(used) < 18 {
		t.Fatalf("found only %d message keys in the code", len(used))
	}
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for k := range used {
		if !cat.Has(k) {
			t.Errorf("key %q is used but not in the catalogue", k)
		}
	}
}
