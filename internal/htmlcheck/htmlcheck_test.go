package htmlcheck

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeTB records errors instead of failing the test; everything else goes to
// the real test.
type fakeTB struct {
	testing.TB
	mu   sync.Mutex
	errs []string
	logs []string
}

func (f *fakeTB) Helper() {}

func (f *fakeTB) Errorf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errs = append(f.errs, fmt.Sprintf(format, args...))
}

func (f *fakeTB) Log(args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.logs = append(f.logs, fmt.Sprint(args...))
}

func needVNU(t testing.TB) {
	t.Helper()
	if os.Getenv(EnvURL) == "" {
		t.Skip("VNU_URL not set (start the checker with scripts/vnu.sh start)")
	}
}

const validDoc = `<!DOCTYPE html>
<html lang="vi">
<head><meta charset="utf-8"><title>Thủ tục hành chính</title></head>
<body>
<main>
<h1>Một cửa</h1>
<p id="a">Tiếng Việt có dấu: đ, ư, ơ, ạ.</p>
<form method="post" action="/submit">
<label for="name">Họ tên</label>
<input id="name" name="name" required>
<button type="submit">Gửi</button>
</form>
</main>
</body>
</html>
`

const invalidDoc = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Bad</title></head>
<body>
<p id="x">one</p>
<p id="x">two</p>
<p><div></div></p>
</body>
</html>
`

func TestValidDocumentPasses(t *testing.T) {
	needVNU(t)
	f := &fakeTB{TB: t}
	start := time.Now()
	Validate(f, []byte(validDoc))
	t.Logf("vnu took %v", time.Since(start).Round(time.Millisecond))
	for _, e := range f.errs {
		t.Errorf("unexpected report: %s", e)
	}
}

func TestInvalidDocumentIsReported(t *testing.T) {
	needVNU(t)
	f := &fakeTB{TB: t}
	start := time.Now()
	Validate(f, []byte(invalidDoc))
	t.Logf("vnu took %v", time.Since(start).Round(time.Millisecond))
	all := strings.Join(f.errs, "\n")
	for _, want := range []string{"Duplicate ID", "line 6", `No “p” element in scope`, "line 7"} {
		if !strings.Contains(all, want) {
			t.Errorf("report lacks %q; got:\n%s", want, all)
		}
	}
	t.Logf("reported:\n%s", all)
}

// BenchmarkValidate measures one round trip to the checker server.
func BenchmarkValidate(b *testing.B) {
	needVNU(b)
	for b.Loop() {
		f := &fakeTB{TB: b}
		Validate(f, []byte(validDoc))
		if len(f.errs) != 0 {
			b.Fatalf("unexpected report: %v", f.errs)
		}
	}
}

func TestUnsetURLOnlyLogs(t *testing.T) {
	t.Setenv(EnvURL, "")
	f := &fakeTB{TB: t}
	Validate(f, []byte(invalidDoc))
	Validate(f, []byte(invalidDoc))
	if len(f.errs) != 0 {
		t.Errorf("errors with VNU_URL unset: %v", f.errs)
	}
	if len(f.logs) > 1 {
		t.Errorf("logged %d times, want at most once: %v", len(f.logs), f.logs)
	}
}

func TestUnreachableCheckerIsAnError(t *testing.T) {
	t.Setenv(EnvURL, "http://127.0.0.1:1/")
	f := &fakeTB{TB: t}
	Validate(f, []byte(validDoc))
	if len(f.errs) != 1 {
		t.Errorf("got %d errors, want 1: %v", len(f.errs), f.errs)
	}
}
