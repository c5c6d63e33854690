// Package sms sends SMS notifications through an HTTP gateway: the URL,
// the credentials and the request body are configuration, so any
// provider's API can be spoken without code. It implements notify.Sender.
package sms

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/notify"
)

// Config describes the gateway.
type Config struct {
	URL      string
	Username string // HTTP basic authentication, when set
	Password string
	// ContentType is application/json or application/x-www-form-urlencoded;
	// it also decides how {to} and {text} are escaped in Body.
	ContentType string
	// Body is the request body with {to} (0xxxxxxxxx) and {text}, e.g.
	// {"to":"{to}","message":"{text}"}.
	Body    string
	Timeout time.Duration
}

// Gateway posts messages to an HTTP SMS gateway.
type Gateway struct {
	c      Config
	client *http.Client
}

// New checks the configuration.
func New(c Config) (*Gateway, error) {
	u, err := url.Parse(c.URL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("SMS gateway URL %q: want an http(s) URL", c.URL)
	}
	if c.ContentType == "" {
		c.ContentType = "application/json"
	}
	if c.ContentType != "application/json" && c.ContentType != "application/x-www-form-urlencoded" {
		return nil, fmt.Errorf("SMS gateway content type %q: want application/json or application/x-www-form-urlencoded", c.ContentType)
	}
	if !strings.Contains(c.Body, "{to}") || !strings.Contains(c.Body, "{text}") {
		return nil, fmt.Errorf("SMS gateway body must contain {to} and {text}")
	}
	if c.Timeout <= 0 {
		c.Timeout = 15 * time.Second
	}
	return &Gateway{c: c, client: &http.Client{Timeout: c.Timeout}}, nil
}

// escape makes v safe inside the body.
func (g *Gateway) escape(v string) string {
	if g.c.ContentType == "application/x-www-form-urlencoded" {
		return url.QueryEscape(v)
	}
	b, _ := json.Marshal(v)
	return string(b[1 : len(b)-1])
}

// Send posts one message: notify.Sent once the gateway answered 2xx. A
// 4xx answer (other than 408 and 429) is permanent; 5xx, 408, 429 and
// network errors are retried.
func (g *Gateway) Send(ctx context.Context, d notify.Delivery) (notify.Status, error) {
	if err := g.send(ctx, d); err != nil {
		return "", err
	}
	return notify.Sent, nil
}

func (g *Gateway) send(ctx context.Context, d notify.Delivery) error {
	body := strings.NewReplacer("{to}", g.escape(d.Address), "{text}", g.escape(d.Body)).Replace(g.c.Body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, g.c.URL, bytes.NewBufferString(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", g.c.ContentType)
	if g.c.Username != "" {
		req.SetBasicAuth(g.c.Username, g.c.Password)
	}
	res, err := g.client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	snippet, _ := io.ReadAll(io.LimitReader(res.Body, 200))
	switch {
	case res.StatusCode >= 200 && res.StatusCode < 300:
		return nil
	case res.StatusCode == http.StatusRequestTimeout || res.StatusCode == http.StatusTooManyRequests || res.StatusCode >= 500:
		return fmt.Errorf("SMS gateway: %s: %s", res.Status, bytes.TrimSpace(snippet))
	}
	return fmt.Errorf("%w: SMS gateway: %s: %s", notify.ErrPermanent, res.Status, bytes.TrimSpace(snippet))
}
