package dossier

import (
	"context"
	"errors"
	"regexp"
	"strings"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/valid"
)

// MaxFound is how many dossiers a search by applicant lists.
const MaxFound = 50

var (
	codeLike       = regexp.MustCompile(`^[0-9A-Za-z.]+-\d{6}-\d{4}$`)
	identifierLike = regexp.MustCompile(`^(\d{12}|\d{10}(-\d{3})?)$`)
)

// Find is a staff member's search for a dossier their unit handles: by
// its code (the one dossier, or none), or by the applicant's personal ID
// or tax code (their dossiers at the unit, newest first, at most
// MaxFound). Anything else is refused as a field error on "q"; dossiers
// of other units are never found.
func (s *Service) Find(ctx context.Context, actor account.User, q string) ([]Dossier, error) {
	if !actor.Role.Staff() || actor.Role == account.RoleAdmin || actor.UnitID == 0 {
		return nil, ErrForbidden // as staffSees: administrators handle no dossiers
	}
	q = strings.TrimSpace(q)
	switch {
	case codeLike.MatchString(q):
		d, err := s.d.Store.Dossier(ctx, strings.ToUpper(q), false)
		if errors.Is(err, ErrNotFound) || (err == nil && !staffSees(actor, d)) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		return []Dossier{d}, nil
	case identifierLike.MatchString(q):
		return s.d.Store.ApplicantDossiersAt(ctx, q, actor.UnitID, MaxFound)
	}
	return nil, valid.Errors{{Field: "q", Key: "find.error.query"}}
}
