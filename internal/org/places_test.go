package org

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParsePlaces(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		wantErr []string // substrings the error must contain; nil: no error
	}{
		{
			name: "valid",
			in: `[{"code":"19","name":"Tỉnh Thái Nguyên","communes":[{"code":"05443","name":"Phường Phan Đình Phùng"}]},
				{"code":"01","name":"Thành phố Hà Nội","communes":[{"code":"00004","name":"Phường Ba Đình"}]}]`,
		},
		{name: "malformed JSON", in: `[{"code":`, wantErr: []string{"parse places"}},
		{name: "not an array", in: `{"code":"19"}`, wantErr: []string{"parse places"}},
		{name: "trailing data", in: `[{"code":"19","name":"A","communes":[{"code":"00001","name":"B"}]}] []`, wantErr: []string{"after the array"}},
		{name: "unknown field", in: `[{"code":"19","name":"A","communes":[],"extra":1}]`, wantErr: []string{`unknown field "extra"`}},
		{name: "empty", in: `[]`, wantErr: []string{"no provinces"}},
		{name: "bad province code", in: `[{"code":"190","name":"A","communes":[{"code":"00001","name":"B"}]}]`, wantErr: []string{`province 0 ("190"): code is not two digits`}},
		{name: "empty province name", in: `[{"code":"19","name":" ","communes":[{"code":"00001","name":"B"}]}]`, wantErr: []string{`province 0 ("19"): empty name`}},
		{name: "no communes", in: `[{"code":"19","name":"A","communes":[]}]`, wantErr: []string{`province 0 ("19"): no communes`}},
		{
			name:    "duplicate province",
			in:      `[{"code":"19","name":"A","communes":[{"code":"00001","name":"B"}]},{"code":"19","name":"C","communes":[{"code":"00002","name":"D"}]}]`,
			wantErr: []string{`province 1 ("19"): duplicate province code`},
		},
		{name: "bad commune code", in: `[{"code":"19","name":"A","communes":[{"code":"1","name":"B"}]}]`, wantErr: []string{`commune 0 ("1"): code is not five digits`}},
		{name: "empty commune name", in: `[{"code":"19","name":"A","communes":[{"code":"00001","name":""}]}]`, wantErr: []string{`commune 0 ("00001"): empty name`}},
		{
			name:    "commune under two provinces",
			in:      `[{"code":"19","name":"A","communes":[{"code":"00001","name":"B"}]},{"code":"20","name":"C","communes":[{"code":"00001","name":"B"}]}]`,
			wantErr: []string{`province 1 ("20"): commune 0 ("00001"): duplicate commune code, first under province 19`},
		},
		{
			name:    "every problem reported",
			in:      `[{"code":"x","name":"","communes":[{"code":"1","name":""}]}]`,
			wantErr: []string{"code is not two digits", "empty name", "code is not five digits", `commune 0 ("1"): empty name`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePlaces(strings.NewReader(tt.in))
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("ParsePlaces() error = %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("ParsePlaces() accepted the input")
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestPlacesLookups(t *testing.T) {
	p, err := ParsePlaces(strings.NewReader(`[
		{"code":"19","name":"Tỉnh Thái Nguyên","communes":[{"code":"05443","name":"Phường Phan Đình Phùng"},{"code":"01840","name":"Phường Đức Xuân"}]},
		{"code":"01","name":"Thành phố Hà Nội","communes":[{"code":"00004","name":"Phường Ba Đình"}]}]`))
	if err != nil {
		t.Fatal(err)
	}
	// File order is kept, not sorted by code.
	if diff := cmp.Diff([]Place{{"19", "Tỉnh Thái Nguyên"}, {"01", "Thành phố Hà Nội"}}, p.Provinces()); diff != "" {
		t.Errorf("Provinces() (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]Place{{"05443", "Phường Phan Đình Phùng"}, {"01840", "Phường Đức Xuân"}}, p.Communes("19")); diff != "" {
		t.Errorf("Communes(19) (-want +got):\n%s", diff)
	}
	if got := p.Communes("99"); got != nil {
		t.Errorf("Communes(99) = %v, want nil", got)
	}
	// The returned slices are copies: changing them changes nothing inside.
	p.Provinces()[0].Name = "x"
	p.Communes("19")[0].Name = "x"
	if got, _ := p.Province("19"); got.Name != "Tỉnh Thái Nguyên" {
		t.Errorf("Province(19) changed to %q through a returned slice", got.Name)
	}
	if got, _ := p.Commune("19", "05443"); got.Name != "Phường Phan Đình Phùng" {
		t.Errorf("Commune changed to %q through a returned slice", got.Name)
	}

	for _, tc := range []struct {
		province, commune string
		want              Place
		ok                bool
	}{
		{"01", "", Place{"01", "Thành phố Hà Nội"}, true},
		{"99", "", Place{}, false},
		{"", "", Place{}, false},
		{"19", "01840", Place{"01840", "Phường Đức Xuân"}, true},
		{"01", "01840", Place{}, false}, // exists, but in another province
		{"99", "01840", Place{}, false},
		{"19", "99999", Place{}, false},
	} {
		var got Place
		var ok bool
		if tc.commune == "" {
			got, ok = p.Province(tc.province)
		} else {
			got, ok = p.Commune(tc.province, tc.commune)
		}
		if got != tc.want || ok != tc.ok {
			t.Errorf("lookup(%q, %q) = %v, %v; want %v, %v", tc.province, tc.commune, got, ok, tc.want, tc.ok)
		}
	}
}

// TestPlacesFile checks the generated national list.
func TestPlacesFile(t *testing.T) {
	f, err := os.Open("../../testdata/seed/places.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := ParsePlaces(f)
	if err != nil {
		t.Fatalf("ParsePlaces(places.json): %v", err)
	}
	provinces := p.Provinces()
	if len(provinces) != 34 {
		t.Errorf("%d provinces, want 34", len(provinces))
	}
	communes := 0
	for _, pr := range provinces {
		communes += len(p.Communes(pr.Code))
	}
	if communes != 3321 {
		t.Errorf("%d communes, want 3321", communes)
	}
	if got, ok := p.Province("19"); !ok || got.Name != "Tỉnh Thái Nguyên" {
		t.Errorf("Province(19) = %v, %v", got, ok)
	}
	if n := len(p.Communes("19")); n != 92 {
		t.Errorf("Thái Nguyên has %d communes, want 92", n)
	}
	if got, ok := p.Province("79"); !ok || got.Name != "Thành phố Hồ Chí Minh" {
		t.Errorf("Province(79) = %v, %v", got, ok)
	}
	if got, ok := p.Commune("19", "05443"); !ok || got.Name != "Phường Phan Đình Phùng" {
		t.Errorf("Commune(19, 05443) = %v, %v", got, ok)
	}
	if got, ok := p.Commune("79", "26743"); !ok || got.Name != "Phường Bến Thành" {
		t.Errorf("Commune(79, 26743) = %v, %v", got, ok)
	}
	if _, ok := p.Commune("19", "26743"); ok {
		t.Error("Phường Bến Thành found in Thái Nguyên")
	}
	if provinces[0] != (Place{"01", "Thành phố Hà Nội"}) {
		t.Errorf("first province %v, want Hà Nội (official code order)", provinces[0])
	}
}
