package api

import (
	"context"
	_ "embed"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/web/route"
)

//go:embed openapi.json
var openAPIDoc []byte

// OpenAPI serves the OpenAPI 3 description of the API.
func OpenAPI(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "public, max-age=300")
	return c.Blob(http.StatusOK, "application/json", openAPIDoc)
}

// Catalog is what the procedure endpoints read.
type Catalog interface {
	Search(ctx context.Context, q catalog.Query) (catalog.Results, error)
	Procedure(ctx context.Context, code string) (catalog.Procedure, error)
	Version(ctx context.Context, code string, n int) (catalog.Version, error)
}

// Procedures serves the catalogue endpoints.
type Procedures struct {
	Catalog Catalog
}

// ListItem is one procedure in a list.
type ListItem struct {
	Code        string              `json:"code"`
	Name        string              `json:"name"`
	Level       catalog.Level       `json:"level"`
	Field       catalog.Field       `json:"field"`
	Subjects    []catalog.Subject   `json:"subjects"`
	Units       []string            `json:"units"`
	OnlineLevel catalog.OnlineLevel `json:"online_level"`
	Version     int                 `json:"version"`
	URL         string              `json:"url"`
}

// ListResponse is a page of procedures.
type ListResponse struct {
	Items   []ListItem `json:"items"`
	Total   int        `json:"total"`
	Page    int        `json:"page"`
	PerPage int        `json:"per_page"`
}

// Problem answers a bad request with a JSON error.
func Problem(c echo.Context, status int, message string) error {
	return c.JSON(status, map[string]any{"error": map[string]any{"status": status, "message": message}})
}

// List searches the catalogue: q, field, level, unit, subject, page,
// per_page; relevance order when q is given, by name otherwise.
func (h *Procedures) List(c echo.Context) error {
	q := catalog.Query{Text: c.QueryParam("q"), Field: c.QueryParam("field"), Level: catalog.Level(c.QueryParam("level")),
		Unit: c.QueryParam("unit"), Subject: catalog.Subject(c.QueryParam("subject")), Page: 1, PerPage: 20}
	for _, p := range []struct {
		name     string
		dst      *int
		min, max int
	}{{"page", &q.Page, 1, 100000}, {"per_page", &q.PerPage, 1, 100}} {
		if s := c.QueryParam(p.name); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < p.min || n > p.max {
				return Problem(c, http.StatusBadRequest, p.name+" must be a whole number from "+strconv.Itoa(p.min)+" to "+strconv.Itoa(p.max))
			}
			*p.dst = n
		}
	}
	res, err := h.Catalog.Search(c.Request().Context(), q)
	if err != nil {
		return err
	}
	out := ListResponse{Items: []ListItem{}, Total: res.Total, Page: res.Page, PerPage: res.PerPage}
	for _, hit := range res.Items {
		units := hit.Units
		if units == nil {
			units = []string{}
		}
		subjects := hit.Subjects
		if subjects == nil {
			subjects = []catalog.Subject{}
		}
		out.Items = append(out.Items, ListItem{Code: hit.Code, Name: hit.Name, Level: hit.Level, Field: hit.Field,
			Subjects: subjects, Units: units, OnlineLevel: hit.OnlineLevel, Version: hit.Version,
			URL: string(route.Procedure(hit.Code, 0))})
	}
	return c.JSON(http.StatusOK, out)
}

// Detail is one version of a procedure: the record plus its version data.
type Detail struct {
	catalog.Record
	Version     int            `json:"version"`
	Status      catalog.Status `json:"status"`
	PublishedAt *time.Time     `json:"published_at"`
	Retired     bool           `json:"retired"`
	URL         string         `json:"url"`
}

// Get returns the current published version of a procedure, or ?version=N.
func (h *Procedures) Get(c echo.Context) error {
	ctx := c.Request().Context()
	code := c.Param("code")
	proc, err := h.Catalog.Procedure(ctx, code)
	if errors.Is(err, catalog.ErrNotFound) {
		return Problem(c, http.StatusNotFound, "no procedure with code "+code)
	}
	if err != nil {
		return err
	}
	n := proc.CurrentVersion
	if s := c.QueryParam("version"); s != "" {
		if n, err = strconv.Atoi(s); err != nil || n < 1 {
			return Problem(c, http.StatusBadRequest, "version must be a positive whole number")
		}
	}
	v, err := h.Catalog.Version(ctx, code, n)
	if errors.Is(err, catalog.ErrNotFound) || (err == nil && v.Status == catalog.StatusDraft) || n == 0 {
		return Problem(c, http.StatusNotFound, "no published version "+strconv.Itoa(n)+" of procedure "+code)
	}
	if err != nil {
		return err
	}
	d := Detail{Record: v.Record, Version: v.Number, Status: v.Status, Retired: proc.Retired(),
		URL: string(route.Procedure(code, v.Number))}
	if !v.PublishedAt.IsZero() {
		t := v.PublishedAt.UTC()
		d.PublishedAt = &t
	}
	return c.JSON(http.StatusOK, d)
}
