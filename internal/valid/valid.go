// Package valid holds the field validation rules shared by every form and
// API in MotCua (personal ID, tax code, Vietnamese phone number, email), and
// the Errors type that carries field errors as message keys, so the browser
// form and the API use one code path. It imports only the standard library.
package valid

import (
	"net/mail"
	"regexp"
	"strings"
	"unicode/utf8"
)

// FieldError is one problem with one field; Key is a message-catalogue key.
type FieldError struct {
	Field string
	Key   string
	Args  []any
}

// Errors collects field errors in the order the fields appear.
type Errors []FieldError

// Add records a problem with field.
func (e *Errors) Add(field, key string, args ...any) {
	*e = append(*e, FieldError{Field: field, Key: key, Args: args})
}

// Has reports whether field has an error.
func (e Errors) Has(field string) bool {
	for _, fe := range e {
		if fe.Field == field {
			return true
		}
	}
	return false
}

// For returns the first error of field.
func (e Errors) For(field string) (FieldError, bool) {
	for _, fe := range e {
		if fe.Field == field {
			return fe, true
		}
	}
	return FieldError{}, false
}

// Error makes Errors an error, so services can return it.
func (e Errors) Error() string {
	var b strings.Builder
	b.WriteString("invalid fields:")
	for _, fe := range e {
		b.WriteString(" " + fe.Field + "(" + fe.Key + ")")
	}
	return b.String()
}

// OrNil returns nil when there are no errors, so `return errs.OrNil()` works.
func (e Errors) OrNil() error {
	if len(e) == 0 {
		return nil
	}
	return e
}

var (
	digits12   = regexp.MustCompile(`^[0-9]{12}$`)
	taxCodeRe  = regexp.MustCompile(`^[0-9]{10}(-[0-9]{3})?$`)
	mobileRe   = regexp.MustCompile(`^0(3[2-9]|5[2689]|7[06-9]|8[1-9]|9[0-9])[0-9]{7}$`)
	landlineRe = regexp.MustCompile(`^02[0-9]{9}$`)
)

// PersonalID reports whether s is a 12-digit personal identification number
// (số định danh cá nhân / CCCD) whose first three digits are a province code
// of birth (001-096).
func PersonalID(s string) bool {
	if !digits12.MatchString(s) {
		return false
	}
	p := (int(s[0]-'0')*100 + int(s[1]-'0')*10 + int(s[2]-'0'))
	return p >= 1 && p <= 96
}

// TaxCode reports whether s is a 10-digit enterprise tax code, or 13 with a
// branch suffix (0101234567-001), with a valid check digit.
func TaxCode(s string) bool {
	if !taxCodeRe.MatchString(s) {
		return false
	}
	weights := [9]int{31, 29, 23, 19, 17, 13, 7, 5, 3}
	sum := 0
	for i, w := range weights {
		sum += int(s[i]-'0') * w
	}
	check := 10 - sum%11
	return check >= 0 && check <= 9 && int(s[9]-'0') == check
}

// NormalizePhone turns +84 / 84 prefixes and separators into the national
// 0xxxxxxxxx form.
func NormalizePhone(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '.' || r == '-' || r == '(' || r == ')' {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	switch {
	case strings.HasPrefix(s, "+84"):
		s = "0" + s[3:]
	case strings.HasPrefix(s, "84") && len(s) == 11:
		s = "0" + s[2:]
	}
	return s
}

// Phone reports whether s (already normalised) is a Vietnamese mobile number
// under the 2018 ten-digit plan, or a fixed-line number.
func Phone(s string) bool { return mobileRe.MatchString(s) || landlineRe.MatchString(s) }

// Email reports whether s is a plain address (no display name).
func Email(s string) bool {
	if len(s) > 254 || strings.ContainsAny(s, " <>") {
		return false
	}
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s[strings.LastIndexByte(s, '@'):], ".")
}

// Length reports whether s has between lo and hi characters (runes).
func Length(s string, lo, hi int) bool {
	n := utf8.RuneCountInString(s)
	return n >= lo && n <= hi
}
