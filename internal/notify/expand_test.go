package notify_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/i18n"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/pgstore"
)

// factsExcept tells notify about every dossier but one, whose facts
// cannot be read.
type factsExcept struct {
	bad    int64
	userID int64
}

func (f factsExcept) For(_ context.Context, e notify.Event) (notify.Recipient, map[string]string, error) {
	if e.DossierID == f.bad {
		return notify.Recipient{}, nil, errors.New("facts unreadable")
	}
	return notify.Recipient{UserID: f.userID, Lang: i18n.VI}, map[string]string{"ma_ho_so": "X"}, nil
}

// TestOneBadEventHoldsNobodyUp: an event that cannot be planned stays
// pending and is reported, and the events after it are expanded anyway.
func TestOneBadEventHoldsNobodyUp(t *testing.T) {
	env := apptest.New(t)
	env.OpenProcedures(t)
	ctx := context.Background()
	citizen := env.Users[account.RoleCitizen]
	bad := submit(t, env, citizen)  // its "submit" event comes first
	good := submit(t, env, citizen) // and this one after it
	db := env.App.DB
	svc, err := notify.NewService(notify.Deps{
		Store: pgstore.NewNotifyStore(db),
		Tx: func(ctx context.Context, fn func(notify.Store, audit.Store) error) error {
			return db.InTx(ctx, func(tx *pgstore.DB) error { return fn(pgstore.NewNotifyStore(tx), pgstore.NewAuditStore(tx)) })
		},
		Facts: factsExcept{bad: bad.ID, userID: citizen.ID}, Senders: map[notify.Channel]notify.Sender{},
	})
	if err != nil {
		t.Fatal(err)
	}
	n, err := svc.Expand(ctx)
	if err == nil || !strings.Contains(err.Error(), "facts unreadable") || n != 1 {
		t.Fatalf("Expand = %d, %v; want 1 and the bad event reported", n, err)
	}
	if ds, _ := svc.DossierDeliveries(ctx, good.ID); len(ds) != 1 || ds[0].Channel != notify.Inbox {
		t.Errorf("the good dossier's deliveries: %+v", ds)
	}
	var pending int
	if err := db.SQL().QueryRowContext(ctx, "SELECT count(*) FROM outbox_events WHERE handled_at IS NULL AND dossier_id = $1",
		bad.ID).Scan(&pending); err != nil || pending != 1 {
		t.Errorf("the bad event: %d pending, %v", pending, err)
	}
}
