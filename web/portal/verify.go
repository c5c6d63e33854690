package portal

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/document"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/templates/form"
	"github.com/motcua/motcua/templates/layout"
	"github.com/motcua/motcua/templates/portalview"
	"github.com/motcua/motcua/templates/ui"
	"github.com/motcua/motcua/web/route"
	"github.com/motcua/motcua/web/webctx"
)

// MaxVerifyFile is the largest file the verification page checks: a
// result is a few hundred kilobytes, a scan of one far less than this.
const MaxVerifyFile = 20 << 20

// VerifyHandler serves the public verification of the documents issued on
// dossiers: by the code printed under a result's QR code, or by the PDF
// file itself (hashed as it streams, stored nowhere). It tells whether the
// document is genuine and still stands, the procedure, the issuing unit
// and the date; never anything of its holder.
type VerifyHandler struct {
	Documents interface {
		Verify(ctx context.Context, code string) (document.Verification, error)
		VerifyFile(ctx context.Context, r io.Reader) (document.Verification, error)
	}
	Dossiers interface {
		PublicFacts(ctx context.Context, id int64) (dossier.PublicFacts, error)
	}
	Units interface {
		Get(ctx context.Context, id int64) (org.Unit, error)
	}
	// Throttle counts failed verifications per client address.
	Throttle LookupLimiter
	// MaxFile is the largest file checked; 0 means MaxVerifyFile.
	MaxFile int64
}

func (h *VerifyHandler) maxFile() int64 {
	if h.MaxFile > 0 {
		return h.MaxFile
	}
	return MaxVerifyFile
}

// Form shows the verification page. With ?ma=CODE (the code form) it
// checks the code: a document found is shown at its own address
// (route.VerifyCode); anything else comes back here beside the field, with
// what was typed.
func (h *VerifyHandler) Form(c echo.Context) error {
	r := webctx.Get(c)
	if !c.QueryParams().Has(route.FormVerifyCode) {
		return h.render(c, http.StatusOK, form.New(r.P, nil, nil), nil)
	}
	typed := strings.TrimSpace(c.QueryParam(route.FormVerifyCode))
	v, status, errs, err := h.checkCode(c, typed)
	if err != nil {
		return err
	}
	if status == http.StatusOK {
		return webctx.Redirect(c, route.VerifyCode(v.Document.VerifyCode))
	}
	return h.render(c, status, form.New(r.P, map[string]string{route.FormVerifyCode: typed}, errs), nil)
}

// Code shows the outcome of checking a code: the address printed under
// every result's QR code.
func (h *VerifyHandler) Code(c echo.Context) error {
	r := webctx.Get(c)
	typed := strings.TrimSpace(c.Param("code"))
	v, status, errs, err := h.checkCode(c, typed)
	if err != nil {
		return err
	}
	values := map[string]string{route.FormVerifyCode: typed}
	if status != http.StatusOK {
		return h.render(c, status, form.New(r.P, values, errs), nil)
	}
	res, err := h.result(c, v, false)
	if err != nil {
		return err
	}
	values[route.FormVerifyCode] = v.Document.VerifyCode
	return h.render(c, http.StatusOK, form.New(r.P, values, nil), res)
}

// checkCode checks a typed code, throttling failures per client address.
// It answers 200 with the verification, or the status and the field's
// error: 422 for something that cannot be a code (not counted: it cannot
// be a guess), 429 while the address waits, 404 for an unknown code.
func (h *VerifyHandler) checkCode(c echo.Context, typed string) (document.Verification, int, valid.Errors, error) {
	ctx := c.Request().Context()
	var errs valid.Errors
	switch {
	case typed == "":
		errs.Add(route.FormVerifyCode, "verify.error.code_required")
		return document.Verification{}, http.StatusUnprocessableEntity, errs, nil
	case document.NormalizeCode(typed) == "":
		errs.Add(route.FormVerifyCode, "verify.error.code_format")
		return document.Verification{}, http.StatusUnprocessableEntity, errs, nil
	}
	ok, wait, err := h.Throttle.Allow(ctx, c.RealIP())
	if err != nil {
		return document.Verification{}, 0, nil, err
	}
	if !ok {
		errs.Add(route.FormVerifyCode, "verify.error.throttled", wait)
		return document.Verification{}, http.StatusTooManyRequests, errs, nil
	}
	v, err := h.Documents.Verify(ctx, typed)
	if errors.Is(err, document.ErrNotFound) {
		if err := h.Throttle.Failed(ctx, c.RealIP()); err != nil {
			return v, 0, nil, err
		}
		errs.Add(route.FormVerifyCode, "verify.error.code_not_found")
		return v, http.StatusNotFound, errs, nil
	}
	if err != nil {
		return v, 0, nil, err
	}
	return v, http.StatusOK, nil, nil
}

// errFileTooLarge stops hashing a file over the limit.
var errFileTooLarge = errors.New("verify: file too large")

// limitReader reads at most n bytes of r and fails with errFileTooLarge
// when r holds more.
type limitReader struct {
	r io.Reader
	n int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n < 0 {
		return 0, errFileTooLarge
	}
	if int64(len(p)) > l.n+1 {
		p = p[:l.n+1]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	if l.n < 0 {
		return n, errFileTooLarge
	}
	return n, err
}

// pdfMagic starts every PDF file.
var pdfMagic = []byte("%PDF-")

// File checks an uploaded PDF by its SHA-256 (multipart; the CSRF token
// is the first part). The file streams through the hash and is kept
// nowhere. A file that is not a PDF, too large, or matches nothing comes
// back beside the field.
func (h *VerifyHandler) File(c echo.Context) error {
	r := webctx.Get(c)
	ctx := c.Request().Context()
	var errs valid.Errors
	if !IsMultipart(c.Request()) {
		errs.Add(route.FormVerifyFile, "verify.error.file_required")
		return h.render(c, http.StatusUnprocessableEntity, form.New(r.P, nil, errs), nil)
	}
	allowed, wait, err := h.Throttle.Allow(ctx, c.RealIP())
	if err != nil {
		return err
	}
	var (
		v      document.Verification
		seen   bool
		status = http.StatusOK
	)
	_, err = readMultipart(c, h.maxFile()+(1<<20), func(field, _ string, body io.Reader) error {
		if field != route.FormVerifyFile || seen || !allowed {
			_, err := io.Copy(io.Discard, body)
			return err
		}
		seen = true
		head := make([]byte, len(pdfMagic))
		n, err := io.ReadFull(body, head)
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
			return err
		}
		if !bytes.Equal(head[:n], pdfMagic) {
			errs.Add(route.FormVerifyFile, "verify.error.not_pdf")
			status = http.StatusUnprocessableEntity
			_, err := io.Copy(io.Discard, body)
			return err
		}
		v, err = h.Documents.VerifyFile(ctx, &limitReader{r: io.MultiReader(bytes.NewReader(head), body), n: h.maxFile()})
		switch {
		case errors.Is(err, errFileTooLarge):
			errs.Add(route.FormVerifyFile, "verify.error.file_too_large", h.maxFile()>>20)
			status = http.StatusRequestEntityTooLarge
			_, err := io.Copy(io.Discard, body)
			return err
		case errors.Is(err, document.ErrNotFound):
			errs.Add(route.FormVerifyFile, "verify.error.file_not_found")
			status = http.StatusNotFound
			return nil
		}
		return err
	})
	var he *echo.HTTPError
	if errors.As(err, &he) && he.Code == http.StatusRequestEntityTooLarge {
		// Far over the limit: the body was cut short, but the page can
		// still say why beside the field.
		errs = valid.Errors{{Field: route.FormVerifyFile, Key: "verify.error.file_too_large", Args: []any{h.maxFile() >> 20}}}
		return h.render(c, http.StatusRequestEntityTooLarge, form.New(r.P, nil, errs), nil)
	}
	if err != nil {
		return err
	}
	switch {
	case !allowed:
		errs = valid.Errors{{Field: route.FormVerifyFile, Key: "verify.error.throttled", Args: []any{wait}}}
		return h.render(c, http.StatusTooManyRequests, form.New(r.P, nil, errs), nil)
	case !seen:
		errs.Add(route.FormVerifyFile, "verify.error.file_required")
		return h.render(c, http.StatusUnprocessableEntity, form.New(r.P, nil, errs), nil)
	case status == http.StatusNotFound:
		if err := h.Throttle.Failed(ctx, c.RealIP()); err != nil {
			return err
		}
		fallthrough
	case status != http.StatusOK:
		return h.render(c, status, form.New(r.P, nil, errs), nil)
	}
	res, err := h.result(c, v, true)
	if err != nil {
		return err
	}
	return h.render(c, http.StatusOK, form.New(r.P, nil, nil), res)
}

func (h *VerifyHandler) render(c echo.Context, status int, f form.Form, res *portalview.VerifyResult) error {
	r := webctx.Get(c)
	p := r.P
	title := p.T("verify.title")
	if res != nil {
		title = res.Heading + " – " + title
	}
	if len(f.Errors) > 0 {
		title = p.T("form.error_prefix") + " " + title
	}
	// The answer changes when a document is revoked or replaced.
	c.Response().Header().Set("Cache-Control", "no-store")
	return webctx.Render(c, status, portalview.Verify(portalview.VerifyProps{Page: r.Page(c, title, layout.AreaPublic),
		P: p, Form: f, Action: route.Verify(), MaxFileMB: int(h.maxFile() >> 20), Result: res}))
}

// result says what anyone may learn of a document found: whether it
// stands, its title and number, the procedure, the issuing unit, the date,
// the code, and for a file check the file's SHA-256.
func (h *VerifyHandler) result(c echo.Context, v document.Verification, byFile bool) (*portalview.VerifyResult, error) {
	ctx := c.Request().Context()
	p := webctx.Get(c).P
	d := v.Document
	facts, err := h.Dossiers.PublicFacts(ctx, d.DossierID)
	if err != nil {
		return nil, err
	}
	unit, err := h.Units.Get(ctx, d.UnitID)
	if err != nil {
		return nil, err
	}
	res := &portalview.VerifyResult{Status: portalview.VerifyValid, Heading: p.T("verify.valid"),
		Lines: []string{p.T("verify.valid_body")}}
	switch {
	case d.Revoked():
		res.Status, res.Heading = portalview.VerifyRevoked, p.T("verify.revoked")
		res.Lines = []string{p.T("verify.revoked_on", p.Date(d.RevokedAt)), p.T("verify.revoke_reason", d.RevokeReason)}
	case d.ReplacedBy != 0:
		res.Status, res.Heading = portalview.VerifyReplaced, p.T("verify.replaced")
		res.Lines = []string{p.T("verify.replaced_body")}
	}
	if d.ReplacedBy != 0 && v.Replacement.ID != 0 {
		res.Replacement = replacementLine(p, v.Replacement)
		if v.Replacement.VerifyCode != "" {
			res.ReplacementURL, res.ReplacementLabel = route.VerifyCode(v.Replacement.VerifyCode), p.T("verify.replacement_link")
		}
	}
	res.Facts = []ui.SummaryRow{{Key: p.T("verify.doc_title"), Value: d.Title}}
	if d.Number != "" {
		res.Facts = append(res.Facts, ui.SummaryRow{Key: p.T("verify.number"), Value: d.Number})
	}
	res.Facts = append(res.Facts,
		ui.SummaryRow{Key: p.T("verify.procedure"), Value: facts.ProcedureName},
		ui.SummaryRow{Key: p.T("verify.issuer"), Value: unit.Name},
		ui.SummaryRow{Key: p.T("verify.issued_at"), Value: p.Date(d.IssuedAt)})
	if d.VerifyCode != "" {
		res.Facts = append(res.Facts, ui.SummaryRow{Key: p.T("verify.code"), Value: d.VerifyCode})
	}
	if byFile {
		res.Facts = append(res.Facts, ui.SummaryRow{Key: p.T("verify.sha256"), Value: d.Hash()})
	}
	return res, nil
}

// replacementLine names the document that replaced another: its number
// (when it has one) and date.
func replacementLine(p i18n.Printer, d document.Issued) string {
	if d.Number == "" {
		return p.T("verify.replaced_by_dated", p.Date(d.IssuedAt))
	}
	return p.T("verify.replaced_by", d.Number, p.Date(d.IssuedAt))
}
