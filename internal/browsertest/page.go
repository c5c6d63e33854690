package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// Page is a tab with small chainable helpers. Each helper waits for its
// element (up to ActionTimeout) and stops the test with t.Fatalf when an
// action fails. Use Run and Call for anything else: they bound each action
// the same way.
type Page struct {
	t         testing.TB
	ctx       context.Context
	noScripts bool // DisableScripts(true) is in force
}

// Open opens a new tab (see NewTab) and navigates it to url.
func Open(t testing.TB, url string) *Page {
	t.Helper()
	p := &Page{t: t, ctx: NewTab(t)}
	return p.Navigate(url)
}

// Run runs one chromedp action on the page's tab, bounded by ActionTimeout.
func Run[T any](p *Page, a chromedp.Action[T]) (T, error) {
	ctx, cancel := Bound(p.ctx)
	defer cancel()
	return chromedp.Run(ctx, a)
}

// Call sends one DevTools command to the page's tab, bounded by
// ActionTimeout.
func Call[P, R any](p *Page, cmd cdp.Command[P, R], params P) (R, error) {
	ctx, cancel := Bound(p.ctx)
	defer cancel()
	return chromedp.Call(ctx, cmd, params)
}

// do runs the steps as one action and fails the test on error.
func (p *Page) do(what string, steps ...chromedp.Action[chromedp.Void]) *Page {
	p.t.Helper()
	ctx, cancel := Bound(p.ctx)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		p.t.Fatalf("browsertest: %s: %v", what, err)
	}
	return p
}

// Navigate loads url, waiting for the load event and a visible body.
func (p *Page) Navigate(url string) *Page {
	p.t.Helper()
	return p.do("navigate to "+url,
		chromedp.Navigate(url),
		chromedp.WaitVisible(chromedp.CSS("body")),
	)
}

// WaitVisible waits until the first element matching the CSS selector is
// visible.
func (p *Page) WaitVisible(css string) *Page {
	p.t.Helper()
	return p.do("wait visible "+css, chromedp.WaitVisible(chromedp.CSS(css)))
}

// WaitReady waits until an element matching the CSS selector is in the
// document, visible or not (an <option>, a hidden input).
func (p *Page) WaitReady(css string) *Page {
	p.t.Helper()
	return p.do("wait ready "+css, chromedp.WaitReady(chromedp.CSS(css)))
}

// Click clicks the first visible element matching the CSS selector.
func (p *Page) Click(css string) *Page {
	p.t.Helper()
	return p.do("click "+css, chromedp.Click(chromedp.CSS(css)))
}

// Fill replaces the value of a text field (input or textarea) by typing
// value into it. field is the element's id, or else the text of its <label>
// (whitespace-normalized, exact match), or else its aria-label.
func (p *Page) Fill(field, value string) *Page {
	p.t.Helper()
	sel := fieldSelector(field)
	clearField := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Evaluate[bool]("(e => { e.value = ''; return true })("+string(sel)+")")(ctx, t)
		return err
	})
	return p.do(fmt.Sprintf("fill %q", field),
		chromedp.WaitVisible(sel),
		clearField,
		chromedp.SendKeys(sel, value),
	)
}

// Text returns the visible text of the first visible element matching the CSS
// selector.
func (p *Page) Text(css string) string {
	p.t.Helper()
	s, err := Run(p, chromedp.Text(chromedp.CSS(css), chromedp.NodeVisible))
	if err != nil {
		p.t.Fatalf("browsertest: text of %s: %v", css, err)
	}
	return s
}

// CheckA11y runs CheckA11y on the current page. When the tab's scripts
// are disabled, it turns them on just for axe (which needs the page's task
// queue for its promises) and off again: the page's own scripts did not
// run when it loaded, and turning scripting on later does not run them.
func (p *Page) CheckA11y() *Page {
	p.t.Helper()
	return p.CheckA11yIn(p.t)
}

// CheckA11yIn is CheckA11y reporting to t (a subtest, say) instead of the
// test that opened the page.
func (p *Page) CheckA11yIn(t testing.TB) *Page {
	t.Helper()
	if p.noScripts {
		p.setScriptsDisabled(false)
		defer p.setScriptsDisabled(true)
	}
	CheckA11y(t, p.ctx)
	return p
}

// fieldSelector returns a JSPath selector that finds a form field by id,
// label text or aria-label. It gives null until the field exists, so query
// actions wait for it.
func fieldSelector(field string) chromedp.JSPath {
	k, _ := json.Marshal(field)
	return chromedp.JSPath(fmt.Sprintf(`(() => {
	const k = %s, norm = s => s.replace(/\s+/g, ' ').trim();
	const byID = document.getElementById(k);
	if (byID) return byID;
	const label = [...document.querySelectorAll('label')].find(l => norm(l.textContent) === k);
	if (label && label.control) return label.control;
	return [...document.querySelectorAll('[aria-label]')].find(e => norm(e.getAttribute('aria-label')) === k) || null;
})()`, k))
}

// ClickNav clicks the first visible element matching the CSS selector, a link
// or a submit button, and waits until the page it leads to has loaded (after
// any redirects), so the next helper sees the new page and never the old one.
func (p *Page) ClickNav(css string) *Page {
	p.t.Helper()
	ctx, cancel := Bound(p.ctx)
	defer cancel()
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(css))); err != nil {
		p.t.Fatalf("browsertest: click %s and wait for the next page: %v", css, err)
	}
	return p
}

// Attr returns the value of the attribute name of the first element matching
// the CSS selector ("" when the element lacks it).
func (p *Page) Attr(css, name string) string {
	p.t.Helper()
	res, err := Run(p, chromedp.AttributeValue(chromedp.CSS(css), name))
	if err != nil {
		p.t.Fatalf("browsertest: attribute %s of %s: %v", name, css, err)
	}
	return res.Value
}

// Value returns the current value of a form field (field as in Fill): what
// the user typed or chose, not the value attribute the page came with.
func (p *Page) Value(field string) string {
	p.t.Helper()
	v, err := Run(p, chromedp.Value(fieldSelector(field)))
	if err != nil {
		p.t.Fatalf("browsertest: value of %q: %v", field, err)
	}
	return v
}

// Select chooses an option of a <select> (field as in Fill): the option
// whose value is option, or else whose text is option (whitespace-
// normalized, exact match). It fires the input and change events that a
// user's choice fires, so the page's scripts see it.
func (p *Page) Select(field, option string) *Page {
	p.t.Helper()
	sel := fieldSelector(field)
	k, _ := json.Marshal(option)
	choose := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		ok, err := chromedp.Evaluate[bool](fmt.Sprintf(`((s, k) => {
	const norm = x => x.replace(/\s+/g, ' ').trim();
	const o = [...s.options].find(o => o.value === k) || [...s.options].find(o => norm(o.text) === k);
	if (!o) return false;
	s.value = o.value;
	s.dispatchEvent(new Event('input', {bubbles: true}));
	s.dispatchEvent(new Event('change', {bubbles: true}));
	return true;
})(%s, %s)`, sel, k))(ctx, t)
		if err == nil && !ok {
			err = fmt.Errorf("no option %q", option)
		}
		return err
	})
	return p.do(fmt.Sprintf("select %q in %q", option, field), chromedp.WaitVisible(sel), choose)
}

// Choose clicks the radio button or checkbox named name whose value is
// option, or else whose label text is option (whitespace-normalized, exact
// match), as a user does: a radio button becomes checked, a checkbox
// toggles.
func (p *Page) Choose(name, option string) *Page {
	p.t.Helper()
	n, _ := json.Marshal(name)
	k, _ := json.Marshal(option)
	sel := chromedp.JSPath(fmt.Sprintf(`(() => {
	const n = %s, k = %s, norm = s => s.replace(/\s+/g, ' ').trim();
	const boxes = [...document.querySelectorAll('input[type=radio], input[type=checkbox]')].filter(e => e.name === n);
	return boxes.find(e => e.value === k) ||
		boxes.find(e => [...e.labels].some(l => norm(l.textContent) === k)) || null;
})()`, n, k))
	return p.do(fmt.Sprintf("choose %q of %q", option, name), chromedp.Click(sel))
}

// Checked reports whether the radio button or checkbox with the given id
// is checked.
func (p *Page) Checked(id string) bool {
	p.t.Helper()
	k, _ := json.Marshal(id)
	v, err := Run(p, chromedp.Evaluate[bool](fmt.Sprintf(`(e => !!e && e.checked)(document.getElementById(%s))`, k)))
	if err != nil {
		p.t.Fatalf("browsertest: checked %q: %v", id, err)
	}
	return v
}

// SetFiles puts the files (absolute paths) into a file input (field as in
// Fill), as a user picking them in the file chooser; the form uploads them
// when it is submitted.
func (p *Page) SetFiles(field string, paths ...string) *Page {
	p.t.Helper()
	sel := fieldSelector(field)
	return p.do(fmt.Sprintf("set files of %q", field), chromedp.WaitReady(sel), chromedp.SetUploadFiles(sel, paths))
}

// DisableScripts turns the page's JavaScript off (true) or back on (false)
// for the rest of the tab's life, as a browser with scripting disabled: the
// pages it loads from then on run no script of their own. The helpers keep
// working, because the DevTools protocol evaluates their expressions even
// so, and CheckA11y still runs axe. Call it before navigating to the first
// page that must load without scripts.
func (p *Page) DisableScripts(disabled bool) *Page {
	p.t.Helper()
	p.setScriptsDisabled(disabled)
	p.noScripts = disabled
	return p
}

func (p *Page) setScriptsDisabled(disabled bool) {
	p.t.Helper()
	if _, err := Call(p, emulation.SetScriptExecutionDisabled,
		emulation.SetScriptExecutionDisabledParams{Value: disabled}); err != nil {
		p.t.Fatalf("browsertest: disable scripts %v: %v", disabled, err)
	}
}

// Reload loads the current page again, as the browser's reload button
// does, and waits for it.
func (p *Page) Reload() *Page {
	p.t.Helper()
	return p.do("reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("body")))
}

// Table is the text of an HTML table, cell by cell: its column headings and
// its body rows, each cell's text whitespace-normalized (text that is
// visually hidden counts: it is what a screen reader reads).
type Table struct {
	Head []string
	Rows [][]string
	// keys holds the index of each row's header cell: its first th, or
	// else its first cell.
	keys []int
}

// Table reads the table whose caption is caption (whitespace-normalized,
// exact match; a visually hidden caption counts), waiting for it. Head is
// the last row of its <thead>; Rows are the rows of its <tbody>s, with
// header (th) and data (td) cells alike.
func (p *Page) Table(caption string) Table {
	p.t.Helper()
	k, _ := json.Marshal(caption)
	sel := chromedp.JSPath(fmt.Sprintf(`(() => {
	const k = %s, norm = s => s.replace(/\s+/g, ' ').trim();
	return [...document.querySelectorAll('table')].find(t => t.caption && norm(t.caption.textContent) === k) || null;
})()`, k))
	read := `(t => {
	const norm = s => s.replace(/\s+/g, ' ').trim();
	const cells = r => [...r.cells].map(c => norm(c.textContent));
	const head = t.tHead && t.tHead.rows.length ? cells(t.tHead.rows[t.tHead.rows.length - 1]) : [];
	const rows = [...t.tBodies].flatMap(b => [...b.rows]);
	return {head, rows: rows.map(cells), keys: rows.map(r => Math.max(0, [...r.cells].findIndex(c => c.tagName === 'TH')))};
})(` + string(sel) + `)`
	type tableJSON struct {
		Head []string   `json:"head"`
		Rows [][]string `json:"rows"`
		Keys []int      `json:"keys"`
	}
	var got tableJSON
	p.do(fmt.Sprintf("find table %q", caption), chromedp.WaitReady(sel), chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		var err error
		got, err = chromedp.Evaluate[tableJSON](read)(ctx, t)
		return err
	}))
	return Table{Head: got.Head, Rows: got.Rows, keys: got.Keys}
}

// Col is the index of the column headed name, or -1.
func (t Table) Col(name string) int { return slices.Index(t.Head, name) }

// Row is the first body row whose row header is key, or nil. A row's
// header is its first th cell (scope="row"), or else its first cell.
func (t Table) Row(key string) []string {
	for i, r := range t.Rows {
		k := 0
		if i < len(t.keys) {
			k = t.keys[i]
		}
		if k < len(r) && r[k] == key {
			return r
		}
	}
	return nil
}

// Cell is the text in the row whose header is key (see Row), in the
// column headed col; ok is false when there is no such row or column.
func (t Table) Cell(key, col string) (text string, ok bool) {
	r, i := t.Row(key), t.Col(col)
	if r == nil || i < 0 || i >= len(r) {
		return "", false
	}
	return r[i], true
}
