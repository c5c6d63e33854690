package org

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseSeed(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []SeedUnit
		wantErr []string // substrings the error must contain
	}{
		{
			name: "valid tree",
			in: `[
				{"code":"000.00.00.H19","name":"UBND tỉnh","kind":"province","admin_code":"19","sort_order":0},
				{"code":"000.00.01.H19","name":"Văn phòng","kind":"office","parent_code":"000.00.00.H19","sort_order":1},
				{"code":"000.01.01.H19","name":"TTPVHCC","short_name":"TT","kind":"service_centre","parent_code":"000.00.01.H19","reception":true,"sort_order":1}
			]`,
			want: []SeedUnit{
				{Code: "000.00.00.H19", Name: "UBND tỉnh", Kind: KindProvince, AdminCode: "19"},
				{Code: "000.00.01.H19", Name: "Văn phòng", Kind: KindOffice, ParentCode: "000.00.00.H19", SortOrder: 1},
				{Code: "000.01.01.H19", Name: "TTPVHCC", ShortName: "TT", Kind: KindServiceCentre, ParentCode: "000.00.01.H19", Reception: true, SortOrder: 1},
			},
		},
		{name: "malformed JSON", in: `[{"code":`, wantErr: []string{"parse seed"}},
		{name: "not an array", in: `{"code":"000.00.00.H19"}`, wantErr: []string{"parse seed"}},
		{name: "trailing data", in: `[{"code":"000.00.00.H19","name":"A","kind":"province"}] []`, wantErr: []string{"after the array"}},
		{name: "unknown field", in: `[{"code":"000.00.00.H19","name":"A","kind":"province","parent":"x"}]`, wantErr: []string{`unknown field "parent"`}},
		{name: "empty array", in: `[]`, wantErr: []string{"no units"}},
		{name: "empty code", in: `[{"code":"","name":"A","kind":"province"}]`, wantErr: []string{`record 0 (""): empty code`}},
		{
			name:    "bad code shape",
			in:      `[{"code":"000.00.00.H19","name":"A","kind":"province"},{"code":"00.00.01.H19","name":"B","kind":"office","parent_code":"000.00.00.H19"}]`,
			wantErr: []string{`record 1 ("00.00.01.H19"): code does not match`},
		},
		{
			name:    "duplicate code",
			in:      `[{"code":"000.00.00.H19","name":"A","kind":"province"},{"code":"000.00.00.H19","name":"B","kind":"office","parent_code":"000.00.00.H19"}]`,
			wantErr: []string{`record 1 ("000.00.00.H19"): duplicate code, first defined by record 0`},
		},
		{
			name:    "unknown kind",
			in:      `[{"code":"000.00.00.H19","name":"A","kind":"district"}]`,
			wantErr: []string{`record 0 ("000.00.00.H19"): unknown kind "district"`},
		},
		{
			name:    "empty name",
			in:      `[{"code":"000.00.00.H19","name":"  ","kind":"province"}]`,
			wantErr: []string{`record 0 ("000.00.00.H19"): empty name`},
		},
		{
			name: "parent defined later",
			in: `[{"code":"000.00.00.H19","name":"A","kind":"province"},
				{"code":"000.01.01.H19","name":"C","kind":"service_centre","parent_code":"000.00.01.H19"},
				{"code":"000.00.01.H19","name":"B","kind":"office","parent_code":"000.00.00.H19"}]`,
			wantErr: []string{`record 1 ("000.01.01.H19"): parent "000.00.01.H19" is not defined earlier`},
		},
		{
			name:    "own parent",
			in:      `[{"code":"000.00.00.H19","name":"A","kind":"province"},{"code":"000.00.01.H19","name":"B","kind":"office","parent_code":"000.00.01.H19"}]`,
			wantErr: []string{`record 1 ("000.00.01.H19"): unit is its own parent`},
		},
		{
			name:    "two roots",
			in:      `[{"code":"000.00.00.H19","name":"A","kind":"province"},{"code":"000.00.00.H20","name":"B","kind":"province"}]`,
			wantErr: []string{"2 root units", "want exactly 1"},
		},
		{
			name:    "no root",
			in:      `[{"code":"000.00.01.H19","name":"B","kind":"office","parent_code":"000.00.00.H19"}]`,
			wantErr: []string{"0 root units"},
		},
		{
			name: "every problem reported",
			in: `[{"code":"000.00.00.H19","name":"A","kind":"province"},
				{"code":"bad","name":"","kind":"x","parent_code":"000.00.00.H19"}]`,
			wantErr: []string{"code does not match", "empty name", `unknown kind "x"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseSeed(strings.NewReader(tt.in))
			if len(tt.wantErr) > 0 {
				if err == nil {
					t.Fatalf("ParseSeed() = %d units, want an error", len(got))
				}
				for _, w := range tt.wantErr {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("ParseSeed() error = %q, want it to contain %q", err, w)
					}
				}
				if got != nil {
					t.Errorf("ParseSeed() returned %d units with an error", len(got))
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseSeed() error = %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseSeed() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestParseSeedFile checks the generated demo seed for Tỉnh Thái Nguyên.
func TestParseSeedFile(t *testing.T) {
	data, err := os.ReadFile("../../testdata/seed/units.json")
	if err != nil {
		t.Fatal(err)
	}
	units, err := ParseSeed(strings.NewReader(string(data)))
	if err != nil {
		t.Fatalf("ParseSeed(units.json): %v", err)
	}

	counts := map[Kind]int{}
	byCode := map[string]SeedUnit{}
	for _, u := range units {
		counts[u.Kind]++
		byCode[u.Code] = u
	}
	wantCounts := map[Kind]int{
		KindProvince:      1,
		KindOffice:        1,
		KindServiceCentre: 1,
		KindDepartment:    11,
		KindPolice:        1,
		KindCommune:       92,
		KindCommuneCentre: 92,
	}
	if diff := cmp.Diff(wantCounts, counts); diff != "" {
		t.Errorf("units per kind (-want +got):\n%s", diff)
	}
	if len(units) != 199 {
		t.Errorf("len(units) = %d, want 199", len(units))
	}

	wantUnits := []SeedUnit{
		{Code: "000.00.00.H19", Name: "UBND tỉnh Thái Nguyên", ShortName: "UBND tỉnh", Kind: KindProvince, AdminCode: "19"},
		{Code: "000.01.01.H19", Name: "Trung tâm Phục vụ hành chính công tỉnh", ShortName: "TTPVHCC tỉnh", Kind: KindServiceCentre, ParentCode: "000.00.01.H19", Reception: true, SortOrder: 1},
		{Code: "000.00.04.H19", Name: "Sở Tư pháp", ShortName: "Sở Tư pháp", Kind: KindDepartment, ParentCode: "000.00.00.H19", SortOrder: 4},
		{Code: "000.00.20.H19", Name: "Công an tỉnh Thái Nguyên", ShortName: "Công an tỉnh", Kind: KindPolice, ParentCode: "000.00.00.H19", SortOrder: 20},
	}
	for _, want := range wantUnits {
		if diff := cmp.Diff(want, byCode[want.Code]); diff != "" {
			t.Errorf("unit %s (-want +got):\n%s", want.Code, diff)
		}
	}

	// Every commune sits under the province and has one reception centre.
	centres := map[string]int{}
	for _, u := range units {
		switch u.Kind {
		case KindCommune:
			if u.ParentCode != "000.00.00.H19" || u.AdminCode == "" || u.Reception ||
				!strings.HasPrefix(u.Name, "UBND ") || !strings.HasSuffix(u.Code, ".00.50.H19") {
				t.Errorf("commune %+v", u)
			}
		case KindCommuneCentre:
			p := byCode[u.ParentCode]
			if p.Kind != KindCommune || !u.Reception || u.Name != "Trung tâm Phục vụ hành chính công "+p.ShortName {
				t.Errorf("commune centre %+v under %+v", u, p)
			}
			centres[u.ParentCode]++
		}
	}
	for code, n := range centres {
		if n != 1 {
			t.Errorf("commune %s has %d centres, want 1", code, n)
		}
	}
	var found bool
	for _, u := range units {
		if u.Kind == KindCommune && u.Name == "UBND Phường Phan Đình Phùng" {
			found = true
		}
	}
	if !found {
		t.Error("UBND Phường Phan Đình Phùng not in the seed")
	}
}

func TestTree(t *testing.T) {
	units := []Unit{
		{ID: 5, Name: "Xã B", ParentID: 1, SortOrder: 100},
		{ID: 1, Name: "UBND tỉnh"},
		{ID: 4, Name: "Sở Y tế", ParentID: 1, SortOrder: 2},
		{ID: 3, Name: "Sở Tư pháp", ParentID: 1, SortOrder: 2},
		{ID: 2, Name: "Văn phòng", ParentID: 1, SortOrder: 1},
		{ID: 6, Name: "TTPVHCC", ParentID: 2, SortOrder: 1},
		{ID: 7, Name: "Xã A", ParentID: 1, SortOrder: 100},
		{ID: 8, Name: "Orphan", ParentID: 99},
		{ID: 9, Name: "Cycle 1", ParentID: 10},
		{ID: 10, Name: "Cycle 2", ParentID: 9},
	}
	u := func(id int64) Unit {
		for _, x := range units {
			if x.ID == id {
				return x
			}
		}
		t.Fatalf("no unit %d", id)
		return Unit{}
	}
	want := []Node{
		{Unit: u(8)}, // parent missing from the list: shown as a root
		{Unit: u(1), Children: []Node{
			{Unit: u(2), Children: []Node{{Unit: u(6)}}},
			{Unit: u(3)}, // same sort order: by name
			{Unit: u(4)},
			{Unit: u(7)},
			{Unit: u(5)},
		}},
	}
	if diff := cmp.Diff(want, Tree(units)); diff != "" {
		t.Errorf("Tree() mismatch (-want +got):\n%s", diff)
	}
	if got := Tree(nil); got != nil {
		t.Errorf("Tree(nil) = %v, want nil", got)
	}
}
