package pgstore

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"github.com/motcua/motcua/internal/audit"
	"github.com/motcua/motcua/internal/org"
)

const unitPaymentColumns = `account_holder, bank, account_number, transfer_note, counter_address, counter_hours`

// Payment returns how a unit takes fees (the zero Payment when it set
// none).
func (s *UnitStore) Payment(ctx context.Context, unitID int64) (org.Payment, error) {
	var (
		p  org.Payment
		by sql.NullInt64
		at sql.NullTime
	)
	err := sqlConn(ctx, s.db).QueryRowContext(ctx, `SELECT `+unitPaymentColumns+`, updated_by, updated_at
		FROM unit_payment_details WHERE unit_id = $1`, unitID).
		Scan(&p.AccountHolder, &p.Bank, &p.AccountNumber, &p.TransferNote, &p.CounterAddress, &p.CounterHours, &by, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return org.Payment{}, nil
	}
	p.UpdatedBy, p.UpdatedAt = idOf(by), timeOf(at)
	return p, err
}

// SavePayment stores a unit's payment details with the audit entry of what
// changed, in one transaction.
func (s *UnitStore) SavePayment(ctx context.Context, unitID int64, p org.Payment) error {
	return s.db.InTx(ctx, func(tx *DB) error {
		st := NewUnitStore(tx)
		if _, err := sqlConn(ctx, tx).ExecContext(ctx, `SELECT 1 FROM units WHERE id = $1 FOR UPDATE`, unitID); err != nil {
			return err
		}
		old, err := st.Payment(ctx, unitID)
		if err != nil {
			return err
		}
		if _, err := sqlConn(ctx, tx).ExecContext(ctx, `INSERT INTO unit_payment_details (unit_id, `+unitPaymentColumns+`,
			updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
			ON CONFLICT (unit_id) DO UPDATE SET (`+unitPaymentColumns+`, updated_by, updated_at) =
			(EXCLUDED.account_holder, EXCLUDED.bank, EXCLUDED.account_number, EXCLUDED.transfer_note,
			 EXCLUDED.counter_address, EXCLUDED.counter_hours, EXCLUDED.updated_by, EXCLUDED.updated_at)`,
			unitID, p.AccountHolder, p.Bank, p.AccountNumber, p.TransferNote, p.CounterAddress, p.CounterHours,
			nullableID(p.UpdatedBy), dbTime(p.UpdatedAt)); err != nil {
			return err
		}
		return NewAuditStore(tx).Append(ctx, audit.Entry{At: p.UpdatedAt, ActorID: p.UpdatedBy, Action: "unit.payment",
			ObjectType: "unit", ObjectID: strconv.FormatInt(unitID, 10), Changes: p.Changes(old)})
	})
}
