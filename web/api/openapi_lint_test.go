package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/web/route"
)

// TestOpenAPILintsClean runs an independent linter, Redocly CLI (pinned in
// package.json, installed by `npm ci` in scripts/browser-deps.sh), with
// its recommended rules over the served document, and wants no error and
// no warning: every operation declares its security, the licence has a
// URL, every operation describes the 4XX answers it can give.
func TestOpenAPILintsClean(t *testing.T) {
	cli, err := filepath.Abs(filepath.Join("..", "..", "node_modules", "@redocly", "cli", "bin", "cli.js"))
	if err != nil {
		t.Fatal(err)
	}
	node, nodeErr := exec.LookPath("node")
	_, cliErr := os.Stat(cli)
	if missing := errors.Join(nodeErr, cliErr); missing != nil {
		// make test installs it and sets the variable: there a missing
		// linter is a failure, never a silently skipped check.
		if os.Getenv(browsertest.EnvRequire) != "" {
			t.Fatalf("the OpenAPI linter is missing (%v); run scripts/browser-deps.sh (%s is set)", missing, browsertest.EnvRequire)
		}
		t.Skipf("the OpenAPI linter is missing (%v); run scripts/browser-deps.sh", missing)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, cli, "lint", "--extends=recommended", "--format=json", "openapi.json")
	// No telemetry and no update check: the test talks to nobody.
	cmd.Env = append(os.Environ(), "REDOCLY_TELEMETRY=off", "REDOCLY_SUPPRESS_UPDATE_NOTICE=true", "CI=true")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	var report struct {
		Totals struct {
			Errors   int `json:"errors"`
			Warnings int `json:"warnings"`
		} `json:"totals"`
		Problems []struct {
			RuleID   string `json:"ruleId"`
			Severity string `json:"severity"`
			Message  string `json:"message"`
			Location []struct {
				Pointer string `json:"pointer"`
			} `json:"location"`
		} `json:"problems"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &report); err != nil {
		t.Fatalf("redocly lint: %v (%v)\nstdout: %.500s\nstderr: %.2000s", err, runErr, stdout.String(), stderr.String())
	}
	for _, p := range report.Problems {
		var at []string
		for _, l := range p.Location {
			at = append(at, l.Pointer)
		}
		t.Errorf("%s %s: %s (%s)", p.Severity, p.RuleID, p.Message, strings.Join(at, ", "))
	}
	if report.Totals.Errors+report.Totals.Warnings != len(report.Problems) || (runErr != nil && len(report.Problems) == 0) {
		t.Errorf("redocly lint: %d errors, %d warnings, exit %v", report.Totals.Errors, report.Totals.Warnings, runErr)
	}
}

// TestOpenAPISessionCookie: the security scheme names the cookie the
// portal sets.
func TestOpenAPISessionCookie(t *testing.T) {
	b, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Components struct {
			SecuritySchemes map[string]struct{ Type, In, Name string } `json:"securitySchemes"`
		} `json:"components"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if s := doc.Components.SecuritySchemes["session"]; s.Type != "apiKey" || s.In != "cookie" || s.Name != route.SessionCookieName {
		t.Errorf("session scheme %+v, want an apiKey in the cookie %s", s, route.SessionCookieName)
	}
}
