// Package migrations holds the numbered SQL migrations of the one MotCua
// schema. They are embedded in the binary and applied by `motcua migrate`,
// by `motcua serve` at start, and by every test database template.
//
// File names are NNNNN_concern.sql; numbers are consecutive and unique
// (`make lint` checks this). One concern per file; never edit a migration
// that has landed on main, add a new one.
package migrations

import "embed"

// FS is the embedded set of migration files.
//
//go:embed *.sql
var FS embed.FS
