package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeSource is node_modules/axe-core/axe.min.js, read once.
var axeSource = sync.OnceValues(func() (string, error) {
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	p := filepath.Join(root, "node_modules", "axe-core", "axe.min.js")
	b, err := os.ReadFile(p)
	if err != nil {
		return "", fmt.Errorf("%w (run scripts/browser-deps.sh)", err)
	}
	return string(b), nil
})

// moduleRoot walks up from the working directory to the directory that holds
// go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("browsertest: no go.mod above the working directory")
		}
		dir = parent
	}
}

// axeRun runs axe on the document and returns the page URL and a compact
// form of the violations. The run is limited to WCAG 2.0 and 2.1, levels A and
// AA; only violations are computed, which makes the run faster.
const axeRun = `(async () => {
	const r = await axe.run(document, {
		runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
		resultTypes: ['violations'],
	});
	return {
		url: location.href,
		violations: r.violations.map(v => ({
			id: v.id,
			impact: v.impact || '',
			help: v.help,
			helpUrl: v.helpUrl,
			nodes: v.nodes.map(n => ({
				target: n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : String(t)),
				html: n.html,
			})),
		})),
	};
})()`

type axeResult struct {
	URL        string         `json:"url"`
	Violations []axeViolation `json:"violations"`
}

type axeViolation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target []string `json:"target"`
		HTML   string   `json:"html"`
	} `json:"nodes"`
}

// CheckA11y runs axe-core on the current page of the tab ctx (from NewTab)
// and reports each WCAG 2.0/2.1 A/AA violation with t.Errorf: rule id, impact,
// help text, the target selectors and the page URL. It fails the test with
// t.Fatalf when axe cannot be loaded or run.
func CheckA11y(t testing.TB, ctx context.Context) {
	t.Helper()
	res, err := runAxe(ctx)
	if err != nil {
		t.Fatalf("browsertest: axe: %v", err)
	}
	for _, v := range res.Violations {
		var b strings.Builder
		fmt.Fprintf(&b, "a11y %s [%s] on %s: %s (%s)", v.ID, v.Impact, res.URL, v.Help, v.HelpURL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "\n\t%s\t%s", strings.Join(n.Target, ", "), n.HTML)
		}
		t.Errorf("%s", b.String())
	}
}

// runAxe injects axe (unless the document already has it) and runs it, each
// step bounded by ActionTimeout.
func runAxe(tab context.Context) (axeResult, error) {
	ctx, cancel := Bound(tab)
	defer cancel()
	src, err := axeSource()
	if err != nil {
		return axeResult{}, err
	}
	// Runtime.evaluate is not subject to the page's Content-Security-Policy,
	// so this works on pages that forbid inline scripts.
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.axe === 'object'`))
	if err != nil {
		return axeResult{}, err
	}
	if !loaded {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](src+"\n;true")); err != nil {
			return axeResult{}, fmt.Errorf("inject axe.min.js: %w", err)
		}
	}
	ctx, cancel = Bound(tab)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[axeResult](axeRun, chromedp.EvalAwaitPromise))
}
