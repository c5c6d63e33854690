package pdfgen

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/motcua/motcua/internal/document"
	"github.com/motcua/motcua/internal/i18n"
)

// Renderer renders documents as PDF. The zero value is ready to use and
// safe for concurrent use: every call builds its own PDF.
type Renderer struct{}

// New returns a Renderer.
func New() *Renderer { return &Renderer{} }

var _ document.Renderer = (*Renderer)(nil)

// Render implements document.Renderer. It takes the document types of
// package document by value (a pointer is a kind it cannot draw).
func (r *Renderer) Render(ctx context.Context, d document.Document) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if d == nil {
		return nil, fmt.Errorf("%w: no document", document.ErrInvalid)
	}
	var draw func(*page)
	var h document.Header
	switch v := d.(type) {
	case document.Receipt:
		h, draw = v.Header, func(p *page) { receipt(p, v) }
	case document.SupplementRequest:
		h, draw = v.Header, func(p *page) { supplement(p, v) }
	case document.Refusal:
		h, draw = v.Header, func(p *page) { refusal(p, v) }
	case document.Apology:
		h, draw = v.Header, func(p *page) { apology(p, v) }
	case document.StopNotice:
		h, draw = v.Header, func(p *page) { stopNotice(p, v) }
	case document.ControlSlip:
		h, draw = v.Header, func(p *page) { controlSlip(p, v) }
	case document.Result:
		h, draw = v.Header, func(p *page) { result(p, v) }
	default:
		return nil, fmt.Errorf("%w: pdfgen cannot draw a %T", document.ErrNoForm, d)
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	cov, err := covered()
	if err != nil {
		return nil, err
	}
	var form document.Form
	if d.Kind() == document.KindResult {
		if _, err := document.Forms(h.Rules()); err != nil {
			return nil, err
		}
	} else if form, err = document.Layout(h.Rules(), d.Kind()); err != nil {
		return nil, err
	}

	p := newPage(cov, h.Date)
	p.f.SetTitle(p.clean(document.Title(d)), true)
	p.f.AddPage()
	if form.Number != "" {
		p.formLabel(form)
	}
	p.header(h)
	draw(p)
	p.pageNumbers()
	var buf bytes.Buffer
	if err := p.f.Output(&buf); err != nil {
		return nil, fmt.Errorf("pdfgen: %s: %w", d.Kind(), err)
	}
	return buf.Bytes(), nil
}

// Page geometry in millimetres (A4 portrait), with the margins of Decree
// 30/2020/NĐ-CP: 20 top and bottom, 30 left, 15 right.
const (
	pageW, pageH     = 210.0, 297.0
	marginL, marginR = 30.0, 15.0
	marginT, marginB = 20.0, 20.0
	textW            = pageW - marginL - marginR

	sizeBody  = 11.0
	sizeHead  = 10.0
	sizeTitle = 13.0
	sizeTable = 9.5
	sizeSmall = 8.5
	lineH     = 5.6 // body line height
	tableLH   = 4.6
	cellPad   = 1.2
)

// page is one document being drawn, with the helpers the layouts share.
type page struct {
	f   *fpdf.Fpdf
	cov *[1 << 16 / 64]uint64
}

func newPage(cov *[1 << 16 / 64]uint64, date time.Time) *page {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetMargins(marginL, marginT, marginR)
	f.SetAutoPageBreak(true, marginB)
	f.SetCellMargin(cellPad)
	f.AddUTF8FontFromBytes(family, "", fontRegular)
	f.AddUTF8FontFromBytes(family, "B", fontBold)
	f.SetLang("vi-VN")
	f.SetCreator("MotCua", true)
	f.SetProducer("MotCua", true)
	// The same data gives the same bytes: no wall-clock time in the file.
	f.SetCreationDate(date.UTC())
	f.SetModificationDate(date.UTC())
	f.SetCatalogSort(true)
	f.SetFont(family, "", sizeBody)
	return &page{f: f, cov: cov}
}

func (p *page) clean(s string) string { return clean(p.cov, s) }

func (p *page) font(style string, size float64) { p.f.SetFont(family, style, size) }

// remaining is the height left on the page above the bottom margin.
func (p *page) remaining() float64 { return pageH - marginB - p.f.GetY() }

// keep starts a new page unless h millimetres fit on this one.
func (p *page) keep(h float64) {
	if p.remaining() < h {
		p.f.AddPage()
	}
}

// lines splits text into the lines it takes in width w with the current
// font, paragraph breaks kept; an empty text is one empty line.
func (p *page) lines(s string, w float64) []string {
	var out []string
	for para := range strings.SplitSeq(p.clean(s), "\n") {
		ls := p.f.SplitText(para, w)
		if len(ls) == 0 {
			ls = []string{""}
		}
		out = append(out, ls...)
	}
	return out
}

// block writes text wrapped in width w at x, aligned ("L", "C", "R"),
// starting at the current y, and leaves y below it.
func (p *page) block(x, w, lh float64, align, s string) {
	for _, l := range p.lines(s, w) {
		p.keep(lh)
		p.f.SetX(x)
		p.f.CellFormat(w, lh, l, "", 2, align, false, 0, "")
	}
}

// formLabel prints the form's number in the top right corner, in the
// margin above the heading.
func (p *page) formLabel(form document.Form) {
	p.font("", sizeSmall)
	p.f.SetXY(marginL, marginT-9)
	p.f.CellFormat(textW, 4, p.clean(form.Label()), "", 0, "R", false, 0, "")
	p.f.SetXY(marginL, marginT)
}

// The heading's two columns: the unit on the left, the nation on the right.
const (
	headLeftW  = 80.0
	headRightW = textW - headLeftW
)

// header draws the heading of Decree 30/2020/NĐ-CP: the parent body and
// the unit (capitals, the unit bold, a short rule under it) and the number
// on the left; the national name and motto (bold, a rule under the motto)
// and the place and date on the right.
func (p *page) header(h document.Header) {
	top := p.f.GetY()
	lh := 4.8
	xr := marginL + headLeftW

	p.f.SetXY(marginL, top)
	if strings.TrimSpace(h.Parent) != "" {
		p.font("", sizeHead)
		p.block(marginL, headLeftW, lh, "C", strings.ToUpper(h.Parent))
	}
	p.font("B", sizeHead)
	p.block(marginL, headLeftW, lh, "C", strings.ToUpper(h.Unit))
	yl := p.f.GetY() + 1
	p.f.SetLineWidth(0.3)
	p.f.Line(marginL+headLeftW/2-12, yl, marginL+headLeftW/2+12, yl)

	p.f.SetXY(xr, top)
	p.font("B", sizeHead)
	p.block(xr, headRightW, lh, "C", document.NationalName)
	p.block(xr, headRightW, lh, "C", document.NationalMotto)
	yr := p.f.GetY() + 1
	mw := p.f.GetStringWidth(document.NationalMotto)
	p.f.Line(xr+headRightW/2-mw/2, yr, xr+headRightW/2+mw/2, yr)

	y := max(yl, yr) + 2.5
	p.font("", sizeHead)
	if strings.TrimSpace(h.Number) != "" {
		p.f.SetXY(marginL, y)
		p.block(marginL, headLeftW, lh, "C", "Số: "+h.Number)
	}
	p.f.SetXY(xr, y)
	p.block(xr, headRightW, lh, "C", dateLine(h.Place, h.Date))
	p.f.SetXY(marginL, max(p.f.GetY(), y+lh)+6)
}

// title draws a document's title, centred, bold, in capitals.
func (p *page) title(s string) {
	p.font("B", sizeTitle)
	p.block(marginL, textW, 6.5, "C", strings.ToUpper(s))
	p.f.Ln(1.5)
}

// centred draws a line of body text centred under the title.
func (p *page) centred(s string) {
	p.font("", sizeBody)
	p.block(marginL, textW, lineH, "C", s)
}

// field writes "label: value" as one paragraph, the value bold; it wraps
// at the right margin and continues at the left (or at the current
// indent).
func (p *page) field(label, value string) {
	p.keep(lineH)
	p.font("", sizeBody)
	p.f.Write(lineH, p.clean(label)+": ")
	p.font("B", sizeBody)
	p.f.Write(lineH, p.clean(value))
	p.font("", sizeBody)
	p.f.Ln(lineH)
}

// fields writes several short "label: value" pairs on one line, wrapping
// like field.
func (p *page) fields(pairs ...string) {
	p.keep(lineH)
	for i := 0; i+1 < len(pairs); i += 2 {
		p.font("", sizeBody)
		sep := ""
		if i > 0 {
			sep = "; "
		}
		p.f.Write(lineH, sep+p.clean(pairs[i])+": ")
		p.font("B", sizeBody)
		p.f.Write(lineH, p.clean(pairs[i+1]))
	}
	p.font("", sizeBody)
	p.f.Ln(lineH)
}

// para writes a paragraph of body text, in the given style.
func (p *page) para(style, s string) {
	p.font(style, sizeBody)
	p.keep(lineH)
	p.f.Write(lineH, p.clean(s))
	p.f.Ln(lineH)
	p.font("", sizeBody)
}

// indented runs fn with the left margin moved right by d.
func (p *page) indented(d float64, fn func()) {
	left, _, _, _ := p.f.GetMargins()
	p.f.SetLeftMargin(left + d)
	p.f.SetX(left + d)
	fn()
	p.f.SetLeftMargin(left)
	p.f.SetX(left)
}

// column of a table: its width and the alignment of its cells.
type column struct {
	head  string
	w     float64
	align string
}

// table draws a bordered table whose rows grow to fit their text; a row
// never splits across pages, and the head row is repeated on every page
// the table reaches.
func (p *page) table(cols []column, rows [][]string) {
	head := make([]string, len(cols))
	for i, c := range cols {
		head[i] = c.head
	}
	drawHead := func() {
		p.f.SetFillColor(235, 235, 235)
		p.row(cols, head, "B", true)
	}
	p.f.SetLineWidth(0.2)
	drawHead()
	for _, r := range rows {
		if p.remaining() < p.rowHeight(cols, r, "") {
			p.f.AddPage()
			drawHead()
		}
		p.row(cols, r, "", false)
	}
	p.f.SetX(marginL)
	p.f.Ln(2)
}

func (p *page) rowHeight(cols []column, cells []string, style string) float64 {
	p.font(style, sizeTable)
	n := 1
	for i, c := range cols {
		n = max(n, len(p.lines(cells[i], c.w)))
	}
	return float64(n)*tableLH + 2*cellPad
}

func (p *page) row(cols []column, cells []string, style string, fill bool) {
	h := p.rowHeight(cols, cells, style)
	x, y := marginL, p.f.GetY()
	for i, c := range cols {
		mode := "D"
		if fill {
			mode = "FD"
		}
		p.f.Rect(x, y, c.w, h, mode)
		align := c.align
		if fill {
			align = "C"
		}
		for j, l := range p.lines(cells[i], c.w) {
			p.f.SetXY(x, y+cellPad+float64(j)*tableLH)
			p.f.CellFormat(c.w, tableLH, l, "", 0, align, false, 0, "")
		}
		x += c.w
	}
	p.f.SetXY(marginL, y+h)
}

// sign is one signature block: the title (bold, one line per line), the
// hint under it, room to sign, and the name (bold).
type sign struct {
	title string
	hint  string
	name  string
}

const signRoom = 22.0

// signatures draws signature blocks side by side across the page; a
// single block sits in the right half, where the signer of an
// administrative document signs.
func (p *page) signatures(blocks ...sign) {
	p.font("B", sizeBody)
	w := textW / float64(max(len(blocks), 2))
	need := 0.0
	for _, b := range blocks {
		n := len(p.lines(b.title, w)) + 1 + len(p.lines(b.name, w))
		need = max(need, float64(n)*lineH+signRoom)
	}
	p.f.Ln(3)
	p.keep(need)
	top := p.f.GetY()
	x := marginL
	if len(blocks) == 1 {
		x = marginL + w
	}
	for _, b := range blocks {
		p.f.SetXY(x, top)
		p.font("B", sizeBody)
		p.block(x, w, lineH, "C", b.title)
		if b.hint != "" {
			p.font("", sizeSmall)
			p.block(x, w, 4.2, "C", b.hint)
		}
		p.f.SetXY(x, p.f.GetY()+signRoom)
		p.font("B", sizeBody)
		p.block(x, w, lineH, "C", b.name)
		x += w
	}
	p.f.SetXY(marginL, top+need+2)
}

// qrBlock draws a QR code of url at x (the left margin, or further
// right) with a caption in the w millimetres to its right: the lines,
// then the URL itself as a link. It starts at y and returns the y below
// it.
func (p *page) qrBlock(x, y, w float64, url string, lines ...string) float64 {
	const side, gap = 26.0, 4.0
	if err := p.qrDraw(x, y, side, url); err != nil {
		p.f.SetError(err)
		return y
	}
	tx := x + side + gap
	p.f.SetLeftMargin(tx)
	p.f.SetRightMargin(pageW - (x + w))
	p.f.SetXY(tx, y+1)
	p.font("", sizeTable)
	for _, l := range lines {
		p.f.Write(tableLH, p.clean(l))
		p.f.Ln(tableLH)
	}
	p.f.WriteLinkString(tableLH, p.clean(url), url)
	p.f.Ln(tableLH)
	bottom := max(p.f.GetY(), y+side) + 2
	p.f.SetLeftMargin(marginL)
	p.f.SetRightMargin(marginR)
	p.f.SetXY(marginL, bottom)
	p.font("", sizeBody)
	return bottom
}

// pageNumbers writes "Trang i/n" at the foot of every page of a document
// that runs to more than one page.
func (p *page) pageNumbers() {
	n := p.f.PageCount()
	if n < 2 {
		return
	}
	p.f.SetAutoPageBreak(false, 0)
	p.font("", sizeSmall)
	for i := 1; i <= n; i++ {
		p.f.SetPage(i)
		p.f.SetXY(marginL, pageH-marginB+6)
		p.f.CellFormat(textW, 4, "Trang "+strconv.Itoa(i)+"/"+strconv.Itoa(n), "", 0, "C", false, 0, "")
	}
}

// dateLine is the place and date line of Decree 30/2020/NĐ-CP: "Thái
// Nguyên, ngày 05 tháng 3 năm 2026". A day below 10 and the months 1 and 2
// take a leading zero; the other months do not.
func dateLine(place string, t time.Time) string {
	t = t.In(i18n.Zone)
	m := strconv.Itoa(int(t.Month()))
	if t.Month() <= time.February {
		m = "0" + m
	}
	return fmt.Sprintf("%s, ngày %02d tháng %s năm %d", place, t.Day(), m, t.Year())
}

// dateTime is "hh:mm dd/mm/yyyy" in Vietnam time, as everywhere in MotCua.
func dateTime(t time.Time) string { return i18n.Printer{}.DateTime(t) }

// date is "dd/mm/yyyy" in Vietnam time.
func date(t time.Time) string { return i18n.Printer{}.Date(t) }
