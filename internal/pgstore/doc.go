// Package pgstore is the PostgreSQL adapter: the only package that imports
// GORM. It owns private row structs, the functions that convert them to and
// from domain types, and one store type per domain concept (UserStore,
// UnitStore, SessionStore, ...). Stores map "record not found" to the domain's
// ErrNotFound and never return (nil, nil).
//
// It may import the domain packages under internal/ and the migrations
// package; nothing under web/ or templates/.
package pgstore
