//go:build ignore

// Command units generates testdata/seed/units.json, the organisation units of
// the demo province, from the official list of post-2025 administrative units
// (/work/shared/data/admin-units-2025.csv, MIT; see
// testdata/seed/units.ATTRIBUTION.md).
//
// Run it from the repository root:
//
//	go run testdata/seed/gen/units.go [-csv path] [-province 19] [-out testdata/seed/units.json]
//
// Unit identifiers follow the QCVN 102:2016 shape xxx.xx.xx.Hnn, read right to
// left: Hnn is the province (H + its two-digit code), the third group is the
// level-2 group directly under the province, the second group the level-3
// unit inside that group, the first group the level-4 unit. The scheme used
// here:
//
//	000.00.00.Hnn   UBND tỉnh (the root)
//	000.00.01.Hnn   Văn phòng UBND tỉnh
//	000.01.01.Hnn     Trung tâm Phục vụ hành chính công tỉnh (reception)
//	000.00.02.Hnn   first department (Sở), then .03, .04 ... in the order of
//	  ...           the post-2025 list (eleven departments, up to .12)
//	000.00.20.Hnn   Công an tỉnh
//	NNN.00.50.Hnn   commune NNN: level-2 group 50 holds the communes; NNN is
//	                the commune's 1-based position in the CSV (001..999)
//	NNN.01.50.Hnn     its reception centre (level-3 unit 01 under the commune)
//
// Communes hang directly under the province (two-level local government since
// 01/07/2025); each commune's reception centre hangs under its commune.
// admin_code holds the official province or commune code from the CSV.
//
// sort_order orders siblings: the office 1, departments 2..12, the police 20,
// communes 100+NNN (so CSV order is kept), reception centres 1.
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
	"unicode"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/org"
)

// department is one post-2025 provincial department (domain.md §1).
type department struct{ name, short string }

var departments = []department{
	{"Sở Nội vụ", "Sở Nội vụ"},
	{"Sở Tài chính", "Sở Tài chính"},
	{"Sở Tư pháp", "Sở Tư pháp"},
	{"Sở Công Thương", "Sở Công Thương"},
	{"Sở Nông nghiệp và Môi trường", "Sở NN&MT"},
	{"Sở Xây dựng", "Sở Xây dựng"},
	{"Sở Khoa học và Công nghệ", "Sở KH&CN"},
	{"Sở Giáo dục và Đào tạo", "Sở GD&ĐT"},
	{"Sở Y tế", "Sở Y tế"},
	{"Sở Văn hóa, Thể thao và Du lịch", "Sở VHTTDL"},
	{"Sở Dân tộc và Tôn giáo", "Sở DT&TG"},
}

type commune struct{ code, name string }

func main() {
	csvPath := flag.String("csv", "/work/shared/data/admin-units-2025.csv", "administrative units CSV (province_code,province_name,commune_code,commune_name)")
	province := flag.String("province", "19", "two-digit province code")
	out := flag.String("out", "testdata/seed/units.json", "output file")
	flag.Parse()

	if err := run(*csvPath, *province, *out); err != nil {
		log.Fatalf("units: %v", err)
	}
}

func run(csvPath, province, out string) error {
	f, err := os.Open(csvPath)
	if err != nil {
		return err
	}
	defer f.Close()
	provinceName, communes, err := readProvince(f, province)
	if err != nil {
		return fmt.Errorf("%s: %w", csvPath, err)
	}
	units, err := build(province, provinceName, communes)
	if err != nil {
		return err
	}

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(units); err != nil {
		return err
	}
	// Refuse to write a file the seed loader would reject.
	if _, err := org.ParseSeed(bytes.NewReader(buf.Bytes())); err != nil {
		return fmt.Errorf("generated seed is invalid: %w", err)
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	log.Printf("wrote %s: %d units for %s (%d communes)", out, len(units), provinceName, len(communes))
	return nil
}

// readProvince returns the province's name and its communes in file order.
func readProvince(r io.Reader, province string) (string, []commune, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 4
	header, err := cr.Read()
	if err != nil {
		return "", nil, fmt.Errorf("read header: %w", err)
	}
	want := []string{"province_code", "province_name", "commune_code", "commune_name"}
	for i, h := range header {
		if strings.TrimPrefix(strings.TrimSpace(h), "\ufeff") != want[i] {
			return "", nil, fmt.Errorf("header column %d is %q, want %q", i+1, h, want[i])
		}
	}
	var (
		name     string
		communes []commune
		seen     = map[string]bool{}
	)
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", nil, err
		}
		if strings.TrimSpace(rec[0]) != province {
			continue
		}
		name = strings.TrimSpace(rec[1])
		c := commune{code: strings.TrimSpace(rec[2]), name: strings.TrimSpace(rec[3])}
		if c.code == "" || c.name == "" {
			return "", nil, fmt.Errorf("commune with empty code or name: %q", rec)
		}
		if seen[c.code] {
			return "", nil, fmt.Errorf("duplicate commune code %s", c.code)
		}
		seen[c.code] = true
		communes = append(communes, c)
	}
	if len(communes) == 0 {
		return "", nil, fmt.Errorf("no communes for province %s", province)
	}
	if len(communes) > 999 {
		return "", nil, fmt.Errorf("%d communes do not fit the NNN.00.50 scheme", len(communes))
	}
	return name, communes, nil
}

func build(province, provinceName string, communes []commune) ([]org.SeedUnit, error) {
	if len(province) != 2 {
		return nil, fmt.Errorf("province code %q is not two digits", province)
	}
	h := ".H" + province
	root := "000.00.00" + h
	office := "000.00.01" + h
	// "Tỉnh Thái Nguyên" -> "tỉnh Thái Nguyên", as it reads after "UBND".
	inName := lowerFirst(provinceName)

	units := []org.SeedUnit{
		{Code: root, Name: "UBND " + inName, ShortName: "UBND tỉnh", Kind: org.KindProvince, AdminCode: province},
		{Code: office, Name: "Văn phòng UBND tỉnh", ShortName: "VP UBND tỉnh", Kind: org.KindOffice, ParentCode: root, SortOrder: 1},
		{Code: "000.01.01" + h, Name: "Trung tâm Phục vụ hành chính công tỉnh", ShortName: "TTPVHCC tỉnh", Kind: org.KindServiceCentre, ParentCode: office, Reception: true, SortOrder: 1},
	}
	for i, d := range departments {
		units = append(units, org.SeedUnit{
			Code: fmt.Sprintf("000.00.%02d%s", i+2, h), Name: d.name, ShortName: d.short,
			Kind: org.KindDepartment, ParentCode: root, SortOrder: i + 2,
		})
	}
	units = append(units, org.SeedUnit{
		Code: "000.00.20" + h, Name: "Công an " + inName, ShortName: "Công an tỉnh",
		Kind: org.KindPolice, ParentCode: root, SortOrder: 20,
	})
	for i, c := range communes {
		n := i + 1
		code := fmt.Sprintf("%03d.00.50%s", n, h)
		units = append(units,
			org.SeedUnit{
				Code: code, Name: "UBND " + c.name, ShortName: c.name,
				Kind: org.KindCommune, ParentCode: root, AdminCode: c.code, SortOrder: 100 + n,
			},
			org.SeedUnit{
				Code: fmt.Sprintf("%03d.01.50%s", n, h), Name: "Trung tâm Phục vụ hành chính công " + c.name,
				ShortName: "TTPVHCC " + c.name, Kind: org.KindCommuneCentre, ParentCode: code,
				Reception: true, SortOrder: 1,
			},
		)
	}
	return units, nil
}

func lowerFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToLower(r)) + s[size:]
}
