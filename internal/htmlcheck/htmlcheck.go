package htmlcheck

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// EnvURL names the environment variable with the checker's base URL, for
// example http://127.0.0.1:43491/.
const EnvURL = "VNU_URL"

var (
	client     = &http.Client{Timeout: 60 * time.Second}
	notSetOnce sync.Once
)

// message is one entry of the checker's JSON output.
type message struct {
	Type        string `json:"type"`    // "error", "info" or "non-document-error"
	SubType     string `json:"subType"` // "warning", "fatal", "io", ...
	FirstLine   int    `json:"firstLine"`
	LastLine    int    `json:"lastLine"`
	FirstColumn int    `json:"firstColumn"`
	LastColumn  int    `json:"lastColumn"`
	Message     string `json:"message"`
	Extract     string `json:"extract"`
}

// Validate checks that html is a valid HTML document and reports each error
// of the Nu HTML checker with t.Errorf (line, column, message and the
// extract of the source). Warnings are ignored. A failure to reach the
// checker is reported with t.Errorf too. When $VNU_URL is unset, Validate
// logs that HTML validity is not checked (once per test binary) and returns.
func Validate(t testing.TB, html []byte) {
	t.Helper()
	base := os.Getenv(EnvURL)
	if base == "" {
		notSetOnce.Do(func() { t.Log("VNU_URL not set: HTML validity not checked") })
		return
	}
	msgs, err := check(base, html)
	if err != nil {
		t.Errorf("htmlcheck: %v", err)
		return
	}
	for _, m := range msgs {
		switch m.Type {
		case "error":
			t.Errorf("html: %s: %s\n\t%s", position(m), m.Message, extract(m.Extract))
		case "non-document-error":
			t.Errorf("htmlcheck: checker could not check the document: %s", m.Message)
		}
	}
}

// check posts the document and decodes the messages.
func check(base string, html []byte) ([]message, error) {
	u, err := url.Parse(base)
	if err != nil {
		return nil, fmt.Errorf("%s=%q: %w", EnvURL, base, err)
	}
	q := u.Query()
	q.Set("out", "json")
	u.RawQuery = q.Encode()
	if u.Path == "" {
		u.Path = "/"
	}

	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, u.String(), bytes.NewReader(html))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "text/html; charset=utf-8")
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("post to checker: %w (is scripts/vnu.sh running?)", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("read checker answer: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("checker answered %s: %.200s", resp.Status, body)
	}
	var out struct {
		Messages []message `json:"messages"`
	}
	if err := json.Unmarshal(body, &out); err != nil {
		return nil, fmt.Errorf("decode checker answer: %w: %.200s", err, body)
	}
	return out.Messages, nil
}

// position formats the location of a message, "line 3, col 5".
func position(m message) string {
	line := m.LastLine
	if m.FirstLine != 0 {
		line = m.FirstLine
	}
	col := m.FirstColumn
	if col == 0 {
		col = m.LastColumn
	}
	if line == 0 {
		return "document"
	}
	return "line " + strconv.Itoa(line) + ", col " + strconv.Itoa(col)
}

// extract shows the source extract on one line.
func extract(s string) string {
	return strconv.Quote(strings.TrimSpace(s))
}
