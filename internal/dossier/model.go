package dossier

import (
	"errors"
	"strconv"
	"time"

	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/internal/upload"
)

// Errors.
var (
	ErrNotFound = errors.New("dossier: not found")
	// ErrForbidden: the actor may not see or change this object. Handlers
	// answer it with 404 for applicants (no probing for others' dossiers).
	ErrForbidden = errors.New("dossier: not allowed")
	// ErrClosed: the procedure does not accept dossiers through this
	// channel (retired, no e-form, or not online).
	ErrClosed = errors.New("dossier: not accepting dossiers")
	// ErrState: the action does not fit the dossier's status.
	ErrState = errors.New("dossier: not allowed in this status")
	// ErrIncomplete: the completeness check failed; see the Checklist.
	ErrIncomplete = errors.New("dossier: incomplete")
	// ErrConflict: the draft changed while a save was being prepared (the
	// service retries; callers see it only after several tries).
	ErrConflict = errors.New("dossier: changed meanwhile")
)

// Status is the national status code of a dossier (1-10), used as is when
// syncing with the national portal.
type Status int

const (
	StatusNew        Status = 1  // Mới đăng ký
	StatusReceived   Status = 2  // Được tiếp nhận
	StatusRefused    Status = 3  // Không được tiếp nhận
	StatusProcessing Status = 4  // Đang xử lý
	StatusSupplement Status = 5  // Yêu cầu bổ sung giấy tờ
	StatusPayment    Status = 6  // Yêu cầu thực hiện nghĩa vụ tài chính
	StatusWithdrawn  Status = 7  // Công dân yêu cầu rút hồ sơ
	StatusStopped    Status = 8  // Dừng xử lý
	StatusDone       Status = 9  // Đã xử lý xong
	StatusReturned   Status = 10 // Đã trả kết quả
)

// Statuses lists every status in code order.
var Statuses = []Status{StatusNew, StatusReceived, StatusRefused, StatusProcessing, StatusSupplement,
	StatusPayment, StatusWithdrawn, StatusStopped, StatusDone, StatusReturned}

// Valid reports whether s is one of the ten codes.
func (s Status) Valid() bool { return s >= StatusNew && s <= StatusReturned }

// LabelKey is the message key of the status's national label.
func (s Status) LabelKey() string { return "dossier.status." + strconv.Itoa(int(s)) }

// Decided reports whether a decision has been made on the dossier (refused,
// stopped, done, returned) or it was withdrawn: it can no longer be
// withdrawn.
func (s Status) Decided() bool {
	switch s {
	case StatusRefused, StatusWithdrawn, StatusStopped, StatusDone, StatusReturned:
		return true
	}
	return false
}

// Channel is how the dossier was submitted (national channel codes).
type Channel int

const (
	ChannelDirect Channel = 1 // trực tiếp, at the desk
	ChannelOnline Channel = 2 // trực tuyến
	ChannelPostal Channel = 3 // qua dịch vụ bưu chính công ích
)

// LabelKey is the message key of the channel's name.
func (c Channel) LabelKey() string { return "dossier.channel." + strconv.Itoa(int(c)) }

// DeliveryMethod is how the applicant receives the result.
type DeliveryMethod string

const (
	DeliverDesk   DeliveryMethod = "desk"   // at the reception desk
	DeliverPost   DeliveryMethod = "post"   // by public postal service
	DeliverOnline DeliveryMethod = "online" // electronic copy in the account
)

// DeliveryMethods lists the methods in the order applicants are offered them.
var DeliveryMethods = []DeliveryMethod{DeliverOnline, DeliverDesk, DeliverPost}

// Delivery is the applicant's choice of how to receive the result.
type Delivery struct {
	Method DeliveryMethod `json:"method"`
	// Address and Recipient for DeliverPost.
	Address   eform.Address `json:"address,omitzero"`
	Recipient string        `json:"recipient,omitempty"`
	Phone     string        `json:"phone,omitempty"`
}

// ApplicantKind separates citizens from businesses and organisations.
type ApplicantKind string

const (
	ApplicantCitizen  ApplicantKind = "citizen"
	ApplicantBusiness ApplicantKind = "business"
)

// Applicant is the dossier's owner as the national portal records it
// (ChuHoSo): who they are and how to reach them.
type Applicant struct {
	Kind       ApplicantKind `json:"kind"`
	FullName   string        `json:"full_name"`
	PersonalID string        `json:"personal_id,omitempty"`
	TaxCode    string        `json:"tax_code,omitempty"`
	Email      string        `json:"email,omitempty"`
	Phone      string        `json:"phone,omitempty"`
	Address    string        `json:"address,omitempty"`
}

// Identifier is the personal ID or the tax code.
func (a Applicant) Identifier() string {
	if a.Kind == ApplicantBusiness {
		return a.TaxCode
	}
	return a.PersonalID
}

// Draft is a dossier being written: online by its applicant, or at the
// desk by a clerk for a walk-in applicant (Desk, with Applicant typed in).
type Draft struct {
	ID               int64
	PublicID         string
	OwnerID          int64
	Desk             bool
	Procedure        string
	ProcedureVersion int
	Case             int
	FormVersion      int
	CompetentUnitID  int64
	Applicant        Applicant
	Answers          eform.Answers
	// Prefilled marks the answers a registry or the account gave, by path;
	// a mark goes when the applicant changes the value.
	Prefilled map[string]Prefill
	Delivery  Delivery
	DossierID int64 // set once submitted
	// Revision advances with every write (optimistic concurrency).
	Revision  int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Attachment is one uploaded file: on a draft, then on its dossier.
type Attachment struct {
	ID         int64
	PublicID   string
	DraftID    int64
	DossierID  int64
	OwnerID    int64 // the applicant's account, 0 for a walk-in without one
	UploadedBy int64
	Slot       string // the e-form file field it fills
	Document   int    // index of the required document, -1 when none
	Name       string
	Type       upload.Type
	Size       int64
	SHA256     string
	Key        string // in the file store
	Digitised  bool   // scanned from paper at the desk
	ReusedFrom int64
	CreatedAt  time.Time
}

// SlotSupplement is the attachment slot of documents the applicant sends
// in answer to a request (a supplement, or completion at reception).
const SlotSupplement = "bo-sung"

// Dossier is a submitted dossier.
type Dossier struct {
	ID               int64
	Code             string
	Procedure        string
	ProcedureName    string
	ProcedureVersion int
	Case             int
	FormVersion      int
	ApplicantID      int64 // 0 until a walk-in applicant registers
	Applicant        Applicant
	Channel          Channel
	Status           Status
	ReceivingUnitID  int64 // where it was received
	CompetentUnitID  int64 // who decides
	ReturningUnitID  int64 // who hands the result back
	Answers          eform.Answers
	Prefilled        map[string]Prefill
	Delivery         Delivery
	Summary          string // trích yếu
	Secret           string // for the public status lookup
	CreatedBy        int64  // the clerk at the desk; the applicant online
	SubmittedAt      time.Time
	ReceivedAt       time.Time
	DueAt            time.Time
	FinishedAt       time.Time
	ReturnedAt       time.Time
	WithdrawnAt      time.Time
	UpdatedAt        time.Time
	// Revision advances with every processing write.
	Revision int
	Processing
}

// Prefill records where a prefilled answer came from and what it was, so a
// changed answer loses its mark and the service index counts only data
// reused as the registry gave it.
type Prefill struct {
	Source string `json:"source"` // e.g. "population.full_name"
	Value  string `json:"value"`
}

// FromRegistry reports whether the mark names a national registry (not
// the applicant's own account).
func (p Prefill) FromRegistry() bool {
	return eform.SourceRegistry(p.Source) == eform.RegistryPopulation || eform.SourceRegistry(p.Source) == eform.RegistryBusiness
}

// Event is one entry of a dossier's timeline.
type Event struct {
	At      time.Time
	ActorID int64
	Action  string // e.g. "submit", "withdraw"; message key "dossier.event.<action>"
	From    Status // 0 when the status did not change
	To      Status
	Note    string
	Public  bool // shown to the applicant
}

// Snapshot is what a dossier was submitted under, never changed.
type Snapshot struct {
	Procedure []byte // the catalogue record, JSON
	Form      []byte // the e-form definition, JSON
}
