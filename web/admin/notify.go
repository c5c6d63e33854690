package admin

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/templates/adminview"
	"github.com/motcua/motcua/templates/form"
	"github.com/motcua/motcua/templates/layout"
	"github.com/motcua/motcua/templates/ui"
	"github.com/motcua/motcua/web/route"
	"github.com/motcua/motcua/web/webctx"
)

// NotifyHandler lets administrators word the notifications.
type NotifyHandler struct {
	Notify interface {
		Templates(ctx context.Context) ([]notify.Template, error)
		Template(ctx context.Context, event string, ch notify.Channel) (notify.Template, error)
		SaveTemplate(ctx context.Context, actor int64, t notify.Template) error
	}
}

// Templates lists every event and channel with its subject.
func (h *NotifyHandler) Templates(c echo.Context) error {
	r := webctx.Get(c)
	p := r.P
	list, err := h.Notify.Templates(c.Request().Context())
	if err != nil {
		return err
	}
	have := map[string]notify.Template{}
	for _, t := range list {
		have[t.Event+"/"+string(t.Channel)] = t
	}
	table := ui.TableProps{Caption: p.T("admin.notify.title"), CaptionHidden: true,
		Head: []ui.Column{{Label: p.T("admin.notify.col.event")}, {Label: p.T("admin.notify.col.channel")},
			{Label: p.T("admin.notify.col.text")}, {Label: p.T("admin.notify.col.updated")}}}
	for _, ev := range notify.Events {
		for _, ch := range notify.Channels {
			t, ok := have[ev+"/"+string(ch)]
			text, updated := p.T("admin.notify.none"), ""
			if ok {
				text = t.Subject
				if text == "" {
					text = t.Body
				}
				if !t.UpdatedAt.IsZero() {
					updated = p.DateTime(t.UpdatedAt)
				}
			}
			table.Rows = append(table.Rows, []ui.Cell{{Content: ui.Link(route.AdminTemplate(ev, string(ch)), p.T("notify.event."+ev)),
				RowHeader: true}, ui.TextCell(p.T("notify.channel." + string(ch))), ui.TextCell(text), ui.TextCell(updated)})
		}
	}
	return webctx.Render(c, http.StatusOK, adminview.Templates(adminview.TemplatesProps{
		Page: r.Page(c, p.T("admin.notify.title"), layout.AreaAdmin), P: p, Table: table}))
}

func eventChannel(c echo.Context) (string, notify.Channel, bool) {
	ev, ch := c.Param("event"), notify.Channel(c.Param("channel"))
	return ev, ch, slices.Contains(notify.Events, ev) && slices.Contains(notify.Channels, ch)
}

// Template shows the editor of one template.
func (h *NotifyHandler) Template(c echo.Context) error {
	ev, ch, ok := eventChannel(c)
	if !ok {
		return echo.ErrNotFound
	}
	t, err := h.Notify.Template(c.Request().Context(), ev, ch)
	if err != nil && !errors.Is(err, notify.ErrNotFound) {
		return err
	}
	return h.render(c, http.StatusOK, ev, ch, map[string]string{"subject": t.Subject, "body": t.Body}, nil, false)
}

func (h *NotifyHandler) render(c echo.Context, status int, ev string, ch notify.Channel, values map[string]string,
	errs valid.Errors, preview bool) error {
	r := webctx.Get(c)
	p := r.P
	props := adminview.TemplateProps{Page: r.Page(c, p.T("notify.event."+ev), layout.AreaAdmin, ui.Crumb{Label: p.T("admin.notify.title"),
		Href: route.AdminTemplates()}), P: p, Form: form.New(p, values, errs), Action: route.AdminTemplate(ev, string(ch)),
		Event: p.T("notify.event." + ev), Channel: p.T("notify.channel." + string(ch)), HasSubject: ch != notify.SMS,
		Placeholders: notify.Placeholders, Back: route.AdminTemplates()}
	if preview && len(errs) == 0 {
		props.Preview = &adminview.TemplatePreview{Subject: notify.Render(values["subject"], notify.Sample),
			Lines: strings.Split(notify.Render(values["body"], notify.Sample), "\n")}
	}
	return webctx.Render(c, status, adminview.TemplateEdit(props))
}

// Save checks and saves a template, or previews it.
func (h *NotifyHandler) Save(c echo.Context) error {
	r := webctx.Get(c)
	ev, ch, ok := eventChannel(c)
	if !ok {
		return echo.ErrNotFound
	}
	t := notify.Template{Event: ev, Channel: ch, Subject: c.FormValue("subject"), Body: c.FormValue("body")}
	values := map[string]string{"subject": t.Subject, "body": t.Body}
	if c.FormValue("_action") == "preview" {
		errs := t.Check()
		status := http.StatusOK
		if len(errs) > 0 {
			status = http.StatusUnprocessableEntity
		}
		return h.render(c, status, ev, ch, values, errs, true)
	}
	err := h.Notify.SaveTemplate(c.Request().Context(), r.User.ID, t)
	var errs valid.Errors
	if errors.As(err, &errs) {
		return h.render(c, http.StatusUnprocessableEntity, ev, ch, values, errs, false)
	}
	if err != nil {
		return err
	}
	r.SetFlash(webctx.FlashSuccess, "admin.notify.saved")
	return webctx.Redirect(c, route.AdminTemplate(ev, string(ch)))
}
