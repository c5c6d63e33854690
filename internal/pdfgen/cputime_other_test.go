//go:build !unix

package pdfgen

import "time"

// cpuTime is not measured here.
func cpuTime() time.Duration { return 0 }
