package calendar

import (
	"fmt"
	"slices"
	"time"
)

// The statutory holidays, and the days the government announced for the
// years this package knows. These only produce seed data: the engine reads a
// Table, which administrators edit (announcements come every year, and the
// Prime Minister fixes the Tết and National Day days each time).

// Legal bases, in Vietnamese as administrators read them. "[cần kiểm tra]"
// (to check) marks what was not verified against the act itself.
const (
	basisLabourCode    = "Bộ luật Lao động 2019 (Luật 45/2019/QH14), điều 112 khoản 1"
	basisCompensatory  = "Bộ luật Lao động 2019, điều 111 khoản 3: ngày nghỉ lễ, tết trùng ngày nghỉ hằng tuần thì được nghỉ bù vào ngày làm việc kế tiếp"
	basisPrimeMinister = "Bộ luật Lao động 2019, điều 112 khoản 3: Thủ tướng Chính phủ quyết định cụ thể ngày nghỉ Tết Âm lịch và Quốc khánh hằng năm"
	basisCultureDay    = "Nghị quyết 80-NQ/TW (01/2026) của Bộ Chính trị về phát triển văn hóa Việt Nam: ngày 24/11 hằng năm là Ngày Văn hóa Việt Nam, người lao động được nghỉ hưởng nguyên lương [cần kiểm tra văn bản quy phạm pháp luật thi hành]"
	markDefault        = "mặc định theo luật, chưa có thông báo của Chính phủ cho năm này [cần kiểm tra]"
)

const (
	cultureDayFirstYear = 2026
	tetDaysBefore       = 1 // the last day of the old lunar year
	tetDaysFromNewYear  = 4 // mùng 1 to mùng 4
)

// occasion groups the rules of one holiday, so an announcement can replace a
// holiday's rules (and their compensatory or swapped days) as a whole.
type occasion int

const (
	newYear occasion = iota
	tet
	hungKings
	victory // 30/4 and 1/5, announced together
	nationalDay
	cultureDay
)

// StatutoryRules returns the year's days off as the law alone gives them,
// without the government's yearly decisions:
//   - Tết Dương lịch 1/1; Ngày Chiến thắng 30/4; Quốc tế Lao động 1/5;
//     Quốc khánh 2/9 and one adjacent day; Giỗ Tổ Hùng Vương 10/3 lunar
//     (Bộ luật Lao động 2019, art. 112(1));
//   - Tết Nguyên Đán, five days: the last day of the old lunar year and
//     mùng 1 to mùng 4 (the usual pattern; the Prime Minister fixes the days,
//     art. 112(3));
//   - the adjacent day of Quốc khánh: 1/9, or 3/9 when 2/9 is a Monday (1/9
//     would be a Sunday) or a Thursday (3/9 bridges to the weekend) — what the
//     government chose in 2021-2025;
//   - from 2026, Ngày Văn hóa Việt Nam 24/11 [check];
//   - a holiday on a Saturday or Sunday gives the next working day off
//     (art. 111(3)).
func StatutoryRules(year int) []DayRule {
	return flatten(statutory(year))
}

// SeedRules returns the rules to seed a year with: the government's
// announced days where this package knows them (2025, 2026 in part), else
// StatutoryRules.
func SeedRules(year int) []DayRule {
	groups := statutory(year)
	for occ, rules := range announced(year) {
		groups[occ] = rules
	}
	return flatten(groups)
}

func flatten(groups map[occasion][]DayRule) []DayRule {
	var out []DayRule
	for _, rules := range groups {
		out = append(out, rules...)
	}
	slices.SortFunc(out, func(a, b DayRule) int { return a.Date.jdn() - b.Date.jdn() })
	return out
}

type holiday struct {
	occ   occasion
	date  Date
	name  string
	basis string
}

func statutory(year int) map[occasion][]DayRule {
	var hs []holiday
	add := func(occ occasion, d Date, name, basis string) {
		hs = append(hs, holiday{occ, d, name, basis})
	}
	add(newYear, Date{year, time.January, 1}, "Tết Dương lịch", basisLabourCode+" điểm a")

	newYearDay := LunarNewYear(year)
	tetBasis := basisLabourCode + " điểm b; " + basisPrimeMinister + "; năm ngày: ngày cuối năm âm lịch và mùng 1 đến mùng 4 — " + markDefault
	for i := -tetDaysBefore; i < tetDaysFromNewYear; i++ {
		d := newYearDay.AddDays(i)
		add(tet, d, tetName(d), tetBasis)
	}

	gioTo, _ := FromLunar(LunarDate{Year: year, Month: 3, Day: 10}) // month 3 always has a day 10
	add(hungKings, gioTo, "Giỗ Tổ Hùng Vương (10/3 âm lịch)", basisLabourCode+" điểm e")
	add(victory, Date{year, time.April, 30}, "Ngày Chiến thắng (Giải phóng miền Nam, thống nhất đất nước)", basisLabourCode+" điểm c")
	add(victory, Date{year, time.May, 1}, "Ngày Quốc tế Lao động", basisLabourCode+" điểm d")

	national := Date{year, time.September, 2}
	adjacent := national.AddDays(-1)
	if w := national.Weekday(); w == time.Monday || w == time.Thursday {
		adjacent = national.AddDays(1)
	}
	ndBasis := basisLabourCode + " điểm đ"
	add(nationalDay, adjacent, "Quốc khánh (ngày liền kề)",
		ndBasis+"; "+basisPrimeMinister+"; ngày liền kề 1/9, hoặc 3/9 khi 2/9 là thứ Hai hay thứ Năm — "+markDefault)
	add(nationalDay, national, "Quốc khánh", ndBasis)

	if year >= cultureDayFirstYear {
		add(cultureDay, Date{year, time.November, 24}, "Ngày Văn hóa Việt Nam", basisCultureDay)
	}

	slices.SortFunc(hs, func(a, b holiday) int { return a.date.jdn() - b.date.jdn() })
	off := map[Date]bool{}
	for _, h := range hs {
		off[h.date] = true
	}
	groups := map[occasion][]DayRule{}
	for _, h := range hs {
		groups[h.occ] = append(groups[h.occ], DayRule{Date: h.date, Kind: Off, Name: h.name, Basis: h.basis})
		if !h.date.isWeekend() {
			continue
		}
		// The compensatory day: the next weekday not already off (two
		// weekend holidays in a row give two days, in order).
		c := h.date.AddDays(1)
		for c.isWeekend() || off[c] {
			c = c.AddDays(1)
		}
		off[c] = true
		groups[h.occ] = append(groups[h.occ], DayRule{
			Date:  c,
			Kind:  Off,
			Name:  fmt.Sprintf("Nghỉ bù %s, trùng %s %s", h.name, weekdayName(h.date.Weekday()), dm(h.date)),
			Basis: basisCompensatory,
		})
	}
	return groups
}

// announced returns, per holiday, the days the government announced for the
// year, replacing the statutory ones. Sources are named in each Basis; where
// the notice's number was not verified, it says so.
func announced(year int) map[occasion][]DayRule {
	switch year {
	case 2025:
		tetBasis := "Thông báo 6150/TB-LĐTBXH ngày 08/11/2024 của Bộ Lao động - Thương binh và Xã hội [cần kiểm tra số hiệu]: nghỉ từ 25/01 đến hết 02/02/2025, hoán đổi thứ Hai 27/01 sang thứ Bảy 08/02/2025; " + basisPrimeMinister
		victoryBasis := basisLabourCode + " điểm c, d; hoán đổi thứ Sáu 02/05 sang thứ Bảy 26/04/2025 theo thông báo của Bộ Nội vụ [cần kiểm tra số hiệu]"
		ndBasis := basisLabourCode + " điểm đ; " + basisPrimeMinister + "; năm 2025 nghỉ thứ Hai 01/09 và thứ Ba 02/09 [cần kiểm tra số hiệu thông báo]"
		return map[occasion][]DayRule{
			tet: append(tetRange(Date{2025, 1, 25}, Date{2025, 2, 2}, tetBasis,
				map[Date]string{{2025, 1, 27}: "hoán đổi, làm bù thứ Bảy 08/02/2025"}),
				DayRule{Date{2025, 2, 8}, Work, "Làm bù cho thứ Hai 27/01/2025 (nghỉ Tết Nguyên Đán)", tetBasis}),
			victory: {
				{Date{2025, 4, 26}, Work, "Làm bù cho thứ Sáu 02/05/2025 (nghỉ lễ 30/4 - 1/5)", victoryBasis},
				{Date{2025, 4, 30}, Off, "Ngày Chiến thắng (Giải phóng miền Nam, thống nhất đất nước)", victoryBasis},
				{Date{2025, 5, 1}, Off, "Ngày Quốc tế Lao động", victoryBasis},
				{Date{2025, 5, 2}, Off, "Nghỉ lễ 30/4 - 1/5 (hoán đổi, làm bù thứ Bảy 26/04/2025)", victoryBasis},
			},
			nationalDay: {
				{Date{2025, 9, 1}, Off, "Quốc khánh (ngày liền kề)", ndBasis},
				{Date{2025, 9, 2}, Off, "Quốc khánh", ndBasis},
			},
		}
	case 2026:
		nyBasis := "Công văn 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ: nghỉ từ 01/01 đến hết 04/01/2026, hoán đổi thứ Sáu 02/01 sang thứ Bảy 10/01/2026; " + basisLabourCode + " điểm a"
		tetBasis := "Thông báo của Bộ Nội vụ (10/2025) theo ý kiến của Thủ tướng Chính phủ: nghỉ từ thứ Bảy 14/02 đến hết Chủ nhật 22/02/2026, tức 27 tháng Chạp Ất Tỵ đến mùng 6 Bính Ngọ [cần kiểm tra số hiệu]; " + basisLabourCode + " điểm b"
		return map[occasion][]DayRule{
			newYear: {
				{Date{2026, 1, 1}, Off, "Tết Dương lịch", nyBasis},
				{Date{2026, 1, 2}, Off, "Nghỉ Tết Dương lịch (hoán đổi, làm bù thứ Bảy 10/01/2026)", nyBasis},
				{Date{2026, 1, 3}, Off, "Nghỉ Tết Dương lịch", nyBasis},
				{Date{2026, 1, 4}, Off, "Nghỉ Tết Dương lịch", nyBasis},
				{Date{2026, 1, 10}, Work, "Làm bù cho thứ Sáu 02/01/2026 (nghỉ Tết Dương lịch)", nyBasis},
			},
			tet: tetRange(Date{2026, 2, 14}, Date{2026, 2, 22}, tetBasis, nil),
		}
	}
	return nil
}

// tetRange returns Off rules for every day from first to last, named by their
// lunar date, with a note added to some.
func tetRange(first, last Date, basis string, notes map[Date]string) []DayRule {
	var out []DayRule
	for d := first; !d.After(last); d = d.AddDays(1) {
		name := tetName(d)
		if n, ok := notes[d]; ok {
			name += " — " + n
		}
		out = append(out, DayRule{Date: d, Kind: Off, Name: name, Basis: basis})
	}
	return out
}

// tetName names a day of the Tết holiday by its lunar date:
// "Tết Nguyên Đán Bính Ngọ (mùng 1)", "(29 tháng Chạp)".
func tetName(d Date) string {
	l := ToLunar(d)
	year := l.Year
	var day string
	switch {
	case l.Month == 12:
		year++ // the Tết of the coming year
		day = fmt.Sprintf("%d tháng Chạp", l.Day)
	case l.Month == 1 && l.Day <= 10:
		day = fmt.Sprintf("mùng %d", l.Day)
	default:
		day = l.String() + " âm lịch"
	}
	return fmt.Sprintf("Tết Nguyên Đán %s (%s)", YearName(year), day)
}

// dm formats a date as "26/04", as Vietnamese notices do.
func dm(d Date) string { return fmt.Sprintf("%02d/%02d", d.Day, int(d.Month)) }
