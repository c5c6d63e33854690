package pgstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/motcua/motcua/internal/dossier"
)

// AddRating stores a dossier's rating, once.
func (s *DossierStore) AddRating(ctx context.Context, r dossier.Rating) error {
	_, err := sqlConn(ctx, s.db).ExecContext(ctx, `INSERT INTO dossier_ratings (dossier_id, user_id, receiving_unit_id,
		competent_unit_id, procedure_code, score, comment, created_at)
		SELECT id, $2, receiving_unit_id, competent_unit_id, procedure_code, $3, $4, $5 FROM dossiers WHERE id = $1`,
		r.DossierID, r.UserID, int(r.Score), r.Comment, dbTime(r.CreatedAt))
	if _, ok := uniqueViolation(err); ok {
		return dossier.ErrRated
	}
	return err
}

// RatingFor reads a dossier's rating.
func (s *DossierStore) RatingFor(ctx context.Context, dossierID int64) (dossier.Rating, error) {
	r := dossier.Rating{DossierID: dossierID}
	var score int
	err := sqlConn(ctx, s.db).QueryRowContext(ctx, `SELECT user_id, score, comment, created_at FROM dossier_ratings
		WHERE dossier_id = $1`, dossierID).Scan(&r.UserID, &score, &r.Comment, &r.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return r, dossier.ErrNotFound
	}
	r.Score = dossier.Score(score)
	return r, err
}

// RatingCounts counts by score the ratings given since a time to the
// dossiers a unit received or decided.
func (s *DossierStore) RatingCounts(ctx context.Context, unitID int64, since time.Time) (map[dossier.Score]int, error) {
	rows, err := sqlConn(ctx, s.db).QueryContext(ctx, `SELECT score, count(*) FROM dossier_ratings
		WHERE (receiving_unit_id = $1 OR competent_unit_id = $1) AND created_at >= $2
		GROUP BY score`, unitID, dbTime(since))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[dossier.Score]int{}
	for rows.Next() {
		var score, n int
		if err := rows.Scan(&score, &n); err != nil {
			return nil, err
		}
		out[dossier.Score(score)] = n
	}
	return out, rows.Err()
}

// ProcedureOutcomes counts a procedure's dossiers decided since a time and
// how many of them on time or early, and the ratings given since then and
// how many of them satisfied or very satisfied.
func (s *DossierStore) ProcedureOutcomes(ctx context.Context, code string, since time.Time) (dossier.ProcStats, error) {
	var st dossier.ProcStats
	c := sqlConn(ctx, s.db)
	err := c.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE timeliness IN ('early', 'on_time'))
		FROM dossiers WHERE procedure_code = $1 AND finished_at IS NOT NULL AND finished_at >= $2`,
		code, dbTime(since)).Scan(&st.Decided, &st.OnTime)
	if err != nil {
		return st, err
	}
	err = c.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE score >= 3) FROM dossier_ratings
		WHERE procedure_code = $1 AND created_at >= $2`, code, dbTime(since)).Scan(&st.Ratings, &st.Satisfied)
	return st, err
}
