package eformview_test

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/templates/eformview"
)

// TestOptionalMarkedOnce: a label that already says it may be left empty
// ("(nếu có)", as the paper forms write it) gets no second marker, in
// either language; other optional labels get one.
func TestOptionalMarkedOnce(t *testing.T) {
	f := eform.Form{Title: "Tờ khai", Pages: []eform.Page{{ID: "p", Title: "Trang", Sections: []eform.Section{{Fields: []eform.Field{
		{ID: "email_hkd", Kind: eform.KindEmail, Label: "Email hộ kinh doanh (nếu có)"},
		{ID: "dien_thoai_hkd", Kind: eform.KindPhone, Label: "Điện thoại (Nếu có)"},
		{ID: "ghi_chu", Kind: eform.KindText, Label: "Ghi chú (không bắt buộc)"},
		{ID: "fax", Kind: eform.KindText, Label: "Số fax"},
		{ID: "ho_ten", Kind: eform.KindText, Label: "Họ và tên", Required: true},
	}}}}}}
	for _, tc := range []struct {
		p    i18n.Printer
		want map[string]string
	}{
		{vi(), map[string]string{"email_hkd": "Email hộ kinh doanh (nếu có)", "dien_thoai_hkd": "Điện thoại (Nếu có)",
			"ghi_chu": "Ghi chú (không bắt buộc)", "fax": "Số fax (không bắt buộc)", "ho_ten": "Họ và tên"}},
		{catalogue().Printer(i18n.EN), map[string]string{"email_hkd": "Email hộ kinh doanh (nếu có)",
			"ghi_chu": "Ghi chú (không bắt buộc)", "fax": "Số fax (optional)"}},
	} {
		doc := render(t, eformview.Fields(eformview.PageProps{P: tc.p, Form: f, PageID: "p"}))
		for id, want := range tc.want {
			if got := labelFor(doc, id); got != want {
				t.Errorf("%s: label %q, want %q", tc.p.Lang(), got, want)
			}
		}
	}
	// The seed forms' own labels: none reads "(nếu có) (không bắt buộc)".
	for _, code := range []string{"1.001612", "2.001610", "1.013978"} {
		for _, form := range seedForms(t, code) {
			for _, pg := range form.Pages {
				doc := render(t, eformview.Fields(eformview.PageProps{P: vi(), Form: form, PageID: pg.ID, Places: places()}))
				if s := doc.Text(); strings.Contains(s, "(nếu có) (không bắt buộc)") {
					t.Errorf("%s page %s shows a label marked twice", code, pg.ID)
				}
			}
		}
	}
}

// TestButtonsLandOnTheirField: each of a page's own buttons (refresh the
// communes, add or remove an item, remove a file) posts, after its action,
// the id of the control to come back to, so the page shown again opens
// there (the handler adds it to the redirect as "#id"); the id is one the
// page has, or, for an added item, will have.
func TestButtonsLandOnTheirField(t *testing.T) {
	p := kindsProps()
	doc := render(t, eformview.Fields(p))
	for _, tc := range []struct {
		what, selector, action, anchor string
		exists                         bool
	}{
		{"refresh", `button[data-eform-refresh]`, "refresh", "dia_chi.commune", true},
		{"add an item", `button[value^="add:con"]`, "add:con", "con.2.ten", false},
		{"remove an item", `button[value^="remove:con:1"]`, "remove:con:1", "con", true},
		{"remove a file", `button[value^="remove-file:f2"]`, "remove-file:f2", "tep_ks", true},
	} {
		b := one(t, doc.Find(tc.selector).First(), tc.what)
		action, anchor := eformview.SplitAction(attr(b, "value"))
		if action != tc.action || anchor != tc.anchor {
			t.Errorf("%s: value %q splits into %q, %q; want %q, %q", tc.what, attr(b, "value"), action, anchor, tc.action, tc.anchor)
		}
		if tc.exists && byID(doc, anchor).Length() != 1 {
			t.Errorf("%s: the page has no element #%s", tc.what, anchor)
		}
	}
	// The added item's first field has that id once it is there.
	p.Answers["con"] = eform.Value{Items: append(p.Answers["con"].Items, eform.Answers{})}
	if byID(render(t, eformview.Fields(p)), "con.2.ten").Length() != 1 {
		t.Error("the added item has no #con.2.ten")
	}
	// An address inside an item lands on its own commune list.
	b := doc.Find(`button[data-eform-refresh]`).Eq(1)
	if _, anchor := eformview.SplitAction(attr(b, "value")); anchor != "con.0.noi_o.commune" {
		t.Errorf("the first item's refresh lands on %q", anchor)
	}
}

// TestSplitAction: what a button posts splits into the action and a safe
// anchor; anything that could not be an id is no anchor.
func TestSplitAction(t *testing.T) {
	for _, tc := range []struct{ in, action, anchor string }{
		{"", "", ""},
		{"save-exit", "save-exit", ""},
		{"refresh#dia_chi.commune", "refresh", "dia_chi.commune"},
		{"add:con#con.1.ten", "add:con", "con.1.ten"},
		{"remove-file:abc#tep_ks", "remove-file:abc", "tep_ks"},
		{"refresh#a\r\nLocation: x", "refresh", ""},
		{"refresh#<script>", "refresh", ""},
		{"refresh#" + strings.Repeat("a", 300), "refresh", ""},
	} {
		action, anchor := eformview.SplitAction(tc.in)
		if action != tc.action || anchor != tc.anchor {
			t.Errorf("SplitAction(%q) = %q, %q; want %q, %q", tc.in, action, anchor, tc.action, tc.anchor)
		}
	}
}

// TestSummaryNamesTheField: every problem in a page's error summary says
// which question it is about: the e-form's own messages and the page's
// other ones do already; one about a file (a refused upload) gets the
// slot's label before it.
func TestSummaryNamesTheField(t *testing.T) {
	p := kindsProps()
	p.Errors = valid.Errors{
		{Field: "ho_ten", Key: "eform.error.required", Args: []any{"họ và tên", "Họ và tên"}},
		{Field: "tep_ks", Key: "dossier.error.file_type"},
		{Field: "dien_thoai", Key: "dossier.error.phone"},
	}
	doc := render(t, eformview.ErrorSummary(p))
	var got []string
	doc.Find(".error-summary li a").Each(func(_ int, a *goquery.Selection) { got = append(got, strings.TrimSpace(a.Text())) })
	want := []string{"Nhập họ và tên", "Giấy khai sinh của con: tệp phải là PDF, JPG, PNG, DOC, DOCX, XLS hoặc XLSX",
		"Số điện thoại không đúng, ví dụ 0912345678"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
	// Beside the field, where the label is, the message stays as it is.
	if got := strings.TrimSpace(render(t, eformview.Fields(p)).Find(`[id="tep_ks-error"]`).Text()); !strings.HasSuffix(got, "Tệp phải là PDF, JPG, PNG, DOC, DOCX, XLS hoặc XLSX") {
		t.Errorf("beside the slot: %q", got)
	}
}
