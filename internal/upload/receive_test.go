package upload_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/upload"
	"github.com/motcua/motcua/internal/upload/uploadtest"
)

// memStore is an upload.Store in memory that records what happened to its
// pending files.
type memStore struct {
	files                       map[string][]byte
	created, committed, aborted int
	discard                     bool // pending files keep nothing (for the memory test)
}

func newMemStore() *memStore { return &memStore{files: map[string][]byte{}} }

func (s *memStore) Create(context.Context) (upload.Pending, error) {
	s.created++
	return &memPending{s: s}, nil
}

func (s *memStore) Open(_ context.Context, key string) (io.ReadSeekCloser, error) {
	b, ok := s.files[key]
	if !ok {
		return nil, upload.ErrNotFound
	}
	return struct {
		io.ReadSeeker
		io.Closer
	}{bytes.NewReader(b), io.NopCloser(nil)}, nil
}

func (s *memStore) Delete(_ context.Context, key string) error {
	delete(s.files, key)
	return nil
}

type memPending struct {
	s    *memStore
	buf  bytes.Buffer
	done bool
}

func (p *memPending) Write(b []byte) (int, error) {
	if p.s.discard {
		return len(b), nil
	}
	return p.buf.Write(b)
}

func (p *memPending) ReadAt(b []byte, off int64) (int, error) {
	return bytes.NewReader(p.buf.Bytes()).ReadAt(b, off)
}

func (p *memPending) Commit(key string) error {
	if _, ok := p.s.files[key]; ok {
		return upload.ErrExists
	}
	p.s.files[key] = bytes.Clone(p.buf.Bytes())
	p.s.committed++
	p.done = true
	return nil
}

func (p *memPending) Abort() error {
	if !p.done {
		p.s.aborted++
		p.done = true
	}
	return nil
}

// outcome is what a Receive test compares.
type outcome struct {
	Info                        upload.Info
	Err                         error
	Created, Committed, Aborted int
	Stored                      []string // keys
}

func receive(s *memStore, key string, in upload.Incoming, q upload.Quota) outcome {
	info, err := upload.Receive(context.Background(), s, key, in, q)
	o := outcome{Info: info, Err: err, Created: s.created, Committed: s.committed, Aborted: s.aborted}
	for k := range s.files {
		o.Stored = append(o.Stored, k)
	}
	return o
}

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

const key = "0123456789abcdef0123456789abcdef"

// errorsIs compares errors by errors.Is against the wanted sentinel.
var errorsIs = cmp.Comparer(func(a, b error) bool {
	return a == nil && b == nil || a != nil && b != nil && (errors.Is(a, b) || errors.Is(b, a))
})

func TestReceive(t *testing.T) {
	pdf := uploadtest.PDF(5000)
	docx := uploadtest.DOCX()
	html := uploadtest.Refused()["html"]
	file := upload.Quota{Max: int64(len(pdf))}
	tests := []struct {
		name string
		key  string
		in   upload.Incoming
		q    upload.Quota
		want outcome
	}{
		{"pdf exactly at the limit", key, upload.Incoming{Name: `C:\scans\Đơn.PDF`, Body: bytes.NewReader(pdf)}, file, outcome{
			Info:    upload.Info{Key: key, Name: "Đơn.pdf", Type: upload.PDF, Size: int64(len(pdf)), SHA256: sum(pdf)},
			Created: 1, Committed: 1, Stored: []string{key},
		}},
		{"docx read in small pieces", key, upload.Incoming{Name: "to-khai.doc", Body: &oneByteReader{r: bytes.NewReader(docx)}}, upload.Quota{Max: 1 << 20}, outcome{
			Info:    upload.Info{Key: key, Name: "to-khai.docx", Type: upload.DOCX, Size: int64(len(docx)), SHA256: sum(docx)},
			Created: 1, Committed: 1, Stored: []string{key},
		}},
		{"one byte over the file limit", key, upload.Incoming{Name: "a.pdf", Body: bytes.NewReader(append(pdf, '\n'))}, file, outcome{
			Err: upload.ErrTooLarge, Created: 1, Aborted: 1,
		}},
		{"over the dossier's remaining space", key, upload.Incoming{Name: "a.pdf", Body: bytes.NewReader(pdf)}, upload.Quota{Max: 100, ByDossier: true}, outcome{
			Err: upload.ErrDossierFull, Created: 1, Aborted: 1,
		}},
		{"dossier already full: nothing read or created", key, upload.Incoming{Name: "a.pdf", Body: failingReader{}}, upload.Quota{Max: 0, ByDossier: true}, outcome{
			Err: upload.ErrDossierFull,
		}},
		{"refused type", key, upload.Incoming{Name: "a.pdf", Body: bytes.NewReader(html)}, upload.Quota{Max: 1 << 20}, outcome{
			Err: upload.ErrType, Created: 1, Aborted: 1,
		}},
		{"empty body", key, upload.Incoming{Name: "a.pdf", Body: strings.NewReader("")}, upload.Quota{Max: 1 << 20}, outcome{
			Err: upload.ErrType, Created: 1, Aborted: 1,
		}},
		{"body fails midway", key, upload.Incoming{Name: "a.pdf", Body: io.MultiReader(bytes.NewReader(pdf[:100]), failingReader{})}, upload.Quota{Max: 1 << 20}, outcome{
			Err: errBody, Created: 1, Aborted: 1,
		}},
		{"path in the key", "../../../etc/passwd", upload.Incoming{Name: "a.pdf", Body: bytes.NewReader(pdf)}, upload.Quota{Max: 1 << 20}, outcome{
			Err: upload.ErrKey,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := receive(newMemStore(), tt.key, tt.in, tt.q)
			if diff := cmp.Diff(tt.want, got, errorsIs); diff != "" {
				t.Errorf("Receive (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReceiveKeyTaken(t *testing.T) {
	s := newMemStore()
	pdf := uploadtest.PDF(0)
	q := upload.Quota{Max: 1 << 20}
	receive(s, key, upload.Incoming{Name: "a.pdf", Body: bytes.NewReader(pdf)}, q)
	got := receive(s, key, upload.Incoming{Name: "b.png", Body: bytes.NewReader(uploadtest.PNG())}, q)
	want := outcome{Err: upload.ErrExists, Created: 2, Committed: 1, Aborted: 1, Stored: []string{key}}
	if diff := cmp.Diff(want, got, errorsIs); diff != "" {
		t.Errorf("Receive under a taken key (-want +got):\n%s", diff)
	}
	if !bytes.Equal(s.files[key], pdf) {
		t.Error("the first file was overwritten")
	}
}

func TestReceiveCancelled(t *testing.T) {
	s := newMemStore()
	ctx, cancel := context.WithCancel(context.Background())
	// The body cancels the request after its first read, as a client going
	// away mid-upload would.
	body := &cancellingReader{r: &endless{}, cancel: cancel}
	_, err := upload.Receive(ctx, s, key, upload.Incoming{Name: "a.pdf", Body: body}, upload.Quota{Max: 1 << 30})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Receive: got %v, want context.Canceled", err)
	}
	if s.aborted != 1 || len(s.files) != 0 {
		t.Errorf("aborted %d, stored %d: want the pending file discarded", s.aborted, len(s.files))
	}
	if body.reads != 1 {
		t.Errorf("read %d times after cancellation, want 1", body.reads)
	}
}

// TestReceiveStreams proves the limit is enforced while streaming: a 50 MB
// body produced on demand is cut off after the 10 MB limit plus one byte,
// and receiving it allocates a small fraction of that.
func TestReceiveStreams(t *testing.T) {
	const limit = upload.DefaultMaxFile
	body := &endless{n: 50 << 20}
	s := newMemStore()
	s.discard = true

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := upload.Receive(context.Background(), s, key, upload.Incoming{Name: "big.pdf", Body: body}, upload.Quota{Max: limit})
	runtime.ReadMemStats(&after)

	if !errors.Is(err, upload.ErrTooLarge) {
		t.Fatalf("Receive: got %v, want ErrTooLarge", err)
	}
	if body.read != limit+1 {
		t.Errorf("read %d bytes of the body, want exactly limit+1 = %d", body.read, limit+1)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
		t.Errorf("receiving allocated %d bytes, want well under 1 MiB for a %d-byte limit", alloc, limit)
	}
	if s.aborted != 1 {
		t.Errorf("aborted %d pending files, want 1", s.aborted)
	}
}

func TestLimits(t *testing.T) {
	l := upload.DefaultLimits()
	if err := l.Validate(); err != nil {
		t.Fatalf("default limits: %v", err)
	}
	const mb = 1 << 20
	tests := []struct {
		used int64
		want upload.Quota
	}{
		{0, upload.Quota{Max: 10 * mb}},
		{40 * mb, upload.Quota{Max: 10 * mb}}, // exactly one full file left: the file limit speaks
		{45 * mb, upload.Quota{Max: 5 * mb, ByDossier: true}},
		{50*mb - 1, upload.Quota{Max: 1, ByDossier: true}},
		{50 * mb, upload.Quota{Max: 0, ByDossier: true}},
		{60 * mb, upload.Quota{Max: 0, ByDossier: true}}, // over after the limits were lowered
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, l.Quota(tt.used)); diff != "" {
			t.Errorf("Quota(%d) (-want +got):\n%s", tt.used, diff)
		}
	}
	for _, bad := range []upload.Limits{{}, {File: 1}, {Dossier: 1}, {File: -1, Dossier: 5}, {File: 6, Dossier: 5}} {
		if bad.Validate() == nil {
			t.Errorf("Validate(%+v) accepted", bad)
		}
	}
}

func TestKeys(t *testing.T) {
	a, b := upload.NewKey(), upload.NewKey()
	if a == b || !upload.ValidKey(a) || !upload.ValidKey(b) {
		t.Errorf("NewKey gave %q and %q", a, b)
	}
	for _, k := range []string{
		"", "0123456789abcde", strings.Repeat("a", 65), "0123456789ABCDEF", "../0123456789abcdef",
		"0123456789abcdef/", "0123456789abcdef.pdf", "0123456789abcde\x00", "0123456789abcdeé", `c:\0123456789abcdef`,
	} {
		if upload.ValidKey(k) {
			t.Errorf("ValidKey(%q) accepted", k)
		}
	}
	for _, k := range []string{"0123456789abcdef", strings.Repeat("z9", 32)} {
		if !upload.ValidKey(k) {
			t.Errorf("ValidKey(%q) refused", k)
		}
	}
}

var errBody = errors.New("connection reset")

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errBody }

type oneByteReader struct{ r io.Reader }

func (o *oneByteReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	return o.r.Read(p[:1])
}

// endless produces n bytes (forever if n is 0) without holding them, and
// counts what was read.
type endless struct {
	n, read int64
}

func (e *endless) Read(p []byte) (int, error) {
	if e.n > 0 && e.read >= e.n {
		return 0, io.EOF
	}
	if e.n > 0 {
		p = p[:min(int64(len(p)), e.n-e.read)]
	}
	for i := range p {
		p[i] = 'A'
	}
	e.read += int64(len(p))
	return len(p), nil
}

type cancellingReader struct {
	r      io.Reader
	cancel func()
	reads  int
}

func (c *cancellingReader) Read(p []byte) (int, error) {
	c.reads++
	c.cancel()
	return c.r.Read(p)
}
