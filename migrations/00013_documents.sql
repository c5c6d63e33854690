-- +goose Up
-- Documents issued on dossiers: the one-stop shop's forms (receipt,
-- request to supplement, refusal, apology, control slip) and the results
-- of procedures, each a PDF kept in the file store with its SHA-256. A
-- result carries a short verification code anyone can check; a leader may
-- revoke it, and a later result may replace it.

CREATE TABLE documents (
    id          bigserial   PRIMARY KEY,
    public_id   text        NOT NULL UNIQUE,
    dossier_id  bigint      NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
    kind        text        NOT NULL,
    -- The event that issued it (e.g. the job's key): issuing twice for
    -- the same event (a retried job) finds the first.
    source_key  text        NOT NULL,
    title       text        NOT NULL,
    -- Number and symbol as printed ("12/GTN"); '' for unnumbered kinds.
    number      text        NOT NULL DEFAULT '',
    unit_id     bigint      NOT NULL REFERENCES units (id),
    -- Results only: the code printed under the QR code.
    verify_code text        UNIQUE,
    sha256      bytea       NOT NULL CHECK (length(sha256) = 32),
    size        bigint      NOT NULL CHECK (size > 0),
    storage_key text        NOT NULL,
    issued_at   timestamptz NOT NULL,
    issued_by   bigint      REFERENCES users (id),
    revoked_at  timestamptz,
    revoked_by  bigint      REFERENCES users (id),
    revoke_reason text      NOT NULL DEFAULT '',
    replaced_by bigint      REFERENCES documents (id),
    UNIQUE (dossier_id, kind, source_key),
    CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);
CREATE INDEX documents_dossier_idx ON documents (dossier_id, id);
CREATE INDEX documents_sha256_idx ON documents (sha256);

-- The last number given per issuing unit, kind and year (numbers start
-- again at 1 each year, as administrative documents do).
CREATE TABLE document_counters (
    unit_id bigint  NOT NULL REFERENCES units (id),
    kind    text    NOT NULL,
    year    integer NOT NULL,
    last    integer NOT NULL,
    PRIMARY KEY (unit_id, kind, year)
);

-- A procedure's result document: its title, legal bases and the answers
-- it prints, set by administrators (the catalogue's result name and the
-- e-form's key answers otherwise).
CREATE TABLE result_templates (
    procedure_code text        PRIMARY KEY,
    body           jsonb       NOT NULL,
    updated_by     bigint      REFERENCES users (id),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE result_templates;
DROP TABLE document_counters;
DROP TABLE documents;
