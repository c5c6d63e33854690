package document

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// The national heading every administrative document opens with, on the
// right: the country's name and its motto.
const (
	NationalName  = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	NationalMotto = "Độc lập - Tự do - Hạnh phúc"
)

// Kind is the kind of a document.
type Kind string

const (
	KindReceipt     Kind = "receipt"      // giấy tiếp nhận hồ sơ và hẹn trả kết quả
	KindSupplement  Kind = "supplement"   // phiếu yêu cầu bổ sung, hoàn thiện hồ sơ
	KindRefusal     Kind = "refusal"      // phiếu từ chối tiếp nhận giải quyết hồ sơ
	KindApology     Kind = "apology"      // phiếu xin lỗi và hẹn lại ngày trả kết quả
	KindStopNotice  Kind = "stop_notice"  // thông báo dừng giải quyết hồ sơ (Mẫu 05 of 03/2025; unnumbered before)
	KindControlSlip Kind = "control_slip" // phiếu kiểm soát quá trình giải quyết hồ sơ
	KindLedger      Kind = "ledger"       // sổ theo dõi hồ sơ (a register, not rendered)
	KindResult      Kind = "result"       // the result of a procedure: a licence, a certificate
)

// Document is the data of one document of a kind.
type Document interface {
	Kind() Kind
	// Validate reports the first essential that is missing, as an
	// ErrInvalid naming the field (never its value: documents carry
	// personal data and errors end up in logs).
	Validate() error
}

// Renderer draws a document, for example as a PDF file. It returns
// ErrInvalid for a document that fails Validate and ErrNoForm when the
// document's rule set has no form for its kind.
type Renderer interface {
	Render(ctx context.Context, d Document) ([]byte, error)
}

// ErrInvalid: a document lacks something it cannot be issued without.
var ErrInvalid = errors.New("document: incomplete")

func missing(k Kind, field string) error { return fmt.Errorf("%w: %s: %s", ErrInvalid, k, field) }

// Header is the heading common to every document, laid out as Decree
// 30/2020/NĐ-CP prescribes: the issuing unit under its parent and the
// document's number on the left; the national heading and the place and
// date on the right.
type Header struct {
	// RuleSet whose form numbering applies; empty means DefaultRuleSet.
	RuleSet RuleSet
	// Parent is the governing body (cơ quan chủ quản), e.g. "UBND TỈNH THÁI
	// NGUYÊN"; may be empty.
	Parent string
	// Unit is the issuing unit, e.g. "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG".
	Unit string
	// Number is the document's number and symbol, printed after "Số: "
	// (e.g. "125/GTN-TTPVHCC"); may be empty.
	Number string
	// Place is the place name of the date line, e.g. "Thái Nguyên".
	Place string
	Date  time.Time
}

// Rules is the rule set in force for the header's document.
func (h Header) Rules() RuleSet {
	if h.RuleSet == "" {
		return DefaultRuleSet
	}
	return h.RuleSet
}

func (h Header) validate(k Kind) error {
	switch {
	case blank(h.Unit):
		return missing(k, "header unit")
	case blank(h.Place):
		return missing(k, "header place")
	case h.Date.IsZero():
		return missing(k, "header date")
	}
	return nil
}

// Party is the applicant (a person, or a business by its name) and how to
// reach them.
type Party struct {
	Name    string
	Address string
	Phone   string
	Email   string
}

// Signer is who signs: the title as printed (one line per line of
// Title, e.g. "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC") and the name.
type Signer struct {
	Title string
	Name  string
}

// Timeliness of a finished step against its due time. The values are
// those of internal/calendar.
type Timeliness string

const (
	Early  Timeliness = "early"
	OnTime Timeliness = "on_time"
	Late   Timeliness = "late"
)

// Valid reports whether t is empty (not finished yet) or a known value.
func (t Timeliness) Valid() bool {
	switch t {
	case "", Early, OnTime, Late:
		return true
	}
	return false
}

// Receipt is the receipt and appointment slip (Mẫu 01): the dossier was
// received, with these documents, and its result is due then.
type Receipt struct {
	Header Header
	Code   string // mã hồ sơ
	// Desk is the one-stop-shop desk that received it (Bộ phận tiếp nhận và
	// trả kết quả), e.g. "Trung tâm Phục vụ hành chính công tỉnh Thái Nguyên".
	Desk      string
	Applicant Party
	// Matter is what is asked for (nội dung yêu cầu giải quyết): the
	// procedure's name, with its case where it has several.
	Matter string
	// Application is the application itself (the tờ khai or đơn the
	// applicant filled in, on the e-form): the first item of the list,
	// before the attached Documents. Left out when it has no name.
	Application ReceivedDocument
	Documents   []ReceivedDocument
	// Sets is the number of sets of the dossier (số lượng hồ sơ, bộ).
	Sets int
	// ProcessingTime is the legal processing time as the catalogue states
	// it, e.g. "05 ngày làm việc".
	ProcessingTime string
	ReceivedAt     time.Time
	DueAt          time.Time // the appointment to return the result
	// CollectAt is where (or how) the applicant receives the result.
	CollectAt string
	Receiver  string // the clerk who received the dossier
	// LookupURL is the public status lookup of this dossier (printed and
	// shown as a QR code); may be empty. LookupSecret is the code that
	// opens it with the dossier's code, printed beside.
	LookupURL    string
	LookupSecret string
}

// ReceivedDocument is one row of a receipt's list of documents.
type ReceivedDocument struct {
	Name      string
	Originals int // bản chính
	Copies    int // bản sao
}

// Kind implements Document.
func (Receipt) Kind() Kind { return KindReceipt }

// Validate implements Document.
func (r Receipt) Validate() error {
	k := r.Kind()
	if err := r.Header.validate(k); err != nil {
		return err
	}
	switch {
	case blank(r.Code):
		return missing(k, "code")
	case blank(r.Desk):
		return missing(k, "desk")
	case blank(r.Applicant.Name):
		return missing(k, "applicant name")
	case blank(r.Matter):
		return missing(k, "matter")
	case r.Sets < 1:
		return missing(k, "number of sets")
	case r.ReceivedAt.IsZero():
		return missing(k, "time received")
	case r.DueAt.IsZero():
		return missing(k, "appointment")
	}
	for _, d := range r.Documents {
		if blank(d.Name) {
			return missing(k, "document name")
		}
	}
	return nil
}

// SupplementRequest asks the applicant to supplement or correct the
// dossier (Mẫu 02): a numbered list of what is needed and why.
type SupplementRequest struct {
	Header    Header
	Code      string
	Applicant Party
	Matter    string
	Items     []SupplementItem
	// Contact is whom to ask while completing the dossier.
	Contact Contact
	// Guide is the officer who gives the guidance and signs (người hướng
	// dẫn).
	Guide string
}

// SupplementItem is one thing to supplement and the reason it is needed.
type SupplementItem struct {
	What string
	Why  string
}

// Contact is a person to call.
type Contact struct {
	Name  string
	Phone string
}

// Kind implements Document.
func (SupplementRequest) Kind() Kind { return KindSupplement }

// Validate implements Document.
func (s SupplementRequest) Validate() error {
	k := s.Kind()
	if err := s.Header.validate(k); err != nil {
		return err
	}
	switch {
	case blank(s.Code):
		return missing(k, "code")
	case blank(s.Applicant.Name):
		return missing(k, "applicant name")
	case blank(s.Matter):
		return missing(k, "matter")
	case len(s.Items) == 0:
		return missing(k, "items")
	}
	for _, it := range s.Items {
		if blank(it.What) {
			return missing(k, "item")
		}
	}
	return nil
}

// Refusal refuses to receive and process a dossier (Mẫu 03), with the
// reasons.
type Refusal struct {
	Header    Header
	Code      string // may be empty: a dossier refused at the desk may have none
	Desk      string
	Applicant Party
	Matter    string
	Reasons   []string
	Receiver  string // the clerk who signs
}

// Kind implements Document.
func (Refusal) Kind() Kind { return KindRefusal }

// Validate implements Document.
func (r Refusal) Validate() error {
	k := r.Kind()
	if err := r.Header.validate(k); err != nil {
		return err
	}
	switch {
	case blank(r.Desk):
		return missing(k, "desk")
	case blank(r.Applicant.Name):
		return missing(k, "applicant name")
	case blank(r.Matter):
		return missing(k, "matter")
	}
	return validateReasons(k, r.Reasons)
}

// Apology apologises for a late dossier and gives a new appointment
// (Mẫu 04), signed by the head of the processing agency.
type Apology struct {
	Header Header
	Code   string
	// Agency is the processing agency that apologises, by its full name.
	Agency     string
	Applicant  Party
	Matter     string
	ReceivedAt time.Time
	DueAt      time.Time // when the result was due
	Reason     string
	NewDueAt   time.Time
	Signer     Signer
}

// Kind implements Document.
func (Apology) Kind() Kind { return KindApology }

// Validate implements Document.
func (a Apology) Validate() error {
	k := a.Kind()
	if err := validateLetter(k, a.Header, a.Code, a.Agency, a.Applicant, a.Matter); err != nil {
		return err
	}
	switch {
	case a.ReceivedAt.IsZero():
		return missing(k, "time received")
	case a.DueAt.IsZero():
		return missing(k, "due date")
	case blank(a.Reason):
		return missing(k, "reason")
	case a.NewDueAt.IsZero():
		return missing(k, "new due date")
	case !a.NewDueAt.After(a.DueAt):
		return fmt.Errorf("%w: %s: the new due date must be after the old one", ErrInvalid, k)
	case blank(a.Signer.Title):
		return missing(k, "signer title")
	}
	return nil
}

// StopNotice tells the applicant that processing of their dossier has
// stopped (status 8), and why, signed by the head of the processing
// agency. Circular 03/2025/TT-VPCP prescribes it as Mẫu 05; under
// 01/2018 it is issued unnumbered (see Layout).
type StopNotice struct {
	Header Header
	Code   string
	// Agency is the processing agency that stops, by its full name.
	Agency     string
	Applicant  Party
	Matter     string
	ReceivedAt time.Time
	Reasons    []string
	Signer     Signer
}

// Kind implements Document.
func (StopNotice) Kind() Kind { return KindStopNotice }

// Validate implements Document.
func (n StopNotice) Validate() error {
	k := n.Kind()
	if err := validateLetter(k, n.Header, n.Code, n.Agency, n.Applicant, n.Matter); err != nil {
		return err
	}
	if blank(n.Signer.Title) {
		return missing(k, "signer title")
	}
	return validateReasons(k, n.Reasons)
}

// validateLetter checks what an agency's letter to an applicant about
// their dossier (an apology, a stop notice) cannot go without.
func validateLetter(k Kind, h Header, code, agency string, applicant Party, matter string) error {
	if err := h.validate(k); err != nil {
		return err
	}
	switch {
	case blank(code):
		return missing(k, "code")
	case blank(agency):
		return missing(k, "agency")
	case blank(applicant.Name):
		return missing(k, "applicant name")
	case blank(matter):
		return missing(k, "matter")
	}
	return nil
}

// validateReasons checks a list of reasons: at least one, none blank.
func validateReasons(k Kind, reasons []string) error {
	if len(reasons) == 0 {
		return missing(k, "reasons")
	}
	for _, r := range reasons {
		if blank(r) {
			return missing(k, "reason")
		}
	}
	return nil
}

// ControlSlip is the process control slip (Mẫu 05): one row per hand-over
// of the dossier between units, with the time and whether the giving side
// finished early, on time or late.
type ControlSlip struct {
	Header    Header
	Code      string
	Applicant Party
	Matter    string
	// Competent is the unit that decides (cơ quan giải quyết hồ sơ);
	// Coordinating the units that take part (cơ quan phối hợp).
	Competent    string
	Coordinating []string
	ReceivedAt   time.Time
	DueAt        time.Time
	HandOvers    []HandOver
}

// HandOver is one row of a control slip.
type HandOver struct {
	From Handler
	To   Handler
	At   time.Time
	// Timeliness of the giving side's step; empty while it runs.
	Timeliness Timeliness
	Note       string
}

// Handler is a unit and the person in it who gave or took the dossier.
type Handler struct {
	Unit   string
	Person string
}

// Kind implements Document.
func (ControlSlip) Kind() Kind { return KindControlSlip }

// Validate implements Document.
func (c ControlSlip) Validate() error {
	k := c.Kind()
	if err := c.Header.validate(k); err != nil {
		return err
	}
	switch {
	case blank(c.Code):
		return missing(k, "code")
	case blank(c.Competent):
		return missing(k, "competent unit")
	case c.ReceivedAt.IsZero():
		return missing(k, "time received")
	}
	for _, h := range c.HandOvers {
		switch {
		case blank(h.From.Unit) || blank(h.To.Unit):
			return missing(k, "hand-over unit")
		case h.At.IsZero():
			return missing(k, "hand-over time")
		case !h.Timeliness.Valid():
			return fmt.Errorf("%w: %s: unknown timeliness %q", ErrInvalid, k, h.Timeliness)
		}
	}
	return nil
}

// Result is the result of a procedure issued to the applicant: a licence,
// a certificate, a decision. Its title and number are its own; the issuing
// unit, number and date are in the Header.
type Result struct {
	Header Header
	// Title in capitals, e.g. "GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH".
	Title string
	// ResultName is the procedure's result as the catalogue names it.
	ResultName string
	// Bases are the "Căn cứ ..." lines, one legal basis each; may be empty.
	Bases     []string
	Applicant Party
	// Lines are the key answers, as labelled lines.
	Lines  []Line
	Signer Signer
	// VerifyCode and VerifyURL let anyone check that the document is
	// genuine; the URL is printed and shown as a QR code.
	VerifyCode string
	VerifyURL  string
	// Code is the dossier's code; may be empty.
	Code string
}

// Line is a labelled value.
type Line struct {
	Label string
	Value string
}

// Kind implements Document.
func (Result) Kind() Kind { return KindResult }

// Validate implements Document.
func (r Result) Validate() error {
	k := r.Kind()
	if err := r.Header.validate(k); err != nil {
		return err
	}
	switch {
	case blank(r.Title):
		return missing(k, "title")
	case blank(r.Applicant.Name):
		return missing(k, "applicant name")
	case blank(r.Signer.Title):
		return missing(k, "signer title")
	case blank(r.VerifyCode) != blank(r.VerifyURL):
		return missing(k, "verification code and URL together")
	}
	for _, l := range r.Lines {
		if blank(l.Label) {
			return missing(k, "line label")
		}
	}
	return nil
}

func blank(s string) bool { return strings.TrimSpace(s) == "" }
