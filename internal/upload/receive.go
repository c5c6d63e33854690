package upload

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
)

// ErrTooLarge means the file is larger than the per-file limit.
var ErrTooLarge = errors.New("upload: file exceeds the per-file size limit")

// ErrDossierFull means the file, though within the per-file limit, does not
// fit in what is left of the dossier's total.
var ErrDossierFull = errors.New("upload: file exceeds the space left in the dossier")

// The default limits (binary megabytes).
const (
	DefaultMaxFile    int64 = 10 << 20
	DefaultMaxDossier int64 = 50 << 20
)

// copyBufLen is the only buffer a file passes through on its way to the
// store: memory per upload stays this size whatever the file's.
const copyBufLen = 32 << 10

// Limits are the size limits on attachments, in bytes.
type Limits struct {
	File    int64 // one file
	Dossier int64 // all of one dossier's files together
}

// DefaultLimits are 10 MiB per file and 50 MiB per dossier.
func DefaultLimits() Limits { return Limits{File: DefaultMaxFile, Dossier: DefaultMaxDossier} }

// Validate checks that both limits are positive and that one file may be
// as large as the per-file limit says.
func (l Limits) Validate() error {
	if l.File <= 0 || l.Dossier <= 0 {
		return fmt.Errorf("upload: size limits must be positive (file %d, dossier %d)", l.File, l.Dossier)
	}
	if l.File > l.Dossier {
		return fmt.Errorf("upload: per-file limit %d exceeds the per-dossier limit %d", l.File, l.Dossier)
	}
	return nil
}

// Quota is how large the next file of a dossier may be, and which limit
// says so, so that the error names the right one.
type Quota struct {
	Max       int64
	ByDossier bool // the dossier's remaining space, not the per-file limit, sets Max
}

// Quota returns the quota for the next file of a dossier whose files
// already take used bytes. Two uploads to one dossier at the same time can
// both pass it: the caller must check the total again in the transaction
// that records the file (and Delete the file if that check fails).
func (l Limits) Quota(used int64) Quota {
	if left := l.Dossier - used; left < l.File {
		return Quota{Max: max(left, 0), ByDossier: true}
	}
	return Quota{Max: l.File}
}

func (q Quota) exceeded() error {
	if q.ByDossier {
		return fmt.Errorf("%w (%d bytes left)", ErrDossierFull, q.Max)
	}
	return fmt.Errorf("%w (%d bytes)", ErrTooLarge, q.Max)
}

// Incoming is a file as a client sends it.
type Incoming struct {
	Name string    // the client's file name: only ever shown after SanitizeName
	Body io.Reader // the content; read once, up to the quota plus one byte
}

// Info describes a stored file.
type Info struct {
	Key    string
	Name   string // sanitised, with the extension of Type
	Type   Type   // sniffed from the content
	Size   int64
	SHA256 string // lower-case hex digest of the content
}

// Receive streams in.Body into a new file of s, at most q.Max bytes of it,
// hashing on the way; then tells the type from the stored bytes and only
// then commits the file under key. On any error nothing is left in s.
//
// It reads at most q.Max+1 bytes from the body (the extra byte tells a file
// of exactly q.Max bytes from a larger one) through one fixed buffer, so
// memory does not grow with the file and an endless body costs at most the
// quota. The errors are ErrKey, ErrTooLarge, ErrDossierFull, ErrType
// (wrapped), the context's error, or a failure to read the body or to
// write the store. The caller records Info and must Delete the key if it
// cannot.
func Receive(ctx context.Context, s Store, key string, in Incoming, q Quota) (info Info, err error) {
	if !ValidKey(key) {
		return Info{}, ErrKey
	}
	if q.Max <= 0 {
		return Info{}, q.exceeded()
	}
	p, err := s.Create(ctx)
	if err != nil {
		return Info{}, fmt.Errorf("upload: creating a file: %w", err)
	}
	committed := false
	defer func() {
		if !committed {
			if aerr := p.Abort(); aerr != nil {
				err = errors.Join(err, fmt.Errorf("upload: discarding the file: %w", aerr))
			}
		}
	}()

	readMax := q.Max + 1
	if q.Max == math.MaxInt64 {
		readMax = q.Max
	}
	h := sha256.New()
	src := &ctxReader{ctx: ctx, r: io.LimitReader(in.Body, readMax)}
	// Neither side implements WriterTo or ReaderFrom, so CopyBuffer really
	// uses this one buffer.
	n, err := io.CopyBuffer(io.MultiWriter(p, h), src, make([]byte, copyBufLen))
	if err != nil {
		return Info{}, fmt.Errorf("upload: receiving: %w", err)
	}
	if n > q.Max {
		return Info{}, q.exceeded()
	}
	t, err := Sniff(p, n)
	if err != nil {
		return Info{}, err
	}
	if err := p.Commit(key); err != nil {
		return Info{}, fmt.Errorf("upload: storing: %w", err)
	}
	committed = true
	return Info{
		Key:    key,
		Name:   SanitizeName(in.Name, t),
		Type:   t,
		Size:   n,
		SHA256: hex.EncodeToString(h.Sum(nil)),
	}, nil
}

// ctxReader stops a copy when the request is cancelled (the client went
// away, the server is shutting down), between reads.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
