package ui

import (
	"strconv"
	"strings"

	"github.com/a-h/templ"
)

// ButtonVariant selects a button's look.
type ButtonVariant string

// Button variants. The zero value is ButtonPrimary.
const (
	ButtonPrimary   ButtonVariant = "primary"
	ButtonSecondary ButtonVariant = "secondary"
	ButtonWarning   ButtonVariant = "warning" // destructive or irreversible actions
	ButtonLink      ButtonVariant = "link"    // a button that looks like a link (e.g. logout)
)

// ButtonProps describes a <button>, or an <a> styled as a button when Href
// is set (navigation must be a link, never a button).
type ButtonProps struct {
	Label   string
	Variant ButtonVariant
	// Type is "submit" (default) or "button"; ignored for links.
	Type string
	// Href turns the button into a link.
	Href templ.SafeURL
	// Name and Value are sent with the form when this button submits it,
	// e.g. Name "action", Value "save-draft" for "save and come back later".
	Name  string
	Value string
	// FormAction overrides the form's action for this button.
	FormAction templ.SafeURL
	// Confirm, when set, is asked by app.js before the click goes through.
	// Without JavaScript the action simply happens, so never rely on it.
	Confirm  string
	Disabled bool
	ID       string
	// Block makes the button full width on small screens.
	Block bool
}

func (p ButtonProps) class() string {
	c := "btn"
	switch p.Variant {
	case ButtonSecondary:
		c += " btn-secondary"
	case ButtonWarning:
		c += " btn-warning"
	case ButtonLink:
		c = "btn-link"
	}
	if p.Block && p.Variant != ButtonLink {
		c += " btn-block"
	}
	return c
}

func (p ButtonProps) buttonType() string {
	if p.Type == "button" {
		return "button"
	}
	return "submit"
}

// FieldProps describes a labelled text-like input (or a textarea when Type is
// "textarea") with an optional hint and error message.
type FieldProps struct {
	// ID of the control; defaults to Name. Error summaries link to it.
	ID    string
	Name  string
	Label string
	Hint  string
	// Error is the message shown when the value was rejected.
	Error string
	// ErrorPrefix is the visually hidden word read before the error, e.g. "Lỗi:".
	ErrorPrefix string
	// Type is text (default), email, tel, password, number, date, search,
	// url or textarea.
	Type         string
	Value        string
	Required     bool
	Autocomplete string
	InputMode    string
	MaxLength    int
	// Rows is the textarea height (default 5); ignored for other types.
	Rows int
	// Short narrows the input for short answers (postcodes, years).
	Short bool
	// Spellcheck false disables spell-checking (names, ID numbers).
	NoSpellcheck bool
	// Placeholder is shown greyed in the empty control: what leaving it
	// empty gives (never instead of a label or a hint).
	Placeholder string
}

func (p FieldProps) id() string {
	if p.ID != "" {
		return p.ID
	}
	return p.Name
}

func (p FieldProps) inputType() string {
	switch p.Type {
	case "email", "tel", "password", "number", "date", "search", "url":
		return p.Type
	}
	return "text"
}

func (p FieldProps) rows() string {
	if p.Rows > 0 {
		return strconv.Itoa(p.Rows)
	}
	return "5"
}

func (p FieldProps) inputClass() string {
	if p.Short {
		return "input input-short"
	}
	return "input"
}

// SelectProps describes a labelled <select>.
type SelectProps struct {
	ID          string // defaults to Name
	Name        string
	Label       string
	Hint        string
	Error       string
	ErrorPrefix string
	Options     []Option
	// Selected is the Value of the chosen option.
	Selected string
	// Placeholder, when set, is an empty first option such as "— Chọn —".
	Placeholder  string
	Required     bool
	Autocomplete string
}

// Option is one entry of a Select.
type Option struct {
	Value string
	Label string
}

func (p SelectProps) id() string {
	if p.ID != "" {
		return p.ID
	}
	return p.Name
}

// Fragment ids used by fields; tests and error summaries rely on them.
func hintID(id string) string  { return id + "-hint" }
func errorID(id string) string { return id + "-error" }

// describedBy joins the ids of the hint and error that exist.
func describedBy(id, hint, errMsg string) string {
	var ids []string
	if hint != "" {
		ids = append(ids, hintID(id))
	}
	if errMsg != "" {
		ids = append(ids, errorID(id))
	}
	return strings.Join(ids, " ")
}

func fieldClass(errMsg string) string {
	if errMsg != "" {
		return "field field-error-state"
	}
	return "field"
}

// FieldError is one problem listed in an ErrorSummary.
type FieldError struct {
	FieldID string // id of the control to jump to
	Message string
	// Href, when set, links elsewhere instead (the problem is fixed on
	// another page, e.g. a missing answer listed before submitting).
	Href templ.SafeURL
}

func (e FieldError) href() templ.SafeURL {
	if e.Href != "" {
		return e.Href
	}
	return templ.SafeURL("#" + e.FieldID)
}

// ErrorSummaryProps lists every problem on the page, shown above the form.
type ErrorSummaryProps struct {
	Title  string // e.g. "Có lỗi cần sửa"
	Errors []FieldError
}

// Cell is one table cell: Text, or Content when it needs markup (a link, a
// badge). Content wins when both are set.
type Cell struct {
	Text    string
	Content templ.Component
	// Numeric right-aligns figures so columns line up.
	Numeric bool
	// RowHeader renders <th scope="row">, used for the cell naming the row.
	RowHeader bool
}

// TextCell is a plain-text cell.
func TextCell(s string) Cell { return Cell{Text: s} }

// NumCell is a right-aligned numeric cell.
func NumCell(n int) Cell { return Cell{Text: strconv.Itoa(n), Numeric: true} }

// CompCell is a cell holding a component (a link, a badge).
func CompCell(c templ.Component) Cell { return Cell{Content: c} }

// Column is one table header.
type Column struct {
	Label   string
	Numeric bool
}

// TableProps describes a data table inside a horizontally scrolling,
// keyboard-focusable wrapper, so wide tables work on a small phone.
type TableProps struct {
	Caption string
	// CaptionHidden keeps the caption for screen readers only, when a
	// heading right above already says the same.
	CaptionHidden bool
	Head          []Column
	Rows          [][]Cell
	// Empty is shown in place of the table when there are no rows.
	Empty string
	// Stacked shows each row as a card on a narrow screen, every cell under
	// its column's name, instead of a table scrolling sideways (a work
	// queue whose status and due dates must stay in sight).
	Stacked bool
}

// cellAttrs gives a stacked table's cell in column i the column's name,
// printed beside it on a phone.
func (p TableProps) cellAttrs(i int) templ.Attributes {
	if !p.Stacked || i >= len(p.Head) {
		return nil
	}
	return templ.Attributes{"data-label": p.Head[i].Label}
}

// PaginationProps describes page links for a list of Pages pages.
// Nothing is rendered when there is only one page.
type PaginationProps struct {
	Page  int // current page, 1-based
	Pages int // total pages
	URL   func(page int) templ.SafeURL
	// Label names the navigation landmark, e.g. "Phân trang".
	Label    string
	Previous string // "Trang trước"
	Next     string // "Trang sau"
	// PageLabel, when set, gives each number an accessible name such as
	// "Trang 3".
	PageLabel func(page int) string
}

// pageItem is one slot in the pagination list: a page number or a gap (0).
type pageItem int

// window returns the page numbers to show: first, last, and the current
// page with one neighbour on each side; 0 marks an elided gap.
func (p PaginationProps) window() []pageItem {
	var out []pageItem
	last := 0
	for n := 1; n <= p.Pages; n++ {
		if n == 1 || n == p.Pages || (n >= p.Page-1 && n <= p.Page+1) {
			if last != 0 && n-last == 2 {
				out = append(out, pageItem(last+1)) // a gap of one page: show it
			} else if last != 0 && n-last > 2 {
				out = append(out, 0)
			}
			out = append(out, pageItem(n))
			last = n
		}
	}
	return out
}

func (p PaginationProps) pageLabel(n int) string {
	if p.PageLabel == nil {
		return ""
	}
	return p.PageLabel(n)
}

// AlertKind selects an alert's colour and ARIA role.
type AlertKind string

// Alert kinds. Errors and warnings interrupt screen readers (role=alert);
// info and success are polite (role=status).
const (
	AlertInfo    AlertKind = "info"
	AlertSuccess AlertKind = "success"
	AlertWarning AlertKind = "warning"
	AlertError   AlertKind = "error"
)

// AlertProps describes a message box. Children, if any, render after Body.
type AlertProps struct {
	Kind  AlertKind
	Title string
	Body  string
}

func (p AlertProps) kind() AlertKind {
	switch p.Kind {
	case AlertSuccess, AlertWarning, AlertError:
		return p.Kind
	}
	return AlertInfo
}

func (p AlertProps) role() string {
	switch p.kind() {
	case AlertWarning, AlertError:
		return "alert"
	}
	return "status"
}

// StatusBadgeProps shows a dossier status. Code 1-10 picks the colour (see
// app.css); anything else is neutral grey. The label carries the meaning,
// colour only helps scanning.
type StatusBadgeProps struct {
	Code  int
	Label string
}

func (p StatusBadgeProps) class() string {
	if p.Code >= 1 && p.Code <= 10 {
		return "badge badge-s" + strconv.Itoa(p.Code)
	}
	return "badge"
}

// Crumb is one breadcrumb step. The last crumb is the current page.
type Crumb struct {
	Label string
	Href  templ.SafeURL
}

// BreadcrumbProps describes the trail from the home page to this one.
type BreadcrumbProps struct {
	// Label names the navigation landmark, e.g. "Đường dẫn".
	Label string
	Items []Crumb
}

// CardProps describes one dashboard card: a title (a link when Href is set),
// an optional big figure, and a short description.
type CardProps struct {
	Title string
	Href  templ.SafeURL
	Value string
	Body  string
	// HeadingLevel is 2 (default) or 3.
	HeadingLevel int
}

// SummaryRow is one answer on a "check your answers" page.
type SummaryRow struct {
	Key   string
	Value string
	// ChangeHref links back to the question; ChangeLabel is e.g. "Thay đổi"
	// and ChangeHidden completes it for screen readers ("họ và tên").
	ChangeHref   templ.SafeURL
	ChangeLabel  string
	ChangeHidden string
}

// SummaryListProps describes a list of answers to check before submitting.
type SummaryListProps struct {
	Rows []SummaryRow
}

// PanelProps is the confirmation panel shown after a successful submission,
// with the dossier reference number.
type PanelProps struct {
	Title     string // "Đã nộp hồ sơ"
	Body      string // "Mã hồ sơ của bạn là"
	Reference string // "000.00.01.H01-250101-0001"
}

// controlAttrs holds the attributes shared by inputs and textareas.
func (p FieldProps) controlAttrs() templ.Attributes {
	a := templ.Attributes{}
	if d := describedBy(p.id(), p.Hint, p.Error); d != "" {
		a["aria-describedby"] = d
	}
	if p.Error != "" {
		a["aria-invalid"] = "true"
	}
	if p.Required {
		a["required"] = true
	}
	if p.Autocomplete != "" {
		a["autocomplete"] = p.Autocomplete
	}
	if p.InputMode != "" {
		a["inputmode"] = p.InputMode
	}
	if p.MaxLength > 0 {
		a["maxlength"] = strconv.Itoa(p.MaxLength)
	}
	if p.NoSpellcheck {
		a["spellcheck"] = "false"
	}
	if p.Placeholder != "" {
		a["placeholder"] = p.Placeholder
	}
	return a
}
