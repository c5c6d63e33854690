package eform

import (
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// postForm has every kind that posts differently, on two pages.
func postForm() Form {
	return Form{Title: "Tờ khai", Pages: []Page{
		{ID: "mot", Title: "Một", Sections: []Section{{Fields: []Field{
			{ID: "name", Kind: KindText, Label: "Họ và tên"},
			{ID: "born", Kind: KindDate, Label: "Ngày sinh"},
			{ID: "docs", Kind: KindCheckboxes, Label: "Giấy tờ", Options: yesNoOptions},
			{ID: "home", Kind: KindAddress, Label: "Nơi ở"},
			{ID: "scan", Kind: KindFile, Label: "Bản chụp", Document: ptr(0)},
		}}}},
		{ID: "hai", Title: "Hai", Sections: []Section{{Fields: []Field{
			{ID: "kids", Kind: KindGroup, Label: "Con", MaxItems: 3, Fields: []Field{
				{ID: "name", Kind: KindText, Label: "Tên"},
				{ID: "home", Kind: KindAddress, Label: "Nơi ở"},
				{ID: "needs", Kind: KindCheckboxes, Label: "Nhu cầu", Options: yesNoOptions},
			}},
			{ID: "note", Kind: KindTextarea, Label: "Ghi chú"},
		}}}},
	}}
}

func TestDecode(t *testing.T) {
	f := postForm()
	tests := []struct {
		name string
		post string
		page string
		into Answers
		want Answers
	}{
		{
			name: "page one",
			post: "name=+An+&born=17%2F02%2F2026&docs=a&docs=c&docs=&home.province=19&home.commune=05443&home.street=T%E1%BB%95+5&scan=att-1&scan=att-2&note=other+page&stray=x",
			page: "mot",
			into: Answers{"note": {Text: "kept"}, "kids": {Items: []Answers{{"name": {Text: "Cúc"}}}}},
			want: Answers{
				"name": {Text: " An "}, // trimmed by Clean, not here
				"born": {Text: "17/02/2026"},
				"docs": {List: []string{"a", "c"}},
				"home": {Address: &Address{Province: "19", Commune: "05443", Street: "Tổ 5"}},
				"scan": {List: []string{"att-1", "att-2"}},
				"note": {Text: "kept"},
				"kids": {Items: []Answers{{"name": {Text: "Cúc"}}}},
			},
		},
		{
			name: "fields of the page not posted lose their answers",
			post: "name=An&home.province=&home.commune=&home.street=",
			page: "mot",
			into: Answers{"docs": {List: []string{"a"}}, "home": {Address: &Address{Province: "19"}}, "born": {Text: "x"}, "note": {Text: "kept"}},
			want: Answers{"name": {Text: "An"}, "note": {Text: "kept"}},
		},
		{
			name: "groups",
			post: "kids.0.name=C%C3%BAc&kids.0.home.province=01&kids.0.needs=a&kids.0.needs=b" +
				"&kids.1.name=&kids.1.home.street=" + // an empty item still posts its inputs
				"&kids.3=" + // a marker for an item with nothing else posted; numbered again
				"&kids.x.name=bad&kids.01.name=bad&kids.-1.name=bad&kids.99999.name=bad&kids=bad&kidsx.0.name=bad" +
				"&note=N",
			page: "hai",
			into: Answers{"name": {Text: "kept"}},
			want: Answers{
				"name": {Text: "kept"},
				"kids": {Items: []Answers{
					{"name": {Text: "Cúc"}, "home": {Address: &Address{Province: "01"}}, "needs": {List: []string{"a", "b"}}},
					{},
					{},
				}},
				"note": {Text: "N"},
			},
		},
		{
			name: "all items removed",
			post: "note=",
			page: "hai",
			into: Answers{"kids": {Items: []Answers{{}}}, "note": {Text: "old"}},
			want: Answers{},
		},
		{
			name: "every page",
			post: "name=An&kids.0.name=C&note=N",
			into: Answers{"born": {Text: "gone"}, "unknown": {Text: "kept for Clean to drop"}},
			want: Answers{"name": {Text: "An"}, "kids": {Items: []Answers{{"name": {Text: "C"}}}}, "note": {Text: "N"}, "unknown": {Text: "kept for Clean to drop"}},
		},
		{
			name: "nil into",
			post: "name=An",
			page: "mot",
			want: Answers{"name": {Text: "An"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := url.ParseQuery(tt.post)
			if err != nil {
				t.Fatal(err)
			}
			before := copyAnswers(tt.into)
			got := f.Decode(v, tt.page, tt.into)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Decode (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(before, tt.into); diff != "" {
				t.Errorf("Decode changed its input (-before +after):\n%s", diff)
			}
		})
	}
}

func TestDecodeItemCap(t *testing.T) {
	f := single(Field{ID: "g", Kind: KindGroup, Label: "G", Fields: []Field{{ID: "n", Kind: KindText, Label: "N"}}})
	v := url.Values{}
	for i := range 150 {
		v.Set(itemPath("g", i, "n"), "x")
	}
	if got := len(f.Decode(v, "", nil)["g"].Items); got != maxPostedItems {
		t.Errorf("%d items decoded, want %d", got, maxPostedItems)
	}
}

func TestApplyAction(t *testing.T) {
	f := postForm()
	three := Answers{"kids": {Items: []Answers{{"name": {Text: "A"}}, {"name": {Text: "B"}}, {"name": {Text: "C"}}}}, "note": {Text: "N"}}
	tests := []struct {
		name   string
		in     Answers
		action string
		want   Answers
		ok     bool
	}{
		{"add to none", Answers{}, "add:kids", Answers{"kids": {Items: []Answers{{}}}}, true},
		{"add", Answers{"kids": {Items: []Answers{{"name": {Text: "A"}}}}}, "add:kids",
			Answers{"kids": {Items: []Answers{{"name": {Text: "A"}}, {}}}}, true},
		{"add past MaxItems", three, "add:kids", three, true},
		{"remove renumbers", three, "remove:kids:1",
			Answers{"kids": {Items: []Answers{{"name": {Text: "A"}}, {"name": {Text: "C"}}}}, "note": {Text: "N"}}, true},
		{"remove the last item", Answers{"kids": {Items: []Answers{{}}}, "note": {Text: "N"}}, "remove:kids:0", Answers{"note": {Text: "N"}}, true},
		{"remove out of range", three, "remove:kids:3", three, true},
		{"remove bad number", three, "remove:kids:x", three, false},
		{"remove without number", three, "remove:kids", three, false},
		{"add with number", three, "add:kids:1", three, false},
		{"not a group", three, "add:note", three, false},
		{"unknown field", three, "add:pets", three, false},
		{"unknown verb", three, "move:kids:1", three, false},
		{"empty", three, "", three, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := copyAnswers(tt.in)
			got, ok := f.ApplyAction(tt.in, tt.action)
			if ok != tt.ok {
				t.Errorf("ok = %v, want %v", ok, tt.ok)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("answers (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(before, tt.in); diff != "" {
				t.Errorf("ApplyAction changed its input (-before +after):\n%s", diff)
			}
		})
	}

	// Without MaxItems, adding stops at the decode cap, so no item added
	// is lost on the next post.
	g := single(Field{ID: "g", Kind: KindGroup, Label: "G", Fields: []Field{{ID: "n", Kind: KindText, Label: "N"}}})
	a := Answers{}
	for range maxPostedItems + 5 {
		a, _ = g.ApplyAction(a, "add:g")
	}
	if n := len(a["g"].Items); n != maxPostedItems {
		t.Errorf("%d items after adding past the cap, want %d", n, maxPostedItems)
	}
}

// TestDecodeActionClean is the journey of a page posted with an action
// button: decode, apply the action, clean.
func TestDecodeActionClean(t *testing.T) {
	f := postForm()
	saved := Answers{"name": {Text: "An"}}
	v, _ := url.ParseQuery("kids.0.name=+C%C3%BAc+&kids.1.name=B%C3%ACnh&note=&_action=remove%3Akids%3A0")
	a := f.Decode(v, "hai", saved)
	a, ok := f.ApplyAction(a, v.Get(ActionField))
	if !ok {
		t.Fatal("action not applied")
	}
	got, errs := f.Clean(a, Options{Page: "hai", Today: today})
	if len(errs) != 0 {
		t.Errorf("errors: %v", errs)
	}
	want := Answers{"name": {Text: "An"}, "kids": {Items: []Answers{{"name": {Text: "Bình"}}}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("answers (-want +got):\n%s", diff)
	}
}

func TestFieldAt(t *testing.T) {
	f := Form{Pages: []Page{{ID: "p", Sections: []Section{{Fields: []Field{
		{ID: "name", Kind: KindText, Label: "Họ tên"},
		{ID: "home", Kind: KindAddress, Label: "Địa chỉ"},
		{ID: "kids", Kind: KindGroup, Label: "Con", Fields: []Field{
			{ID: "kid_name", Kind: KindText, Label: "Tên"},
			{ID: "kid_home", Kind: KindAddress, Label: "Nơi ở"},
		}},
	}}}}}}
	for path, want := range map[string]string{
		"name": "name", "home": "home", "home.commune": "home", "kids": "kids", "kids.0.kid_name": "kid_name",
		"kids.3.kid_home.street": "kid_home", "name.x": "", "home.city": "", "kids.x.kid_name": "", "kids.0": "",
		"kids.0.nope": "", "nope": "", "": "",
	} {
		fl, ok := f.FieldAt(path)
		if ok != (want != "") || fl.ID != want {
			t.Errorf("FieldAt(%q) = %q, %v; want %q", path, fl.ID, ok, want)
		}
	}
}
