package eformview

import (
	"regexp"
	"strings"

	"github.com/a-h/templ"

	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/valid"
)

// PlaceLister lists the places an address is chosen from; *org.Places is
// one.
type PlaceLister interface {
	Provinces() []org.Place
	Communes(province string) []org.Place
}

// FileView is one file already uploaded to a file slot.
type FileView struct {
	ID   string // attachment id: posted back as the slot's value
	Name string
	Size string // "1,2 MB", formatted by the caller
	// Href downloads the file.
	Href templ.SafeURL
	// Digitised: the clerk scanned it from the paper original.
	Digitised bool
}

// ReuseOption is a document from an earlier dossier the applicant may
// reuse for a file slot instead of uploading it again.
type ReuseOption struct {
	ID    string
	Label string
}

// DocumentInfo is one row of the case's required documents (thành phần hồ
// sơ), which a file slot names by index (Field.Document).
type DocumentInfo struct {
	Name      string
	Originals int
	Copies    int
	Notes     string
}

// ActionRefresh is the "_action" value of the button beside an address's
// province: the caller saves the page and shows it again, now with the
// chosen province's communes.
const ActionRefresh = "refresh"

// ActionRemoveFile prefixes the "_action" value of a file's remove button:
// "remove-file:<file id>".
const ActionRemoveFile = "remove-file:"

// Prefixes of the names of a file slot's extra inputs, followed by the
// slot's id: the earlier document chosen for reuse, and the desk's
// "digitised from paper" box.
const (
	ReusePrefix     = "reuse."
	DigitisedPrefix = "digitised."
)

// FileAccept lists the file types a slot accepts, for the input's accept
// attribute; the upload handler checks the content itself.
const FileAccept = ".pdf,.jpg,.jpeg,.png,.doc,.docx,.xls,.xlsx"

// PageProps is one page of an e-form to render.
type PageProps struct {
	P    i18n.Printer
	Form eform.Form
	// PageID names the page to render; an unknown id renders nothing.
	PageID  string
	Answers eform.Answers
	// Errors are the page's errors as Form.Clean reports them; the paths
	// are the ids of the controls.
	Errors valid.Errors
	Places PlaceLister
	// CommunesURL, when set, returns the URL of the JSON list of a
	// province's communes ([{"code","name"}]), so app.js can fill the
	// commune list as soon as a province is chosen. Without it (or without
	// JavaScript) the applicant presses the refresh button.
	CommunesURL func(province string) templ.SafeURL
	// Files already uploaded, by file-slot field id.
	Files map[string][]FileView
	// Reuse offers earlier documents, by file-slot field id (optional).
	Reuse map[string][]ReuseOption
	// Prefilled maps the path of a prefilled answer to its Field.Source
	// ("population.full_name"), to say where the answer came from.
	Prefilled map[string]string
	// Documents are the case's document rows, for the file slots.
	Documents []DocumentInfo
	// ReadOnly renders every control disabled (administrators' preview).
	ReadOnly bool
	// Desk is the clerk's intake: uploads carry a "digitised from paper"
	// box, checked by default, and uploaded files say whether they are.
	Desk bool
}

// SummaryProps is the "check your answers" list of a whole form.
type SummaryProps struct {
	P    i18n.Printer
	Form eform.Form
	// Answers are the cleaned answers (Form.Clean).
	Answers eform.Answers
	// Places names the provinces and communes; nil shows the codes.
	Places eform.PlaceLookup
	// Files names the attachments of the file slots, by slot id.
	Files map[string][]FileView
	// ChangeHref returns the URL of the page that asks the answer at path;
	// the link goes to that URL plus "#" and the id of the answer's input.
	// Nil leaves out the change links (a read-only summary).
	ChangeHref func(pageID, path string) templ.SafeURL
	// HeadingLevel of the page titles: 2 (default) or 3.
	HeadingLevel int
}

// TaskStatus is how far the applicant has got with one task.
type TaskStatus string

// Task statuses.
const (
	TaskNotStarted TaskStatus = "not_started"
	TaskInProgress TaskStatus = "in_progress"
	TaskDone       TaskStatus = "done"
	TaskError      TaskStatus = "error"
)

// Task is one item of a task list: usually one page of the form.
type Task struct {
	Title string
	// Href opens the task; empty shows the title without a link (a task
	// that cannot be started yet).
	Href   templ.SafeURL
	Hint   string
	Status TaskStatus
}

// TaskSection is a titled part of a task list.
type TaskSection struct {
	Title string // may be empty when the list has one section
	Tasks []Task
}

// TaskListProps is a GOV.UK-style task list.
type TaskListProps struct {
	P        i18n.Printer
	Sections []TaskSection
	// HeadingLevel of the section titles: 2 (default) or 3.
	HeadingLevel int
}

// anchorSep separates a button's action from the id of the control the
// page shown again should open at ("add:con#con.2.ten").
const anchorSep = "#"

// SplitAction reads a posted "_action" value into the action and the id
// of the control to land on ("" when none, or when it could not be an id
// of ours: it goes into a Location header).
func SplitAction(v string) (action, anchor string) {
	action, anchor, _ = strings.Cut(v, anchorSep)
	if !anchorRe.MatchString(anchor) {
		anchor = ""
	}
	return action, anchor
}

// anchorRe matches the ids the e-form pages give their controls.
var anchorRe = regexp.MustCompile(`^[a-z0-9_.-]{1,200}$`)
