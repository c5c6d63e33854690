package pgstore

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/motcua/motcua/internal/catalog"
)

// CatalogStore implements catalog.Store on the procedures,
// procedure_versions and procedure_files tables.
//
// The columns derived from a record (filters, result-list fields, the plain
// text a citizen reads) are built here in Go, so the business text lives in
// one place; the folding for search (motcua_unaccent, lower, to_tsvector) is
// left to the database in the same statement, so stored rows and search
// queries are always folded by the same code.
type CatalogStore struct{ db *DB }

var _ catalog.Store = (*CatalogStore)(nil)

// NewCatalogStore returns a store using db (a pool or a transaction).
func NewCatalogStore(db *DB) *CatalogStore { return &CatalogStore{db: db} }

var procedureCodeRE = regexp.MustCompile(`^[0-9]\.[0-9]{6}$`)

// sqlConn is the pool or transaction behind db, for hand-written SQL that
// GORM's placeholder rewriting would mangle: the @@ text-search operator,
// repeated $n parameters and array parameters (GORM expands slices).
func sqlConn(ctx context.Context, db *DB) gorm.ConnPool { return db.ctx(ctx).Statement.ConnPool }

// ---------------------------------------------------------------------------
// Rows and converters.

// procedureLock is the procedure row as read under FOR UPDATE.
type procedureLock struct {
	ID        int64
	RetiredAt *time.Time
}

type procedureHeaderRow struct {
	Code           string
	CurrentVersion *int
	DraftVersion   *int
	RetiredAt      *time.Time
	RetiredReason  string
}

func procedureFromRow(r procedureHeaderRow) catalog.Procedure {
	return catalog.Procedure{Code: r.Code, CurrentVersion: deref(r.CurrentVersion), DraftVersion: deref(r.DraftVersion),
		RetiredAt: utcTime(deref(r.RetiredAt)), RetiredReason: r.RetiredReason}
}

type adminRow struct {
	Code           string
	CurrentVersion *int
	DraftVersion   *int
	RetiredAt      *time.Time
	RetiredReason  string
	Name           string
	UpdatedAt      time.Time
}

type versionRow struct {
	Code        string
	Version     int
	Status      string
	Record      []byte
	CreatedAt   time.Time
	CreatedBy   *int64
	PublishedAt *time.Time
	PublishedBy *int64
}

func versionFromRow(r versionRow) (catalog.Version, error) {
	v := catalog.Version{Code: r.Code, Number: r.Version, Status: catalog.Status(r.Status),
		CreatedAt: utcTime(r.CreatedAt), CreatedBy: deref(r.CreatedBy),
		PublishedAt: utcTime(deref(r.PublishedAt)), PublishedBy: deref(r.PublishedBy)}
	if err := json.Unmarshal(r.Record, &v.Record); err != nil {
		return catalog.Version{}, fmt.Errorf("decode record of %s v%d: %w", r.Code, r.Version, err)
	}
	return v, nil
}

// utcTime keeps the zero time zero and everything else in UTC, so values
// read back compare equal to what callers wrote.
func utcTime(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC()
}

// dbTime is t as the database stores it (microseconds, UTC).
func dbTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

type fileRow struct {
	Name        string
	ContentType string
	SHA256      string `gorm:"column:sha256"`
	Data        []byte
}

// derived holds the columns computed from a record.
type derived struct {
	record    string
	name      string
	level     string
	fieldCode string
	fieldName string
	subjects  []string
	unitKeys  []string
	unitNames []string
	online    string
	body      string
}

func deriveColumns(rec catalog.Record) (derived, error) {
	b, err := json.Marshal(rec)
	if err != nil {
		return derived{}, fmt.Errorf("encode record %s: %w", rec.Code, err)
	}
	d := derived{record: string(b), name: rec.Name, level: string(rec.Level), fieldCode: rec.Field.Code,
		fieldName: rec.Field.Name, online: string(rec.OnlineLevel), body: recordBody(rec),
		subjects: []string{}, unitKeys: []string{}, unitNames: []string{}}
	for _, s := range rec.Subjects {
		d.subjects = appendUnique(d.subjects, string(s))
	}
	for _, a := range rec.Agencies {
		if a.UnitCode != "" {
			d.unitKeys = appendUnique(d.unitKeys, a.UnitCode)
		}
		if a.UnitKind != "" {
			d.unitKeys = appendUnique(d.unitKeys, unitKindKey+a.UnitKind)
		}
		if a.Role == catalog.AgencyImplementing && a.Name != "" {
			d.unitNames = appendUnique(d.unitNames, a.Name)
		}
	}
	return d, nil
}

// unitKindKey prefixes a unit kind in unit_keys: an agency that stands for
// every unit of a kind.
const unitKindKey = "kind:"

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// recordBody is the text of a record a citizen reads besides its name, one
// part a line, as published. It feeds search_body (folded by the database)
// and search excerpts.
func recordBody(rec catalog.Record) string {
	var lines []string
	seen := map[string]bool{}
	add := func(s string) {
		s = strings.TrimSpace(s)
		if s != "" && !seen[s] {
			seen[s] = true
			lines = append(lines, s)
		}
	}
	add(rec.Field.Name)
	for _, a := range rec.Agencies {
		add(a.Name)
	}
	for _, c := range rec.Cases {
		add(c.Name)
		add(c.Steps)
		for _, ch := range c.Channels {
			add(ch.Description)
			for _, f := range ch.Fees {
				add(f.Description)
			}
		}
		for _, doc := range c.Documents {
			add(doc.Name)
			add(doc.Notes)
		}
		for _, st := range c.Stages {
			add(st.Name)
			add(st.Agency)
		}
	}
	for _, r := range rec.Results {
		add(r.Name)
	}
	add(rec.Conditions)
	for _, l := range rec.LegalBases {
		add(strings.TrimSpace(l.Number + " " + l.Title))
	}
	return strings.Join(lines, "\n")
}

// ---------------------------------------------------------------------------
// Versions.

// The folded search columns are computed from the name ($name) and body
// ($body) by the database, in the statement that writes them.
const searchColumnsFrom = `(SELECT lower(motcua_unaccent($name)) AS n, lower(motcua_unaccent($body)) AS b) AS s`

const searchDoc = `setweight(to_tsvector('simple', s.n), 'A') || setweight(to_tsvector('simple', s.b), 'B')`

const nameWords = `tsvector_to_array(to_tsvector('simple', s.n))`

var (
	insertVersionSQL = strings.NewReplacer("$name", "$5", "$body", "$13").Replace(`
INSERT INTO procedure_versions (procedure_id, version, status, record, name, level, field_code, field_name,
    subjects, unit_keys, unit_names, online_level, body, search_name, search_body, search_doc, name_words, created_by, created_at)
SELECT $1, $2, 'draft', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, s.n, s.b, ` + searchDoc + `, ` + nameWords + `, $14, $3
FROM ` + searchColumnsFrom)

	updateDraftSQL = strings.NewReplacer("$name", "$5", "$body", "$13").Replace(`
UPDATE procedure_versions SET record = $4, name = $5, level = $6, field_code = $7, field_name = $8,
    subjects = $9, unit_keys = $10, unit_names = $11, online_level = $12, body = $13,
    search_name = s.n, search_body = s.b, search_doc = ` + searchDoc + `, name_words = ` + nameWords + `,
    created_by = $14, created_at = $3
FROM ` + searchColumnsFrom + `
WHERE procedure_versions.procedure_id = $1 AND procedure_versions.version = $2`)
)

// lockProcedure locks the procedure row for the rest of the transaction.
func lockProcedure(ctx context.Context, tx *DB, code string) (procedureLock, error) {
	var p procedureLock
	res := tx.ctx(ctx).Raw("SELECT id, retired_at FROM procedures WHERE code = ? FOR UPDATE", code).Scan(&p)
	if res.Error != nil {
		return procedureLock{}, fmt.Errorf("lock procedure %s: %w", code, res.Error)
	}
	if res.RowsAffected == 0 {
		return procedureLock{}, fmt.Errorf("procedure %s: %w", code, catalog.ErrNotFound)
	}
	return p, nil
}

// SaveDraft creates the procedure's draft (number = last version + 1), or
// replaces the record of the existing draft. The draft's created_by and
// created_at then name whoever saved it last. ErrRetired for a retired
// procedure.
func (s *CatalogStore) SaveDraft(ctx context.Context, rec catalog.Record, actor int64, at time.Time) (catalog.Version, error) {
	if !procedureCodeRE.MatchString(rec.Code) {
		return catalog.Version{}, fmt.Errorf("save draft: invalid procedure code %q", rec.Code)
	}
	d, err := deriveColumns(rec)
	if err != nil {
		return catalog.Version{}, err
	}
	at = dbTime(at)
	var number int
	err = s.db.InTx(ctx, func(tx *DB) error {
		db := tx.ctx(ctx)
		if err := db.Exec(`INSERT INTO procedures (code, created_at, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (code) DO NOTHING`, rec.Code, at, at).Error; err != nil {
			return fmt.Errorf("create procedure %s: %w", rec.Code, err)
		}
		p, err := lockProcedure(ctx, tx, rec.Code)
		if err != nil {
			return err
		}
		if p.RetiredAt != nil {
			return fmt.Errorf("save draft of %s: %w", rec.Code, catalog.ErrRetired)
		}
		var draft []int
		if err := db.Raw("SELECT version FROM procedure_versions WHERE procedure_id = ? AND status = 'draft'",
			p.ID).Scan(&draft).Error; err != nil {
			return fmt.Errorf("find draft of %s: %w", rec.Code, err)
		}
		q := updateDraftSQL
		if len(draft) == 1 {
			number = draft[0]
		} else {
			if err := db.Raw("SELECT coalesce(max(version), 0) + 1 FROM procedure_versions WHERE procedure_id = ?",
				p.ID).Scan(&number).Error; err != nil {
				return fmt.Errorf("number draft of %s: %w", rec.Code, err)
			}
			q = insertVersionSQL
		}
		if _, err := sqlConn(ctx, tx).ExecContext(ctx, q, p.ID, number, at, d.record, d.name, d.level, d.fieldCode,
			d.fieldName, d.subjects, d.unitKeys, d.unitNames, d.online, d.body, nullableID(actor)); err != nil {
			return fmt.Errorf("write draft %s v%d: %w", rec.Code, number, err)
		}
		return db.Exec("UPDATE procedures SET updated_at = ? WHERE id = ?", at, p.ID).Error
	})
	if err != nil {
		return catalog.Version{}, err
	}
	return catalog.Version{Code: rec.Code, Number: number, Status: catalog.StatusDraft, Record: rec,
		CreatedAt: at, CreatedBy: actor}, nil
}

// Publish makes the draft the current version and supersedes the previous
// one, under a lock on the procedure row so that two publications cannot
// interleave.
func (s *CatalogStore) Publish(ctx context.Context, code string, actor int64, at time.Time) (catalog.Version, error) {
	at = dbTime(at)
	var out catalog.Version
	err := s.db.InTx(ctx, func(tx *DB) error {
		db := tx.ctx(ctx)
		p, err := lockProcedure(ctx, tx, code)
		if err != nil {
			return err
		}
		if p.RetiredAt != nil {
			return fmt.Errorf("publish %s: %w", code, catalog.ErrRetired)
		}
		var draft []int
		if err := db.Raw("SELECT version FROM procedure_versions WHERE procedure_id = ? AND status = 'draft'",
			p.ID).Scan(&draft).Error; err != nil {
			return fmt.Errorf("find draft of %s: %w", code, err)
		}
		if len(draft) == 0 {
			return fmt.Errorf("publish %s: %w", code, catalog.ErrNoDraft)
		}
		n := draft[0]
		// Supersede first: at most one published version per procedure.
		if err := db.Exec("UPDATE procedure_versions SET status = 'superseded' WHERE procedure_id = ? AND status = 'published'",
			p.ID).Error; err != nil {
			return fmt.Errorf("supersede %s: %w", code, err)
		}
		if err := db.Exec(`UPDATE procedure_versions SET status = 'published', published_by = ?, published_at = ?
			WHERE procedure_id = ? AND version = ?`, nullableID(actor), at, p.ID, n).Error; err != nil {
			return fmt.Errorf("publish %s v%d: %w", code, n, err)
		}
		if err := db.Exec("UPDATE procedures SET current_version = ?, updated_at = ? WHERE id = ?", n, at, p.ID).Error; err != nil {
			return fmt.Errorf("publish %s v%d: %w", code, n, err)
		}
		// The published words become the vocabulary typo correction uses.
		// Words of later superseded or retired versions stay: a stale word
		// can only offer a correction that matches nothing.
		if err := db.Exec(`INSERT INTO procedure_words (word)
			SELECT DISTINCT unnest(tsvector_to_array(search_doc)) FROM procedure_versions WHERE procedure_id = ? AND version = ?
			ON CONFLICT (word) DO NOTHING`, p.ID, n).Error; err != nil {
			return fmt.Errorf("publish %s v%d: vocabulary: %w", code, n, err)
		}
		out, err = readVersion(ctx, tx, "p.id = ? AND v.version = ?", p.ID, n)
		return err
	})
	if err != nil {
		return catalog.Version{}, err
	}
	return out, nil
}

// DiscardDraft deletes the draft. A procedure that is left without any
// version (a new one whose first draft was discarded) is deleted with it.
func (s *CatalogStore) DiscardDraft(ctx context.Context, code string) error {
	return s.db.InTx(ctx, func(tx *DB) error {
		db := tx.ctx(ctx)
		p, err := lockProcedure(ctx, tx, code)
		if err != nil {
			return err
		}
		res := db.Exec("DELETE FROM procedure_versions WHERE procedure_id = ? AND status = 'draft'", p.ID)
		if res.Error != nil {
			return fmt.Errorf("discard draft of %s: %w", code, res.Error)
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("discard draft of %s: %w", code, catalog.ErrNoDraft)
		}
		err = db.Exec(`DELETE FROM procedures WHERE id = ?
			AND NOT EXISTS (SELECT 1 FROM procedure_versions WHERE procedure_id = ?)`, p.ID, p.ID).Error
		if err != nil {
			return fmt.Errorf("delete empty procedure %s: %w", code, err)
		}
		return nil
	})
}

// Retire takes the procedure out of the public catalogue; its versions stay
// readable. ErrRetired when it already is.
func (s *CatalogStore) Retire(ctx context.Context, code, reason string, at time.Time) error {
	return s.db.InTx(ctx, func(tx *DB) error {
		p, err := lockProcedure(ctx, tx, code)
		if err != nil {
			return err
		}
		if p.RetiredAt != nil {
			return fmt.Errorf("retire %s: %w", code, catalog.ErrRetired)
		}
		at = dbTime(at)
		return tx.ctx(ctx).Exec("UPDATE procedures SET retired_at = ?, retired_reason = ?, updated_at = ? WHERE id = ?",
			at, reason, at, p.ID).Error
	})
}

// Generation returns the catalogue's generation number, which moves with
// every change to procedures, their versions or units (migration 00006).
func (s *CatalogStore) Generation(ctx context.Context) (int64, error) {
	var g int64
	if err := sqlConn(ctx, s.db).QueryRowContext(ctx, "SELECT generation FROM catalog_generation").Scan(&g); err != nil {
		return 0, fmt.Errorf("catalogue generation: %w", err)
	}
	return g, nil
}

// Procedure returns the header.
func (s *CatalogStore) Procedure(ctx context.Context, code string) (catalog.Procedure, error) {
	var r procedureHeaderRow
	res := s.db.ctx(ctx).Raw(`SELECT p.code, p.current_version, d.version AS draft_version, p.retired_at, p.retired_reason
		FROM procedures p
		LEFT JOIN procedure_versions d ON d.procedure_id = p.id AND d.status = 'draft'
		WHERE p.code = ?`, code).Scan(&r)
	if res.Error != nil {
		return catalog.Procedure{}, fmt.Errorf("get procedure %s: %w", code, res.Error)
	}
	if res.RowsAffected == 0 {
		return catalog.Procedure{}, fmt.Errorf("procedure %s: %w", code, catalog.ErrNotFound)
	}
	return procedureFromRow(r), nil
}

const selectVersion = `SELECT p.code, v.version, v.status, v.record, v.created_at, v.created_by, v.published_at, v.published_by
	FROM procedure_versions v JOIN procedures p ON p.id = v.procedure_id WHERE `

func readVersion(ctx context.Context, db *DB, where string, args ...any) (catalog.Version, error) {
	var r versionRow
	res := db.ctx(ctx).Raw(selectVersion+where, args...).Scan(&r)
	if res.Error != nil {
		return catalog.Version{}, fmt.Errorf("get version: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return catalog.Version{}, catalog.ErrNotFound
	}
	return versionFromRow(r)
}

// Current returns the current published version, also of a retired
// procedure (the caller checks Procedure for that).
func (s *CatalogStore) Current(ctx context.Context, code string) (catalog.Version, error) {
	v, err := readVersion(ctx, s.db, "p.code = ? AND v.status = 'published'", code)
	if err != nil {
		return catalog.Version{}, fmt.Errorf("current version of %s: %w", code, err)
	}
	return v, nil
}

// Version returns version n in any status.
func (s *CatalogStore) Version(ctx context.Context, code string, n int) (catalog.Version, error) {
	v, err := readVersion(ctx, s.db, "p.code = ? AND v.version = ?", code, n)
	if err != nil {
		return catalog.Version{}, fmt.Errorf("version %d of %s: %w", n, code, err)
	}
	return v, nil
}

// Versions lists every version, newest first; ErrNotFound for an unknown
// procedure.
func (s *CatalogStore) Versions(ctx context.Context, code string) ([]catalog.Version, error) {
	var rows []versionRow
	if err := s.db.ctx(ctx).Raw(selectVersion+"p.code = ? ORDER BY v.version DESC", code).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("list versions of %s: %w", code, err)
	}
	if len(rows) == 0 {
		// A procedure always has a version, except in the moment between
		// discarding a first draft and deleting the procedure.
		if _, err := s.Procedure(ctx, code); err != nil {
			return nil, err
		}
	}
	out := make([]catalog.Version, len(rows))
	for i, r := range rows {
		v, err := versionFromRow(r)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// AdminList lists procedures, drafts and retired ones included, most
// recently changed first. Text matches the code or (ignoring case and
// diacritics) the name of the draft or, without one, the current version.
func (s *CatalogStore) AdminList(ctx context.Context, f catalog.AdminFilter) ([]catalog.AdminRow, int, error) {
	page, perPage := pageBounds(f.Page, f.PerPage)
	q := s.db.ctx(ctx).Table("procedures p").
		Joins("LEFT JOIN procedure_versions d ON d.procedure_id = p.id AND d.status = 'draft'").
		Joins("LEFT JOIN procedure_versions c ON c.procedure_id = p.id AND c.status = 'published'")
	if text := strings.TrimSpace(f.Text); text != "" {
		like := "%" + escapeLike(text) + "%"
		q = q.Where("p.code LIKE ? OR lower(motcua_unaccent(coalesce(d.name, c.name, ''))) LIKE lower(motcua_unaccent(?))",
			like, like)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("count procedures: %w", err)
	}
	var rows []adminRow
	err := q.Select("p.code, p.current_version, d.version AS draft_version, p.retired_at, p.retired_reason, " +
		"coalesce(d.name, c.name, '') AS name, p.updated_at").
		Order("p.updated_at DESC, p.code").Offset((page - 1) * perPage).Limit(perPage).Scan(&rows).Error
	if err != nil {
		return nil, 0, fmt.Errorf("list procedures: %w", err)
	}
	out := make([]catalog.AdminRow, len(rows))
	for i, r := range rows {
		h := procedureHeaderRow{Code: r.Code, CurrentVersion: r.CurrentVersion, DraftVersion: r.DraftVersion,
			RetiredAt: r.RetiredAt, RetiredReason: r.RetiredReason}
		out[i] = catalog.AdminRow{Procedure: procedureFromRow(h), Name: r.Name, UpdatedAt: utcTime(r.UpdatedAt)}
	}
	return out, int(total), nil
}

// pageBounds applies the defaults and limits of catalog.Query to a page
// request: pages from 1, 20 a page unless told, at most 100.
func pageBounds(page, perPage int) (int, int) {
	if page < 1 {
		page = 1
	}
	switch {
	case perPage < 1:
		perPage = 20
	case perPage > 100:
		perPage = 100
	}
	return page, perPage
}

// ---------------------------------------------------------------------------
// Templates.

// Template returns a stored blank form.
func (s *CatalogStore) Template(ctx context.Context, code, name string) (catalog.File, error) {
	var r fileRow
	err := s.db.ctx(ctx).Table("procedure_files f").Joins("JOIN procedures p ON p.id = f.procedure_id").
		Select("f.name, f.content_type, f.sha256, f.data").Where("p.code = ? AND f.name = ?", code, name).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return catalog.File{}, fmt.Errorf("template %s of %s: %w", name, code, catalog.ErrNotFound)
	}
	if err != nil {
		return catalog.File{}, fmt.Errorf("template %s of %s: %w", name, code, err)
	}
	return catalog.File{Name: r.Name, ContentType: r.ContentType, SHA256: r.SHA256, Data: r.Data}, nil
}

// PutTemplate stores a blank form under the procedure; changed is false
// when the same bytes (and content type) are already stored under that
// name. The hash is computed here; a non-empty f.SHA256 must agree with it.
func (s *CatalogStore) PutTemplate(ctx context.Context, code string, f catalog.File) (bool, error) {
	if f.Name == "" {
		return false, errors.New("put template: empty file name")
	}
	sum := sha256.Sum256(f.Data)
	hash := hex.EncodeToString(sum[:])
	if f.SHA256 != "" && !strings.EqualFold(f.SHA256, hash) {
		return false, fmt.Errorf("put template %s of %s: sha256 %s does not match the data (%s)", f.Name, code, f.SHA256, hash)
	}
	data := f.Data
	if data == nil {
		data = []byte{}
	}
	res := s.db.ctx(ctx).Exec(`INSERT INTO procedure_files (procedure_id, name, content_type, sha256, data)
		SELECT id, ?, ?, ?, ? FROM procedures WHERE code = ?
		ON CONFLICT (procedure_id, name) DO UPDATE
		SET content_type = EXCLUDED.content_type, sha256 = EXCLUDED.sha256, data = EXCLUDED.data, created_at = now()
		WHERE procedure_files.sha256 <> EXCLUDED.sha256 OR procedure_files.content_type <> EXCLUDED.content_type`,
		f.Name, f.ContentType, hash, data, code)
	if res.Error != nil {
		return false, fmt.Errorf("put template %s of %s: %w", f.Name, code, res.Error)
	}
	if res.RowsAffected > 0 {
		return true, nil
	}
	// Nothing written: either unchanged or no such procedure.
	var n int64
	if err := s.db.ctx(ctx).Table("procedures").Where("code = ?", code).Count(&n).Error; err != nil {
		return false, fmt.Errorf("put template %s of %s: %w", f.Name, code, err)
	}
	if n == 0 {
		return false, fmt.Errorf("put template %s of %s: %w", f.Name, code, catalog.ErrNotFound)
	}
	return false, nil
}

// ---------------------------------------------------------------------------
// Search.
//
// The visitor's text is folded by the database (lower(motcua_unaccent)) and
// split into its words by to_tsvector('simple'), exactly as the rows were.
// A published, not retired version matches when
//   - the text is a procedure code and it is the procedure's (code match);
//   - every word occurs in the name or the body (search_doc @@ tsquery); or
//   - (typo tolerance) every word, or one of its corrections, occurs in the
//     name. Only a word that occurs nowhere in the published catalogue (not
//     in procedure_words) is corrected, to catalogue words one edit away (two
//     for long words): "xr" to "xe", "sjnh" to "sinh", "dnag" to "dang". So
//     "giay phep lai xr" finds "Đổi giấy phép lái xe", while a name that
//     merely shares trigrams with the text ("Cấp giấy phép xây dựng ...")
//     does not match, nor does a body that has a correction of a word.
//
// Typo tolerance works on the vocabulary rather than on word_similarity
// between the text and every name: measured on 2,000 records, whole-text
// similarity could not tell a typo (0.60 for "khai sjnh") from an
// unrelated name (0.65 for "giay phep lai xe" against the building
// permit), each evaluation cost about 10 µs, and the planner did not
// reliably use the trigram index for it.
//
// The rank is a tier plus a fraction in [0, 1): 4 code match; 3 every word
// in the name; 2 every word or one of its corrections in the name; 1 body
// only. Tiers 3 and 2 add the share of the name's words the text covers, so
// the closest name comes first. Ties go by folded name, then code.
//
// Speed. search_doc is a few kilobytes and TOASTed: evaluating @@ on a row
// costs a decompression (5-15 µs), which the planner does not model, so it
// may pick a sequential scan, or a "full scan" of some other partial index
// with @@ as a filter. Searches therefore (1) set enable_seqscan off for
// their transaction and (2) find candidates with a materialized query that
// does not mention status, so the only indexes it can use are the
// non-partial GIN indexes on search_doc (whose bitmap for a plain tsquery
// needs no recheck) and name_words. Everything after that reads small
// columns only; one statement returns the page of hits, the total and the
// facets from the same matches, and the body is read only for the page's
// body-only hits (for the excerpt). On a store bound to a caller's
// transaction, the planner switch lasts until that transaction ends.

const (
	// excerptRunes is the length of an excerpt, about.
	excerptRunes = 160
	// maxCorrections bounds the alternatives tried for one unknown word.
	maxCorrections = 8
)

// kindLabels names the 'kind:' unit keys in the unit facet.
var kindLabels = map[string]string{
	"province":       "UBND tỉnh",
	"office":         "Văn phòng UBND tỉnh",
	"service_centre": "Trung tâm Phục vụ hành chính công tỉnh",
	"department":     "Sở, ban, ngành",
	"police":         "Công an tỉnh",
	"commune":        "UBND cấp xã",
	"commune_centre": "Bộ phận phục vụ hành chính công cấp xã",
}

// searchText is the visitor's text as the database folded it.
type searchText struct {
	folded string // lower(motcua_unaccent(text))
	code   bool   // the text is a procedure code
	// words are the distinct words of the text; alts[i] is words[i] and
	// its corrections.
	words []string
	alts  [][]string
}

// corrected reports whether any word has a correction.
func (t *searchText) corrected() bool {
	for _, a := range t.alts {
		if len(a) > 1 {
			return true
		}
	}
	return false
}

// tsquery is the text's query: every word, as typed.
func (t *searchText) tsquery() string {
	quoted := make([]string, len(t.words))
	for i, w := range t.words {
		quoted[i] = "'" + strings.ReplaceAll(strings.ReplaceAll(w, `\`, `\\`), "'", "''") + "'"
	}
	return strings.Join(quoted, " & ")
}

// foldSearchText sets the transaction's planner switch, folds text and
// looks up corrections for its words that the catalogue does not have:
// vocabulary words with the same first letter and a similar length, or
// sharing trigrams (pg_trgm's %, for a typo in the first letter); the edit
// distance is then checked here.
func foldSearchText(ctx context.Context, tx *DB, text string) (searchText, error) {
	var (
		t            = searchText{code: procedureCodeRE.MatchString(text)}
		words, cands string
	)
	err := sqlConn(ctx, tx).QueryRowContext(ctx, `WITH n AS (SELECT lower(motcua_unaccent($1)) AS n),
w AS (SELECT unnest(tsvector_to_array(to_tsvector('simple', n.n))) AS w FROM n),
u AS (SELECT w.w FROM w WHERE NOT $2 AND w.w ~ '^[[:alpha:]]{2,}$'
      AND NOT EXISTS (SELECT 1 FROM procedure_words d WHERE d.word = w.w))
SELECT set_config('enable_seqscan', 'off', true), n.n,
    (SELECT coalesce(json_agg(w.w), '[]') FROM w)::text,
    (SELECT coalesce(json_agg(json_build_array(u.w, d.word)), '[]') FROM u JOIN procedure_words d
      ON (left(d.word, 1) = left(u.w, 1) AND length(d.word) BETWEEN length(u.w) - 2 AND length(u.w) + 2)
      OR d.word % u.w)::text
FROM n`, text, t.code).Scan(new(string), &t.folded, &words, &cands)
	if err != nil {
		return searchText{}, fmt.Errorf("fold search text: %w", err)
	}
	var pairs [][2]string
	if err := json.Unmarshal([]byte(words), &t.words); err != nil {
		return searchText{}, fmt.Errorf("fold search text: %w", err)
	}
	if err := json.Unmarshal([]byte(cands), &pairs); err != nil {
		return searchText{}, fmt.Errorf("fold search text: %w", err)
	}
	t.alts = corrections(t.words, pairs)
	return t, nil
}

// corrections returns, for each word, the word followed by the candidates
// within its edit distance (closest first, at most maxCorrections).
func corrections(words []string, pairs [][2]string) [][]string {
	type cand struct {
		word string
		dist int
	}
	byWord := map[string][]cand{}
	for _, p := range pairs {
		w, c := p[0], p[1]
		limit := 1
		if utf8.RuneCountInString(w) >= 8 {
			limit = 2
		}
		if d := editDistance(w, c); d <= limit {
			byWord[w] = append(byWord[w], cand{c, d})
		}
	}
	out := make([][]string, len(words))
	for i, w := range words {
		cs := byWord[w]
		slices.SortFunc(cs, func(a, b cand) int { return cmp.Or(a.dist-b.dist, strings.Compare(a.word, b.word)) })
		cs = slices.CompactFunc(cs, func(a, b cand) bool { return a.word == b.word })
		out[i] = []string{w}
		for _, c := range cs[:min(len(cs), maxCorrections)] {
			out[i] = append(out[i], c.word)
		}
	}
	return out
}

// editDistance is the optimal-string-alignment distance: insertions,
// deletions, substitutions and swaps of neighbours each cost one.
func editDistance(a, b string) int {
	s, t := []rune(a), []rune(b)
	prev2 := make([]int, len(t)+1)
	prev := make([]int, len(t)+1)
	cur := make([]int, len(t)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(s); i++ {
		cur[0] = i
		for j := 1; j <= len(t); j++ {
			cost := 1
			if s[i-1] == t[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && s[i-1] == t[j-2] && s[i-2] == t[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(t)]
}

// searchSQL builds one search statement; build a new one per statement,
// since each numbers its own parameters.
type searchSQL struct {
	args []any
	text *searchText
	// Filter conditions on v (procedure_versions); "" when unused.
	field, level, subject, unit string
}

func (b *searchSQL) arg(v any) string {
	b.args = append(b.args, v)
	return fmt.Sprintf("$%d", len(b.args))
}

func newSearchSQL(q catalog.Query, t *searchText) *searchSQL {
	b := &searchSQL{text: t}
	if q.Field != "" {
		b.field = "v.field_code = " + b.arg(q.Field)
	}
	if q.Level != "" {
		b.level = "v.level = " + b.arg(string(q.Level))
	}
	if q.Subject != "" {
		b.subject = "v.subjects @> ARRAY[" + b.arg(string(q.Subject)) + "::text]"
	}
	if q.Unit != "" {
		p := b.arg(q.Unit)
		b.unit = "v.unit_keys && ARRAY[" + p + "::text, '" + unitKindKey + "' || (SELECT kind FROM units WHERE code = " + p + ")]"
	}
	return b
}

// candidates is a WITH item c(id): the versions, of any status, the text
// matches: every word in the name or body (search_doc), or, with
// corrections, every word or one of its corrections in the name
// (name_words); or, for a code, the procedure's versions. It does not
// mention status, so that no partial index applies, and it is materialized
// and free of ORDER BY and joins on id, so that no ordered full scan of the
// primary key is worth anything to the planner: the only ways left are the
// GIN indexes (see Speed). An id may appear twice; m takes it once.
func (b *searchSQL) candidates() string {
	c := "SELECT id FROM procedure_versions WHERE search_doc @@ " + b.arg(b.text.tsquery()) + "::tsquery"
	if b.text.corrected() {
		var all []string
		for _, a := range b.text.alts {
			all = append(all, "name_words && "+b.arg(a))
		}
		c += "\n  UNION ALL\n  SELECT id FROM procedure_versions WHERE " + strings.Join(all, " AND ")
	}
	if b.text.code {
		c += "\n  UNION ALL\n  SELECT v.id FROM procedures p JOIN procedure_versions v ON v.procedure_id = p.id WHERE p.code = " +
			b.arg(b.text.folded)
	}
	return "c AS MATERIALIZED (\n  " + c + ")"
}

// orTrue is a filter condition as a column of m, true when unused.
func orTrue(c string) string {
	if c == "" {
		return "true"
	}
	return c
}

// statement is the one search statement: it returns the page of hits
// (part 0, in order) followed by the total and the facet counts (part 1),
// each facet counted with the other facets' filters applied. Hits and
// facets share the matching (c) and the filter columns (m).
func (b *searchSQL) statement(limit, offset int) string {
	with, from := "", "procedure_versions v"
	tier, rank := "0", "0::float8"
	if t := b.text; t != nil {
		with, from = b.candidates()+",\n", "(SELECT DISTINCT id FROM c) AS c JOIN procedure_versions v ON v.id = c.id"
		words := b.arg(t.words)
		tier = "CASE "
		if t.code {
			tier += "WHEN p.code = " + b.arg(t.folded) + " THEN 4 "
		}
		tier += "WHEN v.name_words @> " + words + " THEN 3 "
		if t.corrected() {
			var all []string
			for _, a := range t.alts {
				all = append(all, "v.name_words && "+b.arg(a))
			}
			tier += "WHEN " + strings.Join(all, " AND ") + " THEN 2 "
		}
		tier += "ELSE 1 END"
		rank = "t.tier + CASE WHEN t.tier IN (2, 3) THEN cardinality(" + words + ")::float8 / (cardinality(v.name_words) + 1) " +
			"ELSE 0 END"
	}
	return "WITH " + with + `m AS MATERIALIZED (
  SELECT v.id, p.code, v.search_name, v.field_code, v.field_name, v.level, v.subjects, v.unit_keys, t.tier,
      ` + rank + ` AS rank,
      ` + orTrue(b.field) + ` AS f_ok, ` + orTrue(b.level) + ` AS l_ok, ` + orTrue(b.subject) + ` AS s_ok, ` + orTrue(b.unit) + ` AS u_ok
  FROM ` + from + ` JOIN procedures p ON p.id = v.procedure_id CROSS JOIN LATERAL (SELECT ` + tier + ` AS tier) AS t
  WHERE v.status = 'published' AND p.retired_at IS NULL),
page AS (
  SELECT id, code, search_name, tier, rank FROM m
  WHERE f_ok AND l_ok AND s_ok AND u_ok
  ORDER BY rank DESC, search_name, code LIMIT ` + b.arg(limit) + ` OFFSET ` + b.arg(offset) + `),
h AS (SELECT page.*, row_number() OVER (ORDER BY rank DESC, search_name, code) AS ord FROM page)
SELECT 0 AS part, h.ord, 'hit'::text AS kind, h.code AS value, v.name AS label, 0::bigint AS n, v.level,
    v.field_code, v.field_name, array_to_json(v.subjects)::text, array_to_json(v.unit_names)::text,
    v.online_level, v.version, h.tier, h.rank, CASE WHEN h.tier = 1 THEN v.body ELSE '' END AS body
FROM h JOIN procedure_versions v ON v.id = h.id
UNION ALL
SELECT 1, 0, 'total', '', '', count(*), '', '', '', '', '', '', 0, 0, 0, '' FROM m WHERE f_ok AND l_ok AND s_ok AND u_ok
UNION ALL
SELECT 1, 0, 'field', field_code, min(field_name), count(*), '', '', '', '', '', '', 0, 0, 0, ''
FROM m WHERE l_ok AND s_ok AND u_ok GROUP BY field_code
UNION ALL
SELECT 1, 0, 'level', level, '', count(*), '', '', '', '', '', '', 0, 0, 0, '' FROM m WHERE f_ok AND s_ok AND u_ok GROUP BY level
UNION ALL
SELECT 1, 0, 'subject', x.s, '', count(*), '', '', '', '', '', '', 0, 0, 0, ''
FROM (SELECT unnest(subjects) AS s FROM m WHERE f_ok AND l_ok AND u_ok) AS x GROUP BY x.s
UNION ALL
SELECT 1, 0, 'unit', c.k, coalesce(u.name, ''), c.n, '', '', '', '', '', '', 0, 0, 0, ''
FROM (SELECT k, count(*) AS n FROM (SELECT unnest(unit_keys) AS k FROM m WHERE f_ok AND l_ok AND s_ok) AS x GROUP BY k) AS c
LEFT JOIN units u ON u.code = c.k
ORDER BY part, ord`
}

// Search runs a public catalogue query in one statement (hits, total and
// facets). With text, it runs in a read transaction after a first
// statement that folds the text, looks up corrections and switches off
// sequential scans for the transaction.
func (s *CatalogStore) Search(ctx context.Context, q catalog.Query) (catalog.Results, error) {
	page, perPage := pageBounds(q.Page, q.PerPage)
	text := strings.TrimSpace(q.Text)
	var out catalog.Results
	run := func(db *DB, t *searchText) error {
		b := newSearchSQL(q, t)
		r, err := querySearch(ctx, db, b.statement(perPage, (page-1)*perPage), b.args, t)
		if err != nil {
			return fmt.Errorf("search: %w", err)
		}
		out = r
		return nil
	}
	var err error
	if len(foldWords(text)) == 0 {
		err = run(s.db, nil)
	} else {
		err = s.db.InTx(ctx, func(tx *DB) error {
			t, err := foldSearchText(ctx, tx, text)
			if err != nil {
				return err
			}
			if len(t.words) == 0 {
				return run(tx, nil)
			}
			return run(tx, &t)
		})
	}
	if err != nil {
		return catalog.Results{}, err
	}
	out.Page, out.PerPage = page, perPage
	return out, nil
}

func querySearch(ctx context.Context, db *DB, query string, args []any, t *searchText) (catalog.Results, error) {
	var words []string
	if t != nil {
		words = t.words
	}
	rows, err := sqlConn(ctx, db).QueryContext(ctx, query, args...)
	if err != nil {
		return catalog.Results{}, err
	}
	defer rows.Close()
	out := catalog.Results{Items: []catalog.Hit{}}
	f := &out.Facets
	for rows.Next() {
		var (
			part, tier, version             int
			rank                            float64
			ord, n                          int64
			kind, value, label              string
			level, fieldCode, fieldName     string
			subjects, unitNames, online, bd string
		)
		if err := rows.Scan(&part, &ord, &kind, &value, &label, &n, &level, &fieldCode, &fieldName,
			&subjects, &unitNames, &online, &version, &tier, &rank, &bd); err != nil {
			return catalog.Results{}, err
		}
		v := catalog.FacetValue{Value: value, Label: label, Count: int(n)}
		switch kind {
		case "hit":
			h := catalog.Hit{Code: value, Name: label, Level: catalog.Level(level),
				Field: catalog.Field{Code: fieldCode, Name: fieldName}, OnlineLevel: catalog.OnlineLevel(online),
				Version: version, Rank: rank}
			if err := json.Unmarshal([]byte(subjects), &h.Subjects); err != nil {
				return catalog.Results{}, fmt.Errorf("decode subjects of %s: %w", h.Code, err)
			}
			if err := json.Unmarshal([]byte(unitNames), &h.Units); err != nil {
				return catalog.Results{}, fmt.Errorf("decode units of %s: %w", h.Code, err)
			}
			if tier == 1 {
				h.Excerpt = excerpt(bd, h.Name, words)
			}
			out.Items = append(out.Items, h)
		case "total":
			out.Total = v.Count
		case "field":
			f.Fields = append(f.Fields, v)
		case "level":
			f.Levels = append(f.Levels, v)
		case "subject":
			f.Subjects = append(f.Subjects, v)
		case "unit":
			if kind, ok := strings.CutPrefix(v.Value, unitKindKey); ok && v.Label == "" {
				v.Label = kindLabels[kind]
			}
			if v.Label == "" {
				v.Label = v.Value
			}
			f.Units = append(f.Units, v)
		}
	}
	if err := rows.Err(); err != nil {
		return catalog.Results{}, err
	}
	sortByCount(f.Fields)
	sortByCount(f.Units)
	sortByOrder(f.Levels, catalog.Levels)
	sortByOrder(f.Subjects, catalog.Subjects)
	return out, nil
}

// sortByCount orders facet values by count, most first, then by label.
func sortByCount(vs []catalog.FacetValue) {
	slices.SortFunc(vs, func(a, b catalog.FacetValue) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return cmp.Or(strings.Compare(fold(a.Label), fold(b.Label)), strings.Compare(a.Value, b.Value))
	})
}

// sortByOrder orders facet values as order lists them; others go last.
func sortByOrder[T ~string](vs []catalog.FacetValue, order []T) {
	pos := func(v string) int {
		if i := slices.Index(order, T(v)); i >= 0 {
			return i
		}
		return len(order)
	}
	slices.SortStableFunc(vs, func(a, b catalog.FacetValue) int {
		return cmp.Or(pos(a.Value)-pos(b.Value), strings.Compare(a.Value, b.Value))
	})
}

// ---------------------------------------------------------------------------
// Folding and excerpts.

// fold returns s lower-cased and without diacritics, as the database's
// lower(motcua_unaccent(s)) does for Vietnamese.
func fold(s string) string { return catalog.Fold(s) }

// foldWords returns the folded words of s.
func foldWords(s string) []string {
	return strings.FieldsFunc(fold(s), func(r rune) bool { return !catalog.IsWordRune(r) })
}

// excerpt returns about excerptRunes of body around a whole-word
// occurrence of a query word; "" when none occurs. Words the name lacks are
// why the record matched, so the passage goes to the first place where the
// most of them occur together (e.g. "giấy khai sinh" rather than an earlier
// lone "tờ khai"), or failing that to the first query word. The passage
// stays within one line of body and starts and ends at word boundaries.
func excerpt(body, name string, words []string) string {
	inName := map[string]bool{}
	for _, w := range foldWords(name) {
		inName[w] = true
	}
	want, all := map[string]bool{}, map[string]bool{}
	for _, w := range words {
		all[w] = true
		if !inName[w] {
			want[w] = true
		}
	}
	if len(want) == 0 {
		want = all
	}
	toks := foldTokens(body)
	best, bestScore := -1, 0
	for i, t := range toks {
		if !want[t.word] {
			continue
		}
		// Distinct wanted words among the next few tokens.
		seen := map[string]bool{}
		for _, u := range toks[i:min(len(toks), i+len(words)+1)] {
			if want[u.word] {
				seen[u.word] = true
			}
		}
		if len(seen) > bestScore {
			best, bestScore = t.at, len(seen)
		}
	}
	if best < 0 {
		for _, t := range toks {
			if all[t.word] {
				best = t.at
				break
			}
		}
	}
	if best < 0 {
		return ""
	}
	return cutAround(body, best)
}

type foldedToken struct {
	word string // folded
	at   int    // byte offset of its first rune in the original text
}

// foldTokens splits s into folded words, remembering where each began.
func foldTokens(s string) []foldedToken {
	var (
		toks []foldedToken
		cur  []byte
		at   = -1
	)
	flush := func() {
		if at >= 0 && len(cur) > 0 {
			toks = append(toks, foldedToken{word: string(cur), at: at})
		}
		cur, at = cur[:0], -1
	}
	for i, r := range s {
		if !catalog.IsWordRune(r) {
			flush()
			continue
		}
		if at < 0 {
			at = i
		}
		cur = catalog.AppendFold(cur, r)
	}
	flush()
	return toks
}

// cutAround cuts about excerptRunes of the line of body holding byte at,
// starting a third of the way before it, on word boundaries, with "…"
// where text was left out.
func cutAround(body string, at int) string {
	lineStart := strings.LastIndexByte(body[:at], '\n') + 1
	lineEnd := len(body)
	if i := strings.IndexByte(body[at:], '\n'); i >= 0 {
		lineEnd = at + i
	}
	line := []rune(body[lineStart:lineEnd])
	pos := utf8.RuneCountInString(body[lineStart:at])
	start := max(0, pos-excerptRunes/3)
	end := min(len(line), start+excerptRunes)
	start = max(0, min(start, end-excerptRunes))
	if start > 0 {
		// Move to the start of a word, unless that skips the match.
		for i := start; i < pos; i++ {
			if unicode.IsSpace(line[i-1]) && !unicode.IsSpace(line[i]) {
				start = i
				break
			}
		}
	}
	if end < len(line) {
		for i := end; i > pos; i-- {
			if unicode.IsSpace(line[i]) {
				end = i
				break
			}
		}
	}
	out := strings.TrimSpace(string(line[start:end]))
	if start > 0 {
		out = "…" + out
	}
	if end < len(line) {
		out += "…"
	}
	return out
}
