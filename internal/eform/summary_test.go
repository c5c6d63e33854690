package eform

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/org"
)

func TestSummary(t *testing.T) {
	f := household()
	f.Pages[0].Sections[0].Fields = append(f.Pages[0].Sections[0].Fields,
		Field{ID: "home", Kind: KindAddress, Label: "Nơi thường trú"},
		Field{ID: "rent", Kind: KindMoney, Label: "Tiền thuê"},
		Field{ID: "scan", Kind: KindFile, Label: "Bản chụp", Document: ptr(0)},
	)
	places := testPlaces(t)
	a, errs := f.Clean(Answers{
		"full_name":   {Text: "An"},
		"married":     {Text: "yes"},
		"spouse_name": {Text: "Bình"},
		"spouse_docs": {List: []string{"b", "a"}},
		"home":        {Address: &Address{Province: "19", Commune: "05443", Street: "Tổ 5"}},
		"rent":        {Text: "1.500.000"},
		"scan":        {List: []string{"att-1"}},
		"members": {Items: []Answers{
			{"name": {Text: "Cúc"}, "relation": {Text: "other"}, "relation_other": {Text: "Cháu"},
				"home": {Address: &Address{Province: "01", Commune: "99999"}}},
		}},
	}, Options{Today: today})
	if len(errs) != 0 {
		t.Fatalf("Clean: %v", errs)
	}
	got := f.Summary(a, places)
	want := []SummaryPage{
		{ID: "nguoi-khai", Title: "Người khai", Rows: []Row{
			{Path: "full_name", Label: "Họ và tên", Kind: KindText, Answer: Value{Text: "An"}, Text: "An"},
			{Path: "married", Label: "Đã kết hôn?", Kind: KindYesNo, Answer: Value{Text: "yes"}, Text: "yes"},
			{Path: "spouse_name", Label: "Họ và tên vợ hoặc chồng", Kind: KindText, Answer: Value{Text: "Bình"}, Text: "Bình"},
			{Path: "spouse_docs", Label: "Giấy tờ của vợ hoặc chồng", Kind: KindCheckboxes, Answer: Value{List: []string{"a", "b"}},
				List: []string{"Phương án A", "Phương án B"}},
			// spouse_doc_note is hidden: "c" is not checked.
			{Path: "home", Label: "Nơi thường trú", Kind: KindAddress,
				Answer:  Value{Address: &Address{Province: "19", Commune: "05443", Street: "Tổ 5"}},
				Address: &SummaryAddress{Province: org.Place{Code: "19", Name: "Tỉnh Thái Nguyên"}, Commune: org.Place{Code: "05443", Name: "Phường Phan Đình Phùng"}, Street: "Tổ 5"}},
			{Path: "rent", Label: "Tiền thuê", Kind: KindMoney, Answer: Value{Text: "1500000"}, Text: "1500000"},
			{Path: "scan", Label: "Bản chụp", Kind: KindFile, Answer: Value{List: []string{"att-1"}}, List: []string{"att-1"}},
		}},
		{ID: "ho-gia-dinh", Title: "Hộ gia đình", Rows: []Row{
			{Path: "members", Label: "Thành viên hộ gia đình", Kind: KindGroup, Answer: a["members"], Items: []SummaryItem{
				{Title: "Người thứ 1", Rows: []Row{
					{Path: "members.0.name", Label: "Họ và tên", Kind: KindText, Answer: Value{Text: "Cúc"}, Text: "Cúc"},
					{Path: "members.0.relation", Label: "Quan hệ với chủ hộ", Kind: KindRadio, Answer: Value{Text: "other"}, Text: "Khác"},
					{Path: "members.0.relation_other", Label: "Quan hệ khác", Kind: KindText, Answer: Value{Text: "Cháu"}, Text: "Cháu"},
					{Path: "members.0.spouse_of_member", Label: "Tên vợ hoặc chồng của thành viên", Kind: KindText},
					{Path: "members.0.home", Label: "Nơi ở hiện tại", Kind: KindAddress,
						Answer:  Value{Address: &Address{Province: "01", Commune: "99999"}},
						Address: &SummaryAddress{Province: org.Place{Code: "01", Name: "Thành phố Hà Nội"}, Commune: org.Place{Code: "99999"}}},
				}},
			}},
			{Path: "notes", Label: "Ghi chú", Kind: KindTextarea},
		}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Summary (-want +got):\n%s", diff)
	}

	// Without a place list the codes stay and the names are empty; a page
	// with nothing shown is left out.
	only := single(Field{ID: "x", Kind: KindAddress, Label: "Nơi ở"})
	only.Pages = append(only.Pages, Page{ID: "an", Title: "Ẩn", Sections: []Section{{Fields: []Field{
		{ID: "y", Kind: KindText, Label: "Y", ShowIf: &Condition{Field: "x", In: []string{"never"}}},
	}}}})
	got = only.Summary(Answers{"x": {Address: &Address{Province: "19"}}}, nil)
	want = []SummaryPage{{ID: "p", Title: "Trang", Rows: []Row{{Path: "x", Label: "Nơi ở", Kind: KindAddress,
		Answer: Value{Address: &Address{Province: "19"}}, Address: &SummaryAddress{Province: org.Place{Code: "19"}}}}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Summary without places (-want +got):\n%s", diff)
	}
}
