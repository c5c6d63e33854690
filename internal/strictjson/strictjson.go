// Package strictjson reads JSON that administrators and seed files write
// (e-form definitions, internal processes) strictly: one object with the
// attributes of the target type and nothing else, so that a misspelt
// attribute is refused rather than silently dropped, and every problem is
// said with its line and column. It also writes such JSON back, indented,
// as editors show it.
//
// It imports only the standard library.
package strictjson

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

// Kind says why a text could not be read.
type Kind string

// Kinds of Error.
const (
	Empty        Kind = "empty"         // nothing but spaces
	Syntax       Kind = "syntax"        // not JSON, or cut short
	Type         Kind = "type"          // a value of the wrong type ("required": "yes")
	UnknownField Kind = "unknown_field" // an attribute the model does not have ("requierd")
	Trailing     Kind = "trailing"      // something after the object
)

// Error says where and why a text could not be read.
type Error struct {
	Kind Kind
	// Line and Column (1-based, in characters) locate the problem; 0 when
	// unknown.
	Line, Column int
	// Name is the unknown attribute (UnknownField), or the path of the
	// attribute whose value has the wrong type (Type, as
	// "pages.sections.fields.required": without item numbers).
	Name string
	// Expected is the type the value should have had (Type): "string",
	// "number", "boolean", "array" or "object".
	Expected string
	Err      error
}

func (e *Error) Error() string {
	s := "JSON: " + string(e.Kind)
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

func (e *Error) Unwrap() error { return e.Err }

var unknownFieldRe = regexp.MustCompile(`^json: unknown field "(.*)"$`)

// Decode reads data into v: exactly one JSON value, no attribute v does
// not have. Errors are *Error.
func Decode(data []byte, v any) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return &Error{Kind: Empty}
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
		return at(&Error{Kind: Syntax, Err: err}, data, int(syn.Offset)-1)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return at(&Error{Kind: Syntax, Err: err}, data, len(bytes.TrimRight(data, " \t\r\n")))
	case errors.As(err, &typ):
		return at(&Error{Kind: Type, Name: typ.Field, Expected: jsonKind(typ.Type), Err: err},
			data, valueStart(data, int(typ.Offset)))
	default:
		if m := unknownFieldRe.FindStringSubmatch(err.Error()); m != nil {
			return at(&Error{Kind: UnknownField, Name: m[1], Err: err}, data, keyOffset(data, m[1]))
		}
		return &Error{Kind: Syntax, Err: err}
	}
	off := int(dec.InputOffset())
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		for off < len(data) && strings.ContainsRune(" \t\r\n", rune(data[off])) {
			off++
		}
		return at(&Error{Kind: Trailing}, data, off)
	}
	return nil
}

// Format writes v as indented JSON with the text as written (no HTML
// escapes), as editors show it and Decode reads it back. It panics when v
// cannot be encoded: the types it is used with (strings, numbers, bools,
// slices and structs of them) always can, short of a NaN or an infinity,
// which no JSON input produces.
func Format(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		panic(fmt.Sprintf("strictjson: encode %T: %v", v, err))
	}
	return bytes.TrimRight(buf.Bytes(), "\n")
}

// at sets e's line and column to those of byte offset off of data (clamped
// to the data).
func at(e *Error, data []byte, off int) *Error {
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
