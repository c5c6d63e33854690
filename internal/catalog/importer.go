package catalog

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/audit"

	"github.com/motcua/motcua/internal/valid"
)

// ImportFile is one exchange file to import.
type ImportFile struct {
	Name string
	Data []byte
}

// ImportReport says what an import did, by procedure code in input order.
type ImportReport struct {
	Added, Changed, Unchanged []string
	Files                     int
	// Names maps each imported code to the procedure's name.
	Names map[string]string
	// MissingTemplates lists "CODE: file" for blank forms a record names
	// that were neither supplied nor stored before (only when Templates
	// is set).
	MissingTemplates []string
}

// Importer loads exchange files into the catalogue: all or nothing, and
// idempotent (a record equal to the current version writes nothing).
type Importer struct {
	// Tx runs fn with the catalogue and audit stores bound to one
	// transaction; every added or changed procedure gets an audit entry.
	Tx func(ctx context.Context, fn func(Store, audit.Store) error) error
	// Validate checks a mapped record (ValidateRecord in production); a
	// valid.Errors result is reported field by field. Nil skips the check.
	Validate func(Record) error
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Templates returns the blank form named name for procedure code,
	// found next to the files; nil ignores forms.
	Templates func(code, name string) ([]byte, bool)
	// DryRun decodes, checks and compares but writes nothing.
	DryRun bool
	// Changed, when not nil, is called after an import that committed
	// something (the server's search cache forgets its results).
	Changed func()
}

// importItem is one checked record waiting to be written.
type importItem struct {
	rec   Record
	file  string
	index int
	forms []File
	// missing lists forms the record names that Templates did not supply.
	missing []string
}

// Import decodes, maps and validates every record of every file, and
// imports nothing when any of them fails (the error is a RecordErrors
// naming file, record and field of each problem; a MATTHC found twice is
// one). Then, in one transaction, each record is compared with the
// procedure's current version: equal records are left alone, new and
// different ones are saved as a draft and published by actor. A blank form
// whose content changed counts as a change of its procedure. progress, when
// not nil, is called after each record with the number done and the total.
func (s *Importer) Import(ctx context.Context, actor int64, files []ImportFile, progress func(done, total int)) (ImportReport, error) {
	items, err := s.check(files)
	if err != nil {
		return ImportReport{Files: len(files)}, err
	}
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	var rep ImportReport
	err = s.Tx(ctx, func(st Store, log audit.Store) error {
		rep = ImportReport{Files: len(files), Names: map[string]string{}}
		at := now()
		for i, it := range items {
			if err := s.apply(ctx, st, log, actor, at, it, &rep); err != nil {
				return &RecordError{File: it.file, Index: it.index, Code: it.rec.Code,
					Msg: err.Error(), Err: err}
			}
			if progress != nil {
				progress(i+1, len(items))
			}
		}
		return nil
	})
	if err != nil {
		return ImportReport{Files: len(files)}, err
	}
	if s.Changed != nil && !s.DryRun {
		s.Changed()
	}
	return rep, nil
}

// check decodes, maps and validates everything, reporting every problem.
func (s *Importer) check(files []ImportFile) ([]importItem, error) {
	var problems RecordErrors
	var items []importItem
	type place struct {
		file  string
		index int
	}
	seen := map[string]place{}
	for _, f := range files {
		recs, err := DecodeFile(f.Name, bytes.NewReader(f.Data))
		if err != nil {
			var re RecordErrors
			if errors.As(err, &re) {
				problems = append(problems, re...)
			} else {
				problems = append(problems, &RecordError{File: f.Name, Index: -1, Msg: err.Error()})
			}
			continue
		}
		for i, n := range recs {
			code := natText(n.MATTHC)
			fail := func(path, msg string) {
				problems = append(problems, &RecordError{File: f.Name, Index: i, Code: code, Path: path, Msg: msg})
			}
			if code != "" {
				if p, dup := seen[code]; dup {
					fail("MATTHC", fmt.Sprintf("duplicate code %s; also %s record %d", code, p.file, p.index+1))
				} else {
					seen[code] = place{f.Name, i}
				}
			}
			rec, err := FromNational(n)
			if err != nil {
				var fes FieldErrors
				if !errors.As(err, &fes) {
					fail("", err.Error())
				}
				for _, fe := range fes {
					fail(fe.Path, fe.Msg)
				}
				continue
			}
			if s.Validate != nil {
				if err := s.Validate(rec); err != nil {
					var ve valid.Errors
					if !errors.As(err, &ve) {
						fail("", err.Error())
					}
					for _, fe := range ve {
						msg := fe.Key
						if len(fe.Args) > 0 {
							msg += fmt.Sprint(fe.Args)
						}
						fail(NationalPath(rec, fe.Field), msg)
					}
					continue
				}
			}
			it := importItem{rec: rec, file: f.Name, index: i}
			if s.Templates != nil {
				for _, name := range templateNames(rec) {
					data, ok := s.Templates(rec.Code, name)
					if !ok {
						it.missing = append(it.missing, name)
						continue
					}
					sum := sha256.Sum256(data)
					it.forms = append(it.forms, File{Name: name, ContentType: templateType(name),
						SHA256: hex.EncodeToString(sum[:]), Data: data})
				}
			}
			items = append(items, it)
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	return items, nil
}

// apply writes one record (and its forms) when it differs from the
// current version, and files its code in the report.
func (s *Importer) apply(ctx context.Context, st Store, log audit.Store, actor int64, at time.Time, it importItem, rep *ImportReport) error {
	code := it.rec.Code
	rep.Names[code] = it.rec.Name
	var cur *Record
	p, err := st.Procedure(ctx, code)
	switch {
	case errors.Is(err, ErrNotFound):
	case err != nil:
		return err
	case p.CurrentVersion > 0:
		v, err := st.Version(ctx, code, p.CurrentVersion)
		if err != nil {
			return err
		}
		cur = &v.Record
	}
	recordChanged := cur == nil || !bytes.Equal(Canonical(*cur), Canonical(it.rec))
	if recordChanged && p.Retired() {
		return ErrRetired
	}
	if recordChanged && !s.DryRun {
		if _, err := st.SaveDraft(ctx, it.rec, actor, at); err != nil {
			return err
		}
		v, err := st.Publish(ctx, code, actor, at)
		if err != nil {
			return err
		}
		changes := append([]audit.Change{{Field: "version", Old: versionText(p.CurrentVersion), New: versionText(v.Number)}},
			Diff(cur, it.rec)...)
		if err := log.Append(ctx, audit.Entry{At: at, ActorID: actor, Action: "catalog.import", ObjectType: auditObject,
			ObjectID: code, Changes: changes}); err != nil {
			return err
		}
	}
	formChanged := false
	for _, f := range it.forms {
		old, err := st.Template(ctx, code, f.Name)
		if err == nil && old.SHA256 == f.SHA256 {
			continue
		}
		if err != nil && !errors.Is(err, ErrNotFound) {
			return fmt.Errorf("form %s: %w", f.Name, err)
		}
		if s.DryRun {
			formChanged = true
			continue
		}
		changed, err := st.PutTemplate(ctx, code, f)
		if err != nil {
			return fmt.Errorf("form %s: %w", f.Name, err)
		}
		formChanged = formChanged || changed
	}
	for _, name := range it.missing {
		if _, err := st.Template(ctx, code, name); errors.Is(err, ErrNotFound) {
			rep.MissingTemplates = append(rep.MissingTemplates, code+": "+name)
		} else if err != nil {
			return fmt.Errorf("form %s: %w", name, err)
		}
	}
	switch {
	case cur == nil:
		rep.Added = append(rep.Added, code)
	case recordChanged || formChanged:
		rep.Changed = append(rep.Changed, code)
	default:
		rep.Unchanged = append(rep.Unchanged, code)
	}
	return nil
}

// templateNames lists the distinct blank forms a record names, documents
// first.
func templateNames(r Record) []string {
	var out []string
	add := func(name string) {
		if name != "" && !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	for _, c := range r.Cases {
		for _, d := range c.Documents {
			add(d.Template)
		}
	}
	for _, res := range r.Results {
		add(res.Template)
	}
	return out
}

var templateTypes = map[string]string{
	".doc":  "application/msword",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xls":  "application/vnd.ms-excel",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".odt":  "application/vnd.oasis.opendocument.text",
	".ods":  "application/vnd.oasis.opendocument.spreadsheet",
	".pdf":  "application/pdf",
	".rtf":  "application/rtf",
	".txt":  "text/plain; charset=utf-8",
}

// templateType guesses a form's media type from its extension.
func templateType(name string) string {
	ext := strings.ToLower(filepath.Ext(name))
	if t, ok := templateTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// Export returns the current published version of each procedure named in
// codes, in that order, in the exchange format; with no codes, every
// procedure that has a current version and is not retired, by code.
func Export(ctx context.Context, st Store, codes []string) ([]NationalRecord, error) {
	if len(codes) == 0 {
		var err error
		if codes, err = publishedCodes(ctx, st); err != nil {
			return nil, err
		}
	}
	out := make([]NationalRecord, 0, len(codes))
	seen := map[string]bool{}
	for _, code := range codes {
		if seen[code] {
			continue
		}
		seen[code] = true
		v, err := st.Current(ctx, code)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", code, err)
		}
		out = append(out, ToNational(v.Record))
	}
	return out, nil
}

// publishedCodes pages through the administration list for the codes of
// every published, not retired procedure, sorted.
func publishedCodes(ctx context.Context, st Store) ([]string, error) {
	const perPage = 100
	seen := map[string]bool{}
	var codes []string
	listed := 0
	for page := 1; ; page++ {
		rows, total, err := st.AdminList(ctx, AdminFilter{Page: page, PerPage: perPage})
		if err != nil {
			return nil, fmt.Errorf("list procedures: %w", err)
		}
		for _, r := range rows {
			if r.Code == "" {
				return nil, errors.New("list procedures: the store returned a row without a code")
			}
			if r.CurrentVersion > 0 && !r.Retired() && !seen[r.Code] {
				seen[r.Code] = true
				codes = append(codes, r.Code)
			}
		}
		listed += len(rows)
		if len(rows) == 0 || listed >= total {
			break
		}
	}
	slices.Sort(codes)
	return codes, nil
}

func versionText(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}
