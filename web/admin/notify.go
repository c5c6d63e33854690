package admin

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/i18n"
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
		Template(ctx context.Context, event string, ch notify.Channel, lang i18n.Lang) (notify.Template, error)
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
		have[t.Event+"/"+string(t.Channel)+"/"+string(t.LangOf())] = t
	}
	head := []ui.Column{{Label: p.T("admin.notify.col.event")}, {Label: p.T("admin.notify.col.channel")}}
	for _, l := range i18n.Langs {
		head = append(head, ui.Column{Label: p.T("lang." + string(l))})
	}
	table := ui.TableProps{Caption: p.T("admin.notify.title"), CaptionHidden: true,
		Head: append(head, ui.Column{Label: p.T("admin.notify.col.updated")})}
	for _, ev := range notify.Events {
		for _, ch := range notify.Channels {
			row := []ui.Cell{{Text: p.T("notify.event." + ev), RowHeader: true},
				ui.TextCell(p.T("notify.channel." + string(ch)))}
			var updated time.Time
			for _, l := range i18n.Langs {
				t, ok := have[ev+"/"+string(ch)+"/"+string(l)]
				text := p.T("admin.notify.none")
				if l != i18n.VI {
					text = p.T("admin.notify.none_lang")
				}
				if ok {
					text = cmp.Or(t.Subject, t.Body)
					if t.UpdatedAt.After(updated) {
						updated = t.UpdatedAt
					}
				}
				row = append(row, ui.CompCell(ui.Link(route.AdminTemplateIn(ev, string(ch), string(l)), text)))
			}
			when := ""
			if !updated.IsZero() {
				when = p.DateTime(updated)
			}
			table.Rows = append(table.Rows, append(row, ui.TextCell(when)))
		}
	}
	return webctx.Render(c, http.StatusOK, adminview.Templates(adminview.TemplatesProps{
		Page: r.Page(c, p.T("admin.notify.title"), layout.AreaAdmin), P: p, Table: table}))
}

// templateKey reads which template a page is about: the event and channel
// from the path, the language from the query (Vietnamese without one).
func templateKey(c echo.Context) (notify.Template, bool) {
	t := notify.Template{Event: c.Param("event"), Channel: notify.Channel(c.Param("channel")), Lang: i18n.VI}
	if q := c.QueryParam(route.QueryLang); q != "" {
		l, ok := i18n.ParseLang(q)
		if !ok {
			return t, false
		}
		t.Lang = l
	}
	return t, slices.Contains(notify.Events, t.Event) && slices.Contains(notify.Channels, t.Channel)
}

// Template shows the editor of one template.
func (h *NotifyHandler) Template(c echo.Context) error {
	key, ok := templateKey(c)
	if !ok {
		return echo.ErrNotFound
	}
	t, err := h.Notify.Template(c.Request().Context(), key.Event, key.Channel, key.Lang)
	missing := errors.Is(err, notify.ErrNotFound)
	if err != nil && !missing {
		return err
	}
	return h.render(c, http.StatusOK, key, map[string]string{"subject": t.Subject, "body": t.Body}, nil, false, missing)
}

func (h *NotifyHandler) render(c echo.Context, status int, key notify.Template, values map[string]string,
	errs valid.Errors, preview, missing bool) error {
	r := webctx.Get(c)
	p := r.P
	ev, ch := key.Event, key.Channel
	props := adminview.TemplateProps{Page: r.Page(c, p.T("notify.event."+ev), layout.AreaAdmin, ui.Crumb{Label: p.T("admin.notify.title"),
		Href: route.AdminTemplates()}), P: p, Form: form.New(p, values, errs),
		Action: route.AdminTemplateIn(ev, string(ch), string(key.Lang)), Event: p.T("notify.event." + ev),
		Channel: p.T("notify.channel." + string(ch)), Lang: p.T("lang." + string(key.Lang)), HasSubject: ch != notify.SMS,
		Placeholders: notify.Placeholders, Back: route.AdminTemplates()}
	if missing && key.Lang != i18n.VI {
		props.Missing = p.T("admin.notify.missing_lang")
	}
	if preview && len(errs) == 0 {
		props.Preview = &adminview.TemplatePreview{Subject: notify.Render(values["subject"], notify.Sample),
			Lines: strings.Split(notify.Render(values["body"], notify.Sample), "\n")}
	}
	return webctx.Render(c, status, adminview.TemplateEdit(props))
}

// Save checks and saves a template, or previews it.
func (h *NotifyHandler) Save(c echo.Context) error {
	r := webctx.Get(c)
	t, ok := templateKey(c)
	if !ok {
		return echo.ErrNotFound
	}
	t.Subject, t.Body = c.FormValue("subject"), c.FormValue("body")
	values := map[string]string{"subject": t.Subject, "body": t.Body}
	if c.FormValue("_action") == "preview" {
		errs := t.Check()
		status := http.StatusOK
		if len(errs) > 0 {
			status = http.StatusUnprocessableEntity
		}
		return h.render(c, status, t, values, errs, true, false)
	}
	err := h.Notify.SaveTemplate(c.Request().Context(), r.User.ID, t)
	var errs valid.Errors
	if errors.As(err, &errs) {
		return h.render(c, http.StatusUnprocessableEntity, t, values, errs, false, false)
	}
	if err != nil {
		return err
	}
	r.SetFlash(webctx.FlashSuccess, "admin.notify.saved")
	return webctx.Redirect(c, route.AdminTemplateIn(t.Event, string(t.Channel), string(t.Lang)))
}
