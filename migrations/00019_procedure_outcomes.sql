-- +goose Up
-- A procedure's page says how its dossiers fared over the last year (how
-- many were decided, how many on time): read by index, finished ones only.
CREATE INDEX dossiers_finished_idx ON dossiers (procedure_code, finished_at) INCLUDE (timeliness)
    WHERE finished_at IS NOT NULL;

-- +goose Down
DROP INDEX dossiers_finished_idx;
