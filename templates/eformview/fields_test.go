package eformview_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/a-h/templ"
	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/templates/eformview"
)

// kindsForm has a field of every kind on page "p", and a second page.
func kindsForm() eform.Form {
	return eform.Form{Title: "Mọi loại trường", Pages: []eform.Page{{
		ID: "p", Title: "Thông tin", Intro: "Trả lời các câu hỏi dưới đây.",
		Sections: []eform.Section{{
			Fields: []eform.Field{
				{ID: "ho_ten", Kind: eform.KindText, Label: "Họ và tên", Hint: "Như trên giấy khai sinh", Required: true, MaxLength: 100, Source: "account.full_name"},
				{ID: "ghi_chu", Kind: eform.KindTextarea, Label: "Ghi chú", MaxLength: 500},
				{ID: "so_nguoi", Kind: eform.KindNumber, Label: "Diện tích (m²)"},
				{ID: "von", Kind: eform.KindMoney, Label: "Vốn điều lệ", Required: true},
				{ID: "ngay_sinh", Kind: eform.KindDate, Label: "Ngày sinh", Required: true, MaxDate: "today", Source: "population.birth_date"},
				{ID: "quoc_tich", Kind: eform.KindSelect, Label: "Quốc tịch", Required: true,
					Options: []eform.Option{{Value: "vn", Label: "Việt Nam"}, {Value: "khac", Label: "Quốc tịch khác"}}},
				{ID: "quoc_tich_khac", Kind: eform.KindText, Label: "Tên quốc tịch khác", Required: true,
					ShowIf: &eform.Condition{Field: "quoc_tich", In: []string{"khac"}}},
				{ID: "gioi_tinh", Kind: eform.KindRadio, Label: "Giới tính", Required: true,
					Options: []eform.Option{{Value: "nam", Label: "Nam"}, {Value: "nu", Label: "Nữ"}}},
				{ID: "so_thich", Kind: eform.KindCheckboxes, Label: "Cách nhận kết quả",
					Options: []eform.Option{{Value: "truc_tiep", Label: "Tại bộ phận một cửa"}, {Value: "buu_chinh", Label: "Qua bưu chính"}, {Value: "dien_tu", Label: "Bản điện tử"}}},
				{ID: "co_con", Kind: eform.KindYesNo, Label: "Có con chưa thành niên không?", Required: true},
				{ID: "email", Kind: eform.KindEmail, Label: "Email", Source: "account.email"},
				{ID: "dien_thoai", Kind: eform.KindPhone, Label: "Điện thoại", Required: true, Source: "account.phone"},
				{ID: "so_dinh_danh", Kind: eform.KindPersonalID, Label: "Số định danh cá nhân", Required: true},
				{ID: "ma_so_thue", Kind: eform.KindTaxCode, Label: "Mã số thuế"},
			},
		}, {
			Title: "Nơi ở và gia đình", Intro: "Địa chỉ theo đơn vị hành chính mới.",
			Fields: []eform.Field{
				{ID: "dia_chi", Kind: eform.KindAddress, Label: "Địa chỉ thường trú", Required: true, Source: "population.permanent_address"},
				{ID: "con", Kind: eform.KindGroup, Label: "Con chưa thành niên", ItemLabel: "Con thứ {n}", AddLabel: "Thêm con", MaxItems: 3,
					ShowIf: &eform.Condition{Field: "co_con", In: []string{"yes"}},
					Fields: []eform.Field{
						{ID: "ten", Kind: eform.KindText, Label: "Họ và tên", Required: true},
						{ID: "co_the", Kind: eform.KindYesNo, Label: "Có thẻ bảo hiểm y tế không?"},
						{ID: "so_the", Kind: eform.KindText, Label: "Số thẻ bảo hiểm y tế", ShowIf: &eform.Condition{Field: "co_the", In: []string{"yes"}}},
						{ID: "noi_o", Kind: eform.KindAddress, Label: "Nơi ở"},
						{ID: "giay_to", Kind: eform.KindCheckboxes, Label: "Giấy tờ có", Options: []eform.Option{{Value: "ks", Label: "Giấy khai sinh"}}},
					}},
				{ID: "tep_ks", Kind: eform.KindFile, Label: "Giấy khai sinh của con", Required: true, Document: ptr(1)},
			},
		}},
	}, {
		ID: "q", Title: "Trang sau", Sections: []eform.Section{{Fields: []eform.Field{
			{ID: "ly_do", Kind: eform.KindTextarea, Label: "Lý do", ShowIf: &eform.Condition{Field: "gioi_tinh", In: []string{"nu"}}},
		}}},
	}}}
}

func kindsAnswers() eform.Answers {
	return eform.Answers{
		"ho_ten":       {Text: "Nguyễn Thị Hoa"},
		"ghi_chu":      {Text: "Dòng một\nDòng hai"},
		"so_nguoi":     {Text: "2.5"},
		"von":          {Text: "1500000"},
		"ngay_sinh":    {Text: "1990-02-17"},
		"quoc_tich":    {Text: "vn"},
		"gioi_tinh":    {Text: "nu"},
		"so_thich":     {List: []string{"truc_tiep", "dien_tu"}},
		"co_con":       {Text: "yes"},
		"email":        {Text: "hoa@example.vn"},
		"dien_thoai":   {Text: "0912345678"},
		"so_dinh_danh": {Text: "019190012345"},
		"ma_so_thue":   {Text: "0101234565-001"},
		"dia_chi":      {Address: &eform.Address{Province: "19", Commune: "01843", Street: "Số 5, tổ 3"}},
		"con": {Items: []eform.Answers{
			{"ten": {Text: "Nguyễn Văn An"}, "co_the": {Text: "yes"}, "so_the": {Text: "TE1191234567890"}},
			{"ten": {Text: "Nguyễn Thị Bình"}, "co_the": {Text: "no"}},
		}},
		"tep_ks": {List: []string{"f1", "f2"}},
	}
}

func kindsProps() eformview.PageProps {
	return eformview.PageProps{
		P: vi(), Form: kindsForm(), PageID: "p", Answers: kindsAnswers(), Places: places(),
		Files: map[string][]eformview.FileView{"tep_ks": {
			{ID: "f1", Name: "khai-sinh.pdf", Size: "1,2 MB", Href: "/tep/f1"},
			{ID: "f2", Name: "trang-2.jpg", Size: "640 KB", Href: "/tep/f2", Digitised: true},
		}},
		Prefilled: map[string]string{"ho_ten": "account.full_name", "ngay_sinh": "population.birth_date", "dia_chi": "population.permanent_address"},
		Documents: []eformview.DocumentInfo{
			{Name: "Tờ khai", Originals: 1},
			{Name: "Bản sao Giấy khai sinh của con", Originals: 0, Copies: 1, Notes: "Bản sao có chứng thực hoặc bản chụp kèm bản chính để đối chiếu"},
		},
	}
}

func TestFieldsTextKinds(t *testing.T) {
	p := kindsProps()
	p.Errors = valid.Errors{
		{Field: "von", Key: "eform.error.money", Args: []any{"vốn điều lệ", "Vốn điều lệ"}},
		{Field: "ngay_sinh", Key: "eform.error.date_max_today", Args: []any{"ngày sinh", "Ngày sinh"}},
	}
	doc := render(t, eformview.Fields(p))

	if got := strings.TrimSpace(doc.Find(".eform > .eform-intro").Text()); got != "Trả lời các câu hỏi dưới đây." {
		t.Errorf("page intro = %q", got)
	}
	for _, tc := range []struct {
		id, label, typ, value, inputmode, autocomplete, maxlength string
	}{
		{"ho_ten", "Họ và tên", "text", "Nguyễn Thị Hoa", "", "name", "100"},
		{"so_nguoi", "Diện tích (m²) (không bắt buộc)", "text", "2,5", "decimal", "", ""},
		{"von", "Vốn điều lệ", "text", "1.500.000", "decimal", "", ""},
		{"ngay_sinh", "Ngày sinh", "text", "17/02/1990", "", "bday", ""},
		{"email", "Email (không bắt buộc)", "email", "hoa@example.vn", "", "email", ""},
		{"dien_thoai", "Điện thoại", "tel", "0912345678", "", "tel", ""},
		{"so_dinh_danh", "Số định danh cá nhân", "text", "019190012345", "numeric", "off", ""},
		{"ma_so_thue", "Mã số thuế (không bắt buộc)", "text", "0101234565-001", "", "off", ""},
	} {
		in := one(t, doc.Find(`input[id="`+tc.id+`"]`), tc.id)
		if got := labelFor(doc, tc.id); got != tc.label {
			t.Errorf("%s: label %q, want %q", tc.id, got, tc.label)
		}
		for name, want := range map[string]string{"name": tc.id, "type": tc.typ, "value": tc.value,
			"inputmode": tc.inputmode, "autocomplete": tc.autocomplete, "maxlength": tc.maxlength} {
			if got := attr(in, name); got != want {
				t.Errorf("%s: %s = %q, want %q", tc.id, name, got, want)
			}
		}
		if tc.inputmode == "numeric" && attr(in, "spellcheck") != "false" {
			t.Errorf("%s: spellcheck not off", tc.id)
		}
	}

	ta := one(t, doc.Find(`textarea[id="ghi_chu"]`), "textarea")
	if ta.Text() != "Dòng một\nDòng hai" || attr(ta, "name") != "ghi_chu" || attr(ta, "maxlength") != "500" {
		t.Errorf("textarea: %q name %q maxlength %q", ta.Text(), attr(ta, "name"), attr(ta, "maxlength"))
	}

	// Hints, source notes, kind hints and errors are tied to the control.
	if got := describedBy(t, doc, byID(doc, "ho_ten")); !slices.Equal(got, []string{"Như trên giấy khai sinh", "Lấy từ tài khoản"}) {
		t.Errorf("ho_ten described by %q", got)
	}
	date := byID(doc, "ngay_sinh")
	if got := describedBy(t, doc, date); !slices.Equal(got, []string{"Lấy từ Cơ sở dữ liệu quốc gia về dân cư", "Ví dụ: 17/02/2026", "Lỗi: Ngày sinh phải là ngày hôm nay hoặc trước đó"}) {
		t.Errorf("ngay_sinh described by %q", got)
	}
	if attr(date, "aria-invalid") != "true" || !date.Closest(".field").HasClass("field-error-state") {
		t.Error("ngay_sinh: no error state")
	}
	money := byID(doc, "von")
	if got := describedBy(t, doc, money); !slices.Equal(got, []string{"đồng", "Lỗi: Vốn điều lệ phải là số tiền bằng chữ số, ví dụ 1.500.000"}) {
		t.Errorf("von described by %q", got)
	}
	if got := strings.TrimSpace(money.Parent().Find(".eform-suffix").Text()); got != "đồng" {
		t.Errorf("money suffix %q", got)
	}
	// A field without an error has no error state.
	if in := byID(doc, "ho_ten"); has(in, "aria-invalid") || in.Closest(".field").HasClass("field-error-state") {
		t.Error("ho_ten has an error state")
	}
	// A prefilled note is a hint, not an error.
	if byID(doc, "ho_ten-source").HasClass("error-message") {
		t.Error("source note styled as an error")
	}
}

func TestFieldsChoices(t *testing.T) {
	p := kindsProps()
	p.Errors = valid.Errors{
		{Field: "gioi_tinh", Key: "eform.error.required_choice", Args: []any{"giới tính", "Giới tính"}},
		{Field: "so_thich", Key: "eform.error.option", Args: []any{"cách nhận kết quả", "Cách nhận kết quả"}},
	}
	doc := render(t, eformview.Fields(p))

	// select: placeholder first, the answer selected.
	sel := one(t, doc.Find(`select[id="quoc_tich"]`), "select")
	opts := sel.Find("option")
	if opts.Length() != 3 || attr(opts.First(), "value") != "" || strings.TrimSpace(opts.First().Text()) != "— Chọn —" {
		t.Errorf("select options: %d, first %q", opts.Length(), opts.First().Text())
	}
	if got := attr(sel.Find("option[selected]"), "value"); got != "vn" {
		t.Errorf("selected %q", got)
	}
	if labelFor(doc, "quoc_tich") != "Quốc tịch" {
		t.Errorf("select label %q", labelFor(doc, "quoc_tich"))
	}

	// radio: a fieldset with a legend, one input per option, first id is the path.
	radios := doc.Find(`input[type="radio"][name="gioi_tinh"]`)
	if radios.Length() != 2 || attr(radios.Eq(0), "id") != "gioi_tinh" || attr(radios.Eq(1), "id") != "gioi_tinh-2" {
		t.Fatalf("radios: %d, ids %q %q", radios.Length(), attr(radios.Eq(0), "id"), attr(radios.Eq(1), "id"))
	}
	if has(radios.Eq(0), "checked") || !has(radios.Eq(1), "checked") {
		t.Error("radio nu not the checked one")
	}
	if labelFor(doc, "gioi_tinh-2") != "Nữ" {
		t.Errorf("radio label %q", labelFor(doc, "gioi_tinh-2"))
	}
	fs := radios.First().Closest("fieldset")
	if got := strings.TrimSpace(fs.ChildrenFiltered("legend").Text()); got != "Giới tính" {
		t.Errorf("radio legend %q", got)
	}
	if got := describedBy(t, doc, fs); len(got) != 1 || !strings.Contains(got[0], "Chọn giới tính") {
		t.Errorf("radio fieldset described by %q", got)
	}

	// checkboxes: repeated name, the checked ones, aria-invalid on error.
	boxes := doc.Find(`input[type="checkbox"][name="so_thich"]`)
	var checked []string
	boxes.Each(func(_ int, s *goquery.Selection) {
		if has(s, "checked") {
			checked = append(checked, attr(s, "value"))
		}
		if attr(s, "aria-invalid") != "true" {
			t.Errorf("checkbox %s: no aria-invalid", attr(s, "id"))
		}
	})
	if boxes.Length() != 3 || !slices.Equal(checked, []string{"truc_tiep", "dien_tu"}) {
		t.Errorf("checkboxes: %d, checked %q", boxes.Length(), checked)
	}
	if got := strings.TrimSpace(boxes.First().Closest("fieldset").ChildrenFiltered("legend").Text()); got != "Cách nhận kết quả (không bắt buộc)" {
		t.Errorf("checkbox legend %q", got)
	}

	// yesno: radios Có/Không with values yes/no.
	yn := doc.Find(`input[name="co_con"]`)
	if yn.Length() != 2 || attr(yn.Eq(0), "value") != "yes" || attr(yn.Eq(1), "value") != "no" || !has(yn.Eq(0), "checked") {
		t.Errorf("yesno: %d inputs", yn.Length())
	}
	if labelFor(doc, "co_con") != "Có" || labelFor(doc, "co_con-2") != "Không" {
		t.Errorf("yesno labels %q %q", labelFor(doc, "co_con"), labelFor(doc, "co_con-2"))
	}
}

func TestFieldsConditional(t *testing.T) {
	p := kindsProps()
	doc := render(t, eformview.Fields(p))
	cond := byID(doc, "quoc_tich_khac").Closest(".eform-cond")
	if cond.Length() != 1 {
		t.Fatal("conditional field has no container")
	}
	if !has(cond, "hidden") || attr(cond, "data-show-field") != "quoc_tich" || attr(cond, "data-show-in") != `["khac"]` {
		t.Errorf("container: hidden %v, field %q, in %q", has(cond, "hidden"), attr(cond, "data-show-field"), attr(cond, "data-show-in"))
	}
	// The group hangs on co_con = yes: shown.
	if g := byID(doc, "con").Closest(".eform-cond"); has(g, "hidden") || attr(g, "data-show-field") != "co_con" {
		t.Error("group container hidden or not conditional")
	}
	// A sub-field's condition names its sibling in the same item.
	for i, wantHidden := range []bool{false, true} {
		n := []string{"0", "1"}[i]
		c := byID(doc, "con."+n+".so_the").Closest(".eform-cond")
		if attr(c, "data-show-field") != "con."+n+".co_the" || has(c, "hidden") != wantHidden {
			t.Errorf("item %s: field %q hidden %v", n, attr(c, "data-show-field"), has(c, "hidden"))
		}
	}

	p.Answers["quoc_tich"] = eform.Value{Text: "khac"}
	doc = render(t, eformview.Fields(p))
	if has(byID(doc, "quoc_tich_khac").Closest(".eform-cond"), "hidden") {
		t.Error("shown conditional field hidden")
	}
	// No required attribute anywhere: the server checks, and hidden
	// questions must never block a post.
	if n := doc.Find("[required]").Length(); n != 0 {
		t.Errorf("%d required attributes", n)
	}
}

func TestFieldsGroup(t *testing.T) {
	p := kindsProps()
	doc := render(t, eformview.Fields(p))
	items := doc.Find("fieldset.eform-item")
	if items.Length() != 2 {
		t.Fatalf("%d items", items.Length())
	}
	for i, title := range []string{"Con thứ 1", "Con thứ 2"} {
		item := items.Eq(i)
		if got := strings.TrimSpace(item.ChildrenFiltered("legend").Text()); got != title {
			t.Errorf("item %d legend %q", i, got)
		}
		n := []string{"0", "1"}[i]
		marker := one(t, item.Find(`input[type="hidden"][name="con.`+n+`"]`), "item marker")
		if attr(marker, "value") != "" {
			t.Error("marker has a value")
		}
		rm := one(t, item.Find(`button[value^="remove:"]`), "remove button")
		if attr(rm, "value") != "remove:con:"+n+"#con" || strings.Join(strings.Fields(rm.Text()), " ") != "Xóa "+title {
			t.Errorf("remove button %q %q", attr(rm, "value"), rm.Text())
		}
	}
	if got := attr(byID(doc, "con.0.ten"), "value"); got != "Nguyễn Văn An" || labelFor(doc, "con.0.ten") != "Họ và tên" {
		t.Errorf("item field value %q, label %q", got, labelFor(doc, "con.0.ten"))
	}
	if !has(byID(doc, "con.0.co_the"), "checked") || !has(byID(doc, "con.1.co_the-2"), "checked") {
		t.Error("item yes/no not checked")
	}
	one(t, byID(doc, "con.0.noi_o.province"), "address in an item")
	add := one(t, doc.Find(`button[value="add:con#con.2.ten"]`), "add button")
	if attr(add, "id") != "con" || strings.TrimSpace(add.Text()) != "Thêm con" || attr(add, "name") != "_action" {
		t.Errorf("add button id %q text %q", attr(add, "id"), add.Text())
	}
	// Sub-fields have no autocomplete: they are another person's.
	if has(byID(doc, "con.0.ten"), "autocomplete") {
		t.Error("sub-field autocompletes")
	}

	// At MaxItems, no add button; the group's fieldset takes the id.
	p.Answers["con"] = eform.Value{Items: []eform.Answers{{}, {}, {}}}
	p.Errors = valid.Errors{{Field: "con", Key: "eform.error.too_many_items", Args: []any{"con", "Con", 3}}}
	doc = render(t, eformview.Fields(p))
	if doc.Find(`button[value^="add:con"]`).Length() != 0 {
		t.Error("add button at MaxItems")
	}
	if g := byID(doc, "con"); goquery.NodeName(g) != "fieldset" || !strings.Contains(strings.Join(describedBy(t, doc, g), " "), "tối đa 3") {
		t.Errorf("group target %s, described by %q", goquery.NodeName(g), describedBy(t, doc, g))
	}

	// A required group starts with MinItems blank items; no remove button
	// at the minimum.
	p = kindsProps()
	f := p.Form
	g := &f.Pages[0].Sections[1].Fields[1]
	g.Required, g.MinItems, g.ShowIf = true, 2, nil
	delete(p.Answers, "con")
	doc = render(t, eformview.Fields(p))
	if n := doc.Find("fieldset.eform-item").Length(); n != 2 {
		t.Errorf("required group: %d blank items, want 2", n)
	}
	if n := doc.Find(`button[value^="remove:con:"]`).Length(); n != 0 {
		t.Errorf("%d remove buttons at MinItems", n)
	}
	// An optional group without items shows only the add button.
	g.Required, g.MinItems = false, 0
	doc = render(t, eformview.Fields(p))
	if n := doc.Find("fieldset.eform-item").Length(); n != 0 || doc.Find(`button[value="add:con#con.0.ten"]`).Length() != 1 {
		t.Errorf("optional empty group: %d items", n)
	}
}

func TestFieldsAddress(t *testing.T) {
	p := kindsProps()
	p.CommunesURL = func(province string) templ.SafeURL { return templ.SafeURL("/dia-gioi/" + province + "/xa") }
	p.Errors = valid.Errors{{Field: "dia_chi.street", Key: "eform.error.street_required", Args: []any{"địa chỉ thường trú", "Địa chỉ thường trú"}}}
	doc := render(t, eformview.Fields(p))

	fs := byID(doc, "dia_chi.province").Closest("fieldset")
	if got := strings.TrimSpace(fs.ChildrenFiltered("legend").Text()); got != "Địa chỉ thường trú" {
		t.Errorf("address legend %q", got)
	}
	for id, label := range map[string]string{"dia_chi.province": "Tỉnh, thành phố", "dia_chi.commune": "Xã, phường, đặc khu", "dia_chi.street": "Số nhà, đường, thôn, xóm"} {
		if got := labelFor(doc, id); got != label {
			t.Errorf("%s label %q", id, got)
		}
		if attr(byID(doc, id), "name") != id {
			t.Errorf("%s name %q", id, attr(byID(doc, id), "name"))
		}
	}
	prov := byID(doc, "dia_chi.province")
	if n := prov.Find("option").Length(); n != len(places().Provinces())+1 {
		t.Errorf("%d province options", n)
	}
	if got := attr(prov.Find("option[selected]"), "value"); got != "19" {
		t.Errorf("province selected %q", got)
	}
	if got := attr(prov.Find(`option[value="01"]`), "data-communes"); got != "/dia-gioi/01/xa" {
		t.Errorf("data-communes %q", got)
	}
	// The communes are the chosen province's only.
	com := byID(doc, "dia_chi.commune")
	want := []string{""}
	for _, c := range places().Communes("19") {
		want = append(want, c.Code)
	}
	var got []string
	com.Find("option").Each(func(_ int, o *goquery.Selection) { got = append(got, attr(o, "value")) })
	if !slices.Equal(got, want) {
		t.Errorf("commune options: %d, want %d of province 19", len(got), len(want))
	}
	if attr(com.Find("option[selected]"), "value") != "01843" {
		t.Error("commune not selected")
	}
	st := byID(doc, "dia_chi.street")
	if attr(st, "value") != "Số 5, tổ 3" || attr(st, "aria-invalid") != "true" {
		t.Errorf("street value %q invalid %q", attr(st, "value"), attr(st, "aria-invalid"))
	}
	if d := describedBy(t, doc, st); len(d) != 2 || d[0] != "Lấy từ Cơ sở dữ liệu quốc gia về dân cư" || !strings.Contains(d[1], "Nhập số nhà") {
		t.Errorf("street described by %q", d)
	}
	if has(prov, "aria-invalid") {
		t.Error("province invalid without its own error")
	}
	refresh := one(t, prov.Parent().Find(`button[name="_action"]`), "refresh button")
	if attr(refresh, "value") != "refresh#dia_chi.commune" || strings.TrimSpace(refresh.Text()) != "Cập nhật danh sách xã, phường" || !has(refresh, "data-eform-refresh") {
		t.Errorf("refresh button %q %q", attr(refresh, "value"), refresh.Text())
	}
	// Items' addresses have no province: an empty commune list and a hint.
	c0 := byID(doc, "con.0.noi_o.commune")
	if n := c0.Find("option").Length(); n != 1 {
		t.Errorf("commune options without a province: %d", n)
	}
	if d := describedBy(t, doc, c0); len(d) != 1 || d[0] != "Chọn tỉnh, thành phố trước để có danh sách xã, phường" {
		t.Errorf("commune without province described by %q", d)
	}
	// The applicant's own street autocompletes; a registry-keyed one not.
	if attr(st, "autocomplete") != "address-line1" || has(byID(doc, "con.0.noi_o.street"), "autocomplete") {
		t.Error("street autocomplete")
	}

	// Without CommunesURL there is nothing for app.js to fetch.
	p.CommunesURL = nil
	doc = render(t, eformview.Fields(p))
	if n := doc.Find("option[data-communes]").Length(); n != 0 {
		t.Errorf("%d options with data-communes", n)
	}
	// An error on the province marks the province.
	p.Errors = valid.Errors{{Field: "dia_chi.province", Key: "eform.error.province_required", Args: []any{"địa chỉ", "Địa chỉ"}}}
	doc = render(t, eformview.Fields(p))
	if attr(byID(doc, "dia_chi.province"), "aria-invalid") != "true" || byID(doc, "dia_chi.province-error").Length() != 1 {
		t.Error("province error not shown")
	}
}

func TestFieldsFile(t *testing.T) {
	p := kindsProps()
	p.Reuse = map[string][]eformview.ReuseOption{"tep_ks": {{ID: "old-7", Label: "Giấy khai sinh (hồ sơ H19-250101-0001)"}}}
	p.Errors = valid.Errors{{Field: "tep_ks", Key: "eform.error.required_file", Args: []any{"giấy khai sinh của con", "Giấy khai sinh của con"}}}
	doc := render(t, eformview.Fields(p))

	in := one(t, doc.Find(`input[type="file"]`), "file input")
	if attr(in, "id") != "tep_ks" || attr(in, "name") != "tep_ks" || attr(in, "accept") != ".pdf,.jpg,.jpeg,.png,.doc,.docx,.xls,.xlsx" {
		t.Errorf("file input id %q name %q accept %q", attr(in, "id"), attr(in, "name"), attr(in, "accept"))
	}
	if attr(in, "aria-invalid") != "true" || labelFor(doc, "tep_ks") != "Tải thêm tệp" {
		t.Errorf("file input invalid %q label %q", attr(in, "aria-invalid"), labelFor(doc, "tep_ks"))
	}
	if d := describedBy(t, doc, in); len(d) != 2 || !strings.Contains(d[0], "10 MB") || !strings.Contains(d[1], "Tải lên giấy khai sinh của con") {
		t.Errorf("file input described by %q", d)
	}
	fs := in.Closest("fieldset")
	if got := strings.TrimSpace(fs.ChildrenFiltered("legend").Text()); got != "Giấy khai sinh của con" {
		t.Errorf("legend %q", got)
	}
	doc2 := strings.Join(describedBy(t, doc, fs), " ")
	for _, want := range []string{"Bản sao Giấy khai sinh của con", "bản chính: 0, bản sao: 1", "Bản sao có chứng thực"} {
		if !strings.Contains(doc2, want) {
			t.Errorf("slot description %q lacks %q", doc2, want)
		}
	}
	// Uploaded files: a link, the size, a remove button, and the id posted back.
	lis := fs.Find(".eform-files li")
	if lis.Length() != 2 {
		t.Fatalf("%d files listed", lis.Length())
	}
	li := lis.First()
	if a := li.Find("a"); attr(a, "href") != "/tep/f1" || a.Text() != "khai-sinh.pdf" || !strings.Contains(li.Text(), "1,2 MB") {
		t.Errorf("file link %q %q", attr(a, "href"), li.Text())
	}
	if attr(li.Find(`input[type="hidden"]`), "name") != "tep_ks" || attr(li.Find(`input[type="hidden"]`), "value") != "f1" {
		t.Error("file id not posted back")
	}
	if b := li.Find("button"); attr(b, "value") != "remove-file:f1#tep_ks" || attr(b, "name") != "_action" {
		t.Errorf("remove button %q", attr(b, "value"))
	}
	if li.Find(".badge").Length() != 0 {
		t.Error("digitised badge outside the desk")
	}
	reuse := one(t, byID(doc, "reuse.tep_ks"), "reuse select")
	if attr(reuse, "name") != "reuse.tep_ks" || labelFor(doc, "reuse.tep_ks") != "Hoặc dùng lại giấy tờ đã nộp trước đây" || reuse.Find(`option[value="old-7"]`).Length() != 1 {
		t.Error("reuse select")
	}
	if byID(doc, "digitised.tep_ks").Length() != 0 {
		t.Error("digitised box outside the desk")
	}

	p.Desk = true
	doc = render(t, eformview.Fields(p))
	box := one(t, byID(doc, "digitised.tep_ks"), "digitised box")
	if attr(box, "type") != "checkbox" || attr(box, "name") != "digitised.tep_ks" || !has(box, "checked") || labelFor(doc, "digitised.tep_ks") != "Đã số hóa từ bản giấy" {
		t.Error("digitised box")
	}
	badges := doc.Find(".eform-files .badge")
	if badges.Length() != 2 || strings.TrimSpace(badges.Eq(0).Text()) != "Tệp điện tử" || strings.TrimSpace(badges.Eq(1).Text()) != "Số hóa từ bản giấy" {
		t.Errorf("digitised badges: %d", badges.Length())
	}

	// No files yet: no list, and the box says "upload".
	p.Answers = eform.Answers{}
	p.Files = nil
	doc = render(t, eformview.Fields(p))
	if doc.Find(".eform-files").Length() != 0 || labelFor(doc, "tep_ks") != "Tải tệp lên" {
		t.Error("empty slot")
	}
}

func TestFieldsReadOnly(t *testing.T) {
	p := kindsProps()
	p.ReadOnly = true
	doc := render(t, eformview.Fields(p))
	doc.Find("input, select, textarea").Each(func(_ int, s *goquery.Selection) {
		if attr(s, "type") != "hidden" && !has(s, "disabled") {
			t.Errorf("%s %s not disabled", goquery.NodeName(s), attr(s, "id"))
		}
	})
	if n := doc.Find("button").Length(); n != 0 {
		t.Errorf("%d buttons in a read-only page", n)
	}
}

func TestFieldsDefaultButton(t *testing.T) {
	doc := render(t, eformview.Fields(kindsProps()))
	// The first submit button is the hidden one without "_action", so
	// Enter in a text box never removes an item or a file.
	first := doc.Find("button").First()
	if has(first, "name") || attr(first, "tabindex") != "-1" || attr(first, "aria-hidden") != "true" {
		t.Errorf("first button: %s", dump(doc)[:200])
	}
	// A page without buttons of its own has none.
	p := kindsProps()
	p.PageID = "q"
	doc = render(t, eformview.Fields(p))
	if n := doc.Find("button").Length(); n != 0 {
		t.Errorf("%d buttons on page q", n)
	}
	if doc.Find(".eform").Length() != 1 {
		t.Error("page q not rendered")
	}
	p.PageID = "nope"
	if s := renderString(t, eformview.Fields(p)); s != "" {
		t.Errorf("unknown page rendered %q", s)
	}
}

func TestFieldsSectionsAndIDs(t *testing.T) {
	doc := render(t, eformview.Fields(kindsProps()))
	sec := doc.Find("fieldset.eform-section")
	if sec.Length() != 1 || strings.TrimSpace(sec.ChildrenFiltered("legend").Text()) != "Nơi ở và gia đình" {
		t.Errorf("titled sections: %d", sec.Length())
	}
	if doc.Find("div.eform-section").Length() != 1 {
		t.Error("untitled section not a div")
	}
	// Ids are unique, and every control is labelled.
	seen := map[string]bool{}
	doc.Find("[id]").Each(func(_ int, s *goquery.Selection) {
		id := attr(s, "id")
		if seen[id] {
			t.Errorf("duplicate id %q", id)
		}
		seen[id] = true
	})
	doc.Find("input, select, textarea").Each(func(_ int, s *goquery.Selection) {
		if attr(s, "type") == "hidden" {
			return
		}
		if labelFor(doc, attr(s, "id")) == "" {
			t.Errorf("%s %q has no label", goquery.NodeName(s), attr(s, "id"))
		}
	})
}

func TestErrorSummaryLinksToControls(t *testing.T) {
	p := kindsProps()
	p.Errors = valid.Errors{
		{Field: "von", Key: "eform.error.money", Args: []any{"vốn", "Vốn"}},
		{Field: "gioi_tinh", Key: "eform.error.required_choice", Args: []any{"giới tính", "Giới tính"}},
		{Field: "dia_chi.commune", Key: "eform.error.commune_required", Args: []any{"địa chỉ", "Địa chỉ"}},
		{Field: "con.1.ten", Key: "eform.error.required", Args: []any{"họ và tên (Con thứ 2)", "Họ và tên (Con thứ 2)"}},
		{Field: "con", Key: "eform.error.required_group", Args: []any{"con", "Con"}},
		{Field: "tep_ks", Key: "eform.error.required_file", Args: []any{"giấy khai sinh", "Giấy khai sinh"}},
	}
	summary := render(t, eformview.ErrorSummary(p))
	page := render(t, eformview.Fields(p))
	links := summary.Find(".error-summary a")
	if links.Length() != len(p.Errors) {
		t.Fatalf("%d links", links.Length())
	}
	links.Each(func(i int, a *goquery.Selection) {
		id := strings.TrimPrefix(attr(a, "href"), "#")
		if id != p.Errors[i].Field {
			t.Errorf("link %d to %q", i, id)
		}
		if byID(page, id).Length() != 1 {
			t.Errorf("link to #%s: no such control", id)
		}
	})
	if got := strings.TrimSpace(byID(page, "con.1.ten-error").Text()); !strings.Contains(got, "Nhập họ và tên (Con thứ 2)") {
		t.Errorf("item error %q", got)
	}
	p.Errors = nil
	if s := renderString(t, eformview.ErrorSummary(p)); s != "" {
		t.Errorf("empty summary rendered %q", s)
	}
}

func TestFieldsEnglish(t *testing.T) {
	p := kindsProps()
	p.P = catalogue().Printer("en")
	doc := render(t, eformview.Fields(p))
	if got := attr(byID(doc, "von"), "value"); got != "1,500,000" {
		t.Errorf("money in English %q", got)
	}
	if got := attr(byID(doc, "so_nguoi"), "value"); got != "2.5" {
		t.Errorf("number in English %q", got)
	}
	if labelFor(doc, "co_con") != "Yes" {
		t.Error("yes in English")
	}
}

func TestRoundTripKinds(t *testing.T) {
	p := kindsProps()
	roundTrip(t, p.Form, p.Answers, p.Files)
}

// roundTrip renders every page of f with answers a, posts what a browser
// would, decodes it page by page, and checks that cleaning the decoded
// answers gives what cleaning a gives.
func roundTrip(t *testing.T, f eform.Form, a eform.Answers, files map[string][]eformview.FileView) {
	t.Helper()
	decoded := eform.Answers{}
	for _, pg := range f.Pages {
		doc := render(t, eformview.Fields(eformview.PageProps{P: vi(), Form: f, PageID: pg.ID, Answers: a, Places: places(), Files: files}))
		decoded = f.Decode(posted(doc), pg.ID, decoded)
	}
	want, wantErrs := f.Clean(a, eform.Options{Places: places()})
	got, gotErrs := f.Clean(decoded, eform.Options{Places: places()})
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("answers after the round trip (-want +got):\n%s", d)
	}
	if d := cmp.Diff(wantErrs, gotErrs); d != "" {
		t.Errorf("errors after the round trip (-want +got):\n%s", d)
	}
}
