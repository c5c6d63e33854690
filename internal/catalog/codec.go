package catalog

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// This file converts between the national exchange format (national.go)
// and the domain model, reads exchange files, and gives a record its
// canonical bytes.

// FieldError is one problem with one field of a national record. Path
// names the field in the exchange format, e.g.
// "TRUONGHOP[0].CACHTHUCTHUCHIEN[1].DONVITINH".
type FieldError struct {
	Path string
	Msg  string
}

func (e *FieldError) Error() string {
	if e.Path == "" {
		return e.Msg
	}
	return e.Path + ": " + e.Msg
}

// FieldErrors lists every problem of one record, in field order.
// errors.As(err, &fe) with fe a *FieldError finds the first.
type FieldErrors []*FieldError

func (e FieldErrors) Error() string {
	parts := make([]string, len(e))
	for i, fe := range e {
		parts[i] = fe.Error()
	}
	return strings.Join(parts, "; ")
}

// Unwrap exposes the single problems to errors.Is and errors.As.
func (e FieldErrors) Unwrap() []error {
	out := make([]error, len(e))
	for i, fe := range e {
		out[i] = fe
	}
	return out
}

// RecordError is a problem found while reading or importing an exchange
// file: it names the file, the record (Index counts from 0; messages count
// from 1; -1 when the problem is the file as a whole), the record's MATTHC
// when known, the position in the file when known, and the field.
type RecordError struct {
	File   string
	Index  int
	Code   string
	Line   int // 1-based; 0 when unknown
	Column int // 1-based, in characters
	Path   string
	Msg    string
	// Err is the underlying error, when there is one.
	Err error
}

// Unwrap returns the underlying error.
func (e *RecordError) Unwrap() error { return e.Err }

func (e *RecordError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", e.Line, e.Column)
	}
	if e.Index >= 0 {
		fmt.Fprintf(&b, ": record %d", e.Index+1)
		if e.Code != "" {
			fmt.Fprintf(&b, " (MATTHC %s)", e.Code)
		}
	}
	b.WriteString(": ")
	if e.Path != "" {
		b.WriteString(e.Path + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// RecordErrors lists problems of one or more files, one per line.
type RecordErrors []*RecordError

func (e RecordErrors) Error() string {
	parts := make([]string, len(e))
	for i, re := range e {
		parts[i] = re.Error()
	}
	return strings.Join(parts, "\n")
}

// Unwrap exposes the single problems to errors.Is and errors.As.
func (e RecordErrors) Unwrap() []error {
	out := make([]error, len(e))
	for i, re := range e {
		out[i] = re
	}
	return out
}

// natTerm is one entry of a national vocabulary: the published label and
// the domain value; aliases are further accepted spellings.
type natTerm[T ~string] struct {
	label   string
	value   T
	aliases []string
}

var (
	natLevels = []natTerm[Level]{
		{label: "Cấp Bộ", value: LevelCentral},
		{label: "Cấp Tỉnh", value: LevelProvince},
		{label: "Cấp Xã", value: LevelCommune},
		{label: "Cấp Huyện", value: LevelDistrict},
	}
	natSubjects = []natTerm[Subject]{
		{label: "Công dân Việt Nam", value: SubjectCitizen},
		{label: "Doanh nghiệp", value: SubjectBusiness},
		{label: "Tổ chức", value: SubjectOrganisation},
		{label: "Người nước ngoài", value: SubjectForeigner},
	}
	natOnlineLevels = []natTerm[OnlineLevel]{
		{label: "Toàn trình", value: OnlineFull},
		{label: "Một phần", value: OnlinePartial},
		{label: "Cung cấp thông tin", value: OnlineNone},
	}
	natChannels = []natTerm[ChannelKind]{
		{label: "Trực tiếp", value: ChannelDirect, aliases: []string{"1"}},
		{label: "Trực tuyến", value: ChannelOnline, aliases: []string{"2"}},
		{label: "Dịch vụ bưu chính", value: ChannelPostal, aliases: []string{"3", "Dịch vụ bưu chính công ích"}},
	}
	natUnits = []natTerm[DurationUnit]{
		{label: "Ngày làm việc", value: WorkingDays},
		{label: "Giờ làm việc", value: WorkingHours},
		{label: "Ngày", value: CalendarDays},
		{label: "Trong ngày", value: SameDay},
	}
	natFeeKinds = []natTerm[FeeKind]{
		{label: "Phí", value: KindPhi},
		{label: "Lệ phí", value: KindLePhi},
	}
)

// natKey is the form in which vocabulary values are compared: no case, no
// diacritics, single spaces.
func natKey(s string) string { return strings.Join(strings.Fields(Fold(s)), " ") }

// natLookup maps a label (or a domain value, or an alias) to its value.
func natLookup[T ~string](terms []natTerm[T], s string) (T, bool) {
	k := natKey(s)
	if k == "" {
		return "", false
	}
	for _, t := range terms {
		if natKey(t.label) == k || natKey(string(t.value)) == k {
			return t.value, true
		}
		for _, a := range t.aliases {
			if natKey(a) == k {
				return t.value, true
			}
		}
	}
	return "", false
}

// natLabel maps a domain value to its label; an unknown value is returned
// as is, so that reading it back reports it.
func natLabel[T ~string](terms []natTerm[T], v T) string {
	for _, t := range terms {
		if t.value == v {
			return t.label
		}
	}
	return string(v)
}

func natWant[T ~string](terms []natTerm[T]) string {
	labels := make([]string, len(terms))
	for i, t := range terms {
		labels[i] = strconv.Quote(t.label)
	}
	return "want one of " + strings.Join(labels, ", ")
}

// natText is how every string of a record is stored: NFC, no surrounding
// space.
func natText(s string) string { return norm.NFC.String(strings.TrimSpace(s)) }

var (
	natDMY = regexp.MustCompile(`^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})$`)
	natISO = regexp.MustCompile(`^([0-9]{4})-([0-9]{2})-([0-9]{2})$`)
)

// natDate turns "dd/mm/yyyy" (or an ISO date) into "YYYY-MM-DD", checking
// that the day exists.
func natDate(s string) (string, error) {
	var y, m, d int
	if g := natDMY.FindStringSubmatch(s); g != nil {
		d, _ = strconv.Atoi(g[1])
		m, _ = strconv.Atoi(g[2])
		y, _ = strconv.Atoi(g[3])
	} else if g := natISO.FindStringSubmatch(s); g != nil {
		y, _ = strconv.Atoi(g[1])
		m, _ = strconv.Atoi(g[2])
		d, _ = strconv.Atoi(g[3])
	} else {
		return "", fmt.Errorf("invalid date %q; want dd/mm/yyyy", s)
	}
	switch {
	case y < 1:
		return "", fmt.Errorf("invalid date %q: year %d out of range", s, y)
	case m < 1 || m > 12:
		return "", fmt.Errorf("invalid date %q: month %d out of range", s, m)
	}
	days := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if d < 1 || d > days {
		return "", fmt.Errorf("invalid date %q: %s %d has %d days", s, time.Month(m), y, days)
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d), nil
}

// natDMYDate turns "YYYY-MM-DD" into "dd/mm/yyyy"; anything else is
// returned as is.
func natDMYDate(s string) string {
	g := natISO.FindStringSubmatch(s)
	if g == nil {
		return s
	}
	return g[3] + "/" + g[2] + "/" + g[1]
}

// natMapper collects the problems found while mapping one record.
type natMapper struct{ errs FieldErrors }

func (m *natMapper) fail(path, format string, args ...any) {
	m.errs = append(m.errs, &FieldError{Path: path, Msg: fmt.Sprintf(format, args...)})
}

func natTermOf[T ~string](m *natMapper, terms []natTerm[T], path, what, s string) T {
	v, ok := natLookup(terms, s)
	if !ok {
		if strings.TrimSpace(s) == "" {
			m.fail(path, "missing %s; %s", what, natWant(terms))
		} else {
			m.fail(path, "unknown %s %q; %s", what, s, natWant(terms))
		}
	}
	return v
}

func (m *natMapper) date(path, s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	iso, err := natDate(s)
	if err != nil {
		m.fail(path, "%s", err.Error())
	}
	return iso
}

func natIdx(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// FromNational maps a national record to the domain model: labels become
// constants (compared without case or diacritics; the domain values are
// accepted too), dates become YYYY-MM-DD, every string is trimmed and put
// in NFC, and empty lists become nil. The error, when not nil, is a
// FieldErrors listing every problem.
func FromNational(n NationalRecord) (Record, error) {
	m := &natMapper{}
	r := Record{
		Code:        natText(n.MATTHC),
		Name:        natText(n.TENTTHC),
		Decision:    natText(n.QUYETDINHCONGBO),
		Level:       natTermOf(m, natLevels, "CAPTHUCHIEN", "level", n.CAPTHUCHIEN),
		Field:       Field{Code: natText(n.LINHVUCTHUCHIEN.MALINHVUC), Name: natText(n.LINHVUCTHUCHIEN.TENLINHVUC)},
		Conditions:  natText(n.YEUCAUDIEUKIEN),
		OnlineLevel: natTermOf(m, natOnlineLevels, "MUCDO", "online level", n.MUCDO),
	}
	for i, s := range n.DOITUONGTHUCHIEN {
		r.Subjects = append(r.Subjects, natTermOf(m, natSubjects, natIdx("DOITUONGTHUCHIEN", i), "subject", s))
	}
	for _, group := range []struct {
		role AgencyRole
		list []NationalAgency
	}{{AgencyCompetent, n.COQUANCOTHAMQUYEN}, {AgencyImplementing, n.COQUANTHUCHIEN}, {AgencyCoordinating, n.COQUANPHOIHOP}} {
		for _, a := range group.list {
			r.Agencies = append(r.Agencies, Agency{Role: group.role, Name: natText(a.TENDONVI),
				UnitCode: natText(a.MADONVI), UnitKind: natText(a.LOAIDONVI)})
		}
	}
	for i, c := range n.TRUONGHOP {
		r.Cases = append(r.Cases, m.nationalCase(natIdx("TRUONGHOP", i), c))
	}
	for _, res := range n.KETQUATHUCHIEN {
		r.Results = append(r.Results, Result{Code: natText(res.MAKETQUA), Name: natText(res.TENKETQUA),
			Template: natText(res.MAUKETQUA)})
	}
	for i, l := range n.CANCUPHAPLY {
		r.LegalBases = append(r.LegalBases, LegalBasis{Number: natText(l.SOVANBAN), Title: natText(l.TENVANBAN),
			Date: m.date(natIdx("CANCUPHAPLY", i)+".NGAYBANHANH", l.NGAYBANHANH), Issuer: natText(l.COQUANBANHANH)})
	}
	r.EffectiveFrom = m.date("NGAYHIEULUC", n.NGAYHIEULUC)
	r.EffectiveTo = m.date("NGAYHETHIEULUC", n.NGAYHETHIEULUC)
	if len(m.errs) > 0 {
		return r, m.errs
	}
	return r, nil
}

func (m *natMapper) nationalCase(p string, c NationalCase) Case {
	out := Case{Name: natText(c.TENTRUONGHOP), Steps: natText(c.TRINHTUTHUCHIEN)}
	for j, ch := range c.CACHTHUCTHUCHIEN {
		cp := natIdx(p+".CACHTHUCTHUCHIEN", j)
		oc := Channel{
			Kind:         natTermOf(m, natChannels, cp+".KENH", "channel", ch.KENH),
			Duration:     ch.THOIGIANGIAIQUYET,
			Unit:         natTermOf(m, natUnits, cp+".DONVITINH", "unit", ch.DONVITINH),
			Description:  natText(ch.MOTA),
			NotAvailable: ch.KHONGAPDUNG,
		}
		for k, f := range ch.PHILEPHI {
			oc.Fees = append(oc.Fees, Fee{
				Kind:        natTermOf(m, natFeeKinds, natIdx(cp+".PHILEPHI", k)+".LOAIPHI", "fee kind", f.LOAIPHI),
				Amount:      f.SOTIEN,
				Description: natText(f.MOTA),
			})
		}
		out.Channels = append(out.Channels, oc)
	}
	for _, d := range c.THANHPHANHOSO {
		out.Documents = append(out.Documents, Document{Name: natText(d.TENGIAYTO), Originals: d.SOBANCHINH,
			Copies: d.SOBANSAO, Template: natText(d.MAUDON), Notes: natText(d.GHICHU), Required: d.BATBUOC})
	}
	for j, s := range c.GIAIDOAN {
		sp := natIdx(p+".GIAIDOAN", j)
		out.Stages = append(out.Stages, Stage{Name: natText(s.TENGIAIDOAN), Agency: natText(s.COQUAN),
			Duration: s.THOIGIAN, Unit: natTermOf(m, natUnits, sp+".DONVITINH", "unit", s.DONVITINH)})
	}
	return out
}

// ToNational maps a record to the national format, the inverse of
// FromNational: FromNational(ToNational(r)) == r for a valid record whose
// strings are trimmed NFC, whose empty lists are nil and whose agencies are
// grouped competent, implementing, coordinating (the order FromNational
// gives). An agency with an unknown role is listed as implementing.
func ToNational(r Record) NationalRecord {
	n := NationalRecord{
		MATTHC:           r.Code,
		TENTTHC:          r.Name,
		QUYETDINHCONGBO:  r.Decision,
		CAPTHUCHIEN:      natLabel(natLevels, r.Level),
		LINHVUCTHUCHIEN:  NationalField{MALINHVUC: r.Field.Code, TENLINHVUC: r.Field.Name},
		DOITUONGTHUCHIEN: make([]string, 0, len(r.Subjects)),
		COQUANTHUCHIEN:   []NationalAgency{},
		TRUONGHOP:        make([]NationalCase, 0, len(r.Cases)),
		KETQUATHUCHIEN:   make([]NationalResult, 0, len(r.Results)),
		YEUCAUDIEUKIEN:   r.Conditions,
		CANCUPHAPLY:      make([]NationalLegal, 0, len(r.LegalBases)),
		MUCDO:            natLabel(natOnlineLevels, r.OnlineLevel),
		NGAYHIEULUC:      natDMYDate(r.EffectiveFrom),
		NGAYHETHIEULUC:   natDMYDate(r.EffectiveTo),
	}
	for _, s := range r.Subjects {
		n.DOITUONGTHUCHIEN = append(n.DOITUONGTHUCHIEN, natLabel(natSubjects, s))
	}
	for _, a := range r.Agencies {
		na := NationalAgency{TENDONVI: a.Name, MADONVI: a.UnitCode, LOAIDONVI: a.UnitKind}
		switch a.Role {
		case AgencyCompetent:
			n.COQUANCOTHAMQUYEN = append(n.COQUANCOTHAMQUYEN, na)
		case AgencyCoordinating:
			n.COQUANPHOIHOP = append(n.COQUANPHOIHOP, na)
		default:
			n.COQUANTHUCHIEN = append(n.COQUANTHUCHIEN, na)
		}
	}
	for _, c := range r.Cases {
		nc := NationalCase{TENTRUONGHOP: c.Name, TRINHTUTHUCHIEN: c.Steps,
			CACHTHUCTHUCHIEN: make([]NationalChannel, 0, len(c.Channels)),
			THANHPHANHOSO:    make([]NationalDocument, 0, len(c.Documents))}
		for _, ch := range c.Channels {
			nch := NationalChannel{KENH: natLabel(natChannels, ch.Kind), THOIGIANGIAIQUYET: ch.Duration,
				DONVITINH: natLabel(natUnits, ch.Unit), MOTA: ch.Description, KHONGAPDUNG: ch.NotAvailable}
			for _, f := range ch.Fees {
				nch.PHILEPHI = append(nch.PHILEPHI, NationalFee{LOAIPHI: natLabel(natFeeKinds, f.Kind),
					SOTIEN: f.Amount, MOTA: f.Description})
			}
			nc.CACHTHUCTHUCHIEN = append(nc.CACHTHUCTHUCHIEN, nch)
		}
		for _, d := range c.Documents {
			nc.THANHPHANHOSO = append(nc.THANHPHANHOSO, NationalDocument{TENGIAYTO: d.Name, SOBANCHINH: d.Originals,
				SOBANSAO: d.Copies, MAUDON: d.Template, GHICHU: d.Notes, BATBUOC: d.Required})
		}
		for _, s := range c.Stages {
			nc.GIAIDOAN = append(nc.GIAIDOAN, NationalStage{TENGIAIDOAN: s.Name, COQUAN: s.Agency,
				THOIGIAN: s.Duration, DONVITINH: natLabel(natUnits, s.Unit)})
		}
		n.TRUONGHOP = append(n.TRUONGHOP, nc)
	}
	for _, res := range r.Results {
		n.KETQUATHUCHIEN = append(n.KETQUATHUCHIEN, NationalResult{MAKETQUA: res.Code, TENKETQUA: res.Name,
			MAUKETQUA: res.Template})
	}
	for _, l := range r.LegalBases {
		n.CANCUPHAPLY = append(n.CANCUPHAPLY, NationalLegal{SOVANBAN: l.Number, TENVANBAN: l.Title,
			NGAYBANHANH: natDMYDate(l.Date), COQUANBANHANH: l.Issuer})
	}
	return n
}

// natPaths translates the field names of the domain model (as
// ValidateRecord reports them) into those of the exchange format.
type natPathNode struct {
	name string
	sub  map[string]natPathNode
}

var natPathTree = map[string]natPathNode{
	"code": {name: "MATTHC"}, "name": {name: "TENTTHC"}, "decision": {name: "QUYETDINHCONGBO"},
	"level": {name: "CAPTHUCHIEN"},
	"field": {name: "LINHVUCTHUCHIEN", sub: map[string]natPathNode{
		"code": {name: "MALINHVUC"}, "name": {name: "TENLINHVUC"}}},
	"subjects": {name: "DOITUONGTHUCHIEN"},
	"cases": {name: "TRUONGHOP", sub: map[string]natPathNode{
		"name": {name: "TENTRUONGHOP"}, "steps": {name: "TRINHTUTHUCHIEN"},
		"channels": {name: "CACHTHUCTHUCHIEN", sub: map[string]natPathNode{
			"kind": {name: "KENH"}, "duration": {name: "THOIGIANGIAIQUYET"}, "unit": {name: "DONVITINH"},
			"description": {name: "MOTA"}, "not_available": {name: "KHONGAPDUNG"},
			"fees": {name: "PHILEPHI", sub: map[string]natPathNode{
				"kind": {name: "LOAIPHI"}, "amount": {name: "SOTIEN"}, "description": {name: "MOTA"}}},
		}},
		"documents": {name: "THANHPHANHOSO", sub: map[string]natPathNode{
			"name": {name: "TENGIAYTO"}, "originals": {name: "SOBANCHINH"}, "copies": {name: "SOBANSAO"},
			"template": {name: "MAUDON"}, "notes": {name: "GHICHU"}, "required": {name: "BATBUOC"}}},
		"stages": {name: "GIAIDOAN", sub: map[string]natPathNode{
			"name": {name: "TENGIAIDOAN"}, "agency": {name: "COQUAN"}, "duration": {name: "THOIGIAN"},
			"unit": {name: "DONVITINH"}}},
	}},
	"results": {name: "KETQUATHUCHIEN", sub: map[string]natPathNode{
		"code": {name: "MAKETQUA"}, "name": {name: "TENKETQUA"}, "template": {name: "MAUKETQUA"}}},
	"conditions": {name: "YEUCAUDIEUKIEN"},
	"legal_bases": {name: "CANCUPHAPLY", sub: map[string]natPathNode{
		"number": {name: "SOVANBAN"}, "title": {name: "TENVANBAN"}, "date": {name: "NGAYBANHANH"},
		"issuer": {name: "COQUANBANHANH"}}},
	"online_level":   {name: "MUCDO"},
	"effective_from": {name: "NGAYHIEULUC"},
	"effective_to":   {name: "NGAYHETHIEULUC"},
}

var natAgencyFields = map[string]string{"name": "TENDONVI", "unit_code": "MADONVI", "unit_kind": "LOAIDONVI"}

var natSegment = regexp.MustCompile(`^([a-z_]+)(?:\[([0-9]+)\])?$`)

// NationalPath translates a field path of the domain model (e.g.
// "cases[0].channels[1].unit", as ValidateRecord reports it) into the path
// of the same field in ToNational(r) or the file r was read from (e.g.
// "TRUONGHOP[0].CACHTHUCTHUCHIEN[1].DONVITINH"). An agency's index is
// counted within its role's list. A path it does not know is returned as
// is.
func NationalPath(r Record, domain string) string {
	segs := strings.Split(domain, ".")
	var out []string
	tree := natPathTree
	for i, seg := range segs {
		g := natSegment.FindStringSubmatch(seg)
		if g == nil {
			return domain
		}
		if i == 0 && g[1] == "agencies" {
			return natAgencyPath(r, g[2], segs[1:], domain)
		}
		node, ok := tree[g[1]]
		if !ok {
			return domain
		}
		s := node.name
		if g[2] != "" {
			s += "[" + g[2] + "]"
		}
		out = append(out, s)
		tree = node.sub
	}
	return strings.Join(out, ".")
}

func natAgencyPath(r Record, index string, rest []string, domain string) string {
	if index == "" {
		return "COQUANTHUCHIEN"
	}
	i, err := strconv.Atoi(index)
	if err != nil || i >= len(r.Agencies) {
		return domain
	}
	role := r.Agencies[i].Role
	j := 0
	for _, a := range r.Agencies[:i] {
		if natAgencyList(a.Role) == natAgencyList(role) {
			j++
		}
	}
	p := natIdx(natAgencyList(role), j)
	if len(rest) == 0 {
		return p
	}
	if len(rest) == 1 {
		if rest[0] == "role" {
			return p
		}
		if f, ok := natAgencyFields[rest[0]]; ok {
			return p + "." + f
		}
	}
	return domain
}

func natAgencyList(role AgencyRole) string {
	switch role {
	case AgencyCompetent:
		return "COQUANCOTHAMQUYEN"
	case AgencyCoordinating:
		return "COQUANPHOIHOP"
	}
	return "COQUANTHUCHIEN"
}

var natBOM = []byte("\xef\xbb\xbf")

// DecodeFile reads an exchange file: one JSON object or an array of them,
// UTF-8 (a byte order mark is skipped), no field outside the format. The
// error, when not nil, is a RecordErrors naming the file, the record (with
// its MATTHC when known), the position and the field of every problem
// found; a syntax error stops the reading. The records are returned only
// when there is no error.
func DecodeFile(name string, r io.Reader) ([]NationalRecord, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, RecordErrors{{File: name, Index: -1, Msg: err.Error()}}
	}
	data = bytes.TrimPrefix(data, natBOM)
	fileErr := func(off int64, format string, args ...any) error {
		e := &RecordError{File: name, Index: -1, Msg: fmt.Sprintf(format, args...)}
		if off >= 0 {
			e.Line, e.Column = natLineCol(data, off)
		}
		return RecordErrors{e}
	}
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, size := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		return nil, fileErr(int64(off), "not UTF-8 text")
	}
	first := bytes.TrimLeft(data, " \t\r\n")
	if len(first) == 0 {
		return nil, fileErr(-1, "empty file; want a JSON object or array of procedures")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	var raws []json.RawMessage
	var starts []int64
	syntax := func(i int, err error) error {
		e := &RecordError{File: name, Index: i, Msg: "invalid JSON: " + err.Error()}
		// The stream decoder's offsets are not always absolute; a plain
		// Unmarshal of the whole file gives the place of the error.
		var se *json.SyntaxError
		if errors.As(json.Unmarshal(data, new(json.RawMessage)), &se) {
			off := se.Offset
			if off > 0 && !strings.HasPrefix(se.Error(), "unexpected end") {
				off-- // Offset counts the offending byte
			}
			e.Line, e.Column = natLineCol(data, off)
			e.Msg = "invalid JSON: " + se.Error()
		}
		return RecordErrors{e}
	}
	switch first[0] {
	case '{':
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, syntax(0, err)
		}
		raws, starts = append(raws, raw), append(starts, dec.InputOffset()-int64(len(raw)))
	case '[':
		if _, err := dec.Token(); err != nil {
			return nil, syntax(-1, err)
		}
		for i := 0; dec.More(); i++ {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return nil, syntax(i, err)
			}
			raws, starts = append(raws, raw), append(starts, dec.InputOffset()-int64(len(raw)))
		}
		if _, err := dec.Token(); err != nil {
			return nil, syntax(-1, err)
		}
	default:
		return nil, fileErr(int64(len(data)-len(first)), "want a JSON object or array of procedures")
	}
	end := dec.InputOffset()
	if _, err := dec.Token(); err != io.EOF {
		return nil, fileErr(natSkipSpace(data, end), "unexpected data after the procedures")
	}
	out := make([]NationalRecord, len(raws))
	var errs RecordErrors
	for i, raw := range raws {
		errs = append(errs, natDecodeRecord(name, data, starts[i], i, raw, &out[i])...)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}

// natDecodeRecord decodes one record, reporting type errors and every
// unknown field with its path and position.
func natDecodeRecord(name string, data []byte, start int64, i int, raw json.RawMessage, out *NationalRecord) RecordErrors {
	var probe struct {
		MATTHC any
	}
	_ = json.Unmarshal(raw, &probe)
	code, _ := probe.MATTHC.(string)
	code = strings.TrimSpace(code)
	newErr := func(off int64, path, msg string) *RecordError {
		e := &RecordError{File: name, Index: i, Code: code, Path: path, Msg: msg}
		e.Line, e.Column = natLineCol(data, start+off)
		return e
	}
	if len(raw) == 0 || raw[0] != '{' {
		return RecordErrors{newErr(0, "", "want a JSON object, got "+natJSONKind(raw))}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	err := dec.Decode(out)
	if err != nil && strings.HasPrefix(err.Error(), "json: unknown field") {
		// The strict decoder keeps only its first error; look for a type
		// error past the unknown field.
		var scratch NationalRecord
		if err2 := json.Unmarshal(raw, &scratch); err2 != nil {
			err = err2
		}
	}
	// The walk finds every unknown field (the decoder stops at the first)
	// and where each value is, to give a type error its indexed path.
	w := &natWalker{dec: json.NewDecoder(bytes.NewReader(raw))}
	w.value(reflect.TypeFor[NationalRecord](), "")
	var errs RecordErrors
	var te *json.UnmarshalTypeError
	switch {
	case err == nil:
	case errors.As(err, &te):
		path, off := te.Field, te.Offset
		if v, ok := w.at(te.Offset); ok {
			path, off = v.path, v.start
		}
		msg := "got " + te.Value + ", want " + natGoKind(te.Type)
		errs = append(errs, newErr(natSkipSpace(raw, off), path, msg))
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		if len(w.unknown) == 0 {
			errs = append(errs, newErr(0, "", err.Error()))
		}
	default:
		errs = append(errs, newErr(0, "", err.Error()))
	}
	for _, u := range w.unknown {
		errs = append(errs, newErr(natSkipSpace(raw, u.start), u.path, "unknown field"))
	}
	slices.SortStableFunc(errs, func(a, b *RecordError) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
	})
	return errs
}

// natWalker reads a record token by token, noting where each value is and
// which object keys match no field of the format.
type natWalker struct {
	dec     *json.Decoder
	spans   []natSpan
	unknown []natSpan
	failed  bool
}

type natSpan struct {
	path       string
	start, end int64
}

func (w *natWalker) value(t reflect.Type, path string) {
	if w.failed {
		return
	}
	start := w.dec.InputOffset()
	tok, err := w.dec.Token()
	if err != nil {
		w.failed = true
		return
	}
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch tok {
	case json.Delim('{'):
		for w.dec.More() && !w.failed {
			keyStart := w.dec.InputOffset()
			kt, err := w.dec.Token()
			key, ok := kt.(string)
			if err != nil || !ok {
				w.failed = true
				return
			}
			p := key
			if path != "" {
				p = path + "." + key
			}
			var ft reflect.Type
			if t != nil && t.Kind() == reflect.Struct {
				if f, ok := natField(t, key); ok {
					ft = f.Type
					p = natJoin(path, f.Name)
				} else {
					w.unknown = append(w.unknown, natSpan{path: p, start: keyStart})
				}
			}
			w.value(ft, p)
		}
		if _, err := w.dec.Token(); err != nil {
			w.failed = true
		}
	case json.Delim('['):
		var et reflect.Type
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			et = t.Elem()
		}
		for i := 0; w.dec.More() && !w.failed; i++ {
			w.value(et, natIdx(path, i))
		}
		if _, err := w.dec.Token(); err != nil {
			w.failed = true
		}
	}
	w.spans = append(w.spans, natSpan{path: path, start: start, end: w.dec.InputOffset()})
}

func natJoin(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// at returns the innermost value whose text contains offset.
func (w *natWalker) at(off int64) (natSpan, bool) {
	var best natSpan
	found := false
	for _, s := range w.spans {
		if s.path != "" && s.start < off && off <= s.end && (!found || s.end-s.start < best.end-best.start) {
			best, found = s, true
		}
	}
	return best, found
}

// natField finds the struct field a JSON key decodes into, as
// encoding/json does (exact name first, then without case), and returns it
// with Name set to its JSON name.
func natField(t reflect.Type, key string) (reflect.StructField, bool) {
	var fold reflect.StructField
	folded := false
	for i := range t.NumField() {
		f := t.Field(i)
		name := strings.Split(f.Tag.Get("json"), ",")[0]
		if name == "" {
			name = f.Name
		}
		if name == "-" || !f.IsExported() {
			continue
		}
		f.Name = name
		if name == key {
			return f, true
		}
		if !folded && strings.EqualFold(name, key) {
			fold, folded = f, true
		}
	}
	return fold, folded
}

// natSkipSpace moves off past white space and separators to the next
// value or key.
func natSkipSpace(raw []byte, off int64) int64 {
	for off < int64(len(raw)) && strings.IndexByte(" \t\r\n:,", raw[off]) >= 0 {
		off++
	}
	return off
}

func natGoKind(t reflect.Type) string {
	if t == nil {
		return "another type"
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice, reflect.Array:
		return "array"
	case reflect.Struct, reflect.Map:
		return "object"
	}
	return t.String()
}

func natJSONKind(raw []byte) string {
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '"':
		return "string"
	case '[':
		return "array"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "number"
}

// natLineCol gives the 1-based line and column (in characters) of a byte
// offset.
func natLineCol(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		off = 0
	}
	before := data[:off]
	line = bytes.Count(before, []byte{'\n'}) + 1
	lineStart := bytes.LastIndexByte(before, '\n') + 1
	return line, utf8.RuneCount(before[lineStart:]) + 1
}

// Canonical returns the deterministic JSON of a record, for comparing two
// records and for the audit trail: strings trimmed and in NFC, empty lists
// as null, agencies grouped by role (competent, implementing,
// coordinating; order within a role kept), fields in declaration order,
// no HTML escaping.
func Canonical(r Record) []byte {
	b, err := json.Marshal(r)
	if err != nil {
		// A Record holds only strings, numbers, booleans and slices; it
		// cannot fail unless a duration is NaN or infinite.
		return []byte(fmt.Sprintf("%#v", r))
	}
	var c Record
	if err := json.Unmarshal(b, &c); err != nil {
		return b
	}
	natNormalise(reflect.ValueOf(&c).Elem())
	slices.SortStableFunc(c.Agencies, func(a, b Agency) int {
		return cmp.Compare(natRoleOrder(a.Role), natRoleOrder(b.Role))
	})
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(c); err != nil {
		return b
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte{'\n'})
}

func natRoleOrder(r AgencyRole) int {
	switch r {
	case AgencyCompetent:
		return 0
	case AgencyImplementing:
		return 1
	case AgencyCoordinating:
		return 2
	}
	return 3
}

// natNormalise trims and NFC-normalises every string under v and turns
// empty slices into nil. v must be addressable and not shared.
func natNormalise(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(natText(v.String()))
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				natNormalise(v.Field(i))
			}
		}
	case reflect.Slice:
		if v.Len() == 0 {
			v.SetZero()
			return
		}
		for i := range v.Len() {
			natNormalise(v.Index(i))
		}
	}
}
