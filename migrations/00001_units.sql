-- +goose Up
-- Organisation units: the province's committee, its offices and departments,
-- the police, and every commune with its reception centre. code is the
-- QCVN 102:2016-style electronic identifier (xxx.xx.xx.Hnn).
CREATE TABLE units (
    id          bigserial PRIMARY KEY,
    code        text        NOT NULL UNIQUE,
    name        text        NOT NULL,
    short_name  text        NOT NULL DEFAULT '',
    kind        text        NOT NULL CHECK (kind IN ('province', 'office', 'service_centre', 'department', 'police', 'commune', 'commune_centre')),
    parent_id   bigint      REFERENCES units (id),
    admin_code  text        NOT NULL DEFAULT '',
    reception   boolean     NOT NULL DEFAULT false,
    active      boolean     NOT NULL DEFAULT true,
    sort_order  integer     NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX units_parent_idx ON units (parent_id);

-- +goose Down
DROP TABLE units;
