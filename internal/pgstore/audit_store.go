package pgstore

import (
	"context"
	"encoding/json"
	"time"

	"github.com/motcua/motcua/internal/audit"
)

type auditRow struct {
	ID         int64 `gorm:"primaryKey"`
	At         time.Time
	ActorID    *int64
	Action     string
	ObjectType string
	ObjectID   string
	Details    []byte `gorm:"type:jsonb"`
}

func (auditRow) TableName() string { return "audit_log" }

type auditDetails struct {
	Changes []audit.Change `json:"changes,omitempty"`
}

// AuditStore implements audit.Store.
type AuditStore struct{ db *DB }

// NewAuditStore builds an AuditStore.
func NewAuditStore(db *DB) *AuditStore { return &AuditStore{db: db} }

// Append writes one entry.
func (s *AuditStore) Append(ctx context.Context, e audit.Entry) error {
	d, err := json.Marshal(auditDetails{Changes: e.Changes})
	if err != nil {
		return err
	}
	at := e.At
	if at.IsZero() {
		at = time.Now().UTC()
	}
	row := auditRow{At: at, ActorID: nullableID(e.ActorID), Action: e.Action, ObjectType: e.ObjectType,
		ObjectID: e.ObjectID, Details: d}
	return s.db.ctx(ctx).Create(&row).Error
}

// ForObject lists an object's entries, oldest first.
func (s *AuditStore) ForObject(ctx context.Context, objectType, objectID string) ([]audit.Entry, error) {
	var rows []auditRow
	if err := s.db.ctx(ctx).Where("object_type = ? AND object_id = ?", objectType, objectID).
		Order("at, id").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]audit.Entry, len(rows))
	for i, r := range rows {
		var d auditDetails
		if err := json.Unmarshal(r.Details, &d); err != nil {
			return nil, err
		}
		out[i] = audit.Entry{ID: r.ID, At: r.At, ActorID: deref(r.ActorID), Action: r.Action,
			ObjectType: r.ObjectType, ObjectID: r.ObjectID, Changes: d.Changes}
	}
	return out, nil
}
