package eform_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/eform"
)

func diffBase() eform.Form {
	return eform.Form{Title: "Tờ khai", Pages: []eform.Page{
		{ID: "nguoi-khai", Title: "Người khai", Sections: []eform.Section{{Fields: []eform.Field{
			{ID: "ho_ten", Kind: eform.KindText, Label: "Họ, chữ đệm, tên"},
			{ID: "ngay_sinh", Kind: eform.KindDate, Label: "Ngày sinh"},
			{ID: "con", Kind: eform.KindGroup, Label: "Con", Fields: []eform.Field{
				{ID: "ten", Kind: eform.KindText, Label: "Tên"},
				{ID: "tuoi", Kind: eform.KindNumber, Label: "Tuổi"},
			}},
		}}}},
		{ID: "nhan-ket-qua", Title: "Nhận kết quả", Sections: []eform.Section{{Fields: []eform.Field{
			{ID: "cam_doan", Kind: eform.KindYesNo, Label: "Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật"},
		}}}},
	}}
}

func TestDiff(t *testing.T) {
	fields := func(f *eform.Form, page int) *[]eform.Field { return &f.Pages[page].Sections[0].Fields }
	for _, tc := range []struct {
		name   string
		change func(f *eform.Form)
		want   []audit.Change
	}{
		{"nothing", func(*eform.Form) {}, nil},
		{"title", func(f *eform.Form) { f.Title = "Tờ khai mới" },
			[]audit.Change{{Field: "title", Old: "Tờ khai", New: "Tờ khai mới"}}},
		{"a field's hint", func(f *eform.Form) { (*fields(f, 0))[1].Hint = "Theo giấy khai sinh" },
			[]audit.Change{{Field: "fields_changed", New: "ngay_sinh (Ngày sinh)"}}},
		{"a sub-field, not its group", func(f *eform.Form) { (*fields(f, 0))[2].Fields[1].Required = true },
			[]audit.Change{{Field: "fields_changed", New: "con.tuoi (Tuổi)"}}},
		{"a group's own setting", func(f *eform.Form) { (*fields(f, 0))[2].MaxItems = 5 },
			[]audit.Change{{Field: "fields_changed", New: "con (Con)"}}},
		{"added and removed, long labels cut", func(f *eform.Form) {
			*fields(f, 0) = append((*fields(f, 0))[:1], eform.Field{ID: "gioi_tinh", Kind: eform.KindText, Label: "Giới tính"},
				(*fields(f, 0))[2])
			*fields(f, 1) = nil
		}, []audit.Change{
			{Field: "fields_added", New: "gioi_tinh (Giới tính)"},
			{Field: "fields_removed", Old: "ngay_sinh (Ngày sinh), cam_doan (Tôi cam đoan những nội dung khai trên…)"},
		}},
		{"swapped", func(f *eform.Form) {
			fs := *fields(f, 0)
			fs[0], fs[1] = fs[1], fs[0]
		}, []audit.Change{{Field: "fields_moved", New: "ho_ten (Họ, chữ đệm, tên)"}}},
		{"to another page, same order", func(f *eform.Form) {
			last := (*fields(f, 0))[2]
			*fields(f, 0) = (*fields(f, 0))[:2]
			*fields(f, 1) = append([]eform.Field{last}, *fields(f, 1)...)
		}, []audit.Change{{Field: "fields_moved", New: "con (Con), con.ten (Tên), con.tuoi (Tuổi)"}}},
		{"pages reordered and retitled", func(f *eform.Form) {
			f.Pages[0], f.Pages[1] = f.Pages[1], f.Pages[0]
			f.Pages[1].Title = "Thông tin người khai"
		}, []audit.Change{
			{Field: "pages", Old: "nguoi-khai, nhan-ket-qua", New: "nhan-ket-qua, nguoi-khai"},
			{Field: "pages_changed", New: "nguoi-khai"},
			{Field: "fields_moved", New: "cam_doan (Tôi cam đoan những nội dung khai trên…)"},
		}},
		{"a section title", func(f *eform.Form) { f.Pages[1].Sections[0].Title = "Cam đoan" },
			[]audit.Change{{Field: "pages_changed", New: "nhan-ket-qua"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			next := diffBase()
			tc.change(&next)
			if diff := cmp.Diff(tc.want, eform.Diff(diffBase(), next)); diff != "" {
				t.Errorf("Diff (-want +got):\n%s", diff)
			}
		})
	}
	// A new e-form: every field is added.
	got := eform.Diff(eform.Form{}, diffBase())
	want := []audit.Change{
		{Field: "title", New: "Tờ khai"},
		{Field: "pages", New: "nguoi-khai, nhan-ket-qua"},
		{Field: "fields_added", New: "ho_ten (Họ, chữ đệm, tên), ngay_sinh (Ngày sinh), con (Con), con.ten (Tên), con.tuoi (Tuổi), " +
			"cam_doan (Tôi cam đoan những nội dung khai trên…)"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Diff from nothing (-want +got):\n%s", diff)
	}
}
