package eformview

import (
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"

	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/templates/ui"
)

// view is a page being rendered: the props, the answers with the blank
// items of required groups added, and what is visible.
type view struct {
	PageProps
	page    eform.Page
	answers eform.Answers
	vis     map[string]bool
}

func newView(p PageProps) (view, bool) {
	page, ok := p.Form.Page(p.PageID)
	if !ok {
		return view{}, false
	}
	a := maps.Clone(p.Answers)
	if a == nil {
		a = eform.Answers{}
	}
	// A required group starts with the items it needs, so the applicant
	// can answer without pressing "add" first.
	for _, f := range page.Fields() {
		if f.Kind != eform.KindGroup || len(a[f.ID].Items) > 0 {
			continue
		}
		if n := minItems(f); n > 0 {
			items := make([]eform.Answers, n)
			for i := range items {
				items[i] = eform.Answers{}
			}
			a[f.ID] = eform.Value{Items: items}
		}
	}
	return view{PageProps: p, page: page, answers: a, vis: p.Form.Visible(a)}, true
}

// minItems is the fewest items a group may have: MinItems, or one when it
// is required.
func minItems(f eform.Field) int {
	if f.MinItems > 0 {
		return f.MinItems
	}
	if f.Required {
		return 1
	}
	return 0
}

// needsDefaultButton reports whether the page has submit buttons of its own
// (remove an item, refresh the communes, remove a file), which must not be
// what pressing Enter in a text box triggers.
func (v view) needsDefaultButton() bool {
	if v.ReadOnly {
		return false
	}
	for _, f := range v.page.Fields() {
		switch f.Kind {
		case eform.KindGroup, eform.KindAddress, eform.KindFile:
			return true
		}
	}
	return false
}

// visible reports whether the field at path is shown. A path Visible does
// not know (a field the walk skipped) is shown.
func (v view) visible(path string) bool {
	shown, ok := v.vis[path]
	return !ok || shown
}

// ctl is one control being rendered, with its texts resolved.
type ctl struct {
	f    eform.Field
	path string // input name, and id of the (first) control
	item string // "group.N." for a group's sub-field, else ""
	val  eform.Value
	p    i18n.Printer
	ro   bool
	// label is the field's label, marked when optional; source says where
	// a prefilled answer came from; err is the translated error of path.
	label, source, err string
}

func (v view) ctl(f eform.Field, path, item string, val eform.Value) ctl {
	return ctl{f: f, path: path, item: item, val: val, p: v.P, ro: v.ReadOnly,
		label: v.label(f), source: v.sourceNote(path), err: v.errFor(path)}
}

func (v view) label(f eform.Field) string {
	if f.Required || f.Kind == eform.KindGroup || saysOptional(f.Label, v.P.T("eformview.optional")) {
		return f.Label
	}
	return f.Label + " " + v.P.T("eformview.optional")
}

// optionalSaid are the endings with which a label already says it may be
// left empty: the paper forms' "(nếu có)" and our own marker. Definitions
// are written in Vietnamese whatever the reader's language, so these are
// too.
var optionalSaid = []string{"(nếu có)", "(không bắt buộc)"}

// saysOptional reports whether label ends with one of optionalSaid or
// with marker, in any letter case, so it gets no second marker.
func saysOptional(label, marker string) bool {
	l := strings.ToLower(strings.TrimSpace(label))
	for _, s := range append(optionalSaid, marker) {
		if s != "" && strings.HasSuffix(l, strings.ToLower(s)) {
			return true
		}
	}
	return false
}

// landOn is the value of a button that does action and then shows the
// page again at the control with id (see SplitAction).
func landOn(action, id string) string { return action + anchorSep + id }

// controlID is the id of the (first) control of field f at path: where an
// error link or a landing goes.
func controlID(f eform.Field, path string) string {
	if f.Kind == eform.KindAddress {
		return path + ".province"
	}
	return path
}

func (v view) errFor(path string) string {
	fe, ok := v.Errors.For(path)
	if !ok {
		return ""
	}
	return v.P.T(fe.Key, fe.Args...)
}

// sourceNote says where a prefilled answer came from.
func (v view) sourceNote(path string) string {
	src, ok := v.Prefilled[path]
	if !ok {
		return ""
	}
	switch eform.SourceRegistry(src) {
	case eform.RegistryAccount:
		return v.P.T("eformview.source.account")
	case eform.RegistryPopulation:
		return v.P.T("eformview.source.population")
	case eform.RegistryBusiness:
		return v.P.T("eformview.source.business")
	}
	return ""
}

// Fragment ids, as templates/ui names them.
func hintID(id string) string   { return id + "-hint" }
func errorID(id string) string  { return id + "-error" }
func sourceID(id string) string { return id + "-source" }
func extraID(id string) string  { return id + "-more" }

// describedBy lists the ids of the texts that describe the control: hint,
// source note, kind-specific hint (extra) and error, those that exist.
func (c ctl) describedBy(extra bool) string {
	var ids []string
	if c.f.Hint != "" {
		ids = append(ids, hintID(c.path))
	}
	if c.source != "" {
		ids = append(ids, sourceID(c.path))
	}
	if extra {
		ids = append(ids, extraID(c.path))
	}
	if c.err != "" {
		ids = append(ids, errorID(c.path))
	}
	return strings.Join(ids, " ")
}

func fieldClass(errMsg string) string {
	if errMsg != "" {
		return "field field-error-state"
	}
	return "field"
}

// choiceID is the id of option i of a radio or checkbox list: the first
// one has the path itself, so an error link lands on it.
func choiceID(path string, i int) string {
	if i == 0 {
		return path
	}
	return path + "-" + strconv.Itoa(i+1)
}

// condField names the input a conditional field depends on: a sibling in
// the same group item, or a top-level field.
func condField(f eform.Field, item string, group *eform.Field) string {
	name := f.ShowIf.Field
	if group != nil && slices.ContainsFunc(group.Fields, func(sf eform.Field) bool { return sf.ID == name }) {
		return item + name
	}
	return name
}

func condValues(f eform.Field) string {
	b, _ := json.Marshal(f.ShowIf.In) // []string always marshals
	return string(b)
}

// textAttrs are the attributes of a one-line text box of the field's kind.
func (c ctl) textAttrs() templ.Attributes {
	a := templ.Attributes{"type": "text"}
	switch c.f.Kind {
	case eform.KindEmail:
		a["type"] = "email"
		a["spellcheck"] = "false"
	case eform.KindPhone:
		a["type"] = "tel"
	case eform.KindPersonalID:
		a["inputmode"] = "numeric"
		a["spellcheck"] = "false"
	case eform.KindTaxCode:
		// A branch's tax code has a hyphen (0101234567-001), which the
		// numeric keypads of some phones lack.
		a["spellcheck"] = "false"
	case eform.KindNumber, eform.KindMoney:
		a["inputmode"] = "decimal"
		a["spellcheck"] = "false"
	case eform.KindDate:
		a["spellcheck"] = "false"
	}
	if ac := c.autocomplete(); ac != "" {
		a["autocomplete"] = ac
	}
	if c.f.MaxLength > 0 && c.f.Kind == eform.KindText {
		a["maxlength"] = strconv.Itoa(c.f.MaxLength)
	}
	c.common(a, c.describedBy(c.hasExtra()))
	return a
}

// common adds the attributes every control shares.
func (c ctl) common(a templ.Attributes, describedBy string) {
	if describedBy != "" {
		a["aria-describedby"] = describedBy
	}
	if c.err != "" {
		a["aria-invalid"] = "true"
	}
	if c.ro {
		a["disabled"] = true
	}
}

// autocomplete is the autofill token of the applicant's own name, email,
// phone or birth date. Another person's answers (a sub-field, or a field
// whose source is keyed by another field) get none, and identity numbers
// get "off" so the browser does not offer unrelated numbers.
func (c ctl) autocomplete() string {
	switch c.f.Kind {
	case eform.KindPersonalID, eform.KindTaxCode:
		return "off"
	}
	if c.item != "" || c.f.SourceKey != "" {
		return ""
	}
	switch c.f.Source {
	case "account.full_name", "population.full_name":
		return "name"
	case "account.email":
		return "email"
	case "account.phone":
		return "tel"
	case "account.birth_date", "population.birth_date":
		return "bday"
	}
	return ""
}

// hasExtra reports whether the kind has its own hint or suffix: the date
// example, the money unit.
func (c ctl) hasExtra() bool {
	return c.f.Kind == eform.KindDate || c.f.Kind == eform.KindMoney
}

func (c ctl) inputClass() string {
	switch c.f.Kind {
	case eform.KindDate, eform.KindMoney, eform.KindNumber, eform.KindPersonalID, eform.KindTaxCode, eform.KindPhone:
		return "input input-medium"
	}
	return "input"
}

// textValue is the answer as typed back into its box: a stored date as
// dd/mm/yyyy, an amount grouped in thousands, a number with the reader's
// decimal mark. An answer Clean could not read stays as typed.
func (c ctl) textValue() string {
	return displayText(c.p, c.f.Kind, c.val.Text)
}

func displayText(p i18n.Printer, k eform.Kind, s string) string {
	switch k {
	case eform.KindDate:
		if t, err := time.Parse(time.DateOnly, s); err == nil {
			return t.Format("02/01/2006")
		}
	case eform.KindMoney:
		if n, err := strconv.ParseInt(s, 10, 64); err == nil && n >= 0 && s == strconv.FormatInt(n, 10) {
			return i18n.GroupThousands(n, thousandsSep(p))
		}
	case eform.KindNumber:
		if p.Lang() != i18n.EN && isCanonNumber(s) {
			return strings.Replace(s, ".", ",", 1)
		}
	}
	return s
}

func thousandsSep(p i18n.Printer) string {
	if p.Lang() == i18n.EN {
		return ","
	}
	return "."
}

// isCanonNumber reports whether s is a number as Clean writes it: digits,
// an optional "-" and at most one "." between digits.
func isCanonNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	whole, frac, hasMark := strings.Cut(s, ".")
	return whole != "" && allDigits(whole) && allDigits(frac) && (!hasMark || frac != "")
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// options of a choice field; yes/no has its own two.
func (c ctl) options() []eform.Option {
	if c.f.Kind == eform.KindYesNo {
		return []eform.Option{{Value: "yes", Label: c.p.T("eformview.yes")}, {Value: "no", Label: c.p.T("eformview.no")}}
	}
	return c.f.Options
}

func (c ctl) checked(value string) bool {
	if c.f.Kind == eform.KindCheckboxes {
		return slices.Contains(c.val.List, value)
	}
	return c.val.Text == value
}

// choiceAttrs are the attributes of one radio or checkbox. aria-invalid
// goes on checkboxes only: ARIA does not define it for a single radio
// button; the fieldset's description carries the error for both.
func (c ctl) choiceAttrs() templ.Attributes {
	a := templ.Attributes{}
	if c.err != "" && c.f.Kind == eform.KindCheckboxes {
		a["aria-invalid"] = "true"
	}
	if c.ro {
		a["disabled"] = true
	}
	return a
}

// fieldsetAttrs describe a fieldset of choices with its hint and error.
func (c ctl) fieldsetAttrs() templ.Attributes {
	a := templ.Attributes{}
	if d := c.describedBy(false); d != "" {
		a["aria-describedby"] = d
	}
	return a
}

func (c ctl) selectAttrs() templ.Attributes {
	a := templ.Attributes{}
	c.common(a, c.describedBy(false))
	return a
}

func (c ctl) textareaAttrs() templ.Attributes {
	a := templ.Attributes{}
	if c.f.MaxLength > 0 {
		a["maxlength"] = strconv.Itoa(c.f.MaxLength)
	}
	c.common(a, c.describedBy(false))
	return a
}

// address is one address control: its three parts' paths and errors.
type address struct {
	ctl
	province, commune, street          string // paths
	provinceErr, communeErr, streetErr string
	value                              eform.Address
	provinces, communes                []org.Place
	communesURL                        func(string) templ.SafeURL
}

func (v view) address(c ctl) address {
	a := address{ctl: c, province: c.path + ".province", commune: c.path + ".commune", street: c.path + ".street",
		communesURL: v.CommunesURL}
	a.provinceErr, a.communeErr, a.streetErr = v.errFor(a.province), v.errFor(a.commune), v.errFor(a.street)
	if c.val.Address != nil {
		a.value = *c.val.Address
	}
	if v.Places != nil {
		a.provinces = v.Places.Provinces()
		if a.value.Province != "" {
			a.communes = v.Places.Communes(a.value.Province)
		}
	}
	return a
}

// partAttrs are the attributes of one part of an address: its own error,
// and the address's hint and source note.
func (a address) partAttrs(path, errMsg string, more ...string) templ.Attributes {
	var ids []string
	if a.f.Hint != "" {
		ids = append(ids, hintID(a.path))
	}
	if a.source != "" {
		ids = append(ids, sourceID(a.path))
	}
	ids = append(ids, more...)
	if errMsg != "" {
		ids = append(ids, errorID(path))
	}
	at := templ.Attributes{}
	if len(ids) > 0 {
		at["aria-describedby"] = strings.Join(ids, " ")
	}
	if errMsg != "" {
		at["aria-invalid"] = "true"
	}
	if a.ro {
		at["disabled"] = true
	}
	return at
}

func (a address) communeAttrs() templ.Attributes {
	if a.value.Province == "" {
		return a.partAttrs(a.commune, a.communeErr, hintID(a.commune))
	}
	return a.partAttrs(a.commune, a.communeErr)
}

func (a address) streetAttrs() templ.Attributes {
	at := a.partAttrs(a.street, a.streetErr)
	if a.item == "" && a.f.SourceKey == "" && a.f.Source != "" {
		// Only the applicant's own address (prefilled from their own
		// record) is worth autofilling; the box holds its first line.
		at["autocomplete"] = "address-line1"
	}
	return at
}

// provinceOptionAttrs give each province the URL of its communes, for
// app.js to fetch when it is chosen.
func (a address) provinceOptionAttrs(code string) templ.Attributes {
	if a.communesURL == nil || a.ro {
		return nil
	}
	return templ.Attributes{"data-communes": string(a.communesURL(code))}
}

// knownCommune reports whether the chosen commune is in the list; an
// unknown code is kept as an extra option so it is posted back as it was.
func (a address) knownCommune() bool {
	return a.value.Commune == "" || slices.ContainsFunc(a.communes, func(p org.Place) bool { return p.Code == a.value.Commune })
}

func (a address) knownProvince() bool {
	return a.value.Province == "" || slices.ContainsFunc(a.provinces, func(p org.Place) bool { return p.Code == a.value.Province })
}

// group is one repeating group being rendered.
type group struct {
	ctl
	items []eform.Answers
	min   int
}

func (g group) itemPrefix(i int) string { return g.path + "." + strconv.Itoa(i) + "." }

func (g group) itemMarker(i int) string { return g.path + "." + strconv.Itoa(i) }

func (g group) canRemove() bool { return !g.ro && len(g.items) > g.min }

func (g group) canAdd() bool { return g.f.MaxItems == 0 || len(g.items) < g.f.MaxItems }

func (g group) addLabel() string {
	if g.f.AddLabel != "" {
		return g.f.AddLabel
	}
	return g.p.T("eformview.group.add")
}

func (g group) itemID(i int) string { return g.path + "-item-" + strconv.Itoa(i+1) }

// addValue adds an item and lands on its first question (the first one
// shown whatever the answers).
func (g group) addValue() string {
	first := ""
	for _, sf := range g.f.Fields {
		if sf.Kind == eform.KindGroup || sf.Kind == eform.KindFile || sf.ID == "" {
			continue
		}
		if first == "" || sf.ShowIf == nil {
			first = controlID(sf, g.itemPrefix(len(g.items))+sf.ID)
		}
		if sf.ShowIf == nil {
			break
		}
	}
	return landOn("add:"+g.path, first)
}

// removeValue removes item i and lands on the group (its add button, or
// its fieldset at MaxItems: both carry the group's id).
func (g group) removeValue(i int) string {
	return landOn("remove:"+g.path+":"+strconv.Itoa(i), g.path)
}

// fileSlot is one file slot being rendered.
type fileSlot struct {
	ctl
	doc   *DocumentInfo
	files []FileView
	reuse []ReuseOption
	desk  bool
}

func (v view) fileSlot(c ctl) fileSlot {
	s := fileSlot{ctl: c, files: v.Files[c.path], reuse: v.Reuse[c.path], desk: v.Desk}
	if d := c.f.Document; d != nil && *d >= 0 && *d < len(v.Documents) {
		s.doc = &v.Documents[*d]
	}
	return s
}

func (s fileSlot) docID() string   { return s.path + "-document" }
func (s fileSlot) typesID() string { return s.path + "-types" }

func (s fileSlot) fieldsetAttrs() templ.Attributes {
	var ids []string
	if s.f.Hint != "" {
		ids = append(ids, hintID(s.path))
	}
	if s.doc != nil {
		ids = append(ids, s.docID())
	}
	if len(ids) == 0 {
		return nil
	}
	return templ.Attributes{"aria-describedby": strings.Join(ids, " ")}
}

func (s fileSlot) inputAttrs() templ.Attributes {
	a := templ.Attributes{}
	d := s.typesID()
	if s.err != "" {
		d += " " + errorID(s.path)
	}
	s.common(a, d)
	return a
}

func (s fileSlot) chooseLabel() string {
	if len(s.files) > 0 {
		return s.p.T("eformview.file.choose_more")
	}
	return s.p.T("eformview.file.choose")
}

// fileIDs are the attachments of the answer with their views, in the
// answer's order; an attachment without a view is still posted back.
func (s fileSlot) fileIDs() []string {
	ids := slices.Clone(s.val.List)
	for _, f := range s.files {
		if !slices.Contains(ids, f.ID) {
			ids = append(ids, f.ID)
		}
	}
	return ids
}

func (s fileSlot) view(id string) (FileView, bool) {
	for _, f := range s.files {
		if f.ID == id {
			return f, true
		}
	}
	return FileView{}, false
}

func (s fileSlot) reuseName() string     { return ReusePrefix + s.path }
func (s fileSlot) digitisedName() string { return DigitisedPrefix + s.path }

func (s fileSlot) counts() string {
	return s.p.T("eformview.file.counts", s.doc.Originals, s.doc.Copies)
}

// errorSummary lists the page's errors, each linking to its control.
func (v view) errorSummary() ui.ErrorSummaryProps {
	s := ui.ErrorSummaryProps{Title: v.P.T("form.error_summary_title")}
	for _, fe := range v.Errors {
		msg := v.P.T(fe.Key, fe.Args...)
		// Messages name their question, except those about a file (a
		// refused upload: "Tệp phải là PDF..."): these get the slot's
		// label first, so the list reads on its own.
		if fl, ok := v.Form.FieldAt(fe.Field); ok && fl.Kind == eform.KindFile && !strings.HasPrefix(fe.Key, "eform.error.") {
			msg = fl.Label + ": " + eform.LowerFirst(msg)
		}
		s.Errors = append(s.Errors, ui.FieldError{FieldID: fe.Field, Message: msg})
	}
	return s
}

func hasOption(opts []eform.Option, v string) bool {
	return slices.ContainsFunc(opts, func(o eform.Option) bool { return o.Value == v })
}
