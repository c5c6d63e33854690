-- +goose Up
-- A number that moves whenever the catalogue may have changed: any
-- transaction writing procedures, procedure_versions or units bumps it once
-- (statement triggers, so an import from another process counts too). Search caches
-- compare it with the number they last read and forget their results when
-- it moved.
CREATE TABLE catalog_generation (
    id         boolean PRIMARY KEY DEFAULT true CHECK (id),
    generation bigint  NOT NULL
);
INSERT INTO catalog_generation (generation) VALUES (1);

-- +goose StatementBegin
CREATE FUNCTION motcua_catalog_changed() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    -- Once per transaction: a bulk import runs thousands of statements, and
    -- updating one row that often in one transaction makes each update walk
    -- a longer chain of row versions (quadratic). The setting is local to
    -- the transaction and undone with a rolled-back savepoint, like the
    -- update itself.
    IF current_setting('motcua.catalog_bumped', true) IS DISTINCT FROM txid_current()::text THEN
        UPDATE catalog_generation SET generation = generation + 1;
        PERFORM set_config('motcua.catalog_bumped', txid_current()::text, true);
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER catalog_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON procedures
    FOR EACH STATEMENT EXECUTE FUNCTION motcua_catalog_changed();
CREATE TRIGGER catalog_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON procedure_versions
    FOR EACH STATEMENT EXECUTE FUNCTION motcua_catalog_changed();
CREATE TRIGGER catalog_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON units
    FOR EACH STATEMENT EXECUTE FUNCTION motcua_catalog_changed();

-- +goose Down
DROP TRIGGER catalog_changed ON units;
DROP TRIGGER catalog_changed ON procedure_versions;
DROP TRIGGER catalog_changed ON procedures;
DROP FUNCTION motcua_catalog_changed();
DROP TABLE catalog_generation;
