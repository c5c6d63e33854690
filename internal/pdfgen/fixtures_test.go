package pdfgen

import (
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/document"
	"github.com/motcua/motcua/internal/i18n"
)

// Fixed data for the golden tests: a demo dossier of Thái Nguyên.

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, i18n.Zone)
	if err != nil {
		panic(err)
	}
	return t
}

var (
	centre = document.Header{
		Parent: "Ủy ban nhân dân tỉnh Thái Nguyên",
		Unit:   "Trung tâm Phục vụ hành chính công",
		Number: "125/GTN-TTPVHCC",
		Place:  "Thái Nguyên",
		Date:   at("2026-03-05 08:30"),
	}
	applicant = document.Party{
		Name:    "Nguyễn Thị Hồng Nhung",
		Address: "Tổ 5, phường Phan Đình Phùng, tỉnh Thái Nguyên",
		Phone:   "0912 345 678",
		Email:   "nhung.nguyen@example.vn",
	}
	desk   = "Trung tâm Phục vụ hành chính công tỉnh Thái Nguyên"
	matter = "Cấp Giấy phép xây dựng mới đối với nhà ở riêng lẻ"
	code   = "H19.01-260305-0007"
)

func receiptFixture() document.Receipt {
	return document.Receipt{
		Header:    centre,
		Code:      code,
		Desk:      desk,
		Applicant: applicant,
		Matter:    matter,
		// The application comes first, before the attachments.
		Application: document.ReceivedDocument{Name: "Đơn đề nghị cấp giấy phép xây dựng (Mẫu số 01, Phụ lục II Nghị định 175/2024/NĐ-CP)", Originals: 1},
		Documents: []document.ReceivedDocument{
			{Name: "Bản sao giấy tờ chứng minh quyền sử dụng đất", Copies: 1},
			{Name: "Hai bộ bản vẽ thiết kế xây dựng: mặt bằng công trình trên lô đất, mặt bằng các tầng, các mặt đứng và mặt cắt chính, mặt bằng móng và mặt cắt móng, sơ đồ đấu nối hạ tầng kỹ thuật", Originals: 2},
		},
		Sets:           1,
		ProcessingTime: "15 ngày làm việc",
		ReceivedAt:     at("2026-03-05 08:30"),
		DueAt:          at("2026-03-26 16:30"),
		CollectAt:      "Trung tâm Phục vụ hành chính công tỉnh Thái Nguyên, số 1 đường Hoàng Văn Thụ",
		Receiver:       "Lê Văn Đức",
		LookupURL:      "https://dichvucong.thainguyen.gov.vn/tra-cuu-ho-so?ma=H19.01-260305-0007",
		LookupSecret:   "7QF3ZKMA",
	}
}

func supplementFixture() document.SupplementRequest {
	h := centre
	h.Number = "126/PBS-TTPVHCC"
	h.Date = at("2026-03-06 10:00")
	return document.SupplementRequest{
		Header:    h,
		Code:      code,
		Applicant: applicant,
		Matter:    matter,
		Items: []document.SupplementItem{
			{What: "Bản vẽ mặt cắt móng có chữ ký của chủ nhiệm thiết kế", Why: "Bản vẽ đã nộp chưa có chữ ký và đóng dấu của đơn vị thiết kế."},
			{What: "Bản sao giấy chứng nhận quyền sử dụng đất có chứng thực", Why: "Bản đã nộp là bản chụp, không đọc được số thửa đất."},
		},
		Contact: document.Contact{Name: "bà Trần Thu Hà, Phòng Quản lý đô thị", Phone: "0208 3855 123"},
		Guide:   "Lê Văn Đức",
	}
}

func refusalFixture() document.Refusal {
	h := centre
	h.Number = "127/PTC-TTPVHCC"
	return document.Refusal{
		Header:    h,
		Desk:      desk,
		Applicant: applicant,
		Matter:    "Đăng ký kết hôn có yếu tố nước ngoài",
		Reasons: []string{
			"Thủ tục này do Ủy ban nhân dân xã nơi cư trú giải quyết, không thuộc thẩm quyền tiếp nhận của Trung tâm.",
		},
		Receiver: "Lê Văn Đức",
	}
}

func apologyFixture() document.Apology {
	return document.Apology{
		Header: document.Header{
			Parent: "Ủy ban nhân dân tỉnh Thái Nguyên",
			Unit:   "Sở Xây dựng",
			Number: "45/XL-SXD",
			Place:  "Thái Nguyên",
			Date:   at("2026-03-25 09:00"),
		},
		Code:       code,
		Agency:     "Sở Xây dựng tỉnh Thái Nguyên",
		Applicant:  applicant,
		Matter:     matter,
		ReceivedAt: at("2026-03-05 08:30"),
		DueAt:      at("2026-03-26 16:30"),
		Reason:     "Cần lấy thêm ý kiến của Ủy ban nhân dân phường về chỉ giới xây dựng trên tuyến phố.",
		NewDueAt:   at("2026-04-02 16:30"),
		Signer:     document.Signer{Title: "GIÁM ĐỐC", Name: "Hoàng Minh Tuấn"},
	}
}

func stopNoticeFixture(rs document.RuleSet) document.StopNotice {
	return document.StopNotice{
		Header: document.Header{
			Parent:  "Ủy ban nhân dân tỉnh Thái Nguyên",
			Unit:    "Sở Xây dựng",
			Number:  "3/TBD-SXD",
			Place:   "Thái Nguyên",
			Date:    at("2026-03-20 14:00"),
			RuleSet: rs,
		},
		Code:       code,
		Agency:     "Sở Xây dựng tỉnh Thái Nguyên",
		Applicant:  applicant,
		Matter:     matter,
		ReceivedAt: at("2026-03-05 08:30"),
		Reasons: []string{
			"Thửa đất đề nghị cấp phép nằm trong ranh giới dự án mở rộng đường đã có quyết định thu hồi đất.",
			"Ông/Bà có văn bản đề nghị dừng giải quyết ngày 18/03/2026.",
		},
		Signer: document.Signer{Title: "GIÁM ĐỐC", Name: "Hoàng Minh Tuấn"},
	}
}

func controlSlipFixture() document.ControlSlip {
	h := centre
	h.Number = ""
	return document.ControlSlip{
		Header:       h,
		Code:         code,
		Applicant:    applicant,
		Matter:       matter,
		Competent:    "Sở Xây dựng tỉnh Thái Nguyên",
		Coordinating: []string{"Ủy ban nhân dân phường Phan Đình Phùng"},
		ReceivedAt:   at("2026-03-05 08:30"),
		DueAt:        at("2026-03-26 16:30"),
		HandOvers: []document.HandOver{
			{From: document.Handler{Unit: "Bộ phận tiếp nhận và trả kết quả", Person: "Lê Văn Đức"},
				To: document.Handler{Unit: "Phòng Quản lý đô thị, Sở Xây dựng", Person: "Trần Thu Hà"},
				At: at("2026-03-05 14:00"), Timeliness: document.OnTime},
			{From: document.Handler{Unit: "Phòng Quản lý đô thị, Sở Xây dựng", Person: "Trần Thu Hà"},
				To: document.Handler{Unit: "Lãnh đạo Sở Xây dựng", Person: "Hoàng Minh Tuấn"},
				At: at("2026-03-20 10:15"), Timeliness: document.Early, Note: "Đã lấy ý kiến phường"},
			{From: document.Handler{Unit: "Lãnh đạo Sở Xây dựng", Person: "Hoàng Minh Tuấn"},
				To: document.Handler{Unit: "Bộ phận tiếp nhận và trả kết quả"},
				At: at("2026-03-27 08:00"), Timeliness: document.Late, Note: "Có phiếu xin lỗi số 45/XL-SXD"},
		},
	}
}

// longControlSlip has enough hand-overs to run over two pages.
func longControlSlip() document.ControlSlip {
	c := controlSlipFixture()
	c.HandOvers = nil
	for i := range 30 {
		c.HandOvers = append(c.HandOvers, document.HandOver{
			From: document.Handler{Unit: fmt.Sprintf("Phòng chuyên môn số %d", i+1), Person: "Nguyễn Văn Bình"},
			To:   document.Handler{Unit: fmt.Sprintf("Phòng chuyên môn số %d", i+2), Person: "Phạm Thị Dung"},
			At:   at("2026-03-05 14:00").Add(time.Duration(i) * time.Hour), Timeliness: document.OnTime,
		})
	}
	return c
}

func resultFixture() document.Result {
	return document.Result{
		Header: document.Header{
			Parent: "Ủy ban nhân dân tỉnh Thái Nguyên",
			Unit:   "Sở Xây dựng",
			Number: "112/GPXD",
			Place:  "Thái Nguyên",
			Date:   at("2026-03-20 15:00"),
		},
		Title:      "Giấy phép xây dựng",
		ResultName: "Giấy phép xây dựng nhà ở riêng lẻ",
		Bases: []string{
			"Căn cứ Luật Xây dựng ngày 18 tháng 6 năm 2014; Luật sửa đổi, bổ sung một số điều của Luật Xây dựng ngày 17 tháng 6 năm 2020;",
			"Xét đề nghị của Phòng Quản lý đô thị.",
		},
		Applicant: applicant,
		Lines: []document.Line{
			{Label: "Địa điểm xây dựng", Value: "Thửa đất số 125, tờ bản đồ số 12, phường Phan Đình Phùng"},
			{Label: "Diện tích xây dựng tầng 1", Value: "96,5 m²"},
			{Label: "Số tầng", Value: "4 tầng và 1 tum"},
			{Label: "Chiều cao công trình", Value: "17,8 m"},
		},
		Signer:     document.Signer{Title: "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", Name: "Đỗ Quang Vinh"},
		VerifyCode: "XD-112-9K4TQ",
		VerifyURL:  "https://dichvucong.thainguyen.gov.vn/xac-thuc/XD-112-9K4TQ",
		Code:       code,
	}
}
