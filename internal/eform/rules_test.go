package eform

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/valid"
)

// businessForm asks a household business's name, which must begin with
// "HỘ KINH DOANH" and be in capitals, and its lines of business, exactly
// one of them the main one: the rules the paper form states in its hints,
// written as data.
func businessForm() Form {
	return single(
		Field{ID: "ten_ho_kinh_doanh", Kind: KindText, Label: "Tên hộ kinh doanh", Required: true,
			Prefixes: []string{"HỘ KINH DOANH"}, Pattern: `^[^\p{Ll}]+$`, PatternMessage: "Ghi bằng chữ in hoa."},
		Field{ID: "nganh_nghe", Kind: KindGroup, Label: "Ngành, nghề kinh doanh", Required: true, ItemLabel: "Ngành, nghề thứ {n}",
			OneYes: "nganh_chinh", Fields: []Field{
				{ID: "ten_nganh", Kind: KindText, Label: "Tên ngành", Required: true},
				{ID: "ma_nganh", Kind: KindText, Label: "Mã ngành", Required: true, Pattern: `^\d{4}$`,
					PatternMessage: "Mã ngành gồm 4 chữ số (ngành cấp 4)."},
				{ID: "nganh_chinh", Kind: KindYesNo, Label: "Là ngành, nghề kinh doanh chính?", Required: true},
			}},
	)
}

func line(name, code, main string) Answers {
	return Answers{"ten_nganh": {Text: name}, "ma_nganh": {Text: code}, "nganh_chinh": {Text: main}}
}

// TestCleanPrefix: a name must begin with one of the field's prefixes, as
// a word, whatever the letter case and the Unicode form it was typed in;
// the capitals are the pattern's business.
func TestCleanPrefix(t *testing.T) {
	f := businessForm()
	lines := Value{Items: []Answers{line("Bán lẻ lương thực", "4711", "yes")}}
	for _, tc := range []struct {
		name, in string
		want     []valid.FieldError
	}{
		{"begins with it", "HỘ KINH DOANH MINH ANH", nil},
		{"typed decomposed (NFD)", norm.NFD.String("HỘ KINH DOANH MINH ANH"), nil},
		{"no prefix", "MINH ANH", []valid.FieldError{fe("ten_ho_kinh_doanh", "eform.error.prefix", "Tên hộ kinh doanh", "“HỘ KINH DOANH”")}},
		{"prefix inside a word", "HỘ KINH DOANHMINH", []valid.FieldError{fe("ten_ho_kinh_doanh", "eform.error.prefix", "Tên hộ kinh doanh", "“HỘ KINH DOANH”")}},
		{"prefix alone", "HỘ KINH DOANH", []valid.FieldError{fe("ten_ho_kinh_doanh", "eform.error.prefix", "Tên hộ kinh doanh", "“HỘ KINH DOANH”")}},
		{"lower case: the pattern says so", "hộ kinh doanh minh anh", []valid.FieldError{fe("ten_ho_kinh_doanh", "eform.error.pattern_custom", "Tên hộ kinh doanh", "ghi bằng chữ in hoa.")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, errs := f.Clean(Answers{"ten_ho_kinh_doanh": {Text: tc.in}, "nganh_nghe": lines}, Options{Today: today})
			if diff := cmp.Diff(tc.want, []valid.FieldError(errs)); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
			if got["ten_ho_kinh_doanh"].Text != strings.TrimSpace(tc.in) {
				t.Errorf("answer %q, want it kept as typed", got["ten_ho_kinh_doanh"].Text)
			}
		})
	}
	// Several prefixes: any one will do, and the message lists them.
	co := single(Field{ID: "ten", Kind: KindText, Label: "Tên doanh nghiệp", Prefixes: []string{"CÔNG TY TNHH", "CÔNG TY TRÁCH NHIỆM HỮU HẠN"}})
	if _, errs := co.Clean(Answers{"ten": {Text: "CÔNG TY TRÁCH NHIỆM HỮU HẠN AN BÌNH"}}, Options{}); len(errs) != 0 {
		t.Errorf("second prefix refused: %v", errs)
	}
	_, errs := co.Clean(Answers{"ten": {Text: "AN BÌNH"}}, Options{})
	want := []valid.FieldError{fe("ten", "eform.error.prefix", "Tên doanh nghiệp", "“CÔNG TY TNHH”, “CÔNG TY TRÁCH NHIỆM HỮU HẠN”")}
	if diff := cmp.Diff(want, []valid.FieldError(errs)); diff != "" {
		t.Errorf("several prefixes (-want +got):\n%s", diff)
	}
	// A message of the form's own.
	co.Pages[0].Sections[0].Fields[0].PrefixMessage = "Tên phải có loại hình doanh nghiệp."
	_, errs = co.Clean(Answers{"ten": {Text: "AN BÌNH"}}, Options{})
	want = []valid.FieldError{fe("ten", "eform.error.prefix_custom", "Tên doanh nghiệp", "tên phải có loại hình doanh nghiệp.")}
	if diff := cmp.Diff(want, []valid.FieldError(errs)); diff != "" {
		t.Errorf("prefix message (-want +got):\n%s", diff)
	}
}

// TestCleanOneYes: among the lines of business exactly one is the main
// one; each extra one is named, and none at all is said once all are
// answered.
func TestCleanOneYes(t *testing.T) {
	f := businessForm()
	clean := func(items ...Answers) valid.Errors {
		_, errs := f.Clean(Answers{"ten_ho_kinh_doanh": {Text: "HỘ KINH DOANH MINH ANH"}, "nganh_nghe": {Items: items}}, Options{})
		return errs
	}
	if errs := clean(line("Bán lẻ", "4711", "yes"), line("Ăn uống", "5610", "no")); len(errs) != 0 {
		t.Errorf("one main line: %v", errs)
	}
	got := clean(line("Bán lẻ", "4711", "yes"), line("Ăn uống", "5610", "yes"), line("Lưu trú", "5510", "yes"))
	want := valid.Errors{
		fe("nganh_nghe.1.nganh_chinh", "eform.error.one_yes_many", "Ngành, nghề thứ 2", "Là ngành, nghề kinh doanh chính?"),
		fe("nganh_nghe.2.nganh_chinh", "eform.error.one_yes_many", "Ngành, nghề thứ 3", "Là ngành, nghề kinh doanh chính?"),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("three main lines (-want +got):\n%s", diff)
	}
	got = clean(line("Bán lẻ", "4711", "no"), line("Ăn uống", "5610", "no"))
	want = valid.Errors{fe("nganh_nghe.0.nganh_chinh", "eform.error.one_yes_none", "Ngành, nghề kinh doanh", "Là ngành, nghề kinh doanh chính?")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("no main line (-want +got):\n%s", diff)
	}
	// An unanswered item: its own error, not a second one about the rule.
	got = clean(line("Bán lẻ", "4711", "no"), line("Ăn uống", "5610", ""))
	want = valid.Errors{fe("nganh_nghe.1.nganh_chinh", "eform.error.required_yesno", "Là ngành, nghề kinh doanh chính? (Ngành, nghề thứ 2)")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("an item unanswered (-want +got):\n%s", diff)
	}
}

// TestCheckRules: the rules are checked like every other setting.
func TestCheckRules(t *testing.T) {
	f := businessForm()
	if errs := f.Check(0); len(errs) != 0 {
		t.Fatalf("Check(business form) = %v", errs)
	}
	const name, group = "pages.0.sections.0.fields.0", "pages.0.sections.0.fields.1"
	for _, tc := range []struct {
		name   string
		change func(name, group *Field)
		want   valid.Errors
	}{
		{"empty prefix", func(n, _ *Field) { n.Prefixes = []string{"HỘ KINH DOANH", " "} },
			valid.Errors{{Field: name + ".prefixes.1", Key: "eform.check.prefix_empty"}}},
		{"prefix on a date", func(n, _ *Field) { n.Kind, n.Pattern, n.PatternMessage = KindDate, "", "" },
			valid.Errors{{Field: name + ".prefixes", Key: "eform.check.not_for_kind"}}},
		{"prefix message without prefixes", func(n, _ *Field) { n.Prefixes, n.PrefixMessage = nil, "x" },
			valid.Errors{{Field: name + ".prefix_message", Key: "eform.check.not_for_kind"}}},
		{"one_yes names a text", func(_, g *Field) { g.OneYes = "ten_nganh" },
			valid.Errors{{Field: group + ".one_yes", Key: "eform.check.one_yes"}}},
		{"one_yes names nothing", func(_, g *Field) { g.OneYes = "khong_co" },
			valid.Errors{{Field: group + ".one_yes", Key: "eform.check.one_yes"}}},
		{"one_yes outside a group", func(n, _ *Field) { n.OneYes = "nganh_chinh" },
			valid.Errors{{Field: name + ".one_yes", Key: "eform.check.not_for_kind"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := businessForm()
			fs := f.Pages[0].Sections[0].Fields
			tc.change(&fs[0], &fs[1])
			if diff := cmp.Diff(tc.want, f.Check(0)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestSampleKeepsRules: a sample answer obeys the prefix and gives one
// main line only, whatever number of items the group starts with.
func TestSampleKeepsRules(t *testing.T) {
	f := businessForm()
	f.Pages[0].Sections[0].Fields[1].MinItems = 3
	a := f.Sample(Address{})
	if _, errs := f.Clean(a, Options{}); len(errs) != 0 {
		t.Errorf("the sample breaks the form's rules: %v (answers %v)", errs, a)
	}
}

// TestErrorMessagesNameTheirField: every answer error says which question
// it is about, so the error summary reads on its own ("Tên hộ kinh doanh:
// ...").
func TestErrorMessagesNameTheirField(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []i18n.Lang{i18n.VI, i18n.EN} {
		p := cat.Printer(lang)
		for _, k := range cat.Keys() {
			if !strings.HasPrefix(k, "eform.error.") {
				continue
			}
			if got := p.T(k, "«nhãn»", "«Nhãn»", "x"); !strings.Contains(got, "«nhãn»") && !strings.Contains(got, "«Nhãn»") {
				t.Errorf("%s (%s) = %q: the message does not name its field", k, lang, got)
			}
		}
	}
	vi := cat.Printer(i18n.VI)
	_, errs := businessForm().Clean(Answers{"ten_ho_kinh_doanh": {Text: "MINH ANH"},
		"nganh_nghe": {Items: []Answers{line("Bán lẻ", "47", "yes")}}}, Options{})
	var got []string
	for _, e := range errs {
		got = append(got, vi.T(e.Key, e.Args...))
	}
	want := []string{"Tên hộ kinh doanh: phải bắt đầu bằng “HỘ KINH DOANH”",
		"Mã ngành (Ngành, nghề thứ 1): mã ngành gồm 4 chữ số (ngành cấp 4)."}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("messages (-want +got):\n%s", diff)
	}
}
