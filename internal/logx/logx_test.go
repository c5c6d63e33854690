package logx

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"
)

func TestRequestIDOnEveryLine(t *testing.T) {
	var buf bytes.Buffer
	log := New(&buf, true, slog.LevelInfo).With("component", "test")
	ctx := WithRequestID(context.Background(), "req-123")
	log.InfoContext(ctx, "hello")
	var rec map[string]any
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
		t.Fatal(err)
	}
	if rec["request_id"] != "req-123" || rec["component"] != "test" {
		t.Fatalf("record = %v", rec)
	}
	buf.Reset()
	log.Info("no context")
	if bytes.Contains(buf.Bytes(), []byte("request_id")) {
		t.Fatalf("unexpected request_id: %s", buf.String())
	}
}

func TestRedactedHidesAddresses(t *testing.T) {
	err := errors.New("550 5.1.1 <hoa.nguyen@example.vn>: Recipient address rejected (to hoa@x.vn)")
	got := Redacted(err)
	if strings.Contains(got, "@") || !strings.Contains(got, "550 5.1.1 <<address>>: Recipient address rejected") {
		t.Errorf("Redacted = %q", got)
	}
	if Redacted(nil) != "" {
		t.Error("Redacted(nil) is not empty")
	}
}
