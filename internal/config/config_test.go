package config

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestDefaults(t *testing.T) {
	c, err := LoadFrom(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Env != Development || c.Addr != "127.0.0.1:8080" || c.SessionMaxAge != 12*time.Hour || !c.MigrateOnStart {
		t.Errorf("defaults: %+v", c)
	}
	if c.SessionSecret == "" {
		t.Error("development gets a session secret")
	}
	if c.JSONLogs() {
		t.Error("development logs text")
	}
	if got := fmt.Sprint(c.MetricsAllow); c.MetricsAddr != "" || got != "[127.0.0.0/8 ::1/128]" {
		t.Errorf("metrics: METRICS_ADDR %q, METRICS_ALLOW %s; want none and loopback", c.MetricsAddr, got)
	}
}

func TestValidation(t *testing.T) {
	for name, tc := range map[string]struct {
		env  map[string]string
		want string
	}{
		"bad env":           {map[string]string{"MOTCUA_ENV": "staging"}, "MOTCUA_ENV"},
		"bad duration":      {map[string]string{"SESSION_MAX_AGE": "soon"}, "SESSION_MAX_AGE"},
		"bad int":           {map[string]string{"DB_MAX_OPEN_CONNS": "many"}, "DB_MAX_OPEN_CONNS"},
		"idle over open":    {map[string]string{"DB_MAX_OPEN_CONNS": "2", "DB_MAX_IDLE_CONNS": "5"}, "DB_MAX_IDLE_CONNS"},
		"bad addr":          {map[string]string{"ADDR": "8080"}, "ADDR"},
		"bad proxy":         {map[string]string{"TRUSTED_PROXIES": "10.0.0.1"}, "TRUSTED_PROXIES"},
		"prod secret":       {map[string]string{"MOTCUA_ENV": "production", "BASE_URL": "https://dichvucong.example.vn"}, "SESSION_SECRET"},
		"prod needs https":  {map[string]string{"MOTCUA_ENV": "production", "SESSION_SECRET": strings.Repeat("k", 40)}, "https"},
		"bad locale":        {map[string]string{"DEFAULT_LOCALE": "fr"}, "DEFAULT_LOCALE"},
		"bad log level":     {map[string]string{"LOG_LEVEL": "loud"}, "LOG_LEVEL"},
		"bad base url":      {map[string]string{"BASE_URL": "dichvucong"}, "BASE_URL"},
		"login limits zero": {map[string]string{"LOGIN_MAX_FAILURES_ACCOUNT": "0"}, "LOGIN_"},
		"bad metrics allow": {map[string]string{"METRICS_ALLOW": "127.0.0.1/8, 10.0.0.1"}, "METRICS_ALLOW"},
		"bad metrics addr":  {map[string]string{"METRICS_ADDR": "9090"}, "METRICS_ADDR"},
		"metrics on ADDR":   {map[string]string{"ADDR": "127.0.0.1:8080", "METRICS_ADDR": "127.0.0.1:8080"}, "METRICS_ADDR"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := LoadFrom(env(tc.env))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want mention of %s", err, tc.want)
			}
		})
	}
	good := map[string]string{"MOTCUA_ENV": "production", "BASE_URL": "https://dichvucong.example.vn",
		"SESSION_SECRET": strings.Repeat("k", 40), "TRUSTED_PROXIES": "10.0.0.0/8, 192.168.0.0/16",
		"METRICS_ADDR": "10.1.2.3:9090", "METRICS_ALLOW": "10.0.0.7/8, fd00::/8"}
	c, err := LoadFrom(env(good))
	if err != nil {
		t.Fatal(err)
	}
	if !c.JSONLogs() || !c.SecureCookies() || len(c.TrustedProxies) != 2 || c.MetricsAddr != "10.1.2.3:9090" ||
		fmt.Sprint(c.MetricsAllow) != "[10.0.0.0/8 fd00::/8]" {
		t.Errorf("production config: %+v", c)
	}
}

func TestSecretsMasked(t *testing.T) {
	c, err := LoadFrom(env(map[string]string{
		"DATABASE_URL":   "postgres://motcua:hunter2@db.internal:5432/motcua?sslmode=require",
		"SESSION_SECRET": "super-secret-session-key-1234567890",
	}))
	if err != nil {
		t.Fatal(err)
	}
	out := c.LogValue().String()
	for _, secret := range []string{"hunter2", "super-secret"} {
		if strings.Contains(out, secret) {
			t.Errorf("logged config leaks %q: %s", secret, out)
		}
	}
	if !strings.Contains(out, "db.internal") {
		t.Errorf("masked URL should keep the host: %s", out)
	}
}

// TestREADMEListsEveryVariable keeps the README's configuration table in
// step with the code.
func TestREADMEListsEveryVariable(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	for _, v := range Variables() {
		row := "| `" + v.Name + "` | "
		if !strings.Contains(readme, row) {
			t.Errorf("README lacks a row for %s", v.Name)
			continue
		}
		if v.Default != "" && !strings.Contains(readme, row+"`"+v.Default+"`") {
			t.Errorf("README row for %s does not show the default `%s`", v.Name, v.Default)
		}
	}
}

// TestBaseURLFollowsAddr: without BASE_URL, links point at the server's
// own address.
func TestBaseURLFollowsAddr(t *testing.T) {
	for addr, want := range map[string]string{"127.0.0.1:9191": "http://127.0.0.1:9191", ":8080": "http://127.0.0.1:8080",
		"0.0.0.0:80": "http://127.0.0.1:80", "[::1]:8080": "http://[::1]:8080"} {
		c, err := LoadFrom(func(k string) (string, bool) {
			if k == "ADDR" {
				return addr, true
			}
			return "", false
		})
		if err != nil || c.BaseURL != want {
			t.Errorf("ADDR %s: BASE_URL %q (%v), want %q", addr, c.BaseURL, err, want)
		}
	}
}
