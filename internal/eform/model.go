package eform

import (
	"errors"

	"github.com/motcua/motcua/internal/caseversion"
)

// Errors.
var (
	ErrNotFound = errors.New("eform: not found")
	// ErrConflict: the draft definition changed since it was loaded.
	ErrConflict = errors.New("eform: changed by someone else")
	// ErrNoDraft: there is no draft to publish or discard.
	ErrNoDraft = errors.New("eform: no draft")
)

// Kind is the kind of a field: what it asks and how its answer is checked.
type Kind string

const (
	KindText       Kind = "text"        // one line
	KindTextarea   Kind = "textarea"    // several lines
	KindNumber     Kind = "number"      // integer or decimal ("," or "." as decimal mark)
	KindMoney      Kind = "money"       // whole VND; "1.500.000" is read as 1500000
	KindDate       Kind = "date"        // stored YYYY-MM-DD; typed dd/mm/yyyy
	KindSelect     Kind = "select"      // one of Options, as a drop-down list
	KindRadio      Kind = "radio"       // one of Options, as radio buttons
	KindCheckboxes Kind = "checkboxes"  // any of Options
	KindYesNo      Kind = "yesno"       // "yes" or "no"
	KindEmail      Kind = "email"       // an email address
	KindPhone      Kind = "phone"       // a Vietnamese phone number, stored 0xxxxxxxxx
	KindPersonalID Kind = "personal_id" // a 12-digit personal identification number
	KindTaxCode    Kind = "tax_code"    // a tax code, 10 digits or 10-3
	KindAddress    Kind = "address"     // province, then commune, then street
	KindGroup      Kind = "group"       // repeated items of sub-fields ("Thêm người")
	KindFile       Kind = "file"        // an upload slot bound to one required document
)

// Kinds lists every kind, in the order an administrator is offered them.
var Kinds = []Kind{KindText, KindTextarea, KindNumber, KindMoney, KindDate, KindSelect, KindRadio,
	KindCheckboxes, KindYesNo, KindEmail, KindPhone, KindPersonalID, KindTaxCode, KindAddress, KindGroup, KindFile}

// Option is one choice of a select, radio or checkboxes field.
type Option struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// Condition shows a field only when another field's answer is one of In.
// Field names a field of the same form (for a field inside a group, a
// sibling in the same item, or a top-level field). For checkboxes the
// condition holds when any checked value is in In; for yesno the values
// are "yes" and "no".
type Condition struct {
	Field string   `json:"field"`
	In    []string `json:"in"`
}

// Field is one question. Which attributes apply depends on Kind; Check
// refuses attributes that make no sense for the kind.
type Field struct {
	// ID names the answer: lower case ASCII letters, digits and "_",
	// starting with a letter; unique in the form (sub-fields of a group:
	// unique in the group).
	ID    string `json:"id"`
	Kind  Kind   `json:"kind"`
	Label string `json:"label"`
	Hint  string `json:"hint,omitempty"`
	// Required: an answer must be given when the field is shown. For a
	// group: at least MinItems (or one) item; for a file slot: a file.
	Required bool `json:"required,omitempty"`

	// Min and Max bound a number or money answer.
	Min *float64 `json:"min,omitempty"`
	Max *float64 `json:"max,omitempty"`
	// MinDate and MaxDate bound a date: "YYYY-MM-DD", or "today".
	MinDate string `json:"min_date,omitempty"`
	MaxDate string `json:"max_date,omitempty"`
	// MinLength and MaxLength bound the length of a text answer in
	// characters (runes).
	MinLength int `json:"min_length,omitempty"`
	MaxLength int `json:"max_length,omitempty"`
	// Pattern is a regular expression (RE2) the whole text answer must
	// match; PatternMessage is what the applicant is told when it does not
	// (in Vietnamese, as the rest of the definition).
	Pattern        string `json:"pattern,omitempty"`
	PatternMessage string `json:"pattern_message,omitempty"`
	// Prefixes: a text answer must begin with one of these, as a word of
	// its own followed by more, whatever the letter case (the kind of
	// business a name begins with: "HỘ KINH DOANH"). PrefixMessage is what
	// the applicant is told when it does not; without it, the prefixes
	// are listed.
	Prefixes      []string `json:"prefixes,omitempty"`
	PrefixMessage string   `json:"prefix_message,omitempty"`

	// Options of a select, radio or checkboxes field.
	Options []Option `json:"options,omitempty"`

	// ShowIf hides the field unless the condition holds. A hidden field
	// is neither checked nor kept.
	ShowIf *Condition `json:"show_if,omitempty"`

	// Source prefills the field: "account.<attr>" from the applicant's
	// account, "population.<attr>" from the population registry,
	// "business.<attr>" from the business registry (see Sources).
	// SourceKey names the field holding the registry key (a personal ID
	// or a tax code); empty means the applicant's own.
	Source    string `json:"source,omitempty"`
	SourceKey string `json:"source_key,omitempty"`

	// Document binds a file slot to the case's required document at this
	// index (0-based, in the procedure record's order).
	Document *int `json:"document,omitempty"`

	// Fields of each item of a group (no nested groups, no file slots).
	Fields []Field `json:"fields,omitempty"`
	// MinItems and MaxItems bound a group's item count (0: no bound).
	MinItems int `json:"min_items,omitempty"`
	MaxItems int `json:"max_items,omitempty"`
	// OneYes names a yes/no sub-field of a group that exactly one item
	// answers "yes" (the main line of business among several).
	OneYes string `json:"one_yes,omitempty"`
	// ItemLabel titles each item ("Người thứ {n}"); AddLabel is the add
	// button ("Thêm người").
	ItemLabel string `json:"item_label,omitempty"`
	AddLabel  string `json:"add_label,omitempty"`
}

// Section is a titled part of a page.
type Section struct {
	Title  string  `json:"title,omitempty"`
	Intro  string  `json:"intro,omitempty"`
	Fields []Field `json:"fields"`
}

// Page is one page of the form: the applicant answers it and moves on.
type Page struct {
	// ID names the page in URLs: lower case ASCII letters, digits and "-".
	ID       string    `json:"id"`
	Title    string    `json:"title"`
	Intro    string    `json:"intro,omitempty"`
	Sections []Section `json:"sections"`
}

// Form is an e-form: the questions of one case of one procedure, in pages.
type Form struct {
	Title string `json:"title"`
	Pages []Page `json:"pages"`
}

// Address is the answer to an address field. Province and Commune are the
// official codes of the 2025 administrative-unit list (2 and 5 digits).
type Address struct {
	Province string `json:"province"`
	Commune  string `json:"commune"`
	Street   string `json:"street"`
}

// Value is the answer to one field. Exactly one part is used, by kind:
//
//	Text     text, textarea, number, money, date, select, radio, yesno,
//	         email, phone, personal_id, tax_code
//	List     checkboxes (checked values), file (attachment IDs)
//	Address  address
//	Items    group (one Answers per item)
type Value struct {
	Text    string
	List    []string
	Address *Address
	Items   []Answers
}

// Answers maps field IDs to their answers.
type Answers map[string]Value

// Status of a definition version.
type Status = caseversion.Status

const (
	StatusDraft      = caseversion.StatusDraft
	StatusPublished  = caseversion.StatusPublished
	StatusSuperseded = caseversion.StatusSuperseded
)

// Definition is one numbered version of the e-form of one case (0-based
// index into the procedure record's cases) of one procedure: its Meta
// (procedure, case, version, status, who saved and published it when, its
// Revision) and its Form.
type Definition struct {
	caseversion.Meta
	Form Form
}

// Document returns the form, for caseversion.
func (d Definition) Document() Form { return d.Form }
