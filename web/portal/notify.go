package portal

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/templates/form"
	"github.com/motcua/motcua/templates/layout"
	"github.com/motcua/motcua/templates/portalview"
	"github.com/motcua/motcua/templates/ui"
	"github.com/motcua/motcua/web/route"
	"github.com/motcua/motcua/web/webctx"
)

// NotifyHandler serves the in-app inbox and the choice of channels.
type NotifyHandler struct {
	Notify interface {
		Inbox(ctx context.Context, userID int64, page, perPage int) ([]notify.Delivery, int, error)
		Message(ctx context.Context, userID, id int64) (notify.Delivery, error)
		MarkRead(ctx context.Context, userID, id int64) error
		MarkAllRead(ctx context.Context, userID int64) error
		Prefs(ctx context.Context, userID int64) (notify.Prefs, error)
		SavePrefs(ctx context.Context, userID int64, p notify.Prefs) error
	}
	// DossierCode names the dossier a message is about, for its link.
	DossierCode func(ctx context.Context, dossierID int64) (string, error)
}

const inboxPerPage = 20

// Inbox lists the user's messages, newest first.
func (h *NotifyHandler) Inbox(c echo.Context) error {
	r := webctx.Get(c)
	p := r.P
	page, _ := strconv.Atoi(c.QueryParam(route.QueryPage))
	page = max(page, 1)
	list, total, err := h.Notify.Inbox(c.Request().Context(), r.User.ID, page, inboxPerPage)
	if err != nil {
		return err
	}
	props := portalview.InboxProps{Page: r.Page(c, p.T("inbox.title"), layout.AreaPublic), P: p, Unread: r.Unread,
		ReadAll: route.InboxReadAll(), Prefs: route.NotifyPrefs()}
	for _, d := range list {
		props.Items = append(props.Items, portalview.InboxItem{Href: route.InboxMessage(d.ID), Subject: d.Subject,
			When: p.DateTime(d.CreatedAt), Unread: d.ReadAt.IsZero()})
	}
	props.Pagination = ui.PaginationProps{Page: page, Pages: (total + inboxPerPage - 1) / inboxPerPage,
		URL: route.Inbox, Label: p.T("ui.pagination"), Previous: p.T("ui.previous"), Next: p.T("ui.next"),
		PageLabel: func(n int) string { return p.T("ui.page_n", n) }}
	return webctx.Render(c, http.StatusOK, portalview.Inbox(props))
}

// Message shows one message and marks it read.
func (h *NotifyHandler) Message(c echo.Context) error {
	r := webctx.Get(c)
	p := r.P
	ctx := c.Request().Context()
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return echo.ErrNotFound
	}
	msg, err := h.Notify.Message(ctx, r.User.ID, id)
	if errors.Is(err, notify.ErrNotFound) {
		return echo.ErrNotFound
	}
	if err != nil {
		return err
	}
	if msg.ReadAt.IsZero() {
		if err := h.Notify.MarkRead(ctx, r.User.ID, id); err != nil {
			return err
		}
		r.Unread = max(r.Unread-1, 0) // the header's count, already read for this page
	}
	props := portalview.MessageProps{Page: r.Page(c, msg.Subject, layout.AreaPublic), P: p, Subject: msg.Subject,
		When: p.DateTime(msg.CreatedAt), Lines: strings.Split(msg.Body, "\n"), Back: route.Inbox(1)}
	if h.DossierCode != nil {
		if code, err := h.DossierCode(ctx, msg.DossierID); err == nil {
			props.DossierURL = route.Dossier(code)
		}
	}
	return webctx.Render(c, http.StatusOK, portalview.Message(props))
}

// ReadAll marks every message read.
func (h *NotifyHandler) ReadAll(c echo.Context) error {
	r := webctx.Get(c)
	if err := h.Notify.MarkAllRead(c.Request().Context(), r.User.ID); err != nil {
		return err
	}
	r.SetFlash(webctx.FlashSuccess, "inbox.all_read")
	return webctx.Redirect(c, route.Inbox(1))
}

// Prefs shows the user's choice of channels.
func (h *NotifyHandler) Prefs(c echo.Context) error {
	r := webctx.Get(c)
	pr, err := h.Notify.Prefs(c.Request().Context(), r.User.ID)
	if err != nil {
		return err
	}
	return h.renderPrefs(c, pr)
}

func (h *NotifyHandler) renderPrefs(c echo.Context, pr notify.Prefs) error {
	r := webctx.Get(c)
	p := r.P
	props := portalview.PrefsProps{Page: r.Page(c, p.T("prefs.title"), layout.AreaPublic), P: p, Form: form.New(p, nil, nil),
		Action: route.NotifyPrefs(), Email: pr.Email, SMS: pr.SMS, Mail: r.User.Email, Phone: r.User.Phone}
	return webctx.Render(c, http.StatusOK, portalview.Prefs(props))
}

// SavePrefs records the user's choice of channels.
func (h *NotifyHandler) SavePrefs(c echo.Context) error {
	r := webctx.Get(c)
	pr := notify.Prefs{Email: c.FormValue("email") == "1", SMS: c.FormValue("sms") == "1"}
	if err := h.Notify.SavePrefs(c.Request().Context(), r.User.ID, pr); err != nil {
		return err
	}
	r.SetFlash(webctx.FlashSuccess, "prefs.saved")
	return webctx.Redirect(c, route.NotifyPrefs())
}
