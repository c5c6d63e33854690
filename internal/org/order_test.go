package org_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/org"
)

// TestSortForChoice: the province's units first, then the communes and
// their centres, each in Vietnamese alphabetical order.
func TestSortForChoice(t *testing.T) {
	units := []org.Unit{
		{Code: "c1", Name: "UBND Xã Đồng Phúc", Kind: org.KindCommune},
		{Code: "p1", Name: "UBND tỉnh Thái Nguyên", Kind: org.KindProvince},
		{Code: "c2", Name: "UBND Xã Bằng Thành", Kind: org.KindCommune},
		{Code: "c3", Name: "UBND Phường Đức Xuân", Kind: org.KindCommune},
		{Code: "d1", Name: "Sở Y tế", Kind: org.KindDepartment},
		{Code: "c4", Name: "UBND Xã Ba Bể", Kind: org.KindCommune},
		{Code: "k1", Name: "Trung tâm Phục vụ hành chính công Xã Ba Bể", Kind: org.KindCommuneCentre},
		{Code: "c5", Name: "UBND Xã Dân Tiến", Kind: org.KindCommune},
		{Code: "d2", Name: "Công an tỉnh Thái Nguyên", Kind: org.KindPolice},
		{Code: "c7", Name: "UBND Xã Bạch Thông", Kind: org.KindCommune},
		{Code: "c6", Name: "UBND Xã Ba Bể", Kind: org.KindCommune},
	}
	org.SortForChoice(units)
	var got []string
	for _, u := range units {
		got = append(got, u.Code)
	}
	want := []string{"d2", "d1", "p1", "k1", "c3", "c4", "c6", "c7", "c2", "c5", "c1"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("order (-want +got):\n%s", d)
	}
}
