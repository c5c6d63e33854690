package org

import (
	"bytes"
	"cmp"
	"slices"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// Provincial says whether a unit of this kind is one of the province's own
// (UBND tỉnh, its office and centre, the Sở, the police) rather than a
// commune's.
func (k Kind) Provincial() bool { return k != KindCommune && k != KindCommuneCentre }

// SortForChoice puts units in the order a list to choose from offers them:
// the province's own units first, then the communes and their centres,
// each group alphabetically by Vietnamese collation (Ba Bể before Bằng
// Thành, D before Đ), ties by code.
func SortForChoice(units []Unit) {
	// A collator keeps buffers: one per call, never shared.
	c := collate.New(language.Vietnamese)
	var buf collate.Buffer
	type keyed struct {
		u   Unit
		key []byte
	}
	ks := make([]keyed, len(units))
	for i, u := range units {
		ks[i] = keyed{u, c.KeyFromString(&buf, u.Name)}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		if pa, pb := a.u.Kind.Provincial(), b.u.Kind.Provincial(); pa != pb {
			if pa {
				return -1
			}
			return 1
		}
		return cmp.Or(bytes.Compare(a.key, b.key), cmp.Compare(a.u.Code, b.u.Code))
	})
	for i, k := range ks {
		units[i] = k.u
	}
}
