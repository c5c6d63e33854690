// Package office holds the staff back-office handlers: the dashboard now,
// queues and dossier processing later.
package office

import (
	"context"
	"errors"
	"math"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/templates/layout"
	"github.com/motcua/motcua/templates/officeview"
	"github.com/motcua/motcua/templates/ui"
	"github.com/motcua/motcua/web/route"
	"github.com/motcua/motcua/web/webctx"
)

// Units reads units.
type Units interface {
	Get(ctx context.Context, id int64) (org.Unit, error)
}

// Handler serves the back office.
type Handler struct {
	Units    Units
	Dossiers interface {
		Queue(ctx context.Context, actor account.User, f dossier.QueueFilter) (dossier.QueuePage, error)
		SatisfactionOver(ctx context.Context, actor account.User, days int) (dossier.Satisfaction, error)
	}
}

// satisfactionDays is the period the dashboard's satisfaction covers.
const satisfactionDays = 90

// Dashboard shows the staff member's unit and role.
func (h *Handler) Dashboard(c echo.Context) error {
	r := webctx.Get(c)
	u := r.User
	props := officeview.DashboardProps{
		Page: r.Page(c, r.P.T("office.title"), layout.AreaOffice), P: r.P,
		Name: u.FullName, RoleLabel: r.P.T(u.Role.LabelKey()),
	}
	if r.Unit != nil {
		props.UnitName, props.UnitCode = r.Unit.Name, r.Unit.Code
		if r.Unit.ParentID != 0 {
			parent, err := h.Units.Get(c.Request().Context(), r.Unit.ParentID)
			if err != nil && !errors.Is(err, org.ErrNotFound) {
				return err
			}
			props.ParentUnit = parent.Name
		}
	}
	props.Duties = []string{r.P.T("office.duty." + string(u.Role))}
	switch u.Role {
	case account.RoleClerk, account.RoleOfficer, account.RoleLeader:
		if h.Dossiers != nil {
			// The queue's counts: what waits, what is due within one
			// working day, what is late.
			q, err := h.Dossiers.Queue(c.Request().Context(), *u, dossier.QueueFilter{PerPage: 1})
			if err != nil {
				return err
			}
			p := r.P
			for _, t := range []dossier.Tab{dossier.TabAll, dossier.TabSoon, dossier.TabOverdue, dossier.TabPaused} {
				props.Links = append(props.Links, ui.CardProps{Title: p.T("queue.tab." + string(t)),
					Href: route.Queue(route.QueueQuery{Tab: string(t)}), Value: p.Decimal(float64(q.Counts[t])),
					Body: p.T("office.queue_card." + string(t))})
			}
			// What applicants thought of the unit's work lately.
			sat, err := h.Dossiers.SatisfactionOver(c.Request().Context(), *u, satisfactionDays)
			if err != nil {
				return err
			}
			card := ui.CardProps{Title: p.T("office.satisfaction", satisfactionDays), Value: "–",
				Body: p.T("office.satisfaction_none")}
			if sat.Total > 0 {
				card.Value = p.Decimal(math.Round(sat.Satisfied())) + " %"
				card.Body = p.T("office.satisfaction_body", sat.Total, sat.Counts[4], sat.Counts[3], sat.Counts[2], sat.Counts[1])
			}
			props.Links = append(props.Links, card)
		}
	}
	if u.Role == account.RoleAdmin {
		props.Links = []ui.CardProps{
			{Title: r.P.T("nav.admin_users"), Href: route.AdminUsers(1), Body: r.P.T("office.link_users")},
			{Title: r.P.T("nav.admin_units"), Href: route.AdminUnits(), Body: r.P.T("office.link_units")},
			{Title: r.P.T("nav.admin_catalog"), Href: route.AdminCatalog("", 1), Body: r.P.T("office.link_catalog")},
			{Title: r.P.T("nav.admin_calendar"), Href: route.AdminCalendar(), Body: r.P.T("office.link_calendar")},
			{Title: r.P.T("nav.admin_templates"), Href: route.AdminTemplates(), Body: r.P.T("office.link_templates")},
			{Title: r.P.T("admin.result.title"), Href: route.AdminResultTemplates(route.ResultTemplateQuery{}), Body: r.P.T("office.link_results")},
		}
	}
	return webctx.Render(c, http.StatusOK, officeview.Dashboard(props))
}
