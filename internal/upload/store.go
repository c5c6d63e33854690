package upload

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
)

// ErrNotFound means no file is stored under the key.
var ErrNotFound = errors.New("upload: file not found")

// ErrKey means a key is not of the form ValidKey accepts.
var ErrKey = errors.New("upload: invalid file key")

// ErrExists means a file is already stored under the key; Commit never
// overwrites one.
var ErrExists = errors.New("upload: a file with this key already exists")

// ErrUnavailable means the store cannot take files now: its disk is full
// or read-only, or the server may not write to it. It is no fault of the
// file or of the person sending it; the same file may be sent again once
// an operator has made room.
var ErrUnavailable = errors.New("upload: the file store cannot take files now")

// Store keeps files under opaque keys. Writing goes through a Pending file
// that becomes visible under its key only on Commit, so that a crash or an
// error mid-upload leaves at worst an unnamed temporary file, never a
// half-written file under a key. Implementations must refuse keys that
// ValidKey refuses, so that a key can never name a path.
type Store interface {
	// Create starts a new file that nobody can Open yet. It and the
	// Pending's Write and Commit fail with an error wrapping
	// ErrUnavailable when the store cannot take files.
	Create(ctx context.Context) (Pending, error)
	// Open returns the file stored under key, or ErrNotFound.
	Open(ctx context.Context, key string) (io.ReadSeekCloser, error)
	// Delete removes the file stored under key; deleting a missing key is
	// not an error, so that cleanup can be retried.
	Delete(ctx context.Context, key string) error
}

// Pending is a file being written. ReadAt reads back what was written so
// far (sniffing an Office file needs its end). Exactly one of Commit or
// Abort ends it; Abort after Commit does nothing, so `defer p.Abort()` is
// the usual way to make sure nothing is left behind on an error path. A
// Pending is not safe for concurrent use.
type Pending interface {
	io.Writer
	io.ReaderAt
	// Commit makes the file durable and visible under key. It fails with
	// ErrKey or ErrExists without storing anything.
	Commit(key string) error
	// Abort discards the file.
	Abort() error
}

// keyLen is the length of the keys NewKey makes: 128 random bits in hex.
const keyLen = 32

// NewKey returns a new random key for a stored file. The key carries no
// meaning (no dossier or citizen identifier, no name), so that it reveals
// nothing in logs or on disk.
func NewKey() string {
	var b [keyLen / 2]byte
	// crypto/rand.Read never returns an error (and crashes the program
	// if the system's random source fails).
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// ValidKey reports whether key is acceptable as a stored file's key:
// 16 to 64 characters, lower-case ASCII letters and digits only, so that it
// is safe as a file name or object name on any system and cannot contain a
// path separator, a dot or a drive letter.
func ValidKey(key string) bool {
	if len(key) < 16 || len(key) > 64 {
		return false
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}
