package org

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/valid"
)

// Payment is how a unit takes fees until online payment comes: by bank
// transfer to its account, and at its counter. A dossier asked to pay
// (status 6) shows the details of the unit that asked (or, when it set
// none, of the centre that received the dossier).
type Payment struct {
	AccountHolder string
	Bank          string
	AccountNumber string
	// TransferNote is the transfer content the payer writes, with {code}
	// standing for the dossier code: "{code} nop phi".
	TransferNote   string
	CounterAddress string
	CounterHours   string
	UpdatedBy      int64
	UpdatedAt      time.Time
}

// CodePlaceholder stands for the dossier code in a transfer note.
const CodePlaceholder = "{code}"

// HasTransfer reports whether the unit takes bank transfers.
func (p Payment) HasTransfer() bool { return p.AccountNumber != "" }

// HasCounter reports whether the unit says where to pay in person.
func (p Payment) HasCounter() bool { return p.CounterAddress != "" }

// IsZero reports whether the unit set no way to pay.
func (p Payment) IsZero() bool { return !p.HasTransfer() && !p.HasCounter() }

// TransferFor is the transfer content for the dossier with code.
func (p Payment) TransferFor(code string) string {
	return strings.ReplaceAll(p.TransferNote, CodePlaceholder, code)
}

// fields names the details by form field, in form order.
func (p *Payment) fields() []struct {
	name string
	v    *string
} {
	return []struct {
		name string
		v    *string
	}{{"account_holder", &p.AccountHolder}, {"bank", &p.Bank}, {"account_number", &p.AccountNumber},
		{"transfer_note", &p.TransferNote}, {"counter_address", &p.CounterAddress}, {"counter_hours", &p.CounterHours}}
}

// Changes lists what differs from old, for the audit trail.
func (p Payment) Changes(old Payment) audit.Changes {
	var out audit.Changes
	of := old.fields()
	for i, f := range p.fields() {
		out.Add(f.name, *of[i].v, *f.v)
	}
	return out
}

// maxPaymentField bounds each detail (a transfer note is shorter: banks cut
// longer contents).
const (
	maxPaymentField = 300
	maxTransferNote = 120
)

// Check trims the details and reports what is wrong, by form field: a bank
// account needs its holder, bank and number, a number is digits, and the
// transfer note names the dossier ({code}) so that the payment can be
// matched; a counter needs its opening hours. Everything blank clears the
// details.
func (p *Payment) Check() valid.Errors {
	var errs valid.Errors
	for _, f := range p.fields() {
		*f.v = strings.Join(strings.Fields(*f.v), " ")
		if utf8.RuneCountInString(*f.v) > maxPaymentField {
			errs.Add(f.name, "unit.payment.error.too_long", maxPaymentField)
		}
	}
	p.AccountNumber = strings.ReplaceAll(p.AccountNumber, " ", "")
	if p.AccountHolder != "" || p.Bank != "" || p.AccountNumber != "" || p.TransferNote != "" {
		for _, f := range []struct {
			name, v string
		}{{"account_holder", p.AccountHolder}, {"bank", p.Bank}, {"account_number", p.AccountNumber}, {"transfer_note", p.TransferNote}} {
			if f.v == "" && !errs.Has(f.name) {
				errs.Add(f.name, "unit.payment.error."+f.name)
			}
		}
		if p.AccountNumber != "" && !digits(p.AccountNumber, 6, 20) {
			errs.Add("account_number", "unit.payment.error.account_number_digits")
		}
		if p.TransferNote != "" && !strings.Contains(p.TransferNote, CodePlaceholder) {
			errs.Add("transfer_note", "unit.payment.error.transfer_note_code", CodePlaceholder)
		} else if utf8.RuneCountInString(p.TransferNote) > maxTransferNote {
			errs.Add("transfer_note", "unit.payment.error.too_long", maxTransferNote)
		}
	}
	if p.CounterAddress == "" && p.CounterHours != "" {
		errs.Add("counter_address", "unit.payment.error.counter_address")
	}
	if p.CounterAddress != "" && p.CounterHours == "" {
		errs.Add("counter_hours", "unit.payment.error.counter_hours")
	}
	return errs
}

func digits(s string, lo, hi int) bool {
	if len(s) < lo || len(s) > hi {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// PaymentStore keeps the units' payment details.
type PaymentStore interface {
	// Payment returns how a unit takes fees (the zero Payment when it set
	// none).
	Payment(ctx context.Context, unitID int64) (Payment, error)
	// SavePayment stores a unit's details and, in the same transaction,
	// the audit entry of what changed (action "unit.payment" by
	// p.UpdatedBy).
	SavePayment(ctx context.Context, unitID int64, p Payment) error
}

// SavePayment checks an administrator's payment details for a unit and
// stores them (valid.Errors when something is wrong; nothing is stored).
func SavePayment(ctx context.Context, st PaymentStore, actorID, unitID int64, p Payment, now time.Time) (Payment, error) {
	if errs := p.Check(); len(errs) > 0 {
		return p, errs
	}
	p.UpdatedBy, p.UpdatedAt = actorID, now
	return p, st.SavePayment(ctx, unitID, p)
}
