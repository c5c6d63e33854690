package pgstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/document"
)

// The administration of result templates: the list of procedures in force
// with their templates, and seeding without overwriting.

var _ document.TemplateStore = (*DocumentStore)(nil)

// AddResultTemplate stores a template unless the procedure has one.
func (s *DocumentStore) AddResultTemplate(ctx context.Context, procedure string, t document.ResultTemplate, by int64,
	at time.Time) (bool, error) {
	b, err := json.Marshal(t)
	if err != nil {
		return false, err
	}
	res, err := sqlConn(ctx, s.db).ExecContext(ctx, `INSERT INTO result_templates (procedure_code, body, updated_by, updated_at)
		VALUES ($1, $2, $3, $4) ON CONFLICT (procedure_code) DO NOTHING`, procedure, string(b), nullableID(by), dbTime(at))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ResultTemplateList lists the procedures in force by code, each with its
// current name, its first result and its template.
func (s *DocumentStore) ResultTemplateList(ctx context.Context, f document.TemplateFilter) ([]document.TemplateRow, int, error) {
	page, perPage := pageBounds(f.Page, f.PerPage)
	where := []string{"p.retired_at IS NULL"}
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if text := strings.TrimSpace(f.Text); text != "" {
		like := arg("%" + escapeLike(text) + "%")
		where = append(where, "(p.code LIKE "+like+" OR v.search_name LIKE lower(motcua_unaccent("+like+")))")
	}
	if f.With != nil {
		if *f.With {
			where = append(where, "t.procedure_code IS NOT NULL")
		} else {
			where = append(where, "t.procedure_code IS NULL")
		}
	}
	from := `FROM procedures p
		JOIN procedure_versions v ON v.procedure_id = p.id AND v.status = 'published'
		LEFT JOIN result_templates t ON t.procedure_code = p.code
		WHERE ` + strings.Join(where, " AND ")
	conn := sqlConn(ctx, s.db)
	var total int
	if err := conn.QueryRowContext(ctx, "SELECT count(*) "+from, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count result templates: %w", err)
	}
	limit, offset := arg(perPage), arg((page-1)*perPage)
	rows, err := conn.QueryContext(ctx, `SELECT p.code, v.name, coalesce(v.record->'results'->0->>'name', ''),
		t.body, t.updated_at `+from+` ORDER BY p.code LIMIT `+limit+` OFFSET `+offset, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list result templates: %w", err)
	}
	defer rows.Close()
	var out []document.TemplateRow
	for rows.Next() {
		var (
			r       document.TemplateRow
			body    []byte
			updated sql.NullTime
		)
		if err := rows.Scan(&r.Code, &r.Name, &r.ResultName, &body, &updated); err != nil {
			return nil, 0, err
		}
		if body != nil {
			var t document.ResultTemplate
			if err := json.Unmarshal(body, &t); err != nil {
				return nil, 0, fmt.Errorf("result template %s: %w", r.Code, err)
			}
			r.HasTemplate, r.Title, r.Symbol, r.UpdatedAt = true, t.Title, t.Symbol, utcTime(updated.Time)
		}
		out = append(out, r)
	}
	return out, total, rows.Err()
}
