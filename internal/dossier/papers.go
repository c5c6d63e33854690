package dossier

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/document"
	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/workflow"
)

// The documents a dossier's events issue: the receipt when it is received,
// the request to supplement when the desk guides or an officer asks for
// more, the refusal, the notice to stop processing, the apology once a
// leader approves it, the result
// when it is approved and the control slip when the result is handed
// back. Each is built from the dossier as it stands in the action's
// transaction and queued as a job there; the worker numbers, renders and
// stores it, so a failed rendering never blocks the action and a crash
// loses nothing.

// Issuer issues documents (internal/document.Service).
type Issuer interface {
	Issue(ctx context.Context, in document.IssueInput) (document.Issued, error)
}

// ResultTemplates finds a procedure's result template: the zero template
// when there is none.
type ResultTemplates interface {
	ResultTemplate(ctx context.Context, procedure string) (document.ResultTemplate, error)
}

// JobDocument issues a document built by an action.
const JobDocument = "document"

// paperJob is a document job's payload.
type paperJob struct {
	Kind   document.Kind   `json:"kind"`
	UnitID int64           `json:"unit_id"`
	By     int64           `json:"by,omitempty"`
	Symbol string          `json:"symbol,omitempty"`
	Doc    json.RawMessage `json:"doc"`
}

// paperFor builds the document an action issues (nil when it issues
// none). d is the dossier after the action; unitID is where the action
// was taken.
func (s *Service) paperFor(ctx context.Context, st Store, d Dossier, a workflow.Action, actorID, unitID int64, note string,
	now time.Time) (document.Document, string, error) {
	if s.d.Documents == nil {
		return nil, "", nil
	}
	switch a {
	case workflow.ActionReceive, workflow.ActionGuide, workflow.ActionSupplement, workflow.ActionRefuse,
		workflow.ActionStop, workflow.ActionApprove, workflow.ActionDeliver:
	default:
		return nil, "", nil
	}
	c, err := s.paperContext(ctx, st, d, actorID, unitID, now)
	if err != nil {
		return nil, "", err
	}
	switch a {
	case workflow.ActionReceive:
		return s.receipt(ctx, st, c), "", nil
	case workflow.ActionGuide, workflow.ActionSupplement:
		return document.SupplementRequest{Header: c.header, Code: d.Code, Applicant: c.party, Matter: c.matter,
			Items: supplementItems(note), Contact: document.Contact{Name: c.actor}, Guide: c.actor}, "", nil
	case workflow.ActionRefuse:
		return document.Refusal{Header: c.header, Code: d.Code, Desk: c.unit.Name, Applicant: c.party, Matter: c.matter,
			Reasons: lines(note), Receiver: c.actor}, "", nil
	case workflow.ActionStop:
		return document.StopNotice{Header: c.header, Code: d.Code, Agency: c.unit.Name, Applicant: c.party,
			Matter: c.matter, ReceivedAt: d.ReceivedAt, Reasons: lines(note),
			Signer: document.Signer{Title: signerTitle(c.unit), Name: c.actor}}, "", nil
	case workflow.ActionApprove:
		return s.result(ctx, c)
	case workflow.ActionDeliver:
		cs, err := s.controlSlip(ctx, st, c)
		return cs, "", err
	}
	return nil, "", nil
}

// enqueuePaper queues the issuing of doc in the caller's transaction.
func enqueuePaper(ctx context.Context, st Store, d Dossier, source string, unitID, by int64, doc document.Document,
	symbol string, at time.Time) error {
	b, err := document.Encode(doc)
	if err != nil {
		return err
	}
	payload, err := json.Marshal(paperJob{Kind: doc.Kind(), UnitID: unitID, By: by, Symbol: symbol, Doc: b})
	if err != nil {
		return err
	}
	return st.EnqueueJob(ctx, Job{Kind: JobDocument, Key: fmt.Sprintf("%d:%s:%s", d.ID, doc.Kind(), source),
		DossierID: d.ID, RunAt: at, Payload: payload})
}

// issuePaper runs a document job: issuing is idempotent by the job's key.
func (s *Service) issuePaper(ctx context.Context, j Job) error {
	if s.d.Documents == nil {
		return errors.New("dossier: a document job without an issuer")
	}
	var p paperJob
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return fmt.Errorf("document job %d: %w", j.ID, err)
	}
	doc, err := document.Decode(p.Kind, p.Doc)
	if err != nil {
		return err
	}
	_, err = s.d.Documents.Issue(ctx, document.IssueInput{DossierID: j.DossierID, UnitID: p.UnitID, Source: j.Key,
		By: p.By, Doc: doc, Symbol: p.Symbol})
	return err
}

// paperContext is what every document of a dossier shares.
type paperContext struct {
	d       Dossier
	rec     catalog.Record
	form    eform.Form
	unit    org.Unit // where the action was taken
	header  document.Header
	party   document.Party
	matter  string
	actor   string // who acted, by name ("" for the system)
	actorID int64
	now     time.Time
}

func (s *Service) paperContext(ctx context.Context, st Store, d Dossier, actorID, unitID int64, now time.Time) (paperContext, error) {
	c := paperContext{d: d, actorID: actorID, now: now}
	var err error
	if c.rec, c.form, err = submittedUnder(ctx, st, d.ID); err != nil {
		return c, err
	}
	if c.unit, err = s.d.Units.Get(ctx, unitID); err != nil {
		return c, err
	}
	if c.header, err = s.header(ctx, c.unit, now); err != nil {
		return c, err
	}
	c.party = document.Party{Name: d.Applicant.FullName, Address: d.Applicant.Address, Phone: d.Applicant.Phone,
		Email: d.Applicant.Email}
	c.matter = matterOf(c.rec, d)
	if actorID != 0 && s.d.Accounts != nil {
		if c.actor, err = s.d.Accounts.Name(ctx, actorID); err != nil {
			return c, err
		}
	}
	return c, nil
}

// header is the heading of a unit's documents: the unit under its parent
// (a commune's People's Committee and the province's stand alone), and
// the place of the date line.
func (s *Service) header(ctx context.Context, u org.Unit, now time.Time) (document.Header, error) {
	h := document.Header{Unit: strings.ToUpper(u.Name), Date: now}
	root := u
	for root.ParentID != 0 {
		p, err := s.d.Units.Get(ctx, root.ParentID)
		if err != nil {
			return h, err
		}
		if root.ID == u.ID && u.Kind != org.KindCommune && u.Kind != org.KindProvince {
			h.Parent = strings.ToUpper(p.Name)
		}
		root = p
	}
	switch u.Kind {
	case org.KindCommune, org.KindCommuneCentre:
		h.Place = placeName(u.ShortName)
		if u.Kind == org.KindCommuneCentre && u.ParentID != 0 {
			if p, err := s.d.Units.Get(ctx, u.ParentID); err == nil {
				h.Place = placeName(p.ShortName)
			}
		}
	default:
		h.Place = placeName(root.Name)
	}
	if h.Place == "" {
		h.Place = placeName(root.Name)
	}
	return h, nil
}

// placeName is the place of a date line from a unit's name: "UBND tỉnh
// Thái Nguyên" gives "Thái Nguyên", "Phường Đức Xuân" "Đức Xuân".
func placeName(name string) string {
	n := strings.TrimSpace(name)
	for _, p := range []string{"UBND ", "Ủy ban nhân dân ", "Uỷ ban nhân dân "} {
		n = strings.TrimPrefix(n, p)
	}
	lower := strings.ToLower(n)
	for _, p := range []string{"tỉnh ", "thành phố ", "phường ", "xã ", "đặc khu ", "thị trấn "} {
		if strings.HasPrefix(lower, p) {
			return strings.TrimSpace(n[len(p):])
		}
	}
	return n
}

// matterOf is what the dossier asks for: the procedure, and its case when
// it has several.
func matterOf(rec catalog.Record, d Dossier) string {
	m := d.ProcedureName
	if m == "" {
		m = rec.Name
	}
	if len(rec.Cases) > 1 && d.Case >= 0 && d.Case < len(rec.Cases) && rec.Cases[d.Case].Name != "" &&
		!strings.EqualFold(rec.Cases[d.Case].Name, m) {
		m += " (" + rec.Cases[d.Case].Name + ")"
	}
	return m
}

// lines splits a note into its non-empty lines.
func lines(note string) []string {
	var out []string
	for _, l := range strings.Split(note, "\n") {
		if l = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(l), "-•*")); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// supplementItems reads a request's note: one item per line, "what: why"
// when the line says why.
func supplementItems(note string) []document.SupplementItem {
	var out []document.SupplementItem
	for _, l := range lines(note) {
		what, why, _ := strings.Cut(l, ":")
		if strings.TrimSpace(what) == "" {
			what, why = l, ""
		}
		out = append(out, document.SupplementItem{What: strings.TrimSpace(what), Why: strings.TrimSpace(why)})
	}
	return out
}

// receipt is Mẫu 01 for a dossier just received.
func (s *Service) receipt(ctx context.Context, st Store, c paperContext) document.Receipt {
	d := c.d
	r := document.Receipt{Header: c.header, Code: d.Code, Desk: c.unit.Name, Applicant: c.party, Matter: c.matter,
		Sets: 1, ReceivedAt: d.ReceivedAt, DueAt: d.DueAt, Receiver: c.actor, LookupSecret: d.Secret}
	if s.d.LookupURL != nil {
		r.LookupURL = s.d.LookupURL(d.Code)
	}
	if dur, err := legalDuration(c.rec, d.Case, d.Channel); err == nil {
		r.ProcessingTime = durationWords(dur)
	}
	// The e-form is the application itself (the tờ khai): the signed
	// declaration, so an original, whichever way it came.
	r.Application = document.ReceivedDocument{Name: cmp.Or(strings.TrimSpace(c.form.Title), "Tờ khai"), Originals: 1}
	r.Documents = s.receivedDocuments(ctx, st, c)
	r.CollectAt = s.collectAt(ctx, d)
	return r
}

// receivedDocuments lists the documents that came with the dossier: the
// catalogue's documents that have a file, then files of no listed
// document by their names. Online, each is one electronic copy; at the
// desk, the numbers the catalogue asks for.
func (s *Service) receivedDocuments(ctx context.Context, st Store, c paperContext) []document.ReceivedDocument {
	files, err := st.DossierAttachments(ctx, c.d.ID)
	if err != nil {
		return nil
	}
	var docs []catalog.Document
	if c.d.Case >= 0 && c.d.Case < len(c.rec.Cases) {
		docs = c.rec.Cases[c.d.Case].Documents
	}
	seen := map[int]bool{}
	var out []document.ReceivedDocument
	for _, f := range files {
		if f.Document >= 0 && f.Document < len(docs) {
			if seen[f.Document] {
				continue
			}
			seen[f.Document] = true
			cd := docs[f.Document]
			row := document.ReceivedDocument{Name: cd.Name, Copies: 1}
			if c.d.Channel == ChannelDirect {
				row = document.ReceivedDocument{Name: cd.Name, Originals: cd.Originals, Copies: cd.Copies}
			}
			out = append(out, row)
			continue
		}
		out = append(out, document.ReceivedDocument{Name: f.Name, Copies: 1})
	}
	return out
}

// collectAt says where the result will be received.
func (s *Service) collectAt(ctx context.Context, d Dossier) string {
	switch d.Delivery.Method {
	case DeliverOnline:
		return "Trực tuyến, trên Cổng Dịch vụ công (tài khoản của người nộp)"
	case DeliverPost:
		addr := d.Delivery.Address.Street
		if s.d.Places != nil {
			if c, ok := s.d.Places.Commune(d.Delivery.Address.Province, d.Delivery.Address.Commune); ok {
				addr = joinNonEmpty(", ", addr, c.Name)
			}
			if p, ok := s.d.Places.Province(d.Delivery.Address.Province); ok {
				addr = joinNonEmpty(", ", addr, p.Name)
			}
		}
		return joinNonEmpty(": ", "Qua dịch vụ bưu chính công ích", addr)
	}
	id := d.ReturningUnitID
	if id == 0 {
		id = d.ReceivingUnitID
	}
	if u, err := s.d.Units.Get(ctx, id); err == nil {
		return "Bộ phận Một cửa: " + u.Name
	}
	return "Bộ phận Một cửa"
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, strings.TrimSpace(p))
		}
	}
	return strings.Join(out, sep)
}

// durationWords writes a legal processing time as the receipt prints it:
// "05 ngày làm việc".
func durationWords(d calendar.Duration) string {
	n := i18n.Printer{}.Decimal(d.Amount) // Vietnamese: "0,5"
	if d.Amount == float64(int(d.Amount)) && d.Amount < 10 {
		n = "0" + n
	}
	switch d.Unit {
	case calendar.WorkingDays:
		return n + " ngày làm việc"
	case calendar.WorkingHours:
		return n + " giờ làm việc"
	case calendar.CalendarDays:
		return n + " ngày"
	case calendar.SameDay:
		return "Trong ngày làm việc"
	}
	return ""
}

// signerTitle is how the head of a unit signs: collective bodies (the
// People's Committees) sign on behalf of the body.
func signerTitle(u org.Unit) string {
	switch u.Kind {
	case org.KindCommune, org.KindProvince:
		return "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"
	case org.KindOffice:
		return "CHÁNH VĂN PHÒNG"
	case org.KindPolice:
		return "GIÁM ĐỐC"
	}
	return "GIÁM ĐỐC"
}

// result is the procedure's result, drawn by its template.
func (s *Service) result(ctx context.Context, c paperContext) (document.Document, string, error) {
	var t document.ResultTemplate
	if s.d.Templates != nil {
		var err error
		if t, err = s.d.Templates.ResultTemplate(ctx, c.d.Procedure); err != nil {
			return nil, "", err
		}
	}
	// A result names its holder; how to reach them is not printed.
	holder := document.Party{Name: c.party.Name, Address: c.party.Address}
	return BuildResult(c.rec, c.form, c.d, c.header, c.unit, holder, c.actor, t, s.d.Places), symbolOf(t), nil
}

func symbolOf(t document.ResultTemplate) string {
	if t.Symbol != "" {
		return t.Symbol
	}
	return DefaultResultSymbol
}

// DefaultResultSymbol numbers the results of a procedure without a
// template symbol ("12/KQ").
const DefaultResultSymbol = "KQ"

// ResultDefaults are what the empty parts of a template give for a
// procedure's result issued by unit: the catalogue's result name in
// capitals, "KQ", the catalogue's first legal bases ("Căn cứ ...;") and
// the title of the unit's head. (Without lines, a result prints the short
// answers of the e-form.)
func ResultDefaults(rec catalog.Record, unit org.Unit) document.ResultTemplate {
	t := document.ResultTemplate{Symbol: DefaultResultSymbol, SignerTitle: signerTitle(unit)}
	name := ""
	if len(rec.Results) > 0 {
		name = rec.Results[0].Name
	}
	t.Title = strings.ToUpper(strings.TrimSpace(firstNonEmpty(name, "Kết quả giải quyết thủ tục hành chính")))
	for _, b := range rec.LegalBases {
		if s := strings.TrimSpace(joinNonEmpty(" ", b.Number, b.Title)); s != "" {
			t.Bases = append(t.Bases, "Căn cứ "+s+";")
		}
	}
	if len(t.Bases) > 4 {
		t.Bases = t.Bases[:4]
	}
	return t
}

// BuildResult draws a procedure's result for a dossier by a template (the
// zero template gives the defaults). The administrators' preview uses it
// with a sample dossier.
func BuildResult(rec catalog.Record, form eform.Form, d Dossier, h document.Header, unit org.Unit, party document.Party,
	signer string, t document.ResultTemplate, places eform.PlaceLookup) document.Result {
	def := ResultDefaults(rec, unit)
	r := document.Result{Header: h, Title: firstNonEmpty(t.Title, def.Title), Applicant: party, Code: d.Code,
		Signer: document.Signer{Title: firstNonEmpty(t.SignerTitle, def.SignerTitle), Name: signer}}
	if len(rec.Results) > 0 {
		r.ResultName = rec.Results[0].Name
	}
	r.Bases = t.Bases
	if len(r.Bases) == 0 {
		r.Bases = def.Bases
	}
	summary := form.Summary(d.Answers, places)
	if len(t.Lines) > 0 {
		r.Lines = templateLines(t.Lines, summary)
		return r
	}
	r.Lines = defaultLines(summary)
	return r
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// defaultLines are the answers a result prints without a template: the
// short answers, in form order, up to twelve; files, long texts, groups
// and contact details left out.
func defaultLines(summary []eform.SummaryPage) []document.Line {
	var out []document.Line
	for _, p := range summary {
		for _, row := range p.Rows {
			switch row.Kind {
			case eform.KindFile, eform.KindGroup, eform.KindTextarea, eform.KindEmail, eform.KindPhone, eform.KindYesNo:
				continue
			}
			if v := rowText(row); v != "" && len(out) < 12 {
				out = append(out, document.Line{Label: row.Label, Value: v})
			}
		}
	}
	return out
}

// answersByPath are the printed answers of a form's summary by field
// path, group items' fields included, for a template's lines to pick.
func answersByPath(summary []eform.SummaryPage) map[string]string {
	out := map[string]string{}
	for _, p := range summary {
		for _, row := range p.Rows {
			if _, seen := out[row.Path]; !seen {
				out[row.Path] = rowText(row)
			}
			for _, it := range row.Items {
				for _, sub := range it.Rows {
					if _, seen := out[sub.Path]; !seen {
						out[sub.Path] = rowText(sub)
					}
				}
			}
		}
	}
	return out
}

// rowText writes an answer in Vietnamese: dates dd/mm/yyyy, money with
// dots and "đồng", addresses with their place names.
func rowText(r eform.Row) string {
	switch r.Kind {
	case eform.KindDate:
		if t, err := time.Parse(time.DateOnly, r.Text); err == nil {
			return i18n.Printer{}.Date(t)
		}
	case eform.KindMoney:
		if n, err := strconv.ParseInt(r.Text, 10, 64); err == nil {
			return i18n.Printer{}.Money(n)
		}
	case eform.KindNumber:
		return strings.Replace(r.Text, ".", ",", 1)
	case eform.KindYesNo:
		switch r.Text {
		case "yes":
			return "Có"
		case "no":
			return "Không"
		}
	case eform.KindCheckboxes:
		return strings.Join(r.List, "; ")
	case eform.KindAddress:
		if r.Address == nil {
			return ""
		}
		return joinNonEmpty(", ", r.Address.Street, r.Address.Commune.Name, r.Address.Province.Name)
	}
	return strings.TrimSpace(r.Text)
}

// controlSlip is Mẫu 05 from the dossier's hand-over records.
func (s *Service) controlSlip(ctx context.Context, st Store, c paperContext) (document.ControlSlip, error) {
	d := c.d
	steps, err := st.Steps(ctx, d.ID)
	if err != nil {
		return document.ControlSlip{}, err
	}
	cs := document.ControlSlip{Header: c.header, Code: d.Code, Applicant: c.party, Matter: c.matter,
		ReceivedAt: d.ReceivedAt, DueAt: d.DueAt}
	if cs.ReceivedAt.IsZero() {
		cs.ReceivedAt = d.SubmittedAt
	}
	names := map[int64]string{}
	unitName := func(id int64) string {
		if n, ok := names[id]; ok || id == 0 {
			return n
		}
		if u, err := s.d.Units.Get(ctx, id); err == nil {
			names[id] = u.Name
		}
		return names[id]
	}
	people := map[int64]string{}
	person := func(id int64) string {
		if n, ok := people[id]; ok || id == 0 || s.d.Accounts == nil {
			return n
		}
		if n, err := s.d.Accounts.Name(ctx, id); err == nil {
			people[id] = n
		}
		return people[id]
	}
	cs.Competent = unitName(d.CompetentUnitID)
	seen := map[int64]bool{d.CompetentUnitID: true, d.ReceivingUnitID: true}
	for i, r := range steps {
		if !seen[r.UnitID] {
			seen[r.UnitID] = true
			cs.Coordinating = append(cs.Coordinating, unitName(r.UnitID))
		}
		if r.FinishedAt.IsZero() {
			continue
		}
		h := document.HandOver{From: document.Handler{Unit: unitName(r.UnitID), Person: person(r.ActorID)},
			At: r.FinishedAt, Timeliness: document.Timeliness(r.Timeliness), Note: r.StepName}
		if i+1 < len(steps) {
			next := steps[i+1]
			h.To = document.Handler{Unit: unitName(next.UnitID), Person: person(next.ActorID)}
		} else {
			// The last step hands the result to the applicant.
			h.To = document.Handler{Unit: "Người nộp hồ sơ", Person: d.Applicant.FullName}
		}
		cs.HandOvers = append(cs.HandOvers, h)
	}
	return cs, nil
}

// ControlSlip is the process control slip of a dossier as it stands, for
// staff to print at any time (the one issued at the hand-back is kept).
func (s *Service) ControlSlip(ctx context.Context, viewer account.User, code string) (document.ControlSlip, error) {
	d, err := s.d.Store.Dossier(ctx, code, false)
	if err != nil {
		return document.ControlSlip{}, err
	}
	if !viewer.Role.Staff() || !CanSee(viewer, d) {
		return document.ControlSlip{}, ErrNotFound
	}
	unit := d.ReceivingUnitID
	if viewer.UnitID != 0 {
		unit = viewer.UnitID
	}
	c, err := s.paperContext(ctx, s.d.Store, d, 0, unit, s.d.Now())
	if err != nil {
		return document.ControlSlip{}, err
	}
	return s.controlSlip(ctx, s.d.Store, c)
}

// apologyPaper queues Mẫu 04 for an apology a leader approved, signed by
// the head of the processing agency.
func (s *Service) apologyPaper(ctx context.Context, st Store, d Dossier, a Apology, actor account.User, now time.Time) error {
	if s.d.Documents == nil {
		return nil
	}
	c, err := s.paperContext(ctx, st, d, actor.ID, actor.UnitID, now)
	if err != nil {
		return err
	}
	doc := document.Apology{Header: c.header, Code: d.Code, Agency: c.unit.Name, Applicant: c.party, Matter: c.matter,
		ReceivedAt: d.ReceivedAt, DueAt: d.DueAt, Reason: a.Reason, NewDueAt: a.NewDueAt,
		Signer: document.Signer{Title: signerTitle(c.unit), Name: c.actor}}
	return enqueuePaper(ctx, st, d, "apology"+strconv.FormatInt(a.ID, 10), actor.UnitID, actor.ID, doc, "", now)
}
