package eform

import (
	"github.com/motcua/motcua/internal/org"
)

// SummaryPage is one page of the answers, for a "check your answers" page.
type SummaryPage struct {
	ID    string
	Title string
	Rows  []Row
}

// Row is one shown field and its answer, typed: dates stay YYYY-MM-DD,
// money whole dong in digits and numbers with "." as decimal mark, for the
// web layer to format in the reader's language. A field left unanswered
// has a row with an empty answer, so the page can offer to answer it.
type Row struct {
	// Path is the input name, for the "Change" link: "id", "id.N.sub".
	Path   string
	Label  string
	Kind   Kind
	Answer Value // the cleaned answer as stored
	// Text is the answer of a one-string kind, with a select or radio
	// option shown by its label; yesno stays "yes" or "no".
	Text string
	// List holds the labels of the checked options, or a file slot's
	// attachment ids.
	List []string
	// Address has the places' names looked up; a name is empty when the
	// code is unknown.
	Address *SummaryAddress
	// Items are a group's items, each with its own rows.
	Items []SummaryItem
}

// SummaryAddress is an address answer with the names of its places.
type SummaryAddress struct {
	Province org.Place
	Commune  org.Place
	Street   string
}

// SummaryItem is one item of a group.
type SummaryItem struct {
	Title string // "Người thứ 2"
	Rows  []Row
}

// Summary lists the answers page by page in form order, leaving out hidden
// fields and pages with nothing shown. Pass the answers Clean returned;
// places may be nil, leaving place names empty.
func (f Form) Summary(a Answers, places PlaceLookup) []SummaryPage {
	vis := f.Visible(a)
	var pages []SummaryPage
	done := map[string]bool{}
	for _, p := range f.Pages {
		sp := SummaryPage{ID: p.ID, Title: p.Title}
		for _, fl := range p.Fields() {
			if !vis[fl.ID] || done[fl.ID] {
				continue
			}
			done[fl.ID] = true
			row := summaryRow(fl, fl.ID, a[fl.ID], places)
			if fl.Kind == KindGroup {
				for i, item := range a[fl.ID].Items {
					si := SummaryItem{Title: fl.ItemTitle(i + 1)}
					for _, sf := range fl.subFields() {
						path := itemPath(fl.ID, i, sf.ID)
						if vis[path] {
							si.Rows = append(si.Rows, summaryRow(sf, path, item[sf.ID], places))
						}
					}
					row.Items = append(row.Items, si)
				}
			}
			sp.Rows = append(sp.Rows, row)
		}
		if len(sp.Rows) > 0 {
			pages = append(pages, sp)
		}
	}
	return pages
}

func summaryRow(fl Field, path string, v Value, places PlaceLookup) Row {
	r := Row{Path: path, Label: fl.Label, Kind: fl.Kind, Answer: v}
	switch fl.Kind {
	case KindSelect, KindRadio:
		r.Text = optionLabel(fl.Options, v.Text)
	case KindCheckboxes:
		for _, s := range v.List {
			r.List = append(r.List, optionLabel(fl.Options, s))
		}
	case KindFile:
		r.List = v.List
	case KindAddress:
		if v.Address != nil {
			sa := &SummaryAddress{Province: org.Place{Code: v.Address.Province}, Commune: org.Place{Code: v.Address.Commune}, Street: v.Address.Street}
			if places != nil {
				if p, ok := places.Province(v.Address.Province); ok {
					sa.Province = p
				}
				if c, ok := places.Commune(v.Address.Province, v.Address.Commune); ok {
					sa.Commune = c
				}
			}
			r.Address = sa
		}
	case KindGroup:
	default:
		r.Text = v.Text
	}
	return r
}

// optionLabel returns the label of the option with value v, or v itself.
func optionLabel(opts []Option, v string) string {
	for _, o := range opts {
		if o.Value == v {
			return o.Label
		}
	}
	return v
}
