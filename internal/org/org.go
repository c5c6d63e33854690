// Package org owns the organisation units of the province: the People's
// Committee, its office and reception centre, the departments (Sở), the
// provincial police and every commune with its reception centre. Each unit
// has a QCVN 102:2016-style electronic identifier (xxx.xx.xx.Hnn).
//
// It also holds Places, the national list of provinces and communes (all
// of Viet Nam, not only this province) that address answers are checked
// against.
//
// It also holds how each unit takes fees (Payment: its bank account and
// counter), which a dossier asked to pay shows.
//
// It imports only the standard library, golang.org/x/text/collate (for
// the Vietnamese alphabetical order of units offered for choice),
// internal/valid and internal/audit.
package org

import (
	"context"
	"errors"
)

// ErrNotFound is returned when a unit does not exist.
var ErrNotFound = errors.New("org: unit not found")

// Kind classifies a unit.
type Kind string

const (
	KindProvince      Kind = "province"       // UBND tỉnh
	KindOffice        Kind = "office"         // Văn phòng UBND tỉnh
	KindServiceCentre Kind = "service_centre" // Trung tâm Phục vụ hành chính công tỉnh
	KindDepartment    Kind = "department"     // Sở, ban, ngành
	KindPolice        Kind = "police"         // Công an tỉnh
	KindCommune       Kind = "commune"        // UBND xã/phường
	KindCommuneCentre Kind = "commune_centre" // Trung tâm/Bộ phận phục vụ hành chính công xã
)

// Unit is one organisation unit.
type Unit struct {
	ID        int64
	Code      string // electronic identifier, e.g. 000.00.00.H19
	Name      string
	ShortName string
	Kind      Kind
	ParentID  int64 // 0 for the root
	AdminCode string
	Reception bool // receives dossiers (a one-stop-shop desk)
	Active    bool
	SortOrder int
}

// Store persists units.
type Store interface {
	Get(ctx context.Context, id int64) (Unit, error)
	GetByCode(ctx context.Context, code string) (Unit, error)
	List(ctx context.Context) ([]Unit, error)
	// Upsert inserts or updates units by Code, keeping parent links by the
	// parent's code, and returns how many were added and changed.
	Upsert(ctx context.Context, units []SeedUnit) (added, changed int, err error)
	PaymentStore
}

// SeedUnit is a unit as written in the seed file, its parent named by code.
type SeedUnit struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	ShortName  string `json:"short_name,omitempty"`
	Kind       Kind   `json:"kind"`
	ParentCode string `json:"parent_code,omitempty"`
	AdminCode  string `json:"admin_code,omitempty"`
	Reception  bool   `json:"reception,omitempty"`
	SortOrder  int    `json:"sort_order"`
}
