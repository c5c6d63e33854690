package admin

import (
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/strictjson"
	"github.com/motcua/motcua/internal/valid"
)

// jsonFieldError puts a JSON problem of a definition edited as text (an
// e-form, an internal process), with its line and column, on field.
// emptyKey and unknownKey are the editor's own messages for an empty text
// and an attribute its model does not have; the rest are shared.
func jsonFieldError(je *strictjson.Error, field, emptyKey, unknownKey string) valid.Errors {
	var e valid.Errors
	switch je.Kind {
	case strictjson.Empty:
		e.Add(field, emptyKey)
	case strictjson.Type:
		kind := je.Expected
		if kind == "" {
			kind = "other"
		}
		e.Add(field, jsonTypeKey, je.Line, je.Column, je.Name, jsonKindKey+kind)
	case strictjson.UnknownField:
		e.Add(field, unknownKey, je.Line, je.Column, je.Name)
	case strictjson.Trailing:
		e.Add(field, "admin.json.error.trailing", je.Line, je.Column)
	default:
		e.Add(field, "admin.json.error.syntax", je.Line, je.Column)
	}
	return e
}

// jsonTypeKey is the message of a value of the wrong type; jsonKindKey
// prefixes the keys naming JSON types, one of which is its fourth
// argument, translated when the message is (translateJSONKinds).
const (
	jsonTypeKey = "admin.json.error.type"
	jsonKindKey = "admin.json.kind."
)

// translateJSONKinds translates the type named in a jsonTypeKey error.
func translateJSONKinds(p i18n.Printer, errs valid.Errors) {
	for i, fe := range errs {
		if fe.Key == jsonTypeKey && len(fe.Args) == 4 {
			if k, ok := fe.Args[3].(string); ok {
				errs[i].Args[3] = p.T(k)
			}
		}
	}
}
