package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/catalog"
	"github.com/motcua/motcua/internal/dbtest"
	"github.com/motcua/motcua/internal/pgstore"
)

const khaiSinhJSON = `{
  "MATTHC": "1.001193",
  "TENTTHC": "Đăng ký khai sinh",
  "QUYETDINHCONGBO": "1234/QĐ-UBND",
  "CAPTHUCHIEN": "Cấp Xã",
  "LINHVUCTHUCHIEN": {"MALINHVUC": "HT", "TENLINHVUC": "Hộ tịch"},
  "DOITUONGTHUCHIEN": ["Công dân Việt Nam", "Người nước ngoài"],
  "COQUANTHUCHIEN": [{"TENDONVI": "UBND cấp xã", "LOAIDONVI": "commune"}],
  "TRUONGHOP": [{
    "TENTRUONGHOP": "Đăng ký khai sinh đúng hạn",
    "TRINHTUTHUCHIEN": "Nộp tờ khai; công chức tư pháp kiểm tra và cấp giấy khai sinh.",
    "CACHTHUCTHUCHIEN": [
      {"KENH": "Trực tiếp", "THOIGIANGIAIQUYET": 0, "DONVITINH": "Trong ngày"},
      {"KENH": "Trực tuyến", "THOIGIANGIAIQUYET": 0, "DONVITINH": "Trong ngày",
       "PHILEPHI": [{"LOAIPHI": "Lệ phí", "SOTIEN": 0, "MOTA": "Miễn lệ phí"}]}
    ],
    "THANHPHANHOSO": [
      {"TENGIAYTO": "Tờ khai đăng ký khai sinh", "SOBANCHINH": 1, "SOBANSAO": 0, "MAUDON": "to-khai.docx", "BATBUOC": true}
    ]
  }],
  "KETQUATHUCHIEN": [{"TENKETQUA": "Giấy khai sinh"}],
  "CANCUPHAPLY": [{"SOVANBAN": "60/2014/QH13", "TENVANBAN": "Luật Hộ tịch", "NGAYBANHANH": "20/11/2014", "COQUANBANHANH": "Quốc hội"}],
  "MUCDO": "Toàn trình",
  "NGAYHIEULUC": "01/07/2025"
}`

const xayDungJSON = `[{
  "MATTHC": "2.002154",
  "TENTTHC": "Cấp giấy phép xây dựng",
  "CAPTHUCHIEN": "Cấp Tỉnh",
  "LINHVUCTHUCHIEN": {"MALINHVUC": "XD", "TENLINHVUC": "Xây dựng"},
  "DOITUONGTHUCHIEN": ["Doanh nghiệp", "Tổ chức"],
  "COQUANTHUCHIEN": [{"TENDONVI": "Sở Xây dựng", "MADONVI": "000.00.10.H19"}],
  "COQUANPHOIHOP": [{"TENDONVI": "UBND tỉnh"}],
  "TRUONGHOP": [{
    "TENTRUONGHOP": "Công trình cấp I",
    "TRINHTUTHUCHIEN": "Nộp hồ sơ tại Trung tâm Phục vụ hành chính công tỉnh.",
    "CACHTHUCTHUCHIEN": [
      {"KENH": "Trực tiếp", "THOIGIANGIAIQUYET": 20, "DONVITINH": "Ngày làm việc",
       "PHILEPHI": [{"LOAIPHI": "Lệ phí", "SOTIEN": 150000}]},
      {"KENH": "Dịch vụ bưu chính", "THOIGIANGIAIQUYET": 20, "DONVITINH": "Ngày làm việc", "KHONGAPDUNG": true}
    ],
    "THANHPHANHOSO": [{"TENGIAYTO": "Đơn đề nghị cấp giấy phép", "SOBANCHINH": 1, "SOBANSAO": 0, "BATBUOC": true}],
    "GIAIDOAN": [
      {"TENGIAIDOAN": "Thẩm định", "COQUAN": "Sở Xây dựng", "THOIGIAN": 15, "DONVITINH": "Ngày làm việc"},
      {"TENGIAIDOAN": "Phê duyệt", "COQUAN": "UBND tỉnh", "THOIGIAN": 5, "DONVITINH": "Ngày làm việc"}
    ]
  }],
  "KETQUATHUCHIEN": [{"TENKETQUA": "Giấy phép xây dựng"}],
  "CANCUPHAPLY": [{"SOVANBAN": "50/2014/QH13", "TENVANBAN": "Luật Xây dựng"}],
  "MUCDO": "Cung cấp thông tin"
}]`

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestCatalogCommands(t *testing.T) {
	dsn := dbtest.DSN(t)
	t.Setenv("DATABASE_URL", dsn)
	t.Setenv("MOTCUA_ENV", "test")
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.json"), khaiSinhJSON)
	writeFile(t, filepath.Join(dir, "b.json"), xayDungJSON)
	writeFile(t, filepath.Join(dir, "notes.txt"), "not a catalogue file")
	writeFile(t, filepath.Join(dir, "forms", "to-khai.docx"), "blank form v1")

	var ue usageError
	for _, args := range [][]string{{"catalog"}, {"catalog", "frob"}, {"catalog", "import"},
		{"catalog", "import", "a", "b"}, {"catalog", "export", "x"}, {"catalog", "import", "--nope", dir}} {
		if _, err := runCmd(t, "", args...); !errors.As(err, &ue) {
			t.Errorf("%v: want a usage error, got %v", args, err)
		}
	}

	// A dry run on an empty catalogue writes nothing.
	out, err := runCmd(t, "", "catalog", "import", dir, "--dry-run")
	if err != nil || !strings.Contains(out, "catalog: 2 added, 0 changed, 0 unchanged (dry run") {
		t.Fatalf("dry run: %q %v", out, err)
	}
	out, err = runCmd(t, "", "catalog", "import", dir)
	if err != nil || !strings.Contains(out, "catalog: 2 added, 0 changed, 0 unchanged\n") ||
		!strings.Contains(out, "added   1.001193 Đăng ký khai sinh\n") ||
		!strings.Contains(out, "added   2.002154 Cấp giấy phép xây dựng\n") {
		t.Fatalf("first import: %q %v", out, err)
	}

	ctx := context.Background()
	db, err := pgstore.Open(ctx, dsn, pgstore.PoolConfig{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st := pgstore.NewCatalogStore(db)
	form, err := st.Template(ctx, "1.001193", "to-khai.docx")
	if err != nil || string(form.Data) != "blank form v1" || form.SHA256 == "" {
		t.Errorf("form: %+v %v", form, err)
	}

	out, err = runCmd(t, "", "catalog", "import", dir)
	if err != nil || !strings.Contains(out, "catalog: 0 added, 0 changed, 2 unchanged") || strings.Contains(out, "added ") {
		t.Fatalf("second import: %q %v", out, err)
	}

	// One record edited.
	writeFile(t, filepath.Join(dir, "b.json"), strings.Replace(xayDungJSON, `"SOTIEN": 150000`, `"SOTIEN": 200000`, 1))
	out, err = runCmd(t, "", "catalog", "import", dir)
	if err != nil || !strings.Contains(out, "catalog: 0 added, 1 changed, 1 unchanged") ||
		!strings.Contains(out, "changed 2.002154 Cấp giấy phép xây dựng\n") {
		t.Fatalf("edited import: %q %v", out, err)
	}
	if vs, err := st.Versions(ctx, "2.002154"); err != nil || len(vs) != 2 {
		t.Errorf("versions after the change: %d %v", len(vs), err)
	}
	// A changed form is a change of its procedure; a single file works too.
	writeFile(t, filepath.Join(dir, "forms", "to-khai.docx"), "blank form v2")
	out, err = runCmd(t, "", "catalog", "import", filepath.Join(dir, "a.json"))
	if err != nil || !strings.Contains(out, "catalog: 0 added, 1 changed, 0 unchanged") {
		t.Fatalf("form change: %q %v", out, err)
	}

	// A bad file: nothing is imported, not even the good new record.
	writeFile(t, filepath.Join(dir, "c.json"), strings.Replace(strings.Replace(khaiSinhJSON, "1.001193", "1.000894", 1),
		`"DONVITINH": "Trong ngày",`, `"DONVITINH": "Tuần",`, 1))
	writeFile(t, filepath.Join(dir, "d.json"), strings.Replace(khaiSinhJSON, "1.001193", "1.000656", 1))
	_, err = runCmd(t, "", "catalog", "import", dir)
	want := filepath.Join(dir, "c.json") + `: record 1 (MATTHC 1.000894): TRUONGHOP[0].CACHTHUCTHUCHIEN[1].DONVITINH: unknown unit "Tuần"`
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "nothing imported") {
		t.Fatalf("bad file: %v", err)
	}
	if _, err := st.Procedure(ctx, "1.000656"); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("a record was imported from a failed run: %v", err)
	}
	// A JSON type error names its line and field.
	writeFile(t, filepath.Join(dir, "c.json"), strings.Replace(xayDungJSON, `"THOIGIAN": 15`, `"THOIGIAN": "15"`, 1))
	_, err = runCmd(t, "", "catalog", "import", dir)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "c.json")+":19:") ||
		!strings.Contains(err.Error(), "record 1 (MATTHC 2.002154): TRUONGHOP[0].GIAIDOAN[0].THOIGIAN: got string, want number") {
		t.Fatalf("type error: %v", err)
	}
	// A duplicate code across files.
	writeFile(t, filepath.Join(dir, "c.json"), xayDungJSON)
	if _, err = runCmd(t, "", "catalog", "import", dir); err == nil ||
		!strings.Contains(err.Error(), "duplicate code 2.002154; also "+filepath.Join(dir, "b.json")) {
		t.Fatalf("duplicate: %v", err)
	}
	if err := os.Remove(filepath.Join(dir, "c.json")); err != nil {
		t.Fatal(err)
	}
	out, err = runCmd(t, "", "catalog", "import", dir)
	if err != nil || !strings.Contains(out, "catalog: 1 added, 0 changed, 2 unchanged") {
		t.Fatalf("after removing the bad file: %q %v", out, err)
	}

	// Export round-trips.
	outFile := filepath.Join(t.TempDir(), "export.json")
	out, err = runCmd(t, "", "catalog", "export", "--code", "2.002154", "--code", "1.001193", "--out", outFile)
	if err != nil || !strings.Contains(out, "2 procedure(s) exported") {
		t.Fatalf("export: %q %v", out, err)
	}
	data, err := os.ReadFile(outFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("[\n  {\n    \"MATTHC\": \"2.002154\"")) || !bytes.Contains(data, []byte("Cấp giấy phép")) {
		t.Errorf("export format: %.200s", data)
	}
	exported, err := catalog.DecodeFile("export.json", bytes.NewReader(data))
	if err != nil || len(exported) != 2 {
		t.Fatalf("decode export: %d %v", len(exported), err)
	}
	for _, n := range exported {
		rec, err := catalog.FromNational(n)
		if err != nil {
			t.Fatal(err)
		}
		cur, err := st.Current(ctx, n.MATTHC)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(cur.Record, rec); d != "" {
			t.Errorf("%s export round trip (-db +file):\n%s", n.MATTHC, d)
		}
	}
	// Importing the export changes nothing.
	importDir := t.TempDir()
	writeFile(t, filepath.Join(importDir, "export.json"), string(data))
	if out, err = runCmd(t, "", "catalog", "import", importDir); err != nil || !strings.Contains(out, "0 added, 0 changed, 2 unchanged") {
		t.Errorf("import of the export: %q %v", out, err)
	}
	// Everything to stdout.
	out, err = runCmd(t, "", "catalog", "export")
	var all []catalog.NationalRecord
	if err != nil || json.Unmarshal([]byte(out), &all) != nil || len(all) != 3 || all[0].MATTHC != "1.000656" {
		t.Errorf("export all: %d %v\n%.300s", len(all), err, out)
	}
	if _, err = runCmd(t, "", "catalog", "export", "--code", "9.999999"); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("export of an unknown code: %v", err)
	}
}

func TestProgressBar(t *testing.T) {
	var buf bytes.Buffer
	b := &progressBar{w: &buf}
	for i := 1; i <= 50; i++ {
		b.update(i, 50)
	}
	b.done()
	if buf.Len() != 0 {
		t.Errorf("bar for 50 records: %q", buf.String())
	}
	b.update(120, 2000)
	b.update(2000, 2000)
	b.done()
	want := "\r[#                             ] 120/2000\r[##############################] 2000/2000\n"
	if buf.String() != want {
		t.Errorf("got %q\nwant %q", buf.String(), want)
	}
	if nb := newProgressBar(&buf); nb.w != nil {
		t.Error("a buffer is not a terminal")
	}
}
