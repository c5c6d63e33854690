package eformview

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/a-h/templ"

	"github.com/motcua/motcua/internal/eform"
	"github.com/motcua/motcua/internal/i18n"
)

// summary is a "check your answers" list being rendered.
type summary struct {
	SummaryProps
	pages []eform.SummaryPage
}

func newSummary(p SummaryProps) summary {
	return summary{SummaryProps: p, pages: p.Form.Summary(p.Answers, p.Places)}
}

func (s summary) heading() string {
	if s.HeadingLevel == 3 {
		return "h3"
	}
	return "h2"
}

// answered reports whether the row holds an answer.
func answered(r eform.Row) bool {
	v := r.Answer
	return v.Text != "" || len(v.List) > 0 || len(v.Items) > 0 || (v.Address != nil && *v.Address != eform.Address{})
}

// anchor is the id of the input an answer's change link goes to: the
// first part of an address, else the path itself.
func anchor(r eform.Row) string {
	if r.Kind == eform.KindAddress {
		return r.Path + ".province"
	}
	return r.Path
}

func (s summary) changeHref(page string, r eform.Row) templ.SafeURL {
	return s.ChangeHref(page, r.Path) + templ.SafeURL("#"+anchor(r))
}

func (s summary) changeLabel(r eform.Row) string {
	if answered(r) {
		return s.P.T("eformview.summary.change")
	}
	return s.P.T("eformview.summary.answer")
}

// changeContext completes the link text for screen readers: "Thay đổi
// họ và tên (Người thứ 2)".
func changeContext(r eform.Row, item string) string {
	c := lowerFirst(r.Label)
	if item != "" {
		c += " (" + item + ")"
	}
	return c
}

// text is a one-string answer as the reader expects it.
func (s summary) text(r eform.Row) string {
	return summaryText(s.P, r.Kind, r.Text)
}

func summaryText(p i18n.Printer, k eform.Kind, t string) string {
	switch k {
	case eform.KindDate:
		if d, err := time.ParseInLocation(time.DateOnly, t, i18n.Zone); err == nil {
			return p.Date(d)
		}
	case eform.KindMoney:
		if n, err := strconv.ParseInt(t, 10, 64); err == nil {
			return p.Money(n)
		}
	case eform.KindNumber:
		return displayText(p, k, t)
	case eform.KindYesNo:
		switch t {
		case "yes":
			return p.T("eformview.yes")
		case "no":
			return p.T("eformview.no")
		}
	}
	return t
}

// addressText writes an address "street, commune, province", with the
// code of a place whose name is not known.
func addressText(a *eform.SummaryAddress) string {
	if a == nil {
		return ""
	}
	var parts []string
	for _, s := range []string{a.Street, placeName(a.Commune.Name, a.Commune.Code), placeName(a.Province.Name, a.Province.Code)} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

func placeName(name, code string) string {
	if name != "" {
		return name
	}
	return code
}

// fileNames names a file slot's attachments.
func (s summary) fileNames(r eform.Row) []string {
	var out []string
	slot := s.Files[r.Path]
	for _, id := range r.List {
		name := id
		for _, f := range slot {
			if f.ID == id {
				name = f.Name
				break
			}
		}
		out = append(out, name)
	}
	return out
}

// list is a list answer: option labels or file names.
func (s summary) list(r eform.Row) []string {
	if r.Kind == eform.KindFile {
		return s.fileNames(r)
	}
	return r.List
}

func answerClass(k eform.Kind) string {
	if k == eform.KindTextarea {
		return "eform-answer eform-multiline"
	}
	return "eform-answer"
}

// lowerFirst lower-cases the first letter of a label so that it reads
// inside a sentence, unless the first word is an acronym ("CCCD") or the
// label a name of several capitalised words ("Hà Nội"), as eform does for
// its messages.
func lowerFirst(s string) string {
	s = strings.TrimSpace(s)
	words := strings.Fields(s)
	if len(words) == 0 {
		return s
	}
	first := []rune(words[0])
	for _, r := range first[1:] {
		if unicode.IsUpper(r) {
			return s
		}
	}
	if len(words) > 1 {
		if r, _ := utf8.DecodeRuneInString(words[1]); unicode.IsUpper(r) {
			return s
		}
	}
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[size:]
}

// tag is the class and message of a task status.
func (p TaskListProps) tag(s TaskStatus) (class, label string) {
	switch s {
	case TaskInProgress:
		return "tag tag-progress", p.P.T("eformview.task.in_progress")
	case TaskDone:
		return "tag tag-done", p.P.T("eformview.task.done")
	case TaskError:
		return "tag tag-error", p.P.T("eformview.task.error")
	}
	return "tag tag-todo", p.P.T("eformview.task.not_started")
}

func (p TaskListProps) heading() string {
	if p.HeadingLevel == 3 {
		return "h3"
	}
	return "h2"
}

func taskID(s, i int) string { return "task-" + strconv.Itoa(s+1) + "-" + strconv.Itoa(i+1) }

func (t Task) describedBy(id string) string {
	if t.Hint != "" {
		return id + "-hint " + id + "-status"
	}
	return id + "-status"
}
