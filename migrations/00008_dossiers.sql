-- +goose Up
-- Dossiers (hồ sơ) and everything that leads to one: the demo registries
-- that prefill e-forms, drafts saved page by page, attachments, the daily
-- per-unit counter behind dossier codes, and each dossier's timeline.

-- The local population and business registries (stand-ins for the national
-- databases; a real integration replaces the store, not the callers).
CREATE TABLE registry_persons (
    personal_id       text PRIMARY KEY CHECK (personal_id ~ '^[0-9]{12}$'),
    full_name         text NOT NULL,
    birth_date        date,
    gender            text NOT NULL DEFAULT '',
    ethnicity         text NOT NULL DEFAULT '',
    nationality       text NOT NULL DEFAULT '',
    permanent_address jsonb NOT NULL DEFAULT '{}'
);
CREATE TABLE registry_businesses (
    tax_code             text PRIMARY KEY CHECK (tax_code ~ '^[0-9]{10}(-[0-9]{3})?$'),
    name                 text NOT NULL,
    address              jsonb NOT NULL DEFAULT '{}',
    legal_representative text NOT NULL DEFAULT '',
    founded              date
);

-- A dossier being written. owner_id is whoever edits it: the applicant
-- online, the clerk at the desk (desk = true, applicant typed in). The
-- procedure version and the e-form version are fixed when it starts.
CREATE TABLE drafts (
    id                bigserial   PRIMARY KEY,
    public_id         text        NOT NULL UNIQUE,
    owner_id          bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    desk              boolean     NOT NULL DEFAULT false,
    procedure_code    text        NOT NULL REFERENCES procedures (code),
    procedure_version integer     NOT NULL,
    case_no           integer     NOT NULL CHECK (case_no >= 0),
    form_version      integer     NOT NULL,
    competent_unit_id bigint      REFERENCES units (id),
    applicant         jsonb       NOT NULL DEFAULT '{}',
    answers           jsonb       NOT NULL DEFAULT '{}',
    prefilled         jsonb       NOT NULL DEFAULT '{}',
    delivery          jsonb       NOT NULL DEFAULT '{}',
    -- Set in the transaction that submits the draft: a second submit finds
    -- the dossier instead of making another.
    dossier_id        bigint,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX drafts_owner_idx ON drafts (owner_id, updated_at DESC);
CREATE INDEX drafts_updated_idx ON drafts (updated_at);

-- Per receiving unit and day (Asia/Ho_Chi_Minh), the last dossier number
-- given. Incremented in the submitting transaction, so numbers have no
-- gaps (a rolled-back submission gives its number back) and no duplicates
-- (the row lock serialises submissions to one unit on one day).
CREATE TABLE dossier_counters (
    unit_id bigint  NOT NULL REFERENCES units (id),
    day     date    NOT NULL,
    last    integer NOT NULL,
    PRIMARY KEY (unit_id, day)
);

CREATE TABLE dossiers (
    id                bigserial   PRIMARY KEY,
    code              text        NOT NULL UNIQUE,
    procedure_code    text        NOT NULL REFERENCES procedures (code),
    procedure_version integer     NOT NULL,
    procedure_name    text        NOT NULL,
    case_no           integer     NOT NULL,
    form_version      integer     NOT NULL,
    -- The account owning the dossier; NULL for a walk-in applicant without
    -- one until they register with the same personal ID or tax code.
    applicant_id      bigint      REFERENCES users (id),
    applicant         jsonb       NOT NULL,
    applicant_pid     text        NOT NULL DEFAULT '', -- personal ID or tax code, for linking
    channel           smallint    NOT NULL CHECK (channel BETWEEN 1 AND 3),
    status            smallint    NOT NULL CHECK (status BETWEEN 1 AND 10),
    receiving_unit_id bigint      NOT NULL REFERENCES units (id),
    competent_unit_id bigint      NOT NULL REFERENCES units (id),
    returning_unit_id bigint      NOT NULL REFERENCES units (id),
    answers           jsonb       NOT NULL,
    prefilled         jsonb       NOT NULL DEFAULT '{}',
    delivery          jsonb       NOT NULL,
    summary           text        NOT NULL DEFAULT '',
    lookup_secret     text        NOT NULL CHECK (length(lookup_secret) >= 6),
    created_by        bigint      REFERENCES users (id),
    submitted_at      timestamptz NOT NULL,
    received_at       timestamptz,
    due_at            timestamptz,
    finished_at       timestamptz,
    returned_at       timestamptz,
    withdrawn_at      timestamptz,
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dossiers_applicant_idx ON dossiers (applicant_id, submitted_at DESC);
CREATE INDEX dossiers_unlinked_idx ON dossiers (applicant_pid) WHERE applicant_id IS NULL;
CREATE INDEX dossiers_receiving_idx ON dossiers (receiving_unit_id, status);
CREATE INDEX dossiers_competent_idx ON dossiers (competent_unit_id, status);
ALTER TABLE drafts ADD CONSTRAINT drafts_dossier_fk FOREIGN KEY (dossier_id) REFERENCES dossiers (id);

-- What the dossier was submitted under, never changed afterwards: the
-- procedure record and the e-form definition.
CREATE TABLE dossier_snapshots (
    dossier_id bigint PRIMARY KEY REFERENCES dossiers (id) ON DELETE CASCADE,
    procedure  jsonb  NOT NULL,
    form       jsonb  NOT NULL
);

-- Files. A row belongs to a draft until submission, then to the dossier.
-- storage_key names the bytes in the file store; a reused document is a new
-- row sharing the key, so the bytes go only when no row names them.
CREATE TABLE attachments (
    id             bigserial   PRIMARY KEY,
    public_id      text        NOT NULL UNIQUE,
    draft_id       bigint      REFERENCES drafts (id) ON DELETE SET NULL,
    dossier_id     bigint      REFERENCES dossiers (id),
    owner_id       bigint      REFERENCES users (id),
    uploaded_by    bigint      REFERENCES users (id),
    slot           text        NOT NULL,
    document_index integer     NOT NULL DEFAULT -1,
    name           text        NOT NULL,
    file_type      text        NOT NULL CHECK (file_type IN ('pdf', 'jpeg', 'png', 'doc', 'docx', 'xls', 'xlsx')),
    size           bigint      NOT NULL CHECK (size > 0),
    sha256         text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    storage_key    text        NOT NULL,
    digitised      boolean     NOT NULL DEFAULT false,
    reused_from    bigint      REFERENCES attachments (id) ON DELETE SET NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (draft_id IS NOT NULL OR dossier_id IS NOT NULL OR owner_id IS NOT NULL)
);
CREATE INDEX attachments_draft_idx ON attachments (draft_id);
CREATE INDEX attachments_dossier_idx ON attachments (dossier_id);
CREATE INDEX attachments_owner_idx ON attachments (owner_id, created_at DESC) WHERE dossier_id IS NOT NULL;
CREATE INDEX attachments_key_idx ON attachments (storage_key);

-- The dossier's timeline: every status change and action, who and when.
CREATE TABLE dossier_events (
    id          bigserial   PRIMARY KEY,
    dossier_id  bigint      NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
    at          timestamptz NOT NULL,
    actor_id    bigint      REFERENCES users (id),
    action      text        NOT NULL,
    status_from smallint,
    status_to   smallint,
    note        text        NOT NULL DEFAULT '',
    -- Whether the applicant sees it (internal hand-overs are staff-only).
    public      boolean     NOT NULL DEFAULT true
);
CREATE INDEX dossier_events_dossier_idx ON dossier_events (dossier_id, at, id);

-- +goose Down
DROP TABLE dossier_events;
DROP TABLE attachments;
DROP TABLE dossier_snapshots;
ALTER TABLE drafts DROP CONSTRAINT drafts_dossier_fk;
DROP TABLE dossiers;
DROP TABLE dossier_counters;
DROP TABLE drafts;
DROP TABLE registry_businesses;
DROP TABLE registry_persons;
