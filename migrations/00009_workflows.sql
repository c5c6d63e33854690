-- +goose Up
-- Internal processes (quy trình nội bộ): numbered versions of the flow of
-- one case (0-based index into the procedure record's cases) of one
-- procedure, each the whole flow as JSON (steps, units, roles, modes,
-- budgets, actions), read and written whole like e-forms (see
-- doc/adr/0004 and 0005). A dossier keeps the version it started with, so
-- versions are never deleted once published.
--
-- revision changes with every write to a row, as for e-forms: editors
-- send back the revision they loaded.
CREATE SEQUENCE workflow_revision_seq;

CREATE TABLE workflow_versions (
    id             bigserial   PRIMARY KEY,
    -- No cascade, as for e-forms: deleting a procedure with processes
    -- fails rather than losing them.
    procedure_code text        NOT NULL REFERENCES procedures (code),
    case_no        integer     NOT NULL CHECK (case_no >= 0),
    version        integer     NOT NULL CHECK (version > 0),
    status         text        NOT NULL CHECK (status IN ('draft', 'published', 'superseded')),
    flow           jsonb       NOT NULL,
    revision       bigint      NOT NULL DEFAULT nextval('workflow_revision_seq'),
    created_by     bigint      REFERENCES users (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    published_by   bigint      REFERENCES users (id),
    published_at   timestamptz,
    UNIQUE (procedure_code, case_no, version),
    CHECK ((status = 'draft') = (published_at IS NULL))
);
-- At most one draft and one published version per case.
CREATE UNIQUE INDEX workflow_versions_one_draft ON workflow_versions (procedure_code, case_no) WHERE status = 'draft';
CREATE UNIQUE INDEX workflow_versions_one_published ON workflow_versions (procedure_code, case_no) WHERE status = 'published';

-- +goose Down
DROP TABLE workflow_versions;
DROP SEQUENCE workflow_revision_seq;
