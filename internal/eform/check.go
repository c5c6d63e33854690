package eform

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/valid"
)

// Sources lists the prefill sources a field may name, in the order an
// administrator is offered them. "account." reads the applicant's own
// account; "population." the national population registry (keyed by a
// personal ID); "business." the national business registry (keyed by a
// tax code).
var Sources = []string{
	"account.full_name", "account.personal_id", "account.tax_code", "account.email", "account.phone", "account.birth_date",
	"population.full_name", "population.birth_date", "population.gender", "population.permanent_address",
	"population.ethnicity", "population.nationality",
	"business.name", "business.address", "business.legal_representative", "business.founded",
}

// Registry names of sources: the part before the dot.
const (
	RegistryAccount    = "account"
	RegistryPopulation = "population"
	RegistryBusiness   = "business"
)

// SourceRegistry returns the registry a source reads ("account",
// "population" or "business").
func SourceRegistry(source string) string {
	r, _, _ := strings.Cut(source, ".")
	return r
}

var (
	pageIDRe  = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	fieldIDRe = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
)

// maxIDLen bounds page and field ids: they appear in URLs and input names.
const maxIDLen = 64

// Check reports what is wrong with a definition before an administrator
// may save it as publishable; documents is how many required documents
// the case has (file slots point at them by index). Each problem is named
// by its path in the definition ("pages.0.sections.1.fields.2.id",
// "...fields.2.fields.0.kind" inside a group, "...options.1.value"), in
// definition order, with a message key eform.check.*.
func (f Form) Check(documents int) valid.Errors {
	c := &checker{documents: documents, all: map[string]Field{}, earlier: map[string]Field{}}
	if len(f.Pages) == 0 {
		c.errs.Add("pages", "eform.check.no_pages")
		return c.errs
	}
	for _, p := range f.Pages {
		for _, s := range p.Sections {
			for _, fl := range s.Fields {
				if _, dup := c.all[fl.ID]; !dup && fl.ID != "" {
					c.all[fl.ID] = fl
				}
			}
		}
	}
	pageIDs := map[string]bool{}
	for i, p := range f.Pages {
		pp := "pages." + strconv.Itoa(i)
		switch {
		case p.ID == "":
			c.errs.Add(pp+".id", "eform.check.page_id_required")
		case len(p.ID) > maxIDLen || !pageIDRe.MatchString(p.ID):
			c.errs.Add(pp+".id", "eform.check.page_id_format")
		case pageIDs[p.ID]:
			c.errs.Add(pp+".id", "eform.check.page_id_duplicate")
		}
		pageIDs[p.ID] = true
		if strings.TrimSpace(p.Title) == "" {
			c.errs.Add(pp+".title", "eform.check.page_title_required")
		}
		if len(p.Fields()) == 0 {
			c.errs.Add(pp+".sections", "eform.check.page_empty")
		}
		for j, s := range p.Sections {
			for k, fl := range s.Fields {
				fp := pp + ".sections." + strconv.Itoa(j) + ".fields." + strconv.Itoa(k)
				c.field(fp, fl, nil, 0)
				if _, dup := c.earlier[fl.ID]; !dup && fl.ID != "" {
					c.earlier[fl.ID] = fl
				}
			}
		}
	}
	return c.errs
}

type checker struct {
	documents int
	errs      valid.Errors
	all       map[string]Field // every top-level field, by id (first definition)
	earlier   map[string]Field // top-level fields before the one being checked
}

// field checks one field at path p. Inside a group, group is the group and
// index the sub-field's position in it.
func (c *checker) field(p string, fl Field, group *Field, index int) {
	switch {
	case fl.ID == "":
		c.errs.Add(p+".id", "eform.check.field_id_required")
	case len(fl.ID) > maxIDLen || !fieldIDRe.MatchString(fl.ID):
		c.errs.Add(p+".id", "eform.check.field_id_format")
	case group == nil && c.earlier[fl.ID].ID != "":
		c.errs.Add(p+".id", "eform.check.field_id_duplicate")
	case group != nil && slices.ContainsFunc(group.Fields[:index], func(sf Field) bool { return sf.ID == fl.ID }):
		c.errs.Add(p+".id", "eform.check.field_id_duplicate")
	}
	known := slices.Contains(Kinds, fl.Kind)
	switch {
	case !known:
		c.errs.Add(p+".kind", "eform.check.kind_unknown")
	case group != nil && fl.Kind == KindGroup:
		c.errs.Add(p+".kind", "eform.check.group_nested")
	case group != nil && fl.Kind == KindFile:
		c.errs.Add(p+".kind", "eform.check.group_file")
	}
	if strings.TrimSpace(fl.Label) == "" {
		c.errs.Add(p+".label", "eform.check.label_required")
	}
	if known {
		c.attributes(p, fl)
	}
	if fl.ShowIf != nil {
		c.showIf(p+".show_if", fl.ShowIf, group, index)
	}
	if known {
		c.source(p, fl, group)
	}
}

// attributes refuses settings the kind does not use and checks the ones it
// does.
func (c *checker) attributes(p string, fl Field) {
	k := fl.Kind
	numeric := k == KindNumber || k == KindMoney
	text := k == KindText || k == KindTextarea
	choice := k == KindSelect || k == KindRadio || k == KindCheckboxes
	notFor := func(attr string, set, applies bool) {
		if set && !applies {
			c.errs.Add(p+"."+attr, "eform.check.not_for_kind")
		}
	}
	notFor("min", fl.Min != nil, numeric)
	notFor("max", fl.Max != nil, numeric)
	if numeric && fl.Min != nil && fl.Max != nil && *fl.Min > *fl.Max {
		c.errs.Add(p+".max", "eform.check.bounds_order")
	}

	notFor("min_date", fl.MinDate != "", k == KindDate)
	notFor("max_date", fl.MaxDate != "", k == KindDate)
	if k == KindDate {
		minOK := fl.MinDate == "" || validBound(fl.MinDate)
		maxOK := fl.MaxDate == "" || validBound(fl.MaxDate)
		if !minOK {
			c.errs.Add(p+".min_date", "eform.check.date_bound")
		}
		switch {
		case !maxOK:
			c.errs.Add(p+".max_date", "eform.check.date_bound")
		case minOK && fl.MinDate != "" && fl.MaxDate != "" && fl.MinDate != "today" && fl.MaxDate != "today" && fl.MinDate > fl.MaxDate:
			c.errs.Add(p+".max_date", "eform.check.bounds_order")
		}
	}

	notFor("min_length", fl.MinLength != 0, text)
	notFor("max_length", fl.MaxLength != 0, text)
	notFor("pattern", fl.Pattern != "", text)
	notFor("pattern_message", fl.PatternMessage != "", text && fl.Pattern != "")
	notFor("prefixes", len(fl.Prefixes) > 0, text)
	notFor("prefix_message", fl.PrefixMessage != "", text && len(fl.Prefixes) > 0)
	if text {
		if fl.MinLength < 0 {
			c.errs.Add(p+".min_length", "eform.check.negative")
		}
		switch {
		case fl.MaxLength < 0:
			c.errs.Add(p+".max_length", "eform.check.negative")
		case fl.MinLength > 0 && fl.MaxLength > 0 && fl.MinLength > fl.MaxLength:
			c.errs.Add(p+".max_length", "eform.check.bounds_order")
		}
		if fl.Pattern != "" {
			if _, err := regexp.Compile(fl.Pattern); err != nil {
				c.errs.Add(p+".pattern", "eform.check.pattern_invalid")
			}
		}
		for i, pf := range fl.Prefixes {
			if strings.TrimSpace(pf) == "" {
				c.errs.Add(p+".prefixes."+strconv.Itoa(i), "eform.check.prefix_empty")
			}
		}
	}

	notFor("options", len(fl.Options) > 0, choice)
	if choice {
		if len(fl.Options) == 0 {
			c.errs.Add(p+".options", "eform.check.options_required")
		}
		for i, o := range fl.Options {
			op := p + ".options." + strconv.Itoa(i)
			switch {
			case strings.TrimSpace(o.Value) == "" || o.Value != strings.TrimSpace(o.Value):
				// Answers are trimmed, so a value with spaces around it
				// could never be chosen.
				c.errs.Add(op+".value", "eform.check.option_value_required")
			case slices.ContainsFunc(fl.Options[:i], func(x Option) bool { return x.Value == o.Value }):
				c.errs.Add(op+".value", "eform.check.option_value_duplicate")
			}
			if strings.TrimSpace(o.Label) == "" {
				c.errs.Add(op+".label", "eform.check.option_label_required")
			}
		}
	}

	notFor("document", fl.Document != nil, k == KindFile)
	if k == KindFile {
		switch {
		case fl.Document == nil:
			c.errs.Add(p+".document", "eform.check.document_required")
		case *fl.Document < 0 || *fl.Document >= c.documents:
			c.errs.Add(p+".document", "eform.check.document_range", c.documents)
		}
	}

	group := k == KindGroup
	notFor("fields", len(fl.Fields) > 0, group)
	notFor("min_items", fl.MinItems != 0, group)
	notFor("max_items", fl.MaxItems != 0, group)
	notFor("item_label", fl.ItemLabel != "", group)
	notFor("add_label", fl.AddLabel != "", group)
	notFor("one_yes", fl.OneYes != "", group)
	if group && fl.OneYes != "" {
		if sf, ok := fl.sub(fl.OneYes); !ok || sf.Kind != KindYesNo {
			c.errs.Add(p+".one_yes", "eform.check.one_yes")
		}
	}
	if group {
		if len(fl.Fields) == 0 {
			c.errs.Add(p+".fields", "eform.check.group_empty")
		}
		if fl.MinItems < 0 {
			c.errs.Add(p+".min_items", "eform.check.negative")
		}
		switch {
		case fl.MaxItems < 0:
			c.errs.Add(p+".max_items", "eform.check.negative")
		case fl.MinItems > 0 && fl.MaxItems > 0 && fl.MinItems > fl.MaxItems:
			c.errs.Add(p+".max_items", "eform.check.bounds_order")
		}
		for i, sf := range fl.Fields {
			c.field(p+".fields."+strconv.Itoa(i), sf, &fl, i)
		}
	}
}

// validBound reports whether a date bound is "today" or a real YYYY-MM-DD.
func validBound(b string) bool {
	if b == "today" {
		return true
	}
	_, err := time.Parse(isoDate, b)
	return err == nil
}

// resolve finds the field a condition or source key names, from a field at
// position index of group (nil: a top-level field): a sibling in the group,
// else a top-level field. before says whether it comes before the field.
func (c *checker) resolve(id string, group *Field, index int) (fl Field, found, before bool) {
	if group != nil {
		for i, sf := range group.Fields {
			if sf.ID == id {
				return sf, true, i < index
			}
		}
	}
	if fl, ok := c.earlier[id]; ok {
		return fl, true, true
	}
	fl, ok := c.all[id]
	return fl, ok, false
}

func (c *checker) showIf(p string, cond *Condition, group *Field, index int) {
	ctl, found, before := c.resolve(cond.Field, group, index)
	switch {
	case !found:
		c.errs.Add(p+".field", "eform.check.field_unknown")
	case !before:
		c.errs.Add(p+".field", "eform.check.show_if_later")
	case ctl.Kind == KindAddress || ctl.Kind == KindGroup || ctl.Kind == KindFile:
		c.errs.Add(p+".field", "eform.check.show_if_kind")
	}
	if len(cond.In) == 0 {
		c.errs.Add(p+".in", "eform.check.show_if_in_empty")
		return
	}
	if !found {
		return
	}
	var values []string
	switch ctl.Kind {
	case KindSelect, KindRadio, KindCheckboxes:
		for _, o := range ctl.Options {
			values = append(values, o.Value)
		}
	case KindYesNo:
		values = []string{"yes", "no"}
	default:
		return // any text may be compared
	}
	for i, v := range cond.In {
		if !slices.Contains(values, v) {
			c.errs.Add(p+".in."+strconv.Itoa(i), "eform.check.show_if_value")
		}
	}
}

// sourceKinds are the kinds a source may fill: one piece of text, or an
// address.
func sourceKind(k Kind) bool {
	return (textKind(k) || k == KindAddress) && k != KindCheckboxes
}

func (c *checker) source(p string, fl Field, group *Field) {
	if fl.Source != "" {
		switch {
		case !sourceKind(fl.Kind):
			c.errs.Add(p+".source", "eform.check.not_for_kind")
		case !slices.Contains(Sources, fl.Source):
			c.errs.Add(p+".source", "eform.check.source_unknown")
		}
	}
	if fl.SourceKey == "" {
		return
	}
	kp := p + ".source_key"
	registry := SourceRegistry(fl.Source)
	switch {
	case fl.Source == "":
		c.errs.Add(kp, "eform.check.source_key_alone")
		return
	case registry == RegistryAccount:
		c.errs.Add(kp, "eform.check.source_key_account")
		return
	}
	// The key may come after the field: it is read from the answers when
	// prefilling, whatever its place.
	index := 0
	if group != nil {
		index = len(group.Fields)
	}
	key, found, _ := c.resolve(fl.SourceKey, group, index)
	switch {
	case !found:
		c.errs.Add(kp, "eform.check.field_unknown")
	case registry == RegistryPopulation && key.Kind != KindPersonalID,
		registry == RegistryBusiness && key.Kind != KindTaxCode:
		c.errs.Add(kp, "eform.check.source_key_kind")
	}
}
