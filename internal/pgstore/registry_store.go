package pgstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/motcua/motcua/internal/dossier"
)

// RegistryStore is the local stand-in for the national population and
// business registries, seeded with demo records: it implements
// dossier.Registry. A real integration would be another implementation;
// callers do not change.
type RegistryStore struct{ db *DB }

// NewRegistryStore builds a RegistryStore.
func NewRegistryStore(db *DB) *RegistryStore { return &RegistryStore{db: db} }

var _ dossier.Registry = (*RegistryStore)(nil)

// Person returns a population record by personal ID.
func (s *RegistryStore) Person(ctx context.Context, personalID string) (dossier.Person, error) {
	var (
		p     dossier.Person
		birth sql.NullTime
		addr  []byte
	)
	err := sqlConn(ctx, s.db).QueryRowContext(ctx, `SELECT personal_id, full_name, birth_date, gender, ethnicity,
		nationality, permanent_address FROM registry_persons WHERE personal_id = $1`, personalID).
		Scan(&p.PersonalID, &p.FullName, &birth, &p.Gender, &p.Ethnicity, &p.Nationality, &addr)
	if errors.Is(err, sql.ErrNoRows) {
		return dossier.Person{}, dossier.ErrNotFound
	}
	if err != nil {
		return dossier.Person{}, err
	}
	if birth.Valid {
		p.BirthDate = birth.Time.Format("2006-01-02")
	}
	if err := json.Unmarshal(addr, &p.PermanentAddress); err != nil {
		return dossier.Person{}, fmt.Errorf("registry person address: %w", err)
	}
	return p, nil
}

// Business returns a business record by tax code.
func (s *RegistryStore) Business(ctx context.Context, taxCode string) (dossier.Business, error) {
	var (
		b       dossier.Business
		founded sql.NullTime
		addr    []byte
	)
	err := sqlConn(ctx, s.db).QueryRowContext(ctx, `SELECT tax_code, name, address, legal_representative, founded
		FROM registry_businesses WHERE tax_code = $1`, taxCode).Scan(&b.TaxCode, &b.Name, &addr, &b.LegalRepresentative, &founded)
	if errors.Is(err, sql.ErrNoRows) {
		return dossier.Business{}, dossier.ErrNotFound
	}
	if err != nil {
		return dossier.Business{}, err
	}
	if founded.Valid {
		b.Founded = founded.Time.Format("2006-01-02")
	}
	if err := json.Unmarshal(addr, &b.Address); err != nil {
		return dossier.Business{}, fmt.Errorf("registry business address: %w", err)
	}
	return b, nil
}

// UpsertPeople writes population records (the demo seed), returning how
// many were added or changed.
func (s *RegistryStore) UpsertPeople(ctx context.Context, people []dossier.Person) (int, error) {
	n := 0
	for _, p := range people {
		addr, err := jsonText(p.PermanentAddress)
		if err != nil {
			return n, err
		}
		res, err := sqlConn(ctx, s.db).ExecContext(ctx, `INSERT INTO registry_persons (personal_id, full_name, birth_date,
			gender, ethnicity, nationality, permanent_address) VALUES ($1, $2, NULLIF($3, '')::date, $4, $5, $6, $7)
			ON CONFLICT (personal_id) DO UPDATE SET full_name = EXCLUDED.full_name, birth_date = EXCLUDED.birth_date,
			gender = EXCLUDED.gender, ethnicity = EXCLUDED.ethnicity, nationality = EXCLUDED.nationality,
			permanent_address = EXCLUDED.permanent_address
			WHERE (registry_persons.full_name, registry_persons.birth_date, registry_persons.gender, registry_persons.ethnicity,
			registry_persons.nationality, registry_persons.permanent_address) IS DISTINCT FROM (EXCLUDED.full_name,
			EXCLUDED.birth_date, EXCLUDED.gender, EXCLUDED.ethnicity, EXCLUDED.nationality, EXCLUDED.permanent_address)`,
			p.PersonalID, p.FullName, p.BirthDate, p.Gender, p.Ethnicity, p.Nationality, addr)
		if err != nil {
			return n, fmt.Errorf("registry person %s: %w", p.PersonalID, err)
		}
		k, _ := res.RowsAffected()
		n += int(k)
	}
	return n, nil
}

// UpsertBusinesses writes business records (the demo seed), returning how
// many were added or changed.
func (s *RegistryStore) UpsertBusinesses(ctx context.Context, list []dossier.Business) (int, error) {
	n := 0
	for _, b := range list {
		addr, err := jsonText(b.Address)
		if err != nil {
			return n, err
		}
		res, err := sqlConn(ctx, s.db).ExecContext(ctx, `INSERT INTO registry_businesses (tax_code, name, address,
			legal_representative, founded) VALUES ($1, $2, $3, $4, NULLIF($5, '')::date)
			ON CONFLICT (tax_code) DO UPDATE SET name = EXCLUDED.name, address = EXCLUDED.address,
			legal_representative = EXCLUDED.legal_representative, founded = EXCLUDED.founded
			WHERE (registry_businesses.name, registry_businesses.address, registry_businesses.legal_representative,
			registry_businesses.founded) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.address, EXCLUDED.legal_representative,
			EXCLUDED.founded)`, b.TaxCode, b.Name, addr, b.LegalRepresentative, b.Founded)
		if err != nil {
			return n, fmt.Errorf("registry business %s: %w", b.TaxCode, err)
		}
		k, _ := res.RowsAffected()
		n += int(k)
	}
	return n, nil
}
