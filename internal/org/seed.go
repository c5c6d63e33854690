package org

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
)

// codePattern is the QCVN 102:2016 electronic identifier shape, xxx.xx.xx.Hnn.
var codePattern = regexp.MustCompile(`^\d{3}\.\d{2}\.\d{2}\.H\d{2}$`)

// Valid reports whether k is one of the known kinds.
func (k Kind) Valid() bool {
	switch k {
	case KindProvince, KindOffice, KindServiceCentre, KindDepartment,
		KindPolice, KindCommune, KindCommuneCentre:
		return true
	}
	return false
}

// ParseSeed reads a seed file: a JSON array of SeedUnit in tree order, every
// parent before its children, with exactly one root. It reports every
// invalid record, each named by its 0-based index and code.
func ParseSeed(r io.Reader) ([]SeedUnit, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("org: read seed: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields() // a misspelt field would otherwise be silently zero
	var units []SeedUnit
	if err := dec.Decode(&units); err != nil {
		return nil, fmt.Errorf("org: parse seed: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("org: parse seed: unexpected data after the array")
	}
	if len(units) == 0 {
		return nil, errors.New("org: seed has no units")
	}

	var errs []error
	bad := func(i int, u SeedUnit, format string, args ...any) {
		errs = append(errs, fmt.Errorf("org: seed record %d (%q): %s", i, u.Code, fmt.Sprintf(format, args...)))
	}
	defined := make(map[string]int, len(units)) // code -> index
	var roots []string
	for i, u := range units {
		switch {
		case u.Code == "":
			bad(i, u, "empty code")
		case !codePattern.MatchString(u.Code):
			bad(i, u, "code does not match xxx.xx.xx.Hnn")
		default:
			if j, dup := defined[u.Code]; dup {
				bad(i, u, "duplicate code, first defined by record %d", j)
			}
		}
		if strings.TrimSpace(u.Name) == "" {
			bad(i, u, "empty name")
		}
		if !u.Kind.Valid() {
			bad(i, u, "unknown kind %q", u.Kind)
		}
		if u.ParentCode == "" {
			roots = append(roots, u.Code)
		} else if _, ok := defined[u.ParentCode]; !ok {
			if u.ParentCode == u.Code {
				bad(i, u, "unit is its own parent")
			} else {
				bad(i, u, "parent %q is not defined earlier in the file", u.ParentCode)
			}
		}
		if _, dup := defined[u.Code]; !dup && u.Code != "" {
			defined[u.Code] = i
		}
	}
	if len(roots) != 1 {
		errs = append(errs, fmt.Errorf("org: seed has %d root units (no parent_code) %q, want exactly 1", len(roots), roots))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return units, nil
}

// Node is a unit with its children, for showing the organisation as a tree.
type Node struct {
	Unit
	Children []Node
}

// Tree arranges units by their parent links. Siblings are ordered by
// SortOrder, then Name, then Code. A unit whose parent is not in units is
// shown as a root, so a partial list loses nobody; units caught in a parent
// cycle cannot be reached from a root and are left out.
func Tree(units []Unit) []Node {
	byID := make(map[int64]bool, len(units))
	for _, u := range units {
		byID[u.ID] = true
	}
	children := make(map[int64][]Unit)
	var roots []Unit
	for _, u := range units {
		if u.ParentID == 0 || u.ParentID == u.ID || !byID[u.ParentID] {
			roots = append(roots, u)
			continue
		}
		children[u.ParentID] = append(children[u.ParentID], u)
	}
	visited := make(map[int64]bool, len(units))
	var build func([]Unit) []Node
	build = func(us []Unit) []Node {
		if len(us) == 0 {
			return nil
		}
		sortUnits(us)
		nodes := make([]Node, 0, len(us))
		for _, u := range us {
			if visited[u.ID] {
				continue
			}
			visited[u.ID] = true
			nodes = append(nodes, Node{Unit: u, Children: build(children[u.ID])})
		}
		return nodes
	}
	return build(roots)
}

func sortUnits(us []Unit) {
	slices.SortFunc(us, func(a, b Unit) int {
		return cmp.Or(
			cmp.Compare(a.SortOrder, b.SortOrder),
			strings.Compare(a.Name, b.Name),
			strings.Compare(a.Code, b.Code),
		)
	})
}
