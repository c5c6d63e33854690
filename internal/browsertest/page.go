package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// Page is a tab with small chainable helpers. Each helper waits for its
// element (up to the tab's timeout) and stops the test with t.Fatalf when an
// action fails. Use Ctx with chromedp directly for anything else.
type Page struct {
	t   testing.TB
	ctx context.Context
}

// Open opens a new tab (see NewTab) and navigates it to url.
func Open(t testing.TB, url string) *Page {
	t.Helper()
	p := &Page{t: t, ctx: NewTab(t)}
	return p.Navigate(url)
}

// Ctx returns the tab's context, for chromedp.Run and chromedp.Do.
func (p *Page) Ctx() context.Context { return p.ctx }

// do runs the steps and fails the test on error.
func (p *Page) do(what string, steps ...chromedp.Action[chromedp.Void]) *Page {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, steps...); err != nil {
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
	s, err := chromedp.Run(p.ctx, chromedp.Text(chromedp.CSS(css), chromedp.NodeVisible))
	if err != nil {
		p.t.Fatalf("browsertest: text of %s: %v", css, err)
	}
	return s
}

// CheckA11y runs CheckA11y on the current page.
func (p *Page) CheckA11y() *Page {
	p.t.Helper()
	CheckA11y(p.t, p.ctx)
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
	if _, err := chromedp.RunResponse(p.ctx, chromedp.Click(chromedp.CSS(css))); err != nil {
		p.t.Fatalf("browsertest: click %s and wait for the next page: %v", css, err)
	}
	return p
}

// Attr returns the value of the attribute name of the first element matching
// the CSS selector ("" when the element lacks it).
func (p *Page) Attr(css, name string) string {
	p.t.Helper()
	res, err := chromedp.Run(p.ctx, chromedp.AttributeValue(chromedp.CSS(css), name))
	if err != nil {
		p.t.Fatalf("browsertest: attribute %s of %s: %v", name, css, err)
	}
	return res.Value
}
