package eform

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Page returns the page with the given id.
func (f Form) Page(id string) (Page, bool) {
	for _, p := range f.Pages {
		if p.ID == id {
			return p, true
		}
	}
	return Page{}, false
}

// Field returns the top-level field with the given id, wherever it is.
func (f Form) Field(id string) (Field, bool) {
	for _, p := range f.Pages {
		for _, s := range p.Sections {
			for _, fl := range s.Fields {
				if fl.ID == id {
					return fl, true
				}
			}
		}
	}
	return Field{}, false
}

// Fields lists the page's fields, section after section.
func (p Page) Fields() []Field {
	var out []Field
	for _, s := range p.Sections {
		out = append(out, s.Fields...)
	}
	return out
}

// sub returns the sub-field of a group with the given id.
func (f Field) sub(id string) (Field, bool) {
	for _, sf := range f.Fields {
		if sf.ID == id {
			return sf, true
		}
	}
	return Field{}, false
}

// ItemTitle titles item n (1-based) of a group: ItemLabel with {n}
// replaced ("Người thứ 2"), or the group's label and the number.
func (f Field) ItemTitle(n int) string {
	if f.ItemLabel != "" {
		return strings.ReplaceAll(f.ItemLabel, "{n}", strconv.Itoa(n))
	}
	return f.Label + " " + strconv.Itoa(n)
}

// walk calls fn for every top-level field in form order with the id of its
// page. A field id seen before is skipped: the first definition wins, so a
// form that Check would refuse still gets one answer per id.
func (f Form) walk(fn func(page string, fl Field)) {
	seen := map[string]bool{}
	for _, p := range f.Pages {
		for _, s := range p.Sections {
			for _, fl := range s.Fields {
				if fl.ID == "" || seen[fl.ID] {
					continue
				}
				seen[fl.ID] = true
				fn(p.ID, fl)
			}
		}
	}
}

// subFields returns the sub-fields of a group that can hold an answer (the
// first of each id; no nested groups or file slots), as Check requires.
func (f Field) subFields() []Field {
	var out []Field
	seen := map[string]bool{}
	for _, sf := range f.Fields {
		if sf.ID == "" || seen[sf.ID] || sf.Kind == KindGroup || sf.Kind == KindFile {
			continue
		}
		seen[sf.ID] = true
		out = append(out, sf)
	}
	return out
}

// holds reports whether the condition holds. The named field is a sibling
// in the same group item when group has a sub-field of that id, otherwise a
// top-level field. item and top hold only the answers of fields already
// found visible, so a field whose controlling field is hidden is hidden too.
func holds(c *Condition, group *Field, item, top Answers) bool {
	if c == nil {
		return true
	}
	var v Value
	if _, ok := group.subOf(c.Field); ok {
		v = item[c.Field]
	} else {
		v = top[c.Field]
	}
	if v.Text != "" && slices.Contains(c.In, v.Text) {
		return true
	}
	for _, s := range v.List {
		if slices.Contains(c.In, s) {
			return true
		}
	}
	return false
}

// subOf is sub that also accepts a nil group (a top-level field).
func (f *Field) subOf(id string) (Field, bool) {
	if f == nil {
		return Field{}, false
	}
	return f.sub(id)
}

// Visible reports, for every field path of the form, whether it is shown:
// top-level ids, and "id.N.sub" for the sub-fields of each item of a group
// in a. A field is shown when its condition holds on the answers of the
// fields before it that are themselves shown, the same rule Clean applies,
// so pass the answers Clean returned.
func (f Form) Visible(a Answers) map[string]bool {
	vis := map[string]bool{}
	shown := Answers{}
	f.walk(func(_ string, fl Field) {
		ok := holds(fl.ShowIf, nil, nil, shown)
		vis[fl.ID] = ok
		if !ok {
			return
		}
		v, has := a[fl.ID]
		if has {
			shown[fl.ID] = v
		}
		if fl.Kind != KindGroup {
			return
		}
		for i, item := range v.Items {
			shownItem := Answers{}
			for _, sf := range fl.subFields() {
				p := itemPath(fl.ID, i, sf.ID)
				ok := holds(sf.ShowIf, &fl, shownItem, shown)
				vis[p] = ok
				if sv, has := item[sf.ID]; ok && has {
					shownItem[sf.ID] = sv
				}
			}
		}
	})
	return vis
}

// itemPath is the answer path (and input name) of a group item's sub-field.
func itemPath(group string, i int, sub string) string {
	return group + "." + strconv.Itoa(i) + "." + sub
}

// itemLabel names sub-field sf of item i (0-based) of group g.
func itemLabel(g Field, i int, sf Field) string { return sf.Label + " (" + g.ItemTitle(i+1) + ")" }

// LowerFirst lower-cases the first letter of s for use inside a sentence
// (see lowerFirst).
func LowerFirst(s string) string { return lowerFirst(s) }

// lowerFirst lower-cases the first letter of a label so that it reads
// inside a sentence ("Nhập họ và tên"), unless the label starts with an
// acronym ("CCCD") or a proper noun of several capitalised words ("Hà Nội").
func lowerFirst(s string) string {
	s = strings.TrimSpace(s)
	words := strings.Fields(s)
	if len(words) == 0 {
		return s
	}
	first := []rune(words[0])
	if slices.ContainsFunc(first[1:], unicode.IsUpper) {
		return s
	}
	if len(words) > 1 {
		if r, _ := utf8.DecodeRuneInString(words[1]); unicode.IsUpper(r) {
			return s
		}
	}
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[size:]
}

// FieldAt returns the field an answer path names: "id" for a top-level
// field, "id.N.sub" for a group item's sub-field, and the address parts
// "id.province" / "id.commune" / "id.street" (and "id.N.sub.province")
// name their address field.
func (f Form) FieldAt(path string) (Field, bool) {
	parts := strings.Split(path, ".")
	fl, ok := f.Field(parts[0])
	if !ok {
		return Field{}, false
	}
	rest := parts[1:]
	if fl.Kind == KindGroup && len(rest) > 0 {
		if len(rest) < 2 {
			return Field{}, false
		}
		if _, err := strconv.Atoi(rest[0]); err != nil {
			return Field{}, false
		}
		if fl, ok = fl.sub(rest[1]); !ok {
			return Field{}, false
		}
		rest = rest[2:]
	}
	switch {
	case len(rest) == 0:
		return fl, true
	case len(rest) == 1 && fl.Kind == KindAddress && slices.Contains([]string{"province", "commune", "street"}, rest[0]):
		return fl, true
	}
	return Field{}, false
}
