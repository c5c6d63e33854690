-- +goose Up
-- Processing: where each dossier is in its internal process, the hand-over
-- history (the process control slip, Mẫu 05), clock pauses, the jobs the
-- background worker runs, and the events that notifications are made from.

ALTER TABLE dossiers
    -- The internal process version the dossier follows (0: none, e.g. a
    -- dossier submitted before processes existed).
    ADD COLUMN workflow_version integer     NOT NULL DEFAULT 0,
    -- The current step ('' once processing has ended), the unit and role
    -- whose queue holds it, since when, and the step's own due instant.
    ADD COLUMN step             text        NOT NULL DEFAULT '',
    ADD COLUMN step_unit_id     bigint      REFERENCES units (id),
    ADD COLUMN step_role        text        NOT NULL DEFAULT '',
    ADD COLUMN step_since       timestamptz,
    ADD COLUMN step_due_at      timestamptz,
    -- Whoever took the dossier to work on it (others see it is taken).
    ADD COLUMN claimed_by       bigint      REFERENCES users (id),
    ADD COLUMN claimed_at       timestamptz,
    -- How the overall due instant was reached (segments, skipped days).
    ADD COLUMN due_explanation  jsonb       NOT NULL DEFAULT '{}',
    -- A new appointment promised in an approved apology (Mẫu 04).
    ADD COLUMN apology_due_at   timestamptz,
    -- Supplement requests during processing (the law allows one).
    ADD COLUMN supplements      integer     NOT NULL DEFAULT 0,
    -- Reception asked the applicant to complete the file (status stays 1).
    ADD COLUMN awaiting_applicant boolean   NOT NULL DEFAULT false,
    -- early / on_time / late, once a result is ready.
    ADD COLUMN timeliness       text        NOT NULL DEFAULT '',
    -- Bumped by every processing write: an action prepared from an older
    -- state is refused and prepared again (optimistic concurrency).
    ADD COLUMN revision         integer     NOT NULL DEFAULT 0;

-- Queues: a unit's dossiers for a role, by due instant, with the columns
-- the tabs count and filter on, so counting reads the index only.
CREATE INDEX dossiers_queue_idx ON dossiers (step_unit_id, step_role, step_due_at)
    INCLUDE (status, channel, procedure_code, claimed_by, due_at)
    WHERE step <> '';

-- One row per step a dossier has been at: the process control slip.
CREATE TABLE dossier_steps (
    id          bigserial   PRIMARY KEY,
    dossier_id  bigint      NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
    step        text        NOT NULL,
    step_name   text        NOT NULL,
    unit_id     bigint      REFERENCES units (id),
    role        text        NOT NULL,
    mode        text        NOT NULL,
    started_at  timestamptz NOT NULL,
    due_at      timestamptz,
    finished_at timestamptz,
    actor_id    bigint      REFERENCES users (id),
    action      text        NOT NULL DEFAULT '',
    target      text        NOT NULL DEFAULT '',
    -- early / on_time / late against due_at, when finished.
    timeliness  text        NOT NULL DEFAULT '',
    -- 'person', or 'rule' when the system decided (automatic steps, or a
    -- semi-automatic proposal confirmed unchanged).
    decided_by  text        NOT NULL DEFAULT '',
    -- What the system found at a semi-automatic or automatic step, and the
    -- action it proposes from that.
    findings    jsonb       NOT NULL DEFAULT '[]',
    proposal    text        NOT NULL DEFAULT '',
    note        text        NOT NULL DEFAULT ''
);
CREATE INDEX dossier_steps_dossier_idx ON dossier_steps (dossier_id, id);
CREATE INDEX dossier_steps_unit_idx ON dossier_steps (unit_id, started_at);

-- Clock pauses: a supplement request or a payment request, with the due
-- instant before and after.
CREATE TABLE dossier_pauses (
    id           bigserial   PRIMARY KEY,
    dossier_id   bigint      NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
    kind         text        NOT NULL CHECK (kind IN ('supplement', 'payment')),
    started_at   timestamptz NOT NULL,
    ended_at     timestamptz,
    reason       text        NOT NULL,
    amount       bigint      NOT NULL DEFAULT 0,
    requested_by bigint      REFERENCES users (id),
    resolved_by  bigint      REFERENCES users (id),
    due_before   timestamptz,
    due_after    timestamptz
);
CREATE INDEX dossier_pauses_dossier_idx ON dossier_pauses (dossier_id, id);
CREATE UNIQUE INDEX dossier_pauses_open_idx ON dossier_pauses (dossier_id) WHERE ended_at IS NULL;

-- Apologies for a dossier that will be late (Mẫu 04): proposed by the
-- processing unit with a new appointment, approved by its leader before the
-- due instant passes.
CREATE TABLE dossier_apologies (
    id          bigserial   PRIMARY KEY,
    dossier_id  bigint      NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
    reason      text        NOT NULL,
    new_due_at  timestamptz NOT NULL,
    proposed_by bigint      NOT NULL REFERENCES users (id),
    proposed_at timestamptz NOT NULL,
    approved_by bigint      REFERENCES users (id),
    approved_at timestamptz
);
CREATE INDEX dossier_apologies_dossier_idx ON dossier_apologies (dossier_id, id);

-- Work for the background worker (automatic steps; later notifications).
-- Claimed with FOR UPDATE SKIP LOCKED, so several instances share it; the
-- key makes enqueuing the same work twice a no-op.
CREATE TABLE jobs (
    id          bigserial   PRIMARY KEY,
    kind        text        NOT NULL,
    key         text        NOT NULL,
    dossier_id  bigint      REFERENCES dossiers (id) ON DELETE CASCADE,
    payload     jsonb       NOT NULL DEFAULT '{}',
    run_at      timestamptz NOT NULL,
    attempts    integer     NOT NULL DEFAULT 0,
    last_error  text        NOT NULL DEFAULT '',
    -- A worker that took the job holds it until then; after a crash the
    -- lease runs out and another takes it (work is idempotent).
    locked_until timestamptz,
    done_at     timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (kind, key)
);
CREATE INDEX jobs_due_idx ON jobs (run_at) WHERE done_at IS NULL;

-- What happened to dossiers that someone may need to be told about,
-- written in the same transaction as the change (the outbox).
CREATE TABLE outbox_events (
    id         bigserial   PRIMARY KEY,
    dossier_id bigint      NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
    kind       text        NOT NULL,
    payload    jsonb       NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    handled_at timestamptz
);
CREATE INDEX outbox_events_pending_idx ON outbox_events (id) WHERE handled_at IS NULL;

-- +goose Down
DROP TABLE outbox_events;
DROP TABLE jobs;
DROP TABLE dossier_apologies;
DROP TABLE dossier_pauses;
DROP TABLE dossier_steps;
DROP INDEX dossiers_queue_idx;
ALTER TABLE dossiers
    DROP COLUMN workflow_version, DROP COLUMN step, DROP COLUMN step_unit_id, DROP COLUMN step_role,
    DROP COLUMN step_since, DROP COLUMN step_due_at, DROP COLUMN claimed_by, DROP COLUMN claimed_at,
    DROP COLUMN due_explanation, DROP COLUMN apology_due_at, DROP COLUMN supplements,
    DROP COLUMN awaiting_applicant, DROP COLUMN timeliness, DROP COLUMN revision;
