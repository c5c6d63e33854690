package document

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/upload"
)

// Issued is a document issued on a dossier: the rendered file, where it is
// kept and its SHA-256, its number, and for a result its verification code
// and whether it still stands.
type Issued struct {
	ID        int64
	PublicID  string
	DossierID int64
	Kind      Kind
	// Source names the event that issued it; issuing again for the same
	// dossier, kind and source returns the first.
	Source     string
	Title      string
	Number     string // "12/GTN"; "" for unnumbered kinds
	UnitID     int64  // the issuing unit
	VerifyCode string // results only
	SHA256     [32]byte
	Size       int64
	StorageKey string
	IssuedAt   time.Time
	IssuedBy   int64 // 0 for the system
	// RevokedAt is set when a leader revoked it, with who and why.
	RevokedAt    time.Time
	RevokedBy    int64
	RevokeReason string
	// ReplacedBy is the document that replaced it (a result issued again
	// for the same dossier).
	ReplacedBy int64
}

// Hash is the SHA-256 in hexadecimal.
func (d Issued) Hash() string { return hex.EncodeToString(d.SHA256[:]) }

// Revoked reports whether a leader revoked it.
func (d Issued) Revoked() bool { return !d.RevokedAt.IsZero() }

// FileName is the name offered for download, e.g. "ket-qua-12-GCN.pdf".
func (d Issued) FileName() string {
	name := fileNames[d.Kind]
	if name == "" {
		name = "van-ban"
	}
	if d.Number != "" {
		name += "-" + strings.NewReplacer("/", "-", " ", "").Replace(d.Number)
	}
	return name + ".pdf"
}

var fileNames = map[Kind]string{
	KindReceipt: "giay-tiep-nhan", KindSupplement: "phieu-yeu-cau-bo-sung", KindRefusal: "phieu-tu-choi",
	KindApology: "phieu-xin-loi", KindStopNotice: "thong-bao-dung", KindControlSlip: "phieu-kiem-soat",
	KindResult: "ket-qua",
}

// symbols are the number symbols per kind ("12/GTN"); a kind without one
// is not numbered. A result's symbol comes from its procedure's template.
var symbols = map[Kind]string{
	KindReceipt: "GTN", KindSupplement: "PBS", KindRefusal: "PTC", KindApology: "PXL", KindStopNotice: "TBD",
}

// Errors of the issuing service.
var (
	ErrNotFound = errors.New("document: not found")
	// ErrDuplicate: another worker issued the same document first.
	ErrDuplicate = errors.New("document: already issued")
	// ErrRevoked: the document is revoked already.
	ErrRevoked = errors.New("document: already revoked")
)

// Store keeps issued documents.
type Store interface {
	// BySource finds what an event issued, or ErrNotFound.
	BySource(ctx context.Context, dossierID int64, k Kind, source string) (Issued, error)
	// NextNumber takes the next number of a unit's kind of document in a
	// year, in the caller's transaction (so an aborted issue gives it
	// back).
	NextNumber(ctx context.Context, unitID int64, k Kind, year int) (int, error)
	// Insert adds d and sets its ID; ErrDuplicate when the dossier, kind
	// and source exist already.
	Insert(ctx context.Context, d *Issued) error
	Get(ctx context.Context, publicID string) (Issued, error)
	// ByID returns a document by its id (ErrNotFound when none).
	ByID(ctx context.Context, id int64) (Issued, error)
	ByVerifyCode(ctx context.Context, code string) (Issued, error)
	// BySHA256 lists the documents with this hash (almost always one).
	BySHA256(ctx context.Context, sum [32]byte) ([]Issued, error)
	// ForDossier lists a dossier's documents in the order issued.
	ForDossier(ctx context.Context, dossierID int64) ([]Issued, error)
	// Revoke records the revocation unless the document is revoked
	// already (then ErrRevoked).
	Revoke(ctx context.Context, id, by int64, at time.Time, reason string) error
	// Supersede marks the dossier's other documents of kind k replaced by
	// id, where they stand.
	Supersede(ctx context.Context, dossierID int64, k Kind, id int64) error
}

// Deps are what the issuing service needs.
type Deps struct {
	Store Store
	// Tx runs fn in one transaction with stores bound to it.
	Tx       func(ctx context.Context, fn func(Store, audit.Store) error) error
	Files    upload.Store
	Renderer Renderer
	// VerifyURL is the public verification page of a code.
	VerifyURL func(code string) string
	Now       func() time.Time
	// Code makes verification codes; nil means NewVerifyCode.
	Code func() string
}

// Service issues, finds, verifies and revokes documents.
type Service struct{ d Deps }

// NewService checks the dependencies.
func NewService(d Deps) (*Service, error) {
	if d.Store == nil || d.Tx == nil || d.Files == nil || d.Renderer == nil || d.VerifyURL == nil {
		return nil, errors.New("document: store, transactions, files, renderer and verification URL are required")
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Code == nil {
		d.Code = NewVerifyCode
	}
	return &Service{d: d}, nil
}

// codeAlphabet leaves out letters and digits people confuse (0/O, 1/I/L).
const codeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// VerifyCodeLength is the length of a verification code without its
// dashes: 12 characters of a 31-letter alphabet, about 59 bits.
const VerifyCodeLength = 12

// NewVerifyCode returns a random verification code written in groups of
// four, e.g. "K7QX-M2RD-9TNA".
func NewVerifyCode() string {
	b := make([]byte, VerifyCodeLength)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	var sb strings.Builder
	for i, c := range b {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		// 256 % 31 = 8: the bias towards the first letters is small
		// and the code is not a secret, only hard to guess.
		sb.WriteByte(codeAlphabet[int(c)%len(codeAlphabet)])
	}
	return sb.String()
}

// NormalizeCode reads a code as a person types it: any case, with or
// without dashes or spaces. It returns "" when it cannot be a code.
func NormalizeCode(s string) string {
	var sb strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == '-' || r == ' ':
			continue
		case r < 128 && strings.IndexByte(codeAlphabet, byte(r)) >= 0:
			sb.WriteRune(r)
		default:
			return ""
		}
	}
	c := sb.String()
	if len(c) != VerifyCodeLength {
		return ""
	}
	return c[0:4] + "-" + c[4:8] + "-" + c[8:12]
}

// IssueInput is a document to issue on a dossier.
type IssueInput struct {
	DossierID int64
	UnitID    int64 // the issuing unit, whose numbers it takes
	Source    string
	By        int64 // 0 for the system
	Doc       Document
	// Symbol is a result's number symbol (e.g. "GCN"); other kinds have
	// theirs. Empty for a result means unnumbered.
	Symbol string
}

// Issue numbers, renders and stores a document in one transaction: the
// row, its number and its file all appear, or none does (a file written
// for a transaction that then failed is deleted). Issuing again for the
// same dossier, kind and source returns the first document.
func (s *Service) Issue(ctx context.Context, in IssueInput) (Issued, error) {
	if in.Doc == nil || in.DossierID == 0 || in.UnitID == 0 || in.Source == "" {
		return Issued{}, errors.New("document: issue needs a document, a dossier, a unit and a source")
	}
	k := in.Doc.Kind()
	if d, err := s.d.Store.BySource(ctx, in.DossierID, k, in.Source); err == nil || !errors.Is(err, ErrNotFound) {
		return d, err
	}
	now := s.d.Now()
	var out Issued
	var written string
	err := s.d.Tx(ctx, func(st Store, log audit.Store) error {
		doc := in.Doc
		symbol := symbols[k]
		if k == KindResult {
			symbol = in.Symbol
		}
		number := ""
		if symbol != "" {
			n, err := st.NextNumber(ctx, in.UnitID, k, headerOf(doc).Date.Year())
			if err != nil {
				return err
			}
			number = fmt.Sprintf("%d/%s", n, symbol)
		}
		code := ""
		if k == KindResult {
			code = s.d.Code()
		}
		doc = stamp(doc, number, code, s.d.VerifyURL)
		pdf, err := s.d.Renderer.Render(ctx, doc)
		if err != nil {
			return err
		}
		key, err := s.store(ctx, pdf)
		if err != nil {
			return err
		}
		written = key
		d := Issued{PublicID: upload.NewKey(), DossierID: in.DossierID, Kind: k, Source: in.Source, Title: Title(doc),
			Number: number, UnitID: in.UnitID, VerifyCode: code, SHA256: sha256.Sum256(pdf), Size: int64(len(pdf)),
			StorageKey: key, IssuedAt: now, IssuedBy: in.By}
		if err := st.Insert(ctx, &d); err != nil {
			return err
		}
		if k == KindResult {
			if err := st.Supersede(ctx, in.DossierID, k, d.ID); err != nil {
				return err
			}
		}
		out = d
		return log.Append(ctx, audit.Entry{At: now, ActorID: in.By, Action: "document.issue", ObjectType: "document",
			ObjectID: d.PublicID, Changes: []audit.Change{{Field: "kind", New: string(k)}, {Field: "number", New: number},
				{Field: "sha256", New: d.Hash()}}})
	})
	if err != nil && written != "" {
		_ = s.d.Files.Delete(context.WithoutCancel(ctx), written)
	}
	if errors.Is(err, ErrDuplicate) {
		return s.d.Store.BySource(ctx, in.DossierID, k, in.Source)
	}
	return out, err
}

// store writes a rendered file under a new key.
func (s *Service) store(ctx context.Context, b []byte) (string, error) {
	p, err := s.d.Files.Create(ctx)
	if err != nil {
		return "", err
	}
	defer func() { _ = p.Abort() }() // after Commit it does nothing
	if _, err := p.Write(b); err != nil {
		return "", err
	}
	key := upload.NewKey()
	return key, p.Commit(key)
}

// headerOf returns a document's header.
func headerOf(d Document) Header {
	switch d := d.(type) {
	case Receipt:
		return d.Header
	case SupplementRequest:
		return d.Header
	case Refusal:
		return d.Header
	case Apology:
		return d.Header
	case StopNotice:
		return d.Header
	case ControlSlip:
		return d.Header
	case Result:
		return d.Header
	}
	return Header{}
}

// stamp writes the number and, for a result, the verification code into a
// document.
func stamp(d Document, number, code string, verifyURL func(string) string) Document {
	switch d := d.(type) {
	case Receipt:
		d.Header.Number = number
		return d
	case SupplementRequest:
		d.Header.Number = number
		return d
	case Refusal:
		d.Header.Number = number
		return d
	case Apology:
		d.Header.Number = number
		return d
	case StopNotice:
		d.Header.Number = number
		return d
	case ControlSlip:
		d.Header.Number = number
		return d
	case Result:
		d.Header.Number = number
		if code != "" {
			d.VerifyCode, d.VerifyURL = code, verifyURL(code)
		}
		return d
	}
	return d
}

// Title is the title a document is printed and listed under: a result's
// own, else its form's as the rule set lays it out (Layout: a stop notice
// has one even where no form is prescribed), else its kind.
func Title(d Document) string {
	if r, ok := d.(Result); ok {
		return r.Title
	}
	if f, err := Layout(headerOf(d).Rules(), d.Kind()); err == nil {
		return f.Title
	}
	return string(d.Kind())
}

// Get returns a document by its public ID.
func (s *Service) Get(ctx context.Context, publicID string) (Issued, error) {
	return s.d.Store.Get(ctx, publicID)
}

// ForDossier lists a dossier's documents; the caller has checked that the
// viewer may see the dossier.
func (s *Service) ForDossier(ctx context.Context, dossierID int64) ([]Issued, error) {
	return s.d.Store.ForDossier(ctx, dossierID)
}

// Open opens a document's file.
func (s *Service) Open(ctx context.Context, d Issued) (io.ReadSeekCloser, error) {
	return s.d.Files.Open(ctx, d.StorageKey)
}

// Verification is what the public learns about a result: whether it is
// genuine and still stands.
type Verification struct {
	Document Issued
	// Replacement is the document that replaced it, when one did.
	Replacement Issued
}

// Valid reports whether the document stands: issued by us, not revoked
// and not replaced.
func (v Verification) Valid() bool { return !v.Document.Revoked() && v.Document.ReplacedBy == 0 }

// Verify finds a result by its verification code (as typed: any case,
// dashes optional), or ErrNotFound.
func (s *Service) Verify(ctx context.Context, code string) (Verification, error) {
	c := NormalizeCode(code)
	if c == "" {
		return Verification{}, ErrNotFound
	}
	d, err := s.d.Store.ByVerifyCode(ctx, c)
	if err != nil {
		return Verification{}, err
	}
	return s.verification(ctx, d)
}

// VerifyFile checks a file by its SHA-256: it finds the document issued
// with exactly these bytes, or ErrNotFound. It reads at most limit bytes.
func (s *Service) VerifyFile(ctx context.Context, r io.Reader) (Verification, error) {
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return Verification{}, err
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	ds, err := s.d.Store.BySHA256(ctx, sum)
	if err != nil {
		return Verification{}, err
	}
	if len(ds) == 0 {
		return Verification{}, ErrNotFound
	}
	return s.verification(ctx, ds[0])
}

func (s *Service) verification(ctx context.Context, d Issued) (Verification, error) {
	v := Verification{Document: d}
	if d.ReplacedBy != 0 {
		r, err := s.d.Store.ByID(ctx, d.ReplacedBy)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return v, err
		}
		v.Replacement = r
	}
	return v, nil
}

// Revoke revokes a result with a reason; the caller has checked that the
// actor is a leader of the issuing unit. The reason is required.
func (s *Service) Revoke(ctx context.Context, by int64, publicID, reason string) (Issued, error) {
	var out Issued
	err := s.d.Tx(ctx, func(st Store, log audit.Store) error {
		var err error
		out, err = RevokeIn(ctx, st, log, s.d.Now(), by, publicID, reason)
		return err
	})
	return out, err
}

// ErrNoReason: a revocation without its reason.
var ErrNoReason = errors.New("document: a revocation needs a reason")

// RevokeIn revokes a document in the caller's transaction (st and log
// bound to it), so that whoever revokes can record what follows from it,
// such as telling the applicant, in the same commit. It checks nothing
// about who revokes.
func RevokeIn(ctx context.Context, st Store, log audit.Store, at time.Time, by int64, publicID, reason string) (Issued, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Issued{}, ErrNoReason
	}
	d, err := st.Get(ctx, publicID)
	if err != nil {
		return Issued{}, err
	}
	if err := st.Revoke(ctx, d.ID, by, at, reason); err != nil {
		return Issued{}, err
	}
	d.RevokedAt, d.RevokedBy, d.RevokeReason = at, by, reason
	return d, log.Append(ctx, audit.Entry{At: at, ActorID: by, Action: "document.revoke", ObjectType: "document",
		ObjectID: d.PublicID, Changes: []audit.Change{{Field: "revoke_reason", New: reason}}})
}

// Preview renders a document without issuing it: a draft to look at, or
// the control slip as it stands.
func (s *Service) Preview(ctx context.Context, d Document) ([]byte, error) {
	return s.d.Renderer.Render(ctx, d)
}
