package document

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// ResultTemplate says how a procedure's result document is drawn: its
// title, number symbol, legal bases, the answers it prints and who signs.
// Every part is optional; an empty part takes the default: the
// catalogue's result name in capitals, "KQ", the catalogue's legal bases,
// the e-form's short answers, and the title of the issuing unit's head.
type ResultTemplate struct {
	Title  string `json:"title,omitempty"`
	Symbol string `json:"symbol,omitempty"`
	// Bases are printed as written, one paragraph each ("Căn cứ ...").
	Bases []string `json:"bases,omitempty"`
	// Lines print answers of the e-form: a label and the path of a field
	// ("ten_ho_kinh_doanh", "thanh_vien.0.ho_ten"). A group's sub-field
	// named by its first item prints for every item, numbered when there
	// are several; another item's number prints that item.
	Lines []TemplateLine `json:"lines,omitempty"`
	// SignerTitle is the signature block's title, one line per line.
	SignerTitle string `json:"signer_title,omitempty"`
}

// TemplateLine is one printed answer.
type TemplateLine struct {
	Label string `json:"label"`
	Field string `json:"field"`
}

// Limits of a template's parts.
const (
	MaxTemplateLines = 40
	maxTemplateText  = 500
	maxSymbol        = 20
)

// TemplateError is a problem with a template: where (e.g. "lines.2.field")
// and a message key of the admin catalogue.
type TemplateError struct {
	Field string
	Key   string
}

func (e TemplateError) Error() string { return e.Field + ": " + e.Key }

// Check reports the problems of a template; fieldExists says whether the
// procedure's e-form has a field at a path.
func (t ResultTemplate) Check(fieldExists func(path string) bool) []TemplateError {
	var errs []TemplateError
	add := func(field, key string) { errs = append(errs, TemplateError{Field: field, Key: key}) }
	long := func(s string) bool { return utf8.RuneCountInString(s) > maxTemplateText }
	if long(t.Title) {
		add("title", "document.template.too_long")
	}
	if utf8.RuneCountInString(t.Symbol) > maxSymbol || strings.ContainsAny(t.Symbol, "/ \t\n") {
		add("symbol", "document.template.symbol")
	}
	if long(t.SignerTitle) {
		add("signer_title", "document.template.too_long")
	}
	for i, b := range t.Bases {
		if strings.TrimSpace(b) == "" || long(b) {
			add(fmt.Sprintf("bases.%d", i), "document.template.basis")
		}
	}
	if len(t.Lines) > MaxTemplateLines {
		add("lines", "document.template.too_many_lines")
	}
	for i, l := range t.Lines {
		if strings.TrimSpace(l.Label) == "" || long(l.Label) {
			add(fmt.Sprintf("lines.%d.label", i), "document.template.label")
		}
		if fieldExists != nil && !fieldExists(l.Field) {
			add(fmt.Sprintf("lines.%d.field", i), "document.template.field")
		}
	}
	return errs
}

// Encode and Decode carry a document through a job's payload as JSON.

// Encode writes a document as JSON.
func Encode(d Document) ([]byte, error) { return json.Marshal(d) }

// Decode reads a document of kind k written by Encode.
func Decode(k Kind, b []byte) (Document, error) {
	var (
		d   Document
		err error
	)
	switch k {
	case KindReceipt:
		d, err = decodeAs[Receipt](b)
	case KindSupplement:
		d, err = decodeAs[SupplementRequest](b)
	case KindRefusal:
		d, err = decodeAs[Refusal](b)
	case KindApology:
		d, err = decodeAs[Apology](b)
	case KindStopNotice:
		d, err = decodeAs[StopNotice](b)
	case KindControlSlip:
		d, err = decodeAs[ControlSlip](b)
	case KindResult:
		d, err = decodeAs[Result](b)
	default:
		return nil, fmt.Errorf("%w: cannot decode kind %q", ErrNoForm, k)
	}
	if err != nil {
		return nil, fmt.Errorf("document: decoding %s: %w", k, err)
	}
	return d, nil
}

func decodeAs[T Document](b []byte) (Document, error) {
	var x T
	err := json.Unmarshal(b, &x)
	return x, err
}
