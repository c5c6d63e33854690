package eform_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/eform"
)

func TestParseFormRoundTrip(t *testing.T) {
	f := diffBase()
	lo, doc := 0.5, 2
	f.Pages[0].Sections[0].Fields[2].Fields[1].Min = &lo
	f.Pages[1].Sections[0].Fields = append(f.Pages[1].Sections[0].Fields,
		eform.Field{ID: "tep", Kind: eform.KindFile, Label: "Giấy <chứng> & sinh", Document: &doc})
	text := eform.FormatForm(f)
	if !strings.Contains(string(text), "\n  \"pages\": [\n") || !strings.Contains(string(text), "Giấy <chứng> & sinh") {
		t.Errorf("FormatForm is not indented JSON with the text as written:\n%s", text)
	}
	got, err := eform.ParseForm(text)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(f, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	if !eform.SameForm(f, got) {
		t.Error("SameForm is false after a round trip")
	}
	got.Pages[0].Title += "."
	if eform.SameForm(f, got) {
		t.Error("SameForm is true for different forms")
	}
}

func TestParseFormErrors(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     eform.JSONError // Err is not compared
	}{
		{"empty", " \n\t", eform.JSONError{Kind: eform.JSONEmpty}},
		{"syntax", "{\n  \"title\": \"Tờ khai\",\n  \"pages\": x\n}",
			eform.JSONError{Kind: eform.JSONSyntax, Line: 3, Column: 12}},
		{"syntax after accents, CRLF", "{\r\n  \"title\": \"Tờ khai đăng ký\" \"pages\": []\r\n}",
			eform.JSONError{Kind: eform.JSONSyntax, Line: 2, Column: 30}},
		{"missing comma", "{\"title\": \"a\",\n\"pages\": [{\"id\": \"a\"}\n{\"id\": \"b\"}]}",
			eform.JSONError{Kind: eform.JSONSyntax, Line: 3, Column: 1}},
		{"cut short", "{\"title\": \"a\",\n\"pages\": [\n\n",
			eform.JSONError{Kind: eform.JSONSyntax, Line: 2, Column: 11}},
		{"wrong type", "{\"title\": \"a\", \"pages\": [{\"id\": \"a\", \"sections\": [{\"fields\": [\n  {\"id\": \"x\", \"required\": \"yes\"}]}]}]}",
			eform.JSONError{Kind: eform.JSONType, Line: 2, Column: 27, Name: "pages.sections.fields.required", Expected: "boolean"}},
		{"wrong type of a bound", `{"pages": [{"sections": [{"fields": [{"min": "5"}]}]}]}`,
			eform.JSONError{Kind: eform.JSONType, Line: 1, Column: 46, Name: "pages.sections.fields.min", Expected: "number"}},
		{"wrong type, escaped quotes", `{"pages": [{"sections": [{"fields": [{"required": "a\"b\\"}]}]}]}`,
			eform.JSONError{Kind: eform.JSONType, Line: 1, Column: 51, Name: "pages.sections.fields.required", Expected: "boolean"}},
		{"wrong type, escaped quote in a string", `{"pages": [{"id": 5, "title": "a\"b"}], "title": 7}`,
			eform.JSONError{Kind: eform.JSONType, Line: 1, Column: 19, Name: "pages.id", Expected: "string"}},
		{"unknown attribute", "{\"title\": \"a\",\n \"pages\": [{\"id\": \"a\", \"requierd\": true}]}",
			eform.JSONError{Kind: eform.JSONUnknownField, Line: 2, Column: 24, Name: "requierd"}},
		{"trailing", "{\"title\": \"a\", \"pages\": []}\n\n  {}",
			eform.JSONError{Kind: eform.JSONTrailing, Line: 3, Column: 3}},
		{"array", `[]`, eform.JSONError{Kind: eform.JSONType, Line: 1, Column: 1, Expected: "object"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := eform.ParseForm([]byte(tc.in))
			var je *eform.JSONError
			if !errors.As(err, &je) {
				t.Fatalf("err = %v, want a *JSONError", err)
			}
			got := *je
			got.Err = nil
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s\n%v", diff, err)
			}
		})
	}
}
