package catalog

import (
	"slices"
	"testing"
)

// sampleRecord is a valid record used by the catalogue's unit tests.
func sampleRecord() Record {
	return Record{
		Code: "1.001193", Name: "Đăng ký khai sinh", Level: LevelCommune,
		Field:    Field{Code: "HT", Name: "Hộ tịch"},
		Subjects: []Subject{SubjectCitizen, SubjectForeigner},
		Agencies: []Agency{{Role: AgencyImplementing, Name: "UBND cấp xã", UnitKind: "commune"}},
		Cases: []Case{{
			Name: "Đăng ký khai sinh đúng hạn", Steps: "Nộp tờ khai.\nCông chức tư pháp kiểm tra.",
			Channels: []Channel{
				{Kind: ChannelDirect, Unit: SameDay},
				{Kind: ChannelOnline, Unit: SameDay, Fees: []Fee{{Kind: KindLePhi, Amount: 0, Description: "Miễn lệ phí"}}},
			},
			Documents: []Document{{Name: "Tờ khai đăng ký khai sinh", Originals: 1, Template: "to-khai.docx", Required: true}},
		}},
		Results:     []Result{{Name: "Giấy khai sinh"}},
		LegalBases:  []LegalBasis{{Number: "60/2014/QH13", Title: "Luật Hộ tịch", Date: "2014-11-20", Issuer: "Quốc hội"}},
		OnlineLevel: OnlineFull, EffectiveFrom: "2025-07-01",
	}
}

func TestValidateRecord(t *testing.T) {
	if errs := ValidateRecord(sampleRecord()); len(errs) != 0 {
		t.Fatalf("valid record rejected: %v", errs)
	}
	for name, tc := range map[string]struct {
		edit  func(*Record)
		field string
	}{
		"code":            {func(r *Record) { r.Code = "1001193" }, "code"},
		"name":            {func(r *Record) { r.Name = "" }, "name"},
		"level":           {func(r *Record) { r.Level = "village" }, "level"},
		"subjects":        {func(r *Record) { r.Subjects = nil }, "subjects"},
		"dup subject":     {func(r *Record) { r.Subjects = []Subject{SubjectCitizen, SubjectCitizen} }, "subjects[1]"},
		"no implementing": {func(r *Record) { r.Agencies[0].Role = AgencyCompetent }, "agencies"},
		"unit code":       {func(r *Record) { r.Agencies[0].UnitCode = "H19" }, "agencies[0].unit_code"},
		"no cases":        {func(r *Record) { r.Cases = nil }, "cases"},
		"channel unit":    {func(r *Record) { r.Cases[0].Channels[0].Unit = "weeks" }, "cases[0].channels[0].unit"},
		"same day + n":    {func(r *Record) { r.Cases[0].Channels[0].Duration = 2 }, "cases[0].channels[0].duration"},
		"zero days": {func(r *Record) {
			r.Cases[0].Channels[0].Unit = WorkingDays
		}, "cases[0].channels[0].duration"},
		"twice":        {func(r *Record) { r.Cases[0].Channels[1].Kind = ChannelDirect }, "cases[0].channels[1].kind"},
		"fee":          {func(r *Record) { r.Cases[0].Channels[1].Fees[0].Amount = -1 }, "cases[0].channels[1].fees[0].amount"},
		"fee kind":     {func(r *Record) { r.Cases[0].Channels[1].Fees[0].Kind = "tip" }, "cases[0].channels[1].fees[0].kind"},
		"document":     {func(r *Record) { r.Cases[0].Documents[0].Name = "" }, "cases[0].documents[0].name"},
		"count":        {func(r *Record) { r.Cases[0].Documents[0].Copies = -2 }, "cases[0].documents[0].originals"},
		"results":      {func(r *Record) { r.Results = nil }, "results"},
		"legal":        {func(r *Record) { r.LegalBases = nil }, "legal_bases"},
		"legal date":   {func(r *Record) { r.LegalBases[0].Date = "2014-02-30" }, "legal_bases[0].date"},
		"online level": {func(r *Record) { r.OnlineLevel = "level4" }, "online_level"},
		"no online channel": {func(r *Record) {
			r.Cases[0].Channels = r.Cases[0].Channels[:1]
		}, "online_level"},
		"effective order": {func(r *Record) { r.EffectiveTo = "2020-01-01" }, "effective_to"},
		"stage": {func(r *Record) {
			r.Cases[0].Stages = []Stage{{Name: "Thẩm định", Agency: "Sở Nội vụ", Unit: WorkingDays}}
		}, "cases[0].stages[0].duration"},
	} {
		t.Run(name, func(t *testing.T) {
			r := sampleRecord()
			tc.edit(&r)
			errs := ValidateRecord(r)
			if !errs.Has(tc.field) {
				var got []string
				for _, e := range errs {
					got = append(got, e.Field)
				}
				t.Errorf("want an error on %s, got %v", tc.field, got)
			}
		})
	}
}

func TestDiff(t *testing.T) {
	old := sampleRecord()
	nw := sampleRecord()
	nw.Name = "Đăng ký khai sinh (sửa)"
	nw.Cases[0].Channels[1].Fees[0].Amount = 8000
	changes := Diff(&old, nw)
	var fields []string
	for _, c := range changes {
		fields = append(fields, c.Field)
	}
	if !slices.Equal(fields, []string{"name", "cases"}) {
		t.Fatalf("changed fields = %v", fields)
	}
	if changes[0].Old != "Đăng ký khai sinh" || changes[0].New != "Đăng ký khai sinh (sửa)" {
		t.Errorf("name change: %+v", changes[0])
	}
	if len(Diff(&old, old)) != 0 {
		t.Error("no change expected")
	}
	if first := Diff(nil, old); len(first) < 8 || first[0].Old != "" {
		t.Errorf("a new record lists its fields with empty old values: %+v", first)
	}
}

func TestAcceptsOnline(t *testing.T) {
	r := sampleRecord()
	if !r.AcceptsOnline() {
		t.Error("online channel not seen")
	}
	r.Cases[0].Channels[1].NotAvailable = true
	if r.AcceptsOnline() {
		t.Error("unavailable online channel accepted")
	}
}
