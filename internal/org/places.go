package org

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// Place is a province (or centrally governed city) or a commune (xã, phường,
// đặc khu) of the post-2025 administrative-unit list, named by its official
// code: two digits for a province, five for a commune.
type Place struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Places is the national list of provinces and their communes that address
// fields are answered from. It is read once at start-up and never changes,
// so it is safe for concurrent use.
type Places struct {
	provinces []Place
	communes  map[string][]Place          // province code -> communes, in file order
	province  map[string]int              // province code -> index in provinces
	commune   map[string]map[string]Place // province code -> commune code -> commune
}

// placesProvince is one province as written in the places file.
type placesProvince struct {
	Code     string  `json:"code"`
	Name     string  `json:"name"`
	Communes []Place `json:"communes"`
}

var (
	provinceCodeRe = regexp.MustCompile(`^[0-9]{2}$`)
	communeCodeRe  = regexp.MustCompile(`^[0-9]{5}$`)
)

// ParsePlaces reads a places file: a JSON array of provinces, each with its
// communes, in the order they are to be offered. Commune codes are unique
// across the country, so a commune cannot be listed under two provinces.
// It reports every invalid record.
func ParsePlaces(r io.Reader) (*Places, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("org: read places: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var in []placesProvince
	if err := dec.Decode(&in); err != nil {
		return nil, fmt.Errorf("org: parse places: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("org: parse places: unexpected data after the array")
	}
	if len(in) == 0 {
		return nil, errors.New("org: places has no provinces")
	}

	p := &Places{
		communes: make(map[string][]Place, len(in)),
		province: make(map[string]int, len(in)),
		commune:  make(map[string]map[string]Place, len(in)),
	}
	var errs []error
	seenCommune := map[string]string{} // commune code -> province code
	for i, pr := range in {
		bad := func(format string, args ...any) {
			errs = append(errs, fmt.Errorf("org: places province %d (%q): %s", i, pr.Code, fmt.Sprintf(format, args...)))
		}
		if !provinceCodeRe.MatchString(pr.Code) {
			bad("code is not two digits")
		}
		if strings.TrimSpace(pr.Name) == "" {
			bad("empty name")
		}
		if _, dup := p.province[pr.Code]; dup {
			bad("duplicate province code")
			continue
		}
		if len(pr.Communes) == 0 {
			bad("no communes")
		}
		byCode := make(map[string]Place, len(pr.Communes))
		for j, c := range pr.Communes {
			switch {
			case !communeCodeRe.MatchString(c.Code):
				bad("commune %d (%q): code is not five digits", j, c.Code)
			case seenCommune[c.Code] != "":
				bad("commune %d (%q): duplicate commune code, first under province %s", j, c.Code, seenCommune[c.Code])
			}
			if strings.TrimSpace(c.Name) == "" {
				bad("commune %d (%q): empty name", j, c.Code)
			}
			if seenCommune[c.Code] == "" {
				seenCommune[c.Code] = pr.Code
			}
			byCode[c.Code] = c
		}
		p.province[pr.Code] = len(p.provinces)
		p.provinces = append(p.provinces, Place{Code: pr.Code, Name: pr.Name})
		p.communes[pr.Code] = pr.Communes
		p.commune[pr.Code] = byCode
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return p, nil
}

// Provinces lists every province in file order (official code order). The
// slice is the caller's to keep.
func (p *Places) Provinces() []Place {
	return append([]Place(nil), p.provinces...)
}

// Communes lists the communes of a province in file order, or nil for an
// unknown province. The slice is the caller's to keep.
func (p *Places) Communes(province string) []Place {
	return append([]Place(nil), p.communes[province]...)
}

// Province returns the province with the given code.
func (p *Places) Province(code string) (Place, bool) {
	i, ok := p.province[code]
	if !ok {
		return Place{}, false
	}
	return p.provinces[i], true
}

// Commune returns the commune with the given code, only if it belongs to
// the given province: an address names both, and they must agree.
func (p *Places) Commune(province, code string) (Place, bool) {
	c, ok := p.commune[province][code]
	return c, ok
}
