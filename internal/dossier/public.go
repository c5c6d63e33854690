package dossier

import "context"

// PublicFacts are what anyone checking a document issued on a dossier may
// learn of the dossier: the procedure it belongs to, never its applicant.
type PublicFacts struct {
	ProcedureCode string
	ProcedureName string
}

// PublicFacts returns the public facts of a dossier by its id (for the
// verification of its documents), or ErrNotFound.
func (s *Service) PublicFacts(ctx context.Context, id int64) (PublicFacts, error) {
	d, err := s.d.Store.DossierByID(ctx, id)
	if err != nil {
		return PublicFacts{}, err
	}
	return PublicFacts{ProcedureCode: d.Procedure, ProcedureName: d.ProcedureName}, nil
}
