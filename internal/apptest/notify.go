package apptest

import (
	"context"
	"testing"
)

// RunNotifications does what the notification worker would: it turns the
// pending events into deliveries and sends the due ones, and returns how
// many it handled.
func (e *Env) RunNotifications(t testing.TB) int {
	t.Helper()
	ctx := context.Background()
	if _, err := e.App.Notify.Expand(ctx); err != nil {
		t.Fatal(err)
	}
	n, err := e.App.Notify.Deliver(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
