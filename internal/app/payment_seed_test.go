package app_test

import (
	"context"
	"testing"

	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/org"
)

// TestSeedDemoPayments: the demo units get their payment details once;
// seeding again keeps what an administrator changed.
func TestSeedDemoPayments(t *testing.T) {
	env := apptest.New(t)
	ctx := context.Background()
	n, err := env.App.SeedDemoPayments(ctx)
	if err != nil || n != 4 {
		t.Fatalf("first seed: %d units, %v; want 4", n, err)
	}
	centre, err := env.App.Units.GetByCode(ctx, "001.01.50.H19")
	if err != nil {
		t.Fatal(err)
	}
	p, err := env.App.Units.Payment(ctx, centre.ID)
	if err != nil || !p.HasTransfer() || !p.HasCounter() {
		t.Fatalf("Đức Xuân centre: %+v, %v", p, err)
	}
	p.CounterHours = "Sáng Thứ Bảy, 07:30-11:30"
	if _, err := org.SavePayment(ctx, env.App.Units, 0, centre.ID, p, env.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	if n, err := env.App.SeedDemoPayments(ctx); err != nil || n != 0 {
		t.Errorf("second seed: %d units, %v; want 0", n, err)
	}
	if p, _ := env.App.Units.Payment(ctx, centre.ID); p.CounterHours != "Sáng Thứ Bảy, 07:30-11:30" {
		t.Errorf("the administrator's change was overwritten: %+v", p)
	}
}
