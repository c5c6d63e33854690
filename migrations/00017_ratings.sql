-- +goose Up
-- The applicant's satisfaction with a finished dossier (one rating a
-- dossier), for the service index (Decision 766/QĐ-TTg): 4 very satisfied,
-- 3 satisfied, 2 neutral, 1 dissatisfied, with an optional comment.
CREATE TABLE dossier_ratings (
    dossier_id bigint      PRIMARY KEY REFERENCES dossiers (id) ON DELETE CASCADE,
    user_id    bigint      NOT NULL REFERENCES users (id),
    score      smallint    NOT NULL CHECK (score BETWEEN 1 AND 4),
    comment    text        NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL
);

-- +goose Down
DROP TABLE dossier_ratings;
