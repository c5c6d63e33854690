package admin

import (
	"context"
	"errors"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/templates/adminview"
	"github.com/motcua/motcua/templates/ui"
)

// userNames names the people in an audit trail, looking each up once.
type userNames struct {
	ctx   context.Context
	users UserNames
	p     i18n.Printer
	known map[int64]string
}

func newUserNames(ctx context.Context, users UserNames, p i18n.Printer) *userNames {
	return &userNames{ctx: ctx, users: users, p: p, known: map[int64]string{}}
}

// name is the user's full name; the system for 0, and "user N" for an
// account that no longer exists.
func (n *userNames) name(id int64) (string, error) {
	if id == 0 {
		return n.p.T("admin.catalog.system"), nil
	}
	if s, ok := n.known[id]; ok {
		return s, nil
	}
	u, err := n.users.Get(n.ctx, id)
	switch {
	case err == nil:
		n.known[id] = u.FullName
	case errors.Is(err, account.ErrNotFound):
		n.known[id] = n.p.T("admin.catalog.user_n", id)
	default:
		return "", err
	}
	return n.known[id], nil
}

// historyEntries labels an audit trail (oldest first) for the page, newest
// first: when, who, the action in words, and each changed field with its
// old and new value.
func historyEntries(p i18n.Printer, names *userNames, entries []audit.Entry,
	action, field func(string) string) ([]adminview.HistoryEntry, error) {
	out := make([]adminview.HistoryEntry, 0, len(entries))
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		by, err := names.name(e.ActorID)
		if err != nil {
			return nil, err
		}
		out = append(out, adminview.HistoryEntry{When: p.DateTime(e.At), Who: by, Action: action(e.Action),
			Changes: changesTable(p, e.Changes, field)})
	}
	return out, nil
}

// changesTable shows changed fields with their old and new values.
func changesTable(p i18n.Printer, changes []audit.Change, field func(string) string) ui.TableProps {
	t := ui.TableProps{Caption: p.T("admin.catalog.changes"), CaptionHidden: true,
		Head: []ui.Column{{Label: p.T("admin.catalog.col.field")}, {Label: p.T("admin.catalog.col.old")},
			{Label: p.T("admin.catalog.col.new")}}}
	for _, ch := range changes {
		t.Rows = append(t.Rows, []ui.Cell{{Text: field(ch.Field), RowHeader: true},
			ui.CompCell(adminview.Value(historyValue(p.T, ch.Field, ch.Old))),
			ui.CompCell(adminview.Value(historyValue(p.T, ch.Field, ch.New)))})
	}
	return t
}
