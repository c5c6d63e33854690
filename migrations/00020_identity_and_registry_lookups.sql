-- +goose Up
-- A personal ID or tax code typed at registration is a claim, not a proof.
-- identity_verified says the account's identity was checked (the national
-- identity, a clerk with the person in front of them; the demo accounts are
-- seeded so): only then are the national registries read to prefill its
-- forms.
ALTER TABLE users ADD COLUMN identity_verified boolean NOT NULL DEFAULT false;

-- Every read of a national registry: when, who asked (NULL: the system, in
-- an automatic check), which registry, the personal ID or tax code looked
-- up, and for which draft (its public id: drafts are deleted, the record
-- stays) or dossier. Nothing of the record read is kept.
CREATE TABLE registry_lookups (
    id         bigserial   PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT now(),
    actor_id   bigint      REFERENCES users (id),
    registry   text        NOT NULL CHECK (registry IN ('population', 'business')),
    subject    text        NOT NULL,
    purpose    text        NOT NULL CHECK (purpose IN ('prefill', 'check')),
    draft      text        NOT NULL DEFAULT '',
    dossier_id bigint      REFERENCES dossiers (id),
    CHECK (draft <> '' OR dossier_id IS NOT NULL)
);
-- "Who looked up my record?" (a person's right of access) and the lookups
-- of one dossier.
CREATE INDEX registry_lookups_subject_idx ON registry_lookups (subject, at);
CREATE INDEX registry_lookups_dossier_idx ON registry_lookups (dossier_id) WHERE dossier_id IS NOT NULL;

-- +goose Down
DROP TABLE registry_lookups;
ALTER TABLE users DROP COLUMN identity_verified;
