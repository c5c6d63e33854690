package office

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/templates/form"
	"github.com/motcua/motcua/templates/layout"
	"github.com/motcua/motcua/templates/officeview"
	"github.com/motcua/motcua/templates/ui"
	"github.com/motcua/motcua/web/route"
	"github.com/motcua/motcua/web/webctx"
)

// LedgerHandler serves the tracking ledger (sổ theo dõi hồ sơ, Mẫu 06) of
// the staff member's own unit: the page, and the CSV and Excel downloads.
// The unit is always the signed-in staff member's: no parameter names
// another.
type LedgerHandler struct {
	Reports interface {
		ThisMonth() report.Period
		LedgerPage(ctx context.Context, unitID int64, p report.Period, page, perPage int) (report.Ledger, error)
		Each(ctx context.Context, unitID int64, p report.Period, fn func(report.Row) error) (report.Summary, time.Time, error)
	}
	Log *slog.Logger
}

const ledgerPerPage = 100

// ledgerRequest is what the ledger routes read from a request: the unit,
// the period as typed, and the period or what is wrong with it.
type ledgerRequest struct {
	unit   org.Unit
	q      route.LedgerQuery
	period report.Period
	errs   valid.Errors
}

// dmy writes a date as staff type it.
func dmy(d calendar.Date) string { return d.Start().Format("02/01/2006") }

func (h *LedgerHandler) read(c echo.Context) (ledgerRequest, error) {
	r := webctx.Get(c)
	if r.User == nil || r.Unit == nil || r.User.UnitID == 0 {
		return ledgerRequest{}, echo.ErrForbidden
	}
	page, _ := strconv.Atoi(c.QueryParam(route.QueryPage))
	in := ledgerRequest{unit: *r.Unit, q: route.LedgerQuery{From: strings.TrimSpace(c.QueryParam(route.LedgerFrom)),
		To: strings.TrimSpace(c.QueryParam(route.LedgerTo)), Page: max(page, 1)}}
	if in.q.From == "" && in.q.To == "" {
		in.period = h.Reports.ThisMonth()
		in.q.From, in.q.To = dmy(in.period.From), dmy(in.period.To)
		return in, nil
	}
	in.period, in.errs = report.ParsePeriod(in.q.From, in.q.To)
	return in, nil
}

// Ledger shows the summary and one page of the ledger for the period
// asked (this month by default); a period that is not one answers 422
// with the errors beside the fields and the values kept.
func (h *LedgerHandler) Ledger(c echo.Context) error {
	in, err := h.read(c)
	if err != nil {
		return err
	}
	if len(in.errs) > 0 {
		return h.render(c, http.StatusUnprocessableEntity, in, nil)
	}
	l, err := h.Reports.LedgerPage(c.Request().Context(), in.unit.ID, in.period, in.q.Page, ledgerPerPage)
	if err != nil {
		return err
	}
	return h.render(c, http.StatusOK, in, &l)
}

func (h *LedgerHandler) render(c echo.Context, status int, in ledgerRequest, l *report.Ledger) error {
	r := webctx.Get(c)
	p := r.P
	f := form.New(p, map[string]string{"from": in.q.From, "to": in.q.To}, in.errs)
	field := func(id, name, label string) ui.FieldProps {
		fp := f.Field(id, label, "report.ledger.date_hint")
		fp.ID, fp.Name, fp.Short, fp.InputMode, fp.Autocomplete = id, name, true, "numeric", "off"
		return fp
	}
	props := officeview.LedgerProps{Page: r.Page(c, p.T("report.ledger.title"), layout.AreaOffice), P: p,
		UnitName: in.unit.Name, UnitCode: in.unit.Code, Action: route.Ledger(route.LedgerQuery{}),
		From: field("from", route.LedgerFrom, "report.ledger.from"), To: field("to", route.LedgerTo, "report.ledger.to")}
	if len(in.errs) > 0 {
		props.Errors = f.Summary()
	}
	if l != nil {
		from, to := dmy(l.Period.From), dmy(l.Period.To)
		props.Shown = true
		props.PeriodText = p.T("report.ledger.period", from, to)
		props.AsOfText = p.T("report.ledger.as_of", p.DateTime(l.AsOf))
		props.XLSX, props.CSV = route.LedgerXLSX(from, to), route.LedgerCSV(from, to)
		props.Summary = ui.TableProps{Caption: p.T("report.ledger.summary"), CaptionHidden: true,
			Head: []ui.Column{{Label: p.T("report.summary.item")}, {Label: p.T("report.summary.count"), Numeric: true}}}
		for _, it := range summaryItems(l.Summary) {
			props.Summary.Rows = append(props.Summary.Rows, []ui.Cell{{Text: p.T(it.key), RowHeader: true}, ui.NumCell(it.n)})
		}
		props.Table = ui.TableProps{Caption: p.T("report.ledger.rows"), CaptionHidden: true, Empty: p.T("report.ledger.empty")}
		for _, k := range pageColumns {
			props.Table.Head = append(props.Table.Head, ui.Column{Label: p.T(k), Numeric: k == "report.col.no" || k == "report.col.sets"})
		}
		for _, row := range l.Rows {
			props.Table.Rows = append(props.Table.Rows, pageCells(p, row))
		}
		q := route.LedgerQuery{From: from, To: to}
		props.Pagination = ui.PaginationProps{Page: l.Page, Pages: l.Pages,
			URL:   func(n int) templ.SafeURL { qq := q; qq.Page = n; return route.Ledger(qq) },
			Label: p.T("ui.pagination"), Previous: p.T("ui.previous"), Next: p.T("ui.next"),
			PageLabel: func(n int) string { return p.T("ui.page_n", n) }}
	}
	return webctx.Render(c, status, officeview.Ledger(props))
}

// summaryItem is one line of the summary.
type summaryItem struct {
	key string
	n   int
}

func summaryItems(s report.Summary) []summaryItem {
	return []summaryItem{
		{"report.summary.total", s.Total},
		{"report.summary.received", s.Received},
		{"report.summary.carried_over", s.CarriedOver},
		{"report.summary.early", s.Early},
		{"report.summary.on_time", s.OnTime},
		{"report.summary.late", s.Late},
		{"report.summary.open_in_time", s.OpenInTime},
		{"report.summary.open_overdue", s.OpenOverdue},
		{"report.summary.refused", s.Refused},
		{"report.summary.withdrawn", s.Withdrawn},
		{"report.summary.stopped", s.Stopped},
	}
}

// pageColumns are the page's columns: Mẫu 06's, with the hand-over's
// instant and unit in one cell and the apology's new date under the
// appointment.
var pageColumns = []string{"report.col.no", "report.col.code", "report.col.procedure", "report.col.sets",
	"report.col.applicant", "report.col.contact", "report.col.competent", "report.col.received", "report.col.due",
	"report.col.transfer", "report.col.result", "report.col.returned", "report.col.status", "report.col.assessment",
	"report.col.notes"}

func pageCells(p i18n.Printer, r report.Row) []ui.Cell {
	when := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return p.DateTime(t)
	}
	lines := func(ss ...string) ui.Cell {
		var out []string
		for _, s := range ss {
			if s != "" {
				out = append(out, s)
			}
		}
		return ui.CompCell(officeview.Lines(out))
	}
	due := lines(when(r.DueAt))
	if !r.ApologyDueAt.IsZero() {
		due = lines(when(r.DueAt), p.T("report.ledger.new_due", when(r.ApologyDueAt)))
	}
	var notes []string
	for _, n := range r.Notes {
		notes = append(notes, noteText(p, n))
	}
	return []ui.Cell{ui.NumCell(r.No), {Content: ui.Link(route.Dossier(r.Code), r.Code), RowHeader: true},
		ui.TextCell(procedureText(r)), ui.NumCell(r.Sets), ui.TextCell(r.Applicant.FullName),
		lines(r.Applicant.Address, r.Applicant.Phone), ui.TextCell(r.CompetentUnit), ui.TextCell(when(r.ReceptionAt())),
		due, lines(when(r.TransferredAt), r.TransferredTo), ui.TextCell(when(r.FinishedAt)), ui.TextCell(when(r.ReturnedAt)),
		ui.CompCell(ui.StatusBadge(webctx.StatusBadge(p, r.Status))),
		ui.TextCell(assessmentText(p, r.Assessment)), lines(notes...)}
}

// procedureText is the Tên thủ tục (trích yếu) column: the dossier's
// summary, else the procedure's name.
func procedureText(r report.Row) string {
	if r.Summary != "" {
		return r.Summary
	}
	return r.ProcedureName
}

func assessmentText(p i18n.Printer, a report.Assessment) string {
	if k := a.LabelKey(); k != "" {
		return p.T(k)
	}
	return ""
}

// noteText says a note: its label, then its detail.
func noteText(p i18n.Printer, n report.Note) string {
	s := p.T(n.Kind.LabelKey(), n.Count)
	if n.Kind == report.NoteApology {
		s = p.T(n.Kind.LabelKey(), p.DateTime(n.At))
	}
	if n.Detail != "" {
		s += ": " + n.Detail
	}
	return s
}

// contactText is the Địa chỉ, số điện thoại column in one line.
func contactText(r report.Row) string {
	var parts []string
	for _, s := range []string{r.Applicant.Address, r.Applicant.Phone} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}
