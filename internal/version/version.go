// Package version reports which build of MotCua is running. Version is set
// at link time by the release build (-ldflags "-X .../version.Version=v1.2.3");
// Commit and Date fall back to the VCS stamp the Go toolchain embeds when the
// binary is built from a checkout (absent with -buildvcs=false).
//
// It imports only the standard library, so every package may use it.
package version

import (
	"runtime/debug"
	"strings"
)

// Version is the release name; the Dockerfile sets it with -ldflags -X.
// It is a var (not a const) only because -X can set nothing else.
var Version = "dev"

// Commit and Date may also be set with -ldflags -X; when left empty they are
// filled from the build info's vcs.revision and vcs.time.
var (
	Commit = ""
	Date   = ""
)

// String returns a one-line description such as
// "dev (commit 1a2b3c4d5e6f, 2025-01-02T03:04:05Z, modified)".
func String() string {
	return format(Version, Commit, Date, readBuildInfo)
}

// format is String with its inputs injected, so tests need no real build info.
func format(v, commit, date string, read func() (*debug.BuildInfo, bool)) string {
	modified := false
	if commit == "" || date == "" {
		if info, ok := read(); ok {
			for _, s := range info.Settings {
				switch s.Key {
				case "vcs.revision":
					if commit == "" {
						commit = s.Value
					}
				case "vcs.time":
					if date == "" {
						date = s.Value
					}
				case "vcs.modified":
					modified = s.Value == "true"
				}
			}
		}
	}
	if len(commit) > 12 {
		commit = commit[:12]
	}

	var details []string
	if commit != "" {
		details = append(details, "commit "+commit)
	}
	if date != "" {
		details = append(details, date)
	}
	if modified {
		details = append(details, "modified")
	}
	if len(details) == 0 {
		return v
	}
	return v + " (" + strings.Join(details, ", ") + ")"
}

func readBuildInfo() (*debug.BuildInfo, bool) { return debug.ReadBuildInfo() }
