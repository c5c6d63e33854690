package eform

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestValueJSON(t *testing.T) {
	tests := []struct {
		name string
		v    Value
		json string
	}{
		{"text", Value{Text: "Nguyễn Văn An"}, `"Nguyễn Văn An"`},
		{"empty text", Value{}, `""`},
		{"html characters escaped", Value{Text: "<b>&"}, `"\u003cb\u003e\u0026"`},
		{"list", Value{List: []string{"a", "b"}}, `["a","b"]`},
		{"empty list", Value{List: []string{}}, `[]`},
		{"address", Value{Address: &Address{Province: "19", Commune: "05443", Street: "Số 1, đường Hoàng Văn Thụ"}},
			`{"province":"19","commune":"05443","street":"Số 1, đường Hoàng Văn Thụ"}`},
		{"empty address", Value{Address: &Address{}}, `{"province":"","commune":"","street":""}`},
		{"items", Value{Items: []Answers{
			{"name": {Text: "An"}, "pets": {List: []string{"cat"}}, "home": {Address: &Address{Province: "01"}}},
			{},
		}}, `[{"home":{"province":"01","commune":"","street":""},"name":"An","pets":["cat"]},{}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := json.Marshal(tt.v)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.json {
				t.Errorf("Marshal = %s, want %s", got, tt.json)
			}
			var back Value
			if err := json.Unmarshal(got, &back); err != nil {
				t.Fatalf("Unmarshal(%s): %v", got, err)
			}
			if diff := cmp.Diff(tt.v, back); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
		})
	}
}

func TestValueJSONOddShapes(t *testing.T) {
	// A nil item is written as {} and reads back as an empty item.
	got, err := json.Marshal(Value{Items: []Answers{nil}})
	if err != nil || string(got) != `[{}]` {
		t.Errorf("nil item: %s, %v", got, err)
	}
	// Empty, non-nil Items cannot be told from an empty list.
	got, err = json.Marshal(Value{Items: []Answers{}})
	if err != nil || string(got) != `[]` {
		t.Errorf("empty items: %s, %v", got, err)
	}

	for _, tc := range []struct {
		in   string
		want Value
	}{
		{`null`, Value{}},
		{` "x" `, Value{Text: "x"}},
		{`{}`, Value{Address: &Address{}}},
		{`[ ]`, Value{List: []string{}}},
		{`[{"a":["x"]}]`, Value{Items: []Answers{{"a": {List: []string{"x"}}}}}},
	} {
		var v Value
		if err := json.Unmarshal([]byte(tc.in), &v); err != nil {
			t.Errorf("Unmarshal(%s): %v", tc.in, err)
			continue
		}
		if diff := cmp.Diff(tc.want, v); diff != "" {
			t.Errorf("Unmarshal(%s) (-want +got):\n%s", tc.in, diff)
		}
	}

	for _, in := range []string{`1`, `true`, `[1]`, `["a",1]`, `[{},"a"]`, `["a",{}]`, `[null]`, `[[]]`, `{"ward":"x"}`, `{"province":1}`, `[{"a":1}]`} {
		var v Value
		if err := json.Unmarshal([]byte(in), &v); err == nil {
			t.Errorf("Unmarshal(%s) = %+v, want an error", in, v)
		}
	}
	// Items inside items are refused before their content is read, so deep
	// nesting costs no more than reading the input once.
	deep := strings.Repeat(`[{"a":`, 5000) + `"x"` + strings.Repeat(`}]`, 5000)
	start := time.Now()
	var d Value
	if err := json.Unmarshal([]byte(deep), &d); !errors.Is(err, ErrNestedItems) {
		t.Errorf("deep nesting: error %v, want ErrNestedItems", err)
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("deep nesting took %v", el)
	}
	var v Value
	if err := json.Unmarshal([]byte(`[{"a":[{}]}]`), &v); !errors.Is(err, ErrNestedItems) {
		t.Errorf("items in items: error %v, want ErrNestedItems", err)
	}
	if err := json.Unmarshal([]byte(`[1]`), &v); !errors.Is(err, ErrValueJSON) {
		t.Errorf("Unmarshal([1]) error = %v, want ErrValueJSON", err)
	}
}

func TestAnswersJSON(t *testing.T) {
	in := Answers{
		"full_name": {Text: "Trần Thị Bình"},
		"children":  {Items: []Answers{{"name": {Text: "Cúc"}}}},
		"docs":      {List: []string{"att-1"}},
		"home":      {Address: &Address{Province: "19", Commune: "05443", Street: "Tổ 5"}},
	}
	data, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out Answers
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, out); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}
