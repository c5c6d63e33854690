package admin

import (
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/templates/adminview"
)

// richRecord uses every field of a record, fractional and grouped numbers
// included.
func richRecord() catalog.Record {
	return catalog.Record{
		Code: "2.000123", Name: "Cấp giấy phép xây dựng", Decision: "123/QĐ-UBND", Level: catalog.LevelProvince,
		Field:    catalog.Field{Code: "XD", Name: "Xây dựng"},
		Subjects: []catalog.Subject{catalog.SubjectBusiness, catalog.SubjectOrganisation},
		Agencies: []catalog.Agency{
			{Role: catalog.AgencyCompetent, Name: "UBND tỉnh Thái Nguyên", UnitCode: "000.00.01.H19"},
			{Role: catalog.AgencyImplementing, Name: "Sở Xây dựng", UnitKind: "department"},
		},
		Cases: []catalog.Case{{
			Name: "Công trình cấp I", Steps: "Nộp hồ sơ.\nThẩm định.\nCấp phép.",
			Channels: []catalog.Channel{
				{Kind: catalog.ChannelDirect, Duration: 20, Unit: catalog.WorkingDays, Description: "kể từ ngày nhận đủ hồ sơ",
					Fees: []catalog.Fee{{Kind: catalog.KindLePhi, Amount: 150000, Description: "mỗi giấy phép"},
						{Kind: catalog.KindPhi, Amount: 1250000}}},
				{Kind: catalog.ChannelOnline, Duration: 0.5, Unit: catalog.WorkingDays},
				{Kind: catalog.ChannelPostal, Duration: 20, Unit: catalog.WorkingDays, NotAvailable: true},
			},
			Documents: []catalog.Document{
				{Name: "Đơn đề nghị cấp giấy phép", Originals: 1, Template: "mau-01.docx", Required: true},
				{Name: "Bản vẽ thiết kế", Originals: 2, Copies: 3, Notes: "có chữ ký", Required: true},
				{Name: "Trường hợp ủy quyền thì kèm giấy ủy quyền"},
			},
			Stages: []catalog.Stage{{Name: "Thẩm định", Agency: "Sở Xây dựng", Duration: 15, Unit: catalog.WorkingDays},
				{Name: "Phê duyệt", Agency: "UBND tỉnh", Duration: 5, Unit: catalog.WorkingDays}},
		}, {
			Name: "Công trình cấp II", Steps: "Nộp hồ sơ.",
			Channels: []catalog.Channel{{Kind: catalog.ChannelDirect, Unit: catalog.SameDay}},
		}},
		Results:       []catalog.Result{{Code: "KQ01", Name: "Giấy phép xây dựng", Template: "gpxd.pdf"}},
		Conditions:    "Có quyền sử dụng đất.\nPhù hợp quy hoạch.",
		LegalBases:    []catalog.LegalBasis{{Number: "50/2014/QH13", Title: "Luật Xây dựng", Date: "2014-06-18", Issuer: "Quốc hội"}},
		OnlineLevel:   catalog.OnlinePartial,
		EffectiveFrom: "2025-07-01", EffectiveTo: "2030-12-31",
	}
}

// submit renders a form as the page would (blank rows included), submits
// it, and reads it back the way the save handler does.
func submit(f adminview.ProcedureForm) (catalog.Record, valid.Errors) {
	return recordOf(compact(bindProcedure(encodeProcedure(withBlankRows(f))), true))
}

func TestRecordRoundTripsThroughTheForm(t *testing.T) {
	want := richRecord()
	got, errs := submit(formOf(want))
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("round trip (-want +got):\n%s", d)
	}
	if errs := catalog.ValidateRecord(got); len(errs) > 0 {
		t.Errorf("round-tripped record invalid: %v", errs)
	}
	f := formOf(want)
	if f.Cases[0].Channels[0].Fees[1].Amount != "1.250.000" || f.Cases[0].Channels[1].Duration != "0,5" ||
		f.Cases[1].Channels[0].Duration != "" {
		t.Errorf("numbers shown as %q, %q, %q", f.Cases[0].Channels[0].Fees[1].Amount,
			f.Cases[0].Channels[1].Duration, f.Cases[1].Channels[0].Duration)
	}
}

func TestWithBlankRowsAddsOneBlankRowPerGroup(t *testing.T) {
	f := withBlankRows(formOf(richRecord()))
	if n := len(f.Agencies); n != 3 || !blankAgency(f.Agencies[2]) {
		t.Errorf("agencies: %d", n)
	}
	if n := len(f.Cases); n != 3 || !blankCase(f.Cases[2]) {
		t.Fatalf("cases: %d", n)
	}
	c := f.Cases[0]
	if len(c.Channels) != 4 || len(c.Channels[0].Fees) != 3 || len(c.Channels[1].Fees) != 1 || len(c.Documents) != 4 ||
		len(c.Stages) != 3 {
		t.Errorf("case rows: %d channels, %d+%d fees, %d documents, %d stages", len(c.Channels),
			len(c.Channels[0].Fees), len(c.Channels[1].Fees), len(c.Documents), len(c.Stages))
	}
	if !c.Documents[3].Required {
		t.Error("a new document row should start required")
	}
	blank := f.Cases[2]
	if len(blank.Channels) != 1 || len(blank.Channels[0].Fees) != 1 || len(blank.Documents) != 1 || len(blank.Stages) != 1 {
		t.Errorf("blank case rows: %+v", blank)
	}
	// Idempotent: a second pass adds nothing.
	if d := cmp.Diff(f, withBlankRows(f)); d != "" {
		t.Errorf("second pass changed the form:\n%s", d)
	}
}

func TestBlankAndRemovedRowsAreDroppedBeforeIndexing(t *testing.T) {
	v := url.Values{
		"agencies[0].name": {""}, "agencies[0].role": {""},
		"agencies[1].name": {"Bỏ đi"}, "agencies[1].role": {"competent"}, "agencies[1].remove": {"1"},
		"agencies[2].name": {"UBND xã"}, "agencies[2].role": {"implementing"},
		"cases[0].name": {""}, "cases[0].documents[0].required": {"1"}, "cases[0].documents[0].name": {""},
		"cases[1].name": {"Trường hợp"}, "cases[1].channels[0].kind": {""}, "cases[1].channels[0].duration": {""},
		"cases[1].channels[1].kind": {"direct"}, "cases[1].channels[1].duration": {"abc"},
		"cases[1].channels[1].fees[0].kind": {""}, "cases[1].channels[1].fees[0].amount": {""},
		"cases[1].channels[1].fees[1].kind": {"le_phi"}, "cases[1].channels[1].fees[1].amount": {"20 nghìn"},
		"cases[1].documents[0].name": {"Tờ khai"}, "cases[1].documents[0].originals": {"một"},
		"cases[1].steps": {"Bước 1\r\nBước 2"},
	}
	f := compact(bindProcedure(v), true)
	rec, errs := recordOf(f)
	if len(rec.Agencies) != 1 || rec.Agencies[0].Name != "UBND xã" {
		t.Errorf("agencies: %+v", rec.Agencies)
	}
	if len(rec.Cases) != 1 || len(rec.Cases[0].Channels) != 1 || len(rec.Cases[0].Channels[0].Fees) != 1 {
		t.Fatalf("cases: %+v", rec.Cases)
	}
	if rec.Cases[0].Steps != "Bước 1\nBước 2" {
		t.Errorf("steps: %q", rec.Cases[0].Steps)
	}
	want := valid.Errors{
		{Field: "cases[0].channels[0].duration", Key: errNumber},
		{Field: "cases[0].channels[0].fees[0].amount", Key: errMoney},
		{Field: "cases[0].documents[0].originals", Key: errInteger},
	}
	if d := cmp.Diff(want, errs); d != "" {
		t.Errorf("errors (-want +got):\n%s", d)
	}
	// The answers are kept as typed, at the index the error names.
	if f.Cases[0].Channels[0].Fees[0].Amount != "20 nghìn" || f.Cases[0].Documents[0].Originals != "một" {
		t.Errorf("answers not kept: %+v", f.Cases[0])
	}
}

func TestLenientNumbers(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"20000", 20000, true}, {"20.000", 20000, true}, {"20,000", 20000, true}, {"1.250.000", 1250000, true},
		{"20 000", 20000, true}, {"20.000 đồng", 20000, true}, {"20.000đ", 20000, true}, {"50000 VND", 50000, true},
		{"", 0, true}, {"0", 0, true}, {"abc", 0, false}, {"0,5", 0, false}, {"20.00", 0, false}, {"1e6", 0, false},
	} {
		got, ok := parseMoney(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseMoney(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	for _, tc := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"15", 15, true}, {"0,5", 0.5, true}, {"0.5", 0.5, true}, {" 1,5 ", 1.5, true}, {"", 0, true},
		{"1,5,0", 0, false}, {"năm", 0, false}, {"1e3", 0, false}, {"Inf", 0, false}, {"NaN", 0, false},
	} {
		got, ok := parseNumber(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseNumber(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	if n, ok := parseCount("2"); n != 2 || !ok {
		t.Error("parseCount(2)")
	}
	if _, ok := parseCount("2,5"); ok {
		t.Error("parseCount(2,5) accepted")
	}
}

func TestAddRow(t *testing.T) {
	f := withBlankRows(formOf(richRecord()))
	for _, tc := range []struct {
		path string
		ok   bool
		n    func(adminview.ProcedureForm) int
	}{
		{"agencies", true, func(f adminview.ProcedureForm) int { return len(f.Agencies) }},
		{"cases", true, func(f adminview.ProcedureForm) int { return len(f.Cases) }},
		{"results", true, func(f adminview.ProcedureForm) int { return len(f.Results) }},
		{"legal_bases", true, func(f adminview.ProcedureForm) int { return len(f.LegalBases) }},
		{"cases[0].channels", true, func(f adminview.ProcedureForm) int { return len(f.Cases[0].Channels) }},
		{"cases[0].channels[1].fees", true, func(f adminview.ProcedureForm) int { return len(f.Cases[0].Channels[1].Fees) }},
		{"cases[2].documents", true, func(f adminview.ProcedureForm) int { return len(f.Cases[2].Documents) }},
		{"cases[1].stages", true, func(f adminview.ProcedureForm) int { return len(f.Cases[1].Stages) }},
		{"cases[9].stages", false, nil},
		{"cases[0].channels[9].fees", false, nil},
		{"subjects", false, nil},
	} {
		g := bindProcedure(encodeProcedure(f)) // a fresh copy
		before := 0
		if tc.n != nil {
			before = tc.n(g)
		}
		if ok := addRow(&g, tc.path); ok != tc.ok {
			t.Errorf("addRow(%q) = %v", tc.path, ok)
			continue
		}
		if tc.n != nil && tc.n(g) != before+1 {
			t.Errorf("addRow(%q): %d rows, want %d", tc.path, tc.n(g), before+1)
		}
		// The added blank row survives the re-render, then is ignored on save.
		if tc.ok {
			again := withBlankRows(compact(g, false))
			if tc.n(again) != before+1 {
				t.Errorf("after re-render %q: %d rows", tc.path, tc.n(again))
			}
			if _, errs := submit(again); len(errs) > 0 {
				t.Errorf("%q: blank rows reported: %v", tc.path, errs)
			}
		}
	}
}

func TestPlaceErrorsFollowsThePage(t *testing.T) {
	f := withBlankRows(formOf(richRecord()))
	got := placeErrors(f, valid.Errors{
		{Field: "legal_bases[0].date", Key: "a"},
		{Field: "subjects[1]", Key: "b"},
		{Field: "subjects", Key: "c"},
		{Field: "cases[0].channels[1].fees[0].amount", Key: "d"},
		{Field: "code", Key: "e"},
	})
	want := valid.Errors{{Field: "code", Key: "e"}, {Field: "subjects", Key: "b"},
		{Field: "cases[0].channels[1].fees[0].amount", Key: "d"}, {Field: "legal_bases[0].date", Key: "a"}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// encodeProcedure writes a form as it would be submitted (tests use it;
// check boxes send "1").
func encodeProcedure(f adminview.ProcedureForm) url.Values {
	v := url.Values{}
	set := func(k, s string) { v.Set(k, s) }
	flag := func(k string, b bool) {
		if b {
			v.Set(k, "1")
		}
	}
	set("code", f.Code)
	set("name", f.Name)
	set("decision", f.Decision)
	set("level", f.Level)
	set("online_level", f.OnlineLevel)
	set("field.code", f.FieldCode)
	set("field.name", f.FieldName)
	set("conditions", f.Conditions)
	set("effective_from", f.EffectiveFrom)
	set("effective_to", f.EffectiveTo)
	v["subjects"] = append([]string(nil), f.Subjects...)
	for i, a := range f.Agencies {
		p := path("agencies", i)
		set(p+".role", a.Role)
		set(p+".name", a.Name)
		set(p+".unit_code", a.UnitCode)
		set(p+".unit_kind", a.UnitKind)
		flag(p+".remove", a.Remove)
	}
	for i, c := range f.Cases {
		cp := path("cases", i)
		set(cp+".name", c.Name)
		set(cp+".steps", c.Steps)
		flag(cp+".remove", c.Remove)
		for j, ch := range c.Channels {
			p := path(cp+".channels", j)
			set(p+".kind", ch.Kind)
			set(p+".duration", ch.Duration)
			set(p+".unit", ch.Unit)
			set(p+".description", ch.Description)
			flag(p+".not_available", ch.NotAvailable)
			flag(p+".remove", ch.Remove)
			for k, fee := range ch.Fees {
				fp := path(p+".fees", k)
				set(fp+".kind", fee.Kind)
				set(fp+".amount", fee.Amount)
				set(fp+".description", fee.Description)
				flag(fp+".remove", fee.Remove)
			}
		}
		for j, d := range c.Documents {
			p := path(cp+".documents", j)
			set(p+".name", d.Name)
			set(p+".originals", d.Originals)
			set(p+".copies", d.Copies)
			set(p+".template", d.Template)
			set(p+".notes", d.Notes)
			flag(p+".required", d.Required)
			flag(p+".remove", d.Remove)
		}
		for j, s := range c.Stages {
			p := path(cp+".stages", j)
			set(p+".name", s.Name)
			set(p+".agency", s.Agency)
			set(p+".duration", s.Duration)
			set(p+".unit", s.Unit)
			flag(p+".remove", s.Remove)
		}
	}
	for i, r := range f.Results {
		p := path("results", i)
		set(p+".code", r.Code)
		set(p+".name", r.Name)
		set(p+".template", r.Template)
		flag(p+".remove", r.Remove)
	}
	for i, l := range f.LegalBases {
		p := path("legal_bases", i)
		set(p+".number", l.Number)
		set(p+".title", l.Title)
		set(p+".date", l.Date)
		set(p+".issuer", l.Issuer)
		flag(p+".remove", l.Remove)
	}
	return v
}
