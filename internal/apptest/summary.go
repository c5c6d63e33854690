package apptest

import (
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// SummaryProblems lists what is wrong with the error summary of a page
// that came back with its form's errors (a 422): every such page has one
// at the top of the main content, before its heading and any form, where
// app.js moves the focus; each problem in it is a link, and a link to
// "#id" names an element of the page. Nothing wrong, nothing listed.
func SummaryProblems(doc *goquery.Document) []string {
	main := doc.Find("main").First()
	if main.Length() == 0 {
		main = doc.Selection
	}
	summary := main.Find(".error-summary").First()
	if summary.Length() == 0 {
		return []string{"no error summary"}
	}
	var out []string
	if _, ok := summary.Attr("tabindex"); !ok {
		out = append(out, "the error summary cannot take the focus (no tabindex)")
	}
	// Nothing the page asks or says comes before the summary.
	all := doc.Find("*")
	at := all.IndexOfSelection(summary)
	var before []string
	main.Find("h1, form").EachWithBreak(func(_ int, s *goquery.Selection) bool {
		if all.IndexOfSelection(s) > at {
			return false
		}
		before = append(before, goquery.NodeName(s)+" "+short(s.Text()))
		return true
	})
	if len(before) > 0 {
		out = append(out, "the error summary comes after "+strings.Join(before, "; "))
	}
	items := summary.Find("li")
	if items.Length() == 0 {
		out = append(out, "the error summary lists no problem")
	}
	items.Each(func(_ int, li *goquery.Selection) {
		a := li.Find("a[href]")
		text := short(li.Text())
		if a.Length() == 0 {
			out = append(out, "problem "+text+" links nowhere")
			return
		}
		href, _ := a.Attr("href")
		if id, ok := strings.CutPrefix(href, "#"); ok {
			if n := doc.Find(`[id="` + id + `"]`).Length(); n != 1 {
				out = append(out, "problem "+text+" links to #"+id+", which the page has "+strconv.Itoa(n)+" times")
			}
		}
	})
	return out
}

// short is s on one line, cut to 60 characters.
func short(s string) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) > 60 {
		return `"` + string(r[:60]) + `…"`
	}
	return `"` + string(r) + `"`
}
