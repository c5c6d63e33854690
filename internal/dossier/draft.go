package dossier

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/valid"
)

// Work is a draft with everything needed to show and check it: the
// procedure version and the e-form it was started under, and its files.
type Work struct {
	Draft  Draft
	Record catalog.Record
	Case   catalog.Case
	Form   eform.Form
	Files  []Attachment
}

// SlotFiles returns the draft's files in one file slot.
func (w Work) SlotFiles(slot string) []Attachment {
	var out []Attachment
	for _, a := range w.Files {
		if a.Slot == slot {
			out = append(out, a)
		}
	}
	return out
}

// Answers returns the draft's answers with each file slot answered by the
// ids of its files, as Clean expects.
func (w Work) Answers() eform.Answers {
	a := make(eform.Answers, len(w.Draft.Answers)+len(w.Files))
	for k, v := range w.Draft.Answers {
		a[k] = v
	}
	return w.withFiles(a)
}

// withFiles answers each file slot of a with the ids of the draft's files
// in it (and no answer when it has none).
func (w Work) withFiles(a eform.Answers) eform.Answers {
	for _, p := range w.Form.Pages {
		for _, fl := range p.Fields() {
			if fl.Kind != eform.KindFile {
				continue
			}
			var ids []string
			for _, f := range w.SlotFiles(fl.ID) {
				ids = append(ids, f.PublicID)
			}
			if ids == nil {
				delete(a, fl.ID)
			} else {
				a[fl.ID] = eform.Value{List: ids}
			}
		}
	}
	return a
}

// StartInput starts a draft.
type StartInput struct {
	Procedure string
	Case      int
	// UnitCode is the competent unit the applicant chose, when the
	// procedure is decided by every unit of a kind (each commune).
	UnitCode string
	// Desk: a clerk takes a walk-in dossier; Applicant says who for.
	Desk      bool
	Applicant Applicant
}

// Agencies says who decides a procedure: one unit, or one of several the
// applicant must choose (every commune for a commune-level procedure).
type Agencies struct {
	Fixed   org.Unit
	Choices []org.Unit
}

// AgenciesOf resolves the procedure record's competent agency (else its
// implementing one) to units of the province.
func (s *Service) AgenciesOf(ctx context.Context, rec catalog.Record) (Agencies, error) {
	pick := func(role catalog.AgencyRole) (catalog.Agency, bool) {
		for _, a := range rec.Agencies {
			if a.Role == role && (a.UnitCode != "" || a.UnitKind != "") {
				return a, true
			}
		}
		return catalog.Agency{}, false
	}
	ag, ok := pick(catalog.AgencyCompetent)
	if !ok {
		if ag, ok = pick(catalog.AgencyImplementing); !ok {
			return Agencies{}, ErrClosed
		}
	}
	if ag.UnitCode != "" {
		u, err := s.d.Units.GetByCode(ctx, ag.UnitCode)
		if errors.Is(err, org.ErrNotFound) {
			return Agencies{}, ErrClosed
		}
		return Agencies{Fixed: u}, err
	}
	units, err := s.d.Units.List(ctx)
	if err != nil {
		return Agencies{}, err
	}
	var out Agencies
	for _, u := range units {
		if u.Active && string(u.Kind) == ag.UnitKind {
			out.Choices = append(out.Choices, u)
		}
	}
	if len(out.Choices) == 0 {
		return Agencies{}, ErrClosed
	}
	return out, nil
}

// Open returns a draft of actor's with its procedure, form and files.
func (s *Service) Open(ctx context.Context, actor account.User, publicID string) (Work, error) {
	d, err := ownDraft(ctx, s.d.Store, actor, publicID, false)
	if err != nil {
		return Work{}, err
	}
	return s.work(ctx, d)
}

// work loads what a draft was started under and its files. It reads the
// catalogue, the e-forms and the store's pool: never call it inside a
// transaction (see Tx).
func (s *Service) work(ctx context.Context, d Draft) (Work, error) {
	v, err := s.d.Catalog.Version(ctx, d.Procedure, d.ProcedureVersion)
	if err != nil {
		return Work{}, err
	}
	if d.Case < 0 || d.Case >= len(v.Record.Cases) {
		return Work{}, ErrClosed
	}
	def, err := s.d.Forms.Version(ctx, d.Procedure, d.Case, d.FormVersion)
	if err != nil {
		return Work{}, err
	}
	files, err := s.d.Store.DraftAttachments(ctx, d.ID)
	if err != nil {
		return Work{}, err
	}
	return Work{Draft: d, Record: v.Record, Case: v.Record.Cases[d.Case], Form: def.Form, Files: files}, nil
}

// Start creates a draft of the current version of a procedure's case with
// its current e-form, prefilled from the applicant's account and the
// registries. A procedure decided by every commune needs UnitCode;
// without it (or with one not on the list) Start returns valid.Errors on
// "unit".
func (s *Service) Start(ctx context.Context, actor account.User, in StartInput) (Draft, error) {
	proc, err := s.d.Catalog.Procedure(ctx, in.Procedure)
	if err != nil {
		return Draft{}, err
	}
	if proc.Retired() || proc.CurrentVersion == 0 {
		return Draft{}, ErrClosed
	}
	v, err := s.d.Catalog.Version(ctx, in.Procedure, proc.CurrentVersion)
	if err != nil {
		return Draft{}, err
	}
	if in.Case < 0 || in.Case >= len(v.Record.Cases) {
		return Draft{}, ErrNotFound
	}
	if !in.Desk && !v.Record.AcceptsOnline() {
		return Draft{}, ErrClosed
	}
	def, err := s.d.Forms.Current(ctx, in.Procedure, in.Case)
	if errors.Is(err, eform.ErrNotFound) {
		return Draft{}, ErrClosed
	}
	if err != nil {
		return Draft{}, err
	}
	ag, err := s.AgenciesOf(ctx, v.Record)
	if err != nil {
		return Draft{}, err
	}
	var errs valid.Errors
	competent := ag.Fixed
	if competent.ID == 0 {
		i := slices.IndexFunc(ag.Choices, func(u org.Unit) bool { return u.Code == in.UnitCode })
		if i < 0 {
			errs.Add("unit", "dossier.error.choose_unit")
		} else {
			competent = ag.Choices[i]
		}
	}
	applicant, err := s.applicantFor(actor, in)
	if err != nil {
		return Draft{}, err
	}
	if in.Desk {
		errs = append(errs, checkApplicant(&applicant)...)
	}
	if len(errs) > 0 {
		return Draft{}, errs
	}
	now := s.d.Now()
	d := Draft{PublicID: NewPublicID(), OwnerID: actor.ID, Desk: in.Desk, Procedure: in.Procedure,
		ProcedureVersion: v.Number, Case: in.Case, FormVersion: def.Version, CompetentUnitID: competent.ID,
		Applicant: applicant, Answers: eform.Answers{}, Prefilled: map[string]Prefill{},
		Delivery: Delivery{Method: DeliverOnline}, CreatedAt: now, UpdatedAt: now}
	s.prefill(ctx, actor, &d, def.Form)
	if err := s.d.Store.CreateDraft(ctx, &d); err != nil {
		return Draft{}, err
	}
	return d, nil
}

// applicantFor is the applicant of a new draft: the signed-in citizen or
// business online, the person the clerk names at the desk.
func (s *Service) applicantFor(actor account.User, in StartInput) (Applicant, error) {
	if in.Desk {
		if actor.Role != account.RoleClerk {
			return Applicant{}, ErrForbidden
		}
		return in.Applicant, nil
	}
	switch actor.Role {
	case account.RoleCitizen:
		return Applicant{Kind: ApplicantCitizen, FullName: actor.FullName, PersonalID: actor.PersonalID,
			Email: actor.Email, Phone: actor.Phone}, nil
	case account.RoleBusiness:
		return Applicant{Kind: ApplicantBusiness, FullName: actor.FullName, TaxCode: actor.TaxCode,
			Email: actor.Email, Phone: actor.Phone}, nil
	}
	return Applicant{}, ErrForbidden
}

// checkApplicant cleans and checks the applicant a clerk typed in.
func checkApplicant(a *Applicant) valid.Errors {
	var errs valid.Errors
	a.FullName = strings.Join(strings.Fields(a.FullName), " ")
	a.PersonalID = strings.TrimSpace(a.PersonalID)
	a.TaxCode = strings.TrimSpace(a.TaxCode)
	a.Email = strings.TrimSpace(a.Email)
	a.Phone = valid.NormalizePhone(a.Phone)
	a.Address = strings.TrimSpace(a.Address)
	switch a.Kind {
	case ApplicantCitizen:
		a.TaxCode = ""
		if !valid.PersonalID(a.PersonalID) {
			errs.Add("applicant_personal_id", "dossier.error.personal_id")
		}
	case ApplicantBusiness:
		a.PersonalID = ""
		if !valid.TaxCode(a.TaxCode) {
			errs.Add("applicant_tax_code", "dossier.error.tax_code")
		}
	default:
		errs.Add("applicant_kind", "dossier.error.applicant_kind")
	}
	if a.FullName == "" {
		errs.Add("applicant_name", "dossier.error.applicant_name")
	}
	if a.Phone != "" && !valid.Phone(a.Phone) {
		errs.Add("applicant_phone", "dossier.error.phone")
	}
	if a.Email != "" && !valid.Email(a.Email) {
		errs.Add("applicant_email", "dossier.error.email")
	}
	return errs
}

// Action is what a posted page asks for besides saving its answers.
type Action string

// Page actions. Group actions are "add:<group>" and "remove:<group>:<n>".
const (
	ActionContinue Action = ""        // save and go on
	ActionRefresh  Action = "refresh" // save and show the page again (a province was chosen)
	ActionSaveExit Action = "save-exit"
)

// PageResult is the outcome of saving a page.
type PageResult struct {
	Work Work
	// Errors of the saved page's fields (the answers are saved anyway, so
	// nothing typed is lost; the page is shown again with them). Saving
	// for later reports none: the applicant sees them when they go on,
	// check their answers or submit.
	Errors valid.Errors
	// Stay: the action asked to show the page again (a group item added or
	// removed, a refresh); no errors are reported then.
	Stay bool
}

// SavePage merges the answers posted on one page into the draft, applies
// a group action, cleans and saves, and prefills what the new answers
// unlock (e.g. a father's name from his personal ID). The answers of other
// pages are kept as stored: two tabs saving different pages lose nothing.
func (s *Service) SavePage(ctx context.Context, actor account.User, publicID, pageID string, posted url.Values, action string) (PageResult, error) {
	var res PageResult
	w, err := s.update(ctx, actor, publicID, func(w *Work) error {
		if _, ok := w.Form.Page(pageID); !ok {
			return ErrNotFound
		}
		res = PageResult{}
		answers := w.Form.Decode(posted, pageID, w.Answers())
		if strings.HasPrefix(action, "add:") || strings.HasPrefix(action, "remove:") {
			answers, _ = w.Form.ApplyAction(answers, action)
			res.Stay = true
		}
		if Action(action) == ActionRefresh {
			res.Stay = true
		}
		answers = w.withFiles(answers) // the attachments, whatever was posted
		cleaned, errs := w.Form.Clean(answers, eform.Options{Page: pageID, Today: s.d.Now(), Places: s.d.Places})
		w.Draft.Answers = withoutFiles(w.Form, cleaned)
		s.dropChangedMarks(&w.Draft)
		s.prefill(ctx, actor, &w.Draft, w.Form)
		if !res.Stay && Action(action) != ActionSaveExit {
			res.Errors = errs
		}
		return nil
	})
	res.Work = w
	return res, err
}

// maxTries bounds the retries of a save that lost a race.
const maxTries = 5

// draftTries bounds the attempts of a draft save that keeps losing races:
// each of several uploads to one draft at once also saves its page.
const draftTries = 10

// pause waits before attempt try+1 of a save that lost a race, a random
// time up to 5 ms doubled at each try (at most 250 ms), so that writers
// racing on one draft spread out instead of colliding again.
func pause(ctx context.Context, try int) error {
	t := time.NewTimer(rand.N(min(5*time.Millisecond<<try, 250*time.Millisecond))) //nolint:gosec // G404: jitter needs no unpredictability
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// update applies change to the draft as stored and writes it if no other
// write came in between, trying again from the new state otherwise (up to
// draftTries times, then ErrConflict). The reads (catalogue, e-form,
// registries) happen outside any transaction.
func (s *Service) update(ctx context.Context, actor account.User, publicID string, change func(*Work) error) (Work, error) {
	for try := range draftTries {
		if try > 0 {
			if err := pause(ctx, try); err != nil {
				return Work{}, err
			}
		}
		d, err := ownDraft(ctx, s.d.Store, actor, publicID, false)
		if err != nil {
			return Work{}, err
		}
		if d.DossierID != 0 {
			return Work{}, ErrState
		}
		w, err := s.work(ctx, d)
		if err != nil {
			return Work{}, err
		}
		cerr := change(&w)
		var errs valid.Errors
		if cerr != nil && !errors.As(cerr, &errs) {
			return w, cerr
		}
		w.Draft.UpdatedAt = s.d.Now()
		err = s.d.Store.UpdateDraft(ctx, &w.Draft)
		if errors.Is(err, ErrConflict) {
			continue
		}
		if err != nil {
			return w, err
		}
		return w, cerr
	}
	return Work{}, ErrConflict
}

// withoutFiles drops file-slot answers: files live in attachments.
func withoutFiles(f eform.Form, a eform.Answers) eform.Answers {
	for _, p := range f.Pages {
		for _, fl := range p.Fields() {
			if fl.Kind == eform.KindFile {
				delete(a, fl.ID)
			}
		}
	}
	return a
}

// SaveDelivery records how the applicant wants the result; problems come
// back as valid.Errors (the choice is saved anyway, as typed).
func (s *Service) SaveDelivery(ctx context.Context, actor account.User, publicID string, dl Delivery) (Work, error) {
	return s.update(ctx, actor, publicID, func(w *Work) error {
		clean, errs := s.cleanDelivery(dl)
		w.Draft.Delivery = clean
		return errs.OrNil()
	})
}

func (s *Service) cleanDelivery(dl Delivery) (Delivery, valid.Errors) {
	var errs valid.Errors
	if !slices.Contains(DeliveryMethods, dl.Method) {
		errs.Add("delivery_method", "dossier.error.delivery_method")
		return dl, errs
	}
	if dl.Method != DeliverPost {
		return Delivery{Method: dl.Method}, nil
	}
	dl.Recipient = strings.Join(strings.Fields(dl.Recipient), " ")
	dl.Phone = valid.NormalizePhone(dl.Phone)
	dl.Address.Street = strings.TrimSpace(dl.Address.Street)
	if dl.Recipient == "" {
		errs.Add("delivery_recipient", "dossier.error.delivery_recipient")
	}
	if !valid.Phone(dl.Phone) {
		errs.Add("delivery_phone", "dossier.error.phone")
	}
	if _, ok := s.d.Places.Province(dl.Address.Province); !ok {
		errs.Add("delivery_address.province", "dossier.error.delivery_province")
	} else if _, ok := s.d.Places.Commune(dl.Address.Province, dl.Address.Commune); !ok {
		errs.Add("delivery_address.commune", "dossier.error.delivery_commune")
	}
	if dl.Address.Street == "" {
		errs.Add("delivery_address.street", "dossier.error.delivery_street")
	}
	return dl, errs
}

// Discard deletes a draft not yet submitted, with its files.
func (s *Service) Discard(ctx context.Context, actor account.User, publicID string) error {
	var keys []string
	err := s.d.Tx(ctx, func(st Store, _ audit.Store) error {
		d, err := ownDraft(ctx, st, actor, publicID, true)
		if err != nil {
			return err
		}
		if d.DossierID != 0 {
			return ErrState
		}
		keys, err = deleteDraft(ctx, st, d)
		return err
	})
	if err != nil {
		return err
	}
	s.deleteUnused(ctx, keys)
	return nil
}

// deleteDraft removes a draft and its attachment rows; it returns the file
// keys that may now be unused (checked after commit).
func deleteDraft(ctx context.Context, st Store, d Draft) ([]string, error) {
	files, err := st.DraftAttachments(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	var keys []string
	for _, f := range files {
		if err := st.DeleteAttachment(ctx, f.ID); err != nil {
			return nil, err
		}
		keys = append(keys, f.Key)
	}
	return keys, st.DeleteDraft(ctx, d.ID)
}

// deleteUnused removes stored files no attachment names any more. A
// failure leaves a file behind, never a row without its file.
func (s *Service) deleteUnused(ctx context.Context, keys []string) {
	for _, k := range keys {
		if used, err := s.d.Store.KeyInUse(ctx, k); err != nil || used {
			continue
		}
		_ = s.d.Files.Delete(ctx, k)
	}
}

// Drafts lists actor's drafts.
func (s *Service) Drafts(ctx context.Context, actor account.User) ([]DraftSummary, error) {
	return s.d.Store.Drafts(ctx, actor.ID)
}

// CleanDrafts deletes drafts untouched for maxAge, with their files (a
// submitted draft's files belong to its dossier and stay). It is safe to
// run on several instances at once: each draft goes in its own
// transaction under its row lock.
func (s *Service) CleanDrafts(ctx context.Context, maxAge time.Duration) (int, error) {
	before := s.d.Now().Add(-maxAge)
	deleted := 0
	for {
		stale, err := s.d.Store.StaleDrafts(ctx, before, 100)
		if err != nil || len(stale) == 0 {
			return deleted, err
		}
		for _, sd := range stale {
			var keys []string
			err := s.d.Tx(ctx, func(st Store, _ audit.Store) error {
				d, err := st.Draft(ctx, sd.PublicID, true)
				if errors.Is(err, ErrNotFound) {
					return nil // another instance got there first
				}
				if err != nil {
					return err
				}
				if !d.UpdatedAt.Before(before) {
					return nil // touched meanwhile
				}
				keys, err = deleteDraft(ctx, st, d)
				return err
			})
			if err != nil {
				return deleted, err
			}
			s.deleteUnused(ctx, keys)
			deleted++
		}
		if len(stale) < 100 {
			return deleted, nil
		}
	}
}

// ---------------------------------------------------------------------------
// Prefill.

// prefill fills empty fields from the applicant's account and, when actor
// may read them (MayReadRegistries), the registries, marking each with its
// source and value. Each registry read is recorded for the draft.
func (s *Service) prefill(ctx context.Context, actor account.User, d *Draft, f eform.Form) {
	registries := MayReadRegistries(actor, *d)
	read := RegistryLookup{ActorID: actor.ID, Purpose: LookupPrefill, Draft: d.PublicID}
	persons := map[string]*Person{}
	businesses := map[string]*Business{}
	person := func(id string) *Person {
		if p, ok := persons[id]; ok {
			return p
		}
		var out *Person
		if registries && id != "" {
			// A registry that cannot answer leaves fields empty for the
			// applicant to type: it must not stop them applying.
			read.Subject = id
			if p, err := s.readPerson(ctx, read); err == nil {
				out = &p
			}
		}
		persons[id] = out
		return out
	}
	business := func(code string) *Business {
		if b, ok := businesses[code]; ok {
			return b
		}
		var out *Business
		if registries && code != "" {
			read.Subject = code
			if b, err := s.readBusiness(ctx, read); err == nil {
				out = &b
			}
		}
		businesses[code] = out
		return out
	}
	a := d.Applicant
	lookup := func(source, key string) (string, bool) {
		registry, attr, _ := strings.Cut(source, ".")
		switch registry {
		case eform.RegistryAccount:
			return accountValue(a, attr, person)
		case eform.RegistryPopulation:
			if key == "" {
				key = a.PersonalID
			}
			if p := person(key); p != nil {
				return personValue(*p, attr)
			}
		case eform.RegistryBusiness:
			if key == "" {
				key = a.TaxCode
			}
			if b := business(key); b != nil {
				return businessValue(*b, attr)
			}
		}
		return "", false
	}
	answers, filled := f.Prefill(d.Answers, lookup)
	d.Answers = answers
	if d.Prefilled == nil {
		d.Prefilled = map[string]Prefill{}
	}
	for _, path := range filled {
		if fl, ok := f.FieldAt(path); ok {
			d.Prefilled[path] = Prefill{Source: fl.Source, Value: valueAt(answers, path)}
		}
	}
}

// dropChangedMarks forgets prefill marks whose answer changed.
func (s *Service) dropChangedMarks(d *Draft) {
	for path, m := range d.Prefilled {
		if valueAt(d.Answers, path) != m.Value {
			delete(d.Prefilled, path)
		}
	}
}

// valueAt returns the answer at path as comparable text ("" when none).
func valueAt(a eform.Answers, path string) string {
	parts := strings.Split(path, ".")
	v, ok := a[parts[0]]
	if !ok {
		return ""
	}
	if len(parts) == 3 {
		i, err := strconv.Atoi(parts[1])
		if err != nil || i < 0 || i >= len(v.Items) {
			return ""
		}
		if v, ok = v.Items[i][parts[2]]; !ok {
			return ""
		}
	}
	if v.Address == nil && v.List == nil && v.Items == nil {
		return v.Text
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

func accountValue(a Applicant, attr string, person func(string) *Person) (string, bool) {
	switch attr {
	case "full_name":
		return a.FullName, a.FullName != ""
	case "personal_id":
		return a.PersonalID, a.PersonalID != ""
	case "tax_code":
		return a.TaxCode, a.TaxCode != ""
	case "email":
		return a.Email, a.Email != ""
	case "phone":
		return a.Phone, a.Phone != ""
	case "birth_date":
		// Accounts keep no birth date; the population registry has it.
		if p := person(a.PersonalID); p != nil {
			return p.BirthDate, p.BirthDate != ""
		}
	}
	return "", false
}

func personValue(p Person, attr string) (string, bool) {
	switch attr {
	case "full_name":
		return p.FullName, true
	case "birth_date":
		return p.BirthDate, true
	case "gender":
		return p.Gender, true
	case "ethnicity":
		return p.Ethnicity, true
	case "nationality":
		return p.Nationality, true
	case "permanent_address":
		return addressJSON(p.PermanentAddress)
	}
	return "", false
}

func businessValue(b Business, attr string) (string, bool) {
	switch attr {
	case "name":
		return b.Name, true
	case "address":
		return addressJSON(b.Address)
	case "legal_representative":
		return b.LegalRepresentative, true
	case "founded":
		return b.Founded, true
	}
	return "", false
}

func addressJSON(a eform.Address) (string, bool) {
	if a == (eform.Address{}) {
		return "", false
	}
	b, err := json.Marshal(a)
	return string(b), err == nil
}

// NewPublicID returns a random identifier for URLs (drafts, files): 20
// characters of [a-z0-9], so they cannot be guessed or counted.
func NewPublicID() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
	b := make([]byte, 20)
	randomBytes(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
