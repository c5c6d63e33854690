package eform

import (
	"encoding/json"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fuzzForm has every kind, conditions, and a group with an address and
// checkboxes inside.
func fuzzForm() Form {
	f := goodForm()
	g := &f.Pages[1].Sections[0].Fields[1]
	g.Fields = append(g.Fields,
		Field{ID: "home", Kind: KindAddress, Label: "Nơi ở", Required: true},
		Field{ID: "needs", Kind: KindCheckboxes, Label: "Nhu cầu", Required: true, Options: yesNoOptions},
		Field{ID: "born", Kind: KindDate, Label: "Ngày sinh", MaxDate: "today", ShowIf: &Condition{Field: "needs", In: []string{"a"}}},
	)
	return f
}

// FuzzClean feeds Clean answers read as JSON (as the API would) or as a
// posted form with an action (as the browser would). Clean must not panic,
// and cleaning what it returns must change nothing, errors included.
func FuzzClean(f *testing.F) {
	for _, seed := range []string{
		`{"full_name":" An ","personal_id":"001 234 567 890","birth_date":"31/02/2026","gender":"male","home":{"province":"19","commune":"05443","street":""}}`,
		`{"has_members":"yes","members":[{"personal_id":"x","relation":"other","relation_other":"a\r\nb","home":{"province":"01"},"needs":["a","z","a"],"born":"1/1/2030"},{}]}`,
		`{"area":"1.000,5","rent":"1.500.000 đồng","reasons":["work"],"company_tax":"0101234565","company":"C","birth_cert":["a1"," "]}`,
		`{"members":"text","full_name":["list"],"home":"street","reasons":{"province":"1"},"birth_cert":[{"x":"y"}]}`,
		`{"full_name":"` + "\u00a0" + `x","phone":"+84 912 345 678","email":"a@b.vn","area":"-0,0","rent":"00"}`,
		"full_name=An&has_members=yes&members.0.name=C&members.0.home.province=19&members.0.needs=a&members.2=&_action=add%3Amembers",
		"members.0.name=A&members.1.name=B&has_members=yes&_action=remove%3Amembers%3A0&phone=0912+345+678",
		"plate=20A-1234&birth_date=2026-02-18&reasons=work&reasons=family&company=X",
	} {
		f.Add(seed)
	}
	form := fuzzForm()
	places := testPlaces(f)
	o := Options{Today: today, Places: places}
	f.Fuzz(func(t *testing.T, data string) {
		var a Answers
		if err := json.Unmarshal([]byte(data), &a); err != nil {
			v, _ := url.ParseQuery(data) // a partly broken query still has values
			a = form.Decode(v, "", nil)
			a, _ = form.ApplyAction(a, v.Get(ActionField))
		}
		out, errs := form.Clean(a, o)
		again, errs2 := form.Clean(out, o)
		if diff := cmp.Diff(out, again); diff != "" {
			t.Fatalf("Clean is not idempotent on %q (-first +second):\n%s", data, diff)
		}
		if diff := cmp.Diff(errs, errs2); diff != "" {
			t.Fatalf("Clean's errors change on a second pass for %q (-first +second):\n%s", data, diff)
		}
		// The page-by-page path keeps the same answers.
		if byPage, _ := form.Clean(a, Options{Page: "ho-gia-dinh", Today: today, Places: places}); !cmp.Equal(out, byPage) {
			t.Fatalf("answers depend on the page for %q", data)
		}
		if len(errs) == 0 {
			// Clean answers survive storage as JSON.
			b, err := json.Marshal(out)
			if err != nil {
				t.Fatal(err)
			}
			var back Answers
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatalf("Unmarshal(%s): %v", b, err)
			}
			if diff := cmp.Diff(out, back); diff != "" {
				t.Fatalf("JSON round trip of clean answers (-before +after):\n%s", diff)
			}
		}
		// The other readers of answers must not panic either.
		form.Visible(out)
		form.Summary(out, places)
		form.RegistryKeys(out)
		form.Prefill(a, func(string, string) (string, bool) { return data, true })
	})
}
