// Package smstest runs an HTTP SMS gateway on loopback for tests: it
// accepts every message and keeps what it was sent.
package smstest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// Request is one message the gateway received.
type Request struct {
	Body          string
	Authorization string
}

// Gateway is a running stand-in gateway.
type Gateway struct {
	// URL is the address to configure as SMS_GATEWAY_URL.
	URL string
	mu  sync.Mutex
	got []Request
}

// Start starts a gateway that answers 202 to every request; it stops when
// the test ends.
func Start(t testing.TB) *Gateway {
	t.Helper()
	g := &Gateway{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		g.mu.Lock()
		g.got = append(g.got, Request{Body: string(b), Authorization: r.Header.Get("Authorization")})
		g.mu.Unlock()
		w.WriteHeader(http.StatusAccepted)
	}))
	t.Cleanup(srv.Close)
	g.URL = srv.URL
	return g
}

// Requests returns the messages received so far, oldest first.
func (g *Gateway) Requests() []Request {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]Request(nil), g.got...)
}
