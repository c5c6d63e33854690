package eform

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// ErrValueJSON is returned when an answer's JSON has none of the four
// shapes of Value.
var ErrValueJSON = errors.New("eform: an answer is a string, an array of strings, an address object or an array of objects")

// ErrNestedItems is returned for group items inside a group item.
var ErrNestedItems = errors.New("eform: a group item cannot hold group items")

// MarshalJSON writes the part of the value that is used: an object for an
// address, an array of objects for group items, an array of strings for a
// list, otherwise a string. The shape alone tells the kind back, so answers
// can be stored and exchanged without the form beside them.
func (v Value) MarshalJSON() ([]byte, error) {
	switch {
	case v.Address != nil:
		return json.Marshal(*v.Address)
	case len(v.Items) > 0:
		items := make([]Answers, len(v.Items))
		for i, it := range v.Items {
			if it == nil {
				it = Answers{} // an empty item is {}, never null
			}
			items[i] = it
		}
		return json.Marshal(items)
	case v.List != nil:
		return json.Marshal(v.List)
	case v.Items != nil:
		// An empty, non-nil Items reads back as an empty List; both mean
		// "no answer" to Clean.
		return []byte("[]"), nil
	}
	return json.Marshal(v.Text)
}

// UnmarshalJSON reads any of the four shapes MarshalJSON writes, without
// knowing the field's kind: a string is Text, an object an Address, an
// array of strings a List, an array of objects Items, and an empty array
// an empty List. null leaves the zero Value.
func (v *Value) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return ErrValueJSON
	}
	*v = Value{}
	switch data[0] {
	case 'n':
		if string(data) != "null" {
			return ErrValueJSON
		}
		return nil
	case '"':
		return json.Unmarshal(data, &v.Text)
	case '{':
		var a Address
		dec := json.NewDecoder(bytes.NewReader(data))
		// A misspelt part ("ward") would otherwise vanish silently.
		dec.DisallowUnknownFields()
		if err := dec.Decode(&a); err != nil {
			return fmt.Errorf("eform: address answer: %w", err)
		}
		v.Address = &a
		return nil
	case '[':
		var raw []json.RawMessage
		if err := json.Unmarshal(data, &raw); err != nil {
			return err
		}
		if len(raw) == 0 {
			v.List = []string{}
			return nil
		}
		switch raw[0][0] {
		case '"':
			list := make([]string, len(raw))
			for i, r := range raw {
				if r[0] != '"' {
					return ErrValueJSON
				}
				if err := json.Unmarshal(r, &list[i]); err != nil {
					return err
				}
			}
			v.List = list
		case '{':
			items := make([]Answers, len(raw))
			for i, r := range raw {
				if r[0] != '{' {
					return ErrValueJSON
				}
				var fields map[string]json.RawMessage
				if err := json.Unmarshal(r, &fields); err != nil {
					return err
				}
				items[i] = make(Answers, len(fields))
				for id, fr := range fields {
					// Groups do not nest, and refusing items inside items
					// keeps decoding linear: every level of nesting would
					// read its whole subtree again.
					if isItems(fr) {
						return ErrNestedItems
					}
					var fv Value
					if err := json.Unmarshal(fr, &fv); err != nil {
						return err
					}
					items[i][id] = fv
				}
			}
			v.Items = items
		default:
			return ErrValueJSON
		}
		return nil
	}
	return ErrValueJSON
}

// isItems reports whether raw JSON is an array whose first element is an
// object: group items.
func isItems(raw []byte) bool {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '[' {
		return false
	}
	rest := bytes.TrimSpace(raw[1:])
	return len(rest) > 0 && rest[0] == '{'
}
