package catalog

import (
	"errors"
	"time"
)

// Errors.
var (
	ErrNotFound = errors.New("catalog: not found")
	// ErrConflict: the draft changed since it was loaded, or a version was
	// published meanwhile.
	ErrConflict = errors.New("catalog: changed by someone else")
	ErrRetired  = errors.New("catalog: procedure retired")
	ErrNoDraft  = errors.New("catalog: no draft to publish")
)

// Level is the government level that decides.
type Level string

const (
	LevelCentral  Level = "central"
	LevelProvince Level = "province"
	LevelCommune  Level = "commune"
	// LevelDistrict exists only for records from before 01/07/2025.
	LevelDistrict Level = "district"
)

// Levels lists the levels in display order.
var Levels = []Level{LevelCentral, LevelProvince, LevelCommune, LevelDistrict}

// Subject is who may apply.
type Subject string

const (
	SubjectCitizen      Subject = "citizen"
	SubjectBusiness     Subject = "business"
	SubjectOrganisation Subject = "organisation"
	SubjectForeigner    Subject = "foreigner"
)

// Subjects lists the subjects in display order.
var Subjects = []Subject{SubjectCitizen, SubjectBusiness, SubjectOrganisation, SubjectForeigner}

// ChannelKind is how a dossier is submitted; the codes match the national
// channel codes (1 direct, 2 online, 3 postal).
type ChannelKind string

const (
	ChannelDirect ChannelKind = "direct"
	ChannelOnline ChannelKind = "online"
	ChannelPostal ChannelKind = "postal"
)

// ChannelKinds lists channels in national code order.
var ChannelKinds = []ChannelKind{ChannelDirect, ChannelOnline, ChannelPostal}

// DurationUnit is how a processing time is counted.
type DurationUnit string

const (
	WorkingDays  DurationUnit = "working_days"
	WorkingHours DurationUnit = "working_hours"
	CalendarDays DurationUnit = "calendar_days"
	// SameDay: due the same working day; received after 15:00, the next.
	SameDay DurationUnit = "same_day"
)

// DurationUnits lists the units.
var DurationUnits = []DurationUnit{WorkingDays, WorkingHours, CalendarDays, SameDay}

// FeeKind separates charges (phí, for a service) from levies (lệ phí, for a
// state act).
type FeeKind string

const (
	KindPhi   FeeKind = "phi"
	KindLePhi FeeKind = "le_phi"
)

// OnlineLevel is how far the procedure can be done online.
type OnlineLevel string

const (
	// OnlineFull: toàn trình, every step online.
	OnlineFull OnlineLevel = "full"
	// OnlinePartial: một phần, some step needs presence.
	OnlinePartial OnlineLevel = "partial"
	// OnlineNone: information only; no online submission.
	OnlineNone OnlineLevel = "none"
)

// OnlineLevels lists the levels.
var OnlineLevels = []OnlineLevel{OnlineFull, OnlinePartial, OnlineNone}

// AgencyRole is an organisation's part in a procedure.
type AgencyRole string

const (
	AgencyCompetent    AgencyRole = "competent"    // cơ quan có thẩm quyền
	AgencyImplementing AgencyRole = "implementing" // cơ quan thực hiện
	AgencyCoordinating AgencyRole = "coordinating" // cơ quan phối hợp
)

// Agency names an organisation. UnitCode points at one unit of the province
// (e.g. "000.00.02.H19"); UnitKind stands for every unit of a kind (e.g.
// "commune": every commune People's Committee); Name is the text as
// published (always set).
type Agency struct {
	Role     AgencyRole `json:"role"`
	Name     string     `json:"name"`
	UnitCode string     `json:"unit_code,omitempty"`
	UnitKind string     `json:"unit_kind,omitempty"`
}

// Fee is one line of charges for a channel, in VND.
type Fee struct {
	Kind        FeeKind `json:"kind"`
	Amount      int64   `json:"amount"`
	Description string  `json:"description,omitempty"`
}

// Channel is one way of submitting, with its own time and fees.
type Channel struct {
	Kind ChannelKind `json:"kind"`
	// Duration in Unit; may be fractional (0.5 working days). Zero with
	// SameDay.
	Duration     float64      `json:"duration"`
	Unit         DurationUnit `json:"unit"`
	Description  string       `json:"description,omitempty"`
	Fees         []Fee        `json:"fees,omitempty"`
	NotAvailable bool         `json:"not_available,omitempty"`
}

// Document is one required document (thành phần hồ sơ), or a note row
// (Required false and no counts) as the national records have.
type Document struct {
	Name      string `json:"name"`
	Originals int    `json:"originals"`
	Copies    int    `json:"copies"`
	// Template is the file name of the blank form (mẫu đơn, tờ khai), if any.
	Template string `json:"template,omitempty"`
	Notes    string `json:"notes,omitempty"`
	Required bool   `json:"required"`
}

// Stage is one leg of a procedure whose legal time is split between
// authorities (e.g. 20 working days at the department, then 7 for the
// provincial chairman).
type Stage struct {
	Name     string       `json:"name"`
	Agency   string       `json:"agency"`
	Duration float64      `json:"duration"`
	Unit     DurationUnit `json:"unit"`
}

// Case is one situation (trường hợp) with its own steps, channels and
// documents.
type Case struct {
	Name      string     `json:"name"`
	Steps     string     `json:"steps"`
	Channels  []Channel  `json:"channels"`
	Documents []Document `json:"documents"`
	Stages    []Stage    `json:"stages,omitempty"`
}

// Result is what the applicant receives.
type Result struct {
	Code     string `json:"code,omitempty"`
	Name     string `json:"name"`
	Template string `json:"template,omitempty"`
}

// LegalBasis is one legal document the procedure rests on.
type LegalBasis struct {
	Number string `json:"number"`
	Title  string `json:"title"`
	// Date of issue, YYYY-MM-DD.
	Date   string `json:"date,omitempty"`
	Issuer string `json:"issuer,omitempty"`
}

// Field is a sector (lĩnh vực), e.g. {"HT", "Hộ tịch"}.
type Field struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Record is the content of one version of a procedure, as published.
type Record struct {
	Code        string       `json:"code"`
	Name        string       `json:"name"`
	Decision    string       `json:"decision,omitempty"` // publishing decision number
	Level       Level        `json:"level"`
	Field       Field        `json:"field"`
	Subjects    []Subject    `json:"subjects"`
	Agencies    []Agency     `json:"agencies"`
	Cases       []Case       `json:"cases"`
	Results     []Result     `json:"results"`
	Conditions  string       `json:"conditions,omitempty"`
	LegalBases  []LegalBasis `json:"legal_bases"`
	OnlineLevel OnlineLevel  `json:"online_level"`
	// EffectiveFrom and EffectiveTo are YYYY-MM-DD; EffectiveTo may be empty.
	EffectiveFrom string `json:"effective_from,omitempty"`
	EffectiveTo   string `json:"effective_to,omitempty"`
}

// Status of a version.
type Status string

const (
	StatusDraft      Status = "draft"
	StatusPublished  Status = "published"  // the current version
	StatusSuperseded Status = "superseded" // published once, replaced since
)

// Version is one numbered version of a procedure.
type Version struct {
	Code        string
	Number      int
	Status      Status
	Record      Record
	CreatedAt   time.Time
	CreatedBy   int64
	PublishedAt time.Time
	PublishedBy int64
}

// Procedure is a procedure's header: its current published version and
// whether it is retired.
type Procedure struct {
	Code           string
	CurrentVersion int // 0 when never published
	DraftVersion   int // 0 when there is no draft
	RetiredAt      time.Time
	RetiredReason  string
}

// Retired reports whether the procedure no longer accepts dossiers.
func (p Procedure) Retired() bool { return !p.RetiredAt.IsZero() }

// AcceptsOnline reports whether a citizen can submit this record online.
func (r Record) AcceptsOnline() bool {
	if r.OnlineLevel == OnlineNone {
		return false
	}
	for _, c := range r.Cases {
		for _, ch := range c.Channels {
			if ch.Kind == ChannelOnline && !ch.NotAvailable {
				return true
			}
		}
	}
	return false
}

// UnitCodes lists the unit codes named by the record's agencies.
func (r Record) UnitCodes() []string {
	var out []string
	seen := map[string]bool{}
	for _, a := range r.Agencies {
		if a.UnitCode != "" && !seen[a.UnitCode] {
			seen[a.UnitCode] = true
			out = append(out, a.UnitCode)
		}
	}
	return out
}
