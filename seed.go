// Package motcua holds files that must be compiled into the binary from the
// repository root.
package motcua

import "embed"

// SeedFS is the seed data under testdata/seed (units.json and the other
// catalogues), embedded so the binary's seed command needs no files on disk.
// The go tool ignores testdata directories when looking for packages, but
// an embed directive may still include them. Paths inside start with "testdata/seed/".
//
//go:embed testdata/seed
var SeedFS embed.FS
