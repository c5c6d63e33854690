-- +goose Up
-- Three small changes found by trying the portal (issue 11, points 13, 17
-- and 19).

-- A delivery may have been only written to the log: no mail server or SMS
-- gateway is configured, so nobody received it ('logged', never 'sent').
ALTER TABLE deliveries DROP CONSTRAINT deliveries_status_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_status_check
    CHECK (status IN ('queued', 'sent', 'logged', 'failed'));

-- The pages say why and until when a dossier waits for the system at its
-- step: its pending jobs are read by dossier.
CREATE INDEX jobs_pending_dossier_idx ON jobs (dossier_id) WHERE done_at IS NULL;

-- How a unit takes fees (until online payment comes): by bank transfer and
-- at its counter. A dossier asked to pay (status 6) shows them.
CREATE TABLE unit_payment_details (
    unit_id         bigint      PRIMARY KEY REFERENCES units (id) ON DELETE CASCADE,
    account_holder  text        NOT NULL DEFAULT '',
    bank            text        NOT NULL DEFAULT '',
    account_number  text        NOT NULL DEFAULT '',
    -- The transfer content to write; {code} stands for the dossier code.
    transfer_note   text        NOT NULL DEFAULT '',
    counter_address text        NOT NULL DEFAULT '',
    counter_hours   text        NOT NULL DEFAULT '',
    updated_by      bigint      REFERENCES users (id),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE unit_payment_details;
DROP INDEX jobs_pending_dossier_idx;
UPDATE deliveries SET status = 'sent' WHERE status = 'logged';
ALTER TABLE deliveries DROP CONSTRAINT deliveries_status_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_status_check
    CHECK (status IN ('queued', 'sent', 'failed'));
