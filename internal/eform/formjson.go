package eform

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strings"
	"unicode/utf8"
)

// JSONErrorKind says why a definition's JSON could not be read.
type JSONErrorKind string

// Kinds of JSONError.
const (
	JSONEmpty        JSONErrorKind = "empty"         // nothing but spaces
	JSONSyntax       JSONErrorKind = "syntax"        // not JSON, or cut short
	JSONType         JSONErrorKind = "type"          // a value of the wrong type ("required": "yes")
	JSONUnknownField JSONErrorKind = "unknown_field" // an attribute the model does not have ("requierd")
	JSONTrailing     JSONErrorKind = "trailing"      // something after the object
)

// JSONError says where and why a definition's JSON could not be read.
type JSONError struct {
	Kind JSONErrorKind
	// Line and Column (1-based, in characters) locate the problem; 0 when
	// unknown.
	Line, Column int
	// Name is the unknown attribute (JSONUnknownField), or the path of
	// the attribute whose value has the wrong type (JSONType, as
	// "pages.sections.fields.required": without item numbers).
	Name string
	// Expected is the type the value should have had (JSONType): "string",
	// "number", "boolean", "array" or "object".
	Expected string
	Err      error
}

func (e *JSONError) Error() string {
	s := "eform: definition JSON: " + string(e.Kind)
	if e.Line > 0 {
		s += fmt.Sprintf(" at line %d, column %d", e.Line, e.Column)
	}
	if e.Name != "" {
		s += " (" + e.Name + ")"
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *JSONError) Unwrap() error { return e.Err }

var unknownFieldRe = regexp.MustCompile(`^json: unknown field "(.*)"$`)

// ParseForm reads a definition as an administrator or a seed file writes
// it: one JSON object with the attributes of Form and nothing else, so that
// a misspelt attribute ("requierd") is refused rather than silently
// dropped. Errors are *JSONError.
func ParseForm(data []byte) (Form, error) {
	var f Form
	if err := decodeStrict(data, &f); err != nil {
		return Form{}, err
	}
	return f, nil
}

// decodeStrict reads data into v as ParseForm does; errors are *JSONError.
func decodeStrict(data []byte, v any) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return &JSONError{Kind: JSONEmpty}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	var (
		syn *json.SyntaxError
		typ *json.UnmarshalTypeError
	)
	switch {
	case err == nil:
	case errors.As(err, &syn):
		return at(&JSONError{Kind: JSONSyntax, Err: err}, data, int(syn.Offset)-1)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return at(&JSONError{Kind: JSONSyntax, Err: err}, data, len(bytes.TrimRight(data, " \t\r\n")))
	case errors.As(err, &typ):
		return at(&JSONError{Kind: JSONType, Name: typ.Field, Expected: jsonKind(typ.Type), Err: err},
			data, valueStart(data, int(typ.Offset)))
	default:
		if m := unknownFieldRe.FindStringSubmatch(err.Error()); m != nil {
			return at(&JSONError{Kind: JSONUnknownField, Name: m[1], Err: err}, data, keyOffset(data, m[1]))
		}
		return &JSONError{Kind: JSONSyntax, Err: err}
	}
	off := int(dec.InputOffset())
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		for off < len(data) && strings.ContainsRune(" \t\r\n", rune(data[off])) {
			off++
		}
		return at(&JSONError{Kind: JSONTrailing}, data, off)
	}
	return nil
}

// FormatForm writes a definition as indented JSON, as the editor shows it
// and ParseForm reads it back.
func FormatForm(f Form) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		// Only a NaN or infinite bound could fail, and no JSON input
		// produces one.
		panic(fmt.Sprintf("eform: encode definition: %v", err))
	}
	return bytes.TrimRight(buf.Bytes(), "\n")
}

// SameForm reports whether two definitions say the same, as stored.
func SameForm(a, b Form) bool { return bytes.Equal(FormatForm(a), FormatForm(b)) }

// at sets e's line and column to those of byte offset off of data (clamped
// to the data).
func at(e *JSONError, data []byte, off int) *JSONError {
	off = max(0, min(off, len(data)))
	before := data[:off]
	e.Line = bytes.Count(before, []byte("\n")) + 1
	lineStart := bytes.LastIndexByte(before, '\n') + 1
	e.Column = utf8.RuneCount(bytes.ReplaceAll(before[lineStart:], []byte("\r"), nil)) + 1
	return e
}

// valueStart finds where the value ending at byte end begins, for a
// string, number, true, false or null; otherwise it returns end-1 (the
// value's last byte).
func valueStart(data []byte, end int) int {
	end = min(end, len(data))
	if end <= 0 {
		return 0
	}
	i := end - 1
	switch c := data[i]; {
	case c == '"':
		for i--; i >= 0; i-- {
			if data[i] != '"' {
				continue
			}
			backslashes := 0
			for j := i - 1; j >= 0 && data[j] == '\\'; j-- {
				backslashes++
			}
			if backslashes%2 == 0 {
				return i
			}
		}
		return end - 1
	case c >= '0' && c <= '9', c >= 'a' && c <= 'z', c == '.', c == '+', c == '-', c == 'E':
		for i > 0 && strings.IndexByte("0123456789abcdefghijklmnopqrstuvwxyzE.+-", data[i-1]) >= 0 {
			i--
		}
		return i
	}
	return i
}

// keyOffset finds where the attribute name is first written as a key; 0
// (the start of the data) when it cannot be found.
func keyOffset(data []byte, name string) int {
	q, err := json.Marshal(name)
	if err != nil {
		return 0
	}
	re := regexp.MustCompile(regexp.QuoteMeta(string(q)) + `\s*:`)
	if loc := re.FindIndex(data); loc != nil {
		return loc[0]
	}
	return 0
}

func jsonKind(t reflect.Type) string {
	if t == nil {
		return ""
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8,
		reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice, reflect.Array:
		return "array"
	case reflect.Struct, reflect.Map:
		return "object"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	}
	return ""
}
