package benchkit

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// PostgresCPU is the CPU time (user and system) used so far by the
// processes of the PostgreSQL cluster db is connected to: the postmaster
// and its children (backends, background workers), read from /proc. It
// needs the right to read data_directory (a superuser, as on the bench
// cluster) and a server on this machine. Processes that have exited no
// longer count, so compare readings taken while the same connections are
// open.
func PostgresCPU(ctx context.Context, db *sql.DB) (time.Duration, error) {
	var dir string
	if err := db.QueryRowContext(ctx, "SHOW data_directory").Scan(&dir); err != nil {
		return 0, err
	}
	b, err := os.ReadFile(filepath.Join(dir, "postmaster.pid")) //nolint:gosec // G304: the data directory the server reports
	if err != nil {
		return 0, err
	}
	postmaster, _, _ := strings.Cut(string(b), "\n")
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0, err
	}
	var ticks uint64
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		st, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue // gone meanwhile
		}
		// pid (comm) state ppid ... utime stime: fields 14 and 15, counted
		// after the command name, which may hold spaces.
		i := bytes.LastIndexByte(st, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(string(st[i+1:]))
		if len(f) < 13 || (e.Name() != postmaster && f[1] != postmaster) {
			continue
		}
		u, _ := strconv.ParseUint(f[11], 10, 64)
		s, _ := strconv.ParseUint(f[12], 10, 64)
		ticks += u + s
	}
	// USER_HZ, the unit of /proc/*/stat times, is 100 on Linux.
	return time.Duration(ticks) * 10 * time.Millisecond, nil
}
