// Package logx sets up structured logging with log/slog: JSON in production,
// text in development, and the request id of the current request on every
// line logged with a context. Log messages are English and technical and
// never carry personal data (ID numbers, phone numbers, emails, names).
// It imports only the standard library.
package logx

import (
	"context"
	"io"
	"log/slog"
	"regexp"
)

type ctxKey struct{}

// WithRequestID returns ctx carrying the request id.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, ctxKey{}, id)
}

// RequestID returns the request id in ctx, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(ctxKey{}).(string)
	return id
}

// New builds the process logger.
func New(w io.Writer, json bool, level slog.Level) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler
	if json {
		h = slog.NewJSONHandler(w, opts)
	} else {
		h = slog.NewTextHandler(w, opts)
	}
	return slog.New(requestIDHandler{h})
}

// requestIDHandler adds request_id to every record logged with a context
// that carries one.
type requestIDHandler struct{ slog.Handler }

func (h requestIDHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := RequestID(ctx); id != "" {
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h requestIDHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return requestIDHandler{h.Handler.WithAttrs(as)}
}

func (h requestIDHandler) WithGroup(name string) slog.Handler {
	return requestIDHandler{h.Handler.WithGroup(name)}
}

// emailLike matches what looks like an e-mail address inside a message.
var emailLike = regexp.MustCompile(`[^\s<>"'(),;:]+@[^\s<>"'(),;:]+`)

// Redacted is an error's text with anything that looks like an e-mail
// address replaced, for errors that come back from mail servers (which
// quote the recipient): personal data stays out of the logs.
func Redacted(err error) string {
	if err == nil {
		return ""
	}
	return emailLike.ReplaceAllString(err.Error(), "<address>")
}
