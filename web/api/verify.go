package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/document"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/web/route"
)

// Verifications serves the verification of issued documents by code.
type Verifications struct {
	Documents interface {
		Verify(ctx context.Context, code string) (document.Verification, error)
	}
	Dossiers interface {
		PublicFacts(ctx context.Context, id int64) (dossier.PublicFacts, error)
	}
	Units interface {
		Get(ctx context.Context, id int64) (org.Unit, error)
	}
	// Throttle counts failed verifications per client address.
	Throttle interface {
		Allow(ctx context.Context, key string) (bool, int, error)
		Failed(ctx context.Context, key string) error
	}
}

// Verification is what anyone may learn of a document by its code: whether
// it stands, what it is, the procedure, the issuing unit and when; never
// its holder.
type Verification struct {
	Valid        bool         `json:"valid"`
	Status       string       `json:"status"` // valid, revoked or replaced
	Code         string       `json:"code"`
	Title        string       `json:"title"`
	Number       string       `json:"number,omitempty"`
	Kind         string       `json:"kind"`
	Procedure    *Named       `json:"procedure,omitempty"`
	Issuer       *Named       `json:"issuer,omitempty"`
	IssuedAt     string       `json:"issued_at"`
	RevokedAt    string       `json:"revoked_at,omitempty"`
	RevokeReason string       `json:"revoke_reason,omitempty"`
	ReplacedBy   *Replacement `json:"replaced_by,omitempty"`
	// URL is the human page of the same check.
	URL string `json:"url"`
}

// Named is a procedure or a unit by its code and name.
type Named struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Replacement is the document that replaced another.
type Replacement struct {
	Code     string `json:"code,omitempty"`
	Number   string `json:"number,omitempty"`
	IssuedAt string `json:"issued_at"`
}

// Verify answers GET /api/v1/verify/{code}: the code as printed, any case,
// dashes optional. An unknown code and one that cannot be a code both get
// 404; unknown codes are throttled per client address (429 with
// Retry-After) with the web page's counter. The answer is never cached: a
// revocation changes it. Any site may ask (CORS), without credentials.
func (h *Verifications) Verify(c echo.Context) error {
	ctx := c.Request().Context()
	hd := c.Response().Header()
	hd.Set("Cache-Control", "no-store")
	hd.Set("Access-Control-Allow-Origin", "*")
	code := c.Param("code")
	if document.NormalizeCode(code) == "" {
		return Problem(c, http.StatusNotFound, "no document with this verification code")
	}
	ok, wait, err := h.Throttle.Allow(ctx, c.RealIP())
	if err != nil {
		return err
	}
	if !ok {
		hd.Set("Retry-After", strconv.Itoa(wait*60))
		return Problem(c, http.StatusTooManyRequests, "too many failed verifications; try again later")
	}
	v, err := h.Documents.Verify(ctx, code)
	if errors.Is(err, document.ErrNotFound) {
		if err := h.Throttle.Failed(ctx, c.RealIP()); err != nil {
			return err
		}
		return Problem(c, http.StatusNotFound, "no document with this verification code")
	}
	if err != nil {
		return err
	}
	d := v.Document
	out := Verification{Valid: v.Valid(), Status: "valid", Code: d.VerifyCode, Title: d.Title, Number: d.Number,
		Kind: string(d.Kind), IssuedAt: stamp(d.IssuedAt), URL: string(route.VerifyCode(d.VerifyCode))}
	switch {
	case d.Revoked():
		out.Status, out.RevokedAt, out.RevokeReason = "revoked", stamp(d.RevokedAt), d.RevokeReason
	case d.ReplacedBy != 0:
		out.Status = "replaced"
	}
	if d.ReplacedBy != 0 && v.Replacement.ID != 0 {
		out.ReplacedBy = &Replacement{Code: v.Replacement.VerifyCode, Number: v.Replacement.Number,
			IssuedAt: stamp(v.Replacement.IssuedAt)}
	}
	facts, err := h.Dossiers.PublicFacts(ctx, d.DossierID)
	if err != nil {
		return err
	}
	out.Procedure = &Named{Code: facts.ProcedureCode, Name: facts.ProcedureName}
	unit, err := h.Units.Get(ctx, d.UnitID)
	if err != nil {
		return err
	}
	out.Issuer = &Named{Code: unit.Code, Name: unit.Name}
	return c.JSON(http.StatusOK, out)
}
