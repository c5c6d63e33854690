-- +goose Up
-- E-form definitions (tờ khai điện tử): numbered versions of the form of one
-- case (0-based index into the procedure record's cases) of one procedure,
-- each the whole definition as JSON, read and written whole like procedure
-- versions (see doc/adr/0003).
--
-- revision changes with every write to a row (each save of a draft, its
-- publication), taking a number from one sequence, so two writes never
-- leave the same revision behind. Editors send back the revision they
-- loaded: a draft keeps its version number while it is edited, so the
-- version alone cannot tell that someone else saved in between.
CREATE SEQUENCE eform_revision_seq;

CREATE TABLE eform_versions (
    id             bigserial   PRIMARY KEY,
    -- No cascade: a procedure row is only ever deleted while it has no
    -- published version, and an e-form needs one; should that change,
    -- deleting a procedure with e-forms fails rather than losing them.
    procedure_code text        NOT NULL REFERENCES procedures (code),
    case_no        integer     NOT NULL CHECK (case_no >= 0),
    version        integer     NOT NULL CHECK (version > 0),
    status         text        NOT NULL CHECK (status IN ('draft', 'published', 'superseded')),
    definition     jsonb       NOT NULL,
    revision       bigint      NOT NULL DEFAULT nextval('eform_revision_seq'),
    created_by     bigint      REFERENCES users (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    published_by   bigint      REFERENCES users (id),
    published_at   timestamptz,
    UNIQUE (procedure_code, case_no, version),
    CHECK ((status = 'draft') = (published_at IS NULL))
);
-- At most one draft and one published version per case.
CREATE UNIQUE INDEX eform_versions_one_draft ON eform_versions (procedure_code, case_no) WHERE status = 'draft';
CREATE UNIQUE INDEX eform_versions_one_published ON eform_versions (procedure_code, case_no) WHERE status = 'published';

-- +goose Down
DROP TABLE eform_versions;
DROP SEQUENCE eform_revision_seq;
