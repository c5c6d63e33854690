package dossier

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/valid"
)

// Score is an applicant's satisfaction, on the scale the service index
// counts: 4 very satisfied, 3 satisfied, 2 neutral, 1 dissatisfied.
type Score int

// Scores, best first (the order the form offers them).
var Scores = []Score{4, 3, 2, 1}

// Valid reports whether s is on the scale.
func (s Score) Valid() bool { return s >= 1 && s <= 4 }

// LabelKey is the message-catalogue key of the score's name.
func (s Score) LabelKey() string { return "rating.score." + string(rune('0'+int(s))) }

// MaxRatingComment is the longest comment, in characters.
const MaxRatingComment = 1000

// Rating is what the applicant thought of the handling of their dossier.
type Rating struct {
	DossierID int64
	UserID    int64
	Score     Score
	Comment   string
	CreatedAt time.Time
}

// ErrRated: the dossier has its rating already.
var ErrRated = errors.New("dossier: already rated")

// CanRate reports whether viewer may rate d now: its applicant, once the
// handling is over with an outcome they received (the result returned,
// the dossier refused or stopped).
func CanRate(viewer account.User, d Dossier) bool {
	return viewer.ID != 0 && viewer.ID == d.ApplicantID &&
		(d.Status == StatusReturned || d.Status == StatusRefused || d.Status == StatusStopped)
}

// Rate records the applicant's rating of a dossier, once.
func (s *Service) Rate(ctx context.Context, actor account.User, code string, score Score, comment string) (Rating, error) {
	d, err := s.d.Store.Dossier(ctx, code, false)
	if err != nil {
		return Rating{}, err
	}
	if d.ApplicantID == 0 || d.ApplicantID != actor.ID {
		return Rating{}, ErrNotFound
	}
	if !CanRate(actor, d) {
		return Rating{}, ErrState
	}
	comment = strings.TrimSpace(comment)
	var errs valid.Errors
	if !score.Valid() {
		errs.Add("score", "rating.error.score")
	}
	if utf8.RuneCountInString(comment) > MaxRatingComment {
		errs.Add("comment", "rating.error.comment_long", MaxRatingComment)
	}
	if len(errs) > 0 {
		return Rating{}, errs
	}
	r := Rating{DossierID: d.ID, UserID: actor.ID, Score: score, Comment: comment, CreatedAt: s.d.Now()}
	return r, s.d.Store.AddRating(ctx, r)
}

// RatingOf returns a dossier's rating for someone who may see the dossier
// (ErrNotFound when there is none yet).
func (s *Service) RatingOf(ctx context.Context, viewer account.User, d Dossier) (Rating, error) {
	if !CanSee(viewer, d) {
		return Rating{}, ErrNotFound
	}
	return s.d.Store.RatingFor(ctx, d.ID)
}

// Satisfaction sums up the ratings of the dossiers a unit received or
// decided: how many of each score.
type Satisfaction struct {
	Counts map[Score]int
	Total  int
}

// Satisfied is the share of ratings that are satisfied or very satisfied,
// in percent (0 without ratings).
func (s Satisfaction) Satisfied() float64 {
	if s.Total == 0 {
		return 0
	}
	return float64(s.Counts[4]+s.Counts[3]) * 100 / float64(s.Total)
}

// SatisfactionOver sums up the ratings given over the last days to the
// dossiers actor's unit received or decided; staff of a unit only.
func (s *Service) SatisfactionOver(ctx context.Context, actor account.User, days int) (Satisfaction, error) {
	if !actor.Role.Staff() || actor.UnitID == 0 {
		return Satisfaction{}, ErrNotAllowed
	}
	counts, err := s.d.Store.RatingCounts(ctx, actor.UnitID, s.d.Now().AddDate(0, 0, -days))
	if err != nil {
		return Satisfaction{}, err
	}
	out := Satisfaction{Counts: counts}
	for _, n := range counts {
		out.Total += n
	}
	return out, nil
}
