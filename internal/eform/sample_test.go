package eform_test

import (
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/eform"
)

// TestSample: every field but file slots gets a made-up answer of its
// kind, a group one item; a conditional field asked for is shown, through
// the conditions of the fields it depends on.
func TestSample(t *testing.T) {
	f := eform.Form{Title: "Tờ khai", Pages: []eform.Page{{ID: "p", Title: "Trang", Sections: []eform.Section{{Fields: []eform.Field{
		{ID: "ho_ten", Kind: eform.KindText, Label: "Họ và tên"},
		{ID: "me_ho_ten", Kind: eform.KindText, Label: "Họ tên mẹ"},
		{ID: "ngay_sinh", Kind: eform.KindDate, Label: "Ngày sinh"},
		{ID: "so_tang", Kind: eform.KindNumber, Label: "Số tầng", Min: sptr(1.0), Max: sptr(5.0)},
		{ID: "nam", Kind: eform.KindNumber, Label: "Năm", Min: sptr(1900.0)},
		{ID: "loai", Kind: eform.KindRadio, Label: "Loại", Options: []eform.Option{{Value: "a", Label: "A"}, {Value: "b", Label: "B"}}},
		{ID: "co_b", Kind: eform.KindYesNo, Label: "Có B?", ShowIf: &eform.Condition{Field: "loai", In: []string{"b"}}},
		{ID: "chi_tiet_b", Kind: eform.KindText, Label: "Chi tiết B", ShowIf: &eform.Condition{Field: "co_b", In: []string{"no"}}},
		{ID: "noi_o", Kind: eform.KindAddress, Label: "Nơi ở"},
		{ID: "nhom", Kind: eform.KindGroup, Label: "Thành viên", Fields: []eform.Field{
			{ID: "vai_tro", Kind: eform.KindSelect, Label: "Vai trò", Options: []eform.Option{{Value: "chu", Label: "Chủ"}, {Value: "khac", Label: "Khác"}}},
			{ID: "vai_tro_khac", Kind: eform.KindText, Label: "Vai trò khác", ShowIf: &eform.Condition{Field: "vai_tro", In: []string{"khac"}}},
		}},
		{ID: "tep", Kind: eform.KindFile, Label: "Tệp", Document: sptr(0)},
	}}}}}}
	addr := eform.Address{Province: "19", Commune: "01840"}
	a := f.Sample(addr)
	for id, want := range map[string]string{"ho_ten": "Nguyễn Văn An", "me_ho_ten": "Trần Thị Hoa", "ngay_sinh": "1990-05-20",
		"so_tang": "2", "nam": "1900", "loai": "a", "co_b": "yes", "chi_tiet_b": "Mẫu: chi tiết B"} {
		if got := a[id].Text; got != want {
			t.Errorf("%s = %q, want %q", id, got, want)
		}
	}
	if ad := a["noi_o"].Address; ad == nil || ad.Province != "19" || ad.Commune != "01840" || ad.Street == "" {
		t.Errorf("address %+v", ad)
	}
	if items := a["nhom"].Items; len(items) != 1 || items[0]["vai_tro"].Text != "chu" {
		t.Errorf("group %+v", a["nhom"])
	}
	if _, ok := a["tep"]; ok {
		t.Error("a file slot was answered")
	}
	vis := f.Visible(a)
	if vis["co_b"] || vis["chi_tiet_b"] || vis["nhom.0.vai_tro_khac"] {
		t.Fatalf("conditional fields shown without asking: %v", vis)
	}

	a = f.Sample(addr, "chi_tiet_b", "nhom.0.vai_tro_khac")
	vis = f.Visible(a)
	if !vis["chi_tiet_b"] || !vis["co_b"] || !vis["nhom.0.vai_tro_khac"] {
		t.Errorf("asked-for fields hidden: %v (loai %q, co_b %q)", vis, a["loai"].Text, a["co_b"].Text)
	}
	if a["loai"].Text != "b" || a["co_b"].Text != "no" || a["nhom"].Items[0]["vai_tro"].Text != "khac" {
		t.Errorf("conditions answered: %+v", a)
	}
}

// TestSampleOfSeedForms: the sample answers of every seed e-form pass its
// own checks, but for the files.
func TestSampleOfSeedForms(t *testing.T) {
	today := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	for code, sf := range loadSeedForms(t) {
		for _, c := range sf.Cases {
			a := c.Form.Sample(eform.Address{Province: "19", Commune: "01840", Street: "Số 1"})
			_, errs := c.Form.Clean(a, eform.Options{Today: today})
			for _, e := range errs {
				if fl, ok := c.Form.FieldAt(e.Field); ok && fl.Kind == eform.KindFile {
					continue
				}
				t.Errorf("%s case %d: %s: %s %v", code, c.Case, e.Field, e.Key, e.Args)
			}
		}
	}
}

func TestSampleText(t *testing.T) {
	f := eform.Form{Pages: []eform.Page{{ID: "p", Sections: []eform.Section{{Fields: []eform.Field{
		{ID: "ten_ho_kinh_doanh", Kind: eform.KindText, Label: "Tên hộ kinh doanh", MaxLength: 10},
		{ID: "so_gcn", Kind: eform.KindText, Label: "Số giấy chứng nhận"},
	}}}}}}
	a := f.Sample(eform.Address{})
	if got := a["ten_ho_kinh_doanh"].Text; got != "Mẫu: tên h" || !strings.HasPrefix(a["so_gcn"].Text, "0123") {
		t.Errorf("texts: %q, %q", got, a["so_gcn"].Text)
	}
}

func sptr[T any](v T) *T { return &v }
