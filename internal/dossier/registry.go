package dossier

import (
	"context"
	"time"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/eform"
)

// Why a national registry is read.
const (
	LookupPrefill = "prefill" // filling a draft's empty fields
	LookupCheck   = "check"   // an automatic step comparing the applicant
)

// RegistryLookup is one read of a national registry, recorded before it
// is made: who asked (0: the system), which registry, the personal ID or
// tax code looked up, and for which draft (its public id) or dossier.
// Nothing of the record read is kept.
type RegistryLookup struct {
	At        time.Time
	ActorID   int64
	Registry  string // eform.RegistryPopulation or eform.RegistryBusiness
	Subject   string
	Purpose   string // LookupPrefill or LookupCheck
	Draft     string
	DossierID int64
}

// MayReadRegistries reports whether the national registries may prefill
// the draft d for u: a clerk at the desk, who has the person in front of
// them, or an applicant whose identity was verified. A personal ID typed
// at registration is a claim, not a proof: without a verified identity
// anyone could read another person's record by registering with their ID.
func MayReadRegistries(u account.User, d Draft) bool {
	if d.Desk {
		return u.Role == account.RoleClerk
	}
	return u.IdentityVerified && (u.Role == account.RoleCitizen || u.Role == account.RoleBusiness)
}

// RegistryWithheld reports whether page has fields the registries would
// fill that stay empty for u (MayReadRegistries), for the page to say how
// to have them filled.
func RegistryWithheld(u account.User, d Draft, page eform.Page) bool {
	if MayReadRegistries(u, d) {
		return false
	}
	for _, fl := range page.Fields() {
		if readsRegistry(fl.Source) {
			return true
		}
		for _, sf := range fl.Fields {
			if readsRegistry(sf.Source) {
				return true
			}
		}
	}
	return false
}

// readsRegistry reports whether a field's source is read from a national
// registry: the population or business registry, or the applicant's birth
// date, which accounts do not keep (accountValue).
func readsRegistry(source string) bool {
	switch eform.SourceRegistry(source) {
	case eform.RegistryPopulation, eform.RegistryBusiness:
		return true
	}
	return source == eform.RegistryAccount+".birth_date"
}

// readPerson reads the population registry for l (Subject the personal ID),
// recording the read first; a read that cannot be recorded is not made.
func (s *Service) readPerson(ctx context.Context, l RegistryLookup) (Person, error) {
	l.Registry = eform.RegistryPopulation
	if err := s.recordLookup(ctx, l); err != nil {
		return Person{}, err
	}
	return s.d.Registry.Person(ctx, l.Subject)
}

// readBusiness reads the business registry as readPerson does the population one.
func (s *Service) readBusiness(ctx context.Context, l RegistryLookup) (Business, error) {
	l.Registry = eform.RegistryBusiness
	if err := s.recordLookup(ctx, l); err != nil {
		return Business{}, err
	}
	return s.d.Registry.Business(ctx, l.Subject)
}

func (s *Service) recordLookup(ctx context.Context, l RegistryLookup) error {
	if s.d.Registry == nil || l.Subject == "" {
		return ErrNotFound
	}
	l.At = s.d.Now()
	return s.d.Store.RecordRegistryLookup(ctx, l)
}
