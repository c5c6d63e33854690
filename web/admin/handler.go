// Package admin holds the administration handlers: staff accounts, the
// unit tree, the catalogue, per case of a procedure its e-form and its
// internal process, and the working calendar.
package admin

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/templates/adminview"
	"github.com/motcua/motcua/templates/form"
	"github.com/motcua/motcua/templates/layout"
	"github.com/motcua/motcua/templates/ui"
	"github.com/motcua/motcua/web/route"
	"github.com/motcua/motcua/web/webctx"
)

// Units lists units.
type Units interface {
	List(ctx context.Context) ([]org.Unit, error)
}

// UnitHours says which units have their own working sessions;
// *worktime.Service implements it.
type UnitHours interface {
	SessionsByUnit(ctx context.Context) (map[int64][]calendar.Session, error)
}

// Handler serves the administration pages.
type Handler struct {
	Accounts *account.Service
	Units    Units
	// Hours, when set, shows each unit's working sessions in the tree with
	// a link to change them.
	Hours UnitHours
	Log   *slog.Logger
}

const perPage = 50

// Users lists staff accounts with a search and a role filter.
func (h *Handler) Users(c echo.Context) error {
	r := webctx.Get(c)
	ctx := c.Request().Context()
	page, _ := strconv.Atoi(c.QueryParam(route.QueryPage))
	if page < 1 {
		page = 1
	}
	role, _ := account.ParseRole(c.QueryParam("role"))
	q := c.QueryParam("q")
	users, total, err := h.Accounts.List(ctx, account.ListFilter{Staff: role == "", Role: role, Query: q, Page: page, PerPage: perPage})
	if err != nil {
		return err
	}
	names, err := h.unitNames(ctx)
	if err != nil {
		return err
	}
	table := ui.TableProps{Caption: r.P.T("admin.users.caption"), CaptionHidden: true,
		Head: []ui.Column{{Label: r.P.T("account.full_name")}, {Label: r.P.T("register.email")},
			{Label: r.P.T("account.role")}, {Label: r.P.T("office.unit")}, {Label: r.P.T("admin.users.status")}},
		Empty: r.P.T("admin.users.empty")}
	for _, u := range users {
		status := r.P.T("admin.users.active")
		if !u.Active {
			status = r.P.T("admin.users.inactive")
		}
		table.Rows = append(table.Rows, []ui.Cell{{Content: ui.Link(route.AdminUser(u.ID), u.FullName), RowHeader: true}, ui.TextCell(u.Email),
			ui.TextCell(r.P.T(u.Role.LabelKey())), ui.TextCell(names[u.UnitID]), ui.TextCell(status)})
	}
	pages := (total + perPage - 1) / perPage
	return webctx.Render(c, http.StatusOK, adminview.Users(adminview.UsersProps{
		Page: r.Page(c, r.P.T("admin.users.title"), layout.AreaAdmin), P: r.P, Query: q, Role: string(role),
		Roles: roleOptions(r), Table: table, Total: total,
		Pagination: ui.PaginationProps{Page: page, Pages: pages, URL: func(n int) templ.SafeURL { return route.AdminUsers(n) },
			Label: r.P.T("ui.pagination"), Previous: r.P.T("ui.previous"), Next: r.P.T("ui.next"),
			PageLabel: func(n int) string { return r.P.T("ui.page_n", n) }},
	}))
}

func (h *Handler) unitNames(ctx context.Context) (map[int64]string, error) {
	units, err := h.Units.List(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[int64]string, len(units))
	for _, u := range units {
		m[u.ID] = u.Name
	}
	return m, nil
}

func roleOptions(r *webctx.Request) []ui.Option {
	var out []ui.Option
	for _, role := range account.StaffRoles {
		out = append(out, ui.Option{Value: string(role), Label: r.P.T(role.LabelKey())})
	}
	return out
}

// UserNew shows the staff creation form.
func (h *Handler) UserNew(c echo.Context) error {
	r := webctx.Get(c)
	return h.renderNew(c, http.StatusOK, form.New(r.P, nil, nil))
}

func (h *Handler) renderNew(c echo.Context, status int, f form.Form) error {
	r := webctx.Get(c)
	opts, err := h.unitOptions(c.Request().Context())
	if err != nil {
		return err
	}
	return webctx.Render(c, status, adminview.UserNew(adminview.UserNewProps{
		Page: r.Page(c, r.P.T("admin.user_new.title"), layout.AreaAdmin,
			ui.Crumb{Label: r.P.T("admin.users.title"), Href: route.AdminUsers(1)},
			ui.Crumb{Label: r.P.T("admin.user_new.title")}),
		P: r.P, Form: f, Roles: roleOptions(r), Units: opts,
	}))
}

// UserCreate creates a staff account.
func (h *Handler) UserCreate(c echo.Context) error {
	r := webctx.Get(c)
	unitID, _ := strconv.ParseInt(c.FormValue("unit_id"), 10, 64)
	role, _ := account.ParseRole(c.FormValue("role"))
	in := account.StaffInput{FullName: c.FormValue("full_name"), Email: c.FormValue("email"), Phone: c.FormValue("phone"),
		PersonalID: c.FormValue("personal_id"), Role: role, UnitID: unitID, Password: c.FormValue("password")}
	u, err := h.Accounts.CreateStaff(c.Request().Context(), r.User.ID, in)
	var errs valid.Errors
	if errors.As(err, &errs) {
		values := map[string]string{"full_name": in.FullName, "email": in.Email, "phone": in.Phone,
			"personal_id": in.PersonalID, "role": c.FormValue("role"), "unit_id": c.FormValue("unit_id")}
		return h.renderNew(c, http.StatusUnprocessableEntity, form.New(r.P, values, errs))
	}
	if err != nil {
		return err
	}
	h.Log.InfoContext(c.Request().Context(), "staff account created", "user_id", u.ID, "role", string(u.Role), "by", r.User.ID)
	r.SetFlash(webctx.FlashSuccess, "admin.user_new.done")
	return webctx.Redirect(c, route.AdminUsers(1))
}

// UnitTree shows the unit tree.
func (h *Handler) UnitTree(c echo.Context) error {
	r := webctx.Get(c)
	units, err := h.Units.List(c.Request().Context())
	if err != nil {
		return err
	}
	var own map[int64]string
	if h.Hours != nil {
		ss, err := h.Hours.SessionsByUnit(c.Request().Context())
		if err != nil {
			return err
		}
		own = unitSessionsLabels(ss, r.P.T)
	}
	var conv func(ns []org.Node) []adminview.UnitNode
	conv = func(ns []org.Node) []adminview.UnitNode {
		out := make([]adminview.UnitNode, len(ns))
		for i, n := range ns {
			out[i] = adminview.UnitNode{Name: n.Unit.Name, Code: n.Unit.Code, KindLabel: r.P.T("unit.kind." + string(n.Unit.Kind)),
				Reception: n.Unit.Reception, OwnSessions: own[n.Unit.ID], Children: conv(n.Children)}
			if h.Hours != nil {
				out[i].SessionsHref = route.AdminUnitSessions(n.Unit.Code)
			}
			out[i].PaymentHref = route.AdminUnitPayment(n.Unit.Code)
		}
		return out
	}
	return webctx.Render(c, http.StatusOK, adminview.Units(adminview.UnitsProps{
		Page: r.Page(c, r.P.T("admin.units.title"), layout.AreaAdmin), P: r.P, Total: len(units), Roots: conv(org.Tree(units)),
	}))
}

// UserShow is a staff account's page: who, where, in which role, whether
// the account is open, its history, and the form that locks or unlocks it.
func (h *Handler) UserShow(c echo.Context) error {
	return h.renderUser(c, http.StatusOK, form.New(webctx.Get(c).P, nil, nil))
}

func (h *Handler) renderUser(c echo.Context, status int, f form.Form) error {
	r := webctx.Get(c)
	p := r.P
	ctx := c.Request().Context()
	u, err := h.staffParam(c)
	if err != nil {
		return err
	}
	names, err := h.unitNames(ctx)
	if err != nil {
		return err
	}
	state := p.T("admin.users.active")
	if !u.Active {
		state = p.T("admin.users.inactive")
	}
	props := adminview.UserProps{
		Page: r.Page(c, u.FullName, layout.AreaAdmin,
			ui.Crumb{Label: p.T("admin.users.title"), Href: route.AdminUsers(1)}, ui.Crumb{Label: u.FullName}),
		P: p, Name: u.FullName, Active: u.Active, Form: f, Self: u.ID == r.User.ID,
		Facts: []ui.SummaryRow{{Key: p.T("register.email"), Value: u.Email}, {Key: p.T("register.phone"), Value: u.Phone},
			{Key: p.T("account.role"), Value: p.T(u.Role.LabelKey())}, {Key: p.T("office.unit"), Value: names[u.UnitID]},
			{Key: p.T("admin.users.status"), Value: state}, {Key: p.T("admin.user.created"), Value: p.DateTime(u.CreatedAt)}},
		LockAction: route.AdminUserLock(u.ID), UnlockAction: route.AdminUserUnlock(u.ID), Edit: route.AdminUserEdit(u.ID),
	}
	if u.Active && u.Colleagues <= 0 {
		props.LastOne = p.T("admin.user.last_one", names[u.UnitID], p.T(u.Role.LabelKey()))
	}
	entries, err := h.Accounts.History(ctx, u.ID)
	if err != nil {
		return err
	}
	label := func(field, v string) string {
		switch field {
		case "unit_id":
			n, _ := strconv.ParseInt(v, 10, 64)
			return names[n]
		case "role":
			if role, ok := account.ParseRole(v); ok {
				return p.T(role.LabelKey())
			}
		case "active":
			if v == "true" {
				return p.T("admin.users.active")
			}
			if v == "false" {
				return p.T("admin.users.inactive")
			}
		}
		return v
	}
	for i := range entries {
		for j, ch := range entries[i].Changes {
			entries[i].Changes[j].Old, entries[i].Changes[j].New = label(ch.Field, ch.Old), label(ch.Field, ch.New)
		}
	}
	props.History, err = historyEntries(p, newUserNames(ctx, h.Accounts, p), entries,
		func(a string) string { return p.T("admin.user.action." + strings.TrimPrefix(a, "account.")) },
		func(f string) string { return p.T("admin.user.field." + f) })
	if err != nil {
		return err
	}
	return webctx.Render(c, status, adminview.User(props))
}

// UserLock locks a staff account with a reason.
func (h *Handler) UserLock(c echo.Context) error {
	return h.setActive(c, false)
}

// UserUnlock unlocks a staff account.
func (h *Handler) UserUnlock(c echo.Context) error {
	return h.setActive(c, true)
}

func (h *Handler) setActive(c echo.Context, active bool) error {
	r := webctx.Get(c)
	ctx := c.Request().Context()
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return echo.ErrNotFound
	}
	flash, event := "admin.user.unlocked", "staff account unlocked"
	if active {
		err = h.Accounts.UnlockStaff(ctx, r.User.ID, id)
	} else {
		flash, event = "admin.user.locked", "staff account locked"
		err = h.Accounts.LockStaff(ctx, r.User.ID, id, c.FormValue("reason"))
	}
	var errs valid.Errors
	switch {
	case errors.As(err, &errs):
		return h.renderUser(c, http.StatusUnprocessableEntity, form.New(r.P, map[string]string{"reason": c.FormValue("reason")}, errs))
	case errors.Is(err, account.ErrNotFound):
		return echo.ErrNotFound
	case errors.Is(err, account.ErrForbidden):
		r.SetFlash(webctx.FlashError, "admin.user.not_self")
		return webctx.Redirect(c, route.AdminUser(id))
	case err != nil:
		return err
	}
	h.Log.InfoContext(ctx, event, "user_id", id, "by", r.User.ID)
	r.SetFlash(webctx.FlashSuccess, flash)
	return webctx.Redirect(c, route.AdminUser(id))
}

// unitOptions lists the active units staff may belong to.
func (h *Handler) unitOptions(ctx context.Context) ([]ui.Option, error) {
	units, err := h.Units.List(ctx)
	if err != nil {
		return nil, err
	}
	org.SortForChoice(units)
	var opts []ui.Option
	for _, u := range units {
		if u.Active {
			opts = append(opts, ui.Option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name + " (" + u.Code + ")"})
		}
	}
	return opts, nil
}

// UserEdit shows the form changing a staff account's name, phone, role
// and unit.
func (h *Handler) UserEdit(c echo.Context) error {
	r := webctx.Get(c)
	u, err := h.staffParam(c)
	if err != nil {
		return err
	}
	values := map[string]string{"full_name": u.FullName, "phone": u.Phone, "role": string(u.Role),
		"unit_id": strconv.FormatInt(u.UnitID, 10)}
	return h.renderEdit(c, http.StatusOK, u, form.New(r.P, values, nil))
}

// staffParam reads the staff account the path names (404 otherwise).
func (h *Handler) staffParam(c echo.Context) (account.StaffAccount, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return account.StaffAccount{}, echo.ErrNotFound
	}
	u, err := h.Accounts.Staff(c.Request().Context(), id)
	if errors.Is(err, account.ErrNotFound) {
		return u, echo.ErrNotFound
	}
	return u, err
}

func (h *Handler) renderEdit(c echo.Context, status int, u account.StaffAccount, f form.Form) error {
	r := webctx.Get(c)
	opts, err := h.unitOptions(c.Request().Context())
	if err != nil {
		return err
	}
	return webctx.Render(c, status, adminview.UserEdit(adminview.UserEditProps{
		Page: r.Page(c, r.P.T("admin.user.edit_title", u.FullName), layout.AreaAdmin,
			ui.Crumb{Label: r.P.T("admin.users.title"), Href: route.AdminUsers(1)},
			ui.Crumb{Label: u.FullName, Href: route.AdminUser(u.ID)}, ui.Crumb{Label: r.P.T("admin.user.edit")}),
		P: r.P, Form: f, Email: u.Email, Roles: roleOptions(r), Units: opts, Action: route.AdminUserEdit(u.ID),
		Cancel: route.AdminUser(u.ID),
	}))
}

// UserUpdate saves the changes of a staff account.
func (h *Handler) UserUpdate(c echo.Context) error {
	r := webctx.Get(c)
	u, err := h.staffParam(c)
	if err != nil {
		return err
	}
	unitID, _ := strconv.ParseInt(c.FormValue("unit_id"), 10, 64)
	role, _ := account.ParseRole(c.FormValue("role"))
	in := account.StaffEdit{FullName: c.FormValue("full_name"), Phone: c.FormValue("phone"), Role: role, UnitID: unitID}
	err = h.Accounts.UpdateStaff(c.Request().Context(), r.User.ID, u.ID, in)
	var errs valid.Errors
	values := map[string]string{"full_name": in.FullName, "phone": in.Phone, "role": c.FormValue("role"),
		"unit_id": c.FormValue("unit_id")}
	switch {
	case errors.As(err, &errs):
		return h.renderEdit(c, http.StatusUnprocessableEntity, u, form.New(r.P, values, errs))
	case errors.Is(err, account.ErrForbidden):
		errs.Add("role", "admin.user.error.own_role")
		return h.renderEdit(c, http.StatusUnprocessableEntity, u, form.New(r.P, values, errs))
	case err != nil:
		return err
	}
	h.Log.InfoContext(c.Request().Context(), "staff account changed", "user_id", u.ID, "by", r.User.ID)
	r.SetFlash(webctx.FlashSuccess, "admin.user.updated")
	return webctx.Redirect(c, route.AdminUser(u.ID))
}
