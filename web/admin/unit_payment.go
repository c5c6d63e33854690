package admin

import (
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/org"
	"github.com/motcua/motcua/internal/valid"
	"github.com/motcua/motcua/templates/adminview"
	"github.com/motcua/motcua/templates/form"
	"github.com/motcua/motcua/templates/layout"
	"github.com/motcua/motcua/templates/ui"
	"github.com/motcua/motcua/web/route"
	"github.com/motcua/motcua/web/webctx"
)

// UnitPaymentHandler edits how each unit takes fees (its bank account and
// counter), which dossiers asked to pay show.
type UnitPaymentHandler struct {
	Units interface {
		UnitByCode
		org.PaymentStore
	}
	Log *slog.Logger
	Now func() time.Time
}

// paymentValues are the form's values of a unit's details.
func paymentValues(p org.Payment) map[string]string {
	return map[string]string{"account_holder": p.AccountHolder, "bank": p.Bank, "account_number": p.AccountNumber,
		"transfer_note": p.TransferNote, "counter_address": p.CounterAddress, "counter_hours": p.CounterHours}
}

// Show is the form of a unit's payment details.
func (h *UnitPaymentHandler) Show(c echo.Context) error {
	u, err := unitOf(c, h.Units)
	if err != nil {
		return err
	}
	p, err := h.Units.Payment(c.Request().Context(), u.ID)
	if err != nil {
		return err
	}
	return h.render(c, http.StatusOK, u, p, form.New(webctx.Get(c).P, paymentValues(p), nil))
}

func (h *UnitPaymentHandler) render(c echo.Context, status int, u org.Unit, cur org.Payment, f form.Form) error {
	r := webctx.Get(c)
	p := r.P
	props := adminview.UnitPaymentProps{Page: r.Page(c, p.T("unit.payment.title", u.Name), layout.AreaAdmin,
		ui.Crumb{Label: p.T("admin.units.title"), Href: route.AdminUnits()}, ui.Crumb{Label: u.Name}),
		P: p, Name: u.Name, Code: u.Code, Form: f}
	if !cur.UpdatedAt.IsZero() {
		props.Updated = p.T("unit.payment.updated", p.DateTime(cur.UpdatedAt))
	}
	return webctx.Render(c, status, adminview.UnitPayment(props))
}

// Save stores a unit's payment details (all blank: none).
func (h *UnitPaymentHandler) Save(c echo.Context) error {
	u, err := unitOf(c, h.Units)
	if err != nil {
		return err
	}
	r := webctx.Get(c)
	ctx := c.Request().Context()
	in := org.Payment{AccountHolder: c.FormValue("account_holder"), Bank: c.FormValue("bank"),
		AccountNumber: c.FormValue("account_number"), TransferNote: c.FormValue("transfer_note"),
		CounterAddress: c.FormValue("counter_address"), CounterHours: c.FormValue("counter_hours")}
	saved, err := org.SavePayment(ctx, h.Units, r.User.ID, u.ID, in, h.Now())
	var errs valid.Errors
	if errors.As(err, &errs) {
		cur, err := h.Units.Payment(ctx, u.ID)
		if err != nil {
			return err
		}
		return h.render(c, http.StatusUnprocessableEntity, u, cur, form.New(r.P, paymentValues(saved), errs))
	}
	if err != nil {
		return err
	}
	h.Log.InfoContext(ctx, "unit payment details saved", "unit", u.Code, "by", r.User.ID)
	r.SetFlash(webctx.FlashSuccess, "unit.payment.saved")
	return webctx.Redirect(c, route.AdminUnits())
}
