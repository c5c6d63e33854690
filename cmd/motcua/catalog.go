package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/app"
	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/config"
	"github.com/motcua/motcua/internal/pgstore"
)

// catalogCmd runs `motcua catalog import|export`.
func catalogCmd(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError("catalog: want `catalog import` or `catalog export`")
	}
	switch args[0] {
	case "import":
		return catalogImport(ctx, cfg, args[1:], stdout, stderr)
	case "export":
		return catalogExport(ctx, cfg, args[1:], stdout)
	}
	return usageError("catalog: unknown subcommand " + args[0])
}

// parseMixed parses flags that may come before or after the positional
// arguments, and returns the positional ones.
func parseMixed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos, args = append(pos, args[0]), args[1:]
	}
}

func catalogImport(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("catalog import")
	dryRun := fs.Bool("dry-run", false, "check and compare, write nothing")
	pos, err := parseMixed(fs, args)
	if err != nil {
		return usageError("catalog import: " + err.Error())
	}
	if len(pos) != 1 {
		return usageError("catalog import: want one FILE or DIR")
	}
	root, p := pos[0], "."
	if info, err := os.Stat(root); err != nil { //nolint:gosec // G703: the operator names the file to import
		return fmt.Errorf("catalog import: %w", err)
	} else if !info.IsDir() {
		root, p = filepath.Dir(root), filepath.Base(root)
	}
	fsys := os.DirFS(root)
	files, formsDir, err := app.ImportFiles(fsys, p)
	if err != nil {
		return fmt.Errorf("catalog import: %w", err)
	}
	for i := range files { // errors name the files as the operator gave them
		files[i].Name = filepath.Join(root, files[i].Name)
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := pgstore.Migrate(ctx, db.SQL()); err != nil {
		return err
	}
	a, err := app.New(cfg, slog.New(slog.DiscardHandler), db, account.DefaultHashParams)
	if err != nil {
		return err
	}
	imp := a.Importer(app.FormReader(fsys, formsDir), *dryRun)
	bar := newProgressBar(stderr)
	rep, err := imp.Import(ctx, 0, files, bar.update)
	bar.done()
	if err != nil {
		var problems catalog.RecordErrors
		if errors.As(err, &problems) {
			return fmt.Errorf("catalog import: nothing imported; %d problem(s):\n%w", len(problems), err)
		}
		return fmt.Errorf("catalog import: nothing imported: %w", err)
	}
	for _, c := range rep.Added {
		fmt.Fprintf(stdout, "added   %s %s\n", c, rep.Names[c])
	}
	for _, c := range rep.Changed {
		fmt.Fprintf(stdout, "changed %s %s\n", c, rep.Names[c])
	}
	for _, m := range rep.MissingTemplates {
		fmt.Fprintf(stdout, "warning: blank form not found in %s: %s\n", filepath.Join(root, formsDir), m)
	}
	suffix := ""
	if *dryRun {
		suffix = " (dry run: nothing written)"
	}
	fmt.Fprintf(stdout, "catalog: %d added, %d changed, %d unchanged%s\n",
		len(rep.Added), len(rep.Changed), len(rep.Unchanged), suffix)
	return nil
}

// progressBar draws `[#####     ] 120/2000` on a terminal, for imports of
// more than 50 records.
type progressBar struct {
	w     io.Writer
	shown bool
}

func newProgressBar(stderr io.Writer) *progressBar {
	f, ok := stderr.(*os.File)
	if !ok {
		return &progressBar{}
	}
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return &progressBar{}
	}
	return &progressBar{w: stderr}
}

func (b *progressBar) update(done, total int) {
	if b.w == nil || total <= 50 {
		return
	}
	const width = 30
	n := done * width / total
	fmt.Fprintf(b.w, "\r[%s%s] %d/%d", strings.Repeat("#", n), strings.Repeat(" ", width-n), done, total)
	b.shown = true
}

func (b *progressBar) done() {
	if b.shown {
		fmt.Fprintln(b.w)
		b.shown = false
	}
}

func catalogExport(ctx context.Context, cfg config.Config, args []string, stdout io.Writer) error {
	fs := newFlags("catalog export")
	var codes []string
	fs.Func("code", "procedure code (repeatable)", func(s string) error {
		codes = append(codes, strings.TrimSpace(s))
		return nil
	})
	out := fs.String("out", "", "output file (default stdout)")
	pos, err := parseMixed(fs, args)
	if err != nil {
		return usageError("catalog export: " + err.Error())
	}
	if len(pos) > 0 {
		return usageError("catalog export: unexpected argument " + pos[0])
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	recs, err := catalog.Export(ctx, pgstore.NewCatalogStore(db), codes)
	if err != nil {
		return fmt.Errorf("catalog export: %w", err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(recs); err != nil {
		return fmt.Errorf("catalog export: %w", err)
	}
	if *out == "" {
		_, err = stdout.Write(buf.Bytes())
		return err
	}
	//nolint:gosec // G306: an export is a public catalogue file
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("catalog export: %w", err)
	}
	fmt.Fprintf(stdout, "catalog: %d procedure(s) exported to %s\n", len(recs), *out)
	return nil
}
