// Command motcua is MotCua's one binary: the web server and its
// administration commands. It parses the subcommand, loads the config,
// wires stores into services into handlers, and runs.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/internal/logx"
	"github.com/motcua/motcua/internal/pgstore"
	"github.com/motcua/motcua/internal/version"
)

const usage = `motcua: the MotCua public-service portal and one-stop-shop back office

Usage:
  motcua serve                 run the web server (applies migrations first unless MIGRATE_ON_START=false)
  motcua migrate [status]      apply pending database migrations, or list them
  motcua seed [--demo] [--if-empty]
                               load the unit tree and the procedure catalogue (and with
                               --demo, the demo accounts);
                               --if-empty loads each part only while it is empty
  motcua user create --email E --name N --phone P --role R --unit CODE [--personal-id ID]
                               create a staff account; the password is read from stdin
  motcua catalog import FILE|DIR [--dry-run]
                               import procedures in the national exchange format (DIR: every
                               *.json in it; blank forms from DIR/forms/ or FILE's forms/ folder)
  motcua catalog export [--code C]... [--out FILE]
                               export current procedures as a JSON array (stdout by default)
  motcua files sweep           remove from FILES_DIR what a crash left over a day ago (files
                               no row names, temporary files) and say how many; serve does
                               this every hour
  motcua version               print the version

Configuration comes from environment variables; see README.md.
`

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintln(os.Stderr, "motcua:", err)
			fmt.Fprint(os.Stderr, usage)
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "motcua:", err)
		os.Exit(1)
	}
}

type usageError string

func (e usageError) Error() string { return string(e) }

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError("no command given")
	}
	cmd, rest := args[0], args[1:]
	if cmd == "version" {
		fmt.Fprintln(stdout, version.String())
		return nil
	}
	if cmd == "help" || cmd == "-h" || cmd == "--help" {
		fmt.Fprint(stdout, usage)
		return nil
	}
	cfg, err := config.Load()
	if err != nil {
		return fmt.Errorf("configuration: %w", err)
	}
	log := logx.New(stderr, cfg.JSONLogs(), cfg.SlogLevel())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	switch cmd {
	case "serve":
		return serve(ctx, cfg, log)
	case "migrate":
		return migrate(ctx, cfg, rest, stdout)
	case "seed":
		return seed(ctx, cfg, log, rest, stdout)
	case "user":
		return user(ctx, cfg, rest, stdin, stdout)
	case "catalog":
		return catalogCmd(ctx, cfg, rest, stdout, stderr)
	case "files":
		return filesCmd(ctx, cfg, log, rest, stdout)
	}
	return usageError("unknown command " + cmd)
}

func openDB(ctx context.Context, cfg config.Config) (*pgstore.DB, error) {
	if err := cfg.RequireDatabase(); err != nil {
		return nil, err
	}
	return pgstore.Open(ctx, cfg.DatabaseURL, pgstore.PoolConfig{
		MaxOpen: cfg.DBMaxOpenConns, MaxIdle: cfg.DBMaxIdleConns, MaxLifetime: cfg.DBConnLifetime})
}

func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// logStart prints the configuration once, secrets masked.
func logStart(log *slog.Logger, cfg config.Config) {
	log.Info("starting motcua", "version", version.String(), "config", cfg)
}
