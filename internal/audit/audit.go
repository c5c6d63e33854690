// Package audit defines the append-only audit trail: who did what to which
// object, and which fields changed from what to what. Domain services write
// an Entry inside the same transaction as the change they record. It
// imports only the standard library; internal/pgstore implements Store.
package audit

import (
	"context"
	"time"
)

// Change is one field's old and new value. Secrets are never recorded: a
// changed password is recorded as Field "password" with empty values.
type Change struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// Changes collects the fields that changed.
type Changes []Change

// Add records field when its value changed from was to now.
func (c *Changes) Add(field, was, now string) {
	if was != now {
		*c = append(*c, Change{Field: field, Old: was, New: now})
	}
}

// Entry is one audited action.
type Entry struct {
	ID         int64
	At         time.Time
	ActorID    int64 // 0 for the system or an anonymous registrant
	Action     string
	ObjectType string
	ObjectID   string
	Changes    []Change
}

// Store appends and reads audit entries.
type Store interface {
	Append(ctx context.Context, e Entry) error
	ForObject(ctx context.Context, objectType, objectID string) ([]Entry, error)
}
