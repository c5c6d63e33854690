package catalog

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Đổi giấy phép lái xe": "doi giay phep lai xe",
		"ĐĂNG KÝ KHAI SINH":    "dang ky khai sinh",
		"Người nước ngoài":     "nguoi nuoc ngoai",
		"1.001193":             "1.001193",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHighlight(t *testing.T) {
	for _, tc := range []struct {
		text, query string
		want        []Segment
	}{
		{"Đổi giấy phép lái xe", "giay phep lai xe", []Segment{{"Đổi ", false}, {"giấy phép lái xe", true}}},
		{"Đăng ký khai sinh", "ĐĂNG KÝ", []Segment{{"Đăng ký", true}, {" khai sinh", false}}},
		{"Đăng ký khai sinh", "khai sjnh", []Segment{{"Đăng ký ", false}, {"khai sinh", true}}},
		{"Mã 1.001193 (hộ tịch)", "1.001193", []Segment{{"Mã ", false}, {"1.001193", true}, {" (hộ tịch)", false}}},
		{"Cấp phiếu lý lịch tư pháp", "", []Segment{{"Cấp phiếu lý lịch tư pháp", false}}},
		{"xe, xe.", "xe", []Segment{{"xe", true}, {", ", false}, {"xe", true}, {".", false}}},
	} {
		if diff := cmp.Diff(tc.want, Highlight(tc.text, tc.query)); diff != "" {
			t.Errorf("Highlight(%q, %q) (-want +got):\n%s", tc.text, tc.query, diff)
		}
	}
}

func TestWithinOneEdit(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"sinh", "sjnh", true}, {"sinh", "sin", true}, {"sinh", "sinhh", true}, {"sinh", "snh", true},
		{"sinh", "sihn", false}, {"sinh", "si", false}, {"sinh", "sinh", true},
	} {
		if got := withinOneEdit(tc.a, tc.b); got != tc.want {
			t.Errorf("withinOneEdit(%q, %q) = %v", tc.a, tc.b, got)
		}
	}
}
