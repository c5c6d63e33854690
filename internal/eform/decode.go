package eform

import (
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// ActionField is the name of the submit buttons that add or remove group
// items without JavaScript; its value is an action for ApplyAction.
const ActionField = "_action"

// maxPostedItems bounds the items of a group read from one post (or added
// by ApplyAction) when the group sets no larger MaxItems, so a crafted post
// cannot make a huge draft.
const maxPostedItems = 100

// Decode reads the posted values of one page ("" for every page) into a
// copy of into and returns it; answers to fields of other pages are kept
// as they are. A field of the page that was not posted (an unchecked
// checkbox list, a group whose items were all removed) loses its answer.
//
// Input names are the answer paths: "id" for a one-string answer, and
// repeated for checkboxes and file slots (attachment ids); "id.province",
// "id.commune", "id.street" for an address; "id.N.sub" (N from 0) for a
// sub-field of group item N, "id.N.sub.province" for an address inside it.
// An item exists when any name starts with "id.N", so a renderer that may
// post nothing for an item (only checkboxes, none checked) should add a
// hidden "id.N" input. Items are numbered again from 0 in posted order.
// Decode does not trim or check: Clean does.
func (f Form) Decode(v url.Values, page string, into Answers) Answers {
	out := maps.Clone(into)
	if out == nil {
		out = Answers{}
	}
	f.walk(func(p string, fl Field) {
		if page != "" && p != page {
			return
		}
		if val := decodeField(fl, fl.ID, v); isZero(val) {
			delete(out, fl.ID)
		} else {
			out[fl.ID] = val
		}
	})
	return out
}

func decodeField(fl Field, name string, v url.Values) Value {
	switch {
	case textKind(fl.Kind):
		return Value{Text: v.Get(name)}
	case fl.Kind == KindCheckboxes || fl.Kind == KindFile:
		var list []string
		for _, s := range v[name] {
			if s != "" {
				list = append(list, s)
			}
		}
		return Value{List: list}
	case fl.Kind == KindAddress:
		a := Address{Province: v.Get(name + ".province"), Commune: v.Get(name + ".commune"), Street: v.Get(name + ".street")}
		if a == (Address{}) {
			return Value{}
		}
		return Value{Address: &a}
	case fl.Kind == KindGroup:
		var items []Answers
		for _, n := range postedItems(name, v, itemCap(fl)) {
			item := Answers{}
			for _, sf := range fl.subFields() {
				if sv := decodeField(sf, itemPath(name, n, sf.ID), v); !isZero(sv) {
					item[sf.ID] = sv
				}
			}
			items = append(items, item)
		}
		return Value{Items: items}
	}
	return Value{}
}

// postedItems returns the item numbers posted for a group, in order, at
// most limit of them.
func postedItems(name string, v url.Values, limit int) []int {
	prefix := name + "."
	seen := map[int]bool{}
	for key := range v {
		rest, ok := strings.CutPrefix(key, prefix)
		if !ok {
			continue
		}
		num, _, _ := strings.Cut(rest, ".")
		if n, ok := itemNumber(num); ok {
			seen[n] = true
		}
	}
	nums := slices.Sorted(maps.Keys(seen))
	if len(nums) > limit {
		nums = nums[:limit]
	}
	return nums
}

// itemNumber reads an item number as written in input names: decimal, no
// sign, no leading zero, at most four digits.
func itemNumber(s string) (int, bool) {
	if s == "" || len(s) > 4 || (len(s) > 1 && s[0] == '0') || !allDigits(s) {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// itemCap is the most items a group can be given by Decode or ApplyAction.
func itemCap(fl Field) int {
	return max(fl.MaxItems, maxPostedItems)
}

// ApplyAction edits a group's items as asked by a posted ActionField
// value: "add:<group id>" appends an empty item (not past MaxItems),
// "remove:<group id>:<N>" removes item N and numbers the rest again. It
// returns a copy of the answers and true when the action names a group of
// the form; the handler then shows the same page again rather than moving
// on. Anything else returns the answers unchanged and false.
func (f Form) ApplyAction(a Answers, action string) (Answers, bool) {
	verb, rest, _ := strings.Cut(action, ":")
	id, num, hasNum := strings.Cut(rest, ":")
	fl, ok := f.Field(id)
	if !ok || fl.Kind != KindGroup {
		return a, false
	}
	items := slices.Clone(a[id].Items)
	switch {
	case verb == "add" && !hasNum:
		limit := itemCap(fl)
		if fl.MaxItems > 0 {
			limit = fl.MaxItems
		}
		if len(items) < limit {
			items = append(items, Answers{})
		}
	case verb == "remove" && hasNum:
		n, ok := itemNumber(num)
		if !ok {
			return a, false
		}
		if n < len(items) {
			items = slices.Delete(items, n, n+1)
		}
	default:
		return a, false
	}
	out := maps.Clone(a)
	if out == nil {
		out = Answers{}
	}
	if len(items) == 0 {
		delete(out, id)
	} else {
		out[id] = Value{Items: items}
	}
	return out, true
}
