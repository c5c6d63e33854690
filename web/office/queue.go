package office

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/templates/layout"
	"github.com/motcua/motcua/templates/officeview"
	"github.com/motcua/motcua/templates/ui"
	"github.com/motcua/motcua/web/route"
	"github.com/motcua/motcua/web/webctx"
)

// QueueHandler serves the staff queues.
type QueueHandler struct {
	Dossiers interface {
		Queue(ctx context.Context, actor account.User, f dossier.QueueFilter) (dossier.QueuePage, error)
		ReceiveMany(ctx context.Context, actor account.User, codes []string) []dossier.BulkResult
		Find(ctx context.Context, actor account.User, q string) ([]dossier.Dossier, error)
	}
	Users interface {
		Get(ctx context.Context, id int64) (account.User, error)
	}
}

const queuePerPage = 50

func queryFrom(c echo.Context) route.QueueQuery {
	atoi := func(k string) int { n, _ := strconv.Atoi(c.QueryParam(k)); return max(n, 0) }
	return route.QueueQuery{Tab: c.QueryParam(route.QueueTab), Procedure: strings.TrimSpace(c.QueryParam(route.QueueProcedure)),
		Status: atoi(route.QueueStatus), Channel: atoi(route.QueueChannel), WithinHours: atoi(route.QueueWithin),
		Page: max(atoi(route.QueryPage), 1)}
}

// Queue shows the dossiers waiting at the staff member's unit for their
// role, most urgent first, with a count per tab.
func (h *QueueHandler) Queue(c echo.Context) error {
	r := webctx.Get(c)
	p := r.P
	ctx := c.Request().Context()
	me := *r.User
	q := queryFrom(c)
	tab := dossier.Tab(q.Tab)
	if tab == "" {
		tab = dossier.TabAll
	}
	page, err := h.Dossiers.Queue(ctx, me, dossier.QueueFilter{Tab: tab, Status: dossier.Status(q.Status),
		Procedure: q.Procedure, Channel: dossier.Channel(q.Channel), WithinHours: float64(q.WithinHours), Page: q.Page,
		PerPage: queuePerPage})
	if err != nil {
		return err
	}
	props := officeview.QueueProps{Page: r.Page(c, p.T("queue.title"), layout.AreaOffice), P: p,
		RoleLabel: p.T(me.Role.LabelKey()), Filter: route.PathQueue, Tab: q.Tab, Procedure: q.Procedure}
	if r.Unit != nil {
		props.UnitName = r.Unit.Name
	}
	if q.Status > 0 {
		props.Status = strconv.Itoa(q.Status)
	}
	if q.Channel > 0 {
		props.Channel = strconv.Itoa(q.Channel)
	}
	if q.WithinHours > 0 {
		props.Within = strconv.Itoa(q.WithinHours)
	}
	for _, t := range dossier.Tabs {
		tq := q
		tq.Tab, tq.Page = string(t), 1
		props.Tabs = append(props.Tabs, officeview.QueueTab{Label: p.T("queue.tab." + string(t)), Count: page.Counts[t],
			Href: route.Queue(tq), Current: t == tab})
	}
	for _, s := range dossier.Statuses {
		props.Statuses = append(props.Statuses, ui.Option{Value: strconv.Itoa(int(s)), Label: p.T(s.LabelKey())})
	}
	for _, ch := range []dossier.Channel{dossier.ChannelDirect, dossier.ChannelOnline, dossier.ChannelPostal} {
		props.Channels = append(props.Channels, ui.Option{Value: strconv.Itoa(int(ch)), Label: p.T(ch.LabelKey())})
	}
	bulk := me.Role == account.RoleClerk
	props.Table = ui.TableProps{Caption: p.T("queue.title"), CaptionHidden: true, Empty: p.T("queue.empty"),
		Head: []ui.Column{{Label: p.T("queue.col.code")}, {Label: p.T("queue.col.procedure")}, {Label: p.T("queue.col.applicant")},
			{Label: p.T("queue.col.status")}, {Label: p.T("queue.col.step_due")}, {Label: p.T("queue.col.due")}}}
	if bulk {
		props.Table.Head = append([]ui.Column{{Label: p.T("queue.col.pick")}}, props.Table.Head...)
	}
	names := map[int64]string{}
	now := page.Now
	for _, d := range page.Items {
		stepDue := h.dueCell(p, d.StepDueAt, now, page.Soon)
		if d.ClaimedBy != 0 {
			if _, ok := names[d.ClaimedBy]; !ok {
				if u, err := h.Users.Get(ctx, d.ClaimedBy); err == nil {
					names[d.ClaimedBy] = u.FullName
				}
			}
			stepDue = ui.CompCell(templ.Join(stepCellContent(p, d.StepDueAt, now, page.Soon),
				officeview.Flag(p.T("queue.taken_by", names[d.ClaimedBy]), "taken")))
		}
		if w := page.Waits[d.ID]; w.Waiting() {
			stepDue = ui.CompCell(templ.Join(stepCellContent(p, d.StepDueAt, now, page.Soon),
				officeview.Flag(waitFlag(p, w), "wait")))
		}
		overall := ui.TextCell(p.T("queue.no_due"))
		if !d.DueAt.IsZero() {
			overall = h.dueCell(p, d.DueAt, now, page.Soon)
		}
		row := []ui.Cell{{Content: ui.Link(route.Dossier(d.Code), d.Code), RowHeader: true}, ui.TextCell(d.ProcedureName),
			ui.TextCell(d.Applicant.FullName), ui.CompCell(ui.StatusBadge(webctx.StatusBadge(p, d.Status))), stepDue, overall}
		if bulk {
			check := ui.TextCell("")
			if d.Status == dossier.StatusNew && !d.AwaitingApplicant {
				check = ui.CompCell(officeview.Check("code", d.Code, p.T("queue.pick", d.Code)))
			}
			row = append([]ui.Cell{check}, row...)
		}
		props.Table.Rows = append(props.Table.Rows, row)
	}
	if bulk && page.Counts[dossier.TabAll] > 0 {
		props.BulkReceive = route.QueueReceive()
	}
	props.Pagination = ui.PaginationProps{Page: page.Page, Pages: page.Pages,
		URL:   func(n int) templ.SafeURL { qq := q; qq.Page = n; return route.Queue(qq) },
		Label: p.T("ui.pagination"), Previous: p.T("ui.previous"), Next: p.T("ui.next"),
		PageLabel: func(n int) string { return p.T("ui.page_n", n) }}
	return webctx.Render(c, http.StatusOK, officeview.Queue(props))
}

// waitFlag says in a few words that a dossier waits for the system, and
// until when.
func waitFlag(p i18n.Printer, w dossier.Wait) string {
	switch {
	case w.Due:
		return p.T("queue.wait.due")
	case w.Retry:
		return p.T("queue.wait.retry", p.DateTime(w.At))
	}
	return p.T("queue.wait.at", p.DateTime(w.At))
}

// dueCell shows a due instant, flagged when it is near or past.
func (h *QueueHandler) dueCell(p i18n.Printer, due, now, soon time.Time) ui.Cell {
	return ui.CompCell(templ.Join(stepCellContent(p, due, now, soon)))
}

func stepCellContent(p i18n.Printer, due, now, soon time.Time) templ.Component {
	if due.IsZero() {
		return templ.Raw("")
	}
	text := templ.Raw(templ.EscapeString(p.DateTime(due)))
	switch {
	case due.Before(now):
		return templ.Join(text, officeview.Flag(p.T("queue.late"), "late"))
	case !due.After(soon):
		return templ.Join(text, officeview.Flag(p.T("queue.soon"), "soon"))
	}
	return text
}

// ReceiveMany receives the chosen new dossiers and says how it went.
func (h *QueueHandler) ReceiveMany(c echo.Context) error {
	r := webctx.Get(c)
	form, err := c.FormParams()
	if err != nil {
		return echo.ErrBadRequest
	}
	codes := form["code"]
	if len(codes) == 0 {
		r.SetFlash(webctx.FlashError, "queue.bulk_none")
		return webctx.Redirect(c, route.Queue(route.QueueQuery{}))
	}
	failed := 0
	for _, res := range h.Dossiers.ReceiveMany(c.Request().Context(), *r.User, codes) {
		if res.Err != nil {
			failed++
		}
	}
	if failed > 0 {
		r.SetFlash(webctx.FlashError, "queue.bulk_partly")
	} else {
		r.SetFlash(webctx.FlashSuccess, "queue.bulk_done")
	}
	return webctx.Redirect(c, route.Queue(route.QueueQuery{}))
}
