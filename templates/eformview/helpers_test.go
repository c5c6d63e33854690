package eformview_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/a-h/templ"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/org"
)

var (
	catalogue = sync.OnceValue(i18n.MustLoad)
	places    = sync.OnceValue(func() *org.Places {
		b, err := fs.ReadFile(motcua.SeedFS, "testdata/seed/places.json")
		if err != nil {
			panic(err)
		}
		p, err := org.ParsePlaces(bytes.NewReader(b))
		if err != nil {
			panic(err)
		}
		return p
	})
)

func vi() i18n.Printer { return catalogue().Printer(i18n.VI) }

// renderString renders c to a string.
func renderString(t testing.TB, c templ.Component) string {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Render(context.Background(), &buf); err != nil {
		t.Fatalf("render: %v", err)
	}
	return buf.String()
}

// render renders c and parses it as the body of a document.
func render(t testing.TB, c templ.Component) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(renderString(t, c)))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return doc
}

// byID finds the element with the given id; ids hold dots, which a CSS
// "#" selector would read as classes.
func byID(doc *goquery.Document, id string) *goquery.Selection {
	return doc.Find(`[id="` + id + `"]`)
}

func byName(doc *goquery.Document, name string) *goquery.Selection {
	return doc.Find(`[name="` + name + `"]`)
}

func one(t testing.TB, s *goquery.Selection, what string) *goquery.Selection {
	t.Helper()
	if s.Length() != 1 {
		t.Fatalf("%s: found %d elements, want 1", what, s.Length())
	}
	return s
}

func attr(s *goquery.Selection, name string) string {
	v, _ := s.Attr(name)
	return v
}

func has(s *goquery.Selection, name string) bool {
	_, ok := s.Attr(name)
	return ok
}

// labelFor returns the text of the label tied to the control with id.
func labelFor(doc *goquery.Document, id string) string {
	return strings.TrimSpace(doc.Find(`label[for="` + id + `"]`).Text())
}

// describedBy returns the texts the control's aria-describedby points at,
// failing the test for an id that does not exist.
func describedBy(t testing.TB, doc *goquery.Document, s *goquery.Selection) []string {
	t.Helper()
	var out []string
	for _, id := range strings.Fields(attr(s, "aria-describedby")) {
		d := byID(doc, id)
		if d.Length() != 1 {
			t.Errorf("aria-describedby names %q, found %d elements", id, d.Length())
			continue
		}
		out = append(out, strings.Join(strings.Fields(d.Text()), " "))
	}
	return out
}

// posted collects what a browser would post for the controls in doc:
// named, enabled inputs in tree order (text values, hidden inputs, checked
// radios and checkboxes), the selected options of selects and the text of
// textareas; no buttons (nothing was pressed) and no file inputs.
func posted(doc *goquery.Document) url.Values {
	v := url.Values{}
	doc.Find("input, select, textarea").Each(func(_ int, s *goquery.Selection) {
		name, ok := s.Attr("name")
		if !ok || name == "" || has(s, "disabled") {
			return
		}
		switch goquery.NodeName(s) {
		case "textarea":
			v.Add(name, s.Text())
		case "select":
			opts := s.Find("option[selected]")
			if opts.Length() == 0 {
				opts = s.Find("option").First()
			}
			opts.Each(func(_ int, o *goquery.Selection) {
				val, ok := o.Attr("value")
				if !ok {
					val = o.Text()
				}
				v.Add(name, val)
			})
		default:
			switch attr(s, "type") {
			case "file", "submit", "button", "reset", "image":
			case "radio", "checkbox":
				if has(s, "checked") {
					val, ok := s.Attr("value")
					if !ok {
						val = "on"
					}
					v.Add(name, val)
				}
			default:
				v.Add(name, attr(s, "value"))
			}
		}
	})
	return v
}

// seedForms reads the e-forms of a seed file, by case.
func seedForms(t testing.TB, code string) []eform.Form {
	t.Helper()
	b, err := fs.ReadFile(motcua.SeedFS, "testdata/seed/eforms/"+code+".json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Cases []struct {
			Form eform.Form `json:"form"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(b, &file); err != nil {
		t.Fatalf("%s: %v", code, err)
	}
	var out []eform.Form
	for _, c := range file.Cases {
		out = append(out, c.Form)
	}
	return out
}

func ptr[T any](v T) *T { return &v }

func dump(doc *goquery.Document) string {
	h, err := doc.Html()
	if err != nil {
		return fmt.Sprint(err)
	}
	return h
}
