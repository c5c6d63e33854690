package eform

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/i18n"
)

// messageKeyRe matches the message keys this package hands out.
var messageKeyRe = regexp.MustCompile(`^eform\.(error|check)\.[a-z_]+$`)

// TestMessageKeys checks that every message key in the package's code is
// in the catalogue, and that the catalogue has no eform.error or
// eform.check key the code never uses.
func TestMessageKeys(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
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
				if s, err := strconv.Unquote(lit.Value); err == nil && messageKeyRe.MatchString(s) {
					used[s] = true
				}
			}
			return true
		})
	}
	if len(used) < 20 {
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
	for _, k := range cat.Keys() {
		if messageKeyRe.MatchString(k) && !used[k] {
			t.Errorf("catalogue key %q is never used", k)
		}
	}
	// Messages that take the label as an argument are written for it.
	vi := cat.Printer(i18n.VI)
	keys := make([]string, 0, len(used))
	for k := range used {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if strings.HasPrefix(k, "eform.error.") {
			if got := vi.T(k, "nhãn", "Nhãn", 5); strings.Contains(got, "{") {
				t.Errorf("%s leaves a placeholder: %q", k, got)
			}
		}
	}
	if got := vi.T("eform.error.required", "họ và tên", "Họ và tên"); got != "Nhập họ và tên" {
		t.Errorf("required = %q", got)
	}
}
