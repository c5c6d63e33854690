package catalog

// The national exchange format: one JSON object per procedure, with the
// field names of the national TTHC database (Cơ sở dữ liệu quốc gia về thủ
// tục hành chính) so a catalogue can move between systems. A file holds
// one object or an array of them. Values are Vietnamese as published:
//
//	CAPTHUCHIEN       "Cấp Bộ" | "Cấp Tỉnh" | "Cấp Xã" | "Cấp Huyện" (legacy)
//	DOITUONGTHUCHIEN  "Công dân Việt Nam" | "Doanh nghiệp" | "Tổ chức" | "Người nước ngoài"
//	MUCDO             "Toàn trình" | "Một phần" | "Cung cấp thông tin"
//	KENH              "Trực tiếp" | "Trực tuyến" | "Dịch vụ bưu chính"
//	DONVITINH         "Ngày làm việc" | "Giờ làm việc" | "Ngày" | "Trong ngày"
//	LOAIPHI           "Phí" | "Lệ phí"
//	dates             "dd/mm/yyyy"
//
// National records list processing steps, channels and documents per
// procedure with a TRUONGHOP label; here they are grouped under TRUONGHOP
// (cases) so that each case carries its own steps, channels and documents.
// MADONVI, when set, is the QCVN 102 identifier of a unit of the province;
// LOAIDONVI "commune" stands for every commune People's Committee.

// NationalRecord is one procedure in the national exchange format.
type NationalRecord struct {
	MATTHC            string           `json:"MATTHC"`
	TENTTHC           string           `json:"TENTTHC"`
	QUYETDINHCONGBO   string           `json:"QUYETDINHCONGBO,omitempty"`
	CAPTHUCHIEN       string           `json:"CAPTHUCHIEN"`
	LINHVUCTHUCHIEN   NationalField    `json:"LINHVUCTHUCHIEN"`
	DOITUONGTHUCHIEN  []string         `json:"DOITUONGTHUCHIEN"`
	COQUANCOTHAMQUYEN []NationalAgency `json:"COQUANCOTHAMQUYEN,omitempty"`
	COQUANTHUCHIEN    []NationalAgency `json:"COQUANTHUCHIEN"`
	COQUANPHOIHOP     []NationalAgency `json:"COQUANPHOIHOP,omitempty"`
	TRUONGHOP         []NationalCase   `json:"TRUONGHOP"`
	KETQUATHUCHIEN    []NationalResult `json:"KETQUATHUCHIEN"`
	YEUCAUDIEUKIEN    string           `json:"YEUCAUDIEUKIEN,omitempty"`
	CANCUPHAPLY       []NationalLegal  `json:"CANCUPHAPLY"`
	MUCDO             string           `json:"MUCDO"`
	NGAYHIEULUC       string           `json:"NGAYHIEULUC,omitempty"`
	NGAYHETHIEULUC    string           `json:"NGAYHETHIEULUC,omitempty"`
}

// NationalField is a sector.
type NationalField struct {
	MALINHVUC  string `json:"MALINHVUC"`
	TENLINHVUC string `json:"TENLINHVUC"`
}

// NationalAgency is an organisation.
type NationalAgency struct {
	TENDONVI  string `json:"TENDONVI"`
	MADONVI   string `json:"MADONVI,omitempty"`
	LOAIDONVI string `json:"LOAIDONVI,omitempty"`
}

// NationalCase is one case with its steps, channels, documents and stages.
type NationalCase struct {
	TENTRUONGHOP     string             `json:"TENTRUONGHOP"`
	TRINHTUTHUCHIEN  string             `json:"TRINHTUTHUCHIEN"`
	CACHTHUCTHUCHIEN []NationalChannel  `json:"CACHTHUCTHUCHIEN"`
	THANHPHANHOSO    []NationalDocument `json:"THANHPHANHOSO"`
	GIAIDOAN         []NationalStage    `json:"GIAIDOAN,omitempty"`
}

// NationalChannel is one channel with its time and fees.
type NationalChannel struct {
	KENH              string        `json:"KENH"`
	THOIGIANGIAIQUYET float64       `json:"THOIGIANGIAIQUYET"`
	DONVITINH         string        `json:"DONVITINH"`
	MOTA              string        `json:"MOTA,omitempty"`
	PHILEPHI          []NationalFee `json:"PHILEPHI,omitempty"`
	KHONGAPDUNG       bool          `json:"KHONGAPDUNG,omitempty"`
}

// NationalFee is one fee line, in VND.
type NationalFee struct {
	LOAIPHI string `json:"LOAIPHI"`
	SOTIEN  int64  `json:"SOTIEN"`
	MOTA    string `json:"MOTA,omitempty"`
}

// NationalDocument is one required document or note row.
type NationalDocument struct {
	TENGIAYTO  string `json:"TENGIAYTO"`
	SOBANCHINH int    `json:"SOBANCHINH"`
	SOBANSAO   int    `json:"SOBANSAO"`
	MAUDON     string `json:"MAUDON,omitempty"`
	GHICHU     string `json:"GHICHU,omitempty"`
	BATBUOC    bool   `json:"BATBUOC"`
}

// NationalStage is one leg of a split legal time.
type NationalStage struct {
	TENGIAIDOAN string  `json:"TENGIAIDOAN"`
	COQUAN      string  `json:"COQUAN"`
	THOIGIAN    float64 `json:"THOIGIAN"`
	DONVITINH   string  `json:"DONVITINH"`
}

// NationalResult is one result.
type NationalResult struct {
	MAKETQUA  string `json:"MAKETQUA,omitempty"`
	TENKETQUA string `json:"TENKETQUA"`
	MAUKETQUA string `json:"MAUKETQUA,omitempty"`
}

// NationalLegal is one legal basis.
type NationalLegal struct {
	SOVANBAN      string `json:"SOVANBAN"`
	TENVANBAN     string `json:"TENVANBAN"`
	NGAYBANHANH   string `json:"NGAYBANHANH,omitempty"`
	COQUANBANHANH string `json:"COQUANBANHANH,omitempty"`
}
