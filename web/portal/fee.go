package portal

import (
	"context"
	"errors"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/templates/portalview"
	"github.com/motcua/motcua/templates/ui"
)

// feeView is the fee request section of a dossier waiting for a payment
// (nil when it waits for none).
func (h *DossierHandler) feeView(ctx context.Context, p i18n.Printer, d dossier.Dossier) (*portalview.FeeView, error) {
	fr, err := h.Dossiers.FeeRequestOf(ctx, d)
	if errors.Is(err, dossier.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	v := &portalview.FeeView{Amount: p.Money(fr.Amount), Note: fr.Note, After: p.T("fee.after")}
	for _, f := range fr.Lines {
		v.Lines = append(v.Lines, feeLine(p, f))
	}
	pay := fr.Payment
	if pay.HasTransfer() {
		v.Transfer = []ui.SummaryRow{{Key: p.T("fee.account_holder"), Value: pay.AccountHolder},
			{Key: p.T("fee.bank"), Value: pay.Bank}, {Key: p.T("fee.account_number"), Value: pay.AccountNumber},
			{Key: p.T("fee.transfer_amount"), Value: p.Money(fr.Amount)}, {Key: p.T("fee.transfer_note"), Value: fr.Transfer}}
	}
	if pay.HasCounter() {
		v.Counter = []ui.SummaryRow{{Key: p.T("fee.counter_unit"), Value: fr.Payee.Name},
			{Key: p.T("fee.counter_address"), Value: pay.CounterAddress}, {Key: p.T("fee.counter_hours"), Value: pay.CounterHours}}
	}
	if pay.IsZero() {
		v.NoWay = p.T("fee.no_way", fr.Payee.Name)
	}
	return v, nil
}

// feeLine writes one of the procedure's fees: "Lệ phí: 10.000 đồng (Nộp
// trực tuyến)".
func feeLine(p i18n.Printer, f catalog.Fee) string {
	s := p.T("catalog.fee."+string(f.Kind)) + ": " + p.Money(f.Amount)
	if f.Amount == 0 {
		s = p.T("catalog.fee."+string(f.Kind)) + ": " + p.T("catalog.free")
	}
	if f.Description != "" {
		s += " (" + f.Description + ")"
	}
	return s
}
