package eform

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/valid"
)

// goodForm uses every kind and most settings, correctly; the case has two
// documents.
func goodForm() Form {
	return Form{Title: "Đăng ký thường trú", Pages: []Page{
		{ID: "nguoi-khai", Title: "Người khai", Sections: []Section{
			{Title: "Thông tin cá nhân", Fields: []Field{
				{ID: "full_name", Kind: KindText, Label: "Họ và tên", Required: true, MinLength: 2, MaxLength: 100, Source: "account.full_name"},
				{ID: "personal_id", Kind: KindPersonalID, Label: "Số định danh cá nhân", Required: true, Source: "account.personal_id"},
				{ID: "birth_date", Kind: KindDate, Label: "Ngày sinh", MinDate: "1900-01-01", MaxDate: "today", Source: "population.birth_date"},
				{ID: "gender", Kind: KindRadio, Label: "Giới tính", Options: []Option{{"male", "Nam"}, {"female", "Nữ"}}, Source: "population.gender", SourceKey: "personal_id"},
				{ID: "home", Kind: KindAddress, Label: "Nơi thường trú", Required: true, Source: "population.permanent_address"},
			}},
			{Title: "Liên hệ", Fields: []Field{
				{ID: "phone", Kind: KindPhone, Label: "Số điện thoại", Source: "account.phone"},
				{ID: "email", Kind: KindEmail, Label: "Email"},
				{ID: "plate", Kind: KindText, Label: "Biển số xe", Pattern: `[0-9]{2}[A-Z]-[0-9]{5}`, PatternMessage: "Biển số có dạng 20A-12345"},
			}},
		}},
		{ID: "ho-gia-dinh", Title: "Hộ gia đình", Sections: []Section{{Fields: []Field{
			{ID: "has_members", Kind: KindYesNo, Label: "Có thành viên khác?"},
			{ID: "members", Kind: KindGroup, Label: "Thành viên", ItemLabel: "Người thứ {n}", AddLabel: "Thêm người", MinItems: 1, MaxItems: 10,
				ShowIf: &Condition{Field: "has_members", In: []string{"yes"}},
				Fields: []Field{
					{ID: "personal_id", Kind: KindPersonalID, Label: "Số định danh cá nhân"},
					{ID: "name", Kind: KindText, Label: "Họ và tên", Source: "population.full_name", SourceKey: "personal_id"},
					{ID: "relation", Kind: KindSelect, Label: "Quan hệ", Options: []Option{{"child", "Con"}, {"other", "Khác"}}},
					{ID: "relation_other", Kind: KindTextarea, Label: "Quan hệ khác", ShowIf: &Condition{Field: "relation", In: []string{"other"}}},
					{ID: "lives_apart", Kind: KindText, Label: "Nơi ở riêng", ShowIf: &Condition{Field: "has_members", In: []string{"yes"}}},
				}},
			{ID: "area", Kind: KindNumber, Label: "Diện tích nhà (m²)", Min: ptr(0.0), Max: ptr(10000.0)},
			{ID: "rent", Kind: KindMoney, Label: "Tiền thuê hằng tháng", Min: ptr(0.0)},
			{ID: "reasons", Kind: KindCheckboxes, Label: "Lý do", Options: []Option{{"work", "Công tác"}, {"family", "Gia đình"}}},
			{ID: "company_tax", Kind: KindTaxCode, Label: "Mã số thuế nơi làm việc"},
			{ID: "company", Kind: KindText, Label: "Nơi làm việc", Source: "business.name", SourceKey: "company_tax",
				ShowIf: &Condition{Field: "reasons", In: []string{"work"}}},
			{ID: "birth_cert", Kind: KindFile, Label: "Bản sao giấy khai sinh", Required: true, Document: ptr(1)},
		}}}},
	}}
}

func TestCheckGoodForm(t *testing.T) {
	if errs := goodForm().Check(2); len(errs) != 0 {
		t.Errorf("Check(good form) = %v", errs)
	}
	if errs := household().Check(0); len(errs) != 0 {
		t.Errorf("Check(household) = %v", errs)
	}
}

func TestCheck(t *testing.T) {
	const (
		p0 = "pages.0"
		f0 = "pages.0.sections.0.fields.0" // full_name
		f2 = "pages.0.sections.0.fields.2" // birth_date
		f3 = "pages.0.sections.0.fields.3" // gender
		f4 = "pages.0.sections.0.fields.4" // home
		c2 = "pages.0.sections.1.fields.2" // plate
		h0 = "pages.1.sections.0.fields.0" // has_members
		g  = "pages.1.sections.0.fields.1" // members
		n2 = "pages.1.sections.0.fields.2" // area
		m3 = "pages.1.sections.0.fields.3" // rent
		r4 = "pages.1.sections.0.fields.4" // reasons
		t5 = "pages.1.sections.0.fields.5" // company_tax
		c6 = "pages.1.sections.0.fields.6" // company
		b7 = "pages.1.sections.0.fields.7" // birth_cert
	)
	field := func(f *Form, page, section, i int) *Field { return &f.Pages[page].Sections[section].Fields[i] }
	sub := func(f *Form, i int) *Field { return &f.Pages[1].Sections[0].Fields[1].Fields[i] }
	e := func(path, key string, args ...any) valid.FieldError {
		return valid.FieldError{Field: path, Key: key, Args: args}
	}

	tests := []struct {
		name   string
		change func(f *Form)
		want   valid.Errors
	}{
		{"no pages", func(f *Form) { f.Pages = nil }, valid.Errors{e("pages", "eform.check.no_pages")}},
		{"page id missing", func(f *Form) { f.Pages[0].ID = "" }, valid.Errors{e(p0+".id", "eform.check.page_id_required")}},
		{"page id accents", func(f *Form) { f.Pages[0].ID = "người-khai" }, valid.Errors{e(p0+".id", "eform.check.page_id_format")}},
		{"page id upper case", func(f *Form) { f.Pages[0].ID = "Nguoi" }, valid.Errors{e(p0+".id", "eform.check.page_id_format")}},
		{"page id double hyphen", func(f *Form) { f.Pages[0].ID = "a--b" }, valid.Errors{e(p0+".id", "eform.check.page_id_format")}},
		{"page id trailing hyphen", func(f *Form) { f.Pages[0].ID = "a-" }, valid.Errors{e(p0+".id", "eform.check.page_id_format")}},
		{"page id too long", func(f *Form) { f.Pages[0].ID = string(make([]byte, 65)) }, valid.Errors{e(p0+".id", "eform.check.page_id_format")}},
		{"page id duplicate", func(f *Form) { f.Pages[1].ID = "nguoi-khai" }, valid.Errors{e("pages.1.id", "eform.check.page_id_duplicate")}},
		{"page title", func(f *Form) { f.Pages[0].Title = " " }, valid.Errors{e(p0+".title", "eform.check.page_title_required")}},
		{"page without fields", func(f *Form) {
			f.Pages = append(f.Pages, Page{ID: "trong", Title: "Trống", Sections: []Section{{Title: "x"}}})
		},
			valid.Errors{e("pages.2.sections", "eform.check.page_empty")}},

		{"field id missing", func(f *Form) { field(f, 0, 1, 1).ID = "" }, valid.Errors{e("pages.0.sections.1.fields.1.id", "eform.check.field_id_required")}},
		{"field id starts with a digit", func(f *Form) { field(f, 0, 1, 1).ID = "1email" }, valid.Errors{e("pages.0.sections.1.fields.1.id", "eform.check.field_id_format")}},
		{"field id with a hyphen", func(f *Form) { field(f, 0, 1, 1).ID = "e-mail" }, valid.Errors{e("pages.0.sections.1.fields.1.id", "eform.check.field_id_format")}},
		{"field id with a dot", func(f *Form) { field(f, 0, 1, 1).ID = "e.mail" }, valid.Errors{e("pages.0.sections.1.fields.1.id", "eform.check.field_id_format")}},
		{"field id duplicate across pages", func(f *Form) { field(f, 1, 0, 2).ID = "email" }, valid.Errors{e(n2+".id", "eform.check.field_id_duplicate")}},
		{"sub-field id duplicate in its group", func(f *Form) { sub(f, 4).ID = "name" }, valid.Errors{e(g+".fields.4.id", "eform.check.field_id_duplicate")}},
		{"sub-field id may repeat a top-level id", func(f *Form) { sub(f, 4).ID = "email" }, nil},
		{"unknown kind", func(f *Form) { field(f, 0, 1, 1).Kind = "colour" }, valid.Errors{e("pages.0.sections.1.fields.1.kind", "eform.check.kind_unknown")}},
		{"empty label", func(f *Form) { field(f, 0, 1, 1).Label = "  " }, valid.Errors{e("pages.0.sections.1.fields.1.label", "eform.check.label_required")}},

		{"choice without options", func(f *Form) { field(f, 0, 0, 3).Options = nil }, valid.Errors{e(f3+".options", "eform.check.options_required")}},
		{"option value duplicate", func(f *Form) { field(f, 0, 0, 3).Options[1].Value = "male" }, valid.Errors{e(f3+".options.1.value", "eform.check.option_value_duplicate")}},
		{"option value empty", func(f *Form) { field(f, 0, 0, 3).Options[1].Value = "" }, valid.Errors{e(f3+".options.1.value", "eform.check.option_value_required")}},
		{"option value padded", func(f *Form) { field(f, 0, 0, 3).Options[1].Value = " female" }, valid.Errors{e(f3+".options.1.value", "eform.check.option_value_required")}},
		{"option label empty", func(f *Form) { field(f, 0, 0, 3).Options[0].Label = "" }, valid.Errors{e(f3+".options.0.label", "eform.check.option_label_required")}},
		{"options on a text field", func(f *Form) { field(f, 0, 0, 0).Options = []Option{{"a", "A"}} }, valid.Errors{e(f0+".options", "eform.check.not_for_kind")}},
		{"checkboxes without options", func(f *Form) { field(f, 1, 0, 4).Options = []Option{} }, valid.Errors{
			e(r4+".options", "eform.check.options_required"),
			e(c6+".show_if.in.0", "eform.check.show_if_value"), // the condition on it now names no option
		}},

		{"min above max", func(f *Form) { field(f, 1, 0, 2).Min = ptr(20000.0) }, valid.Errors{e(n2+".max", "eform.check.bounds_order")}},
		{"min on a date", func(f *Form) { field(f, 0, 0, 2).Min = ptr(1.0) }, valid.Errors{e(f2+".min", "eform.check.not_for_kind")}},
		{"max on text", func(f *Form) { field(f, 0, 0, 0).Max = ptr(1.0) }, valid.Errors{e(f0+".max", "eform.check.not_for_kind")}},
		{"bad min date", func(f *Form) { field(f, 0, 0, 2).MinDate = "01/01/1900" }, valid.Errors{e(f2+".min_date", "eform.check.date_bound")}},
		{"bad max date", func(f *Form) { field(f, 0, 0, 2).MaxDate = "yesterday" }, valid.Errors{e(f2+".max_date", "eform.check.date_bound")}},
		{"unreal max date", func(f *Form) { field(f, 0, 0, 2).MaxDate = "2026-02-30" }, valid.Errors{e(f2+".max_date", "eform.check.date_bound")}},
		{"dates inverted", func(f *Form) { field(f, 0, 0, 2).MaxDate = "1899-12-31" }, valid.Errors{e(f2+".max_date", "eform.check.bounds_order")}},
		{"date bound on money", func(f *Form) { field(f, 1, 0, 3).MaxDate = "today" }, valid.Errors{e(m3+".max_date", "eform.check.not_for_kind")}},
		{"negative min length", func(f *Form) { field(f, 0, 0, 0).MinLength = -1 }, valid.Errors{e(f0+".min_length", "eform.check.negative")}},
		{"negative max length", func(f *Form) { field(f, 0, 0, 0).MaxLength = -1 }, valid.Errors{e(f0+".max_length", "eform.check.negative")}},
		{"lengths inverted", func(f *Form) { field(f, 0, 0, 0).MinLength = 101 }, valid.Errors{e(f0+".max_length", "eform.check.bounds_order")}},
		{"length on a number", func(f *Form) { field(f, 1, 0, 2).MaxLength = 5 }, valid.Errors{e(n2+".max_length", "eform.check.not_for_kind")}},
		{"pattern does not compile", func(f *Form) { field(f, 0, 1, 2).Pattern = `[0-9` }, valid.Errors{e(c2+".pattern", "eform.check.pattern_invalid")}},
		{"pattern on a date", func(f *Form) { field(f, 0, 0, 2).Pattern = `.*` }, valid.Errors{e(f2+".pattern", "eform.check.not_for_kind")}},
		{"pattern message without pattern", func(f *Form) { field(f, 0, 1, 2).Pattern = "" }, valid.Errors{e(c2+".pattern_message", "eform.check.not_for_kind")}},

		{"show_if unknown", func(f *Form) { field(f, 1, 0, 6).ShowIf.Field = "nope" }, valid.Errors{e(c6+".show_if.field", "eform.check.field_unknown")}},
		{"show_if later", func(f *Form) { field(f, 1, 0, 4).ShowIf = &Condition{Field: "company_tax", In: []string{"x"}} },
			valid.Errors{e(r4+".show_if.field", "eform.check.show_if_later")}},
		{"show_if itself", func(f *Form) { field(f, 1, 0, 2).ShowIf = &Condition{Field: "area", In: []string{"1"}} },
			valid.Errors{e(n2+".show_if.field", "eform.check.show_if_later")}},
		{"show_if empty in", func(f *Form) { field(f, 1, 0, 6).ShowIf.In = nil }, valid.Errors{e(c6+".show_if.in", "eform.check.show_if_in_empty")}},
		{"show_if value not an option", func(f *Form) { field(f, 1, 0, 6).ShowIf.In = []string{"work", "play"} },
			valid.Errors{e(c6+".show_if.in.1", "eform.check.show_if_value")}},
		{"show_if yesno value", func(f *Form) { field(f, 1, 0, 1).ShowIf.In = []string{"Có"} },
			valid.Errors{e(g+".show_if.in.0", "eform.check.show_if_value")}},
		{"show_if on an address", func(f *Form) { field(f, 0, 1, 0).ShowIf = &Condition{Field: "home", In: []string{"19"}} },
			valid.Errors{e("pages.0.sections.1.fields.0.show_if.field", "eform.check.show_if_kind")}},
		{"show_if on a text answer", func(f *Form) { field(f, 0, 1, 0).ShowIf = &Condition{Field: "full_name", In: []string{"An"}} }, nil},
		{"show_if in a group on a later sibling", func(f *Form) { sub(f, 0).ShowIf = &Condition{Field: "relation", In: []string{"child"}} },
			valid.Errors{e(g+".fields.0.show_if.field", "eform.check.show_if_later")}},
		{"show_if in a group on a later top-level field", func(f *Form) { sub(f, 0).ShowIf = &Condition{Field: "reasons", In: []string{"work"}} },
			valid.Errors{e(g+".fields.0.show_if.field", "eform.check.show_if_later")}},

		{"group without fields", func(f *Form) { field(f, 1, 0, 1).Fields = nil }, valid.Errors{e(g+".fields", "eform.check.group_empty")}},
		{"nested group", func(f *Form) {
			sub(f, 4).Kind, sub(f, 4).ShowIf = KindGroup, nil
			sub(f, 4).Fields = []Field{{ID: "x", Kind: KindText, Label: "X"}}
		}, valid.Errors{e(g+".fields.4.kind", "eform.check.group_nested")}},
		{"file in a group", func(f *Form) { sub(f, 4).Kind, sub(f, 4).ShowIf, sub(f, 4).Document = KindFile, nil, ptr(0) },
			valid.Errors{e(g+".fields.4.kind", "eform.check.group_file")}},
		{"negative items", func(f *Form) { field(f, 1, 0, 1).MinItems, field(f, 1, 0, 1).MaxItems = -1, -2 }, valid.Errors{
			e(g+".min_items", "eform.check.negative"), e(g+".max_items", "eform.check.negative")}},
		{"items inverted", func(f *Form) { field(f, 1, 0, 1).MinItems = 11 }, valid.Errors{e(g+".max_items", "eform.check.bounds_order")}},
		{"group settings on text", func(f *Form) {
			fl := field(f, 0, 0, 0)
			fl.Fields, fl.MinItems, fl.MaxItems, fl.ItemLabel, fl.AddLabel = []Field{{ID: "x", Kind: KindText, Label: "X"}}, 1, 2, "a", "b"
		}, valid.Errors{
			e(f0+".fields", "eform.check.not_for_kind"), e(f0+".min_items", "eform.check.not_for_kind"), e(f0+".max_items", "eform.check.not_for_kind"),
			e(f0+".item_label", "eform.check.not_for_kind"), e(f0+".add_label", "eform.check.not_for_kind"),
		}},

		{"file without document", func(f *Form) { field(f, 1, 0, 7).Document = nil }, valid.Errors{e(b7+".document", "eform.check.document_required")}},
		{"file document out of range", func(f *Form) { field(f, 1, 0, 7).Document = ptr(2) }, valid.Errors{e(b7+".document", "eform.check.document_range", 2)}},
		{"file document negative", func(f *Form) { field(f, 1, 0, 7).Document = ptr(-1) }, valid.Errors{e(b7+".document", "eform.check.document_range", 2)}},
		{"document on text", func(f *Form) { field(f, 0, 0, 0).Document = ptr(0) }, valid.Errors{e(f0+".document", "eform.check.not_for_kind")}},

		{"unknown source", func(f *Form) { field(f, 0, 0, 0).Source = "account.nickname" }, valid.Errors{e(f0+".source", "eform.check.source_unknown")}},
		{"source on a file", func(f *Form) { field(f, 1, 0, 7).Source = "account.full_name" }, valid.Errors{e(b7+".source", "eform.check.not_for_kind")}},
		{"source on checkboxes", func(f *Form) { field(f, 1, 0, 4).Source = "population.ethnicity" }, valid.Errors{e(r4+".source", "eform.check.not_for_kind")}},
		{"source key unknown", func(f *Form) { field(f, 0, 0, 3).SourceKey = "cccd" }, valid.Errors{e(f3+".source_key", "eform.check.field_unknown")}},
		{"source key of the wrong kind", func(f *Form) { field(f, 0, 0, 3).SourceKey = "full_name" }, valid.Errors{e(f3+".source_key", "eform.check.source_key_kind")}},
		{"business source keyed by a personal id", func(f *Form) { field(f, 1, 0, 6).SourceKey = "personal_id" }, valid.Errors{e(c6+".source_key", "eform.check.source_key_kind")}},
		{"source key without source", func(f *Form) { field(f, 0, 0, 2).Source = ""; field(f, 0, 0, 2).SourceKey = "personal_id" },
			valid.Errors{e(f2+".source_key", "eform.check.source_key_alone")}},
		{"source key on an account source", func(f *Form) { field(f, 0, 0, 0).SourceKey = "personal_id" },
			valid.Errors{e(f0+".source_key", "eform.check.source_key_account")}},
		{"source key later in the form is fine", func(f *Form) {
			field(f, 0, 0, 2).SourceKey = "company_tax"
			field(f, 0, 0, 2).Source = "business.founded"
		}, nil},
		{"source key in a group names a sibling", func(f *Form) { sub(f, 0).Kind = KindText }, valid.Errors{e(g+".fields.1.source_key", "eform.check.source_key_kind")}},

		{"errors in definition order", func(f *Form) {
			field(f, 1, 0, 7).Document = nil
			field(f, 0, 0, 4).Label = ""
			field(f, 0, 0, 4).ID = "Home"
			f.Pages[1].Title = ""
		}, valid.Errors{
			e(f4+".id", "eform.check.field_id_format"),
			e(f4+".label", "eform.check.label_required"),
			e("pages.1.title", "eform.check.page_title_required"),
			e(b7+".document", "eform.check.document_required"),
		}},
		{"paths on the second page", func(f *Form) {
			field(f, 1, 0, 0).Label = ""
			field(f, 1, 0, 5).Label = ""
		}, valid.Errors{e(h0+".label", "eform.check.label_required"), e(t5+".label", "eform.check.label_required")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := goodForm()
			tt.change(&f)
			got := f.Check(2)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Check (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSources(t *testing.T) {
	if len(Sources) != 16 {
		t.Errorf("%d sources, want 16", len(Sources))
	}
	for _, s := range Sources {
		switch SourceRegistry(s) {
		case RegistryAccount, RegistryPopulation, RegistryBusiness:
		default:
			t.Errorf("source %q has registry %q", s, SourceRegistry(s))
		}
	}
	if !slices.Contains(Sources, "population.permanent_address") {
		t.Error("population.permanent_address missing")
	}
}
