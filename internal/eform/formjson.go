package eform

import (
	"bytes"
	"fmt"

	"github.com/motcua/motcua/internal/strictjson"
)

// JSONError says where and why a definition's JSON could not be read.
type JSONError = strictjson.Error

// JSONErrorKind says why a definition's JSON could not be read.
type JSONErrorKind = strictjson.Kind

// Kinds of JSONError.
const (
	JSONEmpty        = strictjson.Empty        // nothing but spaces
	JSONSyntax       = strictjson.Syntax       // not JSON, or cut short
	JSONType         = strictjson.Type         // a value of the wrong type ("required": "yes")
	JSONUnknownField = strictjson.UnknownField // an attribute the model does not have ("requierd")
	JSONTrailing     = strictjson.Trailing     // something after the object
)

// ParseForm reads a definition as an administrator or a seed file writes
// it: one JSON object with the attributes of Form and nothing else, so that
// a misspelt attribute ("requierd") is refused rather than silently
// dropped. Errors wrap a *JSONError.
func ParseForm(data []byte) (Form, error) {
	var f Form
	if err := decodeStrict(data, &f); err != nil {
		return Form{}, err
	}
	return f, nil
}

// decodeStrict reads data into v as ParseForm does.
func decodeStrict(data []byte, v any) error {
	if err := strictjson.Decode(data, v); err != nil {
		return fmt.Errorf("eform: definition %w", err)
	}
	return nil
}

// FormatForm writes a definition as indented JSON, as the editor shows it
// and ParseForm reads it back.
func FormatForm(f Form) []byte { return strictjson.Format(f) }

// SameForm reports whether two definitions say the same, as stored.
func SameForm(a, b Form) bool { return bytes.Equal(FormatForm(a), FormatForm(b)) }
