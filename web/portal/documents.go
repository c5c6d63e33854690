package portal

import (
	"errors"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/document"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/templates/form"
	"github.com/motcua/motcua/templates/portalview"
	"github.com/motcua/motcua/templates/ui"
	"github.com/motcua/motcua/web/route"
	"github.com/motcua/motcua/web/webctx"
)

// The documents issued on a dossier: the section of its page, downloads,
// the control slip as it stands, and revoking a result. Who sees which
// kind is the dossier service's rule (dossier.ShowsPaper).

// papersView builds the documents section for the viewer, with the
// revocation forms a leader of the issuing unit gets; f carries the last
// revocation's reason and error.
func (h *DossierHandler) papersView(c echo.Context, d dossier.Dossier, f form.Form) (*portalview.PapersView, error) {
	if h.Documents == nil {
		return nil, nil
	}
	p := webctx.Get(c).P
	ctx := c.Request().Context()
	me := actor(c)
	docs, err := h.Documents.ForDossier(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	pending, err := h.Dossiers.PendingPapers(ctx, me, d)
	if err != nil {
		return nil, err
	}
	v := &portalview.PapersView{Form: f}
	if pending.Pending > 0 {
		v.Pending = p.T("papers.pending")
	}
	if pending.Failing > 0 && !pending.NextTry.IsZero() {
		// Staff learn that something is wrong, and what, rather than
		// waiting on a document that does not come.
		v.Problem = p.T("papers.failing", pending.Failing, p.DateTime(pending.NextTry))
		v.ProblemDetail = pending.LastError
	}
	v.Table = ui.TableProps{Caption: p.T("papers.title"), CaptionHidden: true, Empty: p.T("papers.empty"),
		Head: []ui.Column{{Label: p.T("papers.col.title")}, {Label: p.T("papers.col.number")}, {Label: p.T("papers.col.issued")},
			{Label: p.T("papers.col.size"), Numeric: true}, {Label: p.T("papers.col.status")}}}
	for _, doc := range docs {
		if !dossier.ShowsPaper(me, d, doc.Kind) {
			continue
		}
		title := displayTitle(doc.Title)
		tp := portalview.PaperTitleProps{Title: title, URL: route.Document(doc.PublicID), Download: p.T("papers.download_pdf")}
		if doc.VerifyCode != "" {
			tp.VerifyText, tp.VerifyCode, tp.VerifyURL = p.T("papers.verify_code"), doc.VerifyCode, route.VerifyCode(doc.VerifyCode)
		}
		var st portalview.PaperStatusProps
		switch {
		case doc.Revoked():
			st = portalview.PaperStatusProps{Label: p.T("papers.revoked"), Flag: "late",
				Detail: p.T("papers.revoked_detail", p.DateTime(doc.RevokedAt), doc.RevokeReason)}
		case doc.ReplacedBy != 0:
			st = portalview.PaperStatusProps{Label: p.T("papers.replaced"), Flag: "taken"}
		case doc.Kind == document.KindResult:
			st = portalview.PaperStatusProps{Label: p.T("papers.valid")}
		}
		v.Table.Rows = append(v.Table.Rows, []ui.Cell{{Content: portalview.PaperTitle(tp), RowHeader: true},
			ui.TextCell(doc.Number), ui.TextCell(p.DateTime(doc.IssuedAt)), {Text: formatSize(p, doc.Size), Numeric: true},
			ui.CompCell(portalview.PaperStatus(st))})
		if dossier.CanRevoke(me, doc) {
			name := title
			if doc.Number != "" {
				name = p.T("papers.revoke_number", title, doc.Number)
			}
			v.Revoke = append(v.Revoke, portalview.RevokeForm{ID: revokeField(doc.PublicID), Title: p.T("papers.revoke_title", name),
				Action: route.DocumentRevoke(doc.PublicID)})
		}
	}
	return v, nil
}

// revokeField is the id of a result's reason field: each result has its
// own form on the page.
func revokeField(publicID string) string { return "revoke-" + publicID }

// displayTitle writes a title printed in capitals ("GIẤY TIẾP NHẬN HỒ
// SƠ") in sentence case for the page, where capitals are hard to read and
// some screen readers spell them out.
func displayTitle(t string) string {
	if t != strings.ToUpper(t) {
		return t
	}
	lower := strings.ToLower(t)
	r, n := utf8.DecodeRuneInString(lower)
	return string(unicode.ToUpper(r)) + lower[n:]
}

// Document sends an issued document to someone who may see it: its
// dossier's applicant (the kinds issued to them) or staff of a unit
// handling the dossier. Anyone else gets 404, as for a document that does
// not exist. The file is the one stored at issue, byte for byte: its
// SHA-256 is the ETag, and Range and If-None-Match are served.
func (h *DossierHandler) Document(c echo.Context) error {
	ctx := c.Request().Context()
	if h.Documents == nil {
		return echo.ErrNotFound
	}
	doc, err := h.Documents.Get(ctx, c.Param("id"))
	if errors.Is(err, document.ErrNotFound) {
		return echo.ErrNotFound.WithInternal(err)
	}
	if err != nil {
		return err
	}
	if _, err := h.Dossiers.PaperDossier(ctx, actor(c), doc.DossierID, doc.Kind); err != nil {
		return dossierError(err)
	}
	body, err := h.Documents.Open(ctx, doc)
	if err != nil {
		return err
	}
	defer body.Close()
	pdfHeaders(c, doc.FileName(), pdfName(displayTitle(doc.Title), doc.Number))
	c.Response().Header().Set("ETag", `"`+doc.Hash()+`"`)
	http.ServeContent(c.Response(), c.Request(), "", doc.IssuedAt, body)
	return nil
}

// ControlSlip renders the dossier's process control slip (Mẫu 05) as it
// stands, for staff handling the dossier; it is not stored (the one issued
// at the hand-back is).
func (h *DossierHandler) ControlSlip(c echo.Context) error {
	ctx := c.Request().Context()
	if h.Documents == nil {
		return echo.ErrNotFound
	}
	code := c.Param("code")
	cs, err := h.Dossiers.ControlSlip(ctx, actor(c), code)
	if err != nil {
		return dossierError(err)
	}
	b, err := h.Documents.Preview(ctx, cs)
	if err != nil {
		return err
	}
	name := "phieu-kiem-soat-" + asciiName(code) + ".pdf"
	pdfHeaders(c, name, name)
	return c.Blob(http.StatusOK, "application/pdf", b)
}

// pdfHeaders are the headers of every PDF sent: a download (never shown
// in the page's origin, never sniffed), kept by no cache, under an ASCII
// file name and, for browsers that read it, a Vietnamese one.
func pdfHeaders(c echo.Context, ascii, utf string) {
	hd := c.Response().Header()
	hd.Set(echo.HeaderContentType, "application/pdf")
	hd.Set(echo.HeaderContentDisposition, `attachment; filename="`+asciiName(ascii)+`"; filename*=UTF-8''`+rfc5987(utf))
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Cache-Control", "private, no-store")
	hd.Set("Content-Security-Policy", "default-src 'none'; sandbox")
}

// pdfName is the Vietnamese name of a document's file: its title and
// number, e.g. "Giấy xác nhận 1-KQ.pdf".
func pdfName(title, number string) string {
	n := strings.TrimSpace(title)
	if number != "" {
		n += " " + strings.ReplaceAll(number, "/", "-")
	}
	n = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || strings.ContainsRune(`/\:*?"<>|`, r) {
			return '-'
		}
		return r
	}, n)
	if utf8.RuneCountInString(n) > 120 {
		n = string([]rune(n)[:120])
	}
	return n + ".pdf"
}

// asciiName keeps the characters safe in a quoted header value and any
// file system: letters, digits, dot, dash and underscore.
func asciiName(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			return r
		}
		return '-'
	}, s)
}

// rfc5987 percent-encodes a UTF-8 value for filename* (RFC 5987 and
// 8187): everything but the attr-chars.
func rfc5987(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// RevokeDocument revokes a result: a leader of the unit that issued it,
// with a reason. Without the reason the dossier page comes back with the
// message beside the field; others who see the dossier get 403, anyone
// else 404.
func (h *DossierHandler) RevokeDocument(c echo.Context) error {
	r := webctx.Get(c)
	ctx := c.Request().Context()
	me := actor(c)
	if h.Documents == nil {
		return echo.ErrNotFound
	}
	id := c.Param("id")
	doc, err := h.Documents.Get(ctx, id)
	if errors.Is(err, document.ErrNotFound) {
		return echo.ErrNotFound.WithInternal(err)
	}
	if err != nil {
		return err
	}
	d, err := h.Dossiers.PaperDossier(ctx, me, doc.DossierID, doc.Kind)
	if err != nil {
		return dossierError(err)
	}
	reason := c.FormValue(route.FormRevokeReason)
	_, err = h.Dossiers.RevokeResult(ctx, me, id, reason)
	var errs valid.Errors
	switch {
	case errors.As(err, &errs):
		field := revokeField(id)
		var mapped valid.Errors
		for _, e := range errs {
			mapped = append(mapped, valid.FieldError{Field: field, Key: e.Key, Args: e.Args})
		}
		return h.renderDossierPage(c, d.Code, http.StatusUnprocessableEntity, pageForms{withdraw: form.New(r.P, nil, nil),
			act: form.New(r.P, nil, nil), revoke: form.New(r.P, map[string]string{field: reason}, mapped)})
	case errors.Is(err, dossier.ErrNotAllowed):
		return echo.ErrForbidden.WithInternal(err)
	case errors.Is(err, document.ErrRevoked):
		r.SetFlash(webctx.FlashError, "papers.error.already_revoked")
		return webctx.Redirect(c, route.Dossier(d.Code))
	case errors.Is(err, dossier.ErrState):
		r.SetFlash(webctx.FlashError, "papers.error.replaced")
		return webctx.Redirect(c, route.Dossier(d.Code))
	case err != nil:
		return dossierError(err)
	}
	r.SetFlash(webctx.FlashSuccess, "papers.revoked_flash")
	return webctx.Redirect(c, route.Dossier(d.Code))
}
