//go:build ignore

// Command holidays generates testdata/seed/holidays.json, the table of days
// off and swapped working days that administrators start from, from the rules
// in internal/calendar (calendar.SeedRules: the government's announced days
// where the package knows them, else the statutory ones).
//
// Run it from the repository root:
//
//	go run testdata/seed/gen/holidays.go [-from 2025] [-to 2030] [-out testdata/seed/holidays.json]
//
// Each entry has its date, kind (off or work), Vietnamese name and legal
// basis; "[cần kiểm tra]" in a basis marks what is to be checked against the
// act or notice before relying on it.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"

	"github.com/motcua/motcua/internal/calendar"
)

func main() {
	from := flag.Int("from", 2025, "first year")
	to := flag.Int("to", 2030, "last year")
	out := flag.String("out", "testdata/seed/holidays.json", "output file")
	flag.Parse()
	if err := run(*from, *to, *out); err != nil {
		log.Fatalf("holidays: %v", err)
	}
}

func run(from, to int, out string) error {
	if from > to {
		return fmt.Errorf("-from %d is after -to %d", from, to)
	}
	var rules []calendar.DayRule
	for y := from; y <= to; y++ {
		rules = append(rules, calendar.SeedRules(y)...)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rules); err != nil {
		return err
	}
	// Refuse to write a file the engine would reject.
	if _, err := calendar.ReadTable(bytes.NewReader(buf.Bytes())); err != nil {
		return fmt.Errorf("generated table is invalid: %w", err)
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	log.Printf("wrote %s: %d rules for %d-%d", out, len(rules), from, to)
	return nil
}
