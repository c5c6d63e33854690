package eform

import (
	"encoding/json"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/audit"
)

// Audit fields Diff writes.
const (
	DiffTitle         = "title"          // old and new title
	DiffPages         = "pages"          // page ids in order, when pages were added, removed or reordered
	DiffPagesChanged  = "pages_changed"  // pages whose title, intro or sections' titles and intros changed
	DiffFieldsAdded   = "fields_added"   // New lists them
	DiffFieldsRemoved = "fields_removed" // Old lists them
	DiffFieldsChanged = "fields_changed" // New lists them
	DiffFieldsMoved   = "fields_moved"   // New lists them
)

// DiffFields lists the audit fields Diff writes, in its order.
var DiffFields = []string{DiffTitle, DiffPages, DiffPagesChanged, DiffFieldsAdded, DiffFieldsRemoved,
	DiffFieldsChanged, DiffFieldsMoved}

// Diff lists what changed from old to next, compactly, for the audit
// trail: the title; the page ids when pages were added, removed or
// reordered; the pages whose own texts changed; and the fields added,
// removed, changed or moved (to another page, or out of order), each as
// "id (Label)", a group's sub-fields as "group.sub (Label)". A group counts
// as changed for its own settings only: a changed sub-field is listed on
// its own. Nothing changed, nothing listed.
func Diff(old, next Form) []audit.Change {
	var out []audit.Change
	if old.Title != next.Title {
		out = append(out, audit.Change{Field: DiffTitle, Old: old.Title, New: next.Title})
	}
	oldPages, nextPages := pageIDs(old), pageIDs(next)
	if !slices.Equal(oldPages, nextPages) {
		out = append(out, audit.Change{Field: DiffPages, Old: strings.Join(oldPages, ", "), New: strings.Join(nextPages, ", ")})
	}
	oldMeta := map[string]string{}
	for _, p := range old.Pages {
		if _, dup := oldMeta[p.ID]; !dup {
			oldMeta[p.ID] = pageMeta(p)
		}
	}
	var pagesChanged []string
	seenPage := map[string]bool{}
	for _, p := range next.Pages {
		if m, ok := oldMeta[p.ID]; ok && !seenPage[p.ID] && m != pageMeta(p) {
			pagesChanged = append(pagesChanged, p.ID)
		}
		seenPage[p.ID] = true
	}
	if len(pagesChanged) > 0 {
		out = append(out, audit.Change{Field: DiffPagesChanged, New: strings.Join(pagesChanged, ", ")})
	}

	of, nf := flatten(old), flatten(next)
	oldBy := map[string]flatField{}
	for _, f := range of {
		oldBy[f.path] = f
	}
	nextBy := map[string]flatField{}
	for _, f := range nf {
		nextBy[f.path] = f
	}
	var added, removed, changed, moved []string
	var oldCommon, nextCommon []string
	for _, f := range nf {
		o, ok := oldBy[f.path]
		switch {
		case !ok:
			added = append(added, f.name())
		case o.def != f.def:
			changed = append(changed, f.name())
		}
		if ok {
			nextCommon = append(nextCommon, f.path)
		}
	}
	for _, f := range of {
		if _, ok := nextBy[f.path]; !ok {
			removed = append(removed, f.name())
		} else {
			oldCommon = append(oldCommon, f.path)
		}
	}
	inOrder := lcs(oldCommon, nextCommon)
	for _, p := range nextCommon {
		if !inOrder[p] || oldBy[p].page != nextBy[p].page {
			moved = append(moved, nextBy[p].name())
		}
	}
	if len(added) > 0 {
		out = append(out, audit.Change{Field: DiffFieldsAdded, New: strings.Join(added, ", ")})
	}
	if len(removed) > 0 {
		out = append(out, audit.Change{Field: DiffFieldsRemoved, Old: strings.Join(removed, ", ")})
	}
	if len(changed) > 0 {
		out = append(out, audit.Change{Field: DiffFieldsChanged, New: strings.Join(changed, ", ")})
	}
	if len(moved) > 0 {
		out = append(out, audit.Change{Field: DiffFieldsMoved, New: strings.Join(moved, ", ")})
	}
	return out
}

func pageIDs(f Form) []string {
	ids := make([]string, len(f.Pages))
	for i, p := range f.Pages {
		ids[i] = p.ID
	}
	return ids
}

// pageMeta is a page's own texts (not its fields) as comparable text.
func pageMeta(p Page) string {
	type section struct{ Title, Intro string }
	m := struct {
		Title, Intro string
		Sections     []section
	}{Title: p.Title, Intro: p.Intro}
	for _, s := range p.Sections {
		m.Sections = append(m.Sections, section{s.Title, s.Intro})
	}
	b, _ := json.Marshal(m) // plain strings: cannot fail
	return string(b)
}

// flatField is one field of a form in form order: top-level fields by id,
// a group's sub-fields as "group.sub".
type flatField struct {
	path  string
	label string
	page  string
	def   string // the field's own definition as JSON, without sub-fields
}

// maxDiffLabel bounds the label quoted beside each id.
const maxDiffLabel = 40

func (f flatField) name() string {
	l := strings.Join(strings.Fields(f.label), " ")
	if l == "" {
		return f.path
	}
	if r := []rune(l); len(r) > maxDiffLabel {
		// Cut between words when there is one in the second half.
		cut := maxDiffLabel - 1
		if i := strings.LastIndexByte(string(r[:cut+1]), ' '); i > 0 && utf8.RuneCountInString(l[:i]) > maxDiffLabel/2 {
			cut = utf8.RuneCountInString(l[:i])
		}
		l = strings.TrimRight(string(r[:cut]), " ") + "…"
	}
	return f.path + " (" + l + ")"
}

// flatten lists the fields of f; an id seen before is skipped (the first
// definition wins, as in Clean).
func flatten(f Form) []flatField {
	var out []flatField
	seen := map[string]bool{}
	add := func(path, page string, fl Field) {
		if seen[path] {
			return
		}
		seen[path] = true
		fl.Fields = nil
		b, _ := json.Marshal(fl) // strings, numbers and bools only: cannot fail
		out = append(out, flatField{path: path, label: fl.Label, page: page, def: string(b)})
	}
	for _, p := range f.Pages {
		for _, s := range p.Sections {
			for _, fl := range s.Fields {
				if seen[fl.ID] {
					continue
				}
				add(fl.ID, p.ID, fl)
				for _, sf := range fl.Fields {
					add(fl.ID+"."+sf.ID, p.ID, sf)
				}
			}
		}
	}
	return out
}

// lcs returns the members of a longest common subsequence of a and b (both
// free of repeats): what stayed in order.
func lcs(a, b []string) map[string]bool {
	n, m := len(a), len(b)
	t := make([][]int, n+1)
	for i := range t {
		t[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				t[i][j] = t[i+1][j+1] + 1
			} else {
				t[i][j] = max(t[i+1][j], t[i][j+1])
			}
		}
	}
	out := map[string]bool{}
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case a[i] == b[j]:
			out[a[i]] = true
			i++
			j++
		case t[i+1][j] >= t[i][j+1]:
			i++
		default:
			j++
		}
	}
	return out
}
