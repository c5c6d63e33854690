package apptest

import (
	"context"
	"testing"

	"github.com/motcua/motcua/internal/catalog"
)

// Publish saves rec as a draft and publishes it, as an administrator would.
func (e *Env) Publish(t testing.TB, rec catalog.Record) catalog.Version {
	t.Helper()
	ctx := context.Background()
	admin := e.Users["admin"].ID
	if _, err := e.App.Catalog.SaveDraft(ctx, admin, rec); err != nil {
		t.Fatalf("save draft %s: %v", rec.Code, err)
	}
	v, err := e.App.Catalog.Publish(ctx, admin, rec.Code)
	if err != nil {
		t.Fatalf("publish %s: %v", rec.Code, err)
	}
	return v
}

func commune(name string, days float64, unit catalog.DurationUnit, fee int64) catalog.Case {
	return catalog.Case{
		Name:  name,
		Steps: "Người yêu cầu nộp hồ sơ tại Bộ phận một cửa hoặc trực tuyến.\nCông chức kiểm tra hồ sơ và trả kết quả.",
		Channels: []catalog.Channel{
			{Kind: catalog.ChannelDirect, Duration: days, Unit: unit, Fees: []catalog.Fee{{Kind: catalog.KindLePhi, Amount: fee}}},
			{Kind: catalog.ChannelOnline, Duration: days, Unit: unit, Fees: []catalog.Fee{{Kind: catalog.KindLePhi, Amount: fee / 2}}},
		},
		Documents: []catalog.Document{{Name: "Tờ khai theo mẫu", Originals: 1, Required: true}},
	}
}

// SampleRecords are a few realistic procedures for tests that need a
// catalogue; the first is the birth registration.
func SampleRecords() []catalog.Record {
	legal := []catalog.LegalBasis{{Number: "60/2014/QH13", Title: "Luật Hộ tịch", Date: "2014-11-20", Issuer: "Quốc hội"}}
	communeAgency := []catalog.Agency{{Role: catalog.AgencyImplementing, Name: "UBND cấp xã", UnitKind: "commune"}}
	citizen := []catalog.Subject{catalog.SubjectCitizen}
	return []catalog.Record{
		{Code: "1.001193", Name: "Đăng ký khai sinh", Level: catalog.LevelCommune, Field: catalog.Field{Code: "HT", Name: "Hộ tịch"},
			Subjects: []catalog.Subject{catalog.SubjectCitizen, catalog.SubjectForeigner}, Agencies: communeAgency,
			Cases:   []catalog.Case{commune("Đăng ký khai sinh đúng hạn", 0, catalog.SameDay, 0)},
			Results: []catalog.Result{{Name: "Giấy khai sinh"}}, LegalBases: legal, OnlineLevel: catalog.OnlineFull},
		{Code: "1.000894", Name: "Đăng ký kết hôn", Level: catalog.LevelCommune, Field: catalog.Field{Code: "HT", Name: "Hộ tịch"},
			Subjects: citizen, Agencies: communeAgency,
			Cases:   []catalog.Case{commune("Đăng ký kết hôn trong nước", 0, catalog.SameDay, 0)},
			Results: []catalog.Result{{Name: "Giấy chứng nhận kết hôn"}}, LegalBases: legal, OnlineLevel: catalog.OnlinePartial,
			Conditions: "Nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi; việc kết hôn do nam và nữ tự nguyện quyết định."},
		{Code: "1.004222", Name: "Đăng ký thường trú", Level: catalog.LevelCommune, Field: catalog.Field{Code: "CT", Name: "Cư trú"},
			Subjects: citizen, Agencies: []catalog.Agency{{Role: catalog.AgencyImplementing, Name: "Công an cấp xã", UnitKind: "commune"}},
			Cases:       []catalog.Case{commune("Đăng ký thường trú", 7, catalog.WorkingDays, 20000)},
			Results:     []catalog.Result{{Name: "Thông báo kết quả đăng ký thường trú"}},
			LegalBases:  []catalog.LegalBasis{{Number: "68/2020/QH14", Title: "Luật Cư trú", Date: "2020-11-13", Issuer: "Quốc hội"}},
			OnlineLevel: catalog.OnlineFull},
		{Code: "3.000347", Name: "Đổi giấy phép lái xe do ngành Công an cấp", Level: catalog.LevelProvince,
			Field: catalog.Field{Code: "DB", Name: "Đường bộ"}, Subjects: []catalog.Subject{catalog.SubjectCitizen, catalog.SubjectForeigner},
			Agencies: []catalog.Agency{{Role: catalog.AgencyImplementing, Name: "Công an tỉnh Thái Nguyên", UnitCode: "000.00.20.H19"}},
			Cases:    []catalog.Case{commune("Đổi giấy phép lái xe", 5, catalog.WorkingDays, 135000)},
			Results:  []catalog.Result{{Name: "Giấy phép lái xe"}},
			LegalBases: []catalog.LegalBasis{{Number: "36/2024/QH15", Title: "Luật Trật tự, an toàn giao thông đường bộ",
				Date: "2024-06-27", Issuer: "Quốc hội"}}, OnlineLevel: catalog.OnlineFull},
		{Code: "3.000333", Name: "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam", Level: catalog.LevelProvince,
			Field: catalog.Field{Code: "LLTP", Name: "Lý lịch tư pháp"}, Subjects: citizen,
			Agencies: []catalog.Agency{{Role: catalog.AgencyImplementing, Name: "Sở Tư pháp", UnitCode: "000.00.04.H19"}},
			Cases: []catalog.Case{{Name: "Cấp Phiếu lý lịch tư pháp số 1",
				Steps: "Nộp tờ khai yêu cầu cấp Phiếu lý lịch tư pháp.\nSở Tư pháp tra cứu thông tin và cấp Phiếu; trường hợp người lái xe có giấy phép lái xe cũ vẫn được cấp.",
				Channels: []catalog.Channel{
					{Kind: catalog.ChannelDirect, Duration: 10, Unit: catalog.WorkingDays, Fees: []catalog.Fee{{Kind: catalog.KindPhi, Amount: 200000}}},
					{Kind: catalog.ChannelOnline, Duration: 10, Unit: catalog.WorkingDays, Fees: []catalog.Fee{{Kind: catalog.KindPhi, Amount: 100000}}},
				},
				Documents: []catalog.Document{{Name: "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", Originals: 1, Required: true}}}},
			Results: []catalog.Result{{Name: "Phiếu lý lịch tư pháp"}},
			LegalBases: []catalog.LegalBasis{{Number: "28/2009/QH12", Title: "Luật Lý lịch tư pháp", Date: "2009-06-17",
				Issuer: "Quốc hội"}}, OnlineLevel: catalog.OnlineFull},
	}
}
