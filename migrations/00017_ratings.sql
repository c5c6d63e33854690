-- +goose Up
-- The applicant's satisfaction with a finished dossier (one rating a
-- dossier), for the service index (Decision 766/QĐ-TTg): 4 very satisfied,
-- 3 satisfied, 2 neutral, 1 dissatisfied, with an optional comment. The
-- units that received and decided the dossier and its procedure are copied
-- in, so a unit's or a procedure's summary reads its own ratings by index.
CREATE TABLE dossier_ratings (
    dossier_id        bigint      PRIMARY KEY REFERENCES dossiers (id) ON DELETE CASCADE,
    user_id           bigint      NOT NULL REFERENCES users (id),
    receiving_unit_id bigint      NOT NULL REFERENCES units (id),
    competent_unit_id bigint      NOT NULL REFERENCES units (id),
    procedure_code    text        NOT NULL,
    score             smallint    NOT NULL CHECK (score BETWEEN 1 AND 4),
    comment           text        NOT NULL DEFAULT '',
    created_at        timestamptz NOT NULL
);
CREATE INDEX dossier_ratings_receiving_idx ON dossier_ratings (receiving_unit_id, created_at);
CREATE INDEX dossier_ratings_competent_idx ON dossier_ratings (competent_unit_id, created_at);
CREATE INDEX dossier_ratings_procedure_idx ON dossier_ratings (procedure_code, created_at);

-- +goose Down
DROP TABLE dossier_ratings;
