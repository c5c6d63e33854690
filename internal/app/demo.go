package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/motcua/motcua"
	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/org"
)

// DemoStaff is testdata/seed/demo-staff.json: the staff the demo creates
// in every unit of some kinds, so that every seeded internal process finds
// someone with the right role wherever a dossier may go (a clerk at every
// reception centre, an officer and a leader in every commune, department
// and the police, an officer at the provincial office, the chairman).
type DemoStaff struct {
	Password string `json:"password"`
	// Email is the pattern of their addresses; {role} and {unit} (the
	// unit's code, lower case) are replaced.
	Email string `json:"email"`
	// PhonePrefix is followed by a six-digit serial number.
	PhonePrefix string `json:"phone_prefix"`
	Staff       []struct {
		Role account.Role `json:"role"`
		// Title starts the full name, followed by the unit's name.
		Title string     `json:"title"`
		Kinds []org.Kind `json:"kinds"`
	} `json:"staff"`
}

// EmailFor is the address of the demo staff member with role in the
// unit with the given code.
func (d DemoStaff) EmailFor(role account.Role, unitCode string) string {
	return strings.NewReplacer("{role}", string(role), "{unit}", strings.ToLower(unitCode)).Replace(d.Email)
}

// LoadDemoStaff reads the embedded demo staff pattern.
func LoadDemoStaff() (DemoStaff, error) {
	b, err := motcua.SeedFS.ReadFile("testdata/seed/demo-staff.json")
	if err != nil {
		return DemoStaff{}, err
	}
	var d DemoStaff
	if err := json.Unmarshal(b, &d); err != nil {
		return DemoStaff{}, fmt.Errorf("demo-staff.json: %w", err)
	}
	return d, nil
}

// SeedDemoStaff creates the demo staff that do not exist yet (by email),
// in every active unit of the kinds listed; an existing one is left alone.
//
// The accounts all have the demo password. Hashing it with argon2id at the
// production cost takes tens of milliseconds and about 19 MiB each time:
// some three hundred times on every first `make run` would add seconds for
// nothing, as the hashes would all check the same password. So the
// password is hashed once and every account gets that hash (same salt):
// acceptable for demo accounts whose password is published in the README,
// never for real ones, which CreateStaff hashes one by one.
func (a *App) SeedDemoStaff(ctx context.Context) (int, error) {
	d, err := LoadDemoStaff()
	if err != nil {
		return 0, err
	}
	units, err := a.Units.List(ctx)
	if err != nil {
		return 0, err
	}
	hash, err := a.Accounts.HashPassword(d.Password)
	if err != nil {
		return 0, fmt.Errorf("demo staff password: %w", err)
	}
	created, serial := 0, 0
	for _, s := range d.Staff {
		for _, u := range units {
			if !u.Active || !slices.Contains(s.Kinds, u.Kind) {
				continue
			}
			serial++
			email := d.EmailFor(s.Role, u.Code)
			if _, err := a.Users.FindByLogin(ctx, email); err == nil {
				continue
			} else if !errors.Is(err, account.ErrNotFound) {
				return created, err
			}
			_, err := a.Accounts.CreateStaff(ctx, 0, account.StaffInput{FullName: s.Title + " " + u.Name, Email: email,
				Phone: fmt.Sprintf("%s%06d", d.PhonePrefix, serial), Role: s.Role, UnitID: u.ID, PasswordHash: hash})
			if err != nil {
				return created, fmt.Errorf("demo staff %s: %w", email, err)
			}
			created++
		}
	}
	return created, nil
}

// demoPayments is testdata/seed/demo-payment-details.json.
type demoPayments struct {
	Units []struct {
		Unit           string `json:"unit"`
		AccountHolder  string `json:"account_holder"`
		Bank           string `json:"bank"`
		AccountNumber  string `json:"account_number"`
		TransferNote   string `json:"transfer_note"`
		CounterAddress string `json:"counter_address"`
		CounterHours   string `json:"counter_hours"`
	} `json:"units"`
}

// SeedDemoPayments gives the demo units that have none their (invented)
// payment details, so a fee request says how to pay; details an
// administrator set are left alone. It returns how many units it set.
func (a *App) SeedDemoPayments(ctx context.Context) (int, error) {
	b, err := motcua.SeedFS.ReadFile("testdata/seed/demo-payment-details.json")
	if err != nil {
		return 0, err
	}
	var seed demoPayments
	if err := json.Unmarshal(b, &seed); err != nil {
		return 0, fmt.Errorf("demo-payment-details.json: %w", err)
	}
	n := 0
	for _, s := range seed.Units {
		u, err := a.Units.GetByCode(ctx, s.Unit)
		if err != nil {
			return n, fmt.Errorf("demo payment details: unit %s: %w", s.Unit, err)
		}
		cur, err := a.Units.Payment(ctx, u.ID)
		if err != nil {
			return n, err
		}
		if !cur.IsZero() {
			continue
		}
		p := org.Payment{AccountHolder: s.AccountHolder, Bank: s.Bank, AccountNumber: s.AccountNumber,
			TransferNote: s.TransferNote, CounterAddress: s.CounterAddress, CounterHours: s.CounterHours}
		if _, err := org.SavePayment(ctx, a.Units, 0, u.ID, p, a.Now()); err != nil {
			return n, fmt.Errorf("demo payment details of %s: %w", s.Unit, err)
		}
		n++
	}
	return n, nil
}
