-- +goose Up
-- Queues that stay fast with 100,000 dossiers at one unit (ADR 8).
--
-- A queue is sorted by the dossier's due instant in the queue: its step's,
-- else the overall one, the instant the "soon" and "overdue" tabs and the
-- "due within" filter compare. With that instant in the index key after
-- the unit and the role, each tab is one contiguous range of the index,
-- read in order, and a page is the first entries of its range. The other
-- columns the filters test are included, so finding a page's ids and
-- counting a range read the index only; the page's rows are then fetched
-- by id.
DROP INDEX dossiers_queue_idx;
CREATE INDEX dossiers_queue_idx ON dossiers (step_unit_id, step_role, (coalesce(step_due_at, due_at)), id)
    INCLUDE (status, channel, procedure_code, claimed_by, step_due_at, due_at)
    WHERE step <> '';
-- The same per procedure: a rare procedure's page without walking the
-- whole queue.
CREATE INDEX dossiers_queue_procedure_idx ON dossiers (step_unit_id, step_role, procedure_code,
    (coalesce(step_due_at, due_at)), id)
    INCLUDE (status, channel, claimed_by, step_due_at, due_at)
    WHERE step <> '';
-- What each staff member has taken (the "mine" tab).
CREATE INDEX dossiers_claims_idx ON dossiers (claimed_by, step_unit_id, step_role, (coalesce(step_due_at, due_at)), id)
    INCLUDE (status, channel, procedure_code, step_due_at, due_at)
    WHERE step <> '' AND claimed_by IS NOT NULL;

-- How many dossiers wait at each unit for each role, by status, channel
-- and procedure: the "all" and "paused" tabs of a queue, with any of those
-- filters, are a sum over a few hundred rows instead of a count over the
-- whole queue. Kept by the triggers below in the transaction that changes
-- the dossiers, so a count always matches the dossiers in the same
-- snapshot.
CREATE TABLE queue_counts (
    unit_id        bigint   NOT NULL REFERENCES units (id),
    role           text     NOT NULL,
    status         smallint NOT NULL,
    channel        smallint NOT NULL,
    procedure_code text     NOT NULL,
    n              bigint   NOT NULL,
    PRIMARY KEY (unit_id, role, status, channel, procedure_code)
);
INSERT INTO queue_counts (unit_id, role, status, channel, procedure_code, n)
    SELECT step_unit_id, step_role, status, channel, procedure_code, count(*)
    FROM dossiers WHERE step <> '' AND step_unit_id IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5;

-- How many of them fall due in each hour (UTC), by status and channel.
-- Dossiers due before an instant are the hours before its own plus the
-- dossiers of its hour due before it: the "soon" and "overdue" tabs and
-- the "due within" filter read the hours (a few thousand rows at most)
-- and one hour of the index at each end, not every overdue dossier. Hours
-- whose count falls to zero are deleted, so past hours do not pile up.
CREATE TABLE queue_due_counts (
    unit_id  bigint      NOT NULL REFERENCES units (id),
    role     text        NOT NULL,
    due_hour timestamptz NOT NULL,
    status   smallint    NOT NULL,
    channel  smallint    NOT NULL,
    n        bigint      NOT NULL,
    PRIMARY KEY (unit_id, role, due_hour, status, channel)
);
INSERT INTO queue_due_counts (unit_id, role, due_hour, status, channel, n)
    SELECT step_unit_id, step_role, date_trunc('hour', coalesce(step_due_at, due_at), 'UTC'), status, channel, count(*)
    FROM dossiers WHERE step <> '' AND step_unit_id IS NOT NULL AND coalesce(step_due_at, due_at) IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5;

-- +goose StatementBegin
CREATE FUNCTION motcua_queue_count() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    -- Statement triggers with transition tables: a statement changing many
    -- dossiers (a bulk load, an import) updates each count once, not once
    -- per dossier. Counts change in key order, queue_counts first, so two
    -- statements moving dossiers between the same groups in opposite
    -- directions lock the rows in the same order and cannot deadlock. Each
    -- trigger runs its own branch: the others name transition tables it
    -- does not have.
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM queue_counts;
        DELETE FROM queue_due_counts;
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO queue_counts AS c (unit_id, role, status, channel, procedure_code, n)
            SELECT step_unit_id, step_role, status, channel, procedure_code, count(*)
            FROM new_rows WHERE step <> '' AND step_unit_id IS NOT NULL
            GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
            ON CONFLICT (unit_id, role, status, channel, procedure_code) DO UPDATE SET n = c.n + excluded.n;
        INSERT INTO queue_due_counts AS c (unit_id, role, due_hour, status, channel, n)
            SELECT step_unit_id, step_role, date_trunc('hour', coalesce(step_due_at, due_at), 'UTC'), status, channel, count(*)
            FROM new_rows WHERE step <> '' AND step_unit_id IS NOT NULL AND coalesce(step_due_at, due_at) IS NOT NULL
            GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
            ON CONFLICT (unit_id, role, due_hour, status, channel) DO UPDATE SET n = c.n + excluded.n;
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        INSERT INTO queue_counts AS c (unit_id, role, status, channel, procedure_code, n)
            SELECT step_unit_id, step_role, status, channel, procedure_code, -count(*)
            FROM old_rows WHERE step <> '' AND step_unit_id IS NOT NULL
            GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
            ON CONFLICT (unit_id, role, status, channel, procedure_code) DO UPDATE SET n = c.n + excluded.n;
        INSERT INTO queue_due_counts AS c (unit_id, role, due_hour, status, channel, n)
            SELECT step_unit_id, step_role, date_trunc('hour', coalesce(step_due_at, due_at), 'UTC'), status, channel, -count(*)
            FROM old_rows WHERE step <> '' AND step_unit_id IS NOT NULL AND coalesce(step_due_at, due_at) IS NOT NULL
            GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
            ON CONFLICT (unit_id, role, due_hour, status, channel) DO UPDATE SET n = c.n + excluded.n;
    ELSE
        -- Most updates leave the grouping columns alone: no delta, no write.
        INSERT INTO queue_counts AS c (unit_id, role, status, channel, procedure_code, n)
            SELECT unit_id, role, status, channel, procedure_code, sum(d) FROM (
                SELECT step_unit_id AS unit_id, step_role AS role, status, channel, procedure_code, -1 AS d
                    FROM old_rows WHERE step <> '' AND step_unit_id IS NOT NULL
                UNION ALL
                SELECT step_unit_id, step_role, status, channel, procedure_code, 1
                    FROM new_rows WHERE step <> '' AND step_unit_id IS NOT NULL
            ) x GROUP BY 1, 2, 3, 4, 5 HAVING sum(d) <> 0 ORDER BY 1, 2, 3, 4, 5
            ON CONFLICT (unit_id, role, status, channel, procedure_code) DO UPDATE SET n = c.n + excluded.n;
        INSERT INTO queue_due_counts AS c (unit_id, role, due_hour, status, channel, n)
            SELECT unit_id, role, due_hour, status, channel, sum(d) FROM (
                SELECT step_unit_id AS unit_id, step_role AS role,
                    date_trunc('hour', coalesce(step_due_at, due_at), 'UTC') AS due_hour, status, channel, -1 AS d
                    FROM old_rows WHERE step <> '' AND step_unit_id IS NOT NULL AND coalesce(step_due_at, due_at) IS NOT NULL
                UNION ALL
                SELECT step_unit_id, step_role, date_trunc('hour', coalesce(step_due_at, due_at), 'UTC'), status, channel, 1
                    FROM new_rows WHERE step <> '' AND step_unit_id IS NOT NULL AND coalesce(step_due_at, due_at) IS NOT NULL
            ) x GROUP BY 1, 2, 3, 4, 5 HAVING sum(d) <> 0 ORDER BY 1, 2, 3, 4, 5
            ON CONFLICT (unit_id, role, due_hour, status, channel) DO UPDATE SET n = c.n + excluded.n;
    END IF;
    -- Only a decrement empties an hour.
    DELETE FROM queue_due_counts c USING old_rows o
        WHERE c.n = 0 AND o.step <> '' AND c.unit_id = o.step_unit_id AND c.role = o.step_role
            AND c.due_hour = date_trunc('hour', coalesce(o.step_due_at, o.due_at), 'UTC') AND c.status = o.status
            AND c.channel = o.channel;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER queue_count_insert AFTER INSERT ON dossiers
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION motcua_queue_count();
CREATE TRIGGER queue_count_update AFTER UPDATE ON dossiers
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION motcua_queue_count();
CREATE TRIGGER queue_count_delete AFTER DELETE ON dossiers
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION motcua_queue_count();
CREATE TRIGGER queue_count_truncate AFTER TRUNCATE ON dossiers
    FOR EACH STATEMENT EXECUTE FUNCTION motcua_queue_count();

-- +goose Down
DROP TRIGGER queue_count_truncate ON dossiers;
DROP TRIGGER queue_count_delete ON dossiers;
DROP TRIGGER queue_count_update ON dossiers;
DROP TRIGGER queue_count_insert ON dossiers;
DROP FUNCTION motcua_queue_count();
DROP TABLE queue_due_counts;
DROP TABLE queue_counts;
DROP INDEX dossiers_claims_idx;
DROP INDEX dossiers_queue_procedure_idx;
DROP INDEX dossiers_queue_idx;
CREATE INDEX dossiers_queue_idx ON dossiers (step_unit_id, step_role, step_due_at)
    INCLUDE (status, channel, procedure_code, claimed_by, due_at)
    WHERE step <> '';
