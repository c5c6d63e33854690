package eform

import (
	"regexp"
	"strconv"
	"strings"
)

// Sample answers a form with plausible made-up values, one per field by
// its kind, so administrators can see where answers land (the preview of
// a result document). Every address is addr. Groups get the items they
// need, at least one; file slots stay empty. show lists answer paths
// that must be visible: a field shown only on another field's answer gets
// that answer (the first value its condition accepts), so the preview
// never hides what it is about.
func (f Form) Sample(addr Address, show ...string) Answers {
	a := Answers{}
	f.walk(func(_ string, fl Field) {
		switch fl.Kind {
		case KindFile:
		case KindGroup:
			// As many items as the group needs, at least one.
			items := make([]Answers, max(fl.MinItems, 1))
			for i := range items {
				items[i] = Answers{}
				for _, sf := range fl.subFields() {
					items[i][sf.ID] = sampleValue(sf, addr)
					if sf.ID == fl.OneYes && i > 0 {
						items[i][sf.ID] = Value{Text: "no"} // one item only is "the main one"
					}
				}
			}
			a[fl.ID] = Value{Items: items}
		default:
			a[fl.ID] = sampleValue(fl, addr)
		}
	})
	// Each pass makes the conditions of the wanted fields hold; a
	// condition on a field that is itself conditional takes another
	// pass. A form has few levels of nesting.
	for range 4 {
		vis := f.Visible(a)
		changed := false
		for _, p := range show {
			if vis[p] {
				continue
			}
			if f.satisfy(a, p, 0) {
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	return a
}

// satisfy sets the answer the condition of the field at path waits for,
// and that of the group holding it, then does the same for the fields
// those conditions name (depth bounds a loop of conditions); it reports
// whether it changed an answer.
func (f Form) satisfy(a Answers, path string, depth int) bool {
	if depth > 8 {
		return false
	}
	parts := strings.Split(path, ".")
	top, ok := f.Field(parts[0])
	if !ok {
		return false
	}
	changed := false
	if top.ShowIf != nil {
		changed = f.setCondition(a, top.ShowIf, nil, nil)
		changed = f.satisfy(a, top.ShowIf.Field, depth+1) || changed
	}
	if top.Kind != KindGroup || len(parts) < 3 {
		return changed
	}
	sub, ok := top.sub(parts[2])
	if !ok || sub.ShowIf == nil {
		return changed
	}
	items := a[top.ID].Items
	i, err := strconv.Atoi(parts[1])
	if err != nil || i < 0 || i >= len(items) {
		return changed
	}
	changed = f.setCondition(a, sub.ShowIf, &top, items[i]) || changed
	next := sub.ShowIf.Field
	if _, sibling := top.sub(next); sibling {
		next = itemPath(top.ID, i, next)
	}
	return f.satisfy(a, next, depth+1) || changed
}

// setCondition answers the field a condition names with the first value
// it accepts: a sibling in item when group has it, else a top-level field.
func (f Form) setCondition(a Answers, c *Condition, group *Field, item Answers) bool {
	if c == nil || len(c.In) == 0 || holds(c, group, item, a) {
		return false
	}
	target := a
	cf, ok := group.subOf(c.Field)
	if ok {
		target = item
	} else if cf, ok = f.Field(c.Field); !ok {
		return false
	}
	if cf.Kind == KindCheckboxes {
		target[c.Field] = Value{List: []string{c.In[0]}}
	} else {
		target[c.Field] = Value{Text: c.In[0]}
	}
	return true
}

// sampleValue is a made-up answer to a field.
func sampleValue(fl Field, addr Address) Value {
	switch fl.Kind {
	case KindTextarea:
		return Value{Text: "Nội dung mẫu của mục “" + fl.Label + "”."}
	case KindNumber:
		return Value{Text: sampleNumber(fl, 2)}
	case KindMoney:
		return Value{Text: sampleNumber(fl, 100000000)}
	case KindDate:
		if strings.Contains(fl.ID, "sinh") {
			return Value{Text: samplePerson(fl.ID).born}
		}
		return Value{Text: "2026-01-15"}
	case KindSelect, KindRadio:
		if len(fl.Options) > 0 {
			return Value{Text: fl.Options[0].Value}
		}
	case KindCheckboxes:
		if len(fl.Options) > 0 {
			return Value{List: []string{fl.Options[0].Value}}
		}
	case KindYesNo:
		return Value{Text: "yes"}
	case KindEmail:
		return Value{Text: "nguyenvanan@example.vn"}
	case KindPhone:
		return Value{Text: "0912345678"}
	case KindPersonalID:
		return Value{Text: "019090000001"}
	case KindTaxCode:
		return Value{Text: "4600100155"}
	case KindAddress:
		ad := addr
		if ad.Street == "" {
			ad.Street = "Số 12, đường Hoàng Văn Thụ"
		}
		return Value{Address: &ad}
	case KindText:
		s := sampleText(fl)
		if len(fl.Prefixes) > 0 {
			s = strings.TrimSpace(fl.Prefixes[0]) + " " + s
		}
		return Value{Text: fitPattern(fl, s)}
	}
	return Value{}
}

// patternSamples are tried, in order, on a text field whose pattern the
// guessed sample does not match: the shapes the seed forms ask for (a
// code of digits, an industry code, a month, a time of day).
var patternSamples = []string{"4711", "0123456789", "09/2012", "14:30", "1", "A1"}

// fitPattern returns s, in capitals if that is what the field's pattern
// takes, or the first of patternSamples it takes; s when none fits.
func fitPattern(fl Field, s string) string {
	if fl.Pattern == "" {
		return s
	}
	re, err := regexp.Compile(`^(?:` + fl.Pattern + `)$`)
	if err != nil {
		return s
	}
	for _, c := range append([]string{s, strings.ToUpper(s)}, patternSamples...) {
		if re.MatchString(c) {
			return c
		}
	}
	return s
}

// sampleText guesses a plausible text from the field's id: a person's
// name, a number, or the label itself marked as a sample.
func sampleText(fl Field) string {
	id := fl.ID
	switch {
	case strings.Contains(id, "ho_ten") || strings.Contains(id, "dai_dien") || strings.HasSuffix(id, "_ten") ||
		strings.Contains(id, "ten_chu"):
		return samplePerson(id).name
	case strings.HasPrefix(id, "so_") || strings.HasPrefix(id, "ma_") || strings.Contains(id, "_so_"):
		return "0123/2026"
	}
	s := "Mẫu: " + lowerFirst(fl.Label)
	if fl.MaxLength > 0 && len([]rune(s)) > fl.MaxLength {
		s = string([]rune(s)[:fl.MaxLength])
	}
	return s
}

// A made-up person: a name and a birth date.
type person struct{ name, born string }

// samplePerson tells the people of a form apart by the prefix of a field's
// id (the seed e-forms' convention: "me_" the mother, "ks_" the child
// whose birth is registered, "nu_" the bride...).
func samplePerson(id string) person {
	switch {
	case strings.HasPrefix(id, "me_") || strings.HasPrefix(id, "nu_") || strings.HasPrefix(id, "vo_"):
		return person{"Trần Thị Hoa", "1992-08-14"}
	case strings.HasPrefix(id, "ks_"):
		return person{"Nguyễn Minh Khang", "2025-12-01"}
	}
	return person{"Nguyễn Văn An", "1990-05-20"}
}

// sampleNumber is n within the field's bounds.
func sampleNumber(fl Field, n float64) string {
	if fl.Min != nil && n < *fl.Min {
		n = *fl.Min
	}
	if fl.Max != nil && n > *fl.Max {
		n = *fl.Max
	}
	return strconv.FormatFloat(n, 'f', -1, 64)
}
