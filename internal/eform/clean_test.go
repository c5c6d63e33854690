package eform

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/valid"
)

// testPlaces is a small national list: two provinces, three communes.
func testPlaces(t testing.TB) *org.Places {
	t.Helper()
	p, err := org.ParsePlaces(strings.NewReader(`[
		{"code":"19","name":"Tỉnh Thái Nguyên","communes":[{"code":"05443","name":"Phường Phan Đình Phùng"},{"code":"01840","name":"Phường Đức Xuân"}]},
		{"code":"01","name":"Thành phố Hà Nội","communes":[{"code":"00004","name":"Phường Ba Đình"}]}]`))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// today is 17/02/2026 in Vietnam, though still the 16th in UTC.
var today = time.Date(2026, 2, 16, 20, 0, 0, 0, time.UTC)

func ptr[T any](v T) *T { return &v }

// single makes a one-page form of the given fields.
func single(fields ...Field) Form {
	return Form{Title: "Tờ khai", Pages: []Page{{ID: "p", Title: "Trang", Sections: []Section{{Fields: fields}}}}}
}

// fe is a field error with the label's two forms as the first arguments.
func fe(path, key, label string, extra ...any) valid.FieldError {
	return valid.FieldError{Field: path, Key: key, Args: append([]any{lowerFirst(label), label}, extra...)}
}

var yesNoOptions = []Option{{Value: "a", Label: "Phương án A"}, {Value: "b", Label: "Phương án B"}, {Value: "c", Label: "Phương án C"}}

func TestCleanKinds(t *testing.T) {
	tests := []struct {
		name    string
		field   Field
		in      Value
		want    *Value // nil: dropped
		wantErr []valid.FieldError
	}{
		// text
		{name: "text trimmed", field: Field{ID: "x", Kind: KindText, Label: "Họ và tên"}, in: Value{Text: "  Nguyễn Văn An \t"}, want: &Value{Text: "Nguyễn Văn An"}},
		{name: "text empty optional dropped", field: Field{ID: "x", Kind: KindText, Label: "Họ và tên"}, in: Value{Text: "   "}},
		{name: "text required", field: Field{ID: "x", Kind: KindText, Label: "Họ và tên", Required: true}, in: Value{Text: " "},
			wantErr: []valid.FieldError{fe("x", "eform.error.required", "Họ và tên")}},
		{name: "text max length in runes ok", field: Field{ID: "x", Kind: KindText, Label: "Tên", MaxLength: 6}, in: Value{Text: "Nguyễn"}, want: &Value{Text: "Nguyễn"}},
		{name: "text too long", field: Field{ID: "x", Kind: KindText, Label: "Tên", MaxLength: 5}, in: Value{Text: "Nguyễn"}, want: &Value{Text: "Nguyễn"},
			wantErr: []valid.FieldError{fe("x", "eform.error.too_long", "Tên", 5)}},
		{name: "text default limit", field: Field{ID: "x", Kind: KindText, Label: "Tên"}, in: Value{Text: strings.Repeat("á", 1001)}, want: &Value{Text: strings.Repeat("á", 1001)},
			wantErr: []valid.FieldError{fe("x", "eform.error.too_long", "Tên", 1000)}},
		{name: "text too short", field: Field{ID: "x", Kind: KindText, Label: "Tên", MinLength: 3}, in: Value{Text: "An"}, want: &Value{Text: "An"},
			wantErr: []valid.FieldError{fe("x", "eform.error.too_short", "Tên", 3)}},
		{name: "pattern matches", field: Field{ID: "x", Kind: KindText, Label: "Biển số", Pattern: `[0-9]{2}[A-Z]-[0-9]{5}`}, in: Value{Text: "20A-12345"}, want: &Value{Text: "20A-12345"}},
		{name: "pattern must match the whole answer", field: Field{ID: "x", Kind: KindText, Label: "Biển số", Pattern: `[0-9]{2}[A-Z]-[0-9]{5}`}, in: Value{Text: "20A-123456"}, want: &Value{Text: "20A-123456"},
			wantErr: []valid.FieldError{fe("x", "eform.error.pattern", "Biển số")}},
		{name: "pattern alternation anchored as a whole", field: Field{ID: "x", Kind: KindText, Label: "Mã", Pattern: `a|b`}, in: Value{Text: "ab"}, want: &Value{Text: "ab"},
			wantErr: []valid.FieldError{fe("x", "eform.error.pattern", "Mã")}},
		{name: "pattern message after the label", field: Field{ID: "x", Kind: KindText, Label: "Biển số", Pattern: `[0-9]+`, PatternMessage: "Chỉ gồm chữ số"}, in: Value{Text: "1a"}, want: &Value{Text: "1a"},
			wantErr: []valid.FieldError{fe("x", "eform.error.pattern_custom", "Biển số", "chỉ gồm chữ số")}},
		{name: "bad pattern checks nothing", field: Field{ID: "x", Kind: KindText, Label: "Mã", Pattern: `(`}, in: Value{Text: "x"}, want: &Value{Text: "x"}},
		{name: "textarea line ends", field: Field{ID: "x", Kind: KindTextarea, Label: "Lý do"}, in: Value{Text: "\r\n dòng 1\r\ndòng 2\rdòng 3 \r\n"}, want: &Value{Text: "dòng 1\ndòng 2\ndòng 3"}},
		{name: "textarea default limit", field: Field{ID: "x", Kind: KindTextarea, Label: "Lý do"}, in: Value{Text: strings.Repeat("a", 10000)}, want: &Value{Text: strings.Repeat("a", 10000)}},

		// number
		{name: "number comma", field: Field{ID: "x", Kind: KindNumber, Label: "Diện tích"}, in: Value{Text: "2,5"}, want: &Value{Text: "2.5"}},
		{name: "number zeros", field: Field{ID: "x", Kind: KindNumber, Label: "Diện tích"}, in: Value{Text: "-007,500"}, want: &Value{Text: "-7.5"}},
		{name: "number minus zero", field: Field{ID: "x", Kind: KindNumber, Label: "Diện tích"}, in: Value{Text: "-0.0"}, want: &Value{Text: "0"}},
		{name: "number leading mark", field: Field{ID: "x", Kind: KindNumber, Label: "Diện tích"}, in: Value{Text: ",5"}, want: &Value{Text: "0.5"}},
		{name: "number many digits kept exactly", field: Field{ID: "x", Kind: KindNumber, Label: "Số"}, in: Value{Text: "12345678901234567890.123"}, want: &Value{Text: "12345678901234567890.123"}},
		{name: "number two marks", field: Field{ID: "x", Kind: KindNumber, Label: "Diện tích"}, in: Value{Text: "1.000,5"}, want: &Value{Text: "1.000,5"},
			wantErr: []valid.FieldError{fe("x", "eform.error.number", "Diện tích")}},
		{name: "number trailing mark", field: Field{ID: "x", Kind: KindNumber, Label: "Diện tích"}, in: Value{Text: "5."}, want: &Value{Text: "5."},
			wantErr: []valid.FieldError{fe("x", "eform.error.number", "Diện tích")}},
		{name: "number words", field: Field{ID: "x", Kind: KindNumber, Label: "Diện tích"}, in: Value{Text: "hai"}, want: &Value{Text: "hai"},
			wantErr: []valid.FieldError{fe("x", "eform.error.number", "Diện tích")}},
		{name: "number min", field: Field{ID: "x", Kind: KindNumber, Label: "Diện tích", Min: ptr(2.5)}, in: Value{Text: "2,4"}, want: &Value{Text: "2.4"},
			wantErr: []valid.FieldError{fe("x", "eform.error.number_min", "Diện tích", "2,5")}},
		{name: "number max", field: Field{ID: "x", Kind: KindNumber, Label: "Diện tích", Max: ptr(10.0)}, in: Value{Text: "10,01"}, want: &Value{Text: "10.01"},
			wantErr: []valid.FieldError{fe("x", "eform.error.number_max", "Diện tích", "10")}},
		{name: "number bounds inclusive", field: Field{ID: "x", Kind: KindNumber, Label: "Diện tích", Min: ptr(2.5), Max: ptr(2.5)}, in: Value{Text: "2,50"}, want: &Value{Text: "2.5"}},

		// money
		{name: "money dots", field: Field{ID: "x", Kind: KindMoney, Label: "Số tiền"}, in: Value{Text: "1.500.000"}, want: &Value{Text: "1500000"}},
		{name: "money commas", field: Field{ID: "x", Kind: KindMoney, Label: "Số tiền"}, in: Value{Text: "1,500,000"}, want: &Value{Text: "1500000"}},
		{name: "money plain", field: Field{ID: "x", Kind: KindMoney, Label: "Số tiền"}, in: Value{Text: "1500000"}, want: &Value{Text: "1500000"}},
		{name: "money spaces and unit", field: Field{ID: "x", Kind: KindMoney, Label: "Số tiền"}, in: Value{Text: "1 500 000 đồng"}, want: &Value{Text: "1500000"}},
		{name: "money VND", field: Field{ID: "x", Kind: KindMoney, Label: "Số tiền"}, in: Value{Text: "20.000 VND"}, want: &Value{Text: "20000"}},
		{name: "money zero", field: Field{ID: "x", Kind: KindMoney, Label: "Số tiền"}, in: Value{Text: "000"}, want: &Value{Text: "0"}},
		{name: "money decimals refused", field: Field{ID: "x", Kind: KindMoney, Label: "Số tiền"}, in: Value{Text: "1,5"}, want: &Value{Text: "1,5"},
			wantErr: []valid.FieldError{fe("x", "eform.error.money", "Số tiền")}},
		{name: "money bad grouping", field: Field{ID: "x", Kind: KindMoney, Label: "Số tiền"}, in: Value{Text: "15.00.000"}, want: &Value{Text: "15.00.000"},
			wantErr: []valid.FieldError{fe("x", "eform.error.money", "Số tiền")}},
		{name: "money mixed grouping", field: Field{ID: "x", Kind: KindMoney, Label: "Số tiền"}, in: Value{Text: "1.500,000"}, want: &Value{Text: "1.500,000"},
			wantErr: []valid.FieldError{fe("x", "eform.error.money", "Số tiền")}},
		{name: "money negative", field: Field{ID: "x", Kind: KindMoney, Label: "Số tiền"}, in: Value{Text: "-5"}, want: &Value{Text: "-5"},
			wantErr: []valid.FieldError{fe("x", "eform.error.money", "Số tiền")}},
		{name: "money max", field: Field{ID: "x", Kind: KindMoney, Label: "Số tiền", Max: ptr(1000000.0)}, in: Value{Text: "1.000.001"}, want: &Value{Text: "1000001"},
			wantErr: []valid.FieldError{fe("x", "eform.error.number_max", "Số tiền", "1.000.000")}},
		{name: "money min", field: Field{ID: "x", Kind: KindMoney, Label: "Số tiền", Min: ptr(1000.0)}, in: Value{Text: "999"}, want: &Value{Text: "999"},
			wantErr: []valid.FieldError{fe("x", "eform.error.number_min", "Số tiền", "1.000")}},
		{name: "money too large", field: Field{ID: "x", Kind: KindMoney, Label: "Số tiền"}, in: Value{Text: "1234567890123456"}, want: &Value{Text: "1234567890123456"},
			wantErr: []valid.FieldError{fe("x", "eform.error.too_large", "Số tiền")}},

		// date
		{name: "date slashes", field: Field{ID: "x", Kind: KindDate, Label: "Ngày sinh"}, in: Value{Text: "17/02/2026"}, want: &Value{Text: "2026-02-17"}},
		{name: "date dashes", field: Field{ID: "x", Kind: KindDate, Label: "Ngày sinh"}, in: Value{Text: "17-02-2026"}, want: &Value{Text: "2026-02-17"}},
		{name: "date iso", field: Field{ID: "x", Kind: KindDate, Label: "Ngày sinh"}, in: Value{Text: "2026-02-17"}, want: &Value{Text: "2026-02-17"}},
		{name: "date one digit parts", field: Field{ID: "x", Kind: KindDate, Label: "Ngày sinh"}, in: Value{Text: " 7 / 2 / 2026 "}, want: &Value{Text: "2026-02-07"}},
		{name: "date not real", field: Field{ID: "x", Kind: KindDate, Label: "Ngày sinh"}, in: Value{Text: "31/02/2026"}, want: &Value{Text: "31/02/2026"},
			wantErr: []valid.FieldError{fe("x", "eform.error.date", "Ngày sinh")}},
		{name: "date two-digit year", field: Field{ID: "x", Kind: KindDate, Label: "Ngày sinh"}, in: Value{Text: "17/02/26"}, want: &Value{Text: "17/02/26"},
			wantErr: []valid.FieldError{fe("x", "eform.error.date", "Ngày sinh")}},
		{name: "date leap day", field: Field{ID: "x", Kind: KindDate, Label: "Ngày sinh"}, in: Value{Text: "29/02/2024"}, want: &Value{Text: "2024-02-29"}},
		{name: "date max today is today in Vietnam", field: Field{ID: "x", Kind: KindDate, Label: "Ngày sinh", MaxDate: "today"}, in: Value{Text: "17/02/2026"}, want: &Value{Text: "2026-02-17"}},
		{name: "date max today", field: Field{ID: "x", Kind: KindDate, Label: "Ngày sinh", MaxDate: "today"}, in: Value{Text: "18/02/2026"}, want: &Value{Text: "2026-02-18"},
			wantErr: []valid.FieldError{fe("x", "eform.error.date_max_today", "Ngày sinh")}},
		{name: "date min today", field: Field{ID: "x", Kind: KindDate, Label: "Ngày hẹn", MinDate: "today"}, in: Value{Text: "16/02/2026"}, want: &Value{Text: "2026-02-16"},
			wantErr: []valid.FieldError{fe("x", "eform.error.date_min_today", "Ngày hẹn")}},
		{name: "date min", field: Field{ID: "x", Kind: KindDate, Label: "Ngày sinh", MinDate: "1900-01-01"}, in: Value{Text: "31/12/1899"}, want: &Value{Text: "1899-12-31"},
			wantErr: []valid.FieldError{fe("x", "eform.error.date_min", "Ngày sinh", "01/01/1900")}},
		{name: "date min inclusive", field: Field{ID: "x", Kind: KindDate, Label: "Ngày sinh", MinDate: "1900-01-01"}, in: Value{Text: "01/01/1900"}, want: &Value{Text: "1900-01-01"}},
		{name: "date max", field: Field{ID: "x", Kind: KindDate, Label: "Ngày sinh", MaxDate: "2025-07-01"}, in: Value{Text: "02/07/2025"}, want: &Value{Text: "2025-07-02"},
			wantErr: []valid.FieldError{fe("x", "eform.error.date_max", "Ngày sinh", "01/07/2025")}},
		{name: "date bad bound checks nothing", field: Field{ID: "x", Kind: KindDate, Label: "Ngày sinh", MaxDate: "tomorrow"}, in: Value{Text: "02/07/2099"}, want: &Value{Text: "2099-07-02"}},

		// choices
		{name: "select", field: Field{ID: "x", Kind: KindSelect, Label: "Dân tộc", Options: yesNoOptions}, in: Value{Text: " b "}, want: &Value{Text: "b"}},
		{name: "select unknown", field: Field{ID: "x", Kind: KindSelect, Label: "Dân tộc", Options: yesNoOptions}, in: Value{Text: "z"}, want: &Value{Text: "z"},
			wantErr: []valid.FieldError{fe("x", "eform.error.option", "Dân tộc")}},
		{name: "select required", field: Field{ID: "x", Kind: KindSelect, Label: "Dân tộc", Required: true, Options: yesNoOptions},
			wantErr: []valid.FieldError{fe("x", "eform.error.required_choice", "Dân tộc")}},
		{name: "radio", field: Field{ID: "x", Kind: KindRadio, Label: "Giới tính", Options: yesNoOptions}, in: Value{Text: "a"}, want: &Value{Text: "a"}},
		{name: "radio unknown", field: Field{ID: "x", Kind: KindRadio, Label: "Giới tính", Options: yesNoOptions}, in: Value{Text: "A"}, want: &Value{Text: "A"},
			wantErr: []valid.FieldError{fe("x", "eform.error.option", "Giới tính")}},
		{name: "radio required", field: Field{ID: "x", Kind: KindRadio, Label: "Giới tính", Required: true, Options: yesNoOptions},
			wantErr: []valid.FieldError{fe("x", "eform.error.required_choice", "Giới tính")}},
		{name: "checkboxes in option order, once", field: Field{ID: "x", Kind: KindCheckboxes, Label: "Giấy tờ", Options: yesNoOptions}, in: Value{List: []string{"c", " a ", "a", ""}}, want: &Value{List: []string{"a", "c"}}},
		{name: "checkboxes unknown kept last", field: Field{ID: "x", Kind: KindCheckboxes, Label: "Giấy tờ", Options: yesNoOptions}, in: Value{List: []string{"z", "b"}}, want: &Value{List: []string{"b", "z"}},
			wantErr: []valid.FieldError{fe("x", "eform.error.option", "Giấy tờ")}},
		{name: "checkboxes none optional", field: Field{ID: "x", Kind: KindCheckboxes, Label: "Giấy tờ", Options: yesNoOptions}, in: Value{List: []string{" "}}},
		{name: "checkboxes required", field: Field{ID: "x", Kind: KindCheckboxes, Label: "Giấy tờ", Required: true, Options: yesNoOptions}, in: Value{List: []string{}},
			wantErr: []valid.FieldError{fe("x", "eform.error.required_choice", "Giấy tờ")}},
		{name: "yesno", field: Field{ID: "x", Kind: KindYesNo, Label: "Đã kết hôn?"}, in: Value{Text: "no"}, want: &Value{Text: "no"}},
		{name: "yesno strict", field: Field{ID: "x", Kind: KindYesNo, Label: "Đã kết hôn?"}, in: Value{Text: "Yes"}, want: &Value{Text: "Yes"},
			wantErr: []valid.FieldError{fe("x", "eform.error.required_yesno", "Đã kết hôn?")}},
		{name: "yesno required", field: Field{ID: "x", Kind: KindYesNo, Label: "Đã kết hôn?", Required: true},
			wantErr: []valid.FieldError{fe("x", "eform.error.required_yesno", "Đã kết hôn?")}},

		// identifiers
		{name: "email", field: Field{ID: "x", Kind: KindEmail, Label: "Email"}, in: Value{Text: " an@example.vn "}, want: &Value{Text: "an@example.vn"}},
		{name: "email bad", field: Field{ID: "x", Kind: KindEmail, Label: "Email"}, in: Value{Text: "an@"}, want: &Value{Text: "an@"},
			wantErr: []valid.FieldError{fe("x", "eform.error.email", "Email")}},
		{name: "email required", field: Field{ID: "x", Kind: KindEmail, Label: "Email", Required: true},
			wantErr: []valid.FieldError{fe("x", "eform.error.required", "Email")}},
		{name: "phone normalised", field: Field{ID: "x", Kind: KindPhone, Label: "Số điện thoại"}, in: Value{Text: "+84 912.345.678"}, want: &Value{Text: "0912345678"}},
		{name: "phone bad kept as typed", field: Field{ID: "x", Kind: KindPhone, Label: "Số điện thoại"}, in: Value{Text: "0123 45"}, want: &Value{Text: "0123 45"},
			wantErr: []valid.FieldError{fe("x", "eform.error.phone", "Số điện thoại")}},
		{name: "personal id spaces", field: Field{ID: "x", Kind: KindPersonalID, Label: "Số định danh cá nhân"}, in: Value{Text: "001 234 567 890"}, want: &Value{Text: "001234567890"}},
		{name: "personal id bad", field: Field{ID: "x", Kind: KindPersonalID, Label: "Số định danh cá nhân"}, in: Value{Text: "099 234 567 890"}, want: &Value{Text: "099 234 567 890"},
			wantErr: []valid.FieldError{fe("x", "eform.error.personal_id", "Số định danh cá nhân")}},
		{name: "tax code", field: Field{ID: "x", Kind: KindTaxCode, Label: "Mã số thuế"}, in: Value{Text: "0101 234 565-001"}, want: &Value{Text: "0101234565-001"}},
		{name: "tax code check digit", field: Field{ID: "x", Kind: KindTaxCode, Label: "Mã số thuế"}, in: Value{Text: "0101234566"}, want: &Value{Text: "0101234566"},
			wantErr: []valid.FieldError{fe("x", "eform.error.tax_code", "Mã số thuế")}},

		// address
		{name: "address", field: Field{ID: "x", Kind: KindAddress, Label: "Nơi thường trú", Required: true},
			in:   Value{Address: &Address{Province: " 19 ", Commune: "05443", Street: " Tổ 5 "}},
			want: &Value{Address: &Address{Province: "19", Commune: "05443", Street: "Tổ 5"}}},
		{name: "address optional without street", field: Field{ID: "x", Kind: KindAddress, Label: "Nơi ở"},
			in:   Value{Address: &Address{Province: "01", Commune: "00004"}},
			want: &Value{Address: &Address{Province: "01", Commune: "00004"}}},
		{name: "address empty optional", field: Field{ID: "x", Kind: KindAddress, Label: "Nơi ở"}, in: Value{Address: &Address{Street: "  "}}},
		{name: "address required empty", field: Field{ID: "x", Kind: KindAddress, Label: "Nơi thường trú", Required: true}, in: Value{Address: &Address{}},
			wantErr: []valid.FieldError{fe("x.province", "eform.error.province_required", "Nơi thường trú")}},
		{name: "address partial", field: Field{ID: "x", Kind: KindAddress, Label: "Nơi ở"}, in: Value{Address: &Address{Street: "Tổ 5"}},
			want:    &Value{Address: &Address{Street: "Tổ 5"}},
			wantErr: []valid.FieldError{fe("x.province", "eform.error.province_required", "Nơi ở")}},
		{name: "address commune missing, street required", field: Field{ID: "x", Kind: KindAddress, Label: "Nơi ở", Required: true}, in: Value{Address: &Address{Province: "19"}},
			want: &Value{Address: &Address{Province: "19"}},
			wantErr: []valid.FieldError{
				fe("x.commune", "eform.error.commune_required", "Nơi ở"),
				fe("x.street", "eform.error.street_required", "Nơi ở"),
			}},
		{name: "address unknown province", field: Field{ID: "x", Kind: KindAddress, Label: "Nơi ở"}, in: Value{Address: &Address{Province: "99", Commune: "05443"}},
			want:    &Value{Address: &Address{Province: "99", Commune: "05443"}},
			wantErr: []valid.FieldError{fe("x.province", "eform.error.province_unknown", "Nơi ở")}},
		{name: "address commune of another province", field: Field{ID: "x", Kind: KindAddress, Label: "Nơi ở"}, in: Value{Address: &Address{Province: "01", Commune: "05443"}},
			want:    &Value{Address: &Address{Province: "01", Commune: "05443"}},
			wantErr: []valid.FieldError{fe("x.commune", "eform.error.commune_unknown", "Nơi ở")}},
		{name: "address street too long", field: Field{ID: "x", Kind: KindAddress, Label: "Nơi ở"}, in: Value{Address: &Address{Province: "01", Commune: "00004", Street: strings.Repeat("x", 501)}},
			want:    &Value{Address: &Address{Province: "01", Commune: "00004", Street: strings.Repeat("x", 501)}},
			wantErr: []valid.FieldError{fe("x.street", "eform.error.too_long", "Nơi ở", 500)}},

		// file
		{name: "file", field: Field{ID: "x", Kind: KindFile, Label: "Bản sao giấy khai sinh", Document: ptr(0)}, in: Value{List: []string{" a1 ", "a2", "a1", ""}}, want: &Value{List: []string{"a1", "a2"}}},
		{name: "file required", field: Field{ID: "x", Kind: KindFile, Label: "Bản sao giấy khai sinh", Required: true, Document: ptr(0)},
			wantErr: []valid.FieldError{fe("x", "eform.error.required_file", "Bản sao giấy khai sinh")}},

		// wrong shapes, as an API client may send
		{name: "list for text", field: Field{ID: "x", Kind: KindText, Label: "Tên"}, in: Value{List: []string{"a"}}, want: &Value{List: []string{"a"}},
			wantErr: []valid.FieldError{fe("x", "eform.error.shape", "Tên")}},
		{name: "text for checkboxes", field: Field{ID: "x", Kind: KindCheckboxes, Label: "Giấy tờ", Options: yesNoOptions}, in: Value{Text: "a"}, want: &Value{Text: "a"},
			wantErr: []valid.FieldError{fe("x", "eform.error.shape", "Giấy tờ")}},
		{name: "text for address", field: Field{ID: "x", Kind: KindAddress, Label: "Nơi ở"}, in: Value{Text: "Hà Nội"}, want: &Value{Text: "Hà Nội"},
			wantErr: []valid.FieldError{fe("x", "eform.error.shape", "Nơi ở")}},
		{name: "list for group", field: Field{ID: "x", Kind: KindGroup, Label: "Con", Fields: []Field{{ID: "n", Kind: KindText, Label: "Tên"}}}, in: Value{List: []string{"a"}}, want: &Value{List: []string{"a"}},
			wantErr: []valid.FieldError{fe("x", "eform.error.shape", "Con")}},
		{name: "empty parts of another shape are no answer", field: Field{ID: "x", Kind: KindText, Label: "Tên"}, in: Value{Text: "a", List: []string{}, Address: &Address{}, Items: []Answers{}}, want: &Value{Text: "a"}},
		{name: "unknown kind dropped", field: Field{ID: "x", Kind: "colour", Label: "Màu"}, in: Value{Text: "red"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := single(tt.field)
			got, errs := form.Clean(Answers{"x": tt.in}, Options{Today: today, Places: testPlaces(t)})
			want := Answers{}
			if tt.want != nil {
				want["x"] = *tt.want
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("answers (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(valid.Errors(tt.wantErr), errs); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
			// Idempotence: cleaning the cleaned answers changes nothing.
			again, errs2 := form.Clean(got, Options{Today: today, Places: testPlaces(t)})
			if diff := cmp.Diff(got, again); diff != "" {
				t.Errorf("second Clean changed the answers (-first +second):\n%s", diff)
			}
			if diff := cmp.Diff(errs, errs2); diff != "" {
				t.Errorf("second Clean changed the errors (-first +second):\n%s", diff)
			}
		})
	}
}

func TestCleanAddressWithoutPlaces(t *testing.T) {
	form := single(Field{ID: "x", Kind: KindAddress, Label: "Nơi ở"})
	got, errs := form.Clean(Answers{"x": {Address: &Address{Province: "99", Commune: "12345"}}}, Options{Today: today})
	if len(errs) != 0 {
		t.Errorf("errors without a place list: %v", errs)
	}
	if diff := cmp.Diff(Answers{"x": {Address: &Address{Province: "99", Commune: "12345"}}}, got); diff != "" {
		t.Errorf("answers (-want +got):\n%s", diff)
	}
}

func TestCleanTodayDefaultsToNow(t *testing.T) {
	form := single(Field{ID: "x", Kind: KindDate, Label: "Ngày", MaxDate: "today"})
	future := time.Now().In(vnZone).AddDate(0, 0, 2).Format(isoDate)
	if _, errs := form.Clean(Answers{"x": {Text: future}}, Options{}); !errs.Has("x") {
		t.Errorf("a date two days ahead passed MaxDate today: %v", errs)
	}
}

// household is a two-page form with conditions and a group.
func household() Form {
	return Form{Title: "Đăng ký thường trú", Pages: []Page{
		{ID: "nguoi-khai", Title: "Người khai", Sections: []Section{{Fields: []Field{
			{ID: "full_name", Kind: KindText, Label: "Họ và tên", Required: true},
			{ID: "married", Kind: KindYesNo, Label: "Đã kết hôn?", Required: true},
			{ID: "spouse_name", Kind: KindText, Label: "Họ và tên vợ hoặc chồng", Required: true,
				ShowIf: &Condition{Field: "married", In: []string{"yes"}}},
			{ID: "spouse_docs", Kind: KindCheckboxes, Label: "Giấy tờ của vợ hoặc chồng", Options: yesNoOptions,
				ShowIf: &Condition{Field: "married", In: []string{"yes"}}},
			{ID: "spouse_doc_note", Kind: KindText, Label: "Ghi chú giấy tờ", Required: true,
				ShowIf: &Condition{Field: "spouse_docs", In: []string{"c"}}},
		}}}},
		{ID: "ho-gia-dinh", Title: "Hộ gia đình", Sections: []Section{{Title: "Thành viên", Fields: []Field{
			{ID: "members", Kind: KindGroup, Label: "Thành viên hộ gia đình", ItemLabel: "Người thứ {n}", MinItems: 1, MaxItems: 3, Fields: []Field{
				{ID: "name", Kind: KindText, Label: "Họ và tên", Required: true},
				{ID: "relation", Kind: KindRadio, Label: "Quan hệ với chủ hộ", Required: true, Options: []Option{{"child", "Con"}, {"other", "Khác"}}},
				{ID: "relation_other", Kind: KindText, Label: "Quan hệ khác", Required: true,
					ShowIf: &Condition{Field: "relation", In: []string{"other"}}},
				{ID: "spouse_of_member", Kind: KindText, Label: "Tên vợ hoặc chồng của thành viên",
					ShowIf: &Condition{Field: "married", In: []string{"yes"}}},
				{ID: "home", Kind: KindAddress, Label: "Nơi ở hiện tại"},
			}},
			{ID: "notes", Kind: KindTextarea, Label: "Ghi chú"},
		}}}},
	}}
}

func TestCleanVisibility(t *testing.T) {
	f := household()
	o := Options{Today: today, Places: testPlaces(t)}

	// Married: the spouse fields show, and the note once "c" is checked.
	got, errs := f.Clean(Answers{
		"full_name":   {Text: "An"},
		"married":     {Text: "yes"},
		"spouse_docs": {List: []string{"c"}},
		"unknown":     {Text: "dropped"},
	}, o)
	want := Answers{
		"full_name":   {Text: "An"},
		"married":     {Text: "yes"},
		"spouse_docs": {List: []string{"c"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("answers (-want +got):\n%s", diff)
	}
	wantErrs := valid.Errors{
		fe("spouse_name", "eform.error.required", "Họ và tên vợ hoặc chồng"),
		fe("spouse_doc_note", "eform.error.required", "Ghi chú giấy tờ"),
		// No error for members: MinItems without Required lets the group
		// be left empty.
	}
	if diff := cmp.Diff(wantErrs, errs); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}

	// Not married: the chain hides spouse_docs and, through it, the note,
	// though the stale answers still say "c".
	got, errs = f.Clean(Answers{
		"full_name":       {Text: "An"},
		"married":         {Text: "no"},
		"spouse_name":     {Text: "Bình"},
		"spouse_docs":     {List: []string{"c"}},
		"spouse_doc_note": {Text: "x"},
	}, o)
	if diff := cmp.Diff(Answers{"full_name": {Text: "An"}, "married": {Text: "no"}}, got); diff != "" {
		t.Errorf("not married: answers (-want +got):\n%s", diff)
	}
	if len(errs) != 0 {
		t.Errorf("not married: errors %v", errs)
	}

	// An invalid controlling answer is kept as typed and matches nothing.
	got, _ = f.Clean(Answers{"married": {Text: " Yes "}, "spouse_name": {Text: "Bình"}}, o)
	if _, ok := got["spouse_name"]; ok {
		t.Errorf("spouse_name kept under an invalid married answer: %v", got)
	}

	vis := f.Visible(Answers{"married": {Text: "yes"}, "spouse_docs": {List: []string{"a"}},
		"members": {Items: []Answers{{"relation": {Text: "other"}}, {}}}})
	wantVis := map[string]bool{
		"full_name": true, "married": true, "spouse_name": true, "spouse_docs": true, "spouse_doc_note": false,
		"members": true, "notes": true,
		"members.0.name": true, "members.0.relation": true, "members.0.relation_other": true, "members.0.spouse_of_member": true, "members.0.home": true,
		"members.1.name": true, "members.1.relation": true, "members.1.relation_other": false, "members.1.spouse_of_member": true, "members.1.home": true,
	}
	if diff := cmp.Diff(wantVis, vis); diff != "" {
		t.Errorf("Visible (-want +got):\n%s", diff)
	}
}

func TestCleanGroups(t *testing.T) {
	f := household()
	o := Options{Today: today, Places: testPlaces(t)}
	in := Answers{
		"full_name": {Text: "An"},
		"married":   {Text: "no"},
		"members": {Items: []Answers{
			{"name": {Text: " Cúc "}, "relation": {Text: "child"}, "relation_other": {Text: "hidden"}, "spouse_of_member": {Text: "hidden"}, "stray": {Text: "x"}},
			{"relation": {Text: "other"}, "home": {Address: &Address{Province: "01", Commune: "05443"}}},
			{},
		}},
	}
	got, errs := f.Clean(in, o)
	want := Answers{
		"full_name": {Text: "An"},
		"married":   {Text: "no"},
		"members": {Items: []Answers{
			{"name": {Text: "Cúc"}, "relation": {Text: "child"}},
			{"relation": {Text: "other"}, "home": {Address: &Address{Province: "01", Commune: "05443"}}},
			{},
		}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("answers (-want +got):\n%s", diff)
	}
	wantErrs := valid.Errors{
		fe("members.1.name", "eform.error.required", "Họ và tên (Người thứ 2)"),
		fe("members.1.relation_other", "eform.error.required", "Quan hệ khác (Người thứ 2)"),
		fe("members.1.home.commune", "eform.error.commune_unknown", "Nơi ở hiện tại (Người thứ 2)"),
		fe("members.2.name", "eform.error.required", "Họ và tên (Người thứ 3)"),
		fe("members.2.relation", "eform.error.required_choice", "Quan hệ với chủ hộ (Người thứ 3)"),
	}
	if diff := cmp.Diff(wantErrs, errs); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	if errs[0].Args[0] != "họ và tên (Người thứ 2)" {
		t.Errorf("sub-field label arg %q", errs[0].Args[0])
	}

	// A sub-field's condition on a top-level field.
	got, _ = f.Clean(Answers{"married": {Text: "yes"}, "members": {Items: []Answers{{"spouse_of_member": {Text: "Dung"}}}}}, o)
	if diff := cmp.Diff([]Answers{{"spouse_of_member": {Text: "Dung"}}}, got["members"].Items); diff != "" {
		t.Errorf("top-level condition (-want +got):\n%s", diff)
	}

	// Item counts.
	items := func(n int) Value {
		v := Value{Items: make([]Answers, n)}
		for i := range v.Items {
			v.Items[i] = Answers{"name": {Text: "A"}, "relation": {Text: "child"}}
		}
		return v
	}
	for _, tc := range []struct {
		group Field
		v     Value
		want  valid.Errors
	}{
		{Field{ID: "g", Kind: KindGroup, Label: "Con", Required: true, Fields: []Field{{ID: "name", Kind: KindText, Label: "Tên"}}}, Value{},
			valid.Errors{fe("g", "eform.error.required_group", "Con")}},
		{Field{ID: "g", Kind: KindGroup, Label: "Con", Required: true, Fields: []Field{{ID: "name", Kind: KindText, Label: "Tên"}}}, Value{List: []string{}},
			valid.Errors{fe("g", "eform.error.required_group", "Con")}},
		{Field{ID: "g", Kind: KindGroup, Label: "Con", MinItems: 2, Fields: []Field{{ID: "name", Kind: KindText, Label: "Tên"}}}, items(1),
			valid.Errors{fe("g", "eform.error.too_few_items", "Con", 2)}},
		{Field{ID: "g", Kind: KindGroup, Label: "Con", MaxItems: 2, Fields: []Field{{ID: "name", Kind: KindText, Label: "Tên"}}}, items(3),
			valid.Errors{fe("g", "eform.error.too_many_items", "Con", 2)}},
		{Field{ID: "g", Kind: KindGroup, Label: "Con", MinItems: 2, MaxItems: 2, Fields: []Field{{ID: "name", Kind: KindText, Label: "Tên"}}}, items(2), nil},
	} {
		_, errs := single(tc.group).Clean(Answers{"g": tc.v}, o)
		if diff := cmp.Diff(tc.want, errs); diff != "" {
			t.Errorf("%d items of %+v (-want +got):\n%s", len(tc.v.Items), tc.group, diff)
		}
	}
}

func TestCleanPagesAndOrder(t *testing.T) {
	f := household()
	o := Options{Today: today, Places: testPlaces(t)}
	in := Answers{
		"married": {Text: "yes"},
		"members": {Items: []Answers{{"name": {Text: "Cúc"}}}},
		"notes":   {Text: strings.Repeat("x", 10001)},
	}
	all, errs := f.Clean(in, o)
	wantAll := valid.Errors{
		fe("full_name", "eform.error.required", "Họ và tên"),
		fe("spouse_name", "eform.error.required", "Họ và tên vợ hoặc chồng"),
		fe("members.0.relation", "eform.error.required_choice", "Quan hệ với chủ hộ (Người thứ 1)"),
		fe("notes", "eform.error.too_long", "Ghi chú", 10000),
	}
	if diff := cmp.Diff(wantAll, errs); diff != "" {
		t.Errorf("whole form (-want +got):\n%s", diff)
	}
	page2, errs := f.Clean(in, Options{Page: "ho-gia-dinh", Today: today, Places: testPlaces(t)})
	if diff := cmp.Diff(wantAll[2:], errs); diff != "" {
		t.Errorf("page 2 (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(all, page2); diff != "" {
		t.Errorf("answers differ by page (-whole +page):\n%s", diff)
	}
	_, errs = f.Clean(in, Options{Page: "nguoi-khai", Today: today})
	if diff := cmp.Diff(wantAll[:2], errs); diff != "" {
		t.Errorf("page 1 (-want +got):\n%s", diff)
	}
}

func TestCleanDoesNotShareInput(t *testing.T) {
	f := household()
	in := Answers{
		"spouse_docs": {List: []string{"a"}},
		"married":     {Text: "yes"},
		"members":     {Items: []Answers{{"home": {Address: &Address{Province: "19"}}}}},
		"notes":       {List: []string{"wrong shape"}},
	}
	out, _ := f.Clean(in, Options{Today: today})
	out["spouse_docs"].List[0] = "changed"
	out["members"].Items[0]["home"].Address.Province = "changed"
	out["notes"].List[0] = "changed"
	if in["spouse_docs"].List[0] != "a" || in["members"].Items[0]["home"].Address.Province != "19" || in["notes"].List[0] != "wrong shape" {
		t.Errorf("Clean's output shares memory with its input: %+v", in)
	}
}

func TestLowerFirst(t *testing.T) {
	for in, want := range map[string]string{
		"Họ và tên":                "họ và tên",
		"Email":                    "email",
		"CCCD":                     "CCCD",
		"Hà Nội nơi sinh":          "Hà Nội nơi sinh",
		"Đơn vị":                   "đơn vị",
		"  Số điện thoại ":         "số điện thoại",
		"":                         "",
		"x":                        "x",
		"Ủy ban nhân dân":          "ủy ban nhân dân",
		"Tên (Người thứ 2)":        "tên (Người thứ 2)",
		"Thái Nguyên là quê quán?": "Thái Nguyên là quê quán?",
	} {
		if got := lowerFirst(in); got != want {
			t.Errorf("lowerFirst(%q) = %q, want %q", in, got, want)
		}
	}
}
