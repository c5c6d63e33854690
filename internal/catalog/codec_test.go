package catalog

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/unicode/norm"
)

// codecRecords are valid records that together use every field and every
// value of the vocabularies.
func codecRecords() []Record {
	return []Record{
		{
			Code: "1.001193", Name: "Đăng ký khai sinh", Decision: "1234/QĐ-UBND", Level: LevelCommune,
			Field:    Field{Code: "HT", Name: "Hộ tịch"},
			Subjects: []Subject{SubjectCitizen, SubjectForeigner},
			Agencies: []Agency{
				{Role: AgencyCompetent, Name: "UBND cấp xã", UnitKind: "commune"},
				{Role: AgencyImplementing, Name: "UBND cấp xã", UnitKind: "commune"},
				{Role: AgencyImplementing, Name: "Sở Tư pháp", UnitCode: "000.00.02.H19"},
				{Role: AgencyCoordinating, Name: "Công an tỉnh", UnitCode: "000.00.03.H19"},
			},
			Cases: []Case{{
				Name: "Đăng ký khai sinh đúng hạn", Steps: "Bước 1: nộp tờ khai.\nBước 2: nhận kết quả.",
				Channels: []Channel{
					{Kind: ChannelDirect, Unit: SameDay, Description: "Trong ngày làm việc"},
					{Kind: ChannelOnline, Unit: SameDay, Fees: []Fee{{Kind: KindLePhi, Amount: 0, Description: "Miễn lệ phí"}}},
					{Kind: ChannelPostal, Duration: 0.5, Unit: WorkingDays, NotAvailable: true},
				},
				Documents: []Document{
					{Name: "Tờ khai đăng ký khai sinh", Originals: 1, Template: "to-khai.docx", Required: true},
					{Name: "Giấy chứng sinh", Originals: 1, Copies: 2, Notes: "bản chính hoặc bản sao", Required: true},
					{Name: "Lưu ý: xuất trình CCCD"},
				},
			}},
			Results:    []Result{{Code: "KQ01", Name: "Giấy khai sinh", Template: "giay-khai-sinh.pdf"}},
			Conditions: "Không",
			LegalBases: []LegalBasis{
				{Number: "60/2014/QH13", Title: "Luật Hộ tịch", Date: "2014-11-20", Issuer: "Quốc hội"},
				{Number: "123/2015/NĐ-CP", Title: "Nghị định hướng dẫn Luật Hộ tịch"},
			},
			OnlineLevel: OnlineFull, EffectiveFrom: "2025-07-01",
		},
		{
			Code: "2.002154", Name: "Cấp giấy phép xây dựng", Level: LevelProvince,
			Field:    Field{Code: "XD", Name: "Xây dựng"},
			Subjects: []Subject{SubjectBusiness, SubjectOrganisation, SubjectCitizen},
			Agencies: []Agency{{Role: AgencyImplementing, Name: "Sở Xây dựng", UnitCode: "000.00.10.H19"}},
			Cases: []Case{
				{
					Name: "Công trình cấp I", Steps: "Nộp hồ sơ",
					Channels: []Channel{
						{Kind: ChannelDirect, Duration: 20, Unit: WorkingDays,
							Fees: []Fee{{Kind: KindLePhi, Amount: 150000}, {Kind: KindPhi, Amount: 50000, Description: "thẩm định"}}},
						{Kind: ChannelOnline, Duration: 160, Unit: WorkingHours},
					},
					Documents: []Document{{Name: "Đơn đề nghị", Originals: 1, Template: "don.docx", Required: true}},
					Stages: []Stage{
						{Name: "Thẩm định", Agency: "Sở Xây dựng", Duration: 20, Unit: WorkingDays},
						{Name: "Phê duyệt", Agency: "Chủ tịch UBND tỉnh", Duration: 7, Unit: CalendarDays},
					},
				},
				{Name: "Công trình cấp II", Steps: "Như trên",
					Channels: []Channel{{Kind: ChannelPostal, Duration: 15, Unit: CalendarDays}}},
			},
			Results:     []Result{{Name: "Giấy phép xây dựng"}},
			LegalBases:  []LegalBasis{{Number: "50/2014/QH13", Title: "Luật Xây dựng", Date: "2014-06-18"}},
			OnlineLevel: OnlinePartial, EffectiveFrom: "2024-02-29", EffectiveTo: "2030-12-31",
		},
		{
			Code: "1.000001", Name: "Thủ tục cấp Bộ", Level: LevelCentral,
			Field:       Field{Code: "K", Name: "Khác"},
			Subjects:    []Subject{SubjectForeigner},
			Agencies:    []Agency{{Role: AgencyImplementing, Name: "Bộ Tư pháp"}},
			Cases:       []Case{{Name: "Chung", Channels: []Channel{{Kind: ChannelDirect, Duration: 3, Unit: WorkingDays}}}},
			Results:     []Result{{Name: "Văn bản trả lời"}},
			LegalBases:  []LegalBasis{{Number: "1/2020", Title: "Thông tư"}},
			OnlineLevel: OnlineNone,
		},
		{
			Code: "1.000002", Name: "Thủ tục cấp huyện cũ", Level: LevelDistrict,
			Field:       Field{Code: "K", Name: "Khác"},
			Subjects:    []Subject{SubjectCitizen},
			Agencies:    []Agency{{Role: AgencyImplementing, Name: "UBND huyện"}},
			Cases:       []Case{{Name: "Chung", Channels: []Channel{{Kind: ChannelDirect, Duration: 1, Unit: WorkingDays}}}},
			Results:     []Result{{Name: "Văn bản"}},
			LegalBases:  []LegalBasis{{Number: "2/2020", Title: "Thông tư", Date: "2020-01-01"}},
			OnlineLevel: OnlineNone, EffectiveTo: "2025-06-30",
		},
	}
}

// nationalSample is codecRecords()[1] as a national file would have it.
func nationalSample() NationalRecord {
	return NationalRecord{
		MATTHC: "2.002154", TENTTHC: "Cấp giấy phép xây dựng", CAPTHUCHIEN: "Cấp Tỉnh",
		LINHVUCTHUCHIEN:  NationalField{MALINHVUC: "XD", TENLINHVUC: "Xây dựng"},
		DOITUONGTHUCHIEN: []string{"Doanh nghiệp", "Tổ chức", "Công dân Việt Nam"},
		COQUANTHUCHIEN:   []NationalAgency{{TENDONVI: "Sở Xây dựng", MADONVI: "000.00.10.H19"}},
		TRUONGHOP: []NationalCase{
			{
				TENTRUONGHOP: "Công trình cấp I", TRINHTUTHUCHIEN: "Nộp hồ sơ",
				CACHTHUCTHUCHIEN: []NationalChannel{
					{KENH: "Trực tiếp", THOIGIANGIAIQUYET: 20, DONVITINH: "Ngày làm việc",
						PHILEPHI: []NationalFee{{LOAIPHI: "Lệ phí", SOTIEN: 150000}, {LOAIPHI: "Phí", SOTIEN: 50000, MOTA: "thẩm định"}}},
					{KENH: "Trực tuyến", THOIGIANGIAIQUYET: 160, DONVITINH: "Giờ làm việc"},
				},
				THANHPHANHOSO: []NationalDocument{{TENGIAYTO: "Đơn đề nghị", SOBANCHINH: 1, MAUDON: "don.docx", BATBUOC: true}},
				GIAIDOAN: []NationalStage{
					{TENGIAIDOAN: "Thẩm định", COQUAN: "Sở Xây dựng", THOIGIAN: 20, DONVITINH: "Ngày làm việc"},
					{TENGIAIDOAN: "Phê duyệt", COQUAN: "Chủ tịch UBND tỉnh", THOIGIAN: 7, DONVITINH: "Ngày"},
				},
			},
			{TENTRUONGHOP: "Công trình cấp II", TRINHTUTHUCHIEN: "Như trên",
				CACHTHUCTHUCHIEN: []NationalChannel{{KENH: "Dịch vụ bưu chính", THOIGIANGIAIQUYET: 15, DONVITINH: "Ngày"}},
				THANHPHANHOSO:    []NationalDocument{}},
		},
		KETQUATHUCHIEN: []NationalResult{{TENKETQUA: "Giấy phép xây dựng"}},
		CANCUPHAPLY:    []NationalLegal{{SOVANBAN: "50/2014/QH13", TENVANBAN: "Luật Xây dựng", NGAYBANHANH: "18/06/2014"}},
		MUCDO:          "Một phần", NGAYHIEULUC: "29/02/2024", NGAYHETHIEULUC: "31/12/2030",
	}
}

func TestCodecRecordsAreValid(t *testing.T) {
	for _, r := range codecRecords() {
		if errs := ValidateRecord(r); len(errs) > 0 {
			t.Errorf("%s: %v", r.Code, errs)
		}
	}
}

func TestFromNational(t *testing.T) {
	got, err := FromNational(nationalSample())
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(codecRecords()[1], got); d != "" {
		t.Errorf("FromNational (-want +got):\n%s", d)
	}
	// Whitespace and decomposed (NFD) text are normalised.
	n := nationalSample()
	n.TENTTHC = "  " + norm.NFD.String(n.TENTTHC) + "\n"
	n.COQUANTHUCHIEN[0].MADONVI = " 000.00.10.H19 "
	got, err = FromNational(n)
	if err != nil || got.Name != "Cấp giấy phép xây dựng" || got.Agencies[0].UnitCode != "000.00.10.H19" {
		t.Errorf("normalisation: %q %q %v", got.Name, got.Agencies[0].UnitCode, err)
	}
}

func TestFromNationalAgencies(t *testing.T) {
	n := ToNational(codecRecords()[0])
	if len(n.COQUANCOTHAMQUYEN) != 1 || len(n.COQUANTHUCHIEN) != 2 || len(n.COQUANPHOIHOP) != 1 {
		t.Fatalf("agencies split: %+v %+v %+v", n.COQUANCOTHAMQUYEN, n.COQUANTHUCHIEN, n.COQUANPHOIHOP)
	}
	if n.COQUANCOTHAMQUYEN[0].LOAIDONVI != "commune" || n.COQUANTHUCHIEN[1].MADONVI != "000.00.02.H19" {
		t.Errorf("unit kind/code: %+v %+v", n.COQUANCOTHAMQUYEN[0], n.COQUANTHUCHIEN[1])
	}
	ch := n.TRUONGHOP[0].CACHTHUCTHUCHIEN[2]
	if !ch.KHONGAPDUNG || ch.KENH != "Dịch vụ bưu chính" || ch.DONVITINH != "Ngày làm việc" || ch.THOIGIANGIAIQUYET != 0.5 {
		t.Errorf("channel: %+v", ch)
	}
	if d := n.TRUONGHOP[0].THANHPHANHOSO; !d[0].BATBUOC || d[2].BATBUOC || d[0].MAUDON != "to-khai.docx" {
		t.Errorf("documents: %+v", d)
	}
	if n.NGAYHIEULUC != "01/07/2025" || n.CANCUPHAPLY[0].NGAYBANHANH != "20/11/2014" || n.NGAYHETHIEULUC != "" {
		t.Errorf("dates: %q %q %q", n.NGAYHIEULUC, n.CANCUPHAPLY[0].NGAYBANHANH, n.NGAYHETHIEULUC)
	}
}

func TestVocabulary(t *testing.T) {
	type tc struct {
		in   string
		want string
	}
	check := func(t *testing.T, field string, set func(*NationalRecord, string), get func(Record) string, cases []tc) {
		t.Helper()
		for _, c := range cases {
			n := nationalSample()
			set(&n, c.in)
			r, err := FromNational(n)
			if c.want == "" {
				var fe *FieldError
				if !errors.As(err, &fe) || fe.Path != field {
					t.Errorf("%s %q: want an error on %s, got %v", field, c.in, field, err)
				}
				continue
			}
			if err != nil || get(r) != c.want {
				t.Errorf("%s %q: got %q, %v; want %q", field, c.in, get(r), err, c.want)
			}
		}
	}
	t.Run("level", func(t *testing.T) {
		check(t, "CAPTHUCHIEN", func(n *NationalRecord, s string) { n.CAPTHUCHIEN = s },
			func(r Record) string { return string(r.Level) }, []tc{
				{"Cấp Bộ", "central"}, {"Cấp Tỉnh", "province"}, {"Cấp Xã", "commune"}, {"Cấp Huyện", "district"},
				{"cấp tỉnh", "province"}, {"CAP TINH", "province"}, {"cap  xa", "commune"}, {" Cấp Bộ ", "central"},
				{norm.NFD.String("Cấp Huyện"), "district"}, {"province", "province"}, {"COMMUNE", "commune"},
				{"Cấp Thôn", ""}, {"", ""}, {"Tỉnh", ""},
			})
	})
	t.Run("online level", func(t *testing.T) {
		check(t, "MUCDO", func(n *NationalRecord, s string) { n.MUCDO = s },
			func(r Record) string { return string(r.OnlineLevel) }, []tc{
				{"Toàn trình", "full"}, {"Một phần", "partial"}, {"Cung cấp thông tin", "none"},
				{"toan trinh", "full"}, {"MỘT PHẦN", "partial"}, {"partial", "partial"}, {"Mức độ 4", ""},
			})
	})
	t.Run("subject", func(t *testing.T) {
		check(t, "DOITUONGTHUCHIEN[1]", func(n *NationalRecord, s string) { n.DOITUONGTHUCHIEN[1] = s },
			func(r Record) string { return string(r.Subjects[1]) }, []tc{
				{"Công dân Việt Nam", "citizen"}, {"Doanh nghiệp", "business"}, {"Tổ chức", "organisation"},
				{"Người nước ngoài", "foreigner"}, {"nguoi nuoc ngoai", "foreigner"}, {"business", "business"},
				{"Hộ gia đình", ""},
			})
	})
	t.Run("channel", func(t *testing.T) {
		check(t, "TRUONGHOP[0].CACHTHUCTHUCHIEN[1].KENH",
			func(n *NationalRecord, s string) { n.TRUONGHOP[0].CACHTHUCTHUCHIEN[1].KENH = s },
			func(r Record) string { return string(r.Cases[0].Channels[1].Kind) }, []tc{
				{"Trực tiếp", "direct"}, {"Trực tuyến", "online"}, {"Dịch vụ bưu chính", "postal"},
				{"truc tuyen", "online"}, {"2", "online"}, {"Dịch vụ bưu chính công ích", "postal"}, {"postal", "postal"},
				{"Fax", ""},
			})
	})
	t.Run("unit", func(t *testing.T) {
		check(t, "TRUONGHOP[0].CACHTHUCTHUCHIEN[1].DONVITINH",
			func(n *NationalRecord, s string) { n.TRUONGHOP[0].CACHTHUCTHUCHIEN[1].DONVITINH = s },
			func(r Record) string { return string(r.Cases[0].Channels[1].Unit) }, []tc{
				{"Ngày làm việc", "working_days"}, {"Giờ làm việc", "working_hours"}, {"Ngày", "calendar_days"},
				{"Trong ngày", "same_day"}, {"NGAY LAM VIEC", "working_days"}, {"ngày", "calendar_days"},
				{"working_hours", "working_hours"}, {"Tuần", ""}, {"", ""},
			})
	})
	t.Run("stage unit", func(t *testing.T) {
		check(t, "TRUONGHOP[0].GIAIDOAN[1].DONVITINH",
			func(n *NationalRecord, s string) { n.TRUONGHOP[0].GIAIDOAN[1].DONVITINH = s },
			func(r Record) string { return string(r.Cases[0].Stages[1].Unit) }, []tc{
				{"Giờ làm việc", "working_hours"}, {"Tháng", ""},
			})
	})
	t.Run("fee", func(t *testing.T) {
		check(t, "TRUONGHOP[0].CACHTHUCTHUCHIEN[0].PHILEPHI[1].LOAIPHI",
			func(n *NationalRecord, s string) { n.TRUONGHOP[0].CACHTHUCTHUCHIEN[0].PHILEPHI[1].LOAIPHI = s },
			func(r Record) string { return string(r.Cases[0].Channels[0].Fees[1].Kind) }, []tc{
				{"Phí", "phi"}, {"Lệ phí", "le_phi"}, {"LỆ PHÍ", "le_phi"}, {"le phi", "le_phi"}, {"phi", "phi"},
				{"le_phi", "le_phi"}, {"Thuế", ""},
			})
	})
}

func TestDates(t *testing.T) {
	for in, want := range map[string]string{
		"01/07/2025": "2025-07-01", "1/7/2025": "2025-07-01", "29/02/2024": "2024-02-29", "31/12/1999": "1999-12-31",
		"2025-07-01": "2025-07-01", " 18/06/2014 ": "2014-06-18",
	} {
		n := nationalSample()
		n.NGAYHIEULUC = in
		r, err := FromNational(n)
		if err != nil || r.EffectiveFrom != want {
			t.Errorf("%q: got %q %v, want %q", in, r.EffectiveFrom, err, want)
		}
	}
	for in, msg := range map[string]string{
		"29/02/2025": `invalid date "29/02/2025": February 2025 has 28 days`,
		"31/04/2025": `invalid date "31/04/2025": April 2025 has 30 days`,
		"00/01/2025": `January 2025 has 31 days`,
		"01/13/2025": `invalid date "01/13/2025": month 13 out of range`,
		"01/00/2025": `month 0 out of range`,
		"2025/07/01": `invalid date "2025/07/01"; want dd/mm/yyyy`,
		"1-7-2025":   `want dd/mm/yyyy`,
		"01/07/25":   `want dd/mm/yyyy`,
		"2025-02-30": `February 2025 has 28 days`,
		"00/00/0000": `year 0 out of range`,
	} {
		n := nationalSample()
		n.CANCUPHAPLY[0].NGAYBANHANH = in
		_, err := FromNational(n)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Path != "CANCUPHAPLY[0].NGAYBANHANH" || !strings.Contains(fe.Msg, msg) {
			t.Errorf("%q: got %v, want %s", in, err, msg)
		}
	}
}

func TestFromNationalErrors(t *testing.T) {
	n := nationalSample()
	n.CAPTHUCHIEN = ""
	n.DOITUONGTHUCHIEN[2] = "Hộ gia đình"
	n.TRUONGHOP[0].CACHTHUCTHUCHIEN[1].DONVITINH = "Tuần"
	n.TRUONGHOP[0].CACHTHUCTHUCHIEN[0].PHILEPHI[0].LOAIPHI = "Thuế"
	n.TRUONGHOP[1].CACHTHUCTHUCHIEN[0].KENH = "Fax"
	n.TRUONGHOP[0].GIAIDOAN[0].DONVITINH = "Tháng"
	n.NGAYHETHIEULUC = "31/06/2030"
	_, err := FromNational(n)
	var fes FieldErrors
	if !errors.As(err, &fes) {
		t.Fatalf("want FieldErrors, got %T %v", err, err)
	}
	want := []FieldError{
		{"CAPTHUCHIEN", `missing level; want one of "Cấp Bộ", "Cấp Tỉnh", "Cấp Xã", "Cấp Huyện"`},
		{"DOITUONGTHUCHIEN[2]", `unknown subject "Hộ gia đình"; want one of "Công dân Việt Nam", "Doanh nghiệp", "Tổ chức", "Người nước ngoài"`},
		{"TRUONGHOP[0].CACHTHUCTHUCHIEN[0].PHILEPHI[0].LOAIPHI", `unknown fee kind "Thuế"; want one of "Phí", "Lệ phí"`},
		{"TRUONGHOP[0].CACHTHUCTHUCHIEN[1].DONVITINH", `unknown unit "Tuần"; want one of "Ngày làm việc", "Giờ làm việc", "Ngày", "Trong ngày"`},
		{"TRUONGHOP[0].GIAIDOAN[0].DONVITINH", `unknown unit "Tháng"; want one of "Ngày làm việc", "Giờ làm việc", "Ngày", "Trong ngày"`},
		{"TRUONGHOP[1].CACHTHUCTHUCHIEN[0].KENH", `unknown channel "Fax"; want one of "Trực tiếp", "Trực tuyến", "Dịch vụ bưu chính"`},
		{"NGAYHETHIEULUC", `invalid date "31/06/2030": June 2030 has 30 days`},
	}
	var got []FieldError
	for _, fe := range fes {
		got = append(got, *fe)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("errors (-want +got):\n%s", d)
	}
	var first *FieldError
	if !errors.As(err, &first) || first.Path != "CAPTHUCHIEN" {
		t.Errorf("errors.As *FieldError: %v", first)
	}
	if !strings.Contains(err.Error(), `TRUONGHOP[0].CACHTHUCTHUCHIEN[1].DONVITINH: unknown unit "Tuần"`) {
		t.Errorf("message: %v", err)
	}
}

func TestRoundTrip(t *testing.T) {
	for _, r := range codecRecords() {
		got, err := FromNational(ToNational(r))
		if err != nil {
			t.Fatalf("%s: %v", r.Code, err)
		}
		if d := cmp.Diff(r, got); d != "" {
			t.Errorf("%s: FromNational(ToNational(r)) (-want +got):\n%s", r.Code, d)
		}
	}
	// Through a file, as export then import does it.
	var nat []NationalRecord
	for _, r := range codecRecords() {
		nat = append(nat, ToNational(r))
	}
	data, err := json.MarshalIndent(nat, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	back, err := DecodeFile("export.json", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range back {
		got, err := FromNational(n)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(codecRecords()[i], got); d != "" {
			t.Errorf("file round trip %d (-want +got):\n%s", i, d)
		}
	}
	// And national -> record -> national.
	if d := cmp.Diff(nationalSample(), ToNational(codecRecords()[1])); d != "" {
		t.Errorf("ToNational (-want +got):\n%s", d)
	}
}

func TestCanonical(t *testing.T) {
	r := codecRecords()[0]
	base := Canonical(r)
	if !bytes.Equal(base, Canonical(codecRecords()[0])) {
		t.Fatal("not deterministic")
	}
	if !json.Valid(base) || bytes.Contains(base, []byte(`\u003c`)) || bytes.HasSuffix(base, []byte("\n")) {
		t.Errorf("canonical form: %s", base)
	}
	same := codecRecords()[0]
	same.Name = " " + norm.NFD.String(same.Name) + "\t"
	same.Cases[0].Stages = []Stage{}
	same.Agencies = []Agency{same.Agencies[3], same.Agencies[1], same.Agencies[0], same.Agencies[2]}
	if got := Canonical(same); !bytes.Equal(base, got) {
		t.Errorf("equivalent records differ:\n%s\n%s", base, got)
	}
	if same.Name[0] != ' ' || same.Cases[0].Stages == nil {
		t.Error("Canonical changed its argument")
	}
	for name, edit := range map[string]func(*Record){
		"name": func(r *Record) { r.Name += "!" },
		"fee":  func(r *Record) { r.Cases[0].Channels[1].Fees[0].Amount = 1 },
		"flag": func(r *Record) { r.Cases[0].Channels[2].NotAvailable = false },
		"doc order": func(r *Record) {
			r.Cases[0].Documents[0], r.Cases[0].Documents[1] = r.Cases[0].Documents[1], r.Cases[0].Documents[0]
		},
		"same role":  func(r *Record) { r.Agencies[1], r.Agencies[2] = r.Agencies[2], r.Agencies[1] },
		"unit kind":  func(r *Record) { r.Agencies[0].UnitKind = "" },
		"date":       func(r *Record) { r.EffectiveTo = "2030-01-01" },
		"html chars": func(r *Record) { r.Conditions = "<b>" },
	} {
		c := codecRecords()[0]
		edit(&c)
		if bytes.Equal(base, Canonical(c)) {
			t.Errorf("%s: change not seen", name)
		}
	}
	c := codecRecords()[0]
	c.Conditions = "a < b & c"
	if !bytes.Contains(Canonical(c), []byte(`"a < b & c"`)) {
		t.Errorf("HTML escaped: %s", Canonical(c))
	}
}

func TestNationalPath(t *testing.T) {
	r := codecRecords()[0]
	for in, want := range map[string]string{
		"code":                                "MATTHC",
		"field.name":                          "LINHVUCTHUCHIEN.TENLINHVUC",
		"subjects[1]":                         "DOITUONGTHUCHIEN[1]",
		"cases[0].channels[1].fees[0].amount": "TRUONGHOP[0].CACHTHUCTHUCHIEN[1].PHILEPHI[0].SOTIEN",
		"cases[0].documents[2].originals":     "TRUONGHOP[0].THANHPHANHOSO[2].SOBANCHINH",
		"cases[0].stages[0].duration":         "TRUONGHOP[0].GIAIDOAN[0].THOIGIAN",
		"legal_bases[1].date":                 "CANCUPHAPLY[1].NGAYBANHANH",
		"effective_to":                        "NGAYHETHIEULUC",
		"online_level":                        "MUCDO",
		"agencies":                            "COQUANTHUCHIEN",
		"agencies[0].unit_kind":               "COQUANCOTHAMQUYEN[0].LOAIDONVI",
		"agencies[2].unit_code":               "COQUANTHUCHIEN[1].MADONVI",
		"agencies[3].name":                    "COQUANPHOIHOP[0].TENDONVI",
		"agencies[9].name":                    "agencies[9].name",
		"cases[0].colour":                     "cases[0].colour",
	} {
		if got := NationalPath(r, in); got != want {
			t.Errorf("NationalPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// nationalJSON renders records as an indented file, one field per line.
func nationalJSON(t *testing.T, recs ...NationalRecord) string {
	t.Helper()
	b, err := json.MarshalIndent(recs, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// posOf returns the 1-based line and column (in characters) of the first
// occurrence of s in text.
func posOf(t *testing.T, text, s string) (line, col int) {
	t.Helper()
	i := strings.Index(text, s)
	if i < 0 {
		t.Fatalf("%q not found", s)
	}
	before := text[:i]
	return strings.Count(before, "\n") + 1, utf8.RuneCountInString(before[strings.LastIndexByte(before, '\n')+1:]) + 1
}

func lineNo(t *testing.T, text, s string) int {
	t.Helper()
	line, _ := posOf(t, text, s)
	return line
}

func TestDecodeFile(t *testing.T) {
	one := ToNational(codecRecords()[0])
	b, _ := json.Marshal(one)
	got, err := DecodeFile("one.json", bytes.NewReader(append([]byte("\xef\xbb\xbf \n"), b...)))
	if err != nil || len(got) != 1 || got[0].MATTHC != "1.001193" {
		t.Fatalf("single object: %v %v", got, err)
	}
	got, err = DecodeFile("many.json", strings.NewReader(nationalJSON(t, one, nationalSample())))
	if err != nil || len(got) != 2 || got[1].MATTHC != "2.002154" {
		t.Fatalf("array: %v %v", len(got), err)
	}
	if got, err = DecodeFile("empty.json", strings.NewReader(" [ ] ")); err != nil || len(got) != 0 {
		t.Fatalf("empty array: %v %v", got, err)
	}
	// A field name in another case is what encoding/json accepts.
	if _, err = DecodeFile("case.json", strings.NewReader(`{"matthc": "1.000001"}`)); err != nil {
		t.Errorf("case-insensitive names: %v", err)
	}
}

func TestDecodeFileErrors(t *testing.T) {
	good := nationalSample()
	text := nationalJSON(t, ToNational(codecRecords()[0]), good)

	t.Run("type error", func(t *testing.T) {
		bad := strings.Replace(text, `"THOIGIANGIAIQUYET": 160`, `"THOIGIANGIAIQUYET": "160"`, 1)
		_, err := DecodeFile("b.json", strings.NewReader(bad))
		line, col := posOf(t, bad, `"160"`)
		want := fmt.Sprintf(`b.json:%d:%d: record 2 (MATTHC 2.002154): TRUONGHOP[0].CACHTHUCTHUCHIEN[1].THOIGIANGIAIQUYET: got string, want number`, line, col)
		if err == nil || err.Error() != want {
			t.Errorf("got  %v\nwant %s", err, want)
		}
		var re *RecordError
		if !errors.As(err, &re) || re.File != "b.json" || re.Index != 1 || re.Code != "2.002154" || re.Line != line {
			t.Errorf("RecordError: %+v", re)
		}
	})
	t.Run("integer", func(t *testing.T) {
		bad := strings.Replace(text, `"SOBANCHINH": 1`, `"SOBANCHINH": 1.5`, 1)
		_, err := DecodeFile("b.json", strings.NewReader(bad))
		line, col := posOf(t, bad, "1.5")
		want := fmt.Sprintf("b.json:%d:%d: record 1 (MATTHC 1.001193): TRUONGHOP[0].THANHPHANHOSO[0].SOBANCHINH: got number 1.5, want integer", line, col)
		if err == nil || err.Error() != want {
			t.Errorf("got %v", err)
		}
	})
	t.Run("object for array", func(t *testing.T) {
		bad := `{"MATTHC": "1.000001", "TRUONGHOP": {"TENTRUONGHOP": "x"}}`
		_, err := DecodeFile("o.json", strings.NewReader(bad))
		if err == nil || err.Error() != `o.json:1:37: record 1 (MATTHC 1.000001): TRUONGHOP: got object, want array` {
			t.Errorf("got %v", err)
		}
	})
	t.Run("unknown fields", func(t *testing.T) {
		bad := strings.Replace(text, `"KENH": "Trực tuyến",`, `"KENH": "Trực tuyến", "GIA": 5,`, 1)
		bad = strings.Replace(bad, `"MUCDO": "Một phần",`, `"MUCDO": "Một phần", "GHICHU": "x",`, 1)
		bad = strings.Replace(bad, `"SOBANCHINH": 1,`, `"SOBANCHINH": "1",`, 2)
		_, err := DecodeFile("u.json", strings.NewReader(bad))
		var res RecordErrors
		if !errors.As(err, &res) {
			t.Fatalf("got %T %v", err, err)
		}
		msgs := strings.Split(err.Error(), "\n")
		at := func(s string) string {
			line, col := posOf(t, bad, s)
			return fmt.Sprintf("u.json:%d:%d", line, col)
		}
		want := []string{
			at(`"GIA"`) + `: record 1 (MATTHC 1.001193): TRUONGHOP[0].CACHTHUCTHUCHIEN[1].GIA: unknown field`,
			at(`"1"`) + `: record 1 (MATTHC 1.001193): TRUONGHOP[0].THANHPHANHOSO[0].SOBANCHINH: got string, want integer`,
			at(`"GHICHU": "x"`) + `: record 2 (MATTHC 2.002154): GHICHU: unknown field`,
		}
		if d := cmp.Diff(want, msgs); d != "" {
			t.Errorf("(-want +got):\n%s", d)
		}
	})
	t.Run("unknown field before a type error", func(t *testing.T) {
		bad := `{"MATTHC": "1.000001", "X": 1, "MUCDO": 3}`
		_, err := DecodeFile("x.json", strings.NewReader(bad))
		want := "x.json:1:24: record 1 (MATTHC 1.000001): X: unknown field\n" +
			"x.json:1:41: record 1 (MATTHC 1.000001): MUCDO: got number, want string"
		if err == nil || err.Error() != want {
			t.Errorf("got %v", err)
		}
	})
	t.Run("syntax", func(t *testing.T) {
		bad := strings.Replace(text, `"TENKETQUA": "Giấy phép xây dựng"`, `"TENKETQUA": "Giấy phép xây dựng",`, 1)
		_, err := DecodeFile("s.json", strings.NewReader(bad))
		var re *RecordError
		if !errors.As(err, &re) || re.Index != 1 || re.Line != lineNo(t, bad, `"TENKETQUA": "Giấy phép xây dựng"`)+1 ||
			!strings.Contains(err.Error(), "s.json:") || !strings.Contains(err.Error(), "record 2: invalid JSON") {
			t.Errorf("got %v (%+v)", err, re)
		}
	})
	for name, tc := range map[string]struct{ in, want string }{
		"empty":       {" \n", "e.json: empty file; want a JSON object or array of procedures"},
		"scalar":      {`"x"`, "e.json:1:1: want a JSON object or array of procedures"},
		"trailing":    {`{"MATTHC": "1.000001"} {}`, "e.json:1:24: unexpected data after the procedures"},
		"not object":  {`[{"MATTHC": "1.000001"}, 5]`, "e.json:1:26: record 2: want a JSON object, got number"},
		"truncated":   {"[{\"MATTHC\": \"1.000001\"},\n {", "e.json:2:3: record 2: invalid JSON: unexpected end of JSON input"},
		"not UTF-8":   {"{\"TENTTHC\": \"Th\xe1\xbb\x7e\"}", "e.json:1:16: not UTF-8 text"},
		"bad element": {`[{"MATTHC": "1.000001"}, {"MATTHC" 1}]`, "e.json:1:36: record 2: invalid JSON: invalid character '1' after object key"},
	} {
		_, err := DecodeFile("e.json", strings.NewReader(tc.in))
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: got  %v\nwant %s", name, err, tc.want)
		}
	}
}
