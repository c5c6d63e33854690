-- +goose Up
-- Staff find a unit's dossiers by the applicant's personal ID or tax code
-- (someone at the desk asking about their dossiers), newest first.
CREATE INDEX dossiers_pid_idx ON dossiers (applicant_pid, submitted_at DESC) WHERE applicant_pid <> '';

-- +goose Down
DROP INDEX dossiers_pid_idx;
