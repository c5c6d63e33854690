// Package mailer sends e-mail notifications over SMTP (the standard
// library's client: STARTTLS when the server offers it, PLAIN
// authentication when configured). It implements notify.Sender. Messages
// are plain UTF-8 text with RFC 2047 subjects and a Message-ID made from
// the delivery, so a message re-sent after a crash carries the same id
// and mail clients show it once.
package mailer

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/notify"
)

// Config is where and how to send.
type Config struct {
	Addr     string // host:port
	From     string // "Cổng Dịch vụ công <noreply@example.vn>"
	Username string
	Password string
	// Domain names the Message-IDs (the right-hand side).
	Domain  string
	Timeout time.Duration
}

// SMTP sends over SMTP.
type SMTP struct {
	c    Config
	from *mail.Address
}

// New checks the configuration.
func New(c Config) (*SMTP, error) {
	from, err := mail.ParseAddress(c.From)
	if err != nil {
		return nil, fmt.Errorf("mail sender %q: %w", c.From, err)
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return nil, fmt.Errorf("SMTP address %q: %w", c.Addr, err)
	}
	if c.Timeout <= 0 {
		c.Timeout = 30 * time.Second
	}
	if c.Domain == "" {
		c.Domain = "motcua.invalid"
	}
	return &SMTP{c: c, from: from}, nil
}

// Send delivers one message: notify.Sent once the server accepted it. A
// refused recipient is permanent; anything else (connection, temporary
// 4xx) is worth retrying.
func (s *SMTP) Send(ctx context.Context, d notify.Delivery) (notify.Status, error) {
	if err := s.send(ctx, d); err != nil {
		return "", err
	}
	return notify.Sent, nil
}

func (s *SMTP) send(ctx context.Context, d notify.Delivery) error {
	to, err := mail.ParseAddress(d.Address)
	if err != nil {
		return fmt.Errorf("%w: recipient: %w", notify.ErrPermanent, err)
	}
	msg := s.message(d, to)
	deadline := time.Now().Add(s.c.Timeout)
	if dl, ok := ctx.Deadline(); ok && dl.Before(deadline) {
		deadline = dl
	}
	var dialer net.Dialer
	conn, err := dialer.DialContext(ctx, "tcp", s.c.Addr)
	if err != nil {
		return err
	}
	_ = conn.SetDeadline(deadline)
	host, _, _ := net.SplitHostPort(s.c.Addr)
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		_ = conn.Close()
		return err
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(&tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}); err != nil {
			return err
		}
	}
	if s.c.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", s.c.Username, s.c.Password, host)); err != nil {
			return permanentIf5xx(err)
		}
	}
	if err := c.Mail(s.from.Address); err != nil {
		return permanentIf5xx(err)
	}
	if err := c.Rcpt(to.Address); err != nil {
		return permanentIf5xx(err)
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return permanentIf5xx(err)
	}
	return c.Quit()
}

// permanentIf5xx marks an SMTP 5xx reply as not worth retrying.
func permanentIf5xx(err error) error {
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 {
		return fmt.Errorf("%w: %w", notify.ErrPermanent, err)
	}
	return err
}

// message builds the RFC 5322 message.
func (s *SMTP) message(d notify.Delivery, to *mail.Address) []byte {
	var b bytes.Buffer
	h := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	h("From", s.from.String())
	h("To", to.String())
	h("Subject", mime.QEncoding.Encode("utf-8", d.Subject))
	h("Date", time.Now().Format(time.RFC1123Z))
	h("Message-ID", messageID(d, s.c.Domain))
	h("MIME-Version", "1.0")
	h("Content-Type", `text/plain; charset="utf-8"`)
	h("Content-Transfer-Encoding", "base64")
	b.WriteString("\r\n")
	enc := base64.StdEncoding.EncodeToString([]byte(strings.ReplaceAll(d.Body, "\n", "\r\n")))
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	return b.Bytes()
}

// messageID names a message: a delivery's is made from it, so a resend
// after a crash carries the same one and receivers can drop the copy; a
// message that is not a delivery (a password reset link) gets a random one.
func messageID(d notify.Delivery, domain string) string {
	if d.ID != 0 {
		return fmt.Sprintf("<delivery-%d.event-%d@%s>", d.ID, d.EventID, domain)
	}
	return "<" + rand.Text() + "@" + domain + ">"
}
