package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/org"
)

// Dossiers serves the dossier status endpoint.
type Dossiers struct {
	Dossiers interface {
		Lookup(ctx context.Context, code, secret string) (dossier.Dossier, []dossier.Event, error)
		LookupAs(ctx context.Context, viewer account.User, code string) (dossier.Dossier, []dossier.Event, error)
	}
	// Viewer returns the signed-in user of the request, if any.
	Viewer func(c echo.Context) *account.User
	// Lookups throttles failed lookups per client address.
	Lookups interface {
		Allow(ctx context.Context, key string) (bool, int, error)
		Failed(ctx context.Context, key string) error
	}
	// Messages labels statuses and events (Vietnamese: the national labels).
	Messages *i18n.Catalog
}

// StatusResponse is a dossier's public status.
type StatusResponse struct {
	Code          string          `json:"code"`
	ProcedureCode string          `json:"procedure_code"`
	ProcedureName string          `json:"procedure_name"`
	Status        int             `json:"status"`
	StatusLabel   string          `json:"status_label"`
	SubmittedAt   string          `json:"submitted_at"`
	ReceivedAt    *string         `json:"received_at"`
	DueAt         *string         `json:"due_at"`
	Timeline      []TimelineEntry `json:"timeline"`
}

// TimelineEntry is one public step of a dossier's history.
type TimelineEntry struct {
	At          string `json:"at"`
	Action      string `json:"action"`
	Label       string `json:"label"`
	Status      *int   `json:"status"`
	StatusLabel string `json:"status_label,omitempty"`
	Note        string `json:"note,omitempty"`
}

// Status answers GET /api/v1/dossiers/{code}/status?secret=S. An unknown
// code and a wrong secret get the same 404; failures are throttled per
// client address (429 with Retry-After). The applicant and staff handling
// the dossier, signed in, need no secret.
func (h *Dossiers) Status(c echo.Context) error {
	ctx := c.Request().Context()
	code, secret := c.Param("code"), strings.TrimSpace(c.QueryParam("secret"))
	var viewer *account.User
	if h.Viewer != nil {
		viewer = h.Viewer(c)
	}
	if secret == "" && viewer == nil {
		return Problem(c, http.StatusBadRequest, "missing parameter: secret")
	}
	ok, wait, err := h.Lookups.Allow(ctx, c.RealIP())
	if err != nil {
		return err
	}
	if !ok {
		c.Response().Header().Set("Retry-After", strconv.Itoa(wait*60))
		return Problem(c, http.StatusTooManyRequests, "too many failed lookups; try again later")
	}
	d, events, err := dossier.Dossier{}, []dossier.Event(nil), dossier.ErrNotFound
	if secret != "" {
		d, events, err = h.Dossiers.Lookup(ctx, code, secret)
	}
	if errors.Is(err, dossier.ErrNotFound) && viewer != nil {
		d, events, err = h.Dossiers.LookupAs(ctx, *viewer, code)
	}
	if errors.Is(err, dossier.ErrNotFound) {
		if err := h.Lookups.Failed(ctx, c.RealIP()); err != nil {
			return err
		}
		return Problem(c, http.StatusNotFound, "no dossier with this code and secret")
	}
	if err != nil {
		return err
	}
	p := h.Messages.Printer(i18n.VI)
	out := StatusResponse{Code: d.Code, ProcedureCode: d.Procedure, ProcedureName: d.ProcedureName, Status: int(d.Status),
		StatusLabel: p.T(d.Status.LabelKey()), SubmittedAt: stamp(d.SubmittedAt), ReceivedAt: optStamp(d.ReceivedAt),
		DueAt: optStamp(d.DueAt), Timeline: []TimelineEntry{}}
	for _, e := range events {
		te := TimelineEntry{At: stamp(e.At), Action: e.Action, Label: p.T("dossier.event." + e.Action), Note: e.Note}
		if e.To != 0 {
			s := int(e.To)
			te.Status, te.StatusLabel = &s, p.T(e.To.LabelKey())
		}
		out.Timeline = append(out.Timeline, te)
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, out)
}

// stamp writes an instant in RFC 3339 with the +07:00 offset.
func stamp(t time.Time) string { return t.In(i18n.Zone).Format(time.RFC3339) }

func optStamp(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := stamp(t)
	return &s
}

// Places serves the list of communes of a province, for the address
// fields' JavaScript.
type Places struct{ Places *org.Places }

// Place is one entry of the list.
type Place struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Communes answers GET /api/v1/places/{province}/communes.
func (h *Places) Communes(c echo.Context) error {
	if _, ok := h.Places.Province(c.Param("province")); !ok {
		return Problem(c, http.StatusNotFound, "unknown province")
	}
	out := []Place{}
	for _, p := range h.Places.Communes(c.Param("province")) {
		out = append(out, Place{Code: p.Code, Name: p.Name})
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=86400")
	return c.JSON(http.StatusOK, out)
}
