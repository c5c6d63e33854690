package catalog

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/audit"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/internal/valid"
)

// fakeStore is an in-memory Store; Tx gives all-or-nothing by snapshot.
type fakeStore struct {
	procs     map[string]*fakeProc
	templates map[string]File // code + "/" + name
	writes    int
	failOn    string // SaveDraft of this code fails
	audit     fakeAudit
}

// fakeAudit records audit entries in memory.
type fakeAudit struct{ entries []audit.Entry }

func (a *fakeAudit) Append(_ context.Context, e audit.Entry) error {
	a.entries = append(a.entries, e)
	return nil
}

func (a *fakeAudit) ForObject(_ context.Context, typ, id string) ([]audit.Entry, error) {
	var out []audit.Entry
	for _, e := range a.entries {
		if e.ObjectType == typ && e.ObjectID == id {
			out = append(out, e)
		}
	}
	return out, nil
}

type fakeProc struct {
	versions []Version // index n-1 is version n
	current  int
	draft    int
	retired  time.Time
}

func newFakeStore() *fakeStore {
	return &fakeStore{procs: map[string]*fakeProc{}, templates: map[string]File{}}
}

func (f *fakeStore) snapshot() *fakeStore {
	c := &fakeStore{procs: map[string]*fakeProc{}, templates: maps.Clone(f.templates), writes: f.writes, failOn: f.failOn,
		audit: fakeAudit{entries: slices.Clone(f.audit.entries)}}
	for k, p := range f.procs {
		cp := *p
		cp.versions = slices.Clone(p.versions)
		c.procs[k] = &cp
	}
	return c
}

func (f *fakeStore) tx(ctx context.Context, fn func(Store, audit.Store) error) error {
	saved := f.snapshot()
	if err := fn(f, &f.audit); err != nil {
		*f = *saved
		return err
	}
	return nil
}

func (f *fakeStore) SaveDraft(_ context.Context, rec Record, actor int64, at time.Time) (Version, error) {
	if rec.Code == f.failOn {
		return Version{}, errors.New("disk on fire")
	}
	f.writes++
	p := f.procs[rec.Code]
	if p == nil {
		p = &fakeProc{}
		f.procs[rec.Code] = p
	}
	if p.draft != 0 {
		p.versions[p.draft-1].Record = rec
		return p.versions[p.draft-1], nil
	}
	v := Version{Code: rec.Code, Number: len(p.versions) + 1, Status: StatusDraft, Record: rec, CreatedAt: at, CreatedBy: actor}
	p.versions = append(p.versions, v)
	p.draft = v.Number
	return v, nil
}

func (f *fakeStore) Publish(_ context.Context, code string, actor int64, at time.Time) (Version, error) {
	f.writes++
	p := f.procs[code]
	if p == nil || p.draft == 0 {
		return Version{}, ErrNoDraft
	}
	if p.current != 0 {
		p.versions[p.current-1].Status = StatusSuperseded
	}
	v := &p.versions[p.draft-1]
	v.Status, v.PublishedAt, v.PublishedBy = StatusPublished, at, actor
	p.current, p.draft = p.draft, 0
	return *v, nil
}

func (f *fakeStore) DiscardDraft(context.Context, string) error { return errors.New("not used") }

func (f *fakeStore) Retire(_ context.Context, code, _ string, at time.Time) error {
	f.writes++
	f.procs[code].retired = at
	return nil
}

func (f *fakeStore) Procedure(_ context.Context, code string) (Procedure, error) {
	p := f.procs[code]
	if p == nil {
		return Procedure{}, ErrNotFound
	}
	return Procedure{Code: code, CurrentVersion: p.current, DraftVersion: p.draft, RetiredAt: p.retired}, nil
}

func (f *fakeStore) Current(ctx context.Context, code string) (Version, error) {
	p := f.procs[code]
	if p == nil || p.current == 0 {
		return Version{}, ErrNotFound
	}
	return p.versions[p.current-1], nil
}

func (f *fakeStore) Version(_ context.Context, code string, n int) (Version, error) {
	p := f.procs[code]
	if p == nil || n < 1 || n > len(p.versions) {
		return Version{}, ErrNotFound
	}
	return p.versions[n-1], nil
}

func (f *fakeStore) Versions(_ context.Context, code string) ([]Version, error) {
	p := f.procs[code]
	if p == nil {
		return nil, ErrNotFound
	}
	out := slices.Clone(p.versions)
	slices.Reverse(out)
	return out, nil
}

func (f *fakeStore) Search(context.Context, Query) (Results, error) {
	return Results{}, errors.New("not used")
}

// AdminList pages by code, at most 30 a page whatever is asked, like a
// store with its own limit.
func (f *fakeStore) AdminList(_ context.Context, flt AdminFilter) ([]AdminRow, int, error) {
	codes := slices.Sorted(maps.Keys(f.procs))
	per := min(flt.PerPage, 30)
	var rows []AdminRow
	for i := (flt.Page - 1) * per; i < len(codes) && i < flt.Page*per; i++ {
		p, _ := f.Procedure(context.Background(), codes[i])
		rows = append(rows, AdminRow{Procedure: p})
	}
	return rows, len(codes), nil
}

func (f *fakeStore) Template(_ context.Context, code, name string) (File, error) {
	t, ok := f.templates[code+"/"+name]
	if !ok {
		return File{}, ErrNotFound
	}
	return t, nil
}

func (f *fakeStore) PutTemplate(_ context.Context, code string, file File) (bool, error) {
	if old, ok := f.templates[code+"/"+file.Name]; ok && old.SHA256 == file.SHA256 {
		return false, nil
	}
	f.writes++
	f.templates[code+"/"+file.Name] = file
	return true, nil
}

func natFile(t *testing.T, name string, recs ...Record) ImportFile {
	t.Helper()
	var v any
	if len(recs) == 1 {
		v = ToNational(recs[0])
	} else {
		var n []NationalRecord
		for _, r := range recs {
			n = append(n, ToNational(r))
		}
		v = n
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return ImportFile{Name: name, Data: b}
}

type progressLog [][2]int

func (p *progressLog) fn(done, total int) { *p = append(*p, [2]int{done, total}) }

func newImporter(st *fakeStore, forms map[string]string) *Importer {
	at := time.Date(2025, 7, 1, 8, 0, 0, 0, time.UTC)
	imp := &Importer{
		Tx:       st.tx,
		Validate: func(r Record) error { return ValidateRecord(r).OrNil() },
		Now:      func() time.Time { return at },
	}
	if forms != nil {
		imp.Templates = func(code, name string) ([]byte, bool) {
			if s, ok := forms[code+"/"+name]; ok {
				return []byte(s), true
			}
			s, ok := forms[name]
			return []byte(s), ok
		}
	}
	return imp
}

func TestImportIdempotent(t *testing.T) {
	ctx := context.Background()
	recs := codecRecords()
	files := []ImportFile{natFile(t, "a.json", recs[0], recs[1]), natFile(t, "b.json", recs[2])}
	st := newFakeStore()
	forms := map[string]string{"to-khai.docx": "TO KHAI v1", "2.002154/don.docx": "DON"}
	imp := newImporter(st, forms)

	var prog progressLog
	rep, err := imp.Import(ctx, 7, files, prog.fn)
	if err != nil {
		t.Fatal(err)
	}
	want := ImportReport{Added: []string{"1.001193", "2.002154", "1.000001"}, Files: 2,
		Names:            map[string]string{"1.001193": recs[0].Name, "2.002154": recs[1].Name, "1.000001": recs[2].Name},
		MissingTemplates: []string{"1.001193: giay-khai-sinh.pdf"}}
	if d := cmp.Diff(want, rep); d != "" {
		t.Errorf("first import (-want +got):\n%s", d)
	}
	if d := cmp.Diff(progressLog{{1, 3}, {2, 3}, {3, 3}}, prog); d != "" {
		t.Errorf("progress (-want +got):\n%s", d)
	}
	v, err := st.Current(ctx, "2.002154")
	if err != nil || v.Number != 1 || v.PublishedBy != 7 || v.CreatedBy != 7 || !v.PublishedAt.Equal(imp.Now()) {
		t.Fatalf("published version: %+v %v", v, err)
	}
	if d := cmp.Diff(recs[1], v.Record); d != "" {
		t.Errorf("stored record (-want +got):\n%s", d)
	}
	sum := sha256.Sum256([]byte("TO KHAI v1"))
	tk, err := st.Template(ctx, "1.001193", "to-khai.docx")
	if err != nil || tk.SHA256 != hex.EncodeToString(sum[:]) || string(tk.Data) != "TO KHAI v1" ||
		tk.ContentType != "application/vnd.openxmlformats-officedocument.wordprocessingml.document" {
		t.Errorf("template: %+v %v", tk, err)
	}
	if d, err := st.Template(ctx, "2.002154", "don.docx"); err != nil || string(d.Data) != "DON" {
		t.Errorf("per-procedure template: %+v %v", d, err)
	}

	// The same input again writes nothing.
	writes := st.writes
	prog = nil
	rep, err = imp.Import(ctx, 8, files, prog.fn)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Added)+len(rep.Changed) != 0 || len(rep.Unchanged) != 3 || st.writes != writes || len(prog) != 3 {
		t.Errorf("second import: %+v, %d writes, progress %v", rep, st.writes-writes, prog)
	}

	// The same content written differently is still unchanged.
	n := ToNational(recs[0])
	n.TENTTHC = "  " + norm.NFD.String(n.TENTTHC)
	n.CAPTHUCHIEN = "cap xa"
	n.TRUONGHOP[0].CACHTHUCTHUCHIEN[0].DONVITINH = "TRONG NGAY"
	n.NGAYHIEULUC = "1/7/2025"
	b, _ := json.Marshal(n)
	rep, err = imp.Import(ctx, 8, []ImportFile{{Name: "c.json", Data: b}}, nil)
	if err != nil || len(rep.Unchanged) != 1 || st.writes != writes {
		t.Errorf("equivalent input: %+v %v, %d writes", rep, err, st.writes-writes)
	}
}

func TestImportChanged(t *testing.T) {
	ctx := context.Background()
	recs := codecRecords()
	st := newFakeStore()
	forms := map[string]string{"to-khai.docx": "v1"}
	imp := newImporter(st, forms)
	if _, err := imp.Import(ctx, 1, []ImportFile{natFile(t, "a.json", recs[0], recs[1])}, nil); err != nil {
		t.Fatal(err)
	}

	edited := codecRecords()
	edited[1].Cases[0].Channels[0].Fees[0].Amount = 200000
	rep, err := imp.Import(ctx, 2, []ImportFile{natFile(t, "a.json", edited[0], edited[1], edited[2])}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"2.002154"}, rep.Changed); d != "" || !slices.Equal(rep.Added, []string{"1.000001"}) ||
		!slices.Equal(rep.Unchanged, []string{"1.001193"}) {
		t.Errorf("report: %+v", rep)
	}
	vs, _ := st.Versions(ctx, "2.002154")
	if len(vs) != 2 || vs[0].Status != StatusPublished || vs[1].Status != StatusSuperseded ||
		vs[0].Record.Cases[0].Channels[0].Fees[0].Amount != 200000 || vs[0].PublishedBy != 2 {
		t.Errorf("versions: %+v", vs)
	}

	// A changed form alone is a change, without a new version.
	forms["to-khai.docx"] = "v2"
	rep, err = imp.Import(ctx, 3, []ImportFile{natFile(t, "a.json", edited[0])}, nil)
	if err != nil || !slices.Equal(rep.Changed, []string{"1.001193"}) {
		t.Fatalf("form change: %+v %v", rep, err)
	}
	if vs, _ := st.Versions(ctx, "1.001193"); len(vs) != 1 {
		t.Errorf("a form change made a version: %d", len(vs))
	}
	if f, _ := st.Template(ctx, "1.001193", "to-khai.docx"); string(f.Data) != "v2" {
		t.Errorf("form not replaced: %q", f.Data)
	}

	// A procedure with only a draft is added by publishing the import.
	draft := codecRecords()[3]
	draft.Name = "Bản nháp"
	if _, err := st.SaveDraft(ctx, draft, 1, time.Now()); err != nil {
		t.Fatal(err)
	}
	rep, err = imp.Import(ctx, 4, []ImportFile{natFile(t, "d.json", codecRecords()[3])}, nil)
	if cur, _ := st.Current(ctx, "1.000002"); err != nil || !slices.Equal(rep.Added, []string{"1.000002"}) ||
		cur.Record.Name != codecRecords()[3].Name {
		t.Errorf("draft-only procedure: %+v %v %q", rep, err, cur.Record.Name)
	}
}

func TestImportAllOrNothing(t *testing.T) {
	ctx := context.Background()
	recs := codecRecords()
	st := newFakeStore()
	imp := newImporter(st, nil)
	txCalls := 0
	imp.Tx = func(ctx context.Context, fn func(Store, audit.Store) error) error { txCalls++; return st.tx(ctx, fn) }

	badUnit := ToNational(recs[1])
	badUnit.TRUONGHOP[0].CACHTHUCTHUCHIEN[1].DONVITINH = "Tuần"
	invalid := recs[2]
	invalid.Cases[0].Channels[0].Duration = 0 // ValidateRecord refuses it
	bu, _ := json.Marshal([]NationalRecord{ToNational(recs[3]), badUnit})
	files := []ImportFile{
		natFile(t, "a.json", recs[0], invalid),
		{Name: "b.json", Data: bu},
		{Name: "c.json", Data: []byte(`{"MATTHC": 1}`)},
	}
	var prog progressLog
	_, err := imp.Import(ctx, 1, files, prog.fn)
	var res RecordErrors
	if !errors.As(err, &res) {
		t.Fatalf("want RecordErrors, got %T %v", err, err)
	}
	for _, want := range []string{
		`a.json: record 2 (MATTHC 1.000001): TRUONGHOP[0].CACHTHUCTHUCHIEN[0].THOIGIANGIAIQUYET: catalog.error.duration`,
		`b.json: record 2 (MATTHC 2.002154): TRUONGHOP[0].CACHTHUCTHUCHIEN[1].DONVITINH: unknown unit "Tuần"; want one of`,
		`c.json:1:12: record 1: MATTHC: got number, want string`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in\n%v", want, err)
		}
	}
	if len(res) != 3 {
		t.Errorf("want 3 problems, got %d:\n%v", len(res), err)
	}
	if txCalls != 0 || st.writes != 0 || len(st.procs) != 0 || len(prog) != 0 {
		t.Errorf("something was written: tx %d, writes %d, procs %d, progress %v", txCalls, st.writes, len(st.procs), prog)
	}

	// A store failure rolls the whole import back.
	st.failOn = "2.002154"
	_, err = imp.Import(ctx, 1, []ImportFile{natFile(t, "a.json", recs[0], recs[1])}, nil)
	var re *RecordError
	if !errors.As(err, &re) || re.File != "a.json" || re.Index != 1 || re.Code != "2.002154" ||
		!strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("store failure: %v", err)
	}
	if len(st.procs) != 0 || st.writes != 0 {
		t.Errorf("not rolled back: %d procs", len(st.procs))
	}
}

func TestImportDuplicates(t *testing.T) {
	recs := codecRecords()
	st := newFakeStore()
	_, err := newImporter(st, nil).Import(context.Background(), 1, []ImportFile{
		natFile(t, "a.json", recs[0], recs[1]), natFile(t, "b.json", recs[2], recs[1]),
	}, nil)
	want := "b.json: record 2 (MATTHC 2.002154): MATTHC: duplicate code 2.002154; also a.json record 2"
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
	if st.writes != 0 {
		t.Error("written")
	}
	_, err = newImporter(st, nil).Import(context.Background(), 1, []ImportFile{natFile(t, "a.json", recs[0], recs[0])}, nil)
	if err == nil || !strings.Contains(err.Error(), "a.json: record 2 (MATTHC 1.001193): MATTHC: duplicate code 1.001193; also a.json record 1") {
		t.Errorf("duplicate within a file: %v", err)
	}
}

func TestImportValidationPaths(t *testing.T) {
	recs := codecRecords()
	imp := newImporter(newFakeStore(), nil)
	imp.Validate = func(r Record) error {
		var e valid.Errors
		e.Add("agencies[3].unit_code", "catalog.error.unit_code")
		e.Add("name", "catalog.error.too_long", 500)
		return e
	}
	_, err := imp.Import(context.Background(), 1, []ImportFile{natFile(t, "a.json", recs[0])}, nil)
	want := "a.json: record 1 (MATTHC 1.001193): COQUANPHOIHOP[0].MADONVI: catalog.error.unit_code\n" +
		"a.json: record 1 (MATTHC 1.001193): TENTTHC: catalog.error.too_long[500]"
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
	imp.Validate = func(Record) error { return errors.New("no") }
	if _, err = imp.Import(context.Background(), 1, []ImportFile{natFile(t, "a.json", recs[0])}, nil); err == nil ||
		err.Error() != "a.json: record 1 (MATTHC 1.001193): no" {
		t.Errorf("plain error: %v", err)
	}
}

func TestImportRetiredAndDryRun(t *testing.T) {
	ctx := context.Background()
	recs := codecRecords()
	st := newFakeStore()
	imp := newImporter(st, map[string]string{"to-khai.docx": "x"})
	if _, err := imp.Import(ctx, 1, []ImportFile{natFile(t, "a.json", recs[0], recs[1])}, nil); err != nil {
		t.Fatal(err)
	}
	writes := st.writes

	imp.DryRun = true
	edited := codecRecords()
	edited[0].Name += " (sửa)"
	rep, err := imp.Import(ctx, 1, []ImportFile{natFile(t, "a.json", edited[0], edited[1], edited[2])}, nil)
	if err != nil || !slices.Equal(rep.Changed, []string{"1.001193"}) || !slices.Equal(rep.Unchanged, []string{"2.002154"}) ||
		!slices.Equal(rep.Added, []string{"1.000001"}) || st.writes != writes {
		t.Errorf("dry run: %+v %v, %d writes", rep, err, st.writes-writes)
	}
	imp.DryRun = false

	if err := st.Retire(ctx, "1.001193", "bãi bỏ", time.Now()); err != nil {
		t.Fatal(err)
	}
	if rep, err = imp.Import(ctx, 1, []ImportFile{natFile(t, "a.json", recs[0])}, nil); err != nil || len(rep.Unchanged) != 1 {
		t.Errorf("unchanged retired procedure: %+v %v", rep, err)
	}
	_, err = imp.Import(ctx, 1, []ImportFile{natFile(t, "a.json", edited[0])}, nil)
	if !errors.Is(err, ErrRetired) || !strings.Contains(err.Error(), "a.json: record 1 (MATTHC 1.001193)") {
		t.Errorf("changed retired procedure: %v", err)
	}
}

func TestExport(t *testing.T) {
	ctx := context.Background()
	recs := codecRecords()
	st := newFakeStore()
	if _, err := newImporter(st, nil).Import(ctx, 1, []ImportFile{natFile(t, "a.json", recs...)}, nil); err != nil {
		t.Fatal(err)
	}
	if err := st.Retire(ctx, "1.000002", "x", time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveDraft(ctx, Record{Code: "9.999999", Name: "nháp"}, 1, time.Now()); err != nil {
		t.Fatal(err)
	}
	got, err := Export(ctx, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []NationalRecord{ToNational(recs[2]), ToNational(recs[0]), ToNational(recs[1])}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("export all (-want +got):\n%s", d)
	}
	got, err = Export(ctx, st, []string{"2.002154", "1.001193", "2.002154"})
	if err != nil || len(got) != 2 || got[0].MATTHC != "2.002154" || got[1].MATTHC != "1.001193" {
		t.Errorf("export by code: %v %v", len(got), err)
	}
	if _, err = Export(ctx, st, []string{"9.999999"}); !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "9.999999") {
		t.Errorf("unpublished code: %v", err)
	}

	// Many procedures: every page is read.
	big := newFakeStore()
	var many []Record
	for i := range 75 {
		r := codecRecords()[2]
		r.Code = fmt.Sprintf("1.%06d", 100+i)
		many = append(many, r)
	}
	if _, err := newImporter(big, nil).Import(ctx, 1, []ImportFile{natFile(t, "many.json", many...)}, nil); err != nil {
		t.Fatal(err)
	}
	if got, err = Export(ctx, big, nil); err != nil || len(got) != 75 || got[74].MATTHC != "1.000174" {
		t.Errorf("paged export: %d %v", len(got), err)
	}
}

// TestImportIsAudited checks that every procedure an import adds or
// changes gets an audit entry with the changed fields, and an unchanged one
// none.
func TestImportIsAudited(t *testing.T) {
	ctx := context.Background()
	recs := codecRecords()
	st := newFakeStore()
	imp := newImporter(st, nil)
	if _, err := imp.Import(ctx, 42, []ImportFile{natFile(t, "a.json", recs[0], recs[1])}, nil); err != nil {
		t.Fatal(err)
	}
	changed := recs[0]
	changed.Name += " (sửa đổi)"
	if _, err := imp.Import(ctx, 42, []ImportFile{natFile(t, "a.json", changed, recs[1])}, nil); err != nil {
		t.Fatal(err)
	}
	first, _ := st.audit.ForObject(ctx, "procedure", recs[0].Code)
	second, _ := st.audit.ForObject(ctx, "procedure", recs[1].Code)
	if len(first) != 2 || len(second) != 1 {
		t.Fatalf("audit entries: %d and %d, want 2 and 1", len(first), len(second))
	}
	last := first[1]
	if last.ActorID != 42 || last.Action != "catalog.import" {
		t.Errorf("entry: %+v", last)
	}
	var fields []string
	for _, c := range last.Changes {
		fields = append(fields, c.Field)
	}
	if !slices.Equal(fields, []string{"version", "name"}) || last.Changes[0].Old != "1" || last.Changes[0].New != "2" {
		t.Errorf("changes: %+v", last.Changes)
	}
}
