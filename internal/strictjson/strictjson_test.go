package strictjson_test

import (
	"errors"
	"testing"

	"github.com/motcua/motcua/internal/strictjson"
)

type doc struct {
	Title string   `json:"title"`
	Tags  []string `json:"tags,omitempty"`
}

// The positions of every kind of problem are tested through
// eform.ParseForm; here, what the package promises on its own.
func TestDecodeAndFormat(t *testing.T) {
	in := doc{Title: "Tờ khai <mẫu> & bản sao", Tags: []string{"a"}}
	text := strictjson.Format(in)
	if string(text) != "{\n  \"title\": \"Tờ khai <mẫu> & bản sao\",\n  \"tags\": [\n    \"a\"\n  ]\n}" {
		t.Errorf("Format = %s", text)
	}
	var got doc
	if err := strictjson.Decode(text, &got); err != nil || got.Title != in.Title || len(got.Tags) != 1 {
		t.Errorf("Decode(Format) = %+v, %v", got, err)
	}
	err := strictjson.Decode([]byte("{\"title\": \"a\",\n  \"titel\": \"b\"}"), &got)
	var e *strictjson.Error
	if !errors.As(err, &e) || e.Kind != strictjson.UnknownField || e.Line != 2 || e.Column != 3 || e.Name != "titel" {
		t.Fatalf("unknown attribute: %#v", err)
	}
	if want := `JSON: unknown_field at line 2, column 3 (titel): json: unknown field "titel"`; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
}
