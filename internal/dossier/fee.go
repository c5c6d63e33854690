package dossier

import (
	"context"
	"time"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/org"
)

// FeeRequest is what a dossier asked to pay (status 6) tells its reader:
// how much and why, the procedure's fee lines for the dossier's channel,
// and how to pay (until online payment comes: by bank transfer or at the
// counter, as the unit set them).
type FeeRequest struct {
	// Amount is what the officer asked for, in VND; Note their words.
	Amount  int64
	Note    string
	AskedAt time.Time
	// Lines are the procedure's fees (phí, lệ phí) for the channel, as
	// submitted.
	Lines []catalog.Fee
	// Payee is the unit whose payment details these are: the unit that
	// asked, or the centre that received the dossier when that unit set
	// none. Payment is zero when neither did.
	Payee   org.Unit
	Payment org.Payment
	// Transfer is the transfer content to write for this dossier.
	Transfer string
}

// FeeRequestOf returns the fee request d is waiting on (ErrNotFound when
// it waits for no payment). d is a dossier the caller may see.
func (s *Service) FeeRequestOf(ctx context.Context, d Dossier) (FeeRequest, error) {
	if d.Status != StatusPayment {
		return FeeRequest{}, ErrNotFound
	}
	pauses, err := s.d.Store.Pauses(ctx, d.ID)
	if err != nil {
		return FeeRequest{}, err
	}
	var out FeeRequest
	found := false
	for _, p := range pauses {
		if p.Kind == "payment" && p.EndedAt.IsZero() {
			out.Amount, out.Note, out.AskedAt, found = p.Amount, p.Reason, p.StartedAt, true
		}
	}
	if !found {
		return FeeRequest{}, ErrNotFound
	}
	rec, _, err := submittedUnder(ctx, s.d.Store, d.ID)
	if err != nil {
		return FeeRequest{}, err
	}
	if ch, err := channelOf(rec, d.Case, d.Channel); err == nil {
		out.Lines = ch.Fees
	}
	for _, id := range []int64{d.StepUnitID, d.ReceivingUnitID} {
		if id == 0 {
			continue
		}
		if out.Payee, err = s.d.Units.Get(ctx, id); err != nil {
			return FeeRequest{}, err
		}
		if out.Payment, err = s.d.Units.Payment(ctx, id); err != nil {
			return FeeRequest{}, err
		}
		if !out.Payment.IsZero() {
			break
		}
	}
	out.Transfer = out.Payment.TransferFor(d.Code)
	return out, nil
}
