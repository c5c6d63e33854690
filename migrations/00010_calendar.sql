-- +goose Up
-- The deadline engine's data (internal/calendar, internal/worktime): the
-- table of days off and swapped working days, each with its legal basis; the
-- province's default working sessions and same-day cut-off; and a unit's own
-- sessions where they differ. The CHECKs repeat the rules calendar.NewTable
-- applies, so what is stored always builds a table.
CREATE TABLE calendar_days (
    day        date        PRIMARY KEY,
    kind       text        NOT NULL CHECK (kind IN ('off', 'work')),
    name       text        NOT NULL CHECK (btrim(name) <> ''),
    basis      text        NOT NULL CHECK (btrim(basis) <> ''),
    updated_by bigint      REFERENCES users (id),
    updated_at timestamptz NOT NULL DEFAULT now(),
    -- Weekdays are working days already: only a Saturday or a Sunday can be
    -- made a working day (làm bù).
    CHECK (kind <> 'work' OR extract(isodow FROM day) IN (6, 7))
);

-- Sessions are written as calendar.ParseSessions reads them:
-- "07:30-11:30,13:00-17:00"; the service checks they add up to 8 hours.
CREATE TABLE calendar_settings (
    id         boolean     PRIMARY KEY DEFAULT true CHECK (id),
    sessions   text        NOT NULL CHECK (sessions ~ '^[0-9]{2}:[0-9]{2}-[0-9]{2}:[0-9]{2}(,[0-9]{2}:[0-9]{2}-[0-9]{2}:[0-9]{2})*$'),
    cutoff     text        NOT NULL CHECK (cutoff ~ '^[0-9]{2}:[0-9]{2}$'),
    updated_by bigint      REFERENCES users (id),
    updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO calendar_settings (sessions, cutoff) VALUES ('07:30-11:30,13:00-17:00', '15:00');

-- NULL: the unit works the province's default sessions.
ALTER TABLE units ADD COLUMN sessions text
    CHECK (sessions ~ '^[0-9]{2}:[0-9]{2}-[0-9]{2}:[0-9]{2}(,[0-9]{2}:[0-9]{2}-[0-9]{2}:[0-9]{2})*$');

-- The calendar's generation number, the catalogue's mechanism (00006): any
-- transaction writing calendar_days, calendar_settings or units bumps it
-- once, so calendar caches in every instance see an edit, a seed or a new
-- unit within their refresh interval.
CREATE TABLE calendar_generation (
    id         boolean PRIMARY KEY DEFAULT true CHECK (id),
    generation bigint  NOT NULL
);
INSERT INTO calendar_generation (generation) VALUES (1);

-- +goose StatementBegin
CREATE FUNCTION motcua_calendar_changed() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    -- Once per transaction, as motcua_catalog_changed: seeding a year writes
    -- dozens of rows in one transaction.
    IF current_setting('motcua.calendar_bumped', true) IS DISTINCT FROM txid_current()::text THEN
        UPDATE calendar_generation SET generation = generation + 1;
        PERFORM set_config('motcua.calendar_bumped', txid_current()::text, true);
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER calendar_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calendar_days
    FOR EACH STATEMENT EXECUTE FUNCTION motcua_calendar_changed();
CREATE TRIGGER calendar_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calendar_settings
    FOR EACH STATEMENT EXECUTE FUNCTION motcua_calendar_changed();
-- Units: a unit's sessions, and units added or removed (the cache knows
-- every unit, so an unknown one is reported as such).
CREATE TRIGGER calendar_changed AFTER INSERT OR UPDATE OF sessions, code OR DELETE OR TRUNCATE ON units
    FOR EACH STATEMENT EXECUTE FUNCTION motcua_calendar_changed();

-- +goose Down
DROP TRIGGER calendar_changed ON units;
DROP TRIGGER calendar_changed ON calendar_settings;
DROP TRIGGER calendar_changed ON calendar_days;
DROP FUNCTION motcua_calendar_changed();
DROP TABLE calendar_generation;
ALTER TABLE units DROP COLUMN sessions;
DROP TABLE calendar_settings;
DROP TABLE calendar_days;
