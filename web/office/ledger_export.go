package office

import (
	"archive/zip"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/csvfile"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/upload"
	"github.com/motcua/motcua/web/webctx"
)

// exportColumns are the downloads' columns: Mẫu 06's, with each instant in
// a column of its own (the apology's new date, the hand-over's instant and
// unit), so a spreadsheet can sort and filter on them.
var exportColumns = []struct {
	key   string
	width float64 // in Excel's character widths
}{
	{"report.col.no", 6}, {"report.col.code", 26}, {"report.col.procedure", 40}, {"report.col.sets", 10},
	{"report.col.applicant", 26}, {"report.col.contact", 30}, {"report.col.competent", 26},
	{"report.col.received", 17}, {"report.col.due", 17}, {"report.col.new_due", 17}, {"report.col.transfer_at", 17},
	{"report.col.transfer_to", 26}, {"report.col.result", 17}, {"report.col.returned", 17}, {"report.col.status", 18},
	{"report.col.assessment", 18}, {"report.col.notes", 40},
}

// exportValues are a row's values in exportColumns order: strings, ints,
// and instants (nil when there is none).
func exportValues(p i18n.Printer, r report.Row) []any {
	at := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		return t.In(calendar.Location())
	}
	var notes []string
	for _, n := range r.Notes {
		notes = append(notes, noteText(p, n))
	}
	return []any{r.No, r.Code, procedureText(r), r.Sets, r.Applicant.FullName, contactText(r), r.CompetentUnit,
		at(r.ReceptionAt()), at(r.DueAt), at(r.ApologyDueAt), at(r.TransferredAt), r.TransferredTo, at(r.FinishedAt),
		at(r.ReturnedAt), p.T(r.Status.LabelKey()), assessmentText(p, r.Assessment), strings.Join(notes, "; ")}
}

// exportName is the download's file name: so-theo-doi-<unit code>-<from>-<to>.<ext>.
func exportName(in ledgerRequest, ext string) string {
	return fmt.Sprintf("so-theo-doi-%s-%s-%s.%s", in.unit.Code, in.period.From, in.period.To, ext)
}

func setDownloadHeaders(c echo.Context, contentType, name string) {
	hd := c.Response().Header()
	hd.Set(echo.HeaderContentType, contentType)
	hd.Set(echo.HeaderContentDisposition, upload.ContentDisposition(name))
	hd.Set("Cache-Control", "private, no-store")
	hd.Set("X-Content-Type-Options", "nosniff")
}

// CSV downloads the ledger as CSV (csvfile: UTF-8 with a byte-order mark,
// no cell read as a formula): a header row, one row per dossier, instants
// as dd/mm/yyyy hh:mm. Rows go to the
// client as the database yields them; the response starts with the first
// row, so a query that fails at once still gets the error page.
func (h *LedgerHandler) CSV(c echo.Context) error {
	in, err := h.read(c)
	if err != nil {
		return err
	}
	if len(in.errs) > 0 {
		return h.render(c, http.StatusUnprocessableEntity, in, nil)
	}
	p := webctx.Get(c).P
	var w *csvfile.Writer
	start := func() error {
		if w != nil {
			return nil
		}
		setDownloadHeaders(c, "text/csv; charset=utf-8", exportName(in, "csv"))
		c.Response().WriteHeader(http.StatusOK)
		w = csvfile.NewWriter(c.Response())
		head := make([]string, len(exportColumns))
		for i, col := range exportColumns {
			head[i] = p.T(col.key)
		}
		return w.Write(head)
	}
	record := make([]string, len(exportColumns))
	_, _, err = h.Reports.Each(c.Request().Context(), in.unit.ID, in.period, func(r report.Row) error {
		if err := start(); err != nil {
			return err
		}
		for i, v := range exportValues(p, r) {
			switch v := v.(type) {
			case nil:
				record[i] = ""
			case time.Time:
				record[i] = v.Format("02/01/2006 15:04")
			default:
				record[i] = fmt.Sprint(v)
			}
		}
		return w.Write(record)
	})
	if err == nil {
		err = start() // an empty ledger still has its header row
	}
	if w != nil {
		if ferr := w.Flush(); err == nil {
			err = ferr
		}
	}
	return h.streamError(c, err)
}

// streamError reports a failure: before the response started it goes to
// the error handler; after, the download is cut short, and only the log
// can say why.
func (h *LedgerHandler) streamError(c echo.Context, err error) error {
	if err != nil && c.Response().Committed && h.Log != nil {
		h.Log.ErrorContext(c.Request().Context(), "ledger download cut short", "error", err.Error(), "path", c.Path())
	}
	return err
}

// XLSX downloads the ledger as an Excel workbook: the sheet "Sổ theo dõi"
// with a title, the unit and the period above a bold, frozen, filterable
// header row, instants as Excel date-times shown dd/mm/yyyy hh:mm, and a
// second sheet with the summary. Rows are streamed into the sheet (excelize
// keeps them on disk past 16 MB) and the workbook is zipped straight into
// the response, never built whole in memory.
func (h *LedgerHandler) XLSX(c echo.Context) error {
	in, err := h.read(c)
	if err != nil {
		return err
	}
	if len(in.errs) > 0 {
		return h.render(c, http.StatusUnprocessableEntity, in, nil)
	}
	p := webctx.Get(c).P
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	x, err := newLedgerSheet(f, p, in)
	if err != nil {
		return err
	}
	sum, asOf, err := h.Reports.Each(c.Request().Context(), in.unit.ID, in.period, func(r report.Row) error {
		return x.row(exportValues(p, r))
	})
	if err != nil {
		return err
	}
	if err := x.finish(p, in, sum, asOf); err != nil {
		return err
	}
	setDownloadHeaders(c, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", exportName(in, "xlsx"))
	c.Response().WriteHeader(http.StatusOK)
	// WriteTo would zip into a buffer first; this zip writer ignores the
	// buffer and writes to the response.
	out := c.Response()
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zip.NewWriter(out) })
	return h.streamError(c, f.Write(io.Discard))
}

// ledgerSheet streams the rows of the ledger's sheet.
type ledgerSheet struct {
	f     *excelize.File
	sw    *excelize.StreamWriter
	name  string
	next  int // the next row number
	style struct{ title, sub, head, text, num, when int }
}

// ledgerHeadRow is the header row's number: title, unit and period above.
const ledgerHeadRow = 4

func newLedgerSheet(f *excelize.File, p i18n.Printer, in ledgerRequest) (*ledgerSheet, error) {
	x := &ledgerSheet{f: f, name: p.T("report.sheet.rows")}
	if err := f.SetSheetName(f.GetSheetName(0), x.name); err != nil {
		return nil, err
	}
	border := []excelize.Border{{Type: "left", Color: "999999", Style: 1}, {Type: "right", Color: "999999", Style: 1},
		{Type: "top", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1}}
	top := &excelize.Alignment{Vertical: "top", WrapText: true}
	when := "dd/mm/yyyy hh:mm"
	for _, s := range []struct {
		id    *int
		style excelize.Style
	}{
		{&x.style.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}, Alignment: &excelize.Alignment{Horizontal: "center"}}},
		{&x.style.sub, excelize.Style{Alignment: &excelize.Alignment{Horizontal: "center"}}},
		{&x.style.head, excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DCE6F1"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&x.style.text, excelize.Style{Border: border, Alignment: top}},
		{&x.style.num, excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&x.style.when, excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "top"}, CustomNumFmt: &when}},
	} {
		id, err := f.NewStyle(&s.style)
		if err != nil {
			return nil, err
		}
		*s.id = id
	}
	sw, err := f.NewStreamWriter(x.name)
	if err != nil {
		return nil, err
	}
	x.sw = sw
	for i, col := range exportColumns {
		if err := sw.SetColWidth(i+1, i+1, col.width); err != nil {
			return nil, err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: ledgerHeadRow, TopLeftCell: fmt.Sprintf("A%d", ledgerHeadRow+1),
		ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	last := lastColumn()
	for i, line := range []struct {
		text  string
		style int
	}{
		{p.T("report.ledger.sheet_title"), x.style.title},
		{in.unit.Name, x.style.sub},
		{p.T("report.ledger.period", dmy(in.period.From), dmy(in.period.To)), x.style.sub},
	} {
		n := i + 1
		if err := sw.SetRow(fmt.Sprintf("A%d", n), []any{excelize.Cell{StyleID: line.style, Value: line.text}},
			excelize.RowOpts{Height: 20}); err != nil {
			return nil, err
		}
		if err := sw.MergeCell(fmt.Sprintf("A%d", n), fmt.Sprintf("%s%d", last, n)); err != nil {
			return nil, err
		}
	}
	head := make([]any, len(exportColumns))
	for i, col := range exportColumns {
		head[i] = excelize.Cell{StyleID: x.style.head, Value: p.T(col.key)}
	}
	if err := sw.SetRow(fmt.Sprintf("A%d", ledgerHeadRow), head, excelize.RowOpts{Height: 45}); err != nil {
		return nil, err
	}
	x.next = ledgerHeadRow + 1
	return x, nil
}

func lastColumn() string {
	name, _ := excelize.ColumnNumberToName(len(exportColumns))
	return name
}

// row writes one dossier's values, styled by kind. A string goes in as a
// string cell whatever it begins with (excelize writes a formula only from
// Cell.Formula, never set here), so a name typed as "=HYPERLINK(...)" stays
// text; TestLedgerFormulasAreText holds the workbook to that.
func (x *ledgerSheet) row(values []any) error {
	cells := make([]any, len(values))
	for i, v := range values {
		switch v.(type) {
		case time.Time:
			cells[i] = excelize.Cell{StyleID: x.style.when, Value: v}
		case int:
			cells[i] = excelize.Cell{StyleID: x.style.num, Value: v}
		case nil:
			cells[i] = excelize.Cell{StyleID: x.style.text}
		default:
			cells[i] = excelize.Cell{StyleID: x.style.text, Value: v}
		}
	}
	err := x.sw.SetRow(fmt.Sprintf("A%d", x.next), cells)
	x.next++
	return err
}

// finish puts the filter on the header and the rows, ends the stream, and
// writes the summary sheet.
func (x *ledgerSheet) finish(p i18n.Printer, in ledgerRequest, sum report.Summary, asOf time.Time) error {
	// The filter is part of the sheet being streamed: set before Flush,
	// which writes it after the rows.
	ref := fmt.Sprintf("A%d:%s%d", ledgerHeadRow, lastColumn(), max(x.next-1, ledgerHeadRow))
	if err := x.f.AutoFilter(x.name, ref, nil); err != nil {
		return err
	}
	if err := x.sw.Flush(); err != nil {
		return err
	}
	name := p.T("report.sheet.summary")
	if _, err := x.f.NewSheet(name); err != nil {
		return err
	}
	rows := [][]any{
		{excelize.Cell{StyleID: x.style.title, Value: p.T("report.ledger.sheet_title")}},
		{in.unit.Name},
		{p.T("report.ledger.period", dmy(in.period.From), dmy(in.period.To))},
		{p.T("report.ledger.as_of", p.DateTime(asOf))},
		{},
		{excelize.Cell{StyleID: x.style.head, Value: p.T("report.summary.item")},
			excelize.Cell{StyleID: x.style.head, Value: p.T("report.summary.count")}},
	}
	for _, it := range summaryItems(sum) {
		rows = append(rows, []any{excelize.Cell{StyleID: x.style.text, Value: p.T(it.key)},
			excelize.Cell{StyleID: x.style.num, Value: it.n}})
	}
	for i, r := range rows {
		for j, v := range r {
			cell, err := excelize.CoordinatesToCellName(j+1, i+1)
			if err != nil {
				return err
			}
			c, ok := v.(excelize.Cell)
			if !ok {
				c = excelize.Cell{Value: v}
			}
			if err := x.f.SetCellValue(name, cell, c.Value); err != nil {
				return err
			}
			if c.StyleID != 0 {
				if err := x.f.SetCellStyle(name, cell, cell, c.StyleID); err != nil {
					return err
				}
			}
		}
	}
	if err := x.f.SetColWidth(name, "A", "A", 40); err != nil {
		return err
	}
	return x.f.SetColWidth(name, "B", "B", 14)
}
