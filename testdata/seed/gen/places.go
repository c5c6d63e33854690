//go:build ignore

// Command places generates testdata/seed/places.json, every province and
// commune of Viet Nam after the 2025 reorganisation (34 provinces, 3,321
// communes), from the official list of administrative units
// (/work/shared/data/admin-units-2025.csv, MIT; see
// testdata/seed/places.ATTRIBUTION.md). Address fields of e-forms are
// answered from it: an applicant may live in any province, not only the
// demo one.
//
// Run it from the repository root:
//
//	go run testdata/seed/gen/places.go [-csv path] [-out testdata/seed/places.json]
//
// The file keeps the CSV's order (official code order) and writes one
// province or commune per line, so a change in the source list shows as a
// readable diff.
package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"strings"

	"github.com/motcua/motcua/internal/org"
)

type province struct {
	code, name string
	communes   []org.Place
}

func main() {
	csvPath := flag.String("csv", "/work/shared/data/admin-units-2025.csv", "administrative units CSV (province_code,province_name,commune_code,commune_name)")
	out := flag.String("out", "testdata/seed/places.json", "output file")
	flag.Parse()

	if err := run(*csvPath, *out); err != nil {
		log.Fatalf("places: %v", err)
	}
}

func run(csvPath, out string) error {
	f, err := os.Open(csvPath)
	if err != nil {
		return err
	}
	defer f.Close()
	provinces, err := read(f)
	if err != nil {
		return fmt.Errorf("%s: %w", csvPath, err)
	}
	data, err := encode(provinces)
	if err != nil {
		return err
	}
	// Refuse to write a file the loader would reject.
	if _, err := org.ParsePlaces(bytes.NewReader(data)); err != nil {
		return fmt.Errorf("generated places file is invalid: %w", err)
	}
	if err := os.WriteFile(out, data, 0o644); err != nil {
		return err
	}
	n := 0
	for _, p := range provinces {
		n += len(p.communes)
	}
	log.Printf("wrote %s: %d provinces, %d communes", out, len(provinces), n)
	return nil
}

// read groups the CSV's communes by province, keeping file order. A
// province's rows must be contiguous: a province seen again after another
// one means the file is not the official list.
func read(r io.Reader) ([]*province, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 4
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("read header: %w", err)
	}
	want := []string{"province_code", "province_name", "commune_code", "commune_name"}
	for i, h := range header {
		if strings.TrimPrefix(strings.TrimSpace(h), "\ufeff") != want[i] {
			return nil, fmt.Errorf("header column %d is %q, want %q", i+1, h, want[i])
		}
	}
	var (
		provinces []*province
		seen      = map[string]bool{}
	)
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		if len(provinces) == 0 || provinces[len(provinces)-1].code != rec[0] {
			if seen[rec[0]] {
				return nil, fmt.Errorf("rows of province %s are not contiguous", rec[0])
			}
			seen[rec[0]] = true
			provinces = append(provinces, &province{code: rec[0], name: rec[1]})
		}
		p := provinces[len(provinces)-1]
		if rec[1] != p.name {
			return nil, fmt.Errorf("province %s is named both %q and %q", p.code, p.name, rec[1])
		}
		p.communes = append(p.communes, org.Place{Code: rec[2], Name: rec[3]})
	}
	return provinces, nil
}

// encode writes the JSON array by hand, one province header and one commune
// per line: json.MarshalIndent would spread each commune over four lines.
func encode(provinces []*province) ([]byte, error) {
	var b bytes.Buffer
	str := func(s string) error {
		var sb bytes.Buffer
		enc := json.NewEncoder(&sb)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			return err
		}
		b.Write(bytes.TrimRight(sb.Bytes(), "\n"))
		return nil
	}
	b.WriteString("[\n")
	for i, p := range provinces {
		b.WriteString(`{"code":`)
		if err := str(p.code); err != nil {
			return nil, err
		}
		b.WriteString(`,"name":`)
		if err := str(p.name); err != nil {
			return nil, err
		}
		b.WriteString(`,"communes":[` + "\n")
		for j, c := range p.communes {
			b.WriteString(`  {"code":`)
			if err := str(c.Code); err != nil {
				return nil, err
			}
			b.WriteString(`,"name":`)
			if err := str(c.Name); err != nil {
				return nil, err
			}
			b.WriteString("}")
			if j < len(p.communes)-1 {
				b.WriteString(",")
			}
			b.WriteString("\n")
		}
		b.WriteString("]}")
		if i < len(provinces)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("]\n")
	return b.Bytes(), nil
}
