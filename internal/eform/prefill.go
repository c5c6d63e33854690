package eform

import (
	"bytes"
	"encoding/json"
	"strings"
)

// Prefill fills the empty fields that name a Source, in form order, with
// what lookup returns for the source and the field's key: the answer of
// the SourceKey field (a personal ID or tax code, without separators), or
// "" for the applicant's own record. A field whose key field is empty is
// left alone, and so is any field the applicant has answered: prefill
// never overwrites. Sub-fields of a group are filled in each existing
// item, the key read from the same item when it names a sibling.
//
// An address is filled from a structured answer when lookup returns a
// JSON object {"province","commune","street"} (codes of the 2025 list);
// any other text goes into the street part, for the applicant to choose
// the province and commune. Prefilled answers still go through Clean.
//
// It returns a copy of the answers and the paths filled ("id",
// "id.N.sub"), for the page to say where the answers came from.
func (f Form) Prefill(a Answers, lookup func(source, key string) (string, bool)) (Answers, []string) {
	out := copyAnswers(a)
	if out == nil {
		out = Answers{}
	}
	var filled []string
	fill := func(fl Field, path string, group *Field, item Answers, set func(Value)) {
		if fl.Source == "" || !sourceKind(fl.Kind) {
			return
		}
		key, ok := f.sourceKey(fl, group, item, out)
		if !ok {
			return
		}
		text, ok := lookup(fl.Source, key)
		text = strings.TrimSpace(text)
		if !ok || text == "" {
			return
		}
		if fl.Kind == KindAddress {
			set(Value{Address: lookedUpAddress(text)})
		} else {
			set(Value{Text: text})
		}
		filled = append(filled, path)
	}
	f.walk(func(_ string, fl Field) {
		if fl.Kind == KindGroup {
			for i, item := range out[fl.ID].Items {
				if item == nil {
					continue
				}
				for _, sf := range fl.subFields() {
					if isZero(item[sf.ID]) {
						fill(sf, itemPath(fl.ID, i, sf.ID), &fl, item, func(v Value) { item[sf.ID] = v })
					}
				}
			}
			return
		}
		if isZero(out[fl.ID]) {
			fill(fl, fl.ID, nil, nil, func(v Value) { out[fl.ID] = v })
		}
	})
	return out, filled
}

// sourceKey returns the registry key of a field's source: "" for the
// applicant's own record, or the answer of its SourceKey field (a sibling
// in the same group item, else a top-level field) without separators;
// false when that answer is empty.
func (f Form) sourceKey(fl Field, group *Field, item, top Answers) (string, bool) {
	if fl.SourceKey == "" {
		return "", true
	}
	keyField, ok := group.subOf(fl.SourceKey)
	v := item[fl.SourceKey]
	if !ok {
		keyField, _ = f.Field(fl.SourceKey)
		v = top[fl.SourceKey]
	}
	key := strings.TrimSpace(v.Text)
	switch keyField.Kind {
	case KindPersonalID:
		key = stripSeparators(key, " .-")
	case KindTaxCode:
		key = stripSeparators(key, " .")
	}
	return key, key != ""
}

// lookedUpAddress reads a looked-up address: a JSON Address when the
// registry gave one, else free text for the street.
func lookedUpAddress(text string) *Address {
	if strings.HasPrefix(text, "{") {
		var a Address
		dec := json.NewDecoder(bytes.NewReader([]byte(text)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&a); err == nil {
			return &Address{Province: strings.TrimSpace(a.Province), Commune: strings.TrimSpace(a.Commune), Street: strings.TrimSpace(a.Street)}
		}
	}
	return &Address{Street: text}
}

// RegistryKey is one record of a national registry that prefill needs.
type RegistryKey struct {
	Registry string // RegistryPopulation or RegistryBusiness
	// Key is the personal ID or tax code; "" means the applicant's own.
	Key string
	// KeyPath is the field the key was read from ("" for the applicant's
	// own); the first one when several fields hold the same key.
	KeyPath string
	// Fields are the paths of the empty fields the record would fill.
	Fields []string
}

// RegistryKeys lists the registry records Prefill would read for the
// answers as they stand, in form order, one per registry and key, so the
// web layer can fetch each once and serve lookup from them. Account
// sources are not listed: the applicant's account is at hand. Fields
// already answered and fields whose key field is empty are left out, so
// when a key itself comes from the account (account.personal_id), run
// Prefill with the account first, or serve lookup lazily instead.
func (f Form) RegistryKeys(a Answers) []RegistryKey {
	var keys []RegistryKey
	add := func(fl Field, path string, group *Field, item Answers, keyPrefix string) {
		registry := SourceRegistry(fl.Source)
		if fl.Source == "" || !sourceKind(fl.Kind) || (registry != RegistryPopulation && registry != RegistryBusiness) {
			return
		}
		key, ok := f.sourceKey(fl, group, item, a)
		if !ok {
			return
		}
		keyPath := ""
		if fl.SourceKey != "" {
			keyPath = fl.SourceKey
			if _, sibling := group.subOf(fl.SourceKey); sibling {
				keyPath = keyPrefix + fl.SourceKey
			}
		}
		for i := range keys {
			if keys[i].Registry == registry && keys[i].Key == key {
				keys[i].Fields = append(keys[i].Fields, path)
				return
			}
		}
		keys = append(keys, RegistryKey{Registry: registry, Key: key, KeyPath: keyPath, Fields: []string{path}})
	}
	f.walk(func(_ string, fl Field) {
		if fl.Kind != KindGroup {
			if isZero(a[fl.ID]) {
				add(fl, fl.ID, nil, nil, "")
			}
			return
		}
		for i, item := range a[fl.ID].Items {
			for _, sf := range fl.subFields() {
				if isZero(item[sf.ID]) {
					add(sf, itemPath(fl.ID, i, sf.ID), &fl, item, itemPath(fl.ID, i, ""))
				}
			}
		}
	})
	return keys
}
