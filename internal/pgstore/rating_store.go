package pgstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/motcua/motcua/internal/dossier"
)

// AddRating stores a dossier's rating, once.
func (s *DossierStore) AddRating(ctx context.Context, r dossier.Rating) error {
	_, err := sqlConn(ctx, s.db).ExecContext(ctx, `INSERT INTO dossier_ratings (dossier_id, user_id, score, comment, created_at)
		VALUES ($1, $2, $3, $4, $5)`, r.DossierID, r.UserID, int(r.Score), r.Comment, dbTime(r.CreatedAt))
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
