package eform

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/valid"
)

// PlaceLookup finds provinces and communes by code; *org.Places is one.
type PlaceLookup interface {
	Province(code string) (org.Place, bool)
	Commune(province, code string) (org.Place, bool)
}

// Options tunes Clean.
type Options struct {
	// Page limits the errors reported to the fields of one page; "" checks
	// the whole form, and an id the form does not have checks nothing. The
	// answers returned are the same either way: a page's answers can hide
	// fields of later pages.
	Page string
	// Today is the date "today" bounds are taken from, in Vietnam time;
	// the zero time means now.
	Today time.Time
	// Places checks address answers; nil skips the check that the province
	// and commune exist.
	Places PlaceLookup
}

// Length limits for text without a MaxLength of its own: long enough for
// any real answer, short enough that nobody stores a novel in a draft.
const (
	maxTextRunes     = 1000
	maxTextareaRunes = 10000
	maxStreetRunes   = 500
	// maxMoneyDigits keeps amounts exact in a float64 and an int64.
	maxMoneyDigits = 15
)

// vnZone is Asia/Ho_Chi_Minh: UTC+7 all year, so a fixed zone avoids
// depending on the machine's tzdata.
var vnZone = time.FixedZone("ICT", 7*60*60)

// Clean is the one path every answer goes through, from the browser form
// and from the API alike. It returns the answers to keep and the problems
// with them:
//
//   - text is trimmed and normalised by kind (phone 0xxxxxxxxx, money in
//     whole dong without separators, number with "." as decimal mark, date
//     YYYY-MM-DD, personal ID and tax code without spaces);
//   - answers to hidden fields (ShowIf does not hold on the cleaned answers
//     before them) and to ids the form does not have are dropped, and so
//     are empty answers;
//   - an answer that fails a check is kept as the applicant typed it
//     (trimmed), so the page shows it back beside its error.
//
// Error paths are the input names ("id", "id.province", "id.2.name"),
// in form order; message keys are eform.error.*, with the field's label as
// the first two arguments: {0} with its first letter lower-cased for use
// inside a sentence, {1} as written; further arguments follow. Cleaning
// cleaned answers changes nothing.
func (f Form) Clean(a Answers, o Options) (Answers, valid.Errors) {
	today := o.Today
	if today.IsZero() {
		today = time.Now()
	}
	c := &cleaner{places: o.Places, today: today.In(vnZone).Format(isoDate)}
	out := Answers{}
	f.walk(func(page string, fl Field) {
		c.report = o.Page == "" || o.Page == page
		if !holds(fl.ShowIf, nil, nil, out) {
			return
		}
		if v, keep := c.field(fl, fl.ID, fl.Label, a[fl.ID], out); keep {
			out[fl.ID] = v
		}
	})
	return out, c.errs
}

const isoDate = "2006-01-02"

type cleaner struct {
	places PlaceLookup
	today  string // YYYY-MM-DD
	report bool   // the field is on the page being checked
	errs   valid.Errors
}

func (c *cleaner) add(path, key, label string, extra ...any) {
	if c.report {
		c.errs.Add(path, key, append([]any{lowerFirst(label), label}, extra...)...)
	}
}

// field cleans one answer and reports whether to keep it. top holds the
// cleaned answers of the visible top-level fields so far, for the
// conditions of a group's sub-fields.
func (c *cleaner) field(fl Field, path, label string, v Value, top Answers) (Value, bool) {
	if isZero(v) {
		v = Value{}
	}
	if !shapeFits(fl.Kind, v) {
		c.add(path, "eform.error.shape", label)
		return copyValue(v), true
	}
	switch fl.Kind {
	case KindCheckboxes:
		return c.checkboxes(fl, path, label, v.List)
	case KindFile:
		list := cleanList(v.List)
		if len(list) == 0 {
			if fl.Required {
				c.add(path, "eform.error.required_file", label)
			}
			return Value{}, false
		}
		return Value{List: list}, true
	case KindAddress:
		return c.address(fl, path, label, v.Address)
	case KindGroup:
		return c.group(fl, path, label, v.Items, top)
	}
	if !textKind(fl.Kind) {
		return Value{}, false // an unknown kind: Check refuses it, nothing to keep
	}
	s := strings.TrimSpace(v.Text)
	if fl.Kind == KindTextarea {
		s = strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n"))
	}
	if s == "" {
		if fl.Required {
			c.add(path, requiredKey(fl.Kind), label)
		}
		return Value{}, false
	}
	limit := maxTextRunes
	if fl.Kind == KindTextarea {
		limit = maxTextareaRunes
	}
	if fl.MaxLength > 0 && (fl.Kind == KindText || fl.Kind == KindTextarea) {
		limit = fl.MaxLength
	}
	if utf8.RuneCountInString(s) > limit {
		c.add(path, "eform.error.too_long", label, limit)
		return Value{Text: s}, true
	}
	return Value{Text: c.text(fl, path, label, s)}, true
}

// text checks and normalises a non-empty answer of a one-string kind and
// returns what to keep: the normal form when it is valid, else s.
func (c *cleaner) text(fl Field, path, label, s string) string {
	switch fl.Kind {
	case KindText, KindTextarea:
		switch {
		case fl.MinLength > 0 && utf8.RuneCountInString(s) < fl.MinLength:
			c.add(path, "eform.error.too_short", label, fl.MinLength)
		case len(fl.Prefixes) > 0 && !hasPrefix(s, fl.Prefixes):
			if fl.PrefixMessage != "" {
				c.add(path, "eform.error.prefix_custom", label, lowerFirst(fl.PrefixMessage))
			} else {
				c.add(path, "eform.error.prefix", label, quoteList(fl.Prefixes))
			}
		case fl.Pattern != "":
			// Check refuses a pattern that does not compile; such a
			// pattern checks nothing rather than refusing every answer.
			if re, err := regexp.Compile(`^(?:` + fl.Pattern + `)$`); err == nil && !re.MatchString(s) {
				if fl.PatternMessage != "" {
					c.add(path, "eform.error.pattern_custom", label, lowerFirst(fl.PatternMessage))
				} else {
					c.add(path, "eform.error.pattern", label)
				}
			}
		}
		return s
	case KindNumber, KindMoney:
		canon, ok := canonNumber(s)
		key := "eform.error.number"
		if fl.Kind == KindMoney {
			canon, ok = canonMoney(s)
			key = "eform.error.money"
		}
		if !ok {
			c.add(path, key, label)
			return s
		}
		if fl.Kind == KindMoney && len(canon) > maxMoneyDigits {
			c.add(path, "eform.error.too_large", label)
			return canon
		}
		n, _ := strconv.ParseFloat(canon, 64) // canon is digits: only a range error, with ±Inf, is possible
		switch {
		case fl.Min != nil && n < *fl.Min:
			c.add(path, "eform.error.number_min", label, formatBound(fl.Kind, *fl.Min))
		case fl.Max != nil && n > *fl.Max:
			c.add(path, "eform.error.number_max", label, formatBound(fl.Kind, *fl.Max))
		}
		return canon
	case KindDate:
		d, ok := canonDate(s)
		if !ok {
			c.add(path, "eform.error.date", label)
			return s
		}
		if lo, today, ok := c.bound(fl.MinDate); ok && d < lo {
			if today {
				c.add(path, "eform.error.date_min_today", label)
			} else {
				c.add(path, "eform.error.date_min", label, displayDate(lo))
			}
		} else if hi, today, ok := c.bound(fl.MaxDate); ok && d > hi {
			if today {
				c.add(path, "eform.error.date_max_today", label)
			} else {
				c.add(path, "eform.error.date_max", label, displayDate(hi))
			}
		}
		return d
	case KindSelect, KindRadio:
		if !hasOption(fl.Options, s) {
			c.add(path, "eform.error.option", label)
		}
		return s
	case KindYesNo:
		if s != "yes" && s != "no" {
			c.add(path, "eform.error.required_yesno", label)
		}
		return s
	case KindEmail:
		if !valid.Email(s) {
			c.add(path, "eform.error.email", label)
		}
		return s
	case KindPhone:
		n := valid.NormalizePhone(s)
		if !valid.Phone(n) {
			c.add(path, "eform.error.phone", label)
			return s
		}
		return n
	case KindPersonalID:
		n := stripSeparators(s, " .-")
		if !valid.PersonalID(n) {
			c.add(path, "eform.error.personal_id", label)
			return s
		}
		return n
	case KindTaxCode:
		n := stripSeparators(s, " .")
		if !valid.TaxCode(n) {
			c.add(path, "eform.error.tax_code", label)
			return s
		}
		return n
	}
	return s
}

// bound resolves a MinDate or MaxDate: "today" or YYYY-MM-DD. A bound Check
// would refuse bounds nothing.
func (c *cleaner) bound(b string) (date string, today, ok bool) {
	if b == "today" {
		return c.today, true, true
	}
	if _, err := time.Parse(isoDate, b); err != nil {
		return "", false, false
	}
	return b, false, true
}

func (c *cleaner) checkboxes(fl Field, path, label string, in []string) (Value, bool) {
	list := cleanList(in)
	if len(list) == 0 {
		if fl.Required {
			c.add(path, "eform.error.required_choice", label)
		}
		return Value{}, false
	}
	// Keep the options' order, so the same choices always read the same;
	// values the form does not offer go last, kept for the error.
	var known, unknown []string
	for _, o := range fl.Options {
		if slices.Contains(list, o.Value) && !slices.Contains(known, o.Value) {
			known = append(known, o.Value)
		}
	}
	for _, s := range list {
		if !hasOption(fl.Options, s) {
			unknown = append(unknown, s)
		}
	}
	if len(unknown) > 0 {
		c.add(path, "eform.error.option", label)
	}
	return Value{List: append(known, unknown...)}, true
}

func (c *cleaner) address(fl Field, path, label string, in *Address) (Value, bool) {
	var a Address
	if in != nil {
		a = Address{Province: strings.TrimSpace(in.Province), Commune: strings.TrimSpace(in.Commune), Street: strings.TrimSpace(in.Street)}
	}
	if a == (Address{}) {
		if fl.Required {
			c.add(path+".province", "eform.error.province_required", label)
		}
		return Value{}, false
	}
	// The commune list depends on the province, so a commune is only
	// checked once the province is known.
	switch {
	case a.Province == "":
		c.add(path+".province", "eform.error.province_required", label)
	case c.places != nil && !knownProvince(c.places, a.Province):
		c.add(path+".province", "eform.error.province_unknown", label)
	case a.Commune == "":
		c.add(path+".commune", "eform.error.commune_required", label)
	case c.places != nil && !knownCommune(c.places, a.Province, a.Commune):
		c.add(path+".commune", "eform.error.commune_unknown", label)
	}
	switch {
	case a.Street == "" && fl.Required:
		c.add(path+".street", "eform.error.street_required", label)
	case utf8.RuneCountInString(a.Street) > maxStreetRunes:
		c.add(path+".street", "eform.error.too_long", label, maxStreetRunes)
	}
	return Value{Address: &a}, true
}

func knownProvince(p PlaceLookup, code string) bool { _, ok := p.Province(code); return ok }

func knownCommune(p PlaceLookup, province, code string) bool {
	_, ok := p.Commune(province, code)
	return ok
}

func (c *cleaner) group(fl Field, path, label string, in []Answers, top Answers) (Value, bool) {
	if len(in) == 0 {
		if fl.Required {
			c.add(path, "eform.error.required_group", label)
		}
		return Value{}, false
	}
	switch {
	case fl.MinItems > 0 && len(in) < fl.MinItems:
		c.add(path, "eform.error.too_few_items", label, fl.MinItems)
	case fl.MaxItems > 0 && len(in) > fl.MaxItems:
		c.add(path, "eform.error.too_many_items", label, fl.MaxItems)
	}
	items := make([]Answers, len(in))
	for i, item := range in {
		out := Answers{}
		for _, sf := range fl.subFields() {
			if !holds(sf.ShowIf, &fl, out, top) {
				continue
			}
			sl := itemLabel(fl, i, sf)
			if v, keep := c.field(sf, itemPath(path, i, sf.ID), sl, item[sf.ID], top); keep {
				out[sf.ID] = v
			}
		}
		items[i] = out
	}
	if fl.OneYes != "" {
		c.oneYes(fl, path, items)
	}
	return Value{Items: items}, true
}

// oneYes reports a group whose items do not answer its OneYes sub-field
// "yes" exactly once: each "yes" after the first, or (once every item
// has answered) none at all.
func (c *cleaner) oneYes(fl Field, path string, items []Answers) {
	sf, ok := fl.sub(fl.OneYes)
	if !ok {
		return // Check refuses it
	}
	first, answered := -1, true
	for i, it := range items {
		switch it[sf.ID].Text {
		case "yes":
			if first < 0 {
				first = i
				continue
			}
			c.add(itemPath(path, i, sf.ID), "eform.error.one_yes_many", fl.ItemTitle(i+1), sf.Label)
		case "no":
		default:
			answered = false
		}
	}
	if first < 0 && answered && len(items) > 0 {
		c.add(itemPath(path, 0, sf.ID), "eform.error.one_yes_none", fl.Label, sf.Label)
	}
}

// hasPrefix reports whether s begins with one of prefixes as a word of its
// own followed by more, letter case and Unicode composition aside.
func hasPrefix(s string, prefixes []string) bool {
	rs := []rune(norm.NFC.String(s))
	for _, p := range prefixes {
		pr := []rune(norm.NFC.String(strings.TrimSpace(p)))
		if len(rs) > len(pr) && strings.EqualFold(string(rs[:len(pr)]), string(pr)) && unicode.IsSpace(rs[len(pr)]) &&
			strings.TrimSpace(string(rs[len(pr):])) != "" {
			return true
		}
	}
	return false
}

// quoteList writes “a”, “b” for a message argument.
func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = "“" + strings.TrimSpace(s) + "”"
	}
	return strings.Join(q, ", ")
}

// textKind reports whether answers of kind k are one string (Value.Text).
func textKind(k Kind) bool {
	switch k {
	case KindText, KindTextarea, KindNumber, KindMoney, KindDate, KindSelect, KindRadio,
		KindYesNo, KindEmail, KindPhone, KindPersonalID, KindTaxCode:
		return true
	}
	return false
}

// requiredKey is the message for a missing answer: "Nhập ..." for what is
// typed, "Chọn ..." for what is chosen.
func requiredKey(k Kind) string {
	switch k {
	case KindSelect, KindRadio:
		return "eform.error.required_choice"
	case KindYesNo:
		return "eform.error.required_yesno"
	}
	return "eform.error.required"
}

// isZero reports whether v holds no answer at all.
func isZero(v Value) bool {
	return v.Text == "" && len(v.List) == 0 && len(v.Items) == 0 && (v.Address == nil || *v.Address == Address{})
}

// shapeFits reports whether v uses only the part of Value that kind k
// answers with. The browser form always posts the right shape; an API
// client may not.
func shapeFits(k Kind, v Value) bool {
	text, list, addr, items := v.Text != "", len(v.List) > 0, v.Address != nil && *v.Address != (Address{}), len(v.Items) > 0
	switch k {
	case KindCheckboxes, KindFile:
		return !text && !addr && !items
	case KindAddress:
		return !text && !list && !items
	case KindGroup:
		return !text && !list && !addr
	}
	if textKind(k) {
		return !list && !addr && !items
	}
	return true
}

// copyValue copies v deeply, so the answers Clean returns share nothing
// with its input.
func copyValue(v Value) Value {
	out := Value{Text: v.Text}
	if v.List != nil {
		out.List = slices.Clone(v.List)
	}
	if v.Address != nil {
		a := *v.Address
		out.Address = &a
	}
	if v.Items != nil {
		out.Items = make([]Answers, len(v.Items))
		for i, it := range v.Items {
			out.Items[i] = copyAnswers(it)
		}
	}
	return out
}

func copyAnswers(a Answers) Answers {
	if a == nil {
		return nil
	}
	out := make(Answers, len(a))
	for k, v := range a {
		out[k] = copyValue(v)
	}
	return out
}

// cleanList trims each entry and drops empty and repeated ones.
func cleanList(in []string) []string {
	var out []string
	for _, s := range in {
		s = strings.TrimSpace(s)
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func hasOption(opts []Option, v string) bool {
	return slices.ContainsFunc(opts, func(o Option) bool { return o.Value == v })
}

func stripSeparators(s, seps string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(seps, r) {
			return -1
		}
		return r
	}, s)
}

// canonNumber reads an integer or decimal with "," or "." as the decimal
// mark ("2,5", "-0.75") and writes it with "." and without leading or
// trailing zeros. The digits are kept as text, so no precision is lost.
// One mark at most: "1.000,5" is ambiguous and refused.
func canonNumber(s string) (string, bool) {
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	if strings.Count(s, ".")+strings.Count(s, ",") > 1 {
		return "", false
	}
	whole, frac, hasMark := strings.Cut(strings.Replace(s, ",", ".", 1), ".")
	if !allDigits(whole) || !allDigits(frac) || (whole == "" && frac == "") || (hasMark && frac == "") {
		return "", false
	}
	whole = strings.TrimLeft(whole, "0")
	if whole == "" {
		whole = "0"
	}
	frac = strings.TrimRight(frac, "0")
	out := whole
	if frac != "" {
		out += "." + frac
	}
	if neg && out != "0" {
		out = "-" + out
	}
	return out, true
}

var (
	moneyDotsRe   = regexp.MustCompile(`^[0-9]{1,3}(\.[0-9]{3})+$`)
	moneyCommasRe = regexp.MustCompile(`^[0-9]{1,3}(,[0-9]{3})+$`)
)

// canonMoney reads a whole amount of dong: plain digits, or digits grouped
// in threes by "." (Vietnamese) or "," (English), with an optional unit
// ("đ", "đồng", "VND"), and writes plain digits.
func canonMoney(s string) (string, bool) {
	s = strings.ToLower(stripSeparators(s, " \u00a0\u202f"))
	for _, unit := range []string{"đồng", "vnđ", "vnd", "đ"} {
		if t, ok := strings.CutSuffix(s, unit); ok {
			s = t
			break
		}
	}
	switch {
	case s != "" && allDigits(s):
	case moneyDotsRe.MatchString(s):
		s = strings.ReplaceAll(s, ".", "")
	case moneyCommasRe.MatchString(s):
		s = strings.ReplaceAll(s, ",", "")
	default:
		return "", false
	}
	s = strings.TrimLeft(s, "0")
	if s == "" {
		s = "0"
	}
	return s, true
}

var (
	dmyRe = regexp.MustCompile(`^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})$`)
	ymdRe = regexp.MustCompile(`^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$`)
)

// canonDate reads a real date typed as dd/mm/yyyy (also with "-" or "."
// between the parts, and one-digit day or month) or yyyy-mm-dd, and writes
// it as yyyy-mm-dd.
func canonDate(s string) (string, bool) {
	s = stripSeparators(s, " ")
	var y, m, d string
	if p := ymdRe.FindStringSubmatch(s); p != nil {
		y, m, d = p[1], p[2], p[3]
	} else if p := dmyRe.FindStringSubmatch(s); p != nil {
		d, m, y = p[1], p[2], p[3]
	} else {
		return "", false
	}
	yi, _ := strconv.Atoi(y)
	mi, _ := strconv.Atoi(m)
	di, _ := strconv.Atoi(d)
	t := time.Date(yi, time.Month(mi), di, 0, 0, 0, 0, time.UTC)
	if yi < 1 || t.Year() != yi || int(t.Month()) != mi || t.Day() != di {
		return "", false
	}
	return t.Format(isoDate), true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// displayDate writes YYYY-MM-DD as dd/mm/yyyy for a message argument.
func displayDate(iso string) string {
	t, err := time.Parse(isoDate, iso)
	if err != nil {
		return iso
	}
	return t.Format("02/01/2006")
}

// formatBound writes a number or money bound for a message argument the
// Vietnamese way ("2,5"; "1.500.000"), as the definition is Vietnamese.
func formatBound(k Kind, x float64) string {
	if k == KindMoney && x == float64(int64(x)) {
		return i18n.GroupThousands(int64(x), ".")
	}
	return strings.Replace(strconv.FormatFloat(x, 'f', -1, 64), ".", ",", 1)
}
