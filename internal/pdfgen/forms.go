package pdfgen

import (
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/document"
)

// The layouts of the documents. Their wording is the statutory Vietnamese
// of Circular 01/2018/TT-VPCP's forms (Circular 03/2025/TT-VPCP keeps the
// same fields), which is why it is here and not in the message catalogue.

const signHint = "(Ký và ghi rõ họ tên)"

// applicant writes the applicant's name, address and contacts; empty
// parts are left out rather than printed as blanks.
func (p *page) applicant(label string, a document.Party) {
	p.field(label, a.Name)
	if strings.TrimSpace(a.Address) != "" {
		p.field("Địa chỉ", a.Address)
	}
	var pairs []string
	if strings.TrimSpace(a.Phone) != "" {
		pairs = append(pairs, "Số điện thoại", a.Phone)
	}
	if strings.TrimSpace(a.Email) != "" {
		pairs = append(pairs, "Email", a.Email)
	}
	if len(pairs) > 0 {
		p.fields(pairs...)
	}
}

// numbered writes "n. label: value" as a paragraph.
func (p *page) numbered(n int, label, value string) {
	p.field(strconv.Itoa(n)+". "+label, value)
}

func count(n int) string {
	if n <= 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// receipt is Mẫu 01, the receipt and appointment slip.
func receipt(p *page, r document.Receipt) {
	p.title(formTitle(r.Header, r.Kind()))
	p.centred("Mã hồ sơ: " + r.Code)
	p.f.Ln(3)
	p.field("Bộ phận tiếp nhận và trả kết quả", r.Desk)
	p.applicant("Tiếp nhận hồ sơ của", r.Applicant)
	p.field("Nội dung yêu cầu giải quyết", r.Matter)

	p.para("", "1. Thành phần hồ sơ nộp gồm:")
	docs := r.Documents
	if strings.TrimSpace(r.Application.Name) != "" {
		docs = append([]document.ReceivedDocument{r.Application}, docs...)
	}
	if len(docs) == 0 {
		p.para("", "(không có giấy tờ kèm theo)")
	} else {
		rows := make([][]string, len(docs))
		for i, d := range docs {
			rows[i] = []string{strconv.Itoa(i + 1), d.Name, count(d.Originals), count(d.Copies)}
		}
		p.table([]column{
			{"STT", 12, "C"},
			{"Tên giấy tờ", textW - 12 - 2*24, "L"},
			{"Bản chính", 24, "C"},
			{"Bản sao", 24, "C"},
		}, rows)
	}
	p.numbered(2, "Số lượng hồ sơ", strconv.Itoa(r.Sets)+" bộ")
	if strings.TrimSpace(r.ProcessingTime) != "" {
		p.numbered(3, "Thời gian giải quyết hồ sơ theo quy định", r.ProcessingTime)
	}
	p.numbered(4, "Thời gian nhận hồ sơ", dateTime(r.ReceivedAt))
	p.numbered(5, "Thời gian trả kết quả giải quyết hồ sơ", dateTime(r.DueAt))
	if strings.TrimSpace(r.CollectAt) != "" {
		p.numbered(6, "Đăng ký nhận kết quả tại", r.CollectAt)
	}
	if r.LookupURL != "" {
		p.f.Ln(2)
		p.keep(30)
		lines := []string{"Tra cứu tình trạng giải quyết hồ sơ và đánh giá sự hài lòng:"}
		if r.LookupSecret != "" {
			lines = append(lines, "mã hồ sơ "+r.Code+", mã tra cứu "+r.LookupSecret+";")
		}
		p.qrBlock(marginL, p.f.GetY(), textW, r.LookupURL, append(lines, "quét mã QR hoặc truy cập")...)
	}
	p.signatures(
		sign{title: "NGƯỜI NỘP HỒ SƠ", hint: signHint, name: r.Applicant.Name},
		sign{title: "NGƯỜI TIẾP NHẬN HỒ SƠ", hint: signHint, name: r.Receiver},
	)
}

// supplement is Mẫu 02, the request to supplement or correct a dossier.
func supplement(p *page, s document.SupplementRequest) {
	p.title(formTitle(s.Header, s.Kind()))
	p.centred("Mã hồ sơ: " + s.Code)
	p.f.Ln(3)
	p.applicant("Hồ sơ của", s.Applicant)
	p.field("Nội dung yêu cầu giải quyết", s.Matter)
	p.para("", "Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:")
	p.indented(5, func() {
		for i, it := range s.Items {
			p.para("B", strconv.Itoa(i+1)+". "+it.What)
			if strings.TrimSpace(it.Why) != "" {
				p.indented(5, func() { p.field("Lý do", it.Why) })
			}
		}
	})
	if c := s.Contact; strings.TrimSpace(c.Name) != "" {
		text := "Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, Ông/Bà liên hệ với " + c.Name
		if strings.TrimSpace(c.Phone) != "" {
			text += ", số điện thoại " + c.Phone
		}
		p.f.Ln(1)
		p.para("", text+" để được hướng dẫn./.")
	}
	p.signatures(sign{title: "NGƯỜI HƯỚNG DẪN", hint: signHint, name: s.Guide})
}

// refusal is Mẫu 03, the refusal to receive and process a dossier.
func refusal(p *page, r document.Refusal) {
	p.title(formTitle(r.Header, r.Kind()))
	if strings.TrimSpace(r.Code) != "" {
		p.centred("Mã hồ sơ: " + r.Code)
	}
	p.f.Ln(3)
	p.field("Bộ phận tiếp nhận và trả kết quả", r.Desk)
	p.applicant("Tiếp nhận hồ sơ của", r.Applicant)
	p.field("Nội dung yêu cầu giải quyết", r.Matter)
	p.para("", "Sau khi xem xét hồ sơ, đối chiếu với các quy định hiện hành, "+r.Desk+
		" từ chối tiếp nhận, giải quyết hồ sơ này vì lý do sau:")
	p.indented(5, func() {
		for i, why := range r.Reasons {
			p.para("B", strconv.Itoa(i+1)+". "+why)
		}
	})
	p.para("", "Xin thông báo cho Ông/Bà được biết và thực hiện./.")
	p.signatures(sign{title: "NGƯỜI TIẾP NHẬN HỒ SƠ", hint: signHint, name: r.Receiver})
}

// apology is Mẫu 04, the apology with a new appointment, signed by the
// head of the processing agency.
func apology(p *page, a document.Apology) {
	p.title(formTitle(a.Header, a.Kind()))
	p.f.Ln(2)
	p.centred("Kính gửi: Ông/Bà " + a.Applicant.Name)
	p.f.Ln(3)
	if strings.TrimSpace(a.Applicant.Address) != "" {
		p.field("Địa chỉ", a.Applicant.Address)
	}
	p.para("", "Ngày "+date(a.ReceivedAt)+", "+a.Agency+" tiếp nhận hồ sơ của Ông/Bà đề nghị giải quyết: "+a.Matter+".")
	p.field("Mã hồ sơ", a.Code)
	p.field("Thời gian nhận hồ sơ", dateTime(a.ReceivedAt))
	p.field("Thời hạn trả kết quả theo quy định", dateTime(a.DueAt))
	p.para("", "Tuy nhiên, đến nay "+a.Agency+" chưa trả kết quả giải quyết hồ sơ cho Ông/Bà.")
	p.field("Lý do", a.Reason)
	p.para("", "Sự chậm trễ này đã gây phiền hà, tốn kém chi phí đi lại của Ông/Bà. "+a.Agency+
		" xin lỗi Ông/Bà và hẹn lại thời gian trả kết quả:")
	p.field("Thời gian hẹn trả kết quả mới", dateTime(a.NewDueAt))
	p.para("", "Rất mong nhận được sự thông cảm của Ông/Bà./.")
	p.signatures(sign{title: a.Signer.Title, hint: "(Ký, ghi rõ họ tên và đóng dấu)", name: a.Signer.Name})
}

// stopNotice is the notice to stop processing (Mẫu 05 of Circular
// 03/2025), signed by the head of the processing agency.
func stopNotice(p *page, n document.StopNotice) {
	p.title(formTitle(n.Header, n.Kind()))
	p.centred("Mã hồ sơ: " + n.Code)
	p.f.Ln(2)
	p.centred("Kính gửi: Ông/Bà " + n.Applicant.Name)
	p.f.Ln(3)
	if strings.TrimSpace(n.Applicant.Address) != "" {
		p.field("Địa chỉ", n.Applicant.Address)
	}
	received := ""
	if !n.ReceivedAt.IsZero() {
		received = "Ngày " + date(n.ReceivedAt) + ", "
	}
	p.para("", received+n.Agency+" tiếp nhận hồ sơ của Ông/Bà đề nghị giải quyết: "+n.Matter+".")
	p.para("", "Trong quá trình giải quyết, "+n.Agency+" dừng giải quyết hồ sơ này vì lý do sau:")
	p.indented(5, func() {
		for i, why := range n.Reasons {
			p.para("B", strconv.Itoa(i+1)+". "+why)
		}
	})
	p.para("", "Ông/Bà liên hệ Bộ phận tiếp nhận và trả kết quả để nhận lại hồ sơ, hoặc tra cứu tình trạng hồ sơ "+
		"bằng mã hồ sơ trên Cổng Dịch vụ công.")
	p.para("", "Xin thông báo để Ông/Bà được biết./.")
	p.signatures(sign{title: n.Signer.Title, hint: "(Ký, ghi rõ họ tên và đóng dấu)", name: n.Signer.Name})
}

var timeliness = map[document.Timeliness]string{
	document.Early:  "Trước hạn",
	document.OnTime: "Đúng hạn",
	document.Late:   "Quá hạn",
}

// handler is a unit with the person under it.
func handler(h document.Handler) string {
	if strings.TrimSpace(h.Person) == "" {
		return h.Unit
	}
	return h.Unit + "\n" + h.Person
}

// controlSlip is Mẫu 05, the process control slip: one row per hand-over.
func controlSlip(p *page, c document.ControlSlip) {
	p.title(formTitle(c.Header, c.Kind()))
	p.centred("Mã hồ sơ: " + c.Code)
	p.font("", sizeTable)
	p.block(marginL, textW, tableLH, "C", "(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả)")
	p.f.Ln(3)
	if strings.TrimSpace(c.Applicant.Name) != "" {
		p.field("Người nộp hồ sơ", c.Applicant.Name)
	}
	if strings.TrimSpace(c.Matter) != "" {
		p.field("Nội dung yêu cầu giải quyết", c.Matter)
	}
	p.field("Cơ quan (bộ phận) giải quyết hồ sơ", c.Competent)
	if len(c.Coordinating) > 0 {
		p.field("Cơ quan phối hợp giải quyết hồ sơ", strings.Join(c.Coordinating, "; "))
	}
	pairs := []string{"Thời gian nhận hồ sơ", dateTime(c.ReceivedAt)}
	if !c.DueAt.IsZero() {
		pairs = append(pairs, "Hạn trả kết quả", dateTime(c.DueAt))
	}
	p.fields(pairs...)
	p.f.Ln(2)
	rows := make([][]string, len(c.HandOvers))
	for i, h := range c.HandOvers {
		rows[i] = []string{
			strconv.Itoa(i + 1), handler(h.From), handler(h.To),
			strings.Replace(dateTime(h.At), " ", "\n", 1),
			timeliness[h.Timeliness], h.Note,
		}
	}
	p.table([]column{
		{"STT", 10, "C"},
		{"Bên giao", 37, "L"},
		{"Bên nhận", 37, "L"},
		{"Thời gian giao, nhận", 24, "C"},
		{"Kết quả (trước hạn, đúng hạn, quá hạn)", 27, "C"},
		{"Ghi chú", textW - 10 - 2*37 - 24 - 27, "L"},
	}, rows)
	if len(c.HandOvers) == 0 {
		p.para("", "(chưa có lần giao, nhận nào)")
	}
}

// result is the result of a procedure: a licence, a certificate.
func result(p *page, r document.Result) {
	p.title(r.Title)
	if n := strings.TrimSpace(r.ResultName); n != "" && !strings.EqualFold(n, strings.TrimSpace(r.Title)) {
		p.centred("(" + n + ")")
	}
	p.f.Ln(3)
	for _, b := range r.Bases {
		p.para("", b)
	}
	if len(r.Bases) > 0 {
		p.f.Ln(1)
	}
	p.applicant("Cấp cho", r.Applicant)
	for _, l := range r.Lines {
		p.field(l.Label, l.Value)
	}
	if strings.TrimSpace(r.Code) != "" {
		p.field("Mã hồ sơ", r.Code)
	}
	p.f.Ln(3)
	p.keep(45)
	top := p.f.GetY()
	p.signatures(sign{title: r.Signer.Title, name: r.Signer.Name})
	below := p.f.GetY()
	if r.VerifyURL != "" {
		// The QR code and the verification code sit in the left half,
		// beside the signature.
		y := p.qrBlock(marginL, top+3, textW/2-2, r.VerifyURL,
			"Mã xác thực: "+r.VerifyCode, "Kiểm tra tính xác thực: quét mã QR hoặc truy cập")
		below = max(below, y)
	}
	p.f.SetY(below)
}

// formTitle is the title of the header's rule set's form for a kind;
// Render has already checked that it exists.
func formTitle(h document.Header, k document.Kind) string {
	f, _ := document.Layout(h.Rules(), k)
	return f.Title
}
