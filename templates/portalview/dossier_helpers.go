package portalview

import (
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/templates/ui"
)

// radioID is the id of option i of a radio group.
func radioID(name string, i int) string { return name + "-" + strconv.Itoa(i+1) }

// describedByIDs lists the ids of a group's hint and error.
func describedByIDs(name, hint, err string) string {
	var ids []string
	if hint != "" {
		ids = append(ids, name+"-hint")
	}
	if err != "" {
		ids = append(ids, name+"-error")
	}
	return strings.Join(ids, " ")
}

// short narrows a field for an identifier of at most n characters.
func short(f ui.FieldProps, n int) ui.FieldProps {
	f.InputMode = "numeric"
	f.MaxLength = n
	f.NoSpellcheck = true
	f.Short = true
	return f
}

// textarea turns a field into a textarea.
func textarea(f ui.FieldProps) ui.FieldProps {
	f.Type = "textarea"
	f.Rows = 3
	return f
}

// code is a field for a code typed from paper: no spell-check, no
// autocomplete.
func code(f ui.FieldProps) ui.FieldProps {
	f.NoSpellcheck = true
	f.Autocomplete = "off"
	return f
}

// ratingRows shows the rating given.
func ratingRows(p i18n.Printer, v RatingView) []ui.SummaryRow {
	rows := []ui.SummaryRow{{Key: p.T("rating.given"), Value: v.Given}}
	if v.Comment != "" {
		rows = append(rows, ui.SummaryRow{Key: p.T("rating.comment"), Value: v.Comment})
	}
	return append(rows, ui.SummaryRow{Key: p.T("rating.when"), Value: v.When})
}
