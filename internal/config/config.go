// Package config reads MotCua's one typed configuration from environment
// variables, validates it once at start, and prints it with secrets masked.
// It imports only the standard library; the Config value is passed
// explicitly to whatever needs it (no globals).
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Env names the running environment.
type Env string

const (
	Development Env = "development"
	Production  Env = "production"
	Test        Env = "test"
)

// Config is every setting MotCua reads. fields() binds each to its
// environment variable and default; README.md lists them (a test checks).
type Config struct {
	Env         Env
	Addr        string
	BaseURL     string
	DatabaseURL string

	DBMaxOpenConns int
	DBMaxIdleConns int
	DBConnLifetime time.Duration
	MigrateOnStart bool

	SessionSecret string
	SessionMaxAge time.Duration

	LoginMaxFailuresAccount int
	LoginMaxFailuresIP      int
	LoginThrottleWindow     time.Duration
	// RegisterMaxPerIP registrations (accounts made, or details that have
	// one) per client address within RegisterWindow.
	RegisterMaxPerIP int
	RegisterWindow   time.Duration

	HTTPReadTimeout  time.Duration
	HTTPWriteTimeout time.Duration
	HTTPIdleTimeout  time.Duration
	ShutdownTimeout  time.Duration
	BodyLimit        string
	// TrustedProxies are the load balancers' networks, whose
	// X-Forwarded-For is trusted.
	TrustedProxies []netip.Prefix

	// MetricsAddr, when set, is the only address serving /metrics (to
	// whoever reaches it); the site's address then does not serve it.
	MetricsAddr string
	// MetricsAllow are the networks whose direct connections may read
	// /metrics on the site's address (when MetricsAddr is unset).
	MetricsAllow []netip.Prefix

	LogLevel  string
	LogFormat string

	DefaultLocale string

	CatalogCacheSize    int
	CatalogCacheRefresh time.Duration

	FilesDir          string
	UploadMaxFileMB   int
	UploadMaxDossier  int
	DraftMaxAge       time.Duration
	LookupMaxFailures int
	LookupWindow      time.Duration

	SMTPAddr     string
	SMTPFrom     string
	SMTPUsername string
	SMTPPassword string

	SMSURL         string
	SMSUsername    string
	SMSPassword    string
	SMSContentType string
	SMSBody        string
}

// devSessionSecret is used only in development and test when SESSION_SECRET
// is unset, so `make run` works without setup. Production refuses it.
const devSessionSecret = //nolint:gosec // G101: a published development-only key; Validate refuses it in production
"motcua-development-only-secret-do-not-use-in-production"

// Load reads the configuration from the process environment.
func Load() (Config, error) { return LoadFrom(os.LookupEnv) }

// LoadFrom reads the configuration through lookup (os.LookupEnv in
// production, a map in tests) and validates it.
func LoadFrom(lookup func(string) (string, bool)) (Config, error) {
	var c Config
	var errs []error
	for _, f := range fields(&c) {
		raw, ok := lookup(f.env)
		if !ok || raw == "" {
			raw = f.def
		}
		if err := f.set(raw); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", f.env, err))
		}
	}
	if c.SessionSecret == "" && c.Env != Production {
		c.SessionSecret = devSessionSecret
	}
	if c.BaseURL == "" {
		c.BaseURL = baseURLOf(c.Addr)
	}
	if len(errs) > 0 {
		return c, errors.Join(errs...)
	}
	return c, c.Validate()
}

// baseURLOf is the default public URL: the server's own address, so that
// links printed on documents (QR codes) work on a development machine
// whatever ADDR is.
func baseURLOf(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// Validate checks the settings together.
func (c Config) Validate() error {
	var errs []error
	switch c.Env {
	case Development, Production, Test:
	default:
		errs = append(errs, fmt.Errorf("MOTCUA_ENV: must be development, production or test, not %q", c.Env))
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		errs = append(errs, fmt.Errorf("ADDR: %w", err))
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, errors.New("BASE_URL: must be an absolute http or https URL"))
	}
	if c.Env == Production {
		if len(c.SessionSecret) < 32 || c.SessionSecret == devSessionSecret {
			errs = append(errs, errors.New("SESSION_SECRET: must be set to at least 32 random characters in production"))
		}
		if !c.SecureCookies() {
			errs = append(errs, errors.New("BASE_URL: must use https in production"))
		}
	}
	if c.DBMaxOpenConns < 1 || c.DBMaxIdleConns < 0 || c.DBMaxIdleConns > c.DBMaxOpenConns {
		errs = append(errs, errors.New("DB_MAX_OPEN_CONNS / DB_MAX_IDLE_CONNS: need 1 <= idle <= open"))
	}
	if c.CatalogCacheSize < 0 {
		errs = append(errs, errors.New("CATALOG_CACHE_SIZE: must be 0 (no cache) or more"))
	}
	if c.FilesDir == "" {
		errs = append(errs, errors.New("FILES_DIR: must name a directory"))
	}
	if c.UploadMaxFileMB < 1 || c.UploadMaxDossier < c.UploadMaxFileMB || c.UploadMaxDossier > 2048 {
		errs = append(errs, errors.New("UPLOAD_MAX_FILE_MB / UPLOAD_MAX_DOSSIER_MB: need 1 <= file <= dossier <= 2048"))
	}
	if c.DraftMaxAge < time.Hour {
		errs = append(errs, errors.New("DRAFT_MAX_AGE: must be at least 1h"))
	}
	if c.LookupMaxFailures < 1 || c.LookupWindow < time.Minute {
		errs = append(errs, errors.New("LOOKUP_MAX_FAILURES / LOOKUP_THROTTLE_WINDOW: need at least 1 and 1m"))
	}
	if c.CatalogCacheRefresh < 0 {
		errs = append(errs, errors.New("CATALOG_CACHE_REFRESH: must not be negative"))
	}
	if c.SessionMaxAge < time.Minute {
		errs = append(errs, errors.New("SESSION_MAX_AGE: must be at least 1m"))
	}
	if c.LoginMaxFailuresAccount < 1 || c.LoginMaxFailuresIP < 1 || c.LoginThrottleWindow < time.Second {
		errs = append(errs, errors.New("LOGIN_*: limits must be positive"))
	}
	if c.RegisterMaxPerIP < 1 || c.RegisterWindow < time.Minute {
		errs = append(errs, errors.New("REGISTER_MAX_PER_IP / REGISTER_THROTTLE_WINDOW: need at least 1 and 1m"))
	}
	if c.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(c.MetricsAddr); err != nil {
			errs = append(errs, fmt.Errorf("METRICS_ADDR: %w", err))
		} else if c.MetricsAddr == c.Addr {
			errs = append(errs, errors.New("METRICS_ADDR: must differ from ADDR (it keeps /metrics off the site's address)"))
		}
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("LOG_LEVEL: must be debug, info, warn or error, not %q", c.LogLevel))
	}
	switch c.LogFormat {
	case "auto", "json", "text":
	default:
		errs = append(errs, fmt.Errorf("LOG_FORMAT: must be auto, json or text, not %q", c.LogFormat))
	}
	switch c.DefaultLocale {
	case "vi", "en":
	default:
		errs = append(errs, fmt.Errorf("DEFAULT_LOCALE: must be vi or en, not %q", c.DefaultLocale))
	}
	return errors.Join(errs...)
}

// RequireDatabase reports an error when DATABASE_URL is missing; commands
// that talk to the database call it.
func (c Config) RequireDatabase() error {
	if c.DatabaseURL == "" {
		return errors.New("DATABASE_URL is not set (use `make run`, which starts a private PostgreSQL, or set it to your database)")
	}
	return nil
}

// SecureCookies reports whether cookies must carry the Secure flag.
func (c Config) SecureCookies() bool { return strings.HasPrefix(c.BaseURL, "https://") }

// JSONLogs reports whether logs are written as JSON.
func (c Config) JSONLogs() bool {
	switch c.LogFormat {
	case "json":
		return true
	case "text":
		return false
	}
	return c.Env == Production
}

// SlogLevel converts LogLevel.
func (c Config) SlogLevel() slog.Level {
	var l slog.Level
	_ = l.UnmarshalText([]byte(c.LogLevel))
	return l
}

// LogValue prints every setting with secrets masked.
func (c Config) LogValue() slog.Value {
	var attrs []slog.Attr
	for _, f := range fields(&c) {
		attrs = append(attrs, slog.String(f.env, f.masked()))
	}
	return slog.GroupValue(attrs...)
}

// Variable describes one environment variable, for the README table test.
type Variable struct{ Name, Default string }

// Variables lists every variable Config reads, in declaration order.
func Variables() []Variable {
	var c Config
	var out []Variable
	for _, f := range fields(&c) {
		out = append(out, Variable{Name: f.env, Default: f.def})
	}
	return out
}

type field struct {
	env, def, secret string
	set              func(string) error
	get              func() string
}

func (f field) masked() string {
	v := f.get()
	switch {
	case v == "":
		return ""
	case f.secret == "full":
		return "****"
	case f.secret == "url":
		u, err := url.Parse(v)
		if err != nil {
			return "****"
		}
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "****")
		}
		q := u.Query()
		if q.Has("password") {
			q.Set("password", "****")
			u.RawQuery = q.Encode()
		}
		return u.String()
	}
	return v
}

// fields binds each Config field to its variable. Written out by hand
// (rather than with reflection) so a typo is a compile error.
func fields(c *Config) []field {
	return []field{
		str("MOTCUA_ENV", "development", "", (*string)(&c.Env)),
		str("ADDR", "127.0.0.1:8080", "", &c.Addr),
		str("BASE_URL", "", "", &c.BaseURL),
		str("DATABASE_URL", "", "url", &c.DatabaseURL),
		integer("DB_MAX_OPEN_CONNS", "20", &c.DBMaxOpenConns),
		integer("DB_MAX_IDLE_CONNS", "10", &c.DBMaxIdleConns),
		duration("DB_CONN_MAX_LIFETIME", "30m", &c.DBConnLifetime),
		boolean("MIGRATE_ON_START", "true", &c.MigrateOnStart),
		str("SESSION_SECRET", "", "full", &c.SessionSecret),
		duration("SESSION_MAX_AGE", "12h", &c.SessionMaxAge),
		integer("LOGIN_MAX_FAILURES_ACCOUNT", "5", &c.LoginMaxFailuresAccount),
		integer("LOGIN_MAX_FAILURES_IP", "30", &c.LoginMaxFailuresIP),
		duration("LOGIN_THROTTLE_WINDOW", "15m", &c.LoginThrottleWindow),
		integer("REGISTER_MAX_PER_IP", "20", &c.RegisterMaxPerIP),
		duration("REGISTER_THROTTLE_WINDOW", "1h", &c.RegisterWindow),
		duration("HTTP_READ_TIMEOUT", "15s", &c.HTTPReadTimeout),
		duration("HTTP_WRITE_TIMEOUT", "30s", &c.HTTPWriteTimeout),
		duration("HTTP_IDLE_TIMEOUT", "60s", &c.HTTPIdleTimeout),
		duration("SHUTDOWN_TIMEOUT", "15s", &c.ShutdownTimeout),
		str("BODY_LIMIT", "2M", "", &c.BodyLimit),
		prefixes("TRUSTED_PROXIES", "", &c.TrustedProxies),
		str("METRICS_ADDR", "", "", &c.MetricsAddr),
		prefixes("METRICS_ALLOW", "127.0.0.0/8,::1/128", &c.MetricsAllow),
		str("LOG_LEVEL", "info", "", &c.LogLevel),
		str("LOG_FORMAT", "auto", "", &c.LogFormat),
		str("DEFAULT_LOCALE", "vi", "", &c.DefaultLocale),
		integer("CATALOG_CACHE_SIZE", "2000", &c.CatalogCacheSize),
		duration("CATALOG_CACHE_REFRESH", "1s", &c.CatalogCacheRefresh),
		str("FILES_DIR", "var/files", "", &c.FilesDir),
		integer("UPLOAD_MAX_FILE_MB", "10", &c.UploadMaxFileMB),
		integer("UPLOAD_MAX_DOSSIER_MB", "50", &c.UploadMaxDossier),
		duration("DRAFT_MAX_AGE", "720h", &c.DraftMaxAge),
		integer("LOOKUP_MAX_FAILURES", "20", &c.LookupMaxFailures),
		duration("LOOKUP_THROTTLE_WINDOW", "15m", &c.LookupWindow),
		str("SMTP_ADDR", "", "", &c.SMTPAddr),
		str("SMTP_FROM", "Cổng Dịch vụ công <no-reply@motcua.localhost>", "", &c.SMTPFrom),
		str("SMTP_USERNAME", "", "", &c.SMTPUsername),
		str("SMTP_PASSWORD", "", "full", &c.SMTPPassword),
		str("SMS_GATEWAY_URL", "", "url", &c.SMSURL),
		str("SMS_GATEWAY_USERNAME", "", "", &c.SMSUsername),
		str("SMS_GATEWAY_PASSWORD", "", "full", &c.SMSPassword),
		str("SMS_GATEWAY_CONTENT_TYPE", "application/json", "", &c.SMSContentType),
		str("SMS_GATEWAY_BODY", `{"to":"{to}","message":"{text}"}`, "", &c.SMSBody),
	}
}

func str(env, def, secret string, p *string) field {
	return field{env: env, def: def, secret: secret,
		set: func(s string) error { *p = s; return nil },
		get: func() string { return *p }}
}

func integer(env, def string, p *int) field {
	return field{env: env, def: def,
		set: func(s string) error {
			n, err := strconv.Atoi(s)
			if err != nil {
				return errors.New("not a whole number")
			}
			*p = n
			return nil
		},
		get: func() string { return strconv.Itoa(*p) }}
}

func duration(env, def string, p *time.Duration) field {
	return field{env: env, def: def,
		set: func(s string) error {
			d, err := time.ParseDuration(s)
			if err != nil {
				return errors.New("not a duration such as 30s or 15m")
			}
			*p = d
			return nil
		},
		get: func() string { return p.String() }}
}

func boolean(env, def string, p *bool) field {
	return field{env: env, def: def,
		set: func(s string) error {
			b, err := strconv.ParseBool(s)
			if err != nil {
				return errors.New("not true or false")
			}
			*p = b
			return nil
		},
		get: func() string { return strconv.FormatBool(*p) }}
}

// prefixes reads comma-separated CIDRs (10.0.0.0/8, ::1/128).
func prefixes(env, def string, p *[]netip.Prefix) field {
	return field{env: env, def: def,
		set: func(s string) error {
			*p = nil
			for _, r := range splitList(s) {
				n, err := netip.ParsePrefix(r)
				if err != nil {
					return fmt.Errorf("%q is not a CIDR such as 10.0.0.0/8 or ::1/128", r)
				}
				*p = append(*p, n.Masked())
			}
			return nil
		},
		get: func() string {
			out := make([]string, len(*p))
			for i, n := range *p {
				out[i] = n.String()
			}
			return strings.Join(out, ",")
		}}
}

// splitList splits a comma-separated value, dropping blanks.
func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}
