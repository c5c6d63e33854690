package eform_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/eform"
)

// The seed e-forms (testdata/seed/eforms/<code>.json) hold one e-form per
// case of every procedure of the seed catalogue. These tests check them
// structurally against the model and the catalogue; whether the questions
// are the right ones is for a person to judge (see the README beside them).

const (
	seedCatalogDir = "testdata/seed/catalog"
	seedFormDir    = "testdata/seed/eforms"
	filesPageTitle = "Giấy tờ kèm theo"
)

// seedFile is the file format: the e-forms of one procedure, by case.
type seedFile struct {
	Procedure string     `json:"procedure"`
	Cases     []seedCase `json:"cases"`
}

type seedCase struct {
	Case int        `json:"case"`
	Form eform.Form `json:"form"`
}

type docRef struct {
	proc      string
	cas, docu int
}

// replacedByForm lists the required document rows that the e-form's answers
// are: the paper declaration (tờ khai, đơn, giấy đề nghị) that the e-form
// transcribes. Submitting online, the applicant answers the e-form instead of
// uploading that paper, so these rows get no file slot. Keep this table in
// step with testdata/seed/eforms/README.md.
var replacedByForm = map[docRef]bool{
	{"1.000656", 0, 0}: true, // Tờ khai đăng ký khai tử
	{"1.000689", 0, 0}: true, // Tờ khai đăng ký khai sinh
	{"1.000689", 0, 1}: true, // Tờ khai đăng ký nhận cha, mẹ, con
	{"1.000703", 0, 0}: true, // Giấy đề nghị cấp Giấy phép kinh doanh vận tải
	{"1.000894", 0, 0}: true, // Tờ khai đăng ký kết hôn (row says: online, the interactive e-form)
	{"1.000894", 1, 0}: true,
	{"1.001022", 0, 0}: true, // Tờ khai đăng ký nhận cha, mẹ, con
	{"1.001193", 0, 0}: true, // Tờ khai đăng ký khai sinh (row says: online, the interactive e-form)
	{"1.001193", 1, 0}: true,
	{"1.001612", 0, 0}: true, // Giấy đề nghị đăng ký hộ kinh doanh
	{"1.001978", 0, 0}: true, // Đề nghị hưởng trợ cấp thất nghiệp
	{"1.002755", 0, 0}: true, // CT01
	{"1.003197", 0, 0}: true, // CT01
	{"1.003677", 0, 0}: true, // Đề nghị khai báo tạm vắng
	{"1.004194", 0, 0}: true, // CT01
	{"1.004194", 1, 1}: true, // Văn bản đề nghị đăng ký tạm trú kèm danh sách
	{"1.004222", 0, 0}: true, // CT01
	{"1.004222", 1, 0}: true, // CT01
	{"1.004859", 0, 0}: true, // Tờ khai thay đổi, cải chính, bổ sung thông tin hộ tịch
	{"1.004859", 1, 0}: true,
	{"1.004873", 0, 0}: true, // Tờ khai cấp Giấy xác nhận tình trạng hôn nhân
	{"1.004884", 0, 0}: true, // Tờ khai đăng ký khai sinh (đăng ký lại)
	{"1.009474", 0, 1}: true, // Văn bản đề nghị cấp giấy phép (Mẫu số 05/PLIII)
	{"1.010028", 0, 0}: true, // CT01
	{"1.010041", 0, 0}: true, // CT01
	{"1.010041", 1, 0}: true,
	{"1.013225", 0, 0}: true, // Đơn đề nghị cấp giấy phép xây dựng
	{"1.013978", 0, 0}: true, // Đơn đăng ký đất đai, tài sản gắn liền với đất (Mẫu số 04/ĐK)
	{"2.000528", 0, 0}: true, // Tờ khai đăng ký khai sinh
	{"2.000635", 0, 0}: true, // Tờ khai cấp bản sao trích lục hộ tịch
	{"2.000720", 0, 0}: true, // Thông báo thay đổi nội dung đăng ký hộ kinh doanh
	{"2.000806", 0, 0}: true, // Tờ khai đăng ký kết hôn
	{"2.000986", 0, 0}: true, // Tờ khai đăng ký khai sinh
	{"2.000986", 0, 2}: true, // CT01 for the child's permanent residence
	{"2.000986", 0, 3}: true, // Tờ khai tham gia bảo hiểm y tế
	{"2.001583", 0, 0}: true, // Giấy đề nghị đăng ký doanh nghiệp
	{"2.001610", 0, 0}: true, // Giấy đề nghị đăng ký doanh nghiệp
	{"2.001955", 0, 0}: true, // Văn bản đề nghị đăng ký nội quy lao động
	{"2.002043", 0, 0}: true, // Giấy đề nghị đăng ký doanh nghiệp
	{"3.000333", 0, 0}: true, // Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp
	{"3.000347", 0, 0}: true, // Đơn đề nghị đổi, cấp lại giấy phép lái xe
}

// sourceKinds lists the prefill sources and the kinds of field each may fill.
var sourceKinds = map[string][]eform.Kind{
	"account.full_name":             {eform.KindText},
	"account.personal_id":           {eform.KindPersonalID},
	"account.tax_code":              {eform.KindTaxCode},
	"account.email":                 {eform.KindEmail},
	"account.phone":                 {eform.KindPhone},
	"account.birth_date":            {eform.KindDate},
	"population.full_name":          {eform.KindText},
	"population.birth_date":         {eform.KindDate},
	"population.gender":             {eform.KindSelect, eform.KindRadio},
	"population.permanent_address":  {eform.KindAddress},
	"population.ethnicity":          {eform.KindSelect, eform.KindRadio},
	"population.nationality":        {eform.KindSelect, eform.KindRadio},
	"business.name":                 {eform.KindText},
	"business.address":              {eform.KindAddress},
	"business.legal_representative": {eform.KindText},
	"business.founded":              {eform.KindDate},
}

var (
	fieldID   = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	pageID    = regexp.MustCompile(`^[a-z0-9-]+$`)
	dateBound = regexp.MustCompile(`^(today|\d{4}-\d{2}-\d{2})$`)
)

// caseDocs is what the checks need of one case of a procedure record:
// its document rows and which of them the e-form replaces.
type caseDocs struct {
	documents []catalog.Document
	replaced  map[int]bool
}

func docsOf(code string, cas int, c catalog.Case) caseDocs {
	cd := caseDocs{documents: c.Documents, replaced: map[int]bool{}}
	for ref := range replacedByForm {
		if ref.proc == code && ref.cas == cas {
			cd.replaced[ref.docu] = true
		}
	}
	return cd
}

func uploadable(d catalog.Document) bool { return d.Originals+d.Copies > 0 }

func TestSeedForms(t *testing.T) {
	records := loadSeedCatalog(t)
	files := loadSeedForms(t)
	if len(records) == 0 {
		t.Fatal("no seed catalogue")
	}
	for code := range records {
		if _, ok := files[code]; !ok {
			t.Errorf("%s: no e-form file %s/%s.json", code, seedFormDir, code)
		}
	}
	for code, sf := range files {
		rec, ok := records[code]
		if !ok {
			t.Errorf("%s.json: no such procedure in the seed catalogue", code)
			continue
		}
		if len(sf.Cases) != len(rec.Cases) {
			t.Errorf("%s: %d cases in the e-form file, %d in the catalogue", code, len(sf.Cases), len(rec.Cases))
		}
		for i, c := range sf.Cases {
			if c.Case != i {
				t.Errorf("%s: entry %d is for case %d; want the cases in order, one entry each", code, i, c.Case)
				continue
			}
			if i >= len(rec.Cases) {
				continue
			}
			for _, p := range checkForm(docsOf(code, i, rec.Cases[i]), c.Form) {
				t.Errorf("%s case %d: %s", code, i, p)
			}
			// What an administrator's edit must pass, the seed passes too.
			for _, fe := range c.Form.Check(len(rec.Cases[i].Documents)) {
				t.Errorf("%s case %d: Check: %s %s %v", code, i, fe.Field, fe.Key, fe.Args)
			}
		}
	}
	// The table of replaced rows stays honest: each entry is a required
	// uploadable row of a seeded case.
	for ref := range replacedByForm {
		rec, ok := records[ref.proc]
		if !ok || ref.cas >= len(rec.Cases) || ref.docu >= len(rec.Cases[ref.cas].Documents) {
			t.Errorf("replacedByForm %v: no such document row", ref)
			continue
		}
		if d := rec.Cases[ref.cas].Documents[ref.docu]; !d.Required || !uploadable(d) {
			t.Errorf("replacedByForm %v: %q is not a required document with copies", ref, d.Name)
		}
	}
}

// TestSeedFormChecks shows that checkForm finds what it is meant to find,
// so that a green TestSeedForms means something.
func TestSeedFormChecks(t *testing.T) {
	docs := caseDocs{documents: []catalog.Document{
		{Name: "Tờ khai", Originals: 1, Required: true},
		{Name: "Giấy chứng sinh", Originals: 1, Required: true},
		{Name: "Văn bản ủy quyền", Originals: 1},
		{Name: "Ghi chú"},
	}, replaced: map[int]bool{0: true}}
	doc := func(i int) *int { return &i }
	good := func() eform.Form {
		return eform.Form{Title: "Tờ khai", Pages: []eform.Page{
			{ID: "nguoi-yeu-cau", Title: "Người yêu cầu", Sections: []eform.Section{{Fields: []eform.Field{
				{ID: "ho_ten", Kind: eform.KindText, Label: "Họ, chữ đệm, tên", Required: true, Source: "account.full_name"},
				{ID: "quan_he", Kind: eform.KindSelect, Label: "Quan hệ", Options: []eform.Option{{Value: "cha", Label: "Cha"}, {Value: "uy_quyen", Label: "Người được ủy quyền"}}},
				{ID: "con", Kind: eform.KindGroup, Label: "Con", ItemLabel: "Con thứ {n}", AddLabel: "Thêm con", Fields: []eform.Field{
					{ID: "so_dinh_danh", Kind: eform.KindPersonalID, Label: "Số định danh cá nhân"},
					{ID: "ho_ten", Kind: eform.KindText, Label: "Họ, chữ đệm, tên", Source: "population.full_name", SourceKey: "so_dinh_danh"},
				}},
			}}}},
			{ID: "giay-to", Title: filesPageTitle, Sections: []eform.Section{{Fields: []eform.Field{
				{ID: "tep_giay_chung_sinh", Kind: eform.KindFile, Label: "Giấy chứng sinh", Required: true, Document: doc(1)},
				{ID: "tep_uy_quyen", Kind: eform.KindFile, Label: "Văn bản ủy quyền", Document: doc(2),
					ShowIf: &eform.Condition{Field: "quan_he", In: []string{"uy_quyen"}}},
			}}}},
		}}
	}
	if p := checkForm(docs, good()); len(p) != 0 {
		t.Fatalf("a good form: %v", p)
	}
	field := func(f *eform.Form, page, i int) *eform.Field { return &f.Pages[page].Sections[0].Fields[i] }
	for _, tc := range []struct {
		name  string
		spoil func(f *eform.Form)
		want  string
	}{
		{"bad id", func(f *eform.Form) { field(f, 0, 0).ID = "Ho-ten" }, "id"},
		{"duplicate id", func(f *eform.Form) { field(f, 0, 1).ID = "ho_ten" }, "twice"},
		{"unknown kind", func(f *eform.Form) { field(f, 0, 0).Kind = "date_time" }, "kind"},
		{"no options", func(f *eform.Form) { field(f, 0, 1).Options = nil }, "option"},
		{"show_if later field", func(f *eform.Form) {
			field(f, 0, 0).ShowIf = &eform.Condition{Field: "quan_he", In: []string{"cha"}}
		}, "earlier"},
		{"show_if unknown value", func(f *eform.Form) { field(f, 1, 1).ShowIf.In = []string{"me"} }, "option"},
		{"unknown source", func(f *eform.Form) { field(f, 0, 0).Source = "account.nickname" }, "source"},
		{"source on wrong kind", func(f *eform.Form) { field(f, 0, 0).Source = "account.birth_date" }, "source"},
		{"document out of range", func(f *eform.Form) { field(f, 1, 0).Document = doc(7) }, "document"},
		{"slot on a note row", func(f *eform.Form) { field(f, 1, 1).Document = doc(3) }, "note"},
		{"missing slot", func(f *eform.Form) { f.Pages[1].Sections[0].Fields = f.Pages[1].Sections[0].Fields[1:] }, "no file slot"},
		{"slot for replaced row", func(f *eform.Form) { field(f, 1, 1).Document = doc(0) }, "replaced"},
		{"file in a group", func(f *eform.Form) {
			g := field(f, 0, 2)
			g.Fields = append(g.Fields, eform.Field{ID: "tep", Kind: eform.KindFile, Label: "Tệp", Document: doc(1)})
		}, "group"},
		{"group without item label", func(f *eform.Form) { field(f, 0, 2).ItemLabel = "" }, "item_label"},
		{"file off the files page", func(f *eform.Form) { f.Pages[1].Title = "Tài liệu" }, filesPageTitle},
		{"bad page id", func(f *eform.Form) { f.Pages[0].ID = "Người" }, "page id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := good()
			tc.spoil(&f)
			p := checkForm(docs, f)
			if !slices.ContainsFunc(p, func(s string) bool { return strings.Contains(s, tc.want) }) {
				t.Errorf("problems %q; want one mentioning %q", p, tc.want)
			}
		})
	}
}

// checkForm lists what is wrong with the e-form of one case.
func checkForm(cd caseDocs, f eform.Form) []string {
	var probs []string
	bad := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }
	if strings.TrimSpace(f.Title) == "" {
		bad("form has no title")
	}
	if len(f.Pages) == 0 {
		bad("form has no pages")
	}
	top := map[string]eform.Field{} // top-level fields seen so far
	pages := map[string]bool{}
	slots := map[int]string{}
	for _, pg := range f.Pages {
		if !pageID.MatchString(pg.ID) {
			bad("page id %q is not [a-z0-9-]+", pg.ID)
		}
		if pages[pg.ID] {
			bad("page id %q twice", pg.ID)
		}
		pages[pg.ID] = true
		if strings.TrimSpace(pg.Title) == "" {
			bad("page %q has no title", pg.ID)
		}
		if len(pg.Sections) == 0 {
			bad("page %q has no sections", pg.ID)
		}
		for _, sec := range pg.Sections {
			if len(sec.Fields) == 0 {
				bad("page %q: a section has no fields", pg.ID)
			}
			for _, fl := range sec.Fields {
				where := fl.ID
				if _, dup := top[fl.ID]; dup {
					bad("%s: id used twice", where)
				}
				checkField(bad, where, fl, top, nil)
				if fl.Kind == eform.KindGroup {
					checkGroup(bad, where, fl, top)
				}
				if fl.Kind == eform.KindFile {
					if pg.Title != filesPageTitle {
						bad("%s: file slot on page %q; put file slots on the page %q", where, pg.Title, filesPageTitle)
					}
					checkSlot(bad, where, fl, cd, slots)
				}
				top[fl.ID] = fl
			}
		}
	}
	for i, d := range cd.documents {
		if !d.Required || !uploadable(d) {
			continue
		}
		_, slot := slots[i]
		replaced := cd.replaced[i]
		switch {
		case replaced && slot:
			bad("document %d %q is listed as replaced by the e-form but has a file slot", i, d.Name)
		case !replaced && !slot:
			bad("document %d %q is required but has no file slot (nor is it listed as replaced by the e-form)", i, d.Name)
		}
	}
	return probs
}

func checkGroup(bad func(string, ...any), where string, g eform.Field, top map[string]eform.Field) {
	if len(g.Fields) == 0 {
		bad("%s: group has no fields", where)
	}
	if !strings.Contains(g.ItemLabel, "{n}") {
		bad("%s: group item_label %q should number the items with {n}", where, g.ItemLabel)
	}
	if strings.TrimSpace(g.AddLabel) == "" {
		bad("%s: group has no add_label", where)
	}
	if g.MinItems < 0 || g.MaxItems < 0 || (g.MaxItems > 0 && g.MinItems > g.MaxItems) {
		bad("%s: group min_items %d, max_items %d", where, g.MinItems, g.MaxItems)
	}
	siblings := map[string]eform.Field{}
	for _, sf := range g.Fields {
		w := where + "." + sf.ID
		if _, dup := siblings[sf.ID]; dup {
			bad("%s: id used twice in the group", w)
		}
		switch sf.Kind {
		case eform.KindGroup:
			bad("%s: nested group", w)
		case eform.KindFile:
			bad("%s: file slot inside a group", w)
		}
		checkField(bad, w, sf, top, siblings)
		siblings[sf.ID] = sf
	}
}

// checkField checks one field. earlier holds the top-level fields before it;
// siblings, for a group sub-field, the earlier sub-fields of its group.
func checkField(bad func(string, ...any), where string, fl eform.Field, earlier, siblings map[string]eform.Field) {
	if !fieldID.MatchString(fl.ID) {
		bad("%s: id is not [a-z][a-z0-9_]*", where)
	}
	if !slices.Contains(eform.Kinds, fl.Kind) {
		bad("%s: unknown kind %q", where, fl.Kind)
	}
	if strings.TrimSpace(fl.Label) == "" {
		bad("%s: no label", where)
	}
	choice := fl.Kind == eform.KindSelect || fl.Kind == eform.KindRadio || fl.Kind == eform.KindCheckboxes
	switch {
	case choice && (len(fl.Options) == 0 || (fl.Kind != eform.KindCheckboxes && len(fl.Options) < 2)):
		bad("%s: %s needs options (two or more to choose from)", where, fl.Kind)
	case !choice && len(fl.Options) > 0:
		bad("%s: options on a %s field", where, fl.Kind)
	}
	values := map[string]bool{}
	for _, o := range fl.Options {
		if o.Value == "" || strings.TrimSpace(o.Label) == "" || values[o.Value] {
			bad("%s: option %q: empty or repeated value, or no label", where, o.Value)
		}
		values[o.Value] = true
	}
	// Attributes that make sense for the kind only.
	numeric := fl.Kind == eform.KindNumber || fl.Kind == eform.KindMoney
	textual := fl.Kind == eform.KindText || fl.Kind == eform.KindTextarea
	if (fl.Min != nil || fl.Max != nil) && !numeric {
		bad("%s: min/max on a %s field", where, fl.Kind)
	}
	if fl.Min != nil && fl.Max != nil && *fl.Min > *fl.Max {
		bad("%s: min %v above max %v", where, *fl.Min, *fl.Max)
	}
	if fl.MinDate != "" || fl.MaxDate != "" {
		if fl.Kind != eform.KindDate {
			bad("%s: min_date/max_date on a %s field", where, fl.Kind)
		}
		for _, d := range []string{fl.MinDate, fl.MaxDate} {
			if d != "" && !dateBound.MatchString(d) {
				bad("%s: date bound %q is neither \"today\" nor YYYY-MM-DD", where, d)
			}
		}
	}
	if (fl.MinLength != 0 || fl.MaxLength != 0 || fl.Pattern != "") && !textual {
		bad("%s: length or pattern on a %s field", where, fl.Kind)
	}
	if fl.Pattern != "" {
		if _, err := regexp.Compile(fl.Pattern); err != nil {
			bad("%s: pattern: %v", where, err)
		}
		if fl.PatternMessage == "" {
			bad("%s: pattern without pattern_message", where)
		}
	}
	if fl.Document != nil && fl.Kind != eform.KindFile {
		bad("%s: document on a %s field", where, fl.Kind)
	}
	if fl.Kind == eform.KindFile && fl.Document == nil {
		bad("%s: file slot without a document", where)
	}
	if fl.Kind != eform.KindGroup && (len(fl.Fields) > 0 || fl.ItemLabel != "" || fl.AddLabel != "" || fl.MinItems != 0 || fl.MaxItems != 0) {
		bad("%s: group attributes on a %s field", where, fl.Kind)
	}

	lookup := func(id string) (eform.Field, bool) {
		if f, ok := siblings[id]; ok {
			return f, true
		}
		f, ok := earlier[id]
		return f, ok
	}
	if c := fl.ShowIf; c != nil {
		target, ok := lookup(c.Field)
		switch {
		case !ok:
			bad("%s: show_if refers to %q, which is not an earlier field", where, c.Field)
		case len(c.In) == 0:
			bad("%s: show_if has no values", where)
		case target.Kind == eform.KindYesNo:
			for _, v := range c.In {
				if v != "yes" && v != "no" {
					bad("%s: show_if value %q for yesno field %q", where, v, c.Field)
				}
			}
		case target.Kind == eform.KindSelect || target.Kind == eform.KindRadio || target.Kind == eform.KindCheckboxes:
			for _, v := range c.In {
				if !slices.ContainsFunc(target.Options, func(o eform.Option) bool { return o.Value == v }) {
					bad("%s: show_if value %q is not an option of %q", where, v, c.Field)
				}
			}
		default:
			bad("%s: show_if on %q, a %s field; conditions test choices and yes/no answers", where, c.Field, target.Kind)
		}
	}
	if fl.Source != "" {
		kinds, ok := sourceKinds[fl.Source]
		switch {
		case !ok:
			bad("%s: unknown source %q", where, fl.Source)
		case !slices.Contains(kinds, fl.Kind):
			bad("%s: source %q cannot fill a %s field", where, fl.Source, fl.Kind)
		}
	}
	if fl.SourceKey != "" {
		key, ok := lookup(fl.SourceKey)
		switch {
		case fl.Source == "":
			bad("%s: source_key without source", where)
		case strings.HasPrefix(fl.Source, "account."):
			bad("%s: source_key on an account source", where)
		case !ok:
			bad("%s: source_key %q is not an earlier field", where, fl.SourceKey)
		case strings.HasPrefix(fl.Source, "population.") && key.Kind != eform.KindPersonalID:
			bad("%s: source_key %q of a population source must be a personal_id field", where, fl.SourceKey)
		case strings.HasPrefix(fl.Source, "business.") && key.Kind != eform.KindTaxCode:
			bad("%s: source_key %q of a business source must be a tax_code field", where, fl.SourceKey)
		}
	}
}

func checkSlot(bad func(string, ...any), where string, fl eform.Field, cd caseDocs, slots map[int]string) {
	if fl.Document == nil {
		return
	}
	i := *fl.Document
	if i < 0 || i >= len(cd.documents) {
		bad("%s: document %d out of range (the case has %d)", where, i, len(cd.documents))
		return
	}
	d := cd.documents[i]
	if !uploadable(d) {
		bad("%s: document %d %q is a note (no originals or copies)", where, i, d.Name)
	}
	if prev, dup := slots[i]; dup {
		bad("%s: document %d already has the slot %s", where, i, prev)
	}
	if fl.Required && !d.Required {
		bad("%s: required slot for document %d, which the procedure lists as optional", where, i)
	}
	if cd.replaced[i] {
		bad("%s: document %d is replaced by the e-form and needs no slot", where, i)
	}
	slots[i] = fl.ID
}

// loadSeedCatalog decodes the seed catalogue by procedure code.
func loadSeedCatalog(t *testing.T) map[string]catalog.Record {
	t.Helper()
	out := map[string]catalog.Record{}
	entries, err := fs.ReadDir(motcua.SeedFS, seedCatalogDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".json" {
			continue
		}
		p := path.Join(seedCatalogDir, e.Name())
		data, err := fs.ReadFile(motcua.SeedFS, p)
		if err != nil {
			t.Fatal(err)
		}
		nrs, err := catalog.DecodeFile(p, bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for _, nr := range nrs {
			r, err := catalog.FromNational(nr)
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			out[r.Code] = r
		}
	}
	return out
}

// loadSeedForms decodes every e-form file strictly, by procedure code.
func loadSeedForms(t *testing.T) map[string]seedFile {
	t.Helper()
	out := map[string]seedFile{}
	entries, err := fs.ReadDir(motcua.SeedFS, seedFormDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".json" {
			continue
		}
		p := path.Join(seedFormDir, e.Name())
		data, err := fs.ReadFile(motcua.SeedFS, p)
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		var sf seedFile
		if err := dec.Decode(&sf); err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if _, err := dec.Token(); err != io.EOF {
			t.Errorf("%s: data after the object", p)
		}
		if want := strings.TrimSuffix(e.Name(), ".json"); sf.Procedure != want {
			t.Errorf("%s: procedure %q; want %q, as the file name says", p, sf.Procedure, want)
		}
		out[sf.Procedure] = sf
	}
	return out
}
