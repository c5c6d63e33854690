-- +goose Up
-- The procedure catalogue: procedures (one row per national code), their
-- numbered versions (the record as JSON plus columns derived from it for
-- filtering and search) and the blank forms they offer for download.
--
-- Search folds Vietnamese text to unaccented lower case. The store builds the
-- plain text in Go and calls motcua_unaccent in its INSERT/UPDATE, and the
-- search query folds the visitor's words with the same function, so rows and
-- queries always agree. The default unaccent rules map đ/Đ to d/D (checked on
-- PostgreSQL 15), so no extra translate() is needed.
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

-- unaccent() is only STABLE (its dictionary could change), which keeps it out
-- of index expressions. Naming the dictionary and the
-- schema explicitly makes the result independent of search_path, so the
-- wrapper may honestly be declared IMMUTABLE.
-- +goose StatementBegin
CREATE FUNCTION motcua_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
-- +goose StatementEnd

CREATE TABLE procedures (
    id              bigserial   PRIMARY KEY,
    code            text        NOT NULL UNIQUE CHECK (code ~ '^[0-9]\.[0-9]{6}$'),
    -- Number of the published version; NULL until the first publication.
    current_version integer,
    retired_at      timestamptz,
    retired_reason  text        NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE procedure_versions (
    id           bigserial   PRIMARY KEY,
    procedure_id bigint      NOT NULL REFERENCES procedures (id) ON DELETE CASCADE,
    version      integer     NOT NULL CHECK (version > 0),
    status       text        NOT NULL CHECK (status IN ('draft', 'published', 'superseded')),
    record       jsonb       NOT NULL,
    -- Denormalised from record for filters and result lists.
    name         text        NOT NULL,
    level        text        NOT NULL,
    field_code   text        NOT NULL,
    field_name   text        NOT NULL,
    subjects     text[]      NOT NULL DEFAULT '{}',
    -- Each agency's unit code, plus 'kind:<kind>' for an agency standing for
    -- every unit of a kind (e.g. 'kind:commune').
    unit_keys    text[]      NOT NULL DEFAULT '{}',
    -- Names of the implementing agencies, as shown in result lists.
    unit_names   text[]      NOT NULL DEFAULT '{}',
    online_level text        NOT NULL,
    -- Everything else a citizen reads, as published (accented), one part a
    -- line; search excerpts are cut from it.
    body         text        NOT NULL DEFAULT '',
    -- lower(motcua_unaccent(name)) and lower(motcua_unaccent(body)).
    search_name  text        NOT NULL,
    search_body  text        NOT NULL,
    -- search_name with weight A, search_body with weight B ('simple' config).
    search_doc   tsvector    NOT NULL,
    -- The distinct words (lexemes) of search_name: search ranks and checks
    -- name matches on these rather than on the large, TOASTed search_doc.
    name_words   text[]      NOT NULL DEFAULT '{}',
    created_by   bigint      REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_by bigint      REFERENCES users (id),
    published_at timestamptz,
    UNIQUE (procedure_id, version),
    CHECK ((status = 'draft') = (published_at IS NULL))
);
-- At most one draft and one published version per procedure.
CREATE UNIQUE INDEX procedure_versions_one_draft ON procedure_versions (procedure_id) WHERE status = 'draft';
CREATE UNIQUE INDEX procedure_versions_one_published ON procedure_versions (procedure_id) WHERE status = 'published';
-- Full text. Not partial, unlike the filter indexes below: search finds candidates with
-- a query that does not mention status, so that this is the only index the
-- planner can use for it (a "full scan" of a partial index with @@ as a
-- filter would decompress every row's search_doc); see CatalogStore.Search.
CREATE INDEX procedure_versions_search_doc_idx ON procedure_versions USING gin (search_doc);
-- Typo matches on the name (name_words && corrections); not partial either,
-- for the same reason.
CREATE INDEX procedure_versions_name_words_idx ON procedure_versions USING gin (name_words);
-- There is no trigram index on search_name: typo tolerance corrects words
-- against procedure_words instead (see CatalogStore.Search for why).
-- Filters and ordering of the public catalogue, which only ever shows
-- published versions.
CREATE INDEX procedure_versions_search_name_idx ON procedure_versions (search_name) WHERE status = 'published';
CREATE INDEX procedure_versions_field_idx ON procedure_versions (field_code) WHERE status = 'published';
CREATE INDEX procedure_versions_level_idx ON procedure_versions (level) WHERE status = 'published';
CREATE INDEX procedure_versions_subjects_idx ON procedure_versions USING gin (subjects) WHERE status = 'published';
CREATE INDEX procedure_versions_unit_keys_idx ON procedure_versions USING gin (unit_keys) WHERE status = 'published';

-- The vocabulary: every word (lexeme) of every published version. Search
-- corrects a query word the catalogue does not have to a vocabulary word one
-- edit away; candidates share the first letter and have a similar length, or
-- share trigrams.
CREATE TABLE procedure_words (
    word text PRIMARY KEY
);
CREATE INDEX procedure_words_first_idx ON procedure_words (left(word, 1), length(word));
CREATE INDEX procedure_words_trgm_idx ON procedure_words USING gin (word gin_trgm_ops);

-- Blank forms (mẫu đơn, tờ khai) named by the records' documents and results.
CREATE TABLE procedure_files (
    id           bigserial   PRIMARY KEY,
    procedure_id bigint      NOT NULL REFERENCES procedures (id) ON DELETE CASCADE,
    name         text        NOT NULL CHECK (name <> ''),
    content_type text        NOT NULL,
    sha256       text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    data         bytea       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (procedure_id, name)
);

-- +goose Down
DROP TABLE procedure_files;
DROP TABLE procedure_words;
DROP TABLE procedure_versions;
DROP TABLE procedures;
DROP FUNCTION motcua_unaccent(text);
-- The extensions stay: later migrations may rely on them, and dropping an
-- extension another object uses would fail anyway.
